"""Rules → durable-rules' declarative JSON ruleset.

Each rule version becomes up to three durable rules, each a single pattern over one
case's fact (so cases never interact, whatever batch they are asserted in):
    <id>|<v>|ok   in force ∧ applies ∧ requires          → 適合
    <id>|<v>|ng   in force ∧ applies ∧ ¬requires         → 不適合
    <id>|<v>|na   in force ∧ ¬applies                    → 対象外
    <id>|-|gap    the date is known and no version is in force → 対象外
Nothing fires when a needed fact is missing: the verdict stays 要確認 (never 適合).
Conditions are compiled in two polarities, "surely true" (T) and "surely false" (F),
with Kleene logic; every comparison first requires the fact to exist.
Known traits of durable-rules 2.0.28 this avoids: $nex on nested paths hangs, $iall on
an empty list is false (so lists carry a «#件数» length), $or fires once per true branch
(verdicts are de-duplicated), and a rule on the field `sid` hangs (no rule names it).
"""
from __future__ import annotations

from typing import Any

from .conditions import All, AnyOf, Atom, DateIn, Every, Not, Some
from .facts import LEN_SUFFIX

TRUE: dict = {"$true": 1}  # markers, removed by simplification
FALSE: dict = {"$false": 1}
SEP = "|"


def _and(*xs):
    xs = [x for x in xs if x is not TRUE]
    if any(x is FALSE for x in xs):
        return FALSE
    if not xs:
        return TRUE
    return xs[0] if len(xs) == 1 else {"$and": list(xs)}


def _or(*xs):
    xs = [x for x in xs if x is not FALSE]
    if any(x is TRUE for x in xs):
        return TRUE
    if not xs:
        return FALSE
    return xs[0] if len(xs) == 1 else {"$or": list(xs)}


def _p(a: Atom) -> str:
    return ("$i." + a.path) if a.relative else a.path


def _ex(p: str) -> dict:
    return {"$ex": {p: 1}}


_NEG = {"gt": "$lte", "gte": "$lt", "lt": "$gte", "lte": "$gt"}
_POS = {"gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}


def _atom(a: Atom, want: bool):
    p = _p(a)
    op, v = a.op, a.value
    if op in ("ne", "not_in", "excludes"):
        op = {"ne": "eq", "not_in": "in", "excludes": "includes"}[op]
        want = not want
    if op == "eq":
        return {p: v} if want else _and(_ex(p), {"$neq": {p: v}})
    if op == "in":
        return _or(*({p: x} for x in v)) if want else _and(_ex(p), *({"$neq": {p: x}} for x in v))
    if op in _POS:
        return {_POS[op]: {p: v}} if want else _and(_ex(p), {_NEG[op]: {p: v}})
    if op == "includes":
        if a.relative:
            raise ValueError("includes inside every/some is not supported")
        if want:
            return {"$iany": {p: {"$i": v}}}
        return _and(_ex(p), _or({p + LEN_SUFFIX: 0}, {"$iall": {p: {"$neq": {"$i": v}}}}))
    raise ValueError(op)


def expr(c: Any, want: bool):
    """Durable expression that matches exactly when c is surely `want` (T or F)."""
    if isinstance(c, Atom):
        return _atom(c, want)
    if isinstance(c, All):
        parts = [expr(x, want) for x in c.items]
        return _and(*parts) if want else _or(*parts)
    if isinstance(c, AnyOf):
        parts = [expr(x, want) for x in c.items]
        return _or(*parts) if want else _and(*parts)
    if isinstance(c, Not):
        return expr(c.item, not want)
    if isinstance(c, Every):
        n = c.path + LEN_SUFFIX
        if want:
            inner = expr(c.cond, True)
            if inner is TRUE:
                return _ex(c.path)
            if inner is FALSE:
                return {n: 0}
            return _or({n: 0}, {"$iall": {c.path: inner}})
        inner = expr(c.cond, False)
        if inner is FALSE:
            return FALSE
        if inner is TRUE:
            return {"$gt": {n: 0}}
        return {"$iany": {c.path: inner}}
    if isinstance(c, Some):
        n = c.path + LEN_SUFFIX
        if c.cond is None:
            return {"$gt": {n: 0}} if want else {n: 0}
        if want:
            inner = expr(c.cond, True)
            if inner is TRUE:
                return {"$gt": {n: 0}}
            if inner is FALSE:
                return FALSE
            return {"$iany": {c.path: inner}}
        inner = expr(c.cond, False)
        if inner is TRUE:
            return _ex(c.path)
        if inner is FALSE:
            return {n: 0}
        return _or({n: 0}, {"$iall": {c.path: inner}})
    if isinstance(c, DateIn):
        s, e = c.path + ".始", c.path + ".終"
        if want:
            return _and(
                {"$gte": {s: c.start}} if c.start is not None else TRUE,
                {"$lte": {e: c.end}} if c.end is not None else TRUE,
            )
        return _or(
            {"$lt": {e: c.start}} if c.start is not None else FALSE,
            {"$gt": {s: c.end}} if c.end is not None else FALSE,
        )
    raise TypeError(f"unknown condition {c!r}")


def compile_book(book, action_for) -> dict:
    """The durable ruleset (name → definition) for a RuleBook.

    action_for(rule_id, version_index, outcome) returns the action callable.
    """
    rs: dict = {}
    for rid, versions in book.rules.items():
        for r in versions:
            w = expr(r.window, True)
            app_t, app_f = expr(r.applies, True), expr(r.applies, False)
            req_t, req_f = expr(r.requires, True), expr(r.requires, False)
            for outcome, cond in (
                ("ok", _and(w, app_t, req_t)),
                ("ng", _and(w, app_t, req_f)),
                ("na", _and(w, app_f)),
            ):
                _add(rs, f"{rid}{SEP}{r.version}{SEP}{outcome}", cond, action_for(rid, r.version, outcome))
        if any(r.dated for r in versions):
            gap = _and(*(expr(r.window, False) for r in versions))
            _add(rs, f"{rid}{SEP}-{SEP}gap", gap, action_for(rid, None, "gap"))
    return rs


def _add(rs: dict, name: str, cond, action) -> None:
    if cond is FALSE:
        return
    if cond is TRUE:
        cond = {"$ex": {"cid": 1}}
    rs[name] = {"all": [{"m": cond}], "run": action, "cap": 1000}


def needed_paths(book) -> dict:
    """Tree of the fact keys the compiled rules read (facts are projected to it)."""
    tree: dict = {}

    def add(path: str, whole: bool = True):
        parts = path.split(".")
        node = tree
        for p in parts[:-1]:
            nxt = node.get(p)
            if nxt is True:
                return
            node = node.setdefault(p, {})
        node[parts[-1]] = True

    for r in book.all():
        add("付議日")
        for base, path in r.fact_paths():
            if base is not None:
                continue  # inside a list: the list itself is taken whole
            add(path)
            add(path + LEN_SUFFIX)
    return tree


def project(facts: dict, tree: dict) -> dict:
    out = {}
    for k, sub in tree.items():
        if k not in facts:
            continue
        v = facts[k]
        if sub is True:
            out[k] = v
        elif isinstance(v, dict):
            pv = project(v, sub)
            if pv:
                out[k] = pv
    return out
