"""Each 根拠 a case writes, read into provisions and judged by what they allow on the 付議日.

The places of the form that hold a 根拠, and the act each asks a provision to permit:

    番号法.個人番号利用事務[].根拠   種別 法定事務 → 法定事務での利用 / 独自利用事務 → 独自利用事務での利用
    番号法.庁内連携[].根拠           他の機関への提供 なし → 同じ機関の中での利用 / あり → 他の機関への提供
    番号法.情報連携[].根拠           種別 法定事務 → 情報連携（法定事務）/ 独自利用事務 → 情報連携（独自利用事務）
    外部提供.根拠規定                保有個人情報の提供; 特定個人情報の提供 (unless 特定個人情報の提供: なし);
                                    外国にある第三者への提供 (when 提供先の所在: 国外)

The text is read by checker/model/citation.py with the instrument names of the table (rules/法令/), and each reference
judged by checker/rules/provisions.py. The result is written into the case's derived entries (根拠の読み, 根拠の判定 …),
which the rules read like any other fact, and which `checker check` prints so a person sees how the text was read.
An entry whose act is not known (種別 or 他の機関への提供 not written) gets no judgement (要確認 in the rules).
"""
from __future__ import annotations

import re
from typing import Any

from .. import jp
from ..model.citation import read
from ..model.mynumber import BasisRow
from ..rules.provisions import ASK, DENY, Row, Table, judge, overall
from .facts import to_facts
from .oracle import evaluate

USE = {"法定事務": "法定事務での利用", "独自利用事務": "独自利用事務での利用"}
LINK = {"法定事務": "情報連携（法定事務）", "独自利用事務": "情報連携（独自利用事務）"}
ORGAN = {False: "同じ機関の中での利用", True: "他の機関への提供"}
TEIKYO = "保有個人情報の提供"
TEIKYO_MN = "特定個人情報の提供"
ABROAD = "外国にある第三者への提供"
KOJIN = "個人情報保護法"
NONE_WORDS = {"なし", "無し", "該当なし", "ー", "－", "-", "—"}


def _days(case: Any) -> tuple[int | None, int | None]:
    """The first and last day the 付議日 may be (a 年度 or a month is a span; unknown: None)."""
    span = getattr(case, "date", None)
    if isinstance(span, jp.DateSpan):
        return jp.ymd(span.start), jp.ymd(span.end)
    return None, None


def _judge_span(table: Table, refs, act: str, days, facts: dict, eff: int | None) -> list[Row]:
    """Judged on the first and the last day the 付議日 may be: where the two differ, a person must look."""
    first, last = days
    a = judge(table, refs, act, first, facts, eff, evaluate)
    if last == first:
        return a
    b = judge(table, refs, act, last, facts, eff, evaluate)
    return [x if (x.outcome, x.reason) == (y.outcome, y.reason) else
            Row(x.ref, ASK, f"付議日が 1 日に定まらず、その期間のうちに判断が変わる（{x.outcome}・{y.outcome}）", x.status)
            for x, y in zip(a, b)]


def _rows(act: str, rows: list[Row], unread: list[str]) -> list[BasisRow]:
    out = [BasisRow.model_construct(act=act, provision=str(r.ref), outcome=r.outcome, reason=r.reason or None, status=r.status)
           for r in rows]
    out += [BasisRow.model_construct(act=act, provision=u, outcome=ASK, reason="読み取れない（法令名と条・項・号を書く）", status=None)
            for u in unread]
    return out


