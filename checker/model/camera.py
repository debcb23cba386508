"""防犯カメラ (seed 003 №18, the only camera case of the seeds; digest §3e, §4h).

The summary sheet of №18: 目的; 対象者 (「…防犯カメラが撮影する範囲に映る者」); 「２ 防犯カメラの付議内容」 (where, how many:
「新宿区立大久保公園の外周に２基の防犯カメラを新たに設置する。」); 「３ 設置予定日」; the bottom field
「防犯カメラ設置予定場所 別紙のとおり」 with the annex 「防犯カメラ設置予定図」; the standing 審議会 approval it relies on
(「平成２６年度第１回…「新宿区立公園等における防犯カメラの設置に伴う本人外収集等」が承認されたことを受け」).
"""

from .base import F, Count, Date, Flag, Sheet, Text


class Camera(Sheet):
    purpose: Text | None = F("目的")
    place: Text | None = F("設置場所")
    number: Count | None = F("台数")
    install_date: Date | None = F("設置予定日")
    capture_area: Text | None = F("撮影範囲")
    standing_approval: Text | None = F("依拠する承認")
    site_map: Flag | None = F("設置予定図")  # 「防犯カメラ設置予定場所 別紙のとおり」 + annex 「防犯カメラ設置予定図」
