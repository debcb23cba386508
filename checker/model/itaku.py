"""業務委託 sheet (seeds 000, 001, 002) with its 再委託 entries and the 003 measure labels.

特記事項による拘束 is derived, never written: whether the contractor is bound by the 特記事項, from the two places a
form says it: 特記事項の添付 (the 平成 forms: 「契約書には、別紙「特記事項」を付し」) and the 委託先 row 特記事項等の遵守
(the 令和5年度 forms, seed 003). One of them yes and none no → bound; one no and none yes → not bound; neither, or
yes on one and no on the other → unknown (要確認: the two entries must agree).
"""

from typing import Literal

from pydantic import model_validator

from .base import F, PeriodSheet, Answer, AnswerGroup, Date, Flag, Items, Sheet, StrList, Text

BOUND_KEY = "特記事項による拘束"
PERIOD_TEXT, START_KEY, END_KEY = "委託の開始時期及び期限", "委託の開始時期", "委託の期限"
ABROAD_KEY = "国外でのデータの保管"
WRITTEN_FROM = {
    f"業務委託.{ABROAD_KEY}": ("業務委託.委託先", "業務委託.再委託"),
    f"業務委託.{BOUND_KEY}": ("業務委託.特記事項の添付", "業務委託.チェックリスト.特記事項等の遵守"),
    f"業務委託.{START_KEY}": (f"業務委託.{PERIOD_TEXT}",),
    f"業務委託.{END_KEY}": (f"業務委託.{PERIOD_TEXT}",),
}

# Where a party keeps the data: the country (国内 / 国外) and the kind of place (its own premises, a data centre, a cloud
# service). Seed 000/001/002's form asks for 「処理させる情報項目の記録媒体」 (e.g. 「共同運営センターの専用サーバ」);
# seed 004's checklist (結合先・システム上 10) asks that the server be 「日本国内の法が適用される…環境」.
Country = Literal["国内", "国外"]
Place = Literal["自社", "データセンター", "クラウド"]


class Contractor(Sheet):
    name: Text | None = F("名称")
    contract_method: Text | None = F("契約方式")
    certifications: StrList | None = F("認証")
    work: Text | None = F("業務")
    data_country: Country | None = F("データの所在")
    data_place: Place | None = F("データの保管場所")


class Subcontract(Sheet):
    """One 再委託 (特記事項 第10項 forbids it unless the ward consents and binds the subcontractor)."""

    name: Text | None = F("再委託先")
    scope: Text | None = F("範囲")
    reason: Text | None = F("理由")
    ward_consent: Flag | None = F("区の承諾")
    consent_date: Date | None = F("承諾日")
    certifications: StrList | None = F("認証")
    bound_by_clauses: Flag | None = F("特記事項の適用")
    data_country: Country | None = F("データの所在")
    data_place: Place | None = F("データの保管場所")


class Handling(Sheet):
    """How the contractor handles personal information (the facts the 特記事項 clauses turn on)."""

    touches_data: Flag | None = F("個人情報への接触")
    collects: Flag | None = F("収集")
    collects_from_person: Flag | None = F("本人からの直接収集")
    collect_other_consent: Flag | None = F("本人以外からの収集の承諾")
    collects_sensitive: Flag | None = F("要配慮事項の収集")
    sensitive_consent: Flag | None = F("要配慮事項の収集の承諾")
    takes_out: Flag | None = F("持ち出し")
    takeout_consent: Flag | None = F("持ち出しの承諾")
    copies: Flag | None = F("複写")
    copy_consent: Flag | None = F("複写の承諾")
    uses_own_computer: Flag | None = F("受託者の電子計算機の使用")
    paper_or_media: Flag | None = F("紙・媒体の受渡し")


class ContractorMeasures(AnswerGroup):
    """Measures the ward imposes on the 委託先 (003 diagram labels [ITAKU8] + the 3 for paper/media)."""

    clauses: Answer | None = F("特記事項等の遵守")
    inspection: Answer | None = F("立入調査等及び状況報告")
    staff_report: Answer | None = F("責任者及び取扱者の報告")
    workflow: Answer | None = F("区が作成した業務フローに基づく業務の履行")
    encryption: Answer | None = F("データの暗号化")
    return_erase: Answer | None = F("個人情報の返却及び消去")
    incident_readiness: Answer | None = F("事故等への対応体制及び手順の整備")
    incident_consultation: Answer | None = F("事故発生時等の協議")
    locked_bag: Answer | None = F("鍵付きカバン等による運搬")
    ledger: Answer | None = F("受渡し時の管理簿への記載")
    locked_cabinet: Answer | None = F("鍵付キャビネット等での保管")


class Itaku(PeriodSheet):
    """業務委託: outsourcing work that handles personal information."""

    holder: StrList | None = F("保有課")
    business_name: Text | None = F("登録業務の名称")
    contractors: Items(Contractor) | None = F("委託先")
    items: Text | None = F("処理させる情報項目")
    medium: Text | None = F("記録媒体")
    reason: Text | None = F("委託理由")
    content: Text | None = F("委託の内容")
    period: Text | None = F("委託の開始時期及び期限")
    ward_measures_text: Text | None = F("区が行う情報保護対策")
    contractor_measures_text: Text | None = F("受託事業者に行わせる情報保護対策")
    clauses_attached: Flag | None = F("特記事項の添付")
    handling: Handling | None = F("個人情報の取扱い")
    measures: ContractorMeasures | None = F("チェックリスト")
    subcontracts: Items(Subcontract) | None = F("再委託")
    cloud_operator_no_access: Flag | None = F("クラウド事業者は特定個人情報にアクセスしない")
    # 特記事項 第12項: the contractor files a certificate that it erased (and returned) the personal information
    erasure_certificate: Flag | None = F("消去・返却の証明書")
    # derived from 特記事項の添付 and チェックリスト.特記事項等の遵守, never written
    clauses_bind: bool | None = F(BOUND_KEY)
    # derived from 委託の開始時期及び期限 (jp.parse_period), never written; unknown when the text names no date
    start: Date | None = F(START_KEY)
    end: Date | None = F(END_KEY)
    # derived from the データの所在 of every 委託先 and 再委託: あり when one says 国外, なし when every 委託先 (at least one)
    # and every 再委託 says 国内, unknown otherwise (ITAKU-LOC reads it where known; FORM-ITAKU-06/07 ask for the entries)
    abroad: bool | None = F(ABROAD_KEY)
    DERIVED = {
        ABROAD_KEY: " 委託先 と 再委託 の データの所在 から読み取る項目なので書けません",
        BOUND_KEY: " 特記事項の添付 と チェックリスト.特記事項等の遵守 から読み取る項目なので書けません",
        START_KEY: f" {PERIOD_TEXT} から読み取る項目なので書けません",
        END_KEY: f" {PERIOD_TEXT} から読み取る項目なので書けません",
    }

    @model_validator(mode="after")
    def _derive(self):
        self.clauses_bind = bound(self.clauses_attached, self.measures.clauses if self.measures else None)
        self.abroad = abroad(self.contractors, self.subcontracts)
        return self


def bound(attached: bool | None, row: Answer | None) -> bool | None:
    says = [attached] if attached is not None else []
    if row is not None:
        says.append(row.mark == "○")
    if not says or (True in says and False in says):
        return None
    return says[0]


def abroad(contractors: list | None, subcontracts: list | None) -> bool | None:
    said = [x.data_country for x in (contractors or []) + (subcontracts or [])]
    if "国外" in said:
        return True
    if contractors and subcontracts is not None and all(c == "国内" for c in said):
        return False
    return None
