"""The private parts of durable-rules 2.0.28 the engine drives directly (docs/engine.md, "Private parts of durable-rules
relied on"). Each test names the part it holds; if an upgrade changes one, this file fails and says which, before any
verdict can go wrong.

durable.engine's Host is not used: the engine creates each ruleset with durable_rules_engine.create_ruleset (name, JSON
text: what the Host's Ruleset sends, checker.engine._register) and calls durable_rules_engine itself: assert_facts /
retract_facts, start_action_for_state, complete_and_start_action, reading the rule name and each matched fact's cid off
the action message.
"""
from __future__ import annotations

import json

import pytest

import checker.engine as eng

RULES = {  # as the engine sends them: no action (`run`); a rule's outcome is read off its name (compiler.outcome_of)
    "R1|0|ok": {"all": [{"m": {"$and": [{"$ex": {"a0": 1}}, {"a0": "○"}]}}], "cap": 1000},
    "R1|0|ng": {"all": [{"m": {"$and": [{"$ex": {"a0": 1}}, {"$neq": {"a0": "○"}}]}}], "cap": 1000},
    eng.SEEN: {"all": [{"m": {"$ex": {"cid": 1}}}], "cap": 1000},
}


def _host(rules=RULES, name="private0"):
    """(None, the handle of a ruleset of rules), created as the engine creates its rulesets."""
    text = json.dumps(rules, ensure_ascii=False)
    (handle,) = eng._register(eng._import_durable(), {name: text})
    return None, handle


def _facts(*bodies) -> str:
    return "[" + ",".join(f'{{"cid":{j},{eng._ENCODE(b)[1:]}' for j, b in enumerate(bodies)) + "]"


def test_the_pinned_version():
    from importlib.metadata import version

    assert version("durable-rules") == "2.0.28", (
        "durable-rules is not 2.0.28: every private part below was read off 2.0.28 (pyproject.toml pins it)")


def test_create_ruleset_takes_a_name_and_json_text_as_the_host_sends_them():
    """durable.engine's Ruleset creates its engine ruleset with create_ruleset(name, json.dumps(definition,
    ensure_ascii=False)), its `run` popped first, and keeps the int handle: the engine does the same without it."""
    import inspect

    import durable_rules_engine as dre
    from durable import engine as host_module

    assert callable(getattr(dre, "create_ruleset", None)), "durable_rules_engine.create_ruleset is gone"
    source = inspect.getsource(host_module.Ruleset.__init__)
    assert "durable_rules_engine.create_ruleset(name, json.dumps(ruleset_definition, ensure_ascii=False))" in source, (
        "durable.engine.Ruleset no longer creates its ruleset as create_ruleset(name, JSON text): read what it sends now")
    assert "del rule['run']" in source, "durable.engine.Ruleset no longer leaves each rule's `run` out of what it sends"
    _, handle = _host()
    assert isinstance(handle, int), f"create_ruleset no longer returns the engine's int handle: {handle!r}"
    _, other = _host(name="private0")  # the engine keeps rulesets by handle: a name may be created again
    assert other != handle


def test_the_engine_calls_take_json_text_and_give_a_state():
    import durable_rules_engine as dre

    for call in ("assert_facts", "retract_facts", "start_action_for_state", "complete_and_start_action"):
        assert callable(getattr(dre, call, None)), f"durable_rules_engine.{call} is gone"
    _, handle = _host()
    result = dre.assert_facts(handle, _facts({"a0": "○"}))
    assert isinstance(result, tuple) and len(result) == 2 and result[0] == 0 and isinstance(result[1], int), (
        f"durable_rules_engine.assert_facts no longer returns (RULES_OK, state handle): {result!r}")
    action = dre.start_action_for_state(handle, result[1])
    assert isinstance(action, tuple) and len(action) == 2 and all(isinstance(x, str) for x in action), (
        f"durable_rules_engine.start_action_for_state no longer returns (state JSON, message JSON): {action!r}")
    while dre.complete_and_start_action(handle, result[1]) is not None:
        pass
    gone = dre.retract_facts(handle, _facts({"a0": "○"}))
    assert gone[0] == 0, f"durable_rules_engine.retract_facts no longer returns RULES_OK for the facts asserted: {gone!r}"
    assert dre.start_action_for_state(handle, gone[1]) is None, "retracting the facts fired an action"
    assert json.loads(dre.get_facts(handle, None)) == [], "retract_facts left facts in the ruleset's state"


