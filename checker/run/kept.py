"""An audit's verdicts kept between runs: a case judged before, on the same content and the same rule book, is not
judged again (checker.cache, kind KIND).

What is kept is what the audit's runs hold (Engine.iter_run explain=False): per rule, in book order, the outcome, the
version that decided (its place among the rule's versions) and the provenance of its footing. The key is the case file's
content key (input.loader.load_case_keyed: its bytes, its kind, and this checker: sources, Python, pydantic, PyYAML) and
the book's (RuleBook.cache_key: every rule, catalogue and 法令 file, and durable-rules' version). So a kept entry was
judged by durable-rules and the independent evaluator, which agreed, on the same facts with the same rules and the same
code; nothing else decides a verdict (the day of the run plays no part; 承諾・免除 are set on the verdicts after the
engine, by run.waivers, on every run). A kept run (KeptRun) has no facts (None): the audit's rows do not read them;
its Verdicts are made only when asked for (a case with 承諾・免除), the row being made from what was kept (audit._row).

Not kept: a case whose content is not its file's alone (a 実施結果 linked to its 素案 takes the 素案's date: the audit
passes no key for it), a case read without the cache, a book not loaded through it.
"""
from __future__ import annotations

from .. import cache
from ..engine import CaseRun
from ..verdict import FAIL, NA, PASS, UNKNOWN, Verdict

KIND = "verdicts"
OUTCOMES = (PASS, FAIL, UNKNOWN, NA)  # an outcome as kept: its place here
_CODE = {o: i for i, o in enumerate(OUTCOMES)}


def runs(engine, cases: list[tuple[str, object]], keys: dict, chunk: int | None = None) -> list[CaseRun]:
    """engine.iter_run(cases, chunk, explain=False), each case whose verdicts were kept under (its key in keys, the
    book's) read back instead of judged, and those judged now kept."""
    book = engine.book
    store = cache.store() if book.cache_key else None
    if store is None:
        return list(engine.iter_run(cases, chunk, explain=False))
    out: list = [None] * len(cases)
    todo, where = [], []
    for i, (cid, case) in enumerate(cases):
        ck = keys.get(cid)
        k = cache.key(KIND, ck, book.cache_key) if ck else None
        got = store.get(KIND, k) if k else None
        if got is None or not fits(book, got):
            todo.append((cid, case))
            where.append((i, k))
        else:
            out[i] = KeptRun(cid, case, book, got)
    if todo:
        places = _places(book)
        for (i, k), run in zip(where, engine.iter_run(todo, chunk, explain=False)):
            out[i] = run
            if k:
                store.put(KIND, k, pack(places, run.verdicts))
    return out


def _places(book) -> list[dict]:
    """Per rule (book order): id of a version → its place among the rule's versions."""
    return [{id(r): j for j, r in enumerate(vs)} for vs in book.rules.values()]


def pack(places: list[dict], verdicts: list) -> tuple:
    """(outcomes, versions, provenance): a byte per rule for its outcome and one for the place of the version that
    decided; the provenance of the verdicts that have one, by their place."""
    return (bytes([_CODE[v.verdict] for v in verdicts]),
            bytes([p[id(v.rule)] for p, v in zip(places, verdicts)]),
            tuple((k, v.provenance) for k, v in enumerate(verdicts) if v.provenance))


class KeptRun:
    """A CaseRun read back: `packed` is what pack kept; its verdicts are made from it when first asked for."""

    __slots__ = ("case_id", "case", "facts", "packed", "_book", "_verdicts")

    def __init__(self, case_id: str, case, book, packed: tuple):
        self.case_id, self.case, self.facts, self.packed, self._book = case_id, case, None, packed, book
        self._verdicts = None

    @property
    def verdicts(self) -> list:
        if self._verdicts is None:
            self._verdicts = unpack(self._book, self.case_id, self.packed)
        return self._verdicts


def fits(book, kept) -> bool:
    """Whether kept is what pack makes for this book: a byte per rule, each a known outcome and version, and the
    provenance of verdicts that are there."""
    rules = book.rules
    if not (isinstance(kept, tuple) and len(kept) == 3 and isinstance(kept[0], bytes) and isinstance(kept[1], bytes)
            and len(kept[0]) == len(kept[1]) == len(rules) and isinstance(kept[2], tuple)):
        return False
    if max(kept[0], default=0) >= len(OUTCOMES) or any(j >= len(vs) for vs, j in zip(rules.values(), kept[1])):
        return False
    return all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[0], int) and 0 <= p[0] < len(rules) for p in kept[2])


def unpack(book, cid: str, kept) -> list | None:
    """The verdicts pack kept, as case cid's; None when kept is not such an entry for this book."""
    rules = book.rules
    if not fits(book, kept):
        return None
    out = []
    try:
        for (rid, versions), o, j in zip(rules.items(), kept[0], kept[1]):
            out.append(Verdict(cid, rid, OUTCOMES[o], versions[j]))
        for k, prov in kept[2]:
            out[k].provenance = prov
    except (IndexError, TypeError, ValueError):
        return None
    return out
