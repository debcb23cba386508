"""Make rules/examples/<pack>.yaml from the real cases (a dev tool, not part of the checker package).

    python tools/make_examples.py                      # write every examples file (about 2 minutes on one core)
    python tools/make_examples.py --cache /tmp/x.pkl   # keep the search in a file and reuse it (to rework the words only)
    python tools/make_examples.py --only TOKKI-05 ...  # those rules only, printed (for trying; --dry-run prints all)

For each rule and each outcome (適合・不適合・要確認):
1. a hand-written example of that outcome (tools/examples_hand.yaml 手で書いた例) when there is one: written where no real
   case reaches the outcome, or where the real cases give only a poor example;
2. else the real cases (cases/) whose verdict for that rule, judged alone as `checker test` judges an example, is that
   outcome: each is reduced greedily to a small part of its written data that still gives it (the same version; for
   要確認 the same entries lacking; 付議日 and 区分 kept, an entry of a list keeps its name; sections, then keys, then list
   entries deleted; a long text cut to its first sentence), the 付議日 set to 2023-12-21 when the same version decides
   the same way then; the smallest is kept (for 要確認, the one lacking the fewest entries);
3. else one of the examples of 1–2 (適合 first for 不適合 and 要確認, 不適合 first for 適合) with ONE fact changed (a key
   deleted or written 不明 → 要確認; あり/なし flipped, ○ → ー with or without a reason, a text → 「なし」, a choice
   changed, a fact the rule reads added), nothing else taken away;
4. else up to three facts changed (a beam search towards the target), from those examples, then from a real case the
   rule does not apply to and from the other rules' examples of the pack.
An outcome none of these reaches must be in examples_hand.yaml ありえない (with the reason, checked against the rule's
conditions) or is reported. Leaves most examples of a file share go to its 既定 (an example the 既定 would change writes
the fact 不明). Each 説明 says what decides the example (its deciding facts, as the evaluator gives them) and where it came
from (the case, or the example and the facts changed); examples_hand.yaml 説明 rewords a few; 追加 adds examples beyond the
three; そのまま keeps TOKKI-10's first examples as written.

Judging uses the independent evaluator as checker.engine.Engine._run does (read_case, to_facts, judge_with_premise);
`checker test` then runs every example through durable-rules and the evaluator together.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from checker.engine.bases import read_case  # noqa: E402
from checker.engine.facts import to_facts  # noqa: E402
from checker.engine.oracle import judge_with_premise  # noqa: E402
from checker.errors import InputError, InputErrors  # noqa: E402
from checker.input.loader import case_from_data, read_case_data  # noqa: E402
from checker.input.yamlio import LineMap  # noqa: E402
from checker.model import Case  # noqa: E402
from checker.model.schema import fields_of, written_as  # noqa: E402
from checker.rules.conditions import All, AnyOf, Atom, Every, Not, Some  # noqa: E402
from checker.rules.examples import FILLED, merge  # noqa: E402
from checker.run import load_book  # noqa: E402
from checker.verdict import FAIL, NA, PASS, UNKNOWN  # noqa: E402

OUTCOMES = (PASS, FAIL, UNKNOWN)
KEEP = ("付議日", "区分")  # every example says when and what kind of proposal it is
DROP = ("出典", "出所", "件名", "担当課", "番号", "審議結果", "備考")  # transcription notes; 件名・担当課 are filled (FILLED)
UNK = "不明"

# ---------------------------------------------------------------------------------------------------------------------
# judging


class Judge:
    def __init__(self):
        self.book = load_book([ROOT / "rules"])
        self.cache: dict = {}

    def case(self, data: dict):
        """The Case of an example's data (merged over FILLED as checker.rules.examples does), or None when invalid."""
        try:
            case = case_from_data(merge(copy.deepcopy(FILLED), copy.deepcopy(data)), LineMap(), "<例>")
        except (InputError, InputErrors):
            return None
        if self.book.provisions is not None:
            read_case(case, self.book.provisions)
        return case

    def facts(self, data: dict):
        key = _key(data)
        if key not in self.cache:
            case = self.case(data)
            self.cache[key] = (case, to_facts(case) if case is not None else None)
        return self.cache[key]

    def verdict(self, data: dict, rid: str):
        """(verdict, evidence, reason, case) of one rule; None when the data is no valid case."""
        case, facts = self.facts(data)
        if case is None:
            return None
        v, _rule, evidence, reason, _premise = judge_with_premise(self.book.rules[rid], facts)
        return v, evidence, reason, case

    def outcome(self, data: dict, rid: str):
        r = self.verdict(data, rid)
        return None if r is None else r[0]


def _key(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=True, default_flow_style=True, width=10**9)


# ---------------------------------------------------------------------------------------------------------------------
# paths in plain data


def nodes(d, prefix=()):
    """Every path (keys and list indices) in pre-order."""
    if isinstance(d, dict):
        for k, v in d.items():
            p = prefix + (k,)
            yield p
            yield from nodes(v, p)
    elif isinstance(d, list):
        for i, v in enumerate(d):
            p = prefix + (i,)
            yield p
            yield from nodes(v, p)


def get(d, path):
    for p in path:
        d = d[p]
    return d


def has(d, path) -> bool:
    try:
        get(d, path)
        return True
    except (KeyError, IndexError, TypeError):
        return False


def deleted(d, path):
    out = copy.deepcopy(d)
    parent = get(out, path[:-1])
    del parent[path[-1]]
    return out


def with_value(d, path, value):
    """A copy with the value at path set (missing mappings made; a list index past the end appends)."""
    out = copy.deepcopy(d)
    cur = out
    for i, p in enumerate(path[:-1]):
        nxt = path[i + 1]
        if isinstance(cur, dict):
            if p not in cur or not isinstance(cur[p], (dict, list)):
                cur[p] = [] if isinstance(nxt, int) else {}
            cur = cur[p]
        else:
            while len(cur) <= p:
                cur.append({})
            cur = cur[p]
    last = path[-1]
    if isinstance(cur, list):
        while len(cur) <= last:
            cur.append(None)
    cur[last] = value
    return out


def size(d) -> int:
    """How much a reader reads: leaves count most, then the length of the texts."""
    n = 0
    for p in nodes(d):
        v = get(d, p)
        if not isinstance(v, (dict, list)):
            n += 20 + len(str(v)) // 8
    return n