def test_the_action_message_carries_the_rule_name_and_the_facts_as_asserted():
    import durable_rules_engine as dre

    _, handle = _host()
    facts = _facts({"a0": "○"}, {"a0": "×"}, {"a0": "○", "a1": [{"r0": 'x"}, {"m":{"cid":7,'}]})
    state = dre.assert_facts(handle, facts)[1]
    messages = [dre.start_action_for_state(handle, state)[1]]
    while (m := dre.complete_and_start_action(handle, state)) is not None:
        messages.append(m)
    parsed = {}
    for m in messages:
        head = eng.ACTION_NAME.match(m)
        assert head, f"an action message no longer starts {{\"<rule name>\":[ (a rule with cap): {m[:60]!r}"
        decoded = json.loads(m)
        assert list(decoded) == [head.group(1)] and isinstance(decoded[head.group(1)], list), m[:60]
        cids = [int(c) for c in eng.ACTION_CID.findall(m, head.end() - 1)]
        assert cids == [x["m"]["cid"] for x in decoded[head.group(1)]], (
            f"the matched facts of an action message are no longer {{\"m\":<fact as asserted, cid first>}}: {m[:80]!r}")
        parsed[head.group(1)] = sorted(cids)
    assert parsed == {"R1|0|ok": [0, 2], "R1|0|ng": [1], eng.SEEN: [0, 1, 2]}, parsed
    dre.retract_facts(handle, facts)


def test_drain_reads_each_outcome_for_each_fact():
    _, handle = _host()
    outcomes = {name: eng.outcome_of(name) for name in RULES if name != eng.SEEN}
    got = [set(), set(), set()]
    facts = _facts({"a0": "○"}, {"a0": "×"}, {})
    import durable_rules_engine as dre

    eng._drain(handle, eng._asserted(dre.assert_facts(handle, facts), "assert_facts"), got, outcomes)
    eng._drain(handle, eng._asserted(dre.retract_facts(handle, facts), "retract_facts"), got, outcomes)
    assert got == [{("R1", 0, "ok")}, {("R1", 0, "ng")}, set()]


def test_a_fact_no_rule_matches_is_refused_without_the_catch_all():
    """Why every ruleset has SEEN: without it, an unmatched fact makes assert_facts answer ERR_EVENT_NOT_HANDLED (1),
    which _asserted refuses."""
    import durable_rules_engine as dre

    rules = {k: v for k, v in RULES.items() if k != eng.SEEN}
    _, handle = _host(rules, "private1")
    result = dre.assert_facts(handle, _facts({"a1": 1}))
    assert result[0] == 1, f"an unmatched fact no longer gives ERR_EVENT_NOT_HANDLED: {result!r}"
    with pytest.raises(RuntimeError, match="assert_facts returned 1"):
        eng._asserted(result, "assert_facts")


def test_the_engine_takes_a_handle_for_every_ruleset(engine):
    assert len(engine._handles) == len(engine._names) == len(set(engine._handles))
    assert all(isinstance(h, int) for h in engine._handles)
    assert len(engine._outcomes) == engine.durable_rules  # every durable rule's outcome, by its name


def test_the_ruleset_text_is_what_the_host_would_send(book):
    """ruleset_text (from the rules' texts kept with a cached book) is json.dumps of the ruleset, as durable.engine's
    Ruleset would encode it: the same bytes."""
    from checker.engine.compiler import _texts, compile_book, ruleset_text

    definition = compile_book(book, lambda *a: None)
    some = dict(list(definition.items())[:12])
    expected = json.dumps({n: {k: v for k, v in d.items() if k != "run"} for n, d in some.items()}, ensure_ascii=False)
    assert ruleset_text(_texts(some)) == expected


def test_checker_never_loads_durables_host():
    """A check loads durable_rules_engine, never durable.engine (the Host and what it imports): in a fresh process."""
    import subprocess
    import sys

    from conftest import ROOT, SEED004

    code = ("import sys, runpy; sys.argv = ['checker', 'check', %r]\n"
            "try:\n    runpy.run_module('checker', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print('durable.engine' in sys.modules, 'durable_rules_engine' in sys.modules, file=sys.stderr)") % str(SEED004)
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.stderr.strip().splitlines()[-1] == "False True", p.stderr[-2000:]
