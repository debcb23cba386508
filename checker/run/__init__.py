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


BOOK_KIND = "book"


def load_book(rule_paths=()):
    """The rule book of --rules (else checker.toml's, else rules/). With the cache on (checker.cache), a book whose files
    (rules.rulebook_inputs: paths and bytes) were loaded before by this checker is taken from the cache, with its
    compiled durable-rules definitions; a book with errors is never stored."""
    from .. import cache
    from ..rules import load_rulebook, rule_dirs

    dirs = rule_dirs(rule_paths)
    store = cache.store()
    if store is None:
        return load_rulebook(dirs)
    key = _book_key(dirs)
    if key is None:  # a ward's manifest in error, a file that cannot be read: loading says what
        return load_rulebook(dirs)
    from ..rules import RuleBook

    hit = store.get(BOOK_KIND, key)
    if isinstance(hit, RuleBook):
        hit.cache_key = key
        return hit
    import dataclasses

    from ..engine.compiler import precompile

    loaded = load_rulebook(dirs)
    book = dataclasses.replace(loaded, compiled=precompile(loaded))  # a copy: the loader's book is left as it made it
    if _book_key(dirs) == key:  # not stored if a file changed while the book was loaded
        store.put(BOOK_KIND, key, book)
        book.cache_key = key  # set after it is stored: the key is not part of the entry
    return book


def _book_key(dirs) -> str | None:
    """The cache key of the rule book of dirs: the folders as given, then every file it may read (its path as given and
    resolved, and its bytes; a file that is not there says so), the installed durable-rules."""
    import os

    from .. import cache
    from ..errors import InputError, InputErrors
    from ..rules import rulebook_inputs

    try:
        files = rulebook_inputs(dirs)
    except (InputError, InputErrors, OSError):
        return None
    parts: list = [BOOK_KIND, cache.library("durable-rules", "durable_rules_engine"), "\0".join(map(str, dirs))]
    for f in files:
        parts.append(f"{f}\0{os.path.realpath(f)}")
        try:
            parts.append(b"+" + f.read_bytes())
        except FileNotFoundError:
            parts.append(b"-")
        except OSError:
            return None
    return cache.key(*parts)


def now() -> str:
    """The time a report is made, for --timestamp (reports carry no time by default: same input, same bytes)."""
    import datetime as dt

    return dt.datetime.now().astimezone().isoformat(timespec="seconds")