def kind_at(path):
    """The model Kind at a path of labels and indices (None when not in the model)."""
    model, kind = Case, None
    for part in path:
        if isinstance(part, int):
            if kind is not None and kind.kind == "list":
                kind = kind.item
            continue
        if model is None:
            return None
        kind = fields_of(model).get(part)
        if kind is None:
            return None
        model = kind.model if kind.kind in ("sheet", "items") else None
    return kind


# ---------------------------------------------------------------------------------------------------------------------
# reducing


def first_sentence(s: str) -> str | None:
    """The text up to its first 。 or line break outside brackets (None when there is no shorter sentence)."""
    s = s.strip()
    depth = 0
    for i, c in enumerate(s):
        if c in "（(「『【":
            depth += 1
        elif c in "）)」』】":
            depth -= 1
        elif depth == 0 and c in "。\n" and 0 < i < len(s) - 1:
            return s[: i + (1 if c == "。" else 0)].strip()
    return None


def reduce(data: dict, ok, protect=()) -> dict:
    """Greedily the smallest part of data for which ok(data) still holds: delete each node (pre-order; a deleted node's
    children are not visited), then cut long texts to their first sentence. Paths in protect (and their ancestors) stay."""
    keep = set()
    for p in protect:
        for i in range(1, len(p) + 1):
            keep.add(tuple(p[:i]))

    def kept(p):
        return (len(p) == 1 and p[0] in KEEP) or p in keep or any(p == q[: len(p)] for q in keep)

    state = {"data": data}

    def walk(prefix):
        node = get(state["data"], prefix)
        k = kind_at(prefix) if prefix else None
        if k is not None and k.kind == "map":
            return  # name → value pairs (対象者数の内訳) are one statement: kept whole or deleted whole
        if isinstance(node, dict):
            keys = list(node.keys())
        elif isinstance(node, list):
            keys = list(reversed(range(len(node))))  # from the end: the earlier indices stay valid
        else:
            return
        for k in keys:
            p = prefix + (k,)
            if isinstance(node, list) and len(get(state["data"], prefix)) == 1:
                walk(p)  # the last entry stays (an empty list says なし, another fact): the whole list may go above
                continue
            if isinstance(k, str) and k in NAME_KEYS and prefix and isinstance(prefix[-1], int):
                continue  # an entry keeps its name (事務, 名称, 再委託先 …): the reader sees which one it is
            if not kept(p):
                cand = deleted(state["data"], p)
                if ok(cand):
                    state["data"] = cand
                    continue
            walk(p)

    for _ in range(2):
        before = _key(state["data"])
        walk(())
        for p in list(nodes(state["data"])):
            v = get(state["data"], p)
            if isinstance(v, str) and len(v) > 40 and p not in keep:
                s = first_sentence(v)
                if s and len(s) < len(v):
                    cand = with_value(state["data"], p, s)
                    if ok(cand):
                        state["data"] = cand
        if _key(state["data"]) == before:
            break
    data = state["data"]
    return data


# ---------------------------------------------------------------------------------------------------------------------
# changes of one fact


SAMPLE_TEXT = "（記載あり）"
NAME_KEYS = {"事務", "名称", "再委託先", "委託事項", "委託先"}  # what names an entry of a list


@dataclass
class Change:
    path: tuple
    value: object  # DELETE for a deleted key
    words: str  # what the change made, as the 説明 says it ("区の承諾 を なし にした")

    def __post_init__(self):
        self.words = self.words.replace("」 を", "」を")


class _Delete:
    def __reduce__(self):  # pickled as the one sentinel (--cache)
        return "DELETE"

    def __repr__(self):
        return "DELETE"


DELETE = _Delete()


def label(path) -> str:
    """A path of labels as a person reads it: 再委託 の 区の承諾, チェックリスト「特記事項等の遵守」."""
    parts = [p for p in path if not isinstance(p, int)]
    if not parts:
        return ""
    k = kind_at(path)
    if k is not None and k.kind == "answer":
        group = parts[-2] if len(parts) >= 2 else ""
        if group == "チェックリスト":
            return f"チェックリスト「{parts[-1]}」"
        return f"{group}「{parts[-1]}」"
    if len(parts) >= 2 and isinstance(path[-2] if len(path) >= 2 else None, int):
        return f"{SHORT.get(parts[-2], parts[-2])}の{parts[-1]}"
    if len(parts) >= 2 and parts[-1] in GENERIC:
        return f"{parts[-2]}の{parts[-1]}"
    return parts[-1]


SHORT = {"特定個人情報ファイルの取扱いの委託": "番号法の委託"}
GENERIC = {"実施", "開始", "終了", "日数", "根拠", "事務", "種別", "保有課", "登録業務の名称", "会議", "付議日", "案件", "結果",
           "実施者", "チェックリスト", "情報保護対策", "提供先", "再委託先", "委託先"}


def shown(v) -> str:
    if v is True:
        return "あり"
    if v is False:
        return "なし"
    if v is None or v == "":
        return "空欄"
    if isinstance(v, list):
        return "なし" if not v else "・".join(map(str, v))
    if isinstance(v, (dt.date,)):
        return f"{v:%Y-%m-%d}"
    return str(v)


