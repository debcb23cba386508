"""checker explain CASE RULE_ID: why one rule gave one case its verdict.

The explanation is the trace of the evaluator that decides (engine.oracle.judge_traced: the independent evaluator,
whose verdict durable-rules must match on every case), not another reading of the rule language: which version of
the rule the 付議日 chose and why, then the rule's applies (適用条件) and requires (要件) as trees, each node with its
value (真 / 偽 / 不明) and each leaf with the fact's path, its value and where the case file writes it (the line, or a
workbook's sheet!cell), or where it would be written when it is not.

It is built as one report.document.Document, which every format renders (text, md, html, json); the html of
check and meeting embeds the same blocks under each verdict (Explainer).
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..errors import EXIT_OK, EngineDisagreement, InputError
from ..input.loader import _fmt_loc  # a location as messages write it: 業務委託.再委託[1]
from ..input.yamlio import fact_loc
from ..verdict import FAIL, UNKNOWN, _show, shown_path
from . import Result, load_book

VALUE = {"T": "真", "F": "偽", "U": "不明"}
JSON_VALUE = {"T": "true", "F": "false", "U": "unknown"}
FORMATS = ("text", "md", "html", "json")

# a comparison in words: the fact's path {p}, the rule's value {a}
OPS = {
    "eq": "{p} ＝ {a}", "ne": "{p} ≠ {a}",
    "in": "{p} が {a} のいずれか", "not_in": "{p} が {a} のいずれでもない",
    "includes": "{p} が {a} を含む", "excludes": "{p} が {a} を含まない",
    "gt": "{p} が {a} より大きい", "gte": "{p} が {a} 以上", "lt": "{p} が {a} より小さい", "lte": "{p} が {a} 以下",
    "stated": "{p} が記載されている",
}
LONG_LIST = 6  # an in-list longer than this (a catalogue of 事務) is shown by its first names and its length
NAME_KEYS = ("名称", "事務", "委託先", "再委託先", "結合の相手方", "提供先")  # what names an entry of a list


def _day(n: int | None) -> str:
    """20230401 → 令和5年4月1日."""
    from ..report.model import wareki

    return wareki(dt.date(n // 10000, n // 100 % 100, n % 100)) if n else ""


def period_text(start: int | None, end: int | None) -> str:
    """A version's 適用期間 in words: 令和5年4月1日〜, 〜令和5年3月31日, …, or 定めなし."""
    if start is None and end is None:
        return "定めなし"
    return f"{_day(start)}〜{_day(end)}"


def _arg(op: str, arg: Any) -> str:
    if op in ("in", "not_in"):
        items = [_show(a) or "（空欄）" for a in arg]
        if len(items) > LONG_LIST:
            return "、".join(items[:LONG_LIST]) + f" ほか {len(items) - LONG_LIST} 件"
        return "、".join(items)
    return _show(arg)


PARTS = ("回答", "理由あり", "始", "終", "値", "約")  # what the engine reads of a checklist row, a date, a count (model.schema.DERIVED)


def _said(path: str) -> str:
    """A fact path as the tree says it: as reports print it (shown_path), without the group of derived order flags
    (特定個人情報保護評価.手続の順序.…: no entry of the form; the note says what it is computed from)."""
    from ..model.mynumber import DERIVED_KEY

    return shown_path(path).replace(f".{DERIVED_KEY}.", ".")


def _value(v) -> str:
    """A fact's value as reports show it (verdict._show), a date in 和暦."""
    if isinstance(v, dict) and "始" in v and "終" in v and isinstance(v["始"], int):
        return _day(v["始"]) if v["始"] == v["終"] else f"{_day(v['始'])}〜{_day(v['終'])}"
    return _show(v)


