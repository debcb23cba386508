"""An evaluator of the rule language written without durable-rules.

It is the second opinion on every verdict (the engine and it must agree), and it
finds the facts that decided each verdict (the explanation printed in reports).
Three-valued (Kleene) logic: T, F, or U when a fact needed is missing.

Given a list as `trace`, evaluate() also appends the condition as a tree of Trace nodes, each with its value (the
tree `checker explain` prints: checker/run/explain.py); judge_traced() gives a rule's verdict with the trees of the
version windows, applies and requires. The verdict-only path below (tv_of, VerdictJudge) keeps no trace.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..rules.conditions import All, AnyOf, Atom, DateIn, Every, Not, Some
from .facts import LEN_SUFFIX
from ..verdict import FAIL, NA, PASS, UNKNOWN

T, F, U = "T", "F", "U"

_PARTS: dict = {}


def _get(facts: dict, path: str) -> Any:
    """A dotted path's value (None when missing), with the path's parts remembered (the same few hundred paths are read millions of times)."""
    parts = _PARTS.get(path)
    if parts is None:
        parts = _PARTS[path] = tuple(path.split("."))
    cur: Any = facts
    for part in parts:
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
        if cur is None:
            return None
    return cur


def _cmp(op: str, v: Any, arg: Any) -> bool:
    if op == "eq":
        return v == arg and type(v) is type(arg)
    if op == "ne":
        return not (v == arg and type(v) is type(arg))
    if op == "in":
        return any(v == a and type(v) is type(a) for a in arg)
    if op == "not_in":
        return not any(v == a and type(v) is type(a) for a in arg)
    if op == "includes":
        return any(x == arg and type(x) is type(arg) for x in v)
    if op == "excludes":
        return not any(x == arg and type(x) is type(arg) for x in v)
    if op == "gt":
        return v > arg
    if op == "gte":
        return v >= arg
    if op == "lt":
        return v < arg
    if op == "lte":
        return v <= arg
    raise ValueError(op)


@dataclass(frozen=True, slots=True)
class Trace:
    """One node of an evaluated condition: its kind, its value (T / F / U) and, for a leaf, what was read.

    kind: all / any / not / every / some / item (one entry of an every/some list) / date_in / atom.
    path: an atom's fact path (inside every/some with the entry: 業務委託.再委託[1].範囲), the list of every/some, the
    entry of an item (業務委託.再委託[1]), the date of date_in (付議日). op, arg: an atom's comparison (eq … stated); for
    date_in, op is "date_in" and arg (start, end) as yyyymmdd ints or None; a some without has (the list is not
    empty) has op "nonempty". fact: the value read (None: not stated, or
    不明; for every/some the list's length)."""

    kind: str
    value: str
    path: str = ""
    op: str = ""
    arg: Any = None
    fact: Any = None
    children: tuple = ()


def evaluate(cond: Any, facts: dict, item: dict | None = None, prefix: str = "", trace: list | None = None) -> tuple[str, list]:
    """(T|F|U, evidence) where evidence is [(path, value or None)]. With a list as trace, the condition's Trace is
    appended to it (every branch is evaluated either way: the evidence needs them)."""
    sub = None if trace is None else []
    if isinstance(cond, Atom):
        src = item if cond.relative else facts
        v = _get(src, cond.path) if src is not None else None
        name = prefix + cond.path if cond.relative else cond.path
        if cond.op == "stated":  # two-valued: whether the form states it (applies only)
            tv, ev = (F if v is None else T), [(name, v)]
        elif v is None:
            tv, ev = U, [(name, None)]
        elif cond.op in ("includes", "excludes") and not isinstance(v, list):
            tv, ev = U, [(name, None)]
        else:
            try:
                tv, ev = (T if _cmp(cond.op, v, cond.value) else F), [(name, v)]
            except TypeError:
                tv, ev = U, [(name, None)]
        if trace is not None:
            trace.append(Trace("atom", tv, name, cond.op, cond.value, v))
        return tv, ev
    if isinstance(cond, All):
        res = [evaluate(c, facts, item, prefix, sub) for c in cond.items]
        if any(r == F for r, _ in res):
            tv, ev = F, [e for r, ev in res if r == F for e in ev]
        elif any(r == U for r, _ in res):
            tv, ev = U, [e for r, ev in res if r == U for e in ev]
        else:
            tv, ev = T, [e for _, ev in res for e in ev]
        if trace is not None:
            trace.append(Trace("all", tv, children=tuple(sub)))
        return tv, ev
    if isinstance(cond, AnyOf):
        res = [evaluate(c, facts, item, prefix, sub) for c in cond.items]
        if any(r == T for r, _ in res):
            tv, ev = T, [e for r, ev in res if r == T for e in ev]
        elif any(r == U for r, _ in res):
            tv, ev = U, [e for r, ev in res if r == U for e in ev]
        else:
            tv, ev = F, [e for _, ev in res for e in ev]
        if trace is not None:
            trace.append(Trace("any", tv, children=tuple(sub)))
        return tv, ev
    if isinstance(cond, Not):
        r, ev = evaluate(cond.item, facts, item, prefix, sub)
        tv = {T: F, F: T, U: U}[r]
        if trace is not None:
            trace.append(Trace("not", tv, children=tuple(sub)))
        return tv, ev
    if isinstance(cond, (Every, Some)):
        kind = "every" if isinstance(cond, Every) else "some"
        lst = _get(facts, cond.path)
        if not isinstance(lst, list):
            tv, ev = U, [(cond.path, None)]
        elif cond.cond is None:  # some: the list is not empty
            tv, ev = (T if lst else F), [(cond.path + LEN_SUFFIX, len(lst))]
        else:
            res = []
            for i, it in enumerate(lst):
                one = None if trace is None else []
                res.append(evaluate(cond.cond, facts, it if isinstance(it, dict) else {}, f"{cond.path}[{i + 1}].", one))
                if trace is not None:
                    sub.append(Trace("item", res[-1][0], f"{cond.path}[{i + 1}]", children=tuple(one)))
            if isinstance(cond, Every):
                if any(r == F for r, _ in res):
                    tv, ev = F, [e for r, ev in res if r == F for e in ev]
                elif any(r == U for r, _ in res):
                    tv, ev = U, [e for r, ev in res if r == U for e in ev]
                else:
                    tv, ev = T, ([e for _, ev in res for e in ev] or [(cond.path + LEN_SUFFIX, 0)])
            elif any(r == T for r, _ in res):
                tv, ev = T, [e for r, ev in res if r == T for e in ev]
            elif any(r == U for r, _ in res):
                tv, ev = U, [e for r, ev in res if r == U for e in ev]
            else:
                tv, ev = F, ([e for _, ev in res for e in ev] or [(cond.path + LEN_SUFFIX, 0)])
        if trace is not None:
            trace.append(Trace(kind, tv, cond.path, "" if cond.cond is not None else "nonempty",
                               fact=len(lst) if isinstance(lst, list) else None, children=tuple(sub)))
        return tv, ev
    if isinstance(cond, DateIn):
        span = _get(facts, cond.path)
        if not isinstance(span, dict) or "始" not in span:
            tv, ev = U, [(cond.path, None)]
            span = None
        else:
            s, e = span["始"], span["終"]
            inside = (cond.start is None or s >= cond.start) and (cond.end is None or e <= cond.end)
            outside = (cond.start is not None and e < cond.start) or (cond.end is not None and s > cond.end)
            tv, ev = (T if inside else F if outside else U), [(cond.path, span)]
        if trace is not None:
            trace.append(Trace("date_in", tv, cond.path, "date_in", (cond.start, cond.end), span))
        return tv, ev
    raise TypeError(f"unknown condition {cond!r}")


def _once(evidence: list) -> list:
    """Each fact once, in the order first named (a condition may read one path twice)."""
    if len(evidence) < 2:
        return evidence
    seen: set = set()
    out = []
    for e in evidence:
        if e[0] not in seen:
            seen.add(e[0])
            out.append(e)
    return out


def judge(versions: list, facts: dict) -> tuple[str, Any, list, str]:
    """Verdict of one rule (all its versions) on one case: (verdict, version, evidence, reason)."""
    verdict, rule, evidence, reason, _ = _judge(versions, facts)
    return verdict, rule, _once(evidence), reason


def judge_with_premise(versions: list, facts: dict) -> tuple[str, Any, list, str, list]:
    """judge(), and the facts that made the rule apply (its premise) when it was 適合 or 不適合:
    a verdict rests on them too (出所 of a premise fact marks the verdict)."""
    verdict, rule, evidence, reason, premise = _judge(versions, facts)
    return verdict, rule, _once(evidence), reason, premise


def _judge(versions: list, facts: dict, trace: dict | None = None) -> tuple[str, Any, list, str, list]:
    """The verdict of one rule; with a dict as trace, the Trace of each version's window ("windows", in version order),
    and of the chosen version's applies and requires, as far as they were evaluated ("applies", "requires")."""
    def ev(cond, key):
        if trace is None:
            return evaluate(cond, facts)
        t: list = []
        out = evaluate(cond, facts, trace=t)
        if key == "windows":
            trace.setdefault(key, []).append(t[0])
        else:
            trace[key] = t[0]
        return out

    windows = [(r, ev(r.window, "windows")) for r in versions]
    in_force = [(r, e) for r, (tv, e) in windows if tv == T]
    if not in_force:
        if all(tv == F for _, (tv, _) in windows):
            evidence = windows[0][1][1]
            return NA, versions[-1], evidence, NO_VERSION, []
        evidence = [e for _, (tv, evs) in windows if tv == U for e in evs]
        return UNKNOWN, versions[-1], evidence, UNDECIDED_VERSION, []
    rule, wev = in_force[0]
    a, aev = ev(rule.applies, "applies")
    if a == F:
        return NA, rule, aev, "", []
    if a == U:
        return UNKNOWN, rule, aev, "", []
    r, rev = ev(rule.requires, "requires")
    if r == T:
        return PASS, rule, rev, "", aev
    if r == F:
        if rule.when_unmet == UNKNOWN:  # a cross-check: what it does not find is to be checked, not refused
            return UNKNOWN, rule, rev, rule.message, aev
        return FAIL, rule, rev, "", aev
    return UNKNOWN, rule, rev, "", aev


NO_VERSION = "付議日に効力のある版がない（施行前または失効後）"
UNDECIDED_VERSION = "付議日が不明または版の境目にかかるため、適用される版を決められません"


@dataclass(frozen=True)
class Judged:
    """A rule's verdict on one case as _judge() decides it, with the trees it was decided on (judge_traced)."""

    verdict: str
    rule: Any  # the version that decided (the latest when none could be chosen)
    evidence: list
    reason: str
    premise: list
    windows: tuple  # ((version, Trace of its window), …) in version order
    chosen: Any  # the version whose window is true, or None
    applies: Trace  # the applies of `rule`
    requires: Trace  # the requires of `rule`
    used: tuple  # the parts the verdict was decided on: "windows", then "applies", "requires" as far as it went


def judge_traced(versions: list, facts: dict) -> Judged:
    """judge_with_premise(), and the condition trees it was decided on. The parts the verdict did not need (the
    requires of a rule that does not apply, the conditions of a rule whose version could not be chosen) are evaluated
    too, for a reader to see, and `used` says which were needed."""
    trace: dict = {}
    verdict, rule, evidence, reason, premise = _judge(versions, facts, trace)
    used = tuple(k for k in ("windows", "applies", "requires") if k in trace)
    for key, cond in (("applies", rule.applies), ("requires", rule.requires)):
        if key not in trace:
            t: list = []
            evaluate(cond, facts, trace=t)
            trace[key] = t[0]
    chosen = next((r for r, t in zip(versions, trace["windows"]) if t.value == T), None)
    return Judged(verdict, rule, _once(evidence), reason, premise, tuple(zip(versions, trace["windows"])), chosen,
                  trace["applies"], trace["requires"], used)


def verdict_of(judged: Judged) -> str:
    """The verdict the trees' top values give (no version in force: 対象外 when every window is false, else 要確認;
    applies F → 対象外, U → 要確認; requires T → 適合, F → 不適合 (要確認 for a cross-check), U → 要確認)."""
    if judged.chosen is None:
        return NA if all(t.value == F for _, t in judged.windows) else UNKNOWN
    a, r = judged.applies.value, judged.requires.value
    if a != T:
        return NA if a == F else UNKNOWN
    if r == T:
        return PASS
    if r == F:
        return UNKNOWN if judged.rule.when_unmet == UNKNOWN else FAIL
    return UNKNOWN


# --- verdicts only --------------------------------------------------------------------------------------------------
# An audit prints one mark per (case, rule) and no deciding facts: for a case without 出所 marks the evaluator needs
# only the verdict. Each condition is then turned once into a closure returning T, F or U, with the semantics of
# evaluate() above (the same three-valued logic, the same comparisons, no evidence lists). tests/test_differential.py
# holds that the two give the same verdict on every (case, rule) of 10,000 synthetic cases and of the real corpus.

def tv_of(cond: Any):
    """A function (facts, item) → T / F / U deciding cond as evaluate() does."""
    if isinstance(cond, Atom):
        return _tv_atom(cond)
    if isinstance(cond, (All, AnyOf)):
        fs = tuple(tv_of(c) for c in cond.items)
        stop, keep = (F, T) if isinstance(cond, All) else (T, F)  # the value that decides at once, and that of none

        def junction(facts, item):
            unknown = False
            for f in fs:
                r = f(facts, item)
                if r == stop:
                    return stop
                if r == U:
                    unknown = True
            return U if unknown else keep
        return junction
    if isinstance(cond, Not):
        f = tv_of(cond.item)
        flip = {T: F, F: T, U: U}
        return lambda facts, item: flip[f(facts, item)]
    if isinstance(cond, (Every, Some)):
        return _tv_quantified(cond)
    if isinstance(cond, DateIn):
        path, start, end = cond.path, cond.start, cond.end

        def date_in(facts, item):
            span = _get(facts, path)
            if not isinstance(span, dict) or "始" not in span:
                return U
            s, e = span["始"], span["終"]
            if (start is None or s >= start) and (end is None or e <= end):
                return T
            if (start is not None and e < start) or (end is not None and s > end):
                return F
            return U
        return date_in
    raise TypeError(f"unknown condition {cond!r}")


def _tv_atom(cond: Atom):
    path, op, arg, relative = cond.path, cond.op, cond.value, cond.relative

    def atom(facts, item):
        src = item if relative else facts
        v = _get(src, path) if src is not None else None
        if op == "stated":
            return F if v is None else T
        if v is None:
            return U
        if op in ("includes", "excludes") and not isinstance(v, list):
            return U
        try:
            return T if _cmp(op, v, arg) else F
        except TypeError:
            return U
    return atom


def _tv_quantified(cond):
    path, every = cond.path, isinstance(cond, Every)
    if cond.cond is None:
        def nonempty(facts, item):
            lst = _get(facts, path)
            if not isinstance(lst, list):
                return U
            return T if lst else F
        return nonempty
    f = tv_of(cond.cond)
    stop, keep = (F, T) if every else (T, F)  # the value that decides at once, and the one of an empty list

    def quantified(facts, item):
        lst = _get(facts, path)
        if not isinstance(lst, list):
            return U
        unknown = False
        for it in lst:
            r = f(facts, it if isinstance(it, dict) else {})
            if r == stop:
                return stop
            if r == U:
                unknown = True
        return U if unknown else keep
    return quantified


class VerdictJudge:
    """The verdict of every rule of a book on one case's facts, as _judge() decides it, without evidence."""

    def __init__(self, book):
        self.rules = [(rid, [(r, tv_of(r.window), tv_of(r.applies), tv_of(r.requires)) for r in versions])
                      for rid, versions in book.rules.items()]

    def __call__(self, facts: dict, skip=None) -> list:
        """[(verdict, the version that decided)] in book order; None for a rule whose place in skip is true (judged by
        the caller another way)."""
        if skip is None:
            return [_verdict(versions, facts) for _, versions in self.rules]
        return [None if s else _verdict(versions, facts) for (_, versions), s in zip(self.rules, skip)]


def _verdict(versions, facts) -> tuple[str, Any]:
    chosen = None
    all_out = True
    for r, w, a, q in versions:
        tv = w(facts, None)
        if tv == T:
            chosen = (r, a, q)
            break
        if tv != F:
            all_out = False
    if chosen is None:
        return (NA if all_out else UNKNOWN), versions[-1][0]
    rule, a, q = chosen
    av = a(facts, None)
    if av == F:
        return NA, rule
    if av == U:
        return UNKNOWN, rule
    rv = q(facts, None)
    if rv == T:
        return PASS, rule
    if rv == F:
        return (UNKNOWN if rule.when_unmet == UNKNOWN else FAIL), rule
    return UNKNOWN, rule