def changes(data: dict, rid: str, judge: Judge, target) -> list[Change]:
    """The one-fact changes to try, in the order preferred for the target outcome."""
    out: list[Change] = []
    leaves = []
    for p in nodes(data):
        v = get(data, p)
        if p and p[0] in KEEP and len(p) == 1:
            continue
        k = kind_at(p)
        if isinstance(v, dict) and not (k is not None and k.kind in ("list", "items")):
            if k is not None and k.kind == "answer":
                leaves.append((p, v, k))
            continue
        leaves.append((p, v, k))
    for p, v, k in leaves:
        lab = label(p)
        if target == UNKNOWN:
            out.append(Change(p, DELETE, f"{lab} を書かない"))
            if not isinstance(p[-1], int) and not (k is not None and k.kind == "items"):
                out.append(Change(p, UNK, f"{lab} を 不明 とした"))
            continue
        if k is None:
            continue
        if isinstance(v, list) and k.kind not in ("list", "items"):
            out.append(Change(p, "なし", f"{lab} を「なし」にした"))  # a text written as lines: changed as a whole
            continue
        if isinstance(p[-1], int) and (pk := kind_at(p[:-1])) is not None and pk.kind == "str":
            continue
        if k.kind == "bool":
            b = _flag(v)
            if b is not None:
                out.append(Change(p, "なし" if b else "あり", f"{lab} を {'なし' if b else 'あり'} にした"))
        elif k.kind == "answer":
            mark = v if isinstance(v, str) else (v.get("回答") if isinstance(v, dict) else None)
            if mark and mark.strip().startswith("○"):
                out.append(Change(p, REASONED, f"{lab} を {REASONED} にした"))
                out.append(Change(p, "ー", f"{lab} を ー（理由なし）にした"))
                out.append(Change(p, "", f"{lab} を 空欄 にした"))
            else:
                out.append(Change(p, "○", f"{lab} を ○ にした"))
        elif k.kind == "enum":
            for alt in k.values:
                if alt != v:
                    out.append(Change(p, alt, f"{lab} を {alt} にした"))
        elif k.kind == "str":
            if v not in ("なし", ""):
                out.append(Change(p, "なし", f"{lab} を「なし」にした"))
            else:
                out.append(Change(p, SAMPLE_TEXT, f"{lab} を書いた"))
        elif k.kind == "list":
            if v:
                out.append(Change(p, "なし", f"{lab} を「なし」にした"))
            if not k.values:
                out.append(Change(p, [""], f"{lab} を空の行だけにした"))
            for alt in k.values:
                if [alt] != v:
                    out.append(Change(p, [alt], f"{lab} を {alt} にした"))
        elif k.kind == "items":
            if v:
                out.append(Change(p, "なし", f"{lab} を「なし」にした"))
        elif k.kind == "count":
            for alt in COUNTS.get(p[-1], COUNTS[None]):
                if alt != v:
                    out.append(Change(p, alt, f"{lab} を {alt} にした"))
    # facts the rule reads that the data does not write: add them
    for p, values in read_paths(judge.book.rules[rid], data):
        if p[-1] in COUNTS:
            values = COUNTS[p[-1]]
        for val in values:
            out.append(Change(p, val, f"{label(p)} を {shown(val)} と書き足した"))
    if target == UNKNOWN:
        out.append(Change(("付議日",), UNK, "付議日 を 不明 とした"))
    else:
        for d in (dt.date(2023, 3, 1), dt.date(2023, 12, 21), dt.date(2024, 6, 3)):
            if data.get("付議日") != d:
                out.append(Change(("付議日",), d, f"付議日 を {d:%Y-%m-%d} にした"))
    return out


def _flag(v):
    if v in (True, "あり", "はい", "true"):
        return True
    if v in (False, "なし", "いいえ", "false"):
        return False
    return None


def candidate_values(k) -> list:
    if k is None:
        return []
    if k.kind == "bool":
        return ["あり", "なし"]
    if k.kind == "enum":
        return list(k.values)
    if k.kind == "answer":
        return ["○", REASONED, "ー"]
    if k.kind == "str":
        return [SAMPLE_TEXT, "なし"]
    if k.kind == "list":
        if k.values:
            return [[v] for v in k.values] + ["なし"]
        return [[SAMPLE_TEXT], "なし"]
    if k.kind == "count":
        return list(COUNTS[None])
    return []


COUNTS = {None: ("0人", "500人", "1,000人", "50,000人", "200,000人", "346,313人"), "台数": ("0台", "2台")}


def atoms(cond, prefix=()):
    """(absolute path of labels, relative) for each fact a condition reads; list quantifiers give (list path, item path)."""
    if isinstance(cond, Atom):
        yield (prefix, cond.path) if cond.relative else ((), cond.path)
    elif isinstance(cond, (All, AnyOf)):
        for c in cond.items:
            yield from atoms(c, prefix)
    elif isinstance(cond, Not):
        yield from atoms(cond.item, prefix)
    elif isinstance(cond, (Every, Some)):
        yield ((), cond.path)
        if cond.cond is not None:
            yield from atoms(cond.cond, tuple(cond.path.split(".")))


def read_paths(versions, data):
    """(written path, values to try) for the entries the rule reads that data does not write."""
    seen = set()
    out = []
    for r in versions:
        for cond in (r.applies, r.requires):
            for lst, path in atoms(cond):
                for w in written_as(path):
                    parts = tuple(w.split("."))
                    if lst:
                        full = lst + (0,) + parts
                    else:
                        full = parts
                        if parts and parts[-1] in ("回答", "理由あり", "始", "終", "値", "約"):
                            full = parts[:-1]
                    if full in seen or has(data, full):
                        continue
                    seen.add(full)
                    k = kind_at(full)
                    if k is not None and k.kind == "items":
                        continue
                    vals = candidate_values(k)
                    if vals:
                        out.append((full, vals))
    return out


def apply(data, ch: Change):
    if ch.value is DELETE:
        return deleted(data, ch.path)
    return with_value(data, ch.path, ch.value)


# ---------------------------------------------------------------------------------------------------------------------
# examples


@dataclass
class Ex:
    rid: str
    outcome: str
    data: dict | None  # the whole case (before 既定 is factored out)
    origin: str  # where it came from (№31, 平成27年度 団体内統合宛名, 手で書いた例)
    change: Change | None = None
    note: str = ""
    impossible: str = ""
    raw: dict | None = None  # an example kept as written (TOKKI-10's hand-written ones)
    extra: bool = False  # beyond the three required (対象外)
    changes: list = field(default_factory=list)
    base: "Ex | None" = None  # the example it was changed from


def origin_of(path: Path, data: dict) -> str:
    m = re.match(r"(\d+)_", path.name)
    if path.parent.name == "seeds":
        return {"001": "平成27年度の団体内統合宛名の案件", "002": "平成29年度の子育てワンストップの案件",
                "004": "ぴったり電子申請（災害弔慰金）の案件"}.get(m.group(1) if m else "", path.stem)
    n = data.get("番号") or (int(m.group(1)) if m else None)
    return f"№{n}" if n else path.stem


def real_cases():
    out = []
    for f in sorted((ROOT / "cases").rglob("*.yaml")):
        if f.name.startswith("_"):
            continue
        data, _lines = read_case_data(f)
        origin = origin_of(f, data)
        data = {k: v for k, v in data.items() if k not in DROP}
        out.append((origin, data))
    return out