def leaf_text(path: str, op: str, arg) -> str:
    """An atom in words: 区分 が 業務委託 を含む; a checklist row ＝ ○ (not its derived 回答); a row's reason, a date's
    first day, a count's number said of the entry itself."""
    from ..model.schema import written_as

    head, _, last = path.rpartition(".")
    if head and last in PARTS and written_as(path) == (head,):
        entry = _said(head)
        if last == "理由あり" and op == "eq":
            return f"{entry} に理由が書かれている" if arg else f"{entry} に理由が書かれていない"
        if last == "約" and op == "eq":
            return f"{entry} が概数（約）" if arg else f"{entry} が概数でない"
        p = {"回答": entry, "値": entry, "始": f"{entry} の初日", "終": f"{entry} の末日"}.get(last, f"{entry} の{last}")
        a = _day(arg) if last in ("始", "終") and isinstance(arg, int) and arg > 10_000_000 else _arg(op, arg)
        return OPS[op].format(p=p, a=a)
    return OPS[op].format(p=_said(path), a=_arg(op, arg))


def _where(place) -> str:
    """A line (12 行目) or a workbook's cell (外部結合!C12)."""
    return f"{place} 行目" if isinstance(place, int) else str(place)


class Places:
    """Where a case file writes each fact (its LineMap: lines of a YAML file, or a workbook's cells)."""

    def __init__(self, lines):
        self.lines = lines

    def of(self, entry: str) -> tuple[Any, bool, str]:
        """(the line or cell of an entry, or of its nearest written parent; whether it is the entry's own; the label
        of that parent)."""
        if self.lines is None:
            return None, False, ""
        want = fact_loc(entry)
        found, place = self.lines.place(want)
        return place, found == want, _fmt_loc(found)

    @staticmethod
    def write_in(p: dict) -> str:
        """Where an entry not written would go: 外部結合（26 行目）の中に書く; 案件ファイルに 業務委託 の記載がない."""
        if p["parent"]:
            return f"{p['parent']}（{_where(p['near'])}）の中に書く" if p["near"] is not None else f"{p['parent']} の中に書く"
        head = fact_loc(p["path"])[0]
        return "案件ファイルの最上位に書く" if len(fact_loc(p["path"])) == 1 else f"案件ファイルに {head} の記載がない"


