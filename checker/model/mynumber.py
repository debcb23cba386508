"""番号法 / 利用条例 facts: which 事務 use 個人番号, linkages, and the 特定個人情報保護評価."""
from __future__ import annotations

from typing import Literal

from .base import F, Count, Date, Flag, Items, Sheet, StrList, Text

JimuKind = Literal["法定事務", "独自利用事務"]


class NumberUse(Sheet):
    """One 事務 that uses 個人番号."""

    name: Text | None = F("事務")
    kind: JimuKind | None = F("種別")
    basis: Text | None = F("根拠")
    department: StrList | None = F("担当課")


class InternalLink(Sheet):
    """庁内連携: provision of 特定個人情報 inside the ward (利用条例 第4条 / 番号法 第19条第11号)."""

    jimu: Text | None = F("事務")
    source: Text | None = F("提供元")
    destination: Text | None = F("提供先")
    items: Text | None = F("情報")
    other_organ: Flag | None = F("他の機関への提供")


class NetworkLink(Sheet):
    """情報提供ネットワークシステムを介した情報連携 (番号法 第19条第8号 / 第9号; 別表第二 before 2024-05-27)."""

    jimu: Text | None = F("事務")
    kind: JimuKind | None = F("種別")
    notified: Flag | None = F("個人情報保護委員会への届出")
    basis: Text | None = F("根拠")


class MyNumber(Sheet):
    uses: Items(NumberUse) | None = F("個人番号利用事務")
    internal_links: Items(InternalLink) | None = F("庁内連携")
    network_links: Items(NetworkLink) | None = F("情報連携")


class Period(Sheet):
    start: Date | None = F("開始")
    end: Date | None = F("終了")
    days: int | None = F("日数")
    by: Text | None = F("実施者")
    result: Text | None = F("結果")


class PIA(Sheet):
    """特定個人情報保護評価 (評価規則・評価指針)."""

    kinds: list[Literal["基礎項目評価", "重点項目評価", "全項目評価"]] | None = F("評価の種類")
    stage: Literal["素案", "実施結果"] | None = F("段階")
    subjects: Count | None = F("対象人数")
    handlers: Count | None = F("取扱者数")
    serious_incident: Flag | None = F("重大事故")
    major_change: Flag | None = F("重要な変更")
    files: StrList | None = F("特定個人情報ファイル")
    public_comment: Period | None = F("パブリック・コメント")
    third_party_review: Period | None = F("第三者点検")
    last_published: Date | None = F("前回公表日")
    related_case: Text | None = F("関連案件")