def signature(judge: Judge, data, rid):
    """What must stay the same while reducing: the verdict and the version, and for 要確認 the entries it lacks. An
    entry of a list left as an empty mapping is refused (a 委託先 with nothing written reads as a slip)."""
    if any(isinstance(x, dict) and not x for p in nodes(data) if isinstance(p[-1], int) for x in [get(data, p)]):
        return None
    case, facts = judge.facts(data)
    if case is None:
        return None
    v, rule, evidence, reason, _premise = judge_with_premise(judge.book.rules[rid], facts)
    if v == NA:
        return v, rule.version, not reason  # in force (no reason) or not in force on the 付議日
    if v == UNKNOWN:
        lack = {re.sub(r"\[\d+\]", "", w) for p, val in evidence if val is None for w in written_as(p)}
        return v, rule.version, tuple(sorted(lack)), reason
    return v, rule.version


STANDARD_DATE = dt.date(2023, 12, 21)  # the 付議日 of most examples (the meeting of №27〜41); 既定 of most files


def reduced(judge: Judge, data, rid, protect=()):
    want = signature(judge, data, rid)
    out = reduce(data, lambda d: signature(judge, d, rid) == want, protect)
    if out.get("付議日") != STANDARD_DATE and ("付議日",) not in protect:
        cand = dict(out, 付議日=STANDARD_DATE)
        if signature(judge, cand, rid) == want:  # the same version decides the same way on the usual day
            out = cand
    return out


def from_real(judge: Judge, cases, rid, target, limit=6):
    latest = judge.book.rules[rid][-1].version
    found = [(o, d) for o, d in cases if judge.outcome(d, rid) == target]
    if target == NA:  # a starting point for other outcomes: a case the rule is in force for, that only does not apply
        found = [(o, d) for o, d in found if in_force(judge, d, rid)]
    # the version in force today first (a real case of the 平成 forms only when no 令和 case has the outcome); for 要確認
    # the case lacking the fewest entries (it shows which one entry decides)
    found.sort(key=lambda od: (version_of(judge, od[1], rid) != latest, lacking(judge, od[1], rid)))
    best = None
    for origin, d in found[:limit]:
        r = reduced(judge, d, rid)
        score = (version_of(judge, r, rid) != latest, lacking(judge, r, rid), size(r))
        if best is None or score < best[0]:
            best = (score, origin, r)
    return best and best[1:]


def in_force(judge: Judge, data, rid) -> bool:
    from checker.engine.oracle import T, evaluate

    _c, facts = judge.facts(data)
    return any(evaluate(r.window, facts)[0] == T for r in judge.book.rules[rid])


def lacking(judge: Judge, data, rid) -> int:
    sig = signature(judge, data, rid)
    return len(sig[2]) if sig and sig[0] == UNKNOWN else 0


def version_of(judge: Judge, data, rid) -> int:
    _c, facts = judge.facts(data)
    return judge_with_premise(judge.book.rules[rid], facts)[1].version


def derive(judge: Judge, bases: list, rid, target):
    """The smallest example one change away from one of bases [(Ex)] with the target outcome."""
    best = None
    for base in bases:
        for ch in changes(base.data, rid, judge, target):
            try:
                cand = apply(base.data, ch)
            except (KeyError, IndexError, TypeError):
                continue
            if judge.outcome(cand, rid) != target:
                continue
            r = cand  # the base with one change, nothing else taken away (the 説明 says what changed)
            score = (_order(ch), not reads_directly(judge, rid, ch.path), size(r))
            if best is None or score < best[0]:
                best = (score, base, ch, r)
        if best is not None:
            break  # the first base that can be changed: the rule's own examples come first
    if best is None:
        return None
    _, base, ch, r = best
    return Ex(rid, target, r, base.origin, ch, changes=[ch], base=base)


def reads_directly(judge: Judge, rid, path) -> bool:
    """Whether the rule names the entry itself (not a fact derived from it, nor the 付議日 or the 区分)."""
    want = ".".join(p for p in path if not isinstance(p, int))
    for r in judge.book.rules[rid]:
        for lst, a in (x for cond in (r.requires,) for x in atoms(cond)):
            full = ".".join(list(lst) + [a]) if lst else a
            if full == want or full.rsplit(".", 1)[0] == want:
                return True
    return False


def progress(judge: Judge, data, rid, target):
    """How close data is to giving the target (larger is closer): the rule applying, then fewer missing facts."""
    from checker.engine.oracle import T, U, evaluate

    r = judge.verdict(data, rid)
    if r is None:
        return None
    v, evidence, _reason, _case = r
    if v == target:
        return (9, 0)
    _c, facts = judge.facts(data)
    versions = judge.book.rules[rid]
    in_force = [x for x in versions if evaluate(x.window, facts)[0] == T]
    if not in_force:
        return (0, 0)
    rule = in_force[0]
    a, aev = evaluate(rule.applies, facts)
    if a == U:
        return (1, -len({p for p, val in aev if val is None}))
    if a != T:
        return (0, 0)
    q, qev = evaluate(rule.requires, facts)
    if q != U:  # decided the other way: after an unknown premise (often one fact from flipping)
        return (0.5, 0)
    return (2, -len({p for p, val in qev if val is None}))


def complete(judge: Judge, bases: list, rid, target, depth=3, beam=10):
    """Up to `depth` facts added or changed (a beam search: at each step the `beam` states closest to the target go on).
    The example with the fewest changes wins, then the smallest."""
    for base in bases:
        level = [(progress(judge, base.data, rid, target), base.data, [])]
        seen = {_key(base.data)}
        for _ in range(depth):
            nxt, hits = [], []
            for _pr, data, done in level:
                for ch in changes(data, rid, judge, target):
                    if any(c.path == ch.path for c in done):
                        continue
                    try:
                        cand = apply(data, ch)
                    except (KeyError, IndexError, TypeError):
                        continue
                    k = _key(cand)
                    if k in seen:
                        continue
                    seen.add(k)
                    pr = progress(judge, cand, rid, target)
                    if pr is None:
                        continue
                    if pr[0] == 9:
                        hits.append((cand, done + [ch]))
                    else:
                        nxt.append((pr, cand, done + [ch]))
            if hits:
                best = None
                for cand, done in hits:
                    r = cand
                    if best is None or size(r) < size(best[0]):
                        best = (r, done)
                r, done = best
                return Ex(rid, target, r, base.origin, done[0], changes=done, base=base)
            nxt.sort(key=lambda x: x[0], reverse=True)
            level = nxt[:beam]
            if not level:
                break
    return None


CHANGE_ORDER = {"書かない": 0, "とした": 1}


REASONED = "ー（対策の必要がない）"  # the checklist's legend: 「対策の必要がない場合は「ー」」