class Builder:
    """The trees of one verdict's explanation: report.document Nodes, and their json."""

    def __init__(self, case, facts: dict, places: Places):
        self.case, self.facts, self.places = case, facts, places
        self.unknown = getattr(case, "written_unknown", frozenset())
        self.provenance = getattr(case, "provenance", None)

    def _mark(self, path: str, value) -> str:
        """〔図〕／〔推定〕 after a fact whose 出所 says it is not transcribed."""
        if not self.provenance or value is None:
            return ""
        from ..engine.facts import provenance_of

        hit = provenance_of(self.provenance, [(path, value)])
        return f"〔{hit[0][1].kind}〕" if hit else ""

    def fact_note(self, path: str, value) -> tuple[str, str, list]:
        """(what the case file says of a fact and where, how it is written — stated / missing / unknown —, the entries
        it is written as with their places, for json). A derived fact (a list's 件数, a consistency, a 根拠の判定) is
        said with the entries it is computed from (model.schema.written_as)."""
        from ..model.schema import written_as

        entries = written_as(path)
        if value is None:
            written = "unknown" if any(e in self.unknown for e in entries) else "missing"
            head = "不明と記載" if written == "unknown" else "記載なし"
        else:
            written = "stated"
            shown = _day(value) if path.endswith((".始", ".終")) and isinstance(value, int) and value > 10_000_000 else _value(value)
            head = f"案件: {shown}{self._mark(path, value)}"
        places = []
        for e in entries:
            place, own, parent = self.places.of(e)
            places.append({"path": e, "line": place if own else None, "near": None if own else place,
                           "parent": None if own else parent})
        if len(entries) == 1 and _part_of(path, entries[0]):  # an entry of the form (a row's 回答, a list's 件数: the row, the list)
            p = places[0]
            if p["line"] is not None and written == "missing":  # a workbook's empty cell
                return f"{head}。{_where(p['line'])} に書く", written, places
            if p["line"] is not None or (value is not None and p["near"] is not None):
                return f"{head}。{_where(p['line'] if p['line'] is not None else p['near'])}", written, places
            return f"{head}。{self.places.write_in(p)}", written, places
        src = "、".join(p["path"] + (f"（{_where(p['line'])}）" if p["line"] is not None else "") for p in places)
        if value is None and written == "missing" and all(p["line"] is not None for p in places):
            # what it is computed from is written, yet it did not decide (a 根拠 that does not settle the act, …)
            from ..engine.bases import why_unknown

            why = why_unknown(self.case, path)
            return f"{src} から求められない" + (f"。{why}" if why else ""), "stated", places
        note = f"{head}。{src} から求める"
        missing: dict = {}  # where to write → the entries not written that go there
        for p in places:
            if p["line"] is None and value is None:
                missing.setdefault(self.places.write_in(p), []).append(p["path"])
        if missing:
            note += "。" + "、".join(f"{'・'.join(ps)} は {where}" for where, ps in missing.items())
        return note, written, places

    def _list_note(self, t) -> tuple[str, str]:
        """(note, written) of an every/some: how many entries the list has and where, or where to write it."""
        place, own, parent = self.places.of(t.path)
        p = {"path": t.path, "line": place if own else None, "near": None if own else place, "parent": None if own else parent}
        if t.fact is None:
            if t.path in self.unknown:
                return f"不明と記載。{_where(place)}", "unknown"
            return f"記載なし。{self.places.write_in(p)}", "missing"
        return f"{t.fact} 件" + (f"。{_where(place)}" if place is not None else ""), "stated"

    def node(self, t, prefix: str = ""):
        """(report.document.Node, its json) of an oracle.Trace."""
        from ..report.document import Node

        kids = [self.node(c) for c in t.children]
        js = {"kind": t.kind, "value": JSON_VALUE[t.value], "text": "", "note": "", "path": t.path or None,
              "op": t.op or None, "arg": _json_arg(t.arg), "fact": t.fact, "written": None, "line": None, "entries": [],
              "children": [k[1] for k in kids]}
        note = ""
        if t.kind in ("atom", "date_in"):
            if t.kind == "atom":
                text = leaf_text(t.path, t.op, t.arg)
            else:
                text = f"{t.path} が {period_text(*t.arg)} の中"
            note, js["written"], js["entries"] = self.fact_note(t.path, t.fact)
            js["line"] = js["entries"][0]["line"] if js["entries"] else None
        elif t.kind == "all":
            text = "次のすべてを満たす" if t.children else "条件なし（いつも満たす）"
        elif t.kind == "any":
            text = "次のいずれかを満たす"
        elif t.kind == "not":
            text = "次を満たさない"
        elif t.kind in ("every", "some"):
            if t.op == "nonempty":
                text = f"{_said(t.path)} が 1 件以上"
            elif t.kind == "every":
                text = f"{_said(t.path)} のすべてが次を満たす" + ("（0 件なので満たす）" if t.fact == 0 else "")
            else:
                text = f"{_said(t.path)} のいずれかが次を満たす" + ("（0 件なので満たさない）" if t.fact == 0 else "")
            note, js["written"] = self._list_note(t)
            place, own, _ = self.places.of(t.path)
            js["line"] = place if own else None
        elif t.kind == "item":
            name = _name_of(self._entry(t.path))
            text = t.path + (f"（{name}）" if name else "")
            place, own, _ = self.places.of(t.path)
            js["line"] = place if own else None
            note = _where(place) if own else ""
        else:  # pragma: no cover - every kind of Trace is above
            raise TypeError(t.kind)
        js["text"], js["note"] = prefix + text, note
        return Node(prefix + text, VALUE[t.value], tuple(k[0] for k in kids), note), js

    def _entry(self, path: str):
        """The entry of a list a path names (業務委託.再委託[1]) in the case's facts, or None."""
        cur: Any = self.facts
        for part in fact_loc(path):
            if isinstance(part, int):
                cur = cur[part] if isinstance(cur, list) and part < len(cur) else None
            else:
                cur = cur.get(part) if isinstance(cur, dict) else None
            if cur is None:
                return None
        return cur


def _part_of(path: str, entry: str) -> bool:
    """Whether a fact path is the entry itself or a part the engine reads of it (….回答, ….始, …#件数)."""
    return path == entry or path.startswith(entry + ".") or path == entry + "#件数"


def _name_of(item) -> str:
    if not isinstance(item, dict):
        return ""
    for k in NAME_KEYS:
        v = item.get(k)
        if isinstance(v, str) and v:
            return v if len(v) <= 40 else v[:39] + "…"
    return ""


