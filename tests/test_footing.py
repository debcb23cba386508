"""The footing (出所 marks) is worked out only for the rules a 出所 entry can mark, and is the same as working it out for all.

Engine._can_mark decides statically, per rule and per set of non-transcribed 出所 keys, whether a key can cover one of
the rule's deciding facts (the fact paths its conditions read, and the entries they are written as); the rules it
leaves out get no provenance without being asked. Here every rule is asked anyway (provenance_of over the full
evidence and premise) and the answers must be the same: on every real case, and on synthetic cases given random 出所
tables (keys at every depth, with and without item indices, 転記 under 図, 図 under 転記).
"""
from __future__ import annotations

import random

from benchmarks.generate import cases
from checker.engine.facts import provenance_of
from checker.engine.oracle import judge_with_premise
from checker.model import Case
from checker.provenance import marked_keys


def _full(book, run, table) -> dict:
    return {rid: provenance_of(table, ev + premise)
            for rid, versions in book.rules.items()
            for _, _, ev, _, premise in [judge_with_premise(versions, run.facts)]}


def _check(book, engine, named):
    runs = engine.run(named)
    audited = list(engine.iter_run(named, explain=False))
    marked = 0
    for run, quick in zip(runs, audited):
        table = run.case.provenance
        full = _full(book, run, table) if table else {}
        for v, q in zip(run.verdicts, quick.verdicts):
            want = full.get(v.rule_id, [])
            assert v.provenance == want, (run.case_id, v.rule_id)
            assert q.verdict == v.verdict and q.provenance == want, (run.case_id, v.rule_id)
            marked += bool(want)
    return marked


def test_the_real_cases_footing_is_that_of_every_rule(book, engine):
    from conftest import CASES
    from checker.input.loader import load_cases

    named = [(str(f), c) for f, c in load_cases([CASES])]
    assert sum(bool(c.provenance) for _, c in named) > 40
    assert _check(book, engine, named) > 1000


def _keys(data, prefix: str = ""):
    """Every dotted path of a case's data (lists: each item, as key[1] …), with its bare form."""
    for k, v in data.items():
        if not isinstance(k, str) or k in ("出所", "承諾・免除", "前回の案件"):
            continue
        p = f"{prefix}{k}"
        yield p
        if isinstance(v, dict):
            yield from _keys(v, p + ".")
        elif isinstance(v, list):
            for i, it in enumerate(v):
                if isinstance(it, dict):
                    yield f"{p}[{i + 1}]"
                    yield from _keys(it, f"{p}[{i + 1}].")
                    yield from _keys(it, p + ".")


def test_random_tables_on_synthetic_cases(book, engine):
    rng = random.Random(23)
    named = []
    for i, d in enumerate(cases(300, seed=2323)):
        keys = sorted(set(_keys(d)))
        table = {}
        for k in rng.sample(keys, min(len(keys), rng.choice((1, 2, 4, 8)))):
            table[k] = rng.choice(("図", "推定（仮）", "転記", "図（別紙）"))
            head = k.rpartition(".")[0]
            if head and rng.random() < 0.3:  # a shorter key of the other kind above it
                table[head] = "転記" if table[k] != "転記" else "図"
        d = dict(d, 出所=table)
        named.append((f"synthetic-{i}", Case.model_validate(d)))
    assert sum(bool(marked_keys(c.provenance)) for _, c in named) > 200
    assert _check(book, engine, named) > 300
