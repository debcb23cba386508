"""checker list --year: the 審議案件一覧 of a 年度 (№, 事業名, 担当課, 区分, 付議日, 審議結果)."""
from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_OK
from . import Result


def command(year: str, root=None) -> Result:
    from ..input.corpus import list_rows, load_year
    from ..report.model import ListReport

    return Result(ListReport(list_rows(load_year(year, Path(root) if root else None))), EXIT_OK)