def _json_arg(arg):
    return list(arg) if isinstance(arg, tuple) else arg


# --- the version the 付議日 chose ---------------------------------------------------------------------------------

def _date_said(case) -> str:
    d = getattr(case, "date", None)
    if d is None:
        return "付議日の記載なし"
    if d.exact:
        return d.text
    from ..report.model import wareki

    return f"{d.text}（期間）" if "〜" in d.text else f"{d.text}（{wareki(d.start)}〜{wareki(d.end)}）"


def version_blocks(judged, case) -> tuple[list, dict]:
    """The blocks saying which version the 付議日 chose and why, and their json."""
    from ..report.document import Para, Table

    versions = [r for r, _ in judged.windows]
    date = _date_said(case)
    rows, js = [], []
    for k, (r, t) in enumerate(judged.windows, 1):
        if not r.dated:
            where = "定めなし（いつも適用）"
        elif t.fact is None:
            where = "付議日の記載なし → 不明"
        elif t.value == "T":
            where = "付議日はこの期間の中 → 真"
        elif t.value == "F":
            where = "付議日はこの期間の外 → 偽"
        else:
            where = "付議日がこの期間の境目にかかる → 不明"
        if r is judged.chosen:
            where += "（この版で判定）"
        rows.append((f"第{k}版", period_text(r.valid_from, r.valid_to), where, r.cite))
        js.append({"version": k, "from": _iso(r.valid_from), "to": _iso(r.valid_to), "value": JSON_VALUE[t.value],
                   "chosen": r is judged.chosen, "citation": r.citation, "cite": r.cite})
    if len(versions) == 1 and not versions[0].dated:
        reason = "このルールの版は 1 つで、適用期間の定めはない（付議日によらずこの版で判定）"
    elif judged.chosen is not None:
        k = versions.index(judged.chosen) + 1
        reason = (f"付議日 {date} が第{k}版の適用期間（{period_text(judged.chosen.valid_from, judged.chosen.valid_to)}）の中にあるので、"
                  f"第{k}版で判定した")
        if len(versions) == 1:
            reason = f"このルールの版は 1 つ。{reason}"
    elif all(t.value == "F" for _, t in judged.windows):
        reason = f"付議日 {date} はどの版の適用期間にもない（施行前または失効後）ので、対象外"
    elif getattr(case, "date", None) is None:
        said = "「不明」と書かれている" if "付議日" in getattr(case, "written_unknown", ()) else "記載されていない"
        reason = f"付議日が{said}ので、どの版で判定するかを決められない（要確認）"
    else:
        straddled = [f"第{k}版（{period_text(r.valid_from, r.valid_to)}）" for k, (r, t) in enumerate(judged.windows, 1) if t.value == "U"]
        reason = (f"付議日 {date} が {'・'.join(straddled)} の適用期間の境目にかかるので、どの版で判定するかを決められない（要確認）。"
                  "付議日を 1 日で書けば決まる")
    blocks = [Para(reason)]
    if not (len(versions) == 1 and not versions[0].dated):
        blocks.append(Table(("版", "適用期間", "付議日", "根拠"), tuple(rows)))
    return blocks, {"date": case.date.iso() if getattr(case, "date", None) else None, "date_text": getattr(case.date, "text", None) if getattr(case, "date", None) else None,
                    "chosen": versions.index(judged.chosen) + 1 if judged.chosen is not None else None,
                    "reason": reason, "versions": js}


def _iso(n: int | None) -> str | None:
    return f"{n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}" if n else None  # 20230401 → 2023-04-01


# --- the whole explanation ----------------------------------------------------------------------------------------

