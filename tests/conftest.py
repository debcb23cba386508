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
    from checker.loader import load_case_text

    case = load_case_text(text, name)
    return {v.rule_id: v for v in engine.run([(name, case)])[0].verdicts}
