"""checker convert IN OUT: a case file from YAML to a workbook (.xlsx) or back; the output's extension chooses.

The input is read and validated as `checker check` reads it (any error: its lines, exit 2, nothing written); its data is
then written in the other form: read back, it gives the same data, so the same facts and the same verdicts. 出典 and 出所
(a corpus case's) are carried, on 概要; YAML comments are not (docs/case-format.md). An existing output is never replaced
without --force; a missing folder is an input error unless --mkdir. The file is written through a temporary file beside
it (report.output), so a failure leaves nothing half-written.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_OK, InputError
from . import Result, write_file

EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}
WHAT = {"yaml": "YAML の案件ファイル", "xlsx": "Excel のブック"}


def command(source: str, output: str, *, force: bool = False, mkdir: bool = False) -> Result:
    from ..input.loader import case_from_data, read_case_data

    src, out = Path(source), Path(output)
    for p in (src, out):
        if p.suffix.lower() not in EXTENSIONS:
            raise InputError(str(p), None, f"拡張子「{p.suffix or '（なし）'}」の案件ファイルは変換できません", "・".join(EXTENSIONS))
    kind_in, kind_out = EXTENSIONS[src.suffix.lower()], EXTENSIONS[out.suffix.lower()]
    if (out.exists() or out.is_symlink()) and not force:
        raise InputError(output, None, "すでにあります。上書きしません（上書きするなら --force）")
    data, where = read_case_data(src)
    case_from_data(data, where, str(src))  # nothing that does not load is converted
    shown = f"checker convert {src.name}"
    if kind_out == "xlsx":
        from ..report.case_workbook import render_case_xlsx

        try:
            chunks = [render_case_xlsx(data, shown)]
        except ValueError as e:  # a text longer than a cell holds
            raise InputError(str(src), None, f"ブックに書けません: {e}") from None
    else:
        from ..report.case_yaml import render_case_yaml

        chunks = [render_case_yaml(data, shown)]
    write_file(output, chunks, mkdir=mkdir)
    note = "（YAML のコメントは移さない）" if kind_in == "yaml" and kind_out == "xlsx" else ""
    return Result(None, EXIT_OK, summary=f"{out}: {src} を {WHAT[kind_out]}にしました{note}。checker check {out} で確かめられます")