def condition_trees(judged, builder: Builder) -> tuple:
    """(Tree block, applies json, requires json)."""
    from ..report.document import Node, Tree

    applies, ajs = builder.node(judged.applies, "適用条件: ")
    requires, rjs = builder.node(judged.requires, "要件: ")
    if "requires" not in judged.used:  # evaluated for the reader; the verdict did not need it
        why = "適用条件が偽なので、判定には使わない" if "applies" in judged.used and judged.applies.value == "F" else \
            "適用条件が不明なので、判定には使わない" if "applies" in judged.used else "版を決められないので、判定には使わない"
        requires = Node(requires.text, requires.value, requires.children, _join(requires.note, why))
        rjs["note"] = _join(rjs["note"], why)
    if "applies" not in judged.used:
        why = "版を決められないので、判定には使わない" if judged.chosen is None else ""
        if why:
            applies = Node(applies.text, applies.value, applies.children, _join(applies.note, why))
            ajs["note"] = _join(ajs["note"], why)
    ajs["used"] = "applies" in judged.used
    rjs["used"] = "requires" in judged.used
    return Tree((applies, requires)), ajs, rjs


def _join(a: str, b: str) -> str:
    return f"{a}。{b}" if a else b


def relevant_readings(case, judged, places_of_leaves: set) -> list:
    from ..report.model import basis_readings

    return [r for r in basis_readings(case) if r.place in places_of_leaves]


def _leaf_entries(js: dict) -> set:
    out = set()
    for e in js.get("entries", []):
        out.add(e["path"])
    for c in js.get("children", []):
        out |= _leaf_entries(c)
    return out


def check_agreement(judged, verdict) -> None:
    """The trace's verdict is the verdict the engines agreed on (a difference is a defect of checker)."""
    from ..engine.oracle import verdict_of

    got = verdict_of(judged)
    if got != verdict.verdict or judged.verdict != verdict.verdict:
        raise EngineDisagreement(f"{verdict.case_id}: ルール {verdict.rule_id} の説明の判定（{got}）が判定（{verdict.verdict}）と食い違いました")


def build(verdict, case, facts: dict, versions: list, lines, *, info=None, compact: bool = False, generated: str | None = None):
    """The explanation of one verdict as a Document; compact: only the version choice and the trees (html of check
    and meeting, under each verdict of a case section that already names the case and the rule)."""
    from ..engine.oracle import judge_traced
    from ..report.document import Document, Fields, Heading, Para, Table
    from ..report.jsonfmt import info_json, verdict_json
    from ..report.model import MARK_NOTES, CaseInfo, finding, todo

    judged = judge_traced(versions, facts)
    check_agreement(judged, verdict)
    builder = Builder(case, facts, Places(lines))
    vblocks, vjs = version_blocks(judged, case)
    tree, ajs, rjs = condition_trees(judged, builder)
    readings = relevant_readings(case, judged, _leaf_entries(ajs) | _leaf_entries(rjs))
    rule = verdict.rule
    info = info or CaseInfo.of(verdict.case_id, case)
    if compact:
        return Document("explain", f"{verdict.rule_id} の判定の説明", [*vblocks, tree], {}, kind="document")
    blocks = [
        Heading("案件"),
        Fields(tuple(x for x in (("件名", info.label), ("ファイル", info.file), ("付議日", info.date or "記載なし"),
                                 ("区分", "、".join(info.categories))) if x[1])),
        Heading("ルール"),
        Fields(tuple(x for x in (("ルール", f"{rule.id} {rule.title}"), ("根拠", rule.cite),
                                 ("あわせて", "、".join(rule.also_cite)), ("分類", rule.pack), ("重要度", rule.severity)) if x[1])),
        Heading("版の選択（付議日による）"), *vblocks,
        Heading("判定"),
        Fields(tuple(x for x in (("判定", verdict.label), ("指摘" if verdict.verdict in (FAIL, UNKNOWN) else "説明", finding(verdict)),
                                 ("直すこと", todo(verdict)), ("判定を決めた事実", verdict.facts_text()),
                                 ("出所", verdict.provenance_text())) if x[1])),
        Heading("条件（真・偽・不明）"),
        Para(HOW_TO_READ),
        tree,
    ]
    if readings:
        blocks += [Heading("根拠の読み（法令の表で付議日に読んだもの）"),
                   Table(("場所", "書かれた根拠", "行為", "規定", "読み", "理由"),
                         tuple((r.place, r.text, r.act, r.provision + ("〔未検証〕" if r.unverified else ""), r.outcome, r.reason)
                               for r in readings))]
    data = {
        "case": info_json(info),
        "rule": {"id": rule.id, "title": rule.title, "citation": rule.citation, "citation_status": rule.citation_status,
                 "cite": rule.cite, "also_cite": list(rule.also_cite), "pack": rule.pack, "severity": rule.severity},
        "version": vjs,
        "verdict": verdict_json(verdict),
        "applies": ajs,
        "requires": rjs,
        "readings": [{"place": r.place, "text": r.text, "act": r.act, "provision": r.provision, "outcome": r.outcome,
                      "reason": r.reason, "unverified": r.unverified} for r in readings],
    }
    doc = Document("explain", f"判定の説明: {rule.id}（{info.label}）", blocks, data, key=f"{rule.id}", generated=generated)
    marks = [m for m in MARK_NOTES if any(line.startswith(f"※{m}") for line in doc.legend())]
    if marks:
        data["legend"] = {m: MARK_NOTES[m] for m in marks}
    return doc


