"""conftest.invoke, the in-process run most CLI tests use, gives what `python -m checker` gives: the same exit code, the
same stdout and stderr bytes, with the rule packs of rules/ shared (loaded and compiled once) or loaded by --rules."""
from __future__ import annotations

import subprocess
import sys

import pytest

import checker.engine
import checker.rules
from conftest import ROOT, RULES, SEED004, invoke

BAD_CASE = ROOT / "tests" / "bad_inputs" / "cases" / "date_month_13.yaml"


@pytest.mark.parametrize("args", [
    ["check", SEED004, "--format", "json"],  # exit 1, the report on stdout, the closing line on stderr
    ["check", SEED004, "--fail-on", "不適合"],  # exit 0, all on stdout
    ["check", BAD_CASE.relative_to(ROOT)],  # exit 2, only stderr
    ["check", SEED004, "--al"],  # a usage error: exit 2, said in Japanese with the usage line (prog name: checker)
], ids=["exit1", "exit0", "exit2", "usage"])
def test_in_process_is_the_process(args):
    proc = subprocess.Popen([sys.executable, "-m", "checker", *map(str, args)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)  # runs while this process runs the same
    q = invoke(*args)
    out, err = proc.communicate(timeout=120)
    p = subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
    assert (q.returncode, q.stdout, q.stderr) == (p.returncode, p.stdout, p.stderr)
    assert p.stdout or p.stderr  # something was compared


def test_the_rule_packs_are_shared_and_restored(monkeypatch):
    loads, engines = [], []
    real_load, real_engine = checker.rules.load_rulebook, checker.engine.Engine

    def counted_load(paths, *a, **k):
        loads.append(paths)
        return real_load(paths, *a, **k)

    def counted_engine(book, *a, **k):
        engines.append(book)
        return real_engine(book, *a, **k)

    monkeypatch.setattr(checker.rules, "load_rulebook", counted_load)
    monkeypatch.setattr(checker.engine, "Engine", counted_engine)
    for _ in range(2):
        assert invoke("check", SEED004).returncode == 1
    assert loads == [] and engines == []  # rules/ was neither loaded nor compiled again
    assert invoke("check", "--rules", RULES / "特記事項.yaml", SEED004).returncode in (0, 1)
    assert len(loads) == 1 and len(engines) == 1  # any other rules are
    assert invoke("rules").returncode == 0
    assert len(loads) == 2  # and `checker rules` always loads its own
    assert checker.rules.load_rulebook is counted_load and checker.engine.Engine is counted_engine  # put back after each run
