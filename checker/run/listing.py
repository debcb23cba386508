"""checker list --year: the 審議案件一覧 of a 年度 (№, 事業名, 担当課, 区分, 付議日, 審議結果)."""
from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_OK
from . import Result


def command(year: str, root=None) -> Result:
    from ..input.corpus import MEETINGS_FILE, list_rows, load_year, year_dir
    from ..report.model import ListReport

    root = Path(root) if root else None
    rows = list_rows(load_year(year, root))
    return Result(ListReport(rows, source=str(year_dir(year, root) / MEETINGS_FILE)), EXIT_OK)
