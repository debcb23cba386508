"""防犯カメラ pack: every rule holds on a small case and fails on one; seed 003 №18 as a reader expects it."""
from __future__ import annotations

import pytest

from conftest import CASES, replace_line, run_text, verdict as v

NO18 = CASES / "令和5年度" / "2023-10-20" / "18_大久保公園_防犯カメラ.yaml"
IDS = [f"CAM-{n:02d}" for n in range(1, 8)]

SMALL = """\
出典: [test]
件名: 防犯カメラのテスト
区分: [防犯カメラ]
担当課: [危機管理課]
付議日: 令和5年10月20日
防犯カメラ:
  目的: 公園利用者の安全確保
  設置場所: 区立公園の外周
  台数: ２台
  設置予定日: 令和5年11月27日
  設置予定図: あり
  撮影範囲: 公園の園路（道路は映さない）
  依拠する承認: 平成２６年度第１回新宿区情報公開・個人情報保護審議会
"""


def with_line(label: str, value: str | None) -> str:
    return replace_line(SMALL, label, value)


def test_pack(book):
    assert [r for r in book.ids() if r.startswith("CAM-")] == IDS
    for rid in IDS:
        (r,) = book.versions(rid)
        assert r.pack == "防犯カメラ" and r.citation.startswith("防犯カメラ 付議事項「")
        assert r.citation_status == "seed" and r.source.startswith("seed 003 №18")
        assert not r.dated  # the seeds cite no law for cameras


@pytest.mark.parametrize("rid", IDS)
def test_small_case_holds(engine, rid):
    assert v(engine, SMALL, rid).verdict == "適合"


FAILS = [
    ("CAM-01", "目的", "なし"),
    ("CAM-02", "設置場所", "''"),
    ("CAM-03", "台数", "0台"),
    ("CAM-05", "設置予定図", "なし"),
    ("CAM-06", "撮影範囲", "なし"),
    ("CAM-07", "依拠する承認", "なし"),
]


@pytest.mark.parametrize("rid,label,bad", FAILS)
def test_fails_when_written_none_and_unknown_when_missing(engine, rid, label, bad):
    assert v(engine, with_line(label, bad), rid).verdict == "不適合"
    missing = run_text(engine, with_line(label, None))[rid]
    assert missing.verdict == "要確認"
    assert any(p.startswith(f"防犯カメラ.{label}") and val is None for p, val in missing.facts)


def test_install_date_missing_is_unknown(engine):
    # a date cannot be written なし (an unreadable date is an input error); missing → 要確認
    assert v(engine, with_line("設置予定日", None), "CAM-04").verdict == "要確認"
    assert v(engine, with_line("設置予定日", "不明"), "CAM-04").verdict == "要確認"


def test_only_camera_cases(engine):
    got = run_text(engine, SMALL.replace("区分: [防犯カメラ]", "区分: [業務委託]"))
    assert {got[rid].verdict for rid in IDS} == {"対象外"}
    bare = SMALL.split("防犯カメラ:\n")[0]
    got = run_text(engine, bare)
    assert {got[rid].verdict for rid in IDS} == {"要確認"}


# №18 states purpose, place, number, date, the 設置予定図 and the standing approval; the capture area only as the
# definition of 対象者 (「…防犯カメラが撮影する範囲に映る者」), never the area itself → CAM-06 要確認.
EXPECTED_18 = {**{rid: "適合" for rid in IDS}, "CAM-06": "要確認"}


def test_no18_verdicts(engine):
    got = run_text(engine, NO18.read_text(encoding="utf-8"), NO18.name)
    assert {rid: got[rid].verdict for rid in IDS} == EXPECTED_18
    assert ("防犯カメラ.撮影範囲", None) in got["CAM-06"].facts
    # the 電算処理 pack does not touch it
    assert {got[f"DENSAN-{n:02d}"].verdict for n in range(1, 13)} == {"対象外"}
