from __future__ import annotations

import contextlib
import functools
import os
import subprocess
from pathlib import Path

import pytest

# the suite never reads or writes the user's cache folder (checker.cache): every run here is as with --no-cache, except
# where a test gives --cache a temporary folder (tests/test_cache.py); the processes the tests start inherit this
os.environ["CHECKER_CACHE"] = "off"
os.environ.pop("CHECKER_CACHE_DIR", None)

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
RULES = ROOT / "rules"
SEED004 = CASES / "seeds" / "004_ぴったり電子申請_災害弔慰金.yaml"


@functools.cache
def default_book():
    """The rule book of rules/, loaded once for the whole run (the `book` fixture, and `invoke`'s runs)."""
    from checker.rules import load_rulebook

    return load_rulebook([RULES])


@functools.cache
def default_engine():
    """The engine of default_book(), compiled once for the whole run (the `engine` fixture, and `invoke`'s runs)."""
    from checker.engine import Engine

    return Engine(default_book())


@pytest.fixture(scope="session")
def book():
    return default_book()


@pytest.fixture(scope="session")
def engine(book):
    return default_engine()


@contextlib.contextmanager
def shared_rules():
    """While a check, meeting or audit runs in this process (invoke, or a test calling checker.run.*.command), the rule
    packs of rules/ are default_book() and its engine default_engine() (loaded and compiled once: 0.2 s a run
    otherwise); any other --rules is loaded and compiled as always, and invoke runs every `checker rules` (--verify
    compiles the packs) without it. The forked workers of `audit -j N` compile their own engine, as they do outside
    the tests."""
    import checker.engine
    import checker.rules

    shared_book, shared_engine = default_book(), default_engine()  # made before the patch, by the real functions
    load_rulebook, engine_class = checker.rules.load_rulebook, checker.engine.Engine
    pid = os.getpid()

    def load(paths, *args, **kwargs):
        if not args and not kwargs and [Path(p).resolve() for p in paths] == [RULES]:
            return shared_book
        return load_rulebook(paths, *args, **kwargs)

    def engine(book, *args, **kwargs):
        if book is shared_book and not args and not kwargs and os.getpid() == pid:
            return shared_engine
        return engine_class(book, *args, **kwargs)

    checker.rules.load_rulebook, checker.engine.Engine = load, engine
    try:
        yield
    finally:
        checker.rules.load_rulebook, checker.engine.Engine = load_rulebook, engine_class


def invoke(*args, cwd: Path | str | None = ROOT, text: bool = False) -> subprocess.CompletedProcess:
    """`python -m checker ARGS` run in this process (click's CliRunner on checker.cli:main, in cwd): the exit code, stdout
    and stderr, as subprocess.run(..., capture_output=True) gives them (str with text=True, else bytes).

    For tests of output and exit codes: it spares the interpreter's start, the imports and (shared_rules) loading and
    compiling rules/ (0.5–1 s a run). A test of what only a process shows (a real pipe, a fresh interpreter, a
    timeout) runs `sys.executable -m checker`."""
    from click.testing import CliRunner

    from checker.cli import main

    args = [str(a) for a in args]
    shared = shared_rules() if args[:1] in (["check"], ["meeting"], ["audit"]) else contextlib.nullcontext()
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext(), shared:
        r = CliRunner().invoke(main, args, prog_name="checker", catch_exceptions=False)
    out, err = r.stdout_bytes, r.stderr_bytes
    if text:
        out, err = out.decode("utf-8"), err.decode("utf-8")
    return subprocess.CompletedProcess(["checker", *args], r.exit_code, out, err)


def run_text(engine, text: str, name: str = "case.yaml"):
    from checker.input.loader import load_case_text

    case = load_case_text(text, name)
    return {v.rule_id: v for v in engine.run([(name, case)])[0].verdicts}


def verdict(engine, text: str, rid: str):
    """The verdict of one rule on one case written as YAML text."""
    return run_text(engine, text)[rid]


def replace_line(text: str, label: str, value: str | None) -> str:
    """The case text with the line `  label: …` of a sheet replaced by `  label: value` (value None: removed)."""
    lines = text.splitlines()
    i = next(n for n, ln in enumerate(lines) if ln.startswith(f"  {label}:"))
    if value is None:
        del lines[i]
    else:
        lines[i] = f"  {label}: {value}"
    return "\n".join(lines) + "\n"
