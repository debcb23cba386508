"""checker convert IN OUT: a case file from YAML to a workbook (.xlsx) or back; the output's extension chooses.

The input is read and validated as `checker check` reads it (any error: its lines, exit 2, nothing written); its data is
then written in the other form: read back, it gives the same data, so the same facts and the same verdicts. 出典 and 出所
(a corpus case's) are carried, on 概要; YAML comments are not (docs/case-format.md). 前回の案件 (a place relative to the
case file) is rewritten relative to the output when it goes to another folder (rebased). An existing output is never replaced
without --force; a missing folder is an input error unless --mkdir. The file is written through a temporary file beside
it (report.output), so a failure leaves nothing half-written.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_OK, InputError
from . import Result, write_file

EXTENSIONS = {".yaml": "yaml", ".yml": "yaml", ".xlsx": "xlsx"}
WHAT = {"yaml": "YAML の案件ファイル", "xlsx": "Excel のブック"}


def rebased(data: dict, src: Path, out: Path) -> dict:
    """The data with 前回の案件 (a place relative to the case file's folder) rewritten relative to the output's folder, so
    that the converted file names the same predecessor; unchanged when both are in the same folder."""
    import os

    from ..input.loader import PREDECESSOR_KEY

    here, there = os.path.abspath(src.parent), os.path.abspath(out.parent)
    if here == there:
        return data
    target = os.path.normpath(os.path.join(here, str(data[PREDECESSOR_KEY])))
    return {**data, PREDECESSOR_KEY: Path(os.path.relpath(target, there)).as_posix()}


def command(source: str, output: str, *, force: bool = False, mkdir: bool = False) -> Result:
    from ..input.loader import case_from_data, check_predecessor, read_case_data

    src, out = Path(source), Path(output)
    for p in (src, out):
        if p.suffix.lower() not in EXTENSIONS:
            raise InputError(str(p), None, f"拡張子「{p.suffix or '（なし）'}」の案件ファイルは変換できません", "・".join(EXTENSIONS))
    kind_in, kind_out = EXTENSIONS[src.suffix.lower()], EXTENSIONS[out.suffix.lower()]
    if (out.exists() or out.is_symlink()) and not force:
        raise InputError(output, None, "すでにあります。上書きしません（上書きするなら --force）")
    data, where = read_case_data(src)
    case = case_from_data(data, where, str(src))  # nothing that does not load is converted
    if check_predecessor(case, where, str(src)) is not None:
        data = rebased(data, src, out)
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
