"""電算処理 sheet (seeds 000, 001; labels of seed-digest §4d).

The form's labels: 保有課(担当課), 登録業務の名称, 記録される情報項目 (1 個人の範囲 / 2 記録項目, written here as one
text) with 3 記録するコンピュータ, 新規開発・追加・変更の理由 / 内容 / 時期, 開発等を委託する場合における個人情報保護対策.

The remaining fields are facts a reader takes from the text of that last item (seed 001, 平成27):
  開発等の委託                     development is outsourced at all
  委託先による個人情報への接触     「委託先に個人情報に一切触れさせない。」 → なし
  ダミーデータによるテスト         「委託先が実施するテストにおいては、ダミーデータを使う。」 → あり
  実データによる検証の実施者       「実データを使用した検証作業は、区職員が実施することとし、委託先は、必要な支援を行う。」 → 区職員
  委託先への遵守の義務付け         「委託先に、新宿区情報セキュリティポリシー及び新宿区個人情報保護条例を遵守させる。」 → あり
  特定個人情報の安全管理措置       「特定個人情報保護委員会の「特定個人情報の適正な取扱いに関するガイドライン」に基づき、
                                    特定個人情報の保護及びシステム上の安全管理措置を徹底する。」 → あり
"""

from typing import Literal

from .base import F, Flag, Sheet, StrList, Text


class Densan(Sheet):
    """電算処理: processing personal information by computer."""

    holder: StrList | None = F("保有課", min_length=1)
    business_name: Text | None = F("登録業務の名称")
    recorded_items: Text | None = F("記録される情報項目")
    computers: StrList | None = F("記録するコンピュータ", min_length=1)
    reason: Text | None = F("新規開発・追加・変更の理由")
    content: Text | None = F("新規開発・追加・変更の内容")
    timing: Text | None = F("新規開発・追加・変更の時期")
    dev_outsourced: Flag | None = F("開発等の委託")
    dev_measures_text: Text | None = F("開発等を委託する場合における個人情報保護対策")
    vendor_touches_data: Flag | None = F("委託先による個人情報への接触")
    dummy_data_tests: Flag | None = F("ダミーデータによるテスト")
    real_data_verifier: Literal["区職員", "委託先"] | None = F("実データによる検証の実施者")
    vendor_compliance: Flag | None = F("委託先への遵守の義務付け")
    mynumber_safeguards: Flag | None = F("特定個人情報の安全管理措置")
