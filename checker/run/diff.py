"""What changed since the earlier approval: `checker diff OLD NEW`, and the section 前回からの変更 that check and meeting
add to a case that names its predecessor (前回の案件).

Two parts, each with its old and new value:

- the entries of the form added, removed and changed, label by label in the form's words (電算処理.記録される情報項目,
  番号法.個人番号利用事務[3].事務), compared on the data as written (loader.read_case_data: the same for YAML and a
  workbook), not on the facts: a text rewritten is a change even where no rule reads it. A list of entries (委託先,
  再委託, 個人番号利用事務 …) is compared entry by entry by the entry's name, the first column of its table in the form
  (委託先 by 名称, 個人番号利用事務 by 事務; the n-th entry of the same name with the n-th), an entry without a name by
  its place; a checklist row by its label. 出典, 出所 and 前回の案件 say where a case comes from, not what it says: left out;
  comments are not data.
- the rules whose verdict changed, old → new, each case judged at its own 付議日 (so the version of a rule may differ:
  said), with the deciding facts that moved them: of the facts each side's verdict stands on (Verdict.facts), those
  whose values differ between the two cases.

It is built once as blocks of the one document model (report.document) and as plain data (json): checker diff renders
them as a Document in every format; check and meeting put the same blocks and data in the case's section.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EXIT_OK
from . import Result, load_book

OLD, NEW = "前回", "今回"
ADDED, REMOVED, CHANGED = "追加", "削除", "変更"
NOT_COMPARED = ("出典", "出所", "前回の案件")  # where a case comes from, not what it says
MISSING, WRITTEN_UNKNOWN = "（記載なし）", "（不明と記載）"
SECTION = "前回からの変更"


# --- the entries as written ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Written:
    label: str  # the label path as a report prints it (番号法.個人番号利用事務[3].事務: the entry's place in its own file)
    text: str  # the value as written, in one line


def _text(v) -> str:
    """A written value in one line: a list joined with 、, a mapping as 名前: 値, あり／なし for a YAML boolean."""
    if v is None:
        return ""
    if v is True:
        return "あり"
    if v is False:
        return "なし"
    if isinstance(v, list):
        return "、".join(_text(x) for x in v)
    if isinstance(v, dict):
        return "、".join(f"{k}: {_text(x)}" for k, x in v.items())
    return re.sub(r"\s*\n\s*", " ", str(v)).strip()


def written(data) -> dict[str, Written]:
    """{identity: Written} for every entry a case file writes, in the form's order. The identity of an entry of a list
    is its name (the first column of its table) and the how-manieth of that name, else its place: the two files'
    entries of the same identity are compared."""
    from ..model.form import ANSWER, CHECKLIST, ITEMS, SHEET, describe

    form = describe()
    out: dict[str, Written] = {}

    def walk(value: dict, entries, ident: str, label: str) -> None:
        by_label = {e.label: e for e in entries}
        for k, v in value.items():
            if not ident and k in NOT_COMPARED:
                continue
            e = by_label.get(k)
            i, lab = f"{ident}.{k}" if ident else str(k), f"{label}.{k}" if label else str(k)
            if e is not None and e.kind in (SHEET, CHECKLIST) and isinstance(v, dict):
                walk(v, e.children, i, lab)
            elif e is not None and e.kind == ITEMS and isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                name = e.children[0].label if e.children else None
                seen: dict[str, int] = {}
                for n, item in enumerate(v, 1):
                    key = _text(item.get(name)) if name else ""
                    if key:
                        seen[key] = seen.get(key, 0) + 1
                        tok = f"[{key}]" if seen[key] == 1 else f"[{key}#{seen[key]}]"
                    else:
                        tok = f"[#{n}]"
                    walk(item, e.children, i + tok, f"{lab}[{n}]")
            elif v is None and (e is None or e.kind != ANSWER):
                continue  # `key:` with nothing after it: not written (a checklist row so written is 空欄, a value)
            else:
                out[i] = Written(lab, "（空欄）" if v is None else _text(v))

    if isinstance(data, dict):
        walk(form.ordered(data), form.entries, "", "")
    return out


@dataclass(frozen=True)
class FactChange:
    label: str
    old: str | None  # None: not written on that side
    new: str | None

    @property
    def kind(self) -> str:
        return ADDED if self.old is None else REMOVED if self.new is None else CHANGED

    def data(self) -> dict:
        """{label, old, new}; a side that does not write the entry is null."""
        return {"label": self.label, "old": None if self.old == MISSING else self.old, "new": None if self.new == MISSING else self.new}


def compare_written(old: dict[str, Written], new: dict[str, Written]) -> list[FactChange]:
    """The entries added (in the new file's order), removed (the old file's) and changed (the new file's), in that order."""
    added = [FactChange(w.label, None, w.text) for k, w in new.items() if k not in old]
    removed = [FactChange(w.label, w.text, None) for k, w in old.items() if k not in new]
    changed = [FactChange(w.label, old[k].text, w.text) for k, w in new.items() if k in old and old[k].text != w.text]
    return added + removed + changed


# --- the verdicts ------------------------------------------------------------------------------------------------------

_INDEX = re.compile(r"^(.*)\[(\d+)\]$")


def fact_at(facts: dict, path: str):
    """The value of a fact path (番号法.個人番号利用事務[3].種別, 番号法.庁内連携#件数) in a case's facts, None when absent."""
    cur = facts
    for part in path.split("."):
        m = _INDEX.match(part)
        key, index = (m.group(1), int(m.group(2))) if m else (part, None)
        if not isinstance(cur, dict):
            return None
        cur = cur.get(key)
        if index is not None:
            cur = cur[index - 1] if isinstance(cur, list) and 0 < index <= len(cur) else None
        if cur is None:
            return None
    return cur


@dataclass
class VerdictChange:
    rule: str
    old: object  # Verdict
    new: object  # Verdict
    facts: list = field(default_factory=list)  # FactChange: the deciding facts that moved

    @property
    def version_changed(self) -> bool:
        return self.old.rule.version != self.new.rule.version

    def data(self) -> dict:
        out = {"rule": self.rule, "old": str(self.old.verdict), "new": str(self.new.verdict),
               "facts": [f.data() for f in self.facts]}
        if self.version_changed:
            out["versions"] = {"old": _period_data(self.old.rule), "new": _period_data(self.new.rule)}
        return out


def _ymd(n: int | None) -> str | None:
    return f"{n // 10000:04d}-{n // 100 % 100:02d}-{n % 100:02d}" if n else None


def _period(rule) -> str:
    return f"{_ymd(rule.valid_from) or ''}〜{_ymd(rule.valid_to) or ''}" if rule.dated else "期限なし"


def _period_data(rule) -> dict:
    return {"from": _ymd(rule.valid_from), "to": _ymd(rule.valid_to)}


def _entry_text(labels: dict[str, str], entry: str) -> str | None:
    """An entry as one side writes it: a leaf's text, or a block's (素案報告, 第三者点検) leaves as 名前: 値; None when the
    side does not write it."""
    if entry in labels:
        return labels[entry]
    inside = [(k[len(entry):].lstrip("."), v) for k, v in labels.items() if k.startswith((entry + ".", entry + "["))]
    return "、".join(f"{k}: {v}" for k, v in inside) if inside else None


def _moved(path: str, old_value, new_value, old_run, new_run, old_labels: dict, new_labels: dict) -> list[FactChange]:
    """A deciding fact whose value differs between the two cases, as the form writes it: the entries it stands on (a
    checklist row, not its 回答; a date as written; a derived fact by the entries it is computed from), each with its
    text on either side, those that differ; a list by its length; a fact no side writes an entry of (a value computed
    from others) by its path and value."""
    from ..engine.facts import LEN_SUFFIX
    from ..model.schema import written_as
    from ..verdict import _show, shown_path

    if path.endswith(LEN_SUFFIX) or isinstance(old_value, list) or isinstance(new_value, list):
        def count(v) -> str:
            return MISSING if v is None else str(len(v) if isinstance(v, list) else v)

        return [FactChange(f"{path.removesuffix(LEN_SUFFIX)}の件数", count(old_value), count(new_value))]
    entries = written_as(path)
    sides = [(e, _entry_text(old_labels, e), _entry_text(new_labels, e)) for e in entries]
    if any(o is not None or n is not None for _, o, n in sides):
        return [FactChange(e, o or MISSING, n or MISSING) for e, o, n in sides if o != n]

    def said(value, run) -> str:
        if value is None:
            unknown = getattr(run.case, "written_unknown", frozenset())
            return WRITTEN_UNKNOWN if any(w in unknown for w in entries) else MISSING
        return _show(value)

    return [FactChange(shown_path(path), said(old_value, old_run), said(new_value, new_run))]


def compare_verdicts(old_run, new_run, old_written: dict[str, Written], new_written: dict[str, Written]) -> list[VerdictChange]:
    """The rules whose verdict differs between the two runs (in the rule book's order), each with the deciding facts of
    either side whose values differ between the two cases, said as the form writes them (_moved), each once."""
    old_by = {v.rule_id: v for v in old_run.verdicts}
    old_labels = {w.label: w.text for w in old_written.values()}
    new_labels = {w.label: w.text for w in new_written.values()}
    out = []
    for v in new_run.verdicts:
        o = old_by.get(v.rule_id)
        if o is None or o.verdict == v.verdict:
            continue
        old_facts, new_facts = dict(o.facts), dict(v.facts)
        moved: dict[str, FactChange] = {}
        for path in dict.fromkeys([*old_facts, *new_facts]):
            ov = old_facts[path] if path in old_facts else fact_at(old_run.facts, path)
            nv = new_facts[path] if path in new_facts else fact_at(new_run.facts, path)
            if ov == nv:
                continue
            for f in _moved(path, ov, nv, old_run, new_run, old_labels, new_labels):
                if f.old != f.new:
                    moved.setdefault(f.label, f)
        out.append(VerdictChange(v.rule_id, o, v, list(moved.values())))
    return out


# --- the comparison, its blocks and its data ---------------------------------------------------------------------------

@dataclass
class Changes:
    old_info: object  # report.model.CaseInfo
    new_info: object
    facts: list  # FactChange: added, removed, changed
    verdicts: list  # VerdictChange

    def of_kind(self, kind: str) -> list:
        return [f for f in self.facts if f.kind == kind]

    def counts(self) -> dict:
        return {"added": len(self.of_kind(ADDED)), "removed": len(self.of_kind(REMOVED)), "changed": len(self.of_kind(CHANGED)),
                "verdicts": len(self.verdicts)}

    def head(self) -> str:
        c = self.counts()
        return f"記載: {ADDED} {c['added']}・{REMOVED} {c['removed']}・{CHANGED} {c['changed']}　判定の変わったルール {c['verdicts']}"

    def data(self, with_new: bool = True) -> dict:
        """The comparison for tools (json): old (and new), counts, facts {added, removed, changed}, verdicts."""
        from ..report.jsonfmt import info_json

        out = {"old": info_json(self.old_info)}
        if with_new:
            out["new"] = info_json(self.new_info)
        out["counts"] = self.counts()
        out["facts"] = {k: [f.data() for f in self.of_kind(kind)] for k, kind in (("added", ADDED), ("removed", REMOVED), ("changed", CHANGED))}
        out["verdicts"] = [v.data() for v in self.verdicts]
        return out

    def blocks(self, level: int = 1) -> list:
        """The comparison as blocks of the document model, its headings at level (1 in checker diff, 3 inside a case's
        section): the count, then a table per kind of change that has any, then the rules whose verdict changed. The
        new value of an entry added or changed is a Changed piece (bold and underlined in html, after ◆ in text and md)."""
        from ..report.document import Changed, Heading, Para, Table

        out: list = [Para(self.head())]
        added, removed, changed = self.of_kind(ADDED), self.of_kind(REMOVED), self.of_kind(CHANGED)
        if added:
            out += [Heading(f"記載の{ADDED}（{len(added)}）", level), Table(("項目", NEW), tuple((f.label, Changed(f.new)) for f in added), wide=True)]
        if removed:
            out += [Heading(f"記載の{REMOVED}（{len(removed)}）", level), Table(("項目", OLD), tuple((f.label, f.old) for f in removed), wide=True)]
        if changed:
            out += [Heading(f"記載の{CHANGED}（{len(changed)}）", level),
                    Table(("項目", OLD, NEW), tuple((f.label, f.old, Changed(f.new)) for f in changed), wide=True)]
        if not self.facts:
            out.append(Para("（変わった記載はありません）"))
        if self.verdicts:
            out += [Heading(f"判定の変わったルール（{len(self.verdicts)}）", level),
                    Table(("ルール", OLD, NEW, "判定を動かした事実"),
                          tuple((v.rule, v.old.label, v.new.label, _moved_text(v)) for v in self.verdicts), wide=True)]
        else:
            out.append(Para("（判定の変わったルールはありません）"))
        return out


MOVED_WIDTH = 80  # a moving fact's value in the table of verdicts, cut to this many columns (the whole text is in 記載の変更)


def _moved_text(v: VerdictChange) -> str:
    from ..jp import cut

    parts = []
    if v.version_changed:
        parts.append(f"ルールの版が違う（{OLD} {_period(v.old.rule)}、{NEW} {_period(v.new.rule)}: 付議日で選ぶ）")
    parts.extend(f"{f.label}: {cut(f.old, MOVED_WIDTH)} → {cut(f.new, MOVED_WIDTH)}" for f in v.facts)
    return "／".join(parts) or "（動いた事実はありません）"


def changes(old_file: str, old_data, old_run, new_file: str, new_data, new_run) -> Changes:
    """The comparison of two judged cases (their data as written and their runs)."""
    from ..report.model import CaseInfo

    old_w, new_w = written(old_data), written(new_data)
    return Changes(CaseInfo.of(old_file, old_run.case), CaseInfo.of(new_file, new_run.case), compare_written(old_w, new_w),
                   compare_verdicts(old_run, new_run, old_w, new_w))


def shown_file(path: Path) -> str:
    """A predecessor's file as reports print it: its place from the case file's folder made one path (cases/seeds/…)."""
    import os

    return Path(os.path.normpath(path)).as_posix()


# --- the section of check and meeting ------------------------------------------------------------------------------------

def sections(details, runs, among, engine) -> None:
    """For each case of a report that names its predecessor (CaseDetail with the run that judged it), the section
    前回からの変更: the predecessor is read (loader.load_predecessor: one step only), judged at its own 付議日 in the
    company the case was judged in (a 実施結果 finds its 素案 among `among`), and compared; the blocks and the data go on
    the CaseDetail (changes, changes_data). A case without one is left as it was."""
    for d, run in zip(details, runs):
        at = getattr(run.case, "predecessor_at", None)
        if at is None:
            continue
        from ..input.loader import load_predecessor, read_case_data
        from ..input.pia import link_reports
        from ..report.document import Fields, Heading  # only for a case that names one (4 ms of a cold check otherwise)

        pred = load_predecessor(run.case_id, run.case)
        name = shown_file(at[0])
        link_reports([(name, pred)], among=[*among, (name, pred)])
        (pred_run,) = engine.run([(name, pred)])
        c = changes(name, read_case_data(at[0])[0], pred_run, run.case_id, read_case_data(run.case_id)[0], run)
        i = c.old_info
        d.changes = [Heading(SECTION, 2), Fields((("前回の案件", f"{i.label}（{name}、付議日 {i.date or '不明'}）"),)), *c.blocks(3)]
        d.changes_data = c.data(with_new=False)


# --- checker diff OLD NEW -----------------------------------------------------------------------------------------------

def command(old: str, new: str, rule_paths=(), *, generated: str | None = None) -> Result:
    """checker diff OLD NEW: the two case files judged as `checker check OLD NEW` judges them (a 実施結果 finds its 素案
    among the two), compared. Exit 0: a comparison is no finding."""
    from ..engine import Engine
    from ..input.loader import case_from_data, read_case_data
    from ..input.pia import link_reports
    from ..report.document import Document, Fields

    loaded = []
    for f in (old, new):
        data, lines = read_case_data(f)
        loaded.append((str(f), data, case_from_data(data, lines, str(f))))
    cases = [(f, c) for f, _, c in loaded]
    notes = link_reports(cases)
    book = load_book(rule_paths)
    old_run, new_run = Engine(book).run(cases)
    c = changes(old, loaded[0][1], old_run, new, loaded[1][1], new_run)

    def said(i) -> str:
        return f"{i.label}（{i.file}、付議日 {i.date or '不明'}）"

    doc = Document("diff", f"{SECTION}: {c.new_info.label}", [Fields(((OLD, said(c.old_info)), (NEW, said(c.new_info)))), *c.blocks(1)],
                   c.data(), key=Path(new).stem, generated=generated)
    return Result(doc, EXIT_OK, notes)
