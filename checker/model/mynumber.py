"""番号法 / 利用条例 facts: which 事務 use 個人番号, linkages, outsourcing, and the 特定個人情報保護評価.

Labels are those of the seeds: 000 (事務の追加: 個人番号利用事務・庁内連携), 002/004 (情報提供ネットワーク
システムによる情報連携), and the 評価書 items quoted in seed 003 (Ⅱ４「特定個人情報ファイルの取扱いの委託」,
Ⅵ「評価実施手続」: パブリック・コメントの実施期間, 第三者点検の実施期間).

手続の順序 is derived, never written: `derive(case)` computes it from the dates of the steps and the
case's 付議日 (the 実施結果報告 is the case itself). Each flag is three-valued: a date that is
missing, or a span (a month, a 年度) that makes the order uncertain, leaves the flag unknown (要確認).
"""

import datetime as _dt
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, model_validator

from .. import jp
from .base import F, Count, Date, Flag, Items, Sheet, StrList, Text, _as_list

JimuKind = Literal["法定事務", "独自利用事務"]
PiaKind = Literal["基礎項目評価", "重点項目評価", "全項目評価"]

DERIVED_KEY = "手続の順序"
RESULT_KEY = "実施結果の報告"
PIA_CASE_KEY = "保護評価の案件"
# a 保護評価 case that carries no 電算処理 form: its 電算処理 is reported on its own (seed 003 №15「※電算処理…については、
# 別途個人情報保護管理運営会議に報告する。」), so the 電算処理 rules do not judge it. A case that does carry the form is
# judged by them: a PIA sheet adds rules, it never removes the 電算処理 ones.
DENSAN_APART_KEY = "電算処理を別に報告する保護評価の案件"


READING_KEY = "根拠の読み"
JUDGED_KEY = "根拠の判定"
Outcome = Literal["許す", "許さない", "確かめる"]
_READ_WHY = " 根拠 から読み取る項目なので書けません（根拠 に法令名と条・項・号、別表の項を書いてください）"


class BasisRow(Sheet):
    """How one provision a 根拠 names was judged (derived at evaluation time, never written): checker/engine/bases.py."""

    act: Text | None = F("行為")  # what the provision is asked to permit (法定事務での利用, 特定個人情報の提供 …)
    provision: Text | None = F("規定")  # 番号法 第19条第8号, 利用条例施行規則（本件の改正による）…
    outcome: Outcome | None = F("判定")
    reason: Text | None = F("理由")
    status: Text | None = F("確かさ")  # the table entry's citation_status (unverified → 〔未検証〕)


class Judged(Sheet):
    """A place of the form that holds a 根拠, and what the checker read there (derived, see checker/engine/bases.py).

    根拠の読み: each provision named, judged against the dated table (rules/法令/) on the 付議日; 根拠の判定: whether one of
    them permits what this entry does (unknown when nothing could be read, a provision is not in the table, or a fact its
    conditions need is missing). 施行日: for a 根拠 that this proposal itself adds (「施行規則を改正して追加」), the day the
    amendment comes into force — until it is stated, the amendment permits nothing yet (要確認).
    """

    basis: Text | None = F("根拠")
    effective: Date | None = F("施行日")
    readings: Items(BasisRow) | None = F(READING_KEY)
    judged: bool | None = F(JUDGED_KEY)
    DERIVED = {READING_KEY: _READ_WHY, JUDGED_KEY: _READ_WHY}


class NumberUse(Judged):
    """One 事務 that uses 個人番号 (番号法 第9条第1項: 法定事務; 第9条第2項・利用条例 第3条: 独自利用事務).

    根拠 is where the case says the permission stands (番号法 別表 の項, 利用条例・施行規則 の定めとその改正);
    根拠の判定 is derived from it against the table of provisions, for the 種別 the entry states.
    """

    name: Text | None = F("事務")
    kind: JimuKind | None = F("種別")
    department: StrList | None = F("担当課")


