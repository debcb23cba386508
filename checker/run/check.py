"""checker check FILE…: a department's self-check of one or more case files; --annotate: each case's verdicts written back
into a copy of its workbook (annotate)."""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from . import Result, exit_code, load_book, write_file

ANNOTATED = "_判定"  # 案件.xlsx → 案件_判定.xlsx beside it


def annotated_path(file: str) -> Path:
    p = Path(file)
    return p.with_name(f"{p.stem}{ANNOTATED}.xlsx")


def annotate(file: str, detail) -> Path:
    """The case's workbook (a YAML case converted to one) with its verdicts: a 判定 sheet, and each cell that decided a
    不適合 or that a 要確認 lacks marked, with the message and the remedy in a comment (report.annotation). Written
    beside the input as <name>_判定.xlsx, atomically; the input itself is never written."""
    import tempfile

    from ..input.loader import read_case_data
    from ..input.workbook import read_workbook
    from ..report.annotation import annotate as write
    from ..report.model import legend, MARK_NOTES
    from ..verdict import NA

    src = Path(file)
    out = annotated_path(file)
    if src.suffix.lower() == ".xlsx":  # read again for the places of its cells (only under --annotate)
        book = src.read_bytes()
        _, cells = read_workbook(src)
    else:  # a YAML case: its workbook first (checker convert), then the places of its cells in that workbook
        from ..report.case_workbook import render_case_xlsx

        data, _ = read_case_data(src)
        try:
            book = render_case_xlsx(data, f"checker check {src.name} --annotate")
        except ValueError as e:  # a text longer than a cell holds
            raise InputError(file, None, f"ブックに書けません（--annotate）: {e}") from None
        with tempfile.TemporaryDirectory() as d:
            tmp = Path(d) / "case.xlsx"
            tmp.write_bytes(book)
            _, cells = read_workbook(tmp)
    shown = {m for v in detail.verdicts if v.verdict != NA for m in MARK_NOTES if m in v.cite + v.label}
    write_file(out, [write(book, detail, cells.cells_for, src.name, legend(m for m in MARK_NOTES if m in shown))],
               what="判定を書き込んだブックを書けません")
    return out


def command(files, rule_paths=(), *, show_all: bool = False, generated: str | None = None, counted: tuple | None = None,
            annotate_books: bool = False, on: str | None = None) -> Result:
    """on: --on DATE, the day the cases' exceptions (承諾・免除) are judged on (default: each case's 付議日)."""
    from ..engine import Engine
    from ..input.loader import load_cases
    from ..input.pia import link_reports
    from ..report.model import CaseDetail, CheckReport
    from . import waivers
    from .explain import attach

    day = waivers.parse_on(on)
    book = load_book(rule_paths)
    cases = load_cases(files)
    waivers.check_rules(cases, book)
    notes = link_reports(cases)
    engine = Engine(book)
    runs = waivers.apply_all(engine.run(cases), day)
    from ..verdict import fail_on

    counted = fail_on(None) if counted is None else counted
    report = CheckReport([CaseDetail.of(r) for r in runs], show_all=show_all, generated=generated, fail_on=tuple(counted),
                         ward=book.ward)
    attach(report.cases, runs, book)
    if any(getattr(r.case, "predecessor_at", None) is not None for r in runs):  # 前回からの変更, for a case that names
        from .diff import sections  # its predecessor (importing it costs some 3 ms of every other check)

        sections(report.cases, runs, cases, engine)
    written = [f"判定を書き込んだブック: {annotate(d.info.file, d)}" for d in report.cases] if annotate_books else []
    return Result(report, exit_code((r.verdicts for r in runs), counted), notes, written=written)