def read_case(case: Any, table: Table) -> None:
    """Fill the derived 根拠 entries of a case (see the module docstring)."""
    mn = getattr(case, "mynumber", None)
    tk = getattr(case, "teikyo", None)
    if mn is None and tk is None:
        return
    days = _days(case)
    facts_cache: list = []

    def facts() -> dict:
        if not facts_cache:
            facts_cache.append(to_facts(case))
        return facts_cache[0]

    def one(entry: Any, text: str | None, act: str | None, default: str | None) -> tuple[list[BasisRow], bool | None, Any]:
        if text is None or not str(text).strip():
            return [], None, None
        if str(text).strip() in NONE_WORDS:  # 「根拠: なし」 states that there is none: nothing permits it
            return _rows(act or "（不明）", [], []) + [BasisRow.model_construct(act=act or "（不明）", provision=str(text).strip(), outcome=DENY,
                                                                               reason="根拠がないと書かれている", status=None)], False, None
        reading = read(text, table.names, default)
        if act is None:  # shown as read; what it must permit is not known until 種別 (他の機関への提供) is written
            rows = [Row(r, ASK, "何を許す必要があるか（種別・他の機関への提供）が書かれていない", None) for r in reading.refs]
            return _rows("（不明）", rows, reading.unread), None, reading
        eff = getattr(entry, "effective", None)
        eff_day = jp.ymd(eff.start) if eff is not None and eff.exact else None
        rows = _judge_span(table, reading.refs, act, days, facts() if table.reads_facts else {}, eff_day)
        return _rows(act, rows, reading.unread), overall(rows, reading.unread), reading

    if mn is not None:
        for lst, act_of in (("uses", lambda e: USE.get(e.kind)), ("network_links", lambda e: LINK.get(e.kind)),
                            ("internal_links", lambda e: ORGAN.get(e.other_organ))):
            for e in getattr(mn, lst) or []:
                rows, ok, _ = one(e, e.basis, act_of(e), "番号法")
                e.readings = rows or None
                e.judged = ok
    if tk is not None:
        text = tk.legal_basis
        rows_all: list[BasisRow] = []
        rows, tk.judged, reading = one(tk, text, TEIKYO, None)
        rows_all += rows
        if tk.mynumber is not False and getattr(case, "handles_mynumber", None) is not False:
            rows, tk.mn_judged, _ = one(tk, text, TEIKYO_MN, None)
            rows_all += rows
        else:
            tk.mn_judged = None
        if tk.abroad == "国外":
            rows, tk.abroad_judged, _ = one(tk, text, ABROAD, None)
            rows_all += rows
        else:
            tk.abroad_judged = None
        tk.readings = rows_all or None
        tk.article = _article(reading) if reading is not None else None


_ARTICLES = ("第69条第1項", "第69条第2項第1号", "第69条第2項第2号", "第69条第2項第3号", "第69条第2項第4号")


def _article(reading) -> str | None:
    """根拠条項: the one 個人情報保護法 第69条 provision named (その他 when none; unknown when several or a 項 without its 号)."""
    found = {r.provision for r in reading.refs if r.instrument == KOJIN and r.article == "69"}
    if not found:
        return "その他" if reading.refs else None
    if len(found) > 1:
        return None
    (p,) = found
    return p if p in _ARTICLES else "その他"  # 第69条第2項第5号 (none such), 第69条第2項 without its 号: no 号's premise


_PLACE = re.compile(r"番号法\.(個人番号利用事務|庁内連携|情報連携)\[(\d+)\]\.根拠の判定$")
_LISTS = {"個人番号利用事務": "uses", "庁内連携": "internal_links", "情報連携": "network_links"}
_TEIKYO_ACTS = {"根拠の判定": TEIKYO, "番号法の根拠の判定": TEIKYO_MN, "外国への提供の根拠の判定": ABROAD}


def why_unknown(case: Any, path: str) -> str | None:
    """For a 要確認 that a 根拠の判定 left unknown while the 根拠 is written: what could not be read or checked (the rows
    判断 確かめる of its reading), so the department sees why the text it wrote does not decide."""
    m = _PLACE.match(path)
    if m:
        items = getattr(getattr(case, "mynumber", None), _LISTS[m.group(1)], None) or []
        i = int(m.group(2)) - 1
        if not 0 <= i < len(items):
            return None
        text, rows = items[i].basis, items[i].readings or []
    elif path.startswith("外部提供.") and path.split(".")[-1] in _TEIKYO_ACTS:
        tk = getattr(case, "teikyo", None)
        if tk is None:
            return None
        act = _TEIKYO_ACTS[path.split(".")[-1]]
        text, rows = tk.legal_basis, [r for r in tk.readings or [] if r.act == act]
    else:
        return None
    if text is None or not rows:
        return None
    asks = [f"{r.provision}: {r.reason}" for r in rows if r.outcome == ASK]
    return f"書かれた根拠「{text}」からは判断できません（" + "；".join(asks or ["読み取った規定が判断を決めない"]) + "）"


__all__ = ["read_case", "why_unknown"]
