"""整合性: two statements of one case compared (derived facts, never written).

Each fact is 一致, 比較できない (one side not stated, or a 約 / a month that cannot decide), or
「不一致：…」 naming the two values, so every report that prints the deciding facts says what disagrees.
The rules (rules/整合性.yaml) apply where the comparison can be made and require 一致.
Not compared, on purpose: a sheet's 保有課 and the case's 担当課 (seed 002: 担当課 企画政策課 proposes for the
保有課 子ども家庭課・保育課; the proposing department need not hold the data).
"""

import re
from typing import Any

from .. import jp

from .base import F, Sheet, Text

SAME, CANNOT = "一致", "比較できない"
KEY = "整合性"


class Consistency(Sheet):
    subjects_breakdown: Text | None = F("対象者数と内訳")
    install_after_meeting: Text | None = F("設置予定日と付議日")
    clauses_two_places: Text | None = F("特記事項の添付とチェックリスト")
    access_two_sheets: Text | None = F("委託先の個人情報への接触と番号法の委託")
    subcontract_two_sheets: Text | None = F("再委託の記載と番号法の委託")
    comment_before_report: Text | None = F("パブリック・コメントと付議日")
    date_in_meeting_year: Text | None = F("付議日と会議の年度")
    # periods read from the forms' free text (jp.parse_period): 一致, 不一致：…, 期限なし (the text leaves the end open or
    # names none); left unknown (要確認) when the text is missing, names no date, or the spans cannot decide
    itaku_period_order: Text | None = F("委託の開始時期と期限")
    itaku_period_meeting: Text | None = F("委託の期限と付議日")
    ketsugo_period_order: Text | None = F("結合の開始時期と終了時期")
    ketsugo_period_meeting: Text | None = F("結合の終了時期と付議日")
    # 外部提供's 提供の時期: only the order (a 外部提供の報告 such as seed 003 №21 reports provisions already made, so a
    # period ending before the 付議日 is no error there; the form does not say which kind a case is)
    teikyo_period_order: Text | None = F("提供の開始時期と終了時期")


# derived fact → the entries of the form it compares (what 直すこと asks for)
WRITTEN_FROM = {
    f"{KEY}.対象者数と内訳": ("事業の概要.対象者数", "事業の概要.対象者数の内訳"),
    f"{KEY}.設置予定日と付議日": ("防犯カメラ.設置予定日", "付議日"),
    f"{KEY}.特記事項の添付とチェックリスト": ("業務委託.特記事項の添付", "業務委託.チェックリスト.特記事項等の遵守"),
    # (the 委託先 names that pair the two sheets are not listed: an unnamed pair is 比較できない, never 要確認)
    f"{KEY}.委託先の個人情報への接触と番号法の委託": ("業務委託.個人情報の取扱い.個人情報への接触", "番号法.特定個人情報ファイルの取扱いの委託"),
    f"{KEY}.再委託の記載と番号法の委託": ("業務委託.再委託", "番号法.特定個人情報ファイルの取扱いの委託"),
    f"{KEY}.パブリック・コメントと付議日": ("特定個人情報保護評価.パブリック・コメント.終了", "付議日"),
    f"{KEY}.付議日と会議の年度": ("付議日", "会議"),
    f"{KEY}.委託の開始時期と期限": ("業務委託.委託の開始時期及び期限",),
    # 付議日 is an entry every case file has (R); what this comparison asks the department for is the period text
    f"{KEY}.委託の期限と付議日": ("業務委託.委託の開始時期及び期限",),
    f"{KEY}.結合の開始時期と終了時期": ("外部結合.結合の開始時期と期間",),
    f"{KEY}.結合の終了時期と付議日": ("外部結合.結合の開始時期と期間",),
    f"{KEY}.提供の開始時期と終了時期": ("外部提供.提供の時期",),
}
OPEN = "期限なし"


def _order(a, b, what_a: str, what_b: str) -> str:
    """a on or before b (date spans): 一致; a wholly after b: 不一致; overlapping spans or a side missing: 比較できない."""
    if a is None or b is None:
        return CANNOT
    if a.end <= b.start:
        return SAME
    if a.start > b.end:
        return f"不一致：{what_a} {a.text} が {what_b} {b.text} より後"
    return CANNOT


def _period_order(period) -> str | None:
    """Each (start, end) the text gives: 一致 when every end is on or after its start, 不一致 when one surely is not,
    期限なし when no part has both ends (nothing can be reversed); None (unknown) when the text is not read, a part has an
    end with no dated start, or the spans cannot decide."""
    if period is None:
        return None
    pairs = [(a, b) for a, b in period.parts if b is not None]
    if not pairs:
        return OPEN
    if any(a is None for a, _ in pairs):
        return None
    for a, b in pairs:
        if a.start > b.end:
            return f"不一致：期限 {b.text} が 開始 {a.text} より前"
    if all(a.end <= b.start for a, b in pairs):
        return SAME
    return None


def _period_meeting(period, date) -> str | None:
    """The period does not end before the 付議日. An open end (「…から」「〜」「継続」) does not end; a period with no end
    written that starts on or after the 付議日 does not end before it either (its end is not before its start: the order
    rule checks that). Otherwise the end is compared; spans that overlap the 付議日 cannot decide (None)."""
    if period is None or date is None:
        return None
    end = period.end
    if end is not None:
        if end.start >= date.end:
            return SAME
        if end.end < date.start:
            return f"不一致：期限 {end.text} が 付議日 {date.text} より前"
        return None
    if period.open_end:
        return SAME
    start = period.start
    if start is not None and start.start >= date.end:
        return SAME
    return None


