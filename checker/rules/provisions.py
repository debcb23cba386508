"""The dated table of provisions (rules/法令/*.yaml): what each provision the rules use allows, and when.

A file holds one instrument:
    instrument: 番号法                       # the name rules and readings use
    title: 行政手続における…法律（平成25年法律第27号）
    citation: 行政手続における…法律（平成25年法律第27号）   # the instrument as cited (required)
    citation_status: verified                # seed | verified | unverified: how sure the table is of the text (required)
    names: [番号法, マイナンバー法, …]         # every way the forms write its name
    source: …
    provisions:
      - provision: 第19条                    # 第N条[第N項][第N号] | 別表[第一|第二] | 名だけ (the instrument named alone)
        valid: {from: …, to: …}              # when it is in force (open = always, as far as the table goes)
        号: [{valid: {to: 2024-05-26}, count: 16}, {valid: {from: 2024-05-27}, count: 17}]   # or 項: … — how many
                                             #   it has: a 号 (項) beyond them does not exist on that day
        needs: 号                            # a 根拠 naming only this provision is not enough: say which 号 (項 / 別表の項)
        allows:                              # the acts it permits (the names are those of checker/engine/bases.py),
        - 情報連携（法定事務）                 #   each alone or with a condition on the case's facts (the rules'
        - 特定個人情報の提供: {外部提供.情報提供ネットワークシステムの使用: true}   #   condition language)
        with: [利用条例, 利用条例施行規則]     # the 根拠 must also name one of these (条例で定めるところにより)
        ask: …                               # it may allow the act, on conditions the form does not hold: a person
                                             #   checks them (要確認, with this text)
        because: …                           # why it does not allow what it does not list (printed as the reason)
        status: verified                     # seed | verified | unverified (〔未検証〕 in the reading; required)
        source: …
        text: 「…」                           # the words of the provision, where the table has them

A reference to an instrument the table does not hold, or to an article it does not list, is unknown (要確認): the table
is the reviewer's, and what it does not hold is never taken as allowed. A 号 beyond the count of its article (on the
付議日) and a provision outside its `valid` do not exist (不適合 with the reason).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, InputErrors
from ..input.yamlio import load_yaml_file
from ..model.citation import Ref
from .catalog import valid_period
from .conditions import ConditionError, parse

DIR = "法令"
FILE_KEYS = {"instrument", "title", "citation", "citation_status", "names", "source", "note", "provisions"}
PROV_KEYS = {"provision", "valid", "号", "項", "needs", "allows", "with", "ask", "because", "status", "source", "text", "note", "title"}
NEEDS = ("号", "項", "条", "別表の項", "法令の規定")
WHOLE = "名だけ"
STATUSES = ("seed", "verified", "unverified")


def _in(d: int | None, vf: int | None, vt: int | None) -> bool | None:
    """Whether day d (yyyymmdd) is within [vf, vt]; None when d is unknown and the period is bounded."""
    if vf is None and vt is None:
        return True
    if d is None:
        return None
    return (vf is None or d >= vf) and (vt is None or d <= vt)


def _when(vf: int | None, vt: int | None) -> str:
    f = lambda n: f"{n // 10000}-{n // 100 % 100:02d}-{n % 100:02d}"  # noqa: E731
    if vf and vt:
        return f"{f(vf)}〜{f(vt)}"
    if vf:
        return f"{f(vf)} から"
    if vt:
        return f"{f(vt)} まで"
    return ""


@dataclass
class Provision:
    instrument: str
    provision: str  # 第19条第8号 / 別表第一 / 名だけ
    valid_from: int | None
    valid_to: int | None
    counts: list = field(default_factory=list)  # [(vf, vt, n)] of 号 or 項
    count_of: str | None = None  # 号 / 項
    needs: str | None = None
    allows: dict = field(default_factory=dict)  # act → condition (None: none)
    with_: tuple = ()
    ask: str | None = None
    because: str | None = None
    status: str = "seed"
    source: str = ""
    text: str | None = None
    file: str = ""
    line: int = 0

    @property
    def name(self) -> str:
        return self.instrument if self.provision == WHOLE else f"{self.instrument} {self.provision}"

    def count_on(self, d: int | None) -> int | None:
        for vf, vt, n in self.counts:
            if _in(d, vf, vt):
                return n
        return None


@dataclass
class Table:
    """All provisions, by instrument; names → canonical instrument."""

    names: dict[str, str] = field(default_factory=dict)
    provisions: dict[tuple[str, str], list[Provision]] = field(default_factory=dict)
    instruments: dict[str, str] = field(default_factory=dict)  # instrument → title

    def get(self, instrument: str, provision: str) -> list[Provision]:
        return self.provisions.get((instrument, provision), [])

    @functools.cached_property
    def reads_facts(self) -> bool:
        """Whether a provision's condition reads the case's facts (then they are made once per case, else never)."""
        return any(c is not None for ps in self.provisions.values() for p in ps for c in p.allows.values())


def _texts(v: Any, file: str, line: int | None, key: str) -> tuple:
    if v is None:
        return ()
    if isinstance(v, str):
        return (v,)
    if isinstance(v, list) and all(isinstance(x, str) for x in v):
        return tuple(v)
    raise InputError(file, line, f"「{key}」は文字列かそのリストで書きます")


def load_file(path: Path) -> list[Provision] | tuple:
    data, lines, _ = load_yaml_file(path)
    file = str(path)
    if not isinstance(data, dict):
        raise InputError(file, 1, "法令の表はマッピング（instrument, names, provisions）です")
    extra = set(data) - FILE_KEYS
    if extra:
        raise InputError(file, lines.line_for((sorted(extra)[0],)), f"法令の表に書けない項目「{sorted(extra)[0]}」", "、".join(sorted(FILE_KEYS)))
    inst = data.get("instrument")
    if not isinstance(inst, str) or not inst:
        raise InputError(file, 1, "instrument（法令の名）がありません", "instrument: 番号法")
    for key in ("citation", "source"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise InputError(file, lines.line_for((key,)) or 1, f"法令の表に {key} がありません", f"{key}: …")
    if data.get("citation_status") not in STATUSES:
        raise InputError(file, lines.line_for(("citation_status",)) or 1, f"citation_status「{data.get('citation_status')}」はありません",
                         "／".join(STATUSES))
    names = _texts(data.get("names"), file, lines.line_for(("names",)), "names")
    out = []
    provs = data.get("provisions") or []
    if not isinstance(provs, list):
        raise InputError(file, lines.line_for(("provisions",)), "provisions は規定のリストです")
    for i, p in enumerate(provs):
        loc = ("provisions", i)
        line = lines.line_for(loc) or 1
        if not isinstance(p, dict) or "provision" not in p:
            raise InputError(file, line, "規定には provision（第19条第8号 など）を書きます")
        bad = set(p) - PROV_KEYS
        if bad:
            raise InputError(file, line, f"規定に書けない項目「{sorted(bad)[0]}」", "、".join(sorted(PROV_KEYS)))
        vf, vt = valid_period(p.get("valid"), file, line)
        counts, count_of = [], None
        for key in ("号", "項"):
            if key in p:
                count_of = key
                for c in p[key] if isinstance(p[key], list) else [{"count": p[key]}]:
                    if not isinstance(c, dict) or not isinstance(c.get("count"), int):
                        raise InputError(file, line, f"{key} は {{count: 数, valid: …}} のリストか数で書きます", f"{key}: [{{valid: {{from: 2024-05-27}}, count: 17}}]")
                    cf, ct = valid_period(c.get("valid"), file, line)
                    counts.append((cf, ct, c["count"]))
        allows: dict[str, Any] = {}
        raw = p.get("allows") or []
        if not isinstance(raw, list):
            raise InputError(file, line, "allows は行為のリストです", "allows: [法定事務での利用]")
        for j, a in enumerate(raw):
            if isinstance(a, str):
                allows[a] = None
            elif isinstance(a, dict) and len(a) == 1:
                act, cond = next(iter(a.items()))
                try:
                    allows[str(act)] = parse(cond, ("allows", j, act))
                except ConditionError as e:
                    raise InputError(file, lines.line_for(loc + tuple(e.loc)) or line, str(e), e.expected) from None
            else:
                raise InputError(file, lines.line_for(loc + ("allows", j)) or line, "allows の各項目は 行為 か {行為: 条件} です")
        if p.get("needs") is not None and p["needs"] not in NEEDS:
            raise InputError(file, line, f"needs「{p['needs']}」はありません", "／".join(NEEDS))
        status = p.get("status")
        if status not in STATUSES:
            raise InputError(file, line, f"status「{status}」はありません", "／".join(STATUSES))
        if not p.get("source"):
            raise InputError(file, line, f"規定 {p['provision']} に source（出典）がありません")
        out.append(Provision(
            inst, str(p["provision"]), vf, vt, counts, count_of, p.get("needs"),
            allows, _texts(p.get("with"), file, line, "with"), p.get("ask"),
            p.get("because"), status, str(p["source"]), p.get("text"), file, line,
        ))
    return inst, str(data.get("title") or inst), names, out


def load_table(folder: Path | None) -> Table:
    table = Table()
    if folder is None or not folder.is_dir():
        return table
    errors = []
    for f in sorted(folder.glob("*.y*ml")):
        try:
            inst, title, names, provs = load_file(f)
        except InputError as e:
            errors.append(e)
            continue
        table.instruments[inst] = title
        table.names[inst] = inst
        for n in names:
            table.names[n] = inst
        for p in provs:
            table.provisions.setdefault((inst, p.provision), []).append(p)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    return table


# --- judging one reference --------------------------------------------------------------------

ALLOW, DENY, ASK = "許す", "許さない", "確かめる"
# acts that a law the table does not hold may still permit (個人情報保護法 第69条第1項「法令に基づく場合」, 第71条第1項):
# an instrument outside the table is to be checked. Every other act is permitted only by the instruments that govern it
# (番号法 第9条 and 第19条柱書 are exhaustive; a 独自利用事務 stands only on the 利用条例): another instrument does not permit it.
OPEN_ACTS = ("保有個人情報の提供", "外国にある第三者への提供")


@dataclass
class Row:
    """How one reference was judged for one act: 許す / 許さない / 要確認, and why."""

    ref: Ref
    outcome: str
    reason: str
    status: str | None = None  # the table entry's status (unverified → 〔未検証〕 in the reading)


def exists(table: Table, ref: Ref, d: int | None) -> tuple[bool | None, str, Provision | None]:
    """Whether the provision a reference names exists on day d: (yes/no/unknown, why, its table entry)."""
    if ref.instrument not in table.instruments:
        return None, f"「{ref.instrument}」は法令の表にない（条文を確かめて表に加える）", None
    if (ref.table and not _has(table, ref.instrument, "別表")) or (ref.article and not _has(table, ref.instrument, "第")):
        # the table does not know how this instrument is divided (利用条例施行規則): judged as the instrument named
        entries = table.get(ref.instrument, WHOLE)
        return True, "", _on(entries, d) if entries else None
    if ref.table:
        tables = table.get(ref.instrument, ref.table)
        if not tables:
            return False, f"{ref.instrument} に {ref.table} はない", None
        entry = _on(tables, d)
        if entry is None:
            spans = "・".join(_when(t.valid_from, t.valid_to) for t in tables)
            return (None if d is None else False), f"{ref.instrument} {ref.table} は {spans}（付議日に効力がない）", None
        if ref.table_item:
            n = entry.count_on(d)
            base = int(ref.table_item.split("の")[0])
            if n is not None and base > n:
                return False, f"{ref.instrument} {ref.table} は {n} の項まで（{ref.table_item}の項 はない）", entry
        return True, "", entry
    if ref.article is None:
        entries = table.get(ref.instrument, WHOLE)
        e = _on(entries, d) if entries else None
        if entries and e is None:
            spans = "・".join(_when(x.valid_from, x.valid_to) for x in entries)
            return (None if d is None else False), f"{ref.instrument} は {spans}（付議日に効力がない）", None
        return True, "", e
    art = f"第{ref.article.split('の')[0]}条" + (f"の{ref.article.partition('の')[2]}" if "の" in ref.article else "")
    arts = table.get(ref.instrument, art)
    if not arts:
        return None, f"{ref.instrument} {art} は法令の表にない（条文を確かめて表に加える）", None
    a = _on(arts, d)
    if a is None:
        return (None if d is None else False), f"{ref.instrument} {art} は {'・'.join(_when(x.valid_from, x.valid_to) for x in arts)}（付議日に効力がない）", None
    sub = ref.paragraph if a.count_of == "項" else ref.item if a.count_of == "号" else None
    if sub is not None:
        n = a.count_on(d)
        if n is not None and sub > n:
            return False, f"{ref.instrument} {art} は 第{n}{a.count_of} まで（付議日に 第{sub}{a.count_of} はない）", a
    if ref.paragraph and ref.item:  # 第69条第2項第3号: the 項's own count of 号
        p = _on(table.get(ref.instrument, f"{art}第{ref.paragraph}項"), d)
        if p is not None and p.count_of == "号":
            n = p.count_on(d)
            if n is not None and ref.item > n:
                return False, f"{ref.instrument} {art}第{ref.paragraph}項 は 第{n}号 まで（第{ref.item}号 はない）", p
    exact = _on(table.get(ref.instrument, ref.provision), d)
    return True, "", exact or a


def _has(table: Table, instrument: str, prefix: str) -> bool:
    return any(i == instrument and p.startswith(prefix) for i, p in table.provisions)


def _on(entries: list[Provision], d: int | None) -> Provision | None:
    for e in entries:
        if _in(d, e.valid_from, e.valid_to):
            return e
    return None


def judge(table: Table, refs: list[Ref], act: str, d: int | None, facts: dict, effective: int | None = None,
          evaluate=None) -> list[Row]:
    """Each reference judged for the act on day d (yyyymmdd). effective: the 施行日 the case states for an amendment
    it makes. evaluate: the three-valued evaluator of conditions (checker.engine.oracle.evaluate)."""
    rows = []
    pending: list = []
    for ref in refs:
        ok, why, entry = exists(table, ref, d)
        if ok is False:
            rows.append(Row(ref, DENY, why or "付議日に存在しない", entry.status if entry else None))
            continue
        if ok is None:
            if ref.instrument not in table.instruments and act not in OPEN_ACTS:
                rows.append(Row(ref, DENY, f"「{ref.instrument}」は「{act}」を定める法令ではない（番号法・利用条例・同施行規則による）", None))
                continue
            rows.append(Row(ref, ASK, why, None))
            continue
        if entry is None or (entry.provision != ref.provision and not _inherits(entry, ref)):
            rows.append(Row(ref, ASK, f"{ref.instrument} {ref.provision or ''} の定めは法令の表にない（何を許すか確かめて表に加える）".replace("  ", " "), None))
            continue
        if act not in entry.allows:
            rows.append(Row(ref, DENY, entry.because or f"{entry.name} は「{act}」を定めていない", entry.status))
            continue
        if entry.needs and _lacks(ref, entry.needs):
            what = "法令のどの規定に基づくか（その規定が法令の表にあること）" if entry.needs == "法令の規定" else f"どの{entry.needs}か"
            rows.append(Row(ref, ASK, f"{entry.name}: {what}が書かれていない", entry.status))
            continue
        if entry.with_:
            pending.append((len(rows), entry))  # decided below, once the other references are judged
        if ref.amended:
            if effective is None:
                rows.append(Row(ref, ASK, "本件の規則改正による: 改正の施行日が書かれていない", entry.status))
                continue
        when = entry.allows[act]
        if when is not None and evaluate is not None:
            r, ev = evaluate(when, facts)
            if r == "F":
                shown = "、".join(f"{p}: {v}" for p, v in ev if v is not None)
                rows.append(Row(ref, DENY, (entry.because or f"{entry.name} の要件に当たらない") + (f"（{shown}）" if shown else ""), entry.status))
                continue
            if r == "U":
                shown = "、".join(p for p, v in ev if v is None)
                rows.append(Row(ref, ASK, f"{entry.name} の要件を判断する事実が書かれていない（{shown}）", entry.status))
                continue
        if entry.ask:
            rows.append(Row(ref, ASK, entry.ask, entry.status))
            continue
        note = "本件の規則改正による" if ref.amended else ""
        rows.append(Row(ref, ALLOW, note, entry.status))
    for i, entry in pending:  # 条例で定めるところにより: allowed only with a provision of that 条例 in force on the day
        if rows[i].outcome != ALLOW:
            continue
        partners = [r for r in refs if r.instrument in entry.with_]
        ok = [r for r in partners if exists(table, r, d)[0] is True and (not r.amended or effective is not None)]
        if ok:
            continue
        what = "又は".join(entry.with_)
        why = "その定めが書かれていない" if not partners else "その定めが付議日に効力のあるものと確かめられない（" + "、".join(map(str, partners)) + "）"
        rows[i] = Row(rows[i].ref, ASK, f"{entry.name} は {what} の定めによって許す: {why}", entry.status)
    return rows


def _inherits(entry: Provision, ref: Ref) -> bool:
    """A 別表's 項 is judged by its 別表's entry; an instrument named alone by its 名だけ entry."""
    return (ref.table is not None and entry.provision == ref.table) or entry.provision == WHOLE


def _lacks(ref: Ref, needs: str) -> bool:
    if needs == "号":
        return ref.item is None
    if needs == "項":
        return ref.paragraph is None if ref.table is None else ref.table_item is None
    if needs == "条":
        return ref.article is None and ref.table is None
    if needs == "別表の項":
        return ref.table_item is None
    return needs == "法令の規定"  # 第69条第1項: which law's provision is the 根拠 (that provision's own row decides)


def overall(rows: list[Row], unread: list[str]) -> bool | None:
    """The 根拠 permits the act: yes when one reference allows it, no when every reference was read and none exists
    or allows it, unknown otherwise (nothing read, a part unread, or a reference to check)."""
    if any(r.outcome == ALLOW for r in rows):
        return True
    if rows and not unread and all(r.outcome == DENY for r in rows):
        return False
    return None
