"""外部結合 sheet (seeds 000, 001, 002, 004) and its checklist (seed 004 「4 外部結合にかかる個人情報保護対策チェックリスト」)."""

from typing import Literal

from .base import F, PeriodSheet, Answer, AnswerGroup, Date, Flag, Sheet, StrList, Text
from .itaku import Country, Place

PERIOD_TEXT, START_KEY, END_KEY = "結合の開始時期と期間", "結合の開始時期", "結合の終了時期"
WRITTEN_FROM = {f"外部結合.{START_KEY}": (f"外部結合.{PERIOD_TEXT}",), f"外部結合.{END_KEY}": (f"外部結合.{PERIOD_TEXT}",)}

Line = Literal["LGWAN", "専用回線", "インターネット", "VPN", "媒体"]


class OperationalMeasures(AnswerGroup):
    """【運用上の対策】 5 rows (区が行う / 結合先に行わせる), in the sheet's order."""

    compliance: Answer | None = F("個人情報保護法等の遵守")
    inspection: Answer | None = F("立入調査等及び状況報告")
    erasure: Answer | None = F("個人情報の消去")
    incident_readiness: Answer | None = F("事故等への対応体制及び手順の整備")
    incident_consultation: Answer | None = F("事故発生時等の協議")


class SystemMeasures(AnswerGroup):
    """【システム上の対策】 10 rows, in the sheet's order."""

    peer_only: Answer | None = F("特定相手以外との通信不可")
    network_control: Answer | None = F("ネットワーク機器やサーバの制御")
    encryption: Answer | None = F("通信内容の暗号化")
    attack_defense: Answer | None = F("外部からの攻撃防御")
    antivirus: Answer | None = F("ウイルス対策")
    authentication: Answer | None = F("ID・パスワード等による認証")
    access_control: Answer | None = F("アクセス制御")
    monitoring: Answer | None = F("監視及びアクセスログ取得")
    redundancy: Answer | None = F("サーバ冗長化及びバックアップ")
    physical_and_domestic: Answer | None = F("入退室管理及び国内法が適用されるサーバ環境")


class ConnectionChecklist(Sheet):
    ward_ops: OperationalMeasures | None = F("区・運用上")
    ward_sys: SystemMeasures | None = F("区・システム上")
    peer_ops: OperationalMeasures | None = F("結合先・運用上")
    peer_sys: SystemMeasures | None = F("結合先・システム上")


class Ketsugo(PeriodSheet):
    """外部結合: connecting a ward system to an outside one."""

    holder: StrList | None = F("保有課")
    business_name: Text | None = F("登録業務の名称")
    items: Text | None = F("結合される情報項目")
    partner: StrList | None = F("結合の相手方")
    reason: Text | None = F("結合する理由")
    form: Text | None = F("結合の形態")
    lines: list[Line] | None = F("回線")
    cloud: Flag | None = F("クラウドサービスの利用")
    # where the 結合先's system keeps the data (国内 / 国外; 不明 = not stated). The checklist row 結合先・システム上 10 asks for
    # a domestic-law environment whether or not a cloud is used;
    # asked by FORM-KETSU-06 (absent → 要確認), compared with the checklist row by KETSU-LOC-PEER.
    peer_server_location: Country | None = F("結合先のサーバの所在")
    # the kind of place the 結合先 keeps the data: its own premises, a data centre, a cloud service (FORM-KETSU-06, KETSU-CONS-07)
    peer_server_place: Place | None = F("結合先のサーバの設置場所")
    period: Text | None = F("結合の開始時期と期間")
    measures_text: Text | None = F("情報保護対策")
    checklist: ConnectionChecklist | None = F("チェックリスト")
    # derived from 結合の開始時期と期間 (jp.parse_period), never written
    start: Date | None = F(START_KEY)
    end: Date | None = F(END_KEY)
    DERIVED = {
        START_KEY: f" {PERIOD_TEXT} から読み取る項目なので書けません",
        END_KEY: f" {PERIOD_TEXT} から読み取る項目なので書けません",
    }