def _sum(case) -> str:
    ov = case.overview
    if ov is None or ov.subject_count is None or not ov.subject_counts:
        return CANNOT
    total, parts = ov.subject_count, list(ov.subject_counts.values())
    s = sum(p.value for p in parts)
    if s == total.value:
        return SAME
    if total.approx or any(p.approx for p in parts):
        return CANNOT
    return f"不一致：対象者数 {total.text} と 内訳の合計 {s:,}"


def _clauses(case) -> str:
    it = case.itaku
    if it is None or it.clauses_attached is None or it.measures is None or it.measures.clauses is None:
        return CANNOT
    row = it.measures.clauses.mark
    if it.clauses_attached == (row == "○"):
        return SAME
    return f"不一致：特記事項の添付 {'あり' if it.clauses_attached else 'なし'} と 特記事項等の遵守 {row}"


def _names(text: str | None) -> str:
    return re.sub(r"\s+", "", jp.nfkc(text or ""))


def _access(case) -> str:
    """業務委託's 委託先 touches personal information (個人情報の取扱い.個人情報への接触) and 番号法's 委託 gives access to
    特定個人情報 (特定個人情報へのアクセス): compared both ways.
    - 業務委託 says no touch and any 番号法 委託 has access → 不一致 (the contractor cannot both touch and not touch).
    - 業務委託 says it touches and a 番号法 委託 of the same 委託先 (the names contain one another) says no access →
      不一致. Without a name in common the two may be different parties (seed 003: the クラウドサービス事業者 has no access
      while the system vendor works on the data) → 比較できない; a 番号法 委託 with access → 一致.
    """
    it, mn = case.itaku, case.mynumber
    touches = it.handling.touches_data if it is not None and it.handling is not None else None
    if touches is None or mn is None or not mn.entrustments:
        return CANNOT
    stated = [e for e in mn.entrustments if e.access is not None]
    if not stated:
        return CANNOT
    if touches is False:
        if any(e.access for e in stated):
            return "不一致：業務委託 個人情報への接触 なし と 番号法 特定個人情報へのアクセス あり"
        return SAME
    ours = [n for n in (_names(c.name) for c in (it.contractors or [])) if n]
    same = [e for e in stated if (theirs := _names(e.contractor)) and any(n in theirs or theirs in n for n in ours)]
    if same and not any(e.access for e in same):
        return (f"不一致：業務委託 個人情報への接触 あり と 番号法 特定個人情報へのアクセス なし"
                f"（委託先 {'、'.join(e.contractor for e in same)}）")
    if any(e.access for e in (same or stated)):
        return SAME
    return CANNOT


def _subcontract(case) -> str:
    """業務委託.再委託 (the entries) and 番号法's 委託 (再委託の有無) say the same about 再委託."""
    it, mn = case.itaku, case.mynumber
    subs = it.subcontracts if it is not None else None
    said = [e.subcontract for e in (mn.entrustments or [])] if mn is not None else []
    said = [x for x in said if x is not None]
    if subs is None or not said:
        return CANNOT
    if bool(subs) == any(said):
        return SAME
    return (f"不一致：業務委託.再委託 {'あり（' + str(len(subs)) + ' 件）' if subs else 'なし'} と "
            f"番号法 再委託の有無 {'あり' if any(said) else 'なし'}")


_YEAR = re.compile(r"(令和|平成)\s*([0-9０-９]+|元)\s*年度")


def _meeting_year(case) -> str:
    """The 付議日 lies in the 年度 the 会議 names (「令和5年度第5回…」: 2023-04-01〜2024-03-31)."""
    date, meeting = getattr(case, "date", None), getattr(case, "meeting", None)
    m = _YEAR.search(meeting or "")
    if date is None or m is None:
        return CANNOT
    try:
        fy = jp.parse_date(m.group(0))
    except ValueError:
        return CANNOT
    if fy.start <= date.start and date.end <= fy.end:
        return SAME
    if date.end < fy.start or date.start > fy.end:
        return f"不一致：付議日 {date.text} は 会議 {m.group(0)}（{fy.start:%Y-%m-%d}〜{fy.end:%Y-%m-%d}）の外"
    return CANNOT


def derive(case: Any) -> None:
    pia = case.pia
    pc = pia.public_comment if pia is not None else None
    result_report = bool(pia is not None and pia.result_report)
    cam = case.camera
    case.consistency = Consistency.model_construct(
        subjects_breakdown=_sum(case),
        install_after_meeting=_order(case.date, cam.install_date if cam else None, "付議日", "設置予定日"),
        clauses_two_places=_clauses(case),
        access_two_sheets=_access(case),
        subcontract_two_sheets=_subcontract(case),
        comment_before_report=_order(pc.end if pc else None, case.date, "パブリック・コメントの終了", "付議日")
        if result_report else CANNOT,
        date_in_meeting_year=_meeting_year(case),
        itaku_period_order=_period_order(it.parsed_period) if (it := case.itaku) is not None else None,
        itaku_period_meeting=_period_meeting(it.parsed_period, case.date) if it is not None else None,
        ketsugo_period_order=_period_order(kt.parsed_period) if (kt := case.ketsugo) is not None else None,
        ketsugo_period_meeting=_period_meeting(kt.parsed_period, case.date) if kt is not None else None,
        # 提供の時期 is no entry the form requires (seed 003 №23 has none): not written → nothing to compare
        teikyo_period_order=(_period_order(tk.parsed_period) if tk.timing is not None else CANNOT) if (tk := case.teikyo) is not None else None,
    )