def _order(ch: Change) -> int:
    if ch.path == ("付議日",):
        return 3  # an unknown or other 付議日 only when no fact of the rule's own gives the outcome
    if ch.value == REASONED:
        return 1  # a rule that refuses ー even with its reason (○ is required): the example shows just that
    return CHANGE_ORDER.get(ch.words.split()[-1], 2)


def make(judge: Judge, only=None, verbose=False):
    cases = real_cases()
    book = judge.book
    by_pack: dict[str, list[str]] = {}
    for rid in book.ids():
        by_pack.setdefault(Path(book.latest(rid).file).name, []).append(rid)
    result: dict[str, list[Ex]] = {}
    missing = []
    for pack, rids in by_pack.items():
        for rid in rids:
            if only and rid not in only:
                continue
            if rid in HAND:
                result[rid] = [Ex(rid, e["判定"], None, "", raw=e) for e in yaml.safe_load(HAND[rid])]
                result[rid][0].raw_text = HAND[rid]
                continue
            exs: dict[str, Ex] = {}
            hand = [Ex(rid, "", hand_case(b["案件"]), "手で書いた例", note=b["説明"]) for b in BASES.get(rid, [])]
            for target in OUTCOMES:
                # a hand-written example of this outcome is there because the real cases give a poor one (or none)
                ex = next((Ex(rid, target, h.data, h.origin, note=h.note) for h in hand if judge.outcome(h.data, rid) == target), None)
                if ex is None and target not in IMPOSSIBLE.get(rid, {}):
                    got = from_real(judge, cases, rid, target)
                    ex = got and Ex(rid, target, got[1], got[0])
                if ex:
                    exs[target] = ex
            for target in OUTCOMES:
                if target in exs or target in IMPOSSIBLE.get(rid, {}):
                    continue
                prefer = {PASS: (FAIL, UNKNOWN), FAIL: (PASS, UNKNOWN), UNKNOWN: (PASS, FAIL)}[target]
                bases = [exs[o] for o in prefer if o in exs] + hand
                ex = derive(judge, bases, rid, target)
                if ex is None:
                    ex = complete(judge, bases, rid, target)
                if ex is None:
                    # a real case where the rule does not apply, then the examples of the other rules of the pack
                    na = from_real(judge, cases, rid, NA)
                    others = ([Ex(rid, NA, na[1], na[0])] if na else []) + \
                        [e for r2 in rids if r2 != rid for e in result.get(r2, []) if e.data is not None]
                    ex = derive(judge, others, rid, target) or complete(judge, others[:8], rid, target)
                if ex is not None:
                    exs[target] = ex
            out = []
            for target in OUTCOMES:
                if target in exs:
                    out.append(exs[target])
                elif target in IMPOSSIBLE.get(rid, {}):
                    out.append(Ex(rid, target, None, "", impossible=IMPOSSIBLE[rid][target]))
                else:
                    missing.append((rid, str(target)))
            result[rid] = out
            if verbose:
                print(rid, " ".join(f"{e.outcome}:{e.origin}{'+' + '+'.join(c.words for c in e.changes) if e.changes else ''}" for e in out), file=sys.stderr)
    return by_pack, result, missing


def hand_case(case: dict) -> dict:
    return dict({"付議日": STANDARD_DATE}, **copy.deepcopy(case))


# ---------------------------------------------------------------------------------------------------------------------
# hand-written parts (filled below)

HAND_FILE = Path(__file__).with_name("examples_hand.yaml")


def _hand():
    data = yaml.safe_load(HAND_FILE.read_text(encoding="utf-8")) if HAND_FILE.is_file() else {}
    return (data.get("そのまま") or {}, data.get("手で書いた例") or {}, data.get("ありえない") or {}, data.get("説明") or {},
            data.get("追加") or {})


HAND, BASES, IMPOSSIBLE, DESCRIPTIONS, EXTRA = _hand()


# ---------------------------------------------------------------------------------------------------------------------
# words: what decides an example, and where it came from


def data_path(path: str, data) -> tuple | None:
    """The place in the written data of an evidence path (外部結合.チェックリスト.区・運用上.X.回答 → (..., 'X'); [1] → 0)."""
    parts = []
    for seg in path.split("."):
        m = re.match(r"^(.*?)\[(\d+)\]$", seg)
        if m:
            parts += [m.group(1), int(m.group(2)) - 1]
        else:
            parts.append(seg)
    while parts and parts[-1] in ("回答", "理由あり", "始", "終", "値", "約"):
        parts.pop()
    t = tuple(parts)
    return t if has(data, t) else None


def raw_shown(v) -> str:
    if isinstance(v, dict) and not v:
        return "空欄"
    if isinstance(v, dict) and "回答" not in v:
        return "、".join(f"{k} {raw_shown(x)}" for k, x in v.items())
    if isinstance(v, str) and not v.strip():
        return "空欄"
    if isinstance(v, str) and v.strip() == "ー":
        return "ー（理由なし）"
    if isinstance(v, list):
        if not v:
            return "なし"
        if all(isinstance(x, str) for x in v):
            return "・".join(x if x.strip() else "（空の行）" for x in v)
        return f"{len(v)} 件"
    return shown(v)


def says(lab: str, value: str) -> str:
    """「…」が ○ / 区の承諾 が なし"""
    return f"{lab}{'' if lab.endswith('」') else ' '}が {value}"


AGREE = {  # 整合性 facts that are 一致, as the 説明 says it
    "対象者数と内訳": "対象者数 と 内訳の合計 が合う",
    "設置予定日と付議日": "設置予定日 が 付議日 の後",
    "特記事項の添付とチェックリスト": "特記事項の添付 と チェックリスト「特記事項等の遵守」が食い違わない",
    "委託先の個人情報への接触と番号法の委託": "業務委託の 個人情報への接触 と 番号法の委託の 特定個人情報へのアクセス が食い違わない",
    "再委託の記載と番号法の委託": "業務委託の 再委託 と 番号法の委託の 再委託の有無 が食い違わない",
    "パブリック・コメントと付議日": "パブリック・コメント が付議日までに終わる",
    "付議日と会議の年度": "付議日 が 会議 の年度の内",
    "委託の開始時期と期限": "委託の期限 が 開始 より後",
    "委託の期限と付議日": "委託の期間 が 付議日 より前に終わらない",
    "結合の開始時期と終了時期": "結合の終わり が 開始 より後",
    "結合の終了時期と付議日": "結合の期間 が 付議日 より前に終わらない",
    "提供の開始時期と終了時期": "提供の時期の終わり が 始まり より後",
}
LONG = 24  # a text longer than this is said to be written, not quoted