class InternalLink(Judged):
    """庁内連携 (seed 003 №35「個人番号利用 庁内連携・他機関連携状況一覧」; 利用条例 第4条 / 番号法 第19条第11号)."""

    jimu: Text | None = F("事務")
    source: Text | None = F("提供元")  # 情報の保有課
    destination: Text | None = F("提供先")
    items: Text | None = F("情報")  # 利用する情報
    purpose: Text | None = F("利用目的")
    other_organ: Flag | None = F("他の機関への提供")  # 区長 → 教育委員会 など（番号法 第19条第11号）; なし: 同じ機関の中（利用）


class NetworkLink(Judged):
    """情報提供ネットワークシステムを介した情報連携 (番号法 第19条第8号 / 第9号; 別表第二 before 2024-05-27)."""

    jimu: Text | None = F("事務")
    kind: JimuKind | None = F("種別")
    notified: Flag | None = F("個人情報保護委員会への届出")


class Entrustment(Sheet):
    """評価書 Ⅱ４「特定個人情報ファイルの取扱いの委託」 one 委託事項 (番号法 第10条・第11条).

    A cloud operator that never accesses the data (seed 003: 「クラウドサービス事業者は番号法上の「委託」先には
    当たらない」) is written with 特定個人情報へのアクセス: なし; no 委託 rule applies to such an entry.
    """

    item: Text | None = F("委託事項")
    contractor: Text | None = F("委託先")
    access: Flag | None = F("特定個人情報へのアクセス")
    subcontract: Flag | None = F("再委託の有無")
    subcontractor: Text | None = F("再委託先")
    permission: Flag | None = F("再委託の許諾")
    supervision: Flag | None = F("委託先の監督")
    measures: Text | None = F("再委託先による特定個人情報ファイルの適切な取扱いの確保の具体的な方法")


class MyNumber(Sheet):
    uses: Items(NumberUse) | None = F("個人番号利用事務")
    internal_links: Items(InternalLink) | None = F("庁内連携")
    network_links: Items(NetworkLink) | None = F("情報連携")
    entrustments: Items(Entrustment) | None = F("特定個人情報ファイルの取扱いの委託")


class Period(Sheet):
    """A step of the procedure (パブリック・コメント, 第三者点検): whether it was done, when, by whom, with what result.

    実施 says done / not done (`パブリック・コメント: なし` is short for `実施: なし`); left out, it is derived as done when
    the step's dates, 日数, 実施者 or 結果 are written, and unknown otherwise. Not done with dates written is an input error.
    """

    done: Flag | None = F("実施")
    start: Date | None = F("開始")
    end: Date | None = F("終了")
    days: int | None = F("日数", ge=1)
    by: Text | None = F("実施者")
    result: Text | None = F("結果")

    @model_validator(mode="before")
    @classmethod
    def _short(cls, data: Any) -> Any:
        if isinstance(data, (str, bool)):
            return {"実施": data}
        return data

    @model_validator(mode="after")
    def _done(self) -> "Period":
        told = [label for label, v in (("開始", self.start), ("終了", self.end), ("日数", self.days), ("実施者", self.by), ("結果", self.result)) if v is not None]
        if self.done is False and told:
            raise ValueError(f"実施: なし なのに {'・'.join(told)} が書かれています（実施したなら 実施: あり）")
        if self.done is None and told:
            self.done = True
        return self

    @model_validator(mode="after")
    def _days(self) -> "Period":
        if self.start is not None and self.end is not None:
            if self.start.start > self.end.end:
                raise ValueError(f"開始（{self.start}）が終了（{self.end}）より後です")
            if self.start.exact and self.end.exact:
                n = (self.end.start - self.start.start).days + 1  # both days counted, as the seeds do (10月5日〜11月6日: 33日間)
                if self.days is None:
                    self.days = n
                elif self.days != n:
                    raise ValueError(f"日数 {self.days} は 開始〜終了（{self.start}〜{self.end}: {n}日間）と合いません")
        return self


