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

For a stream of cases (checker audit over thousands of files) the pieces are separate: an index
{(年度, №): Ref} of what a named case contributes (file, 付議日, 会議, 段階) is built as the files go by
(`add_to_index`, the first case of a (年度, №) wins), and `link_one` links one case against it; only the
cases that name a 素案 not yet seen need to wait for the end. `link_reports` is the two together.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

from ..jp import DateSpan
from ..model import Case
from ..model.mynumber import DraftReport, derive


def fiscal_year(case: Case) -> int | None:
    return span_fiscal_year(case.date) if case.date is not None else None


def span_fiscal_year(d: DateSpan) -> int | None:
    """The 年度 (by its starting year) a date or span lies in; None when it straddles two."""
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


@dataclass(frozen=True)
class Ref:
    """What a later case needs of the case it names: kept instead of the case when streaming (audit)."""

    name: str
    date: DateSpan | None
    meeting: str | None
    stage: str | None


Key = tuple  # (年度, №)


def index_key(case: Case) -> Key | None:
    """(年度, №) under which a case can be named by a later case of its 年度; None when it cannot."""
    fy = fiscal_year(case)
    if fy is None or case.number is None:
        return None
    return (fy, case.number)


def ref_of(name: str, case: Case) -> Ref:
    return Ref(name, case.date, case.meeting, case.pia.stage if case.pia is not None else None)


def names_draft(case: Case) -> bool:
    """The case names the case of its 素案 report (it is linked by link_one)."""
    return _named(case) is not None


def wanted_key(case: Case) -> Key | None:
    """The (年度, №) the case names, when link_one would look it up in the index (else None)."""
    ref = _named(case)
    n, fy = case_number(ref), fiscal_year(case)
    if ref is None or n is None or fy is None:
        return None
    return (fy, n)


def add_to_index(index: dict, name: str, case: Case) -> None:
    """The first case of a (年度, №) is the one named (as link_reports always did)."""
    k = index_key(case)
    if k is not None and k not in index:
        index[k] = ref_of(name, case)


def link_one(name: str, c: Case, index: dict) -> list[str]:
    """Fill 素案報告.付議日 of one case from the index {(年度, №): Ref}; messages for an inconsistent pair."""
    ref = _named(c)
    if ref is None:
        return []
    n, fy = case_number(ref), fiscal_year(c)
    if n is None:
        return [f"{name}: 素案報告の案件「{ref}」が № で書かれていません"]
    hit = index.get((fy, n)) if fy is not None else None
    if hit is None:
        return [f"{name}: 素案報告の案件 №{n} が同じ年度の案件にありません"]
    out: list[str] = []
    if hit.stage != "素案":
        out.append(f"{name}: 素案報告として名指しした №{n}（{hit.name}）は素案の報告ではありません（特定個人情報保護評価.段階: 素案 がない）")
    dr = c.pia.draft_report
    if dr is None:
        dr = c.pia.draft_report = DraftReport.model_construct(case=ref, meeting=None, date=None)
    conflict = False
    if hit.date is not None and dr.date is not None and (dr.date.start, dr.date.end) != (hit.date.start, hit.date.end):
        out.append(f"{name}: 素案報告の付議日 {dr.date} が №{n} の付議日 {hit.date} と合いません")
        conflict = True
    if dr.meeting and hit.meeting and _norm(dr.meeting) != _norm(hit.meeting):
        out.append(f"{name}: 素案報告の会議「{dr.meeting}」が №{n} の会議「{hit.meeting}」（{hit.date}）と合いません")
        conflict = True
    if conflict:
        dr.date = None  # the two cases disagree on when the 素案 was reported: a person must look (要確認)
    elif dr.date is None and hit.date is not None:
        dr.date = hit.date
    derive(c)
    return out


def build_index(cases: Iterable[tuple[str, Case]]) -> dict:
    index: dict = {}
    for name, c in cases:
        add_to_index(index, name, c)
    return index


def link_reports(cases: Iterable[tuple[str, Case]], among: Iterable[tuple[str, Case]] | None = None) -> list[str]:
    """Fill 素案報告.付議日 of each 実施結果 report from the case it names; messages for inconsistent pairs.

    The named case is looked up among `among` (default: the cases themselves), so a meeting's cases can be
    linked against the whole 年度.
    """
    cases = list(cases)
    index = build_index(cases if among is None else among)
    out: list[str] = []
    for name, c in cases:
        out.extend(link_one(name, c, index))
    return out


def _norm(meeting: str) -> str:
    """令和５年度第６回管理運営会議 and 令和5年度第6回個人情報保護管理運営会議 name the same meeting."""
    t = unicodedata.normalize("NFKC", meeting)
    m = re.search(r"(\S*?\d+年度)?第(\d+)回", t)
    return f"{m.group(1) or ''}第{m.group(2)}回" if m else t