def fact_words(path: str, value, data) -> str:
    """One deciding fact as the 説明 says it."""
    path = path.removesuffix("#件数")  # a list's length stands on the list
    here = data_path(path, data)
    if here is not None:
        v = get(data, here)
        if isinstance(v, list) and all(isinstance(x, str) for x in v) and len("・".join(v)) > LONG:
            v = "・".join(v)
        if isinstance(v, str) and len(v) > LONG:
            return says(label(here), "").rstrip() + "書かれている"
        return says(label(here), raw_shown(v))
    name = path.split(".")[-1]
    if name == "利用目的の範囲内" and value is False:
        return "利用目的の範囲内 が書かれていない（目的外の提供）"
    if isinstance(value, str) and value.startswith("不一致："):
        return value[len("不一致："):]
    if name.endswith("根拠の判定") or name == "根拠条項":
        base = path.rsplit(".", 1)[0]
        key = "根拠規定" if path.startswith("外部提供.") else "根拠"
        text = get(data, data_path(f"{base}.{key}", data)) if data_path(f"{base}.{key}", data) else None
        if name == "根拠条項":
            return f"根拠規定「{text}」" if text else "根拠規定"
        if text is not None:
            return f"{key}「{text}」は付議日に{'許す規定' if value else 'これを許さない'}"
    if value == "一致" and name in AGREE:
        entries = [w for w in written_as(path) if data_path(w, data) is not None and w != "付議日"]
        shown_ = [f"{label(data_path(w, data))}「{get(data, data_path(w, data))}」" for w in entries
                  if isinstance(get(data, data_path(w, data)), str) and len(get(data, data_path(w, data))) <= 40]
        periodic = "時期" in name or "期限" in name
        return AGREE[name] + (f"（{'、'.join(shown_)}）" if shown_ and periodic else "")
    entries = [w for w in written_as(path) if data_path(w, data) is not None]
    if entries:
        return "、".join(says(label(data_path(w, data)), raw_shown(get(data, data_path(w, data)))) for w in entries)
    return says(label(tuple(path.split('.'))), shown(value))


def what_decides(judge: Judge, data, rid, own_data=None) -> str:
    v, evidence, reason, case = judge.verdict(data, rid)
    own_data = data if own_data is None else own_data
    unknown = getattr(case, "written_unknown", frozenset())
    if v == UNKNOWN:
        entries = list(dict.fromkeys(w for p, val in evidence if val is None for w in written_as(p)))
        if reason.startswith("付議日が不明"):
            versions = judge.book.rules[rid]
            if len(versions) > 1:
                return "付議日 が 不明（どの時期の版で判断するか決まらない）"
            r = versions[0]
            return f"付議日 が 不明（このルールが効力をもつ {r.period} の案件かが決まらない）"
        unk, gone = [], []
        for w in entries:
            lab = label(tuple(re.sub(r"\[\d+\]", "", w).split(".")))
            (unk if w in unknown else gone).append(lab)
        unk, gone = list(dict.fromkeys(unk)), list(dict.fromkeys(gone))
        said = ([says("・".join(gone), "").rstrip() + "書かれていない"] if gone else []) + \
            ([says("・".join(unk), "不明")] if unk else [])
        if said:
            return "、".join(said)
        words = [fact_words(p, val, data) for p, val in evidence]
        return "、".join(dict.fromkeys(words)) + "（判断できない）"
    _c, facts = judge.facts(data)
    premise = judge_with_premise(judge.book.rules[rid], facts)[4]
    first = [fact_words(p, val, data) for p, val in premise
             if p.split(".")[0] not in KEEP and data_path(p, own_data) is not None]
    words = first + [fact_words(p, val, data) for p, val in evidence]
    words = list(dict.fromkeys(words))
    if len(words) > 3:
        words = words[:3] + ["ほか"]
    return "、".join(words)


def describe(judge: Judge, ex: Ex, data, own: dict, own_data=None) -> str:
    """The 説明 of an example: what decides it, then where it came from. own: outcome → this rule's other examples."""
    fixed = (DESCRIPTIONS.get(ex.rid) or {}).get(str(ex.outcome))
    if fixed:
        return fixed
    if ex.note and not ex.changes:
        return ex.note
    what = what_decides(judge, data, ex.rid, own_data)
    if not ex.changes:
        return f"{what}（{ex.origin} から）"
    did = change_words(ex.changes)
    if all(label(c.path) in what for c in ex.changes):  # the 説明 already says the changed facts
        verb = "書き足した" if all(c.words.endswith("書き足した") for c in ex.changes) else "変えた"
        did = f"この事実だけを{verb}" if len(ex.changes) == 1 else f"これらの事実を{verb}"
    b = ex.base
    if b is not None and b.rid == ex.rid and b.outcome in own and own[b.outcome] is b:
        return f"{what}（{b.outcome} の例{'から、' if did.startswith('こ') else 'の '}{did}）"
    if b is not None and b.rid != ex.rid and b.outcome in (PASS, FAIL, UNKNOWN):
        return f"{what}（{b.rid} の {b.outcome} の例{'から、' if did.startswith('こ') else 'の '}{did}）"
    if did.startswith("こ"):
        return f"{what}（{ex.origin} から、{did}）" if ex.origin != "手で書いた例" else f"{what}（{did}）"
    return f"{what}（{ex.origin} の {did}）" if ex.origin != "手で書いた例" else f"{what}（{did}）"


def change_words(chs) -> str:
    """The changes as one phrase: additions together (「A あり、B ○ を書き足した」), the others each."""
    added = [c for c in chs if c.words.endswith("と書き足した")]
    other = [c.words for c in chs if c not in added]
    if added:
        other.append("、".join(f"{label(c.path)} {shown(c.value)}" for c in added) + " を書き足した")
    return "、".join(other)


# ---------------------------------------------------------------------------------------------------------------------
# 既定 and writing


def leaves(d, prefix=()):
    """(path, value) for each leaf of nested mappings (a list, a scalar or an empty mapping is a leaf)."""
    if isinstance(d, dict) and d:
        for k, v in d.items():
            yield from leaves(v, prefix + (k,))
    elif prefix:
        yield prefix, d


