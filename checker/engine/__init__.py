"""Evaluate cases against a RuleBook with durable-rules, and explain each verdict."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .compiler import SEP, Codec, engine_parts, outcome_of, ruleset_text
from ..errors import EngineDisagreement, EngineUnavailable  # noqa: F401 (raised here; importable from here)
from .bases import read_case, why_unknown
from .facts import LEN_SUFFIX, _sources, provenance_of, to_facts
from .oracle import VerdictJudge, judge_with_premise
from ..provenance import Cover, marked_keys
from ..rules.conditions import All, AnyOf, Atom, DateIn, Every, Not, Some
from ..verdict import FAIL, NA, PASS, UNKNOWN, Verdict


def _import_durable():
    """durable-rules' engine: its C module durable_rules_engine, which durable.engine's Host drives. checker drives it
    itself (registering the rulesets too: _register), so durable.engine (and what it imports) is never loaded."""
    try:
        import durable_rules_engine
    except ImportError as e:  # e.g. Python 3.13 with a durable-rules built without the fix
        msg = str(e)
        hint = ""
        if "PyEval_CallObject" in msg:
            hint = ("（Python 3.13 では durable-rules を CPPFLAGS=-DPyEval_CallObject=PyObject_CallObject を付けて"
                    "ビルドし直してください: README の「インストール」を参照）")
        raise EngineUnavailable(f"durable-rules を読み込めません: {msg}{hint}") from None
    global _dre
    _dre = durable_rules_engine
    return durable_rules_engine


TRANSIENT = "error code: 102"  # ERR_UNEXPECTED_TYPE, raised now and then for a definition accepted when sent again
ATTEMPTS = 3


def _register(dre, sets: dict[str, str]) -> list[int]:
    """Each ruleset (name → its definition as JSON text, without actions) created in the engine, as durable.engine's
    Host does when it registers one (Ruleset.__init__: create_ruleset(name, json.dumps(definition))): their handles, in
    order. createRuleset sometimes fails with error 102 on a definition it accepts when it is sent again
    (docs/engine.md): it is then sent again, up to ATTEMPTS times; any other error is raised at once."""
    handles = []
    for name, text in sets.items():
        for attempt in range(ATTEMPTS):
            try:
                handles.append(dre.create_ruleset(name, text))
                break
            except Exception as e:  # durable_rules_engine.error
                if TRANSIENT not in str(e) or attempt == ATTEMPTS - 1:
                    raise
    return handles


RULES_PER_SET = 8  # rule ids per durable ruleset (see Engine.__init__)
SEEN = "_seen"  # every ruleset's catch-all rule: an unmatched fact makes durable-rules refuse the whole batch
SEEN_TEXT = json.dumps({"all": [{"m": {"$ex": {"cid": 1}}}], "cap": 1000})
MEMO = 1024  # encoded projections remembered per ruleset across blocks (Engine.fire); past it, forgotten all at once

OUTCOME = {"ok": PASS, "ng": FAIL, "na": NA, "gap": NA}


@dataclass
class CaseRun:
    case_id: str
    case: object
    facts: dict
    verdicts: list


class Engine:
    """One durable-rules host with one compiled ruleset; reused for every case.

    Cases are asserted as facts in batches and retracted afterwards: every compiled
    rule reads a single fact, so a case's verdicts never depend on the other cases
    of its batch, and nothing remains between batches.
    """

    RULESET = "checker"

    def __init__(self, book, batch: int = 500):
        _import_durable()
        self.book = book
        self.batch = batch
        self._judge = None  # VerdictJudge, made when first needed (iter_run explain=False)
        self._reach = None  # per rule: the dotted prefixes of the fact paths it can read (_reach), made when first needed
        self._marks_by_keys: dict = {}  # marked_keys(table) → per rule, whether such a table can mark it (_can_mark)

        # durable-rules walks its alpha network with a stack of 64 nodes (ERR_MAX_STACK_SIZE 303):
        # a node with too many matching children overflows it. Rules are therefore spread over
        # several small rulesets, each asserted the same batch of facts.
        self._codec = Codec()
        texts, reads = engine_parts(book, self._codec)
        # what each durable rule's firing says: its name → (rule id, version, ok / ng / na / gap), looked up by the name
        # read off the action message (fire): no action ever runs
        self._outcomes = {name: outcome_of(name) for name in texts}
        by_rule: dict = {}
        for name in texts:
            by_rule.setdefault(name.split(SEP)[0], {})[name] = None
        groups = list(by_rule.values())
        self._names = []
        self._fields: list[tuple] = []  # per ruleset: the fact fields its rules read
        sets = {}
        for gi in range(0, len(groups), RULES_PER_SET):
            rs = {}
            for g in groups[gi:gi + RULES_PER_SET]:
                rs.update(g)
            # each ruleset is asserted only the fields it reads: every action message carries the facts it matched,
            # so smaller facts are what make the engine fast
            self._fields.append(tuple(sorted({f for name in rs for f in reads[name]})))
            name = f"{self.RULESET}{gi // RULES_PER_SET}"
            sets[name] = ruleset_text({**{n: texts[n] for n in rs}, SEEN: SEEN_TEXT})
            self._names.append(name)
        self._handles = _register(_dre, sets)
        self._memo: list[dict] = [{} for _ in self._names]  # per ruleset: encoded projection → the outcomes it fired
        self._shared: list[dict] = [{} for _ in self._names]  # per ruleset: outcomes fired → one dict of them (_drive)
        self.durable_rules = len(texts)

    def fire(self, facts_list: list[dict]) -> list[dict]:
        """Raw engine result: per case, rule id → set of (version, outcome) fired.

        Each ruleset is asserted only the fields it reads, and only once per distinct value
        of those fields (cases without a 外部結合 sheet all look alike to the 外部結合 rules):
        the result is fanned out to every case with that projection, and remembered for the
        next blocks (MEMO projections a ruleset). A rule's verdict depends on nothing else, so
        this changes how often durable-rules runs, never what it answers.
        """
        encode = _ENCODE
        results: list[dict] = [dict() for _ in facts_list]
        for start in range(0, len(facts_list), self.batch):
            flat = [self._codec.flatten(f) for f in facts_list[start:start + self.batch]]
            for k, fields in enumerate(self._fields):
                memo = self._memo[k]
                if len(memo) >= MEMO:  # forgotten between blocks, never within one (its facts are looked up below)
                    memo.clear()
                fresh: dict = {}  # encoded projection → its index among those asserted
                bodies = []
                which = []
                for p in flat:
                    body = encode({f: p[f] for f in fields if f in p})
                    which.append(body)
                    if body not in memo and body not in fresh:
                        fresh[body] = len(bodies)
                        bodies.append(body)
                if bodies:
                    got = self._drive(k, bodies)
                    for body, outs in zip(bodies, got):
                        memo[body] = outs
                for i, body in enumerate(which):
                    results[start + i].update(memo[body])  # the rulesets' rule ids are disjoint
        return results

    def _drive(self, k: int, bodies: list[str]) -> list[dict]:
        """Assert the encoded facts on ruleset k, drain its actions, retract them: per fact, rule id → frozenset of the
        (version, outcome) that fired. Facts are told apart by their `cid`, their index here."""
        handle = self._handles[k]
        facts = "[" + ",".join([f'{{"cid":{j},{b[1:]}' if len(b) > 2 else f'{{"cid":{j}}}'
                                for j, b in enumerate(bodies)]) + "]"
        got: list[set] = [set() for _ in bodies]
        _drain(handle, _asserted(_dre.assert_facts(handle, facts), "assert_facts"), got, self._outcomes)
        _drain(handle, _asserted(_dre.retract_facts(handle, facts), "retract_facts"), got, self._outcomes)
        out = []
        shared = self._shared[k]
        for g in got:
            key = frozenset(g)
            d = shared.get(key)
            if d is None:  # few sets of outcomes recur among many projections: one dict each, shared
                by_rule: dict = {}
                for rid, version, outcome in g:
                    by_rule.setdefault(rid, set()).add((version, outcome))
                if len(shared) >= MEMO:
                    shared.clear()
                d = shared[key] = {rid: frozenset(x) for rid, x in by_rule.items()}
            out.append(d)
        return out

    def run(self, cases: list[tuple[str, object]]) -> list[CaseRun]:
        """cases: [(case_id, Case)] → verdicts for every (case, rule)."""
        return list(self.iter_run(cases))

    def iter_run(self, cases, chunk: int | None = None, explain: bool = True):
        """CaseRuns one by one, evaluating `chunk` cases at a time (default: the batch size).

        cases may be any iterable (a generator loading files lazily): memory then stays
        that of one chunk plus whatever the caller keeps. explain=False (the audit, which prints
        marks only): the independent evaluator decides each verdict without finding its deciding
        facts, except for a case with 出所 marks (its verdicts' footing needs them); every verdict is
        still compared with durable-rules'.
        """
        import gc
        from itertools import islice

        chunk = chunk or self.batch
        it = iter(cases)
        while True:
            part = list(islice(it, chunk))
            if not part:
                return
            # a chunk allocates many small objects that live until the report is written:
            # the cyclic collector would rescan them again and again (a third of the time) for nothing
            enabled = gc.isenabled()
            gc.disable()
            try:
                runs = self._run(part, explain)
            finally:
                if enabled:
                    gc.enable()
            yield from runs

    def _run(self, cases: list[tuple[str, object]], explain: bool = True) -> list[CaseRun]:
        if self.book.provisions is not None:
            for _, c in cases:
                read_case(c, self.book.provisions)  # each 根拠 read and judged on the 付議日 (bases.py)
        facts_list = [to_facts(c) for _, c in cases]
        fired = self.fire(facts_list)
        runs = []
        for (cid, case), facts, got in zip(cases, facts_list, fired):
            table = getattr(case, "provenance", None)
            if not explain:
                runs.append(CaseRun(cid, case, facts, self._marks(cid, facts, got, table)))
                continue
            verdicts = []
            unknown = getattr(case, "written_unknown", frozenset())
            cover = Cover(table) if table else None
            marked = self._can_mark(table) if table else None
            for k, (rid, versions) in enumerate(self.book.rules.items()):
                outs = got.get(rid, set())
                if len(outs) > 1:
                    raise EngineDisagreement(f"{cid}: ルール {rid} で複数の判定が出ました: {sorted(map(str, outs))}")
                engine_verdict = OUTCOME[next(iter(outs))[1]] if outs else UNKNOWN
                if engine_verdict == FAIL and versions[next(iter(outs))[0]].when_unmet == UNKNOWN:
                    engine_verdict = UNKNOWN  # a cross-check's unmet requirement (rules.UNMET)
                verdict, version, evidence, reason, premise = judge_with_premise(versions, facts)
                if verdict == UNKNOWN and not reason:  # a written 根拠 that does not decide: say why, not "not written"
                    reason = next((w for p, v in evidence if v is None and p.endswith("の判定") and (w := why_unknown(case, p))), "")
                if verdict != engine_verdict:
                    raise EngineDisagreement(
                        f"{cid}: ルール {rid} の判定が食い違いました（engine={engine_verdict}, 独立評価={verdict}）")
                prov = provenance_of(table, evidence + premise, cover) if table and marked[k] else []
                verdicts.append(Verdict(cid, rid, verdict, version, evidence, reason, prov, unknown))
            runs.append(CaseRun(cid, case, facts, verdicts))
        return runs

    def _can_mark(self, table) -> tuple:
        """Per rule (book order): whether a 出所 entry of this table can mark one of its deciding facts, i.e. one of the
        facts it can read (or the entries they are written as) lies under a non-transcribed key. Static per rule and
        key set, so memoised by the key set; a rule for which it is False has no footing on any case with this table."""
        keys = marked_keys(table)
        hit = self._marks_by_keys.get(keys)
        if hit is None:
            if self._reach is None:
                self._reach = [_reach(versions) for versions in self.book.rules.values()]
            if len(self._marks_by_keys) > 1024:
                self._marks_by_keys.clear()
            hit = self._marks_by_keys[keys] = tuple(not keys.isdisjoint(r) for r in self._reach)
        return hit

    def _marks(self, cid: str, facts: dict, got: dict, table=None) -> list[Verdict]:
        """Verdicts without deciding facts (iter_run explain=False), each compared with what durable-rules fired. With a
        出所 table, the rules one of its entries can mark (_can_mark) are judged once, by _footing; the others by the
        verdict-only evaluator (VerdictJudge), which passes the marked ones by."""
        if self._judge is None:
            self._judge = VerdictJudge(self.book)
        marked = self._can_mark(table) if table else None
        judged = self._judge(facts, marked)
        prov = self._footing(facts, table, marked, judged) if table else {}
        out = []
        for k, ((rid, versions), (verdict, version)) in enumerate(zip(self.book.rules.items(), judged)):
            outs = got.get(rid, set())
            if len(outs) > 1:
                raise EngineDisagreement(f"{cid}: ルール {rid} で複数の判定が出ました: {sorted(map(str, outs))}")
            engine_verdict = OUTCOME[next(iter(outs))[1]] if outs else UNKNOWN
            if engine_verdict == FAIL and versions[next(iter(outs))[0]].when_unmet == UNKNOWN:
                engine_verdict = UNKNOWN
            if verdict != engine_verdict:
                raise EngineDisagreement(f"{cid}: ルール {rid} の判定が食い違いました（engine={engine_verdict}, 独立評価={verdict}）")
            v = Verdict(cid, rid, verdict, version)
            if k in prov:
                v.provenance = prov[k]
            out.append(v)
        return out

    def _footing(self, facts: dict, table, marked: tuple, judged: list) -> dict:
        """The rules a 出所 entry can mark, judged by the evaluator that finds the deciding facts (judge_with_premise):
        each one's (verdict, version) put in judged, in its place; returns {place: the provenance of its deciding facts}
        (the audit's footing letters). The other rules have none."""
        cover = Cover(table)
        prov = {}
        for k, (m, versions) in enumerate(zip(marked, self.book.rules.values())):
            if m:
                verdict, version, evidence, _, premise = judge_with_premise(versions, facts)
                judged[k] = (verdict, version)
                prov[k] = provenance_of(table, evidence + premise, cover)
        return prov


# --- durable-rules driven directly (docs/engine.md, "Private parts of durable-rules relied on") ----------------------
# durable.engine's Host is not used: the rulesets are created with create_ruleset (name, JSON text: what the Host's
# Ruleset sends; error 102 retried: _register), and the engine's own calls are used on the hot path: assert_facts /
# retract_facts (JSON text of a list of facts → (result, state handle)), start_action_for_state and
# complete_and_start_action (the next action message of that state as JSON text, None when there is none). The action
# message is {"<rule name>":[{"m":<the matched fact, as asserted>}, …]} (a rule with `cap`): the rule name and each
# fact's cid are read off it, nothing else is decoded. tests/test_durable_private.py holds each of these.

_dre = None  # the durable_rules_engine module, once imported (_import_durable)

ACTION_NAME = re.compile(r'\{"([^"\\]*)":\[')  # an action message's head: its rule name (rules with `cap` give a list)
ACTION_CID = re.compile(r'\{"m":\{"cid":(\d+)[,}]')  # each matched fact, as asserted: its cid first


def _asserted(result, call: str) -> int:
    """The state handle of an assert_facts / retract_facts result; anything but RULES_OK (0) is an engine fault here
    (every ruleset has the catch-all SEEN, and facts differ by cid, so none is unhandled or already observed)."""
    code, state = result
    if code != 0:
        raise RuntimeError(f"durable-rules {call} returned {code} (0 expected)")
    return state


def _drain(handle: int, state: int, got: list, outcomes: dict) -> None:
    """Take every pending action of the state: for each, its rule's outcome is added to the set of every cid it matched."""
    first = _dre.start_action_for_state(handle, state)
    if first is None:
        return
    message = first[1]
    while message is not None:
        head = ACTION_NAME.match(message)
        if head is None:
            raise RuntimeError(f"durable-rules: an action message of an unexpected form: {message[:80]!r}")
        name = head.group(1)
        outcome = outcomes.get(name)
        if outcome is not None:
            cids = ACTION_CID.findall(message, head.end() - 1)
            if not cids:
                raise RuntimeError(f"durable-rules: no matched fact in the action message of {name}: {message[:80]!r}")
            for cid in cids:
                got[int(cid)].add(outcome)
        elif name != SEEN:
            raise RuntimeError(f"durable-rules: an action of an unknown rule {name!r}")
        message = _dre.complete_and_start_action(handle, state)


_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True, check_circular=False).encode


def _paths_read(cond, under: str = ""):
    """The fact paths a condition can name among its deciding facts (oracle.evaluate's evidence), without item indices:
    an atom's path (inside every/some, under the list's path), a list's path and its length, a date's path."""
    if isinstance(cond, Atom):
        yield f"{under}.{cond.path}" if cond.relative and under else cond.path
    elif isinstance(cond, (All, AnyOf)):
        for c in cond.items:
            yield from _paths_read(c, under)
    elif isinstance(cond, Not):
        yield from _paths_read(cond.item, under)
    elif isinstance(cond, (Every, Some)):
        yield cond.path
        yield cond.path + LEN_SUFFIX
        if cond.cond is not None:
            yield from _paths_read(cond.cond, cond.path)
    elif isinstance(cond, DateIn):
        yield cond.path
    else:
        raise TypeError(f"unknown condition {cond!r}")


def _reach(versions) -> frozenset:
    """Every dotted prefix of every path provenance_of() may look up for a deciding fact of this rule (any version):
    the paths read and the entries they are written as (facts._sources). A 出所 key (without indices) can cover one of
    the rule's deciding facts only if it is among them."""
    out: set = set()
    for r in versions:
        for cond in (r.window, r.applies, r.requires):
            for path in _paths_read(cond):
                for src in _sources(path):
                    parts = src.split(".")
                    out.update(".".join(parts[:n]) for n in range(1, len(parts) + 1))
    return frozenset(out)