HOW_TO_READ = ("ルールは 適用条件 が真のとき 要件 を見る: 要件が真なら 適合、偽なら 不適合、不明なら 要確認。適用条件が偽なら 対象外、"
               "不明なら 要確認。記載のない事実・「不明」と書いた事実は 不明 で、それを使う条件も 不明 になる（適合にはならない）")


class Explainer:
    """The explanation of each verdict of one checked case (html of check and meeting), built when first asked for,
    from the facts the engine judged (CaseRun) and the places of the case file (read again, once)."""

    def __init__(self, run, book):
        self.run, self.book = run, book
        self._lines = False
        self._docs: dict = {}

    def lines(self):
        if self._lines is False:
            from ..errors import InputErrors
            from ..input.loader import read_case_data

            try:
                self._lines = read_case_data(self.run.case_id)[1]
            except (InputError, InputErrors, OSError):
                self._lines = None
        return self._lines

    def __call__(self, verdict):
        doc = self._docs.get(verdict.rule_id)
        if doc is None:
            doc = self._docs[verdict.rule_id] = build(verdict, self.run.case, self.run.facts, self.book.versions(verdict.rule_id),
                                                      self.lines(), compact=True)
        return doc


def attach(details, runs, book) -> None:
    """Give each CaseDetail of a check or meeting report (made from runs, in their order) its explainer: the html
    links each verdict it shows to its explanation."""
    for d, run in zip(details, runs):
        d.explain = Explainer(run, book)


def _rule_id(rule_id: str, book) -> str:
    if rule_id in book.rules:
        return rule_id
    import difflib
    import unicodedata

    known = sorted(book.ids())
    upper = {k.upper(): k for k in known}
    key = unicodedata.normalize("NFKC", rule_id).upper()
    # a letter taken for a digit beside digits (TOKKI-1O, ITAKU-O5, SEI-I2)
    key = re.sub(r"(?<=[-\d])O|O(?=\d)", "0", re.sub(r"(?<=[-\d])[IL]|[IL](?=\d)", "1", key))
    near = [upper[key]] if key in upper else difflib.get_close_matches(key, known, n=3, cutoff=0.75)
    raise InputError(rule_id, None, "そのようなルールはありません" + (f"。もしかして {'・'.join(near)} ですか" if near else ""),
                     "checker rules の一覧にある ID（TOKKI-10 など）")


def command(file: str, rule_id: str, rule_paths=(), *, generated: str | None = None) -> Result:
    from ..engine import Engine
    from ..input.loader import case_from_data, read_case_data
    from ..input.pia import link_reports
    from ..rules import RuleBook

    book = load_book(rule_paths)
    rid = _rule_id(rule_id, book)
    if Path(file).is_dir():
        raise InputError(file, None, "フォルダではなく、案件ファイルを 1 つ指定してください", "案件ファイル（.yaml・.yml・.xlsx）")
    data, lines = read_case_data(file)
    case = case_from_data(data, lines, str(file))
    cases = [(str(file), case)]
    notes = link_reports(cases)
    one = RuleBook({rid: book.versions(rid)}, dict(book.packs), book.provisions)  # the engine judges this rule only
    run = Engine(one).run(cases)[0]
    verdict = run.verdicts[0]
    doc = build(verdict, case, run.facts, book.versions(rid), lines, generated=generated)
    doc.ward = book.ward
    return Result(doc, EXIT_OK, notes)
