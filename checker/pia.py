"""The 特定個人情報保護評価 pairs of one 年度: a 実施結果 report names its 素案 report; the date comes from there.

Seed 003 reports a 全項目評価 in two cases: the 素案 (e.g. №12, 9月6日) and, after the パブリック・コメント and
the 第三者点検, the 実施結果 (№32, 12月21日), which says 「…について報告した（令和５年度第６回管理運営会議承認済み）」.
The later case names the earlier one (`素案報告: {案件: №12, 会議: …}`); `link_reports` resolves that name among
the cases of the same 年度 and fills `素案報告.付議日` with the earlier case's 付議日, so the rule PIA-SEQ-DRAFT
(素案報告 → パブリック・コメント) can be decided. A case checked alone keeps the fact missing (要確認) unless it
states the date itself.

It returns one message per inconsistency of the pair (the named case is missing, is not a 素案 report, has
another date than the one stated, or was held at another meeting than the one named), "file: message".
When the two cases disagree on the date or the meeting, the date is left unknown, so the rule says 要確認.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable

from .model import Case
from .model.mynumber import DraftReport, derive


def fiscal_year(case: Case) -> int | None:
    d = case.date
    if d is None:
        return None
    y0 = d.start.year if d.start.month >= 4 else d.start.year - 1
    y1 = d.end.year if d.end.month >= 4 else d.end.year - 1
    return y0 if y0 == y1 else None


def case_number(text: str | None) -> int | None:
    if not text:
        return None
    m = re.search(r"\d+", unicodedata.normalize("NFKC", text))
    return int(m.group()) if m else None


def _named(case: Case) -> str | None:
    pia = case.pia
    if pia is None:
        return None
    if pia.draft_report is not None and pia.draft_report.case:
        return pia.draft_report.case
    return pia.related_case


def link_reports(cases: Iterable[tuple[str, Case]]) -> list[str]:
    """Fill 素案報告.付議日 of each 実施結果 report from the case it names; messages for inconsistent pairs."""
    cases = list(cases)
    index: dict[tuple[int, int], tuple[str, Case]] = {}
    for name, c in cases:
        fy = fiscal_year(c)
        if fy is not None and c.number is not None:
            index.setdefault((fy, c.number), (name, c))
    out: list[str] = []
    for name, c in cases:
        ref = _named(c)
        if ref is None:
            continue
        n, fy = case_number(ref), fiscal_year(c)
        if n is None:
            out.append(f"{name}: 素案報告の案件「{ref}」が № で書かれていません")
            continue
        hit = index.get((fy, n)) if fy is not None else None
        if hit is None:
            out.append(f"{name}: 素案報告の案件 №{n} が同じ年度の案件にありません")
            continue
        ename, earlier = hit
        if earlier.pia is None or earlier.pia.stage != "素案":
            out.append(f"{name}: 素案報告として名指しした №{n}（{ename}）は素案の報告ではありません（特定個人情報保護評価.段階: 素案 がない）")
        dr = c.pia.draft_report
        if dr is None:
            dr = c.pia.draft_report = DraftReport.model_construct(case=ref, meeting=None, date=None)
        conflict = False
        if earlier.date is not None and dr.date is not None and (dr.date.start, dr.date.end) != (earlier.date.start, earlier.date.end):
            out.append(f"{name}: 素案報告の付議日 {dr.date} が №{n} の付議日 {earlier.date} と合いません")
            conflict = True
        if dr.meeting and earlier.meeting and _norm(dr.meeting) != _norm(earlier.meeting):
            out.append(f"{name}: 素案報告の会議「{dr.meeting}」が №{n} の会議「{earlier.meeting}」（{earlier.date}）と合いません")
            conflict = True
        if conflict:
            dr.date = None  # the two cases disagree on when the 素案 was reported: a person must look (要確認)
        elif dr.date is None and earlier.date is not None:
            dr.date = earlier.date
        derive(c)
    return out


def _norm(meeting: str) -> str:
    """令和５年度第６回管理運営会議 and 令和5年度第6回個人情報保護管理運営会議 name the same meeting."""
    t = unicodedata.normalize("NFKC", meeting)
    m = re.search(r"(\S*?\d+年度)?第(\d+)回", t)
    return f"{m.group(1) or ''}第{m.group(2)}回" if m else t
