"""電算処理 sheet (seeds 000, 001)."""
from __future__ import annotations

from .base import F, Flag, Sheet, StrList, Text


class Densan(Sheet):
    """電算処理: processing personal information by computer."""

    holder: StrList | None = F("保有課")
    business_name: Text | None = F("登録業務の名称")
    recorded_items: Text | None = F("記録される情報項目")
    computers: StrList | None = F("記録するコンピュータ")
    reason: Text | None = F("新規開発・追加・変更の理由")
    content: Text | None = F("新規開発・追加・変更の内容")
    timing: Text | None = F("新規開発・追加・変更の時期")
    dev_outsourced: Flag | None = F("開発等の委託")
    dev_measures_text: Text | None = F("開発等を委託する場合における個人情報保護対策")
    vendor_touches_data: Flag | None = F("委託先による個人情報への接触")