class DraftReport(Sheet):
    """The 素案報告 a 実施結果 report refers to (seed 003: 「…について報告した（令和５年度第６回管理運営会議承認済み）」).

    案件 names the earlier case by its № in the same 年度; 付議日 is that case's date. In a 年度 corpus,
    `checker.input.pia.link_reports` fills 付議日 from the named case (and reports a disagreement).
    """

    case: Text | None = F("案件")
    meeting: Text | None = F("会議")
    date: Date | None = F("付議日")


class Sequence(Sheet):
    """Derived (see derive): the order of the steps 素案報告 → パブリック・コメント → 第三者点検 → 実施結果報告."""

    draft_before_comment: bool | None = F("素案報告の後のパブリック・コメント")
    review_after_comment: bool | None = F("パブリック・コメント終了後の第三者点検終了")
    review_before_report: bool | None = F("実施結果報告前の第三者点検終了")
    within_five_years: bool | None = F("前回公表から5年以内")


PiaKinds = Annotated[list[PiaKind], BeforeValidator(_as_list)]


class PIA(Sheet):
    """特定個人情報保護評価 (評価規則・評価指針)."""

    kinds: PiaKinds | None = F("評価の種類")
    stage: Literal["素案", "実施結果"] | None = F("段階")
    subjects: Count | None = F("対象人数")
    handlers: Count | None = F("取扱者数")
    serious_incident: Flag | None = F("重大事故")
    major_change: Flag | None = F("重要な変更")
    redo: Flag | None = F("再実施")
    files: StrList | None = F("特定個人情報ファイル")
    draft_report: DraftReport | None = F("素案報告")
    public_comment: Period | None = F("パブリック・コメント")
    third_party_review: Period | None = F("第三者点検")
    last_published: Date | None = F("前回公表日")
    related_case: Text | None = F("関連案件")  # older spelling of 素案報告.案件 (kept so older files still load)
    # derived (see derive), never written in a case file
    sequence: Sequence | None = F(DERIVED_KEY)
    result_report: bool | None = F(RESULT_KEY)
    pia_case: bool | None = F(PIA_CASE_KEY)
    densan_apart: bool | None = F(DENSAN_APART_KEY)

    DERIVED = {
        DERIVED_KEY: "日付から計算される項目なので書けません（素案報告・パブリック・コメント・第三者点検の日付を書いてください）",
        **{k: " 段階 と 特定個人情報保護評価の報告 から計算される項目なので書けません" for k in (RESULT_KEY, PIA_CASE_KEY, DENSAN_APART_KEY)},
    }


# The entries a department writes for each derived fact (what a report asks for when the fact is unknown).
_P = "特定個人情報保護評価"
# a derived fact of a list entry, by its path without indices → the entry's own field it is read from
ITEM_WRITTEN_FROM = {f"番号法.{lst}.{key}": "根拠" for lst in ("個人番号利用事務", "庁内連携", "情報連携") for key in (READING_KEY, JUDGED_KEY)}
WRITTEN_FROM = {
    f"{_P}.{DERIVED_KEY}.素案報告の後のパブリック・コメント": (f"{_P}.素案報告", f"{_P}.パブリック・コメント"),
    f"{_P}.{DERIVED_KEY}.パブリック・コメント終了後の第三者点検終了": (f"{_P}.パブリック・コメント", f"{_P}.第三者点検"),
    f"{_P}.{DERIVED_KEY}.実施結果報告前の第三者点検終了": (f"{_P}.第三者点検",),
    f"{_P}.{DERIVED_KEY}.前回公表から5年以内": (f"{_P}.前回公表日",),
    f"{_P}.{RESULT_KEY}": (f"{_P}.段階",),
    f"{_P}.{PIA_CASE_KEY}": ("特定個人情報保護評価の報告",),
    f"{_P}.{DENSAN_APART_KEY}": ("特定個人情報保護評価の報告", "電算処理"),
}


# --- derived facts ---------------------------------------------------------------------------

