"""外部提供 (seed 003 №5, №21, №23): providing personal information to an outside body."""
from __future__ import annotations

from .base import F, Answer, AnswerGroup, Date, Flag, Sheet, StrList, Text


class ProvisionMeasures(AnswerGroup):
    """The measures of seed 003 №5 (§3c of the digest), ward side and ⑴–⑺ asked of the recipient."""

    consultation: Answer | None = F("相当又は特別な理由の協議")
    written_agreement: Answer | None = F("書面の取り交わし")
    purpose_limit: Answer | None = F("利用目的又は方法の制限")
    handler_limit: Answer | None = F("取扱者の範囲の限定")
    no_reprovision: Answer | None = F("第三者への再提供の制限又は禁止")
    after_use: Answer | None = F("消去、返却等利用後の取扱いの指定")
    status_report: Answer | None = F("取扱状況に関する所要の報告の要求")
    correction: Answer | None = F("訂正への対応")
    security: Answer | None = F("適切な情報保護対策、情報セキュリティ対策の実施")
    onsite_check: Answer | None = F("実地の調査等")
    handler_designation: Answer | None = F("取扱者の指定")
    retention: Answer | None = F("保存期間の設定")
    accuracy: Answer | None = F("情報の更新")


class Teikyo(Sheet):
    recipient: StrList | None = F("提供先")
    items: Text | None = F("提供する情報項目")
    reason: Text | None = F("提供の理由")
    legal_basis: Text | None = F("根拠規定")
    medium: Text | None = F("提供の方法")
    timing: Text | None = F("提供の時期")
    agreement: Flag | None = F("協定書等")
    deidentified: Flag | None = F("加工（黒塗り等）")
    measures: ProvisionMeasures | None = F("チェックリスト")
