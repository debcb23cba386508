"""外部提供 (seed 003 №5, №21, №23): providing personal information to an outside body.

根拠規定 is read at evaluation time (checker/engine/bases.py) against the dated table of provisions (rules/法令/):
根拠の読み (each provision named and how it was judged), 根拠の判定 (a provision permits providing 保有個人情報 on the
付議日), 番号法の根拠の判定 (a 番号法 第19条 号 permits providing 特定個人情報 to this recipient by this means),
外国への提供の根拠の判定 (for a recipient abroad, 第71条), and 根拠条項 (the one 個人情報保護法 第69条 provision it names,
as the rules compare it: 第69条第2項第3号; none → その他; several → unknown). None of them can be written.
"""

from typing import Literal

from .base import F, PeriodSheet, Answer, AnswerGroup, Date, Flag, Items, StrList, Text
from .mynumber import BasisRow

BASIS_KEY = "根拠条項"
READ_KEYS = ("根拠の読み", "根拠の判定", "番号法の根拠の判定", "外国への提供の根拠の判定")
# what a department writes for the derived facts
PERIOD_KEYS = ("提供の開始時期", "提供の終了時期")  # read from 提供の時期 (jp.parse_period)
WRITTEN_FROM = {**{f"外部提供.{k}": ("外部提供.根拠規定",) for k in (BASIS_KEY, *READ_KEYS)},
                **{f"外部提供.{k}": ("外部提供.提供の時期",) for k in PERIOD_KEYS}}
Article = Literal["第69条第1項", "第69条第2項第1号", "第69条第2項第2号", "第69条第2項第3号", "第69条第2項第4号", "その他"]
RecipientKind = Literal["行政機関等", "区の他の機関", "その他"]  # 区の他の機関: 区長 → 教育委員会 など（番号法 第19条第11号）
Purpose = Literal["法令の定める事務", "学術研究", "統計の作成", "本人の利益", "その他"]


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


class Teikyo(PeriodSheet):
    PERIOD = "timing"
    recipient: StrList | None = F("提供先")
    items: Text | None = F("提供する情報項目")
    reason: Text | None = F("提供の理由")
    legal_basis: Text | None = F("根拠規定")
    medium: Text | None = F("提供の方法")
    timing: Text | None = F("提供の時期")
    agreement: Flag | None = F("協定書等")
    deidentified: Flag | None = F("加工（黒塗り等）")
    # facts the 個人情報保護法 第69条第2項 号 turn on (seed 003 №5: 「必要な限度で個人情報を利用し、かつ、合理的な理由がある」;
    # №23: 「学術研究を目的とした」「公益性の高い目的」)
    recipient_kind: RecipientKind | None = F("提供先の種別")  # 行政機関等 = 他の行政機関、独立行政法人等、地方公共団体の機関、地方独立行政法人
    purpose: Purpose | None = F("提供の目的")
    reasonable: Flag | None = F("相当の理由")
    special_reason: Flag | None = F("特別の理由")
    mynumber: Flag | None = F("特定個人情報の提供")
    network: Flag | None = F("情報提供ネットワークシステムの使用")  # 番号法 第19条第8号・第9号 provide only through it
    within_purpose: Flag | None = F("利用目的の範囲内", False)  # not written: an out-of-purpose provision, judged by 根拠規定  # the provision is within the purpose the information is held for
    abroad: Literal["国内", "国外"] | None = F("提供先の所在")  # 個人情報保護法 第71条: a third party in a foreign country
    measures: ProvisionMeasures | None = F("チェックリスト")
    # derived from 根拠規定 at evaluation time (checker/engine/bases.py), never written
    article: Article | None = F(BASIS_KEY)
    readings: Items(BasisRow) | None = F("根拠の読み")
    judged: bool | None = F("根拠の判定")
    mn_judged: bool | None = F("番号法の根拠の判定")
    abroad_judged: bool | None = F("外国への提供の根拠の判定")

    start: Date | None = F(PERIOD_KEYS[0])
    end: Date | None = F(PERIOD_KEYS[1])

    DERIVED = {**{k: " 根拠規定 から読み取る項目なので書けません（根拠規定 に法令名と条・項・号を書いてください）" for k in (BASIS_KEY, *READ_KEYS)},
               **{k: " 提供の時期 から読み取る項目なので書けません" for k in PERIOD_KEYS}}

