"""The run layer: what each command does, between reading the input and rendering the report.

    input (loader, corpus, model) → rules (rules, compiler) → engine (engine, oracle) → run → report

Each command is one function, `checker.run.<command>.command(...)`, that returns a Result: the report to render
(report.model), the notes and errors to print, and the exit code. Bad input raises InputError / InputErrors and
an unusable engine EngineUnavailable / EngineDisagreement (checker.errors); the CLI turns those into their
message and exit code in one place. report/ renders Results' reports and imports nothing from here, the engine or
the loader.

Modules: check (one or more case files), meeting (a meeting's agenda and its cases), audit (every case × every
rule, streamed, in one or several processes), diff (two case files compared: what changed since the earlier approval;
also the section 前回からの変更 of check and meeting), explain (one verdict and why: the evaluator's trace, as a document;
also the explanations the html of check and meeting links to), rules (the rule list, --verify); waivers (the exceptions a
case records, 承諾・免除, set on its verdicts after the engine by check, meeting and audit).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import EXIT_FINDINGS, EXIT_OK
from ..verdict import DEFAULT_FAIL_ON, FAIL_ON, FAIL_ON_ALIASES, fail_on  # noqa: F401 (the exit policy, re-exported for the CLI)


@dataclass
class Result:
    """What a command produced. report: a report.model report, or None when there is nothing to render."""

    report: object | None
    exit_code: int
    notes: list[str] = field(default_factory=list)  # 注意: lines for stderr (素案報告 pairs, unusable files)
    errors: list[str] = field(default_factory=list)  # エラー: lines for stderr (checker rules --verify)
    summary: str | None = None  # one closing line (stdout when the exit code is 0, else stderr)
    written: list[str] = field(default_factory=list)  # files written beside the report (check --annotate), for stderr


FAIL_ON_CHOICES = (*FAIL_ON, *FAIL_ON_ALIASES)


def exit_code(verdict_lists, counted=None) -> int:
    """1 when any verdict is an outcome the exit policy counts (default: 不適合 and 要確認), else 0. A 不適合 under a
    recorded exception in force (承諾・免除, run.waivers) is not counted."""
    counted = fail_on(None) if counted is None else counted
    return EXIT_FINDINGS if any(v.counted(counted) for vs in verdict_lists for v in vs) else EXIT_OK


def write_file(path, chunks, *, mkdir: bool = False, what: str = "書けません") -> None:
    """A file a command makes (a template, a converted case, an annotated workbook), written as reports are
    (report.output.write_report: atomically, a missing folder only with mkdir); a failure is an input error naming the
    file and why, in Japanese."""
    from ..errors import InputError, os_reason
    from ..report.output import write_report

    try:
        write_report(path, chunks, mkdir=mkdir)
    except OSError as e:
        raise InputError(str(path), None, f"{what}（{os_reason(e)}）") from None


def load_book(rule_paths=()):
    from ..rules import load_rulebook, rule_dirs

    return load_rulebook(rule_dirs(rule_paths))


def now() -> str:
    """The time a report is made, for --timestamp (reports carry no time by default: same input, same bytes)."""
    import datetime as dt

    return dt.datetime.now().astimezone().isoformat(timespec="seconds")
