"""防犯カメラ (seed 003 №18)."""
from __future__ import annotations

from .base import F, Count, Date, Sheet, Text


class Camera(Sheet):
    purpose: Text | None = F("目的")
    place: Text | None = F("設置場所")
    number: Count | None = F("台数")
    install_date: Date | None = F("設置予定日")
    capture_area: Text | None = F("撮影範囲")
    standing_approval: Text | None = F("依拠する承認")