def _le(a: jp.DateSpan | None, b: jp.DateSpan | None) -> bool | None:
    """a is on or before b: True / False when sure, None when a date is missing or the spans overlap."""
    if a is None or b is None:
        return None
    if a.end <= b.start:
        return True
    if a.start > b.end:
        return False
    return None


def _add_years(d: _dt.date, n: int) -> _dt.date:
    try:
        return d.replace(year=d.year + n)
    except ValueError:  # 29 February
        return d.replace(year=d.year + n, day=28)


# lists a proposal describes only when it does the thing: absent means none is proposed (the rules on them
# are then 対象外, as a 区分 without 業務委託 makes the 特記事項 rules 対象外). 個人番号利用事務 is not one of
# them: a case that handles 個人番号 must say for which 事務 (MN-USE-LISTED), so its absence stays unknown.
DEFAULT_EMPTY = ("internal_links", "network_links", "entrustments")


def _default_lists(case: Any) -> None:
    mn = getattr(case, "mynumber", None)
    if mn is None:
        case.mynumber = MyNumber.model_construct(uses=None, **{k: [] for k in DEFAULT_EMPTY})
        return
    for k in DEFAULT_EMPTY:
        if getattr(mn, k) is None:
            setattr(mn, k, [])


def derive(case: Any) -> None:
    """Fill the derived facts of 特定個人情報保護評価.

    保護評価の案件: whether the case is about a 特定個人情報保護評価 at all (区分's flag 特定個人情報保護評価の報告,
    or a 特定個人情報保護評価 sheet written): the scope of the PIA rules, as 区分 is the scope of the other packs.
    実施結果の報告: whether this case reports the results of a パブリック・コメント and 第三者点検 (区分's flag
    特定個人情報保護評価の報告, or 段階: 実施結果). Always known: a case whose 区分 carries no such flag and
    whose sheet says no 段階 is not such a report (so the procedure rules are 対象外, not 要確認) — unless
    the sheet gives パブリック・コメント or 第三者点検 results without saying the 段階 (unknown).
    手続の順序: from the dates of the steps and the case's 付議日 (the 実施結果報告 is the case itself).
    """
    _default_lists(case)
    pia = getattr(case, "pia", None)
    flag = getattr(case, "pia_report", None)
    no_form = getattr(case, "densan", None) is None
    if pia is None:
        case.pia = PIA.model_construct(result_report=flag == "パブリック・コメント等の実施結果", pia_case=flag is not None,
                                       densan_apart=flag is not None and no_form)
        return
    pia.pia_case = True
    pia.densan_apart = no_form
    if flag == "パブリック・コメント等の実施結果" or pia.stage == "実施結果":
        pia.result_report = True
    elif flag == "報告" or pia.stage == "素案":
        pia.result_report = False
    elif pia.public_comment is not None or pia.third_party_review is not None:
        pia.result_report = None  # results written without saying which stage: a person must look
    else:
        pia.result_report = False
    pc, tp, dr = pia.public_comment, pia.third_party_review, pia.draft_report
    report = getattr(case, "date", None)
    pc_not_done = pc is not None and pc.done is False
    tp_not_done = tp is not None and tp.done is False  # a step not done did not happen in order either
    seq = Sequence.model_construct(
        draft_before_comment=False if pc_not_done else _le(dr.date if dr else None, pc.start if pc else None),
        review_after_comment=False if tp_not_done or pc_not_done else _le(pc.end if pc else None, tp.end if tp else None),
        review_before_report=False if tp_not_done else _le(tp.end if tp else None, report),
        within_five_years=None,
    )
    if pia.last_published is not None and report is not None:
        limit_sure = _add_years(pia.last_published.start, 5)  # the latest day still within 5 years, for the earliest reading
        limit_late = _add_years(pia.last_published.end, 5)
        if report.end <= limit_sure:
            seq.within_five_years = True
        elif report.start > limit_late:
            seq.within_five_years = False
    values = {k: getattr(seq, k) for k in Sequence.model_fields}
    pia.sequence = Sequence.model_construct(**values) if any(v is not None for v in values.values()) else None
