"""外部提供 (seed 003 №5, №21, №23): providing personal information to an outside body.

根拠条項 is derived, never written: the article of 個人情報保護法 that 根拠規定 names, as the rules compare it
(「個人情報の保護に関する法律第６９条第２項第３号」 → 第69条第2項第3号; a text naming no such article → その他;
no 根拠規定 → unknown, so the rules on the basis say 要確認).
"""
from __future__ import annotations

import re
from typing import Literal

from pydantic import model_validator

from .. import jp
from .base import F, Answer, AnswerGroup, Flag, Sheet, StrList, Text

BASIS_KEY = "根拠条項"
MN_BASIS_KEY = "番号法の号"
# what a department writes for the derived facts
WRITTEN_FROM = {f"外部提供.{BASIS_KEY}": ("外部提供.根拠規定",), f"外部提供.{MN_BASIS_KEY}": ("外部提供.根拠規定",)}
Article = Literal["第69条第1項", "第69条第2項第1号", "第69条第2項第2号", "第69条第2項第3号", "第69条第2項第4号", "その他"]
RecipientKind = Literal["行政機関等", "その他"]
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


def basis_article(text: str | None) -> str | None:
    """The 個人情報保護法 article a 根拠規定 names (see the module docstring); None when it names several."""
    if text is None or not str(text).strip():
        return None
    t = re.sub(r"\s", "", jp.nfkc(str(text)))
    found = {
        f"第69条第2項第{n}号"
        for run in re.findall(r"第69条第2項((?:第[1-4]号(?:及び|並びに|又は|若しくは|、|・|,)?)+)", t)
        for n in re.findall(r"第([1-4])号", run)
    }
    if not found and re.search(r"第69条第1項", t):
        found = {"第69条第1項"}
    if len(found) > 1:
        return None  # several 号 at once: a person must say which one the provision rests on
    return found.pop() if found else "その他"


_MN_LAW = r"(?:番号法|番号の利用等に関する法律|マイナンバー法)"


def mn_article(text: str | None) -> str | None:
    """The 番号法 第19条 号 a 根拠規定 names (「番号法第19条第8号」 → 第19条第8号); なし when it names none (consent,
    個人情報保護法 第69条 or anything else: never a basis for providing 特定個人情報); None when there is no 根拠規定
    or it names several 号 (a person must say which one). The 号 is read, never checked against the law's list."""
    if text is None or not str(text).strip():
        return None
    t = re.sub(r"\s", "", jp.nfkc(str(text)))
    found = set()
    for m in re.finditer(_MN_LAW + r"[^。]*?第19条((?:第\d+号(?:及び|並びに|又は|若しくは|、|・|,)?)+)", t):
        found |= {f"第19条第{n}号" for n in re.findall(r"第(\d+)号", m.group(1))}
    if len(found) > 1:
        return None
    return found.pop() if found else "なし"


class Teikyo(Sheet):
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
    measures: ProvisionMeasures | None = F("チェックリスト")
    # derived from 根拠規定, never written
    article: Article | None = F(BASIS_KEY)
    mn_article: str | None = F(MN_BASIS_KEY)

    DERIVED = {k: " 根拠規定 から読み取る項目なので書けません（根拠規定 に条・項・号を書いてください）" for k in (BASIS_KEY, MN_BASIS_KEY)}

    @model_validator(mode="after")
    def _derive(self):
        self.article = basis_article(self.legal_basis)
        self.mn_article = mn_article(self.legal_basis)
        return self