def strip_defaults(data, defaults):
    """data without the leaves equal to the defaults' (the example keeps what differs)."""
    out = copy.deepcopy(data)
    for p, v in leaves(defaults):
        if has(out, p) and _key(get(out, p)) == _key(v):
            out = deleted(out, p)
            # drop mappings left empty by it
            for i in range(len(p) - 1, 0, -1):
                if has(out, p[:i]) and get(out, p[:i]) == {}:
                    out = deleted(out, p[:i])
                else:
                    break
    return out


def factor(judge: Judge, exs: list[Ex]):
    """The 既定 of one file and each example's own facts: a leaf most examples share goes to 既定 when every other example
    either writes it otherwise, keeps its verdict with it, or keeps its verdict with it written 不明 (then it says 不明)."""
    live = [e for e in exs if e.data is not None]
    want = {id(e): signature(judge, e.data, e.rid) for e in live}
    own = {id(e): copy.deepcopy(e.data) for e in live}
    defaults: dict = {}
    counts: dict = {}
    for e in live:
        for p, v in leaves(e.data):
            counts.setdefault((p, _key(v)), [p, v, 0])[2] += 1
    for (p, _k), (path, value, n) in sorted(counts.items(), key=lambda kv: (-kv[1][2], len(kv[0][0]))):
        if n < max(3, len(live) // 2):
            continue
        trial = with_value(defaults, path, value) if path else defaults
        new_own, ok = {}, True
        for e in live:
            mine = own[id(e)]
            written = has(mine, path)
            if written:
                new_own[id(e)] = mine
                continue
            if any(has(mine, path[:i]) and not isinstance(get(mine, path[:i]), dict) for i in range(1, len(path))):
                ok = False
                break
            if signature(judge, merge(trial, mine), e.rid) == want[id(e)]:
                new_own[id(e)] = mine
                continue
            k = kind_at(path)
            if k is not None and k.kind in ("bool", "enum", "str", "answer", "date", "count"):
                alt = with_value(mine, path, UNK)
                if signature(judge, merge(trial, alt), e.rid) == want[id(e)]:
                    new_own[id(e)] = alt
                    continue
            ok = False
            break
        if not ok:
            continue
        before = sum(size(own[id(e)]) for e in live) + size(defaults)
        after = sum(size(strip_defaults(new_own[id(e)], trial)) for e in live) + size(trial)
        if after >= before:
            continue
        defaults = trial
        own = {i: strip_defaults(d, defaults) for i, d in new_own.items()}
        for e in live:
            assert signature(judge, merge(defaults, own[id(e)]), e.rid) == want[id(e)], (e.rid, e.outcome)
    return defaults, own


def scalar(v) -> str:
    if isinstance(v, dt.date):
        return f"{v:%Y-%m-%d}"
    text = yaml.safe_dump(v, allow_unicode=True, width=10**9, default_flow_style=True)
    text = text.strip()
    if text.endswith("\n..."):
        text = text[:-4].strip()
    if text.endswith("..."):
        text = text[:-3].strip()
    return text


def flow(v) -> str:
    if isinstance(v, dict):
        return "{" + ", ".join(f"{flow(k)}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    text = scalar(v)
    if isinstance(v, str) and not text.startswith(("'", '"')) and (any(c in v for c in ",[]{}#") or ": " in v):
        text = "'" + v.replace("'", "''") + "'"
    return text


WIDTH = 120


def emit(key: str, v, indent: int, out: list, first_prefix: str | None = None):
    """`key: value` at indent, flow style when it fits on one line; block style (and literal blocks for texts with
    line breaks) otherwise."""
    pad = " " * indent
    head = first_prefix if first_prefix is not None else pad
    if isinstance(v, str) and "\n" in v:
        out.append(f"{head}{key}: |-")
        out.extend(pad + "  " + line for line in v.split("\n"))
        return
    one = f"{head}{key}: {flow(v)}"
    if len(one) <= WIDTH or not isinstance(v, (dict, list)) or not v:
        out.append(one)
        return
    out.append(f"{head}{key}:")
    if isinstance(v, dict):
        for k, x in v.items():
            emit(scalar(k), x, indent + 2, out)
    else:
        for x in v:
            if isinstance(x, dict) and x:
                line = f"{pad}- {flow(x)}"
                if len(line) <= WIDTH:
                    out.append(line)
                    continue
                items = list(x.items())
                for j, (k, y) in enumerate(items):
                    emit(scalar(k), y, indent + 2, out, first_prefix=(pad + "- ") if j == 0 else None)
            else:
                out.append(f"{pad}- {flow(x)}")


def render(pack: str, head: str, defaults: dict, rids: list[str], result: dict, own: dict, notes: dict) -> str:
    out = [f"# {line}" if line else "#" for line in head.splitlines()]
    if defaults:
        out.append("既定:")
        for k, v in defaults.items():
            emit(scalar(k), v, 2, out)
    for rid in rids:
        out.append("")
        out.append(f"{rid}:")
        for e in result[rid]:
            if e.raw is not None:
                if getattr(e, "raw_text", None):
                    out.extend(e.raw_text.rstrip("\n").splitlines())
                continue
            out.append(f"- 判定: {e.outcome}")
            if e.data is None:
                out.append(f"  ありえない: {scalar(e.impossible)}")
                continue
            out.append(f"  説明: {scalar(notes[id(e)])}")
            emit("案件", own[id(e)], 2, out)
    return "\n".join(out) + "\n"


HEAD = """{pack} の例（checker test が、ルールがこの判定を出すかを確かめる。checker rules --verify が 3 つの判定の例を求める）。
各例の 案件 は案件ファイルと同じ書き方で、既定 の上に重ねる（件名・担当課 は書かなくてよい）。既定 の事実は、それで判定の
変わらない例にはそのまま重なる（もとにした案件には書かれていない事実のこともある。判定を変える例は 不明 などと書き直している）。
例は tools/make_examples.py が実案件（cases/）から機械的に作った。ルールがその判定を出す実案件を、判定が変わらないかぎり
事実を削って小さくし（付議日 は、同じ版が選ばれるなら 令和5年12月21日 にそろえた）、その判定を出す実案件がなければ、
ほかの例の事実を 1 つ（足りなければ 2〜3 つ）変えた。説明 の括弧に、もとにした案件・例と変えた事実を書く。
{hand}どの例も durable-rules と独立評価器の両方で確かめている（checker test）。作り直すときは python tools/make_examples.py。
説明 の「№N」は 令和5年度の審議案件 №N（cases/令和5年度/）。ありえない は、ルールの条件からその判定がありえない理由。
はじめて読むなら 特記事項.yaml（1 つの事実で 適合・不適合・要確認 が分かれる例が多い）、次に 番号法.yaml。"""
HAND_HEAD = ("実案件では届かない、または実案件からは読みにくい例しかできなかったルールは、手で書いた例（tools/examples_hand.yaml）を\n"
             "そのまま使うか、そこから同じように作った: {rids}。\n")


def write(judge: Judge, by_pack, result, dry=False):
    folder = ROOT / "rules" / "examples"
    written = []
    for pack, rids in by_pack.items():
        exs = [e for rid in rids for e in result.get(rid, []) if e.raw is None]
        defaults, own = factor(judge, exs)
        if pack == "特記事項.yaml":  # TOKKI-10's hand-written examples stand on the file's first 既定
            defaults, own = factor_with(judge, exs, FIXED_DEFAULTS)
        for e in exs:
            if e.data is None:
                continue
            own[id(e)] = tidy(judge, e, defaults, own[id(e)])
        notes = {}
        for e in exs:
            if e.data is None:
                continue
            merged = merge(defaults, own[id(e)])
            mine = {x.outcome: x for x in result[e.rid] if not x.extra}
            notes[id(e)] = describe(judge, e, merged, mine, own[id(e)])
        hand = [rid for rid in rids if rid in HAND or any(e.origin == "手で書いた例" for e in result.get(rid, []))]
        head = HEAD.format(pack=Path(pack).stem, hand=HAND_HEAD.format(rids="、".join(hand)) if hand else "")
        text = render(pack, head, defaults, rids, result, own, notes)
        path = folder / pack
        if dry:
            print(text)
        else:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def tidy(judge: Judge, e: Ex, defaults: dict, mine: dict) -> dict:
    """An example's own facts reduced again over the file's 既定 (a fact the 既定 already gives is not repeated), and its
    list of changes kept to those still made."""
    if not hasattr(e, "made"):
        e.made = list(e.changes)
    want = signature(judge, e.data, e.rid)
    small = mine
    for p in [p for p in nodes(small) if get(small, p) == {} and not isinstance(p[-1], int)]:
        if has(small, p) and signature(judge, merge(defaults, deleted(small, p)), e.rid) == want:
            small = deleted(small, p)  # an empty mapping the 既定 makes needless
    chain, b = list(e.changes), e.base
    while b is not None:
        chain += getattr(b, "made", b.changes)  # as made in the search (tidy may have said fewer of them)
        b = b.base
    for c in chain:  # a fact added (here or in the example it came from) that the 既定 already gives: not repeated
        if c.words.endswith("書き足した") and has(small, c.path):
            cand = deleted(small, c.path)
            for i in range(len(c.path) - 1, 0, -1):
                if has(cand, c.path[:i]) and get(cand, c.path[:i]) == {}:
                    cand = deleted(cand, c.path[:i])
            if signature(judge, merge(defaults, cand), e.rid) == want:
                small = cand
    merged = merge(defaults, small)
    e.changes = [c for c in e.changes if (c.value is DELETE and not has(merged, c.path))
                 or (c.words.endswith("書き足した") and has(small, c.path))
                 or (c.value is not DELETE and not c.words.endswith("書き足した") and has(merged, c.path)
                     and _key(get(merged, c.path)) == _key(c.value))]
    return small


FIXED_DEFAULTS = {"付議日": STANDARD_DATE, "区分": ["業務委託"], "業務委託": {"チェックリスト": {"特記事項等の遵守": "○"}}}


def factor_with(judge: Judge, exs: list[Ex], defaults: dict):
    """Each example's own facts over given defaults (writing 不明 where a default would decide it otherwise)."""
    own = {}
    for e in exs:
        if e.data is None:
            continue
        want = signature(judge, e.data, e.rid)
        mine = copy.deepcopy(e.data)
        for p, v in leaves(defaults):
            if has(mine, p) or signature(judge, merge(defaults, mine), e.rid) == want:
                continue
            mine = with_value(mine, p, UNK)
        if signature(judge, merge(defaults, mine), e.rid) != want:
            raise SystemExit(f"{e.rid} {e.outcome}: 既定 の上で判定が変わる")
        own[id(e)] = strip_defaults(mine, defaults)
    return defaults, own


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--dry-run", action="store_true", help="print the files instead of writing them")
    ap.add_argument("--only", nargs="*", help="these rules only (printed, never written: a file would hold only them)")
    ap.add_argument("--cache", help="keep the search's result in this file and reuse it (to rework the words only)")
    args = ap.parse_args(argv)
    judge = Judge()
    import pickle

    if args.cache and Path(args.cache).is_file():
        by_pack, result, missing = pickle.loads(Path(args.cache).read_bytes())
    else:
        by_pack, result, missing = make(judge, set(args.only) if args.only else None, verbose=True)
        if args.cache:
            Path(args.cache).write_bytes(pickle.dumps((by_pack, result, missing)))
    for rid, whys in IMPOSSIBLE.items():  # (kept here too, so --cache picks up reasons written after the search)
        have = {e.outcome for e in result.get(rid, [])}
        for o, why in whys.items():
            if o not in have and rid in result:
                result[rid].append(Ex(rid, o, None, "", impossible=why))
        if rid in result:
            result[rid].sort(key=lambda e: (e.extra, [str(x) for x in OUTCOMES].index(str(e.outcome))))
    for rid, items in EXTRA.items():  # examples beyond the three (the same facts on another 付議日 …), as written
        if rid not in result:
            continue
        for it in items:
            ex = Ex(rid, it["判定"], hand_case(it["案件"]), "手で書いた例", note=it["説明"], extra=True)
            if str(judge.outcome(ex.data, rid)) != it["判定"]:
                raise SystemExit(f"追加 の例 {rid} {it['説明']}: 判定 {judge.outcome(ex.data, rid)}（{it['判定']} と書かれている）")
            result[rid].append(ex)
    missing = [(rid, o) for rid, o in missing if o not in IMPOSSIBLE.get(rid, {})]
    for rid, o in missing:
        print(f"例が見つからない: {rid} {o}", file=sys.stderr)
    if args.only:
        by_pack = {k: [r for r in v if r in result] for k, v in by_pack.items()}
        by_pack = {k: v for k, v in by_pack.items() if v}
    for p in write(judge, by_pack, result, dry=args.dry_run or bool(args.only)):
        print(p, file=sys.stderr)


if __name__ == "__main__":
    main()
