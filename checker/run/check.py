"""checker check FILE…: a department's self-check of one or more case files."""
from __future__ import annotations

from . import Result, exit_code, load_book


def command(files, rule_paths=(), *, show_all: bool = False, generated: str | None = None, counted: tuple | None = None) -> Result:
    from ..engine import Engine
    from ..input.loader import load_cases
    from ..input.pia import link_reports
    from ..report.model import CaseDetail, CheckReport

    book = load_book(rule_paths)
    cases = load_cases(files)
    notes = link_reports(cases)
    runs = Engine(book).run(cases)
    from ..verdict import fail_on

    counted = fail_on(None) if counted is None else counted
    report = CheckReport([CaseDetail.of(r) for r in runs], show_all=show_all, generated=generated, fail_on=tuple(counted))
    return Result(report, exit_code((r.verdicts for r in runs), counted), notes)
