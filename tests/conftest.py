from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
RULES = ROOT / "rules"
SEED004 = CASES / "seeds" / "004_ぴったり電子申請_災害弔慰金.yaml"


@pytest.fixture(scope="session")
def book():
    from checker.rules import load_rulebook

    return load_rulebook([RULES])


@pytest.fixture(scope="session")
def engine(book):
    from checker.engine import Engine

    return Engine(book)


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
