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
Known traits of durable-rules 2.0.28 this avoids: $nex hangs (never emitted; `stated` reads a presence field), $iall on
an empty list is false (so lists carry a «#件数» length), $or fires once per true branch
(verdicts are de-duplicated), and a rule on the field `sid` hangs (no rule names it).
An $or inside $iany/$iall is mis-evaluated (in isArrayMatch the last alternative tried
decides), so a list quantifier's body is first put in disjunctive normal form: $iany
distributes over it (an $or of $iany, each body one chain of comparisons); $iall over
several alternatives becomes "every item has some copy that satisfies alternative k",
the flattened item carrying copies of itself tagged k = 0, 1, … (all alternatives of one
body then branch on the one field k, which durable-rules evaluates correctly).
durable-rules also allows at most 32 comparisons in one pattern (error 113), and a
catalogue of 事務 is a list of dozens of names: `x in [many]` is therefore carried by a
membership field the codec fills while flattening (true / false, absent when x is), and
the pattern tests that one field.
"""
from __future__ import annotations

import json
from typing import Any

from ..rules.conditions import All, AnyOf, Atom, DateIn, Every, Not, Some
from .facts import LEN_SUFFIX

TRUE: dict = {"$true": 1}  # markers, removed by simplification
FALSE: dict = {"$false": 1}
SEP = "|"
COPIES, TAG = "cp", "k"  # field names inside flattened list items (cases' codes are r0, r1, …)
MAX_TERMS = 64
MEMBER_MIN = 4  # an `in` list longer than this is tested through a membership field


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


class Codec:
    """Short field codes for fact paths: the facts durable-rules sees are flat and small.

    Every action JSON-encodes the facts it matched, so long nested Japanese keys cost time;
    the compiled ruleset reads codes (a0, a1, … for case facts, L0 … for lists, r0 … inside
    list items) and `flatten` builds facts with exactly those codes.
    """

    def __init__(self):
        self.abs: dict[str, str] = {}
        self.lists: dict[str, str] = {}
        self.rel: dict[tuple, str] = {}
        self.copies: dict[str, int] = {}  # list path → how many tagged copies each item carries
        self.members: dict[tuple, str] = {}  # (list path or None, path, values) → membership field
        self.stated: dict[str, str] = {}  # path → presence field (true / false, always there: `stated` never needs $nex)

    def s(self, path: str) -> str:
        return self.stated.setdefault(path, f"s{len(self.stated)}")

    def m(self, lpath: str | None, path: str, values: tuple) -> str:
        return self.members.setdefault((lpath, path, values), f"m{len(self.members)}")

    def c(self, lpath: str, n: int) -> str:
        self.copies[lpath] = max(n, self.copies.get(lpath, 0))
        return COPIES

    def a(self, path: str) -> str:
        return self.abs.setdefault(path, f"a{len(self.abs)}")

    def l(self, path: str) -> str:
        return self.lists.setdefault(path, f"L{len(self.lists)}")

    def r(self, lpath: str, path: str) -> str:
        return self.rel.setdefault((lpath, path), f"r{len(self.rel)}")

    def _make_plan(self):
        by_sheet: dict = {}
        for path, code in self.abs.items():
            head, *rest = path.split(".")
            by_sheet.setdefault(head, []).append((code, tuple(rest), None))
        for (lp, path, values), code in self.members.items():
            if lp is None:
                head, *rest = path.split(".")
                by_sheet.setdefault(head, []).append((code, tuple(rest), _typed(values)))
        lists = []
        for lpath, code in self.lists.items():
            rels = [(c, tuple(p.split(".")), None) for (lp, p), c in self.rel.items() if lp == lpath]
            rels += [(c, tuple(p.split(".")), _typed(vs)) for (lp, p, vs), c in self.members.items() if lp == lpath]
            lists.append((code, tuple(lpath.split(".")), rels, self.copies.get(lpath, 0)))
        self._plan = (self._size(), list(by_sheet.items()), lists, [(c, tuple(p.split("."))) for p, c in self.stated.items()])

    def _size(self):
        return (len(self.abs), len(self.lists), len(self.rel), len(self.members), tuple(self.copies.values()), len(self.stated))

    def flatten(self, facts: dict) -> dict:
        """The case's facts under the codes the compiled rules read (missing facts are left out)."""
        if getattr(self, "_plan", None) is None or self._plan[0] != self._size():
            self._make_plan()
        _, sheets, lists, stated = self._plan
        out = {code: _walk(facts, parts) is not None for code, parts in stated}
        for head, entries in sheets:
            top = facts.get(head)
            if top is None:
                continue
            for code, rest, values in entries:
                v = _walk(top, rest)
                if v is not None:
                    if values is not None:
                        v = _member(v, values)
                    elif type(v) is list:
                        # every test of a list is blind to its order (includes, excludes, every, some, length):
                        # one order for all, so that cases differing only in it are asserted once (Engine.fire)
                        v = sorted(v, key=repr)
                    out[code] = v
        for code, parts, rels, copies in lists:
            items = _walk(facts, parts)
            if not isinstance(items, list):
                continue
            flat_items = []
            for it in items:
                fi = {}
                if isinstance(it, dict):
                    for c, rp, values in rels:
                        v = _walk(it, rp)
                        if v is not None:
                            fi[c] = v if values is None else _member(v, values)
                if copies:
                    fi[COPIES] = [dict(fi, **{TAG: k}) for k in range(copies)]
                flat_items.append(fi)
            out[code] = flat_items
            out[code + "n"] = len(items)
        return out


def _typed(values) -> frozenset:
    """(type, value) pairs: 1 and true are different values, as they are to durable-rules and the evaluator."""
    return frozenset((type(x), x) for x in values)


def _member(v, values: frozenset) -> bool:
    try:
        return (type(v), v) in values
    except TypeError:  # a list or mapping is never one of the listed values
        return False


def _walk(cur, parts):
    for part in parts:
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
        if cur is None:
            return None
    return cur


def _ex(p: str) -> dict:
    return {"$ex": {p: 1}}


_NEG = {"gt": "$lte", "gte": "$lt", "lt": "$gte", "lte": "$gt"}
_POS = {"gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}


def _dnf(e) -> list[list]:
    """e (TRUE/FALSE markers, $and, $or, comparisons) as a list of conjunctions."""
    if e is TRUE:
        return [[]]
    if e is FALSE:
        return []
    if "$or" in e:
        return [t for x in e["$or"] for t in _dnf(x)]
    if "$and" in e:
        terms: list[list] = [[]]
        for x in e["$and"]:
            terms = [t + u for t in terms for u in _dnf(x)]
            if len(terms) > MAX_TERMS:
                raise ValueError("list condition too complex (more than %d alternatives)" % MAX_TERMS)
        return terms
    return [[e]]


class _Compiler:
    """Conditions → durable expressions, reading and naming fact fields through one Codec.

    list_path is the list an `every`/`some` condition is inside (its items' fields are `$i.` relative), else None.
    """

    def __init__(self, codec: Codec):
        self.codec = codec
        self.list_path: str | None = None

    def _p(self, a: Atom) -> str:
        if a.relative:
            return "$i." + self.codec.r(self.list_path, a.path)
        return self.codec.a(a.path)

    def _atom(self, a: Atom, want: bool):
        p = self._p(a)
        op, v = a.op, a.value
        if op == "stated":  # two-valued: present or not (never unknown), read from a presence field the codec always
            return {self.codec.s(a.path): want}  # fills ($nex hangs durable-rules in some rulesets: docs/engine.md)
        if op in ("ne", "not_in", "excludes"):
            op = {"ne": "eq", "not_in": "in", "excludes": "includes"}[op]
            want = not want
        if op == "eq":
            return {p: v} if want else _and(_ex(p), {"$neq": {p: v}})
        if op == "in" and len(v) > MEMBER_MIN:
            m = self.codec.m(self.list_path if a.relative else None, a.path, tuple(v))
            return {("$i." + m) if a.relative else m: want}
        if op == "in":
            return _or(*({p: x} for x in v)) if want else _and(_ex(p), *({"$neq": {p: x}} for x in v))
        if op in _POS:
            return {_POS[op]: {p: v}} if want else _and(_ex(p), {_NEG[op]: {p: v}})
        if op == "includes":
            if a.relative:
                raise ValueError("includes inside every/some is not supported")
            n = self.codec.a(a.path + LEN_SUFFIX)
            if want:
                return {"$iany": {p: {"$i": v}}}
            return _and(_ex(p), _or({n: 0}, {"$iall": {p: {"$neq": {"$i": v}}}}))
        raise ValueError(op)

    def expr(self, c: Any, want: bool):
        """Durable expression that matches exactly when c is surely `want` (T or F)."""
        if isinstance(c, Atom):
            return self._atom(c, want)
        if isinstance(c, All):
            parts = [self.expr(x, want) for x in c.items]
            return _and(*parts) if want else _or(*parts)
        if isinstance(c, AnyOf):
            parts = [self.expr(x, want) for x in c.items]
            return _or(*parts) if want else _and(*parts)
        if isinstance(c, Not):
            return self.expr(c.item, not want)
        if isinstance(c, (Every, Some)):
            return self._quantified(c, want)
        if isinstance(c, DateIn):
            s, e = self.codec.a(c.path + ".始"), self.codec.a(c.path + ".終")
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

    def _quantified(self, c, want: bool):
        if getattr(c, "plain", False):  # a list of values: its length field (filled for every list fact)
            n = self.codec.a(c.path + LEN_SUFFIX)
            return {"$gt": {n: 0}} if want else {n: 0}
        lp = self.codec.l(c.path)
        n = lp + "n"
        outer, self.list_path = self.list_path, c.path
        try:
            return self._quantified_body(c, want, lp, n)
        finally:
            self.list_path = outer

    def _quantified_body(self, c, want: bool, lp: str, n: str):
        if isinstance(c, Every):
            if want:
                inner = self.expr(c.cond, True)
                if inner is TRUE:
                    return _ex(n)
                if inner is FALSE:
                    return {n: 0}
                return _or({n: 0}, self._iall(c.path, lp, inner))
            inner = self.expr(c.cond, False)
            if inner is FALSE:
                return FALSE
            if inner is TRUE:
                return {"$gt": {n: 0}}
            return self._iany(lp, inner)
        if isinstance(c, Some):
            if c.cond is None:
                return {"$gt": {n: 0}} if want else {n: 0}
            if want:
                inner = self.expr(c.cond, True)
                if inner is TRUE:
                    return {"$gt": {n: 0}}
                if inner is FALSE:
                    return FALSE
                return self._iany(lp, inner)
            inner = self.expr(c.cond, False)
            if inner is TRUE:
                return _ex(n)
            if inner is FALSE:
                return {n: 0}
            return _or({n: 0}, self._iall(c.path, lp, inner))

    def _iany(self, lp: str, inner):
        """Some item satisfies inner: an $or of $iany, each over one conjunction."""
        return _or(*({"$iany": {lp: _and(*t)}} for t in _dnf(inner)))

    def _iall(self, lpath: str, lp: str, inner):
        """Every item satisfies inner (lists are non-empty where this is used)."""
        terms = _dnf(inner)
        if len(terms) == 1:
            return {"$iall": {lp: _and(*terms[0])}}
        cp = self.codec.c(lpath, len(terms))
        tag = "$i." + TAG
        alts = _or(*(_and({tag: k}, *t) for k, t in enumerate(terms)))
        return {"$iall": {lp: {"$iany": {"$i." + cp: alts}}}}


def compile_book(book, action_for, codec: Codec | None = None) -> dict:
    """The durable ruleset (name → definition) for a RuleBook.

    action_for(rule_id, version_index, outcome) returns the action callable; the codec
    collects the fact codes the ruleset reads (pass it to flatten the facts).
    """
    pre = _precompiled(book)
    if pre is not None:  # compiled when the book was cached (precompile): the same definitions, these actions
        state, texts, _ = pre
        if codec is not None:
            codec.__dict__.update({k: dict(v) if isinstance(v, dict) else v for k, v in state.items()})
        return {name: {**json.loads(text), "run": action_for(*outcome_of(name))} for name, text in texts.items()}
    expr = _Compiler(codec if codec is not None else Codec()).expr
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


def precompile(book) -> tuple:
    """What the engine needs of the book's definitions, for book.compiled: each durable rule as the JSON text the engine
    is sent (its action left out), the fields each reads, and the codec's state. A cached rule book (checker.cache)
    carries them, so the next process neither compiles nor encodes them (engine_parts). They hold for the very rules
    they were compiled from (the same objects, in the same order), and are not used for any other."""
    codec = Codec()
    rs = compile_book(book, lambda *a: None, codec)
    return tuple(book.all()), dict(vars(codec)), _texts(rs), _reads(rs)


def _precompiled(book):
    pre = getattr(book, "compiled", None)
    if pre is None:
        return None
    rules, state, texts, reads = pre
    now = book.all()
    if len(rules) != len(now) or any(a is not b for a, b in zip(rules, now)):
        return None
    return state, texts, reads


def engine_parts(book, codec: Codec) -> tuple[dict[str, str], dict[str, tuple]]:
    """(rule name → the JSON text of the durable rule, without its action; rule name → the top-level fact fields it
    reads), in compile_book's order, the codec filled as compiling fills it: from the cached book's precompile when it
    has one (compiling, encoding and walking the definitions cost some 15 ms of a start), else compiled now."""
    pre = _precompiled(book)
    if pre is not None:
        state, texts, reads = pre
        codec.__dict__.update({k: dict(v) if isinstance(v, dict) else v for k, v in state.items()})
        return texts, reads
    rs = compile_book(book, lambda *a: None, codec)
    return _texts(rs), _reads(rs)


def outcome_of(name: str) -> tuple:
    """What a durable rule's firing says, read off its name (compile_book names it rule id|version|outcome; the
    version - for the gap between dated versions): (rule id, version index or None, ok / ng / na / gap)."""
    rid, version, outcome = name.rsplit(SEP, 2)
    return rid, None if version == "-" else int(version), outcome


def _texts(definition: dict) -> dict[str, str]:
    return {name: json.dumps({k: v for k, v in d.items() if k != "run"}, ensure_ascii=False) for name, d in definition.items()}


def ruleset_text(texts: dict[str, str]) -> str:
    """A ruleset's definition as JSON text, from its rules' (rule name → engine_parts' text), in order: what
    json.dumps(definition, ensure_ascii=False) gives for the dict of them."""
    return "{" + ", ".join(f"{json.dumps(name, ensure_ascii=False)}: {text}" for name, text in texts.items()) + "}"


def _reads(definition: dict) -> dict[str, tuple]:
    return {name: tuple(sorted(fields_read(d))) for name, d in definition.items()}


def fields_read(rule: dict) -> set:
    """The top-level fact fields a compiled durable rule reads (keys not starting with $)."""
    out: set = set()

    def walk(x, top: bool):
        if isinstance(x, dict):
            for k, v in x.items():
                if k in ("run", "cap"):
                    continue
                if not k.startswith("$") and top and k not in ("all", "m"):
                    out.add(k)
                    continue  # a comparison's value, or an $iall/$iany body over items
                walk(v, top)
        elif isinstance(x, list):
            for v in x:
                walk(v, top)

    walk(rule, True)
    return out


def _add(rs: dict, name: str, cond, action) -> None:
    if cond is FALSE:
        return
    if cond is TRUE:
        cond = {"$ex": {"cid": 1}}
    rs[name] = {"all": [{"m": cond}], "run": action, "cap": 1000}
