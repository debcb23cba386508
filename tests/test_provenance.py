"""出所: a fact read off a diagram or assumed is marked on every verdict it decides, in every format.

Seed 004 writes its whole 外部結合 checklist on the form (transcribed). The same file with
`出所: 外部結合.チェックリスト.区・システム上: 図（…）` must give the same verdicts, and exactly the 10 rules of that
block (and the KETSU-CONS rules reading its rows) must carry 図; 推定 on 個人番号の取扱い marks the rules it decides.
"""
from __future__ import annotations

import csv
import io
import json
from conftest import ROOT, SEED004, invoke, run_text

PROV = (
    "出所:\n"
    "  外部結合.チェックリスト.区・システム上: 図（別紙チェックリストの区側の欄）\n"
    "  個人番号の取扱い: 推定（資料48-2 の情報項目にマイナンバーがある）\n"
)
KU_SYS = {f"KETSU-KU-SYS-{n:02d}" for n in range(1, 11)}


def _text() -> str:
    return SEED004.read_text(encoding="utf-8") + PROV


def test_same_verdicts_and_exactly_the_rules_reading_the_block_are_marked(engine):
    plain = run_text(engine, SEED004.read_text(encoding="utf-8"))
    marked = run_text(engine, _text())
    assert {r: v.verdict for r, v in plain.items()} == {r: v.verdict for r, v in marked.items()}
    assert all(not v.provenance for v in plain.values())
    diagram = {r for r, v in marked.items() if v.footing == "図"}
    assumed = {r for r, v in marked.items() if v.footing == "推定"}
    assert KU_SYS <= diagram
    # of the rules that also read 区・システム上 rows, only KETSU-CONS-05 (サーバ環境) is decided by one here:
    # CONS-01/03 are 対象外 on 004's 回線 (LGWAN) alone, which is transcribed
    assert diagram - KU_SYS == {"KETSU-CONS-05"}
    # the rules 個人番号の取扱い: あり makes apply (their premise) and that are then decided carry 推定, nothing else
    # (MN-USE-HOTEI is 要確認, 004 names no 別表 entry, and its known facts, the 種別 of each 事務, are in the block)
    assert assumed == {"MN-USE-LISTED", "MN-USE-HOTEI", "MN-USE-CATALOG", "MN-USE-KIND", "MN-LINK-HOTEI", "MN-LINK-CATALOG"}
    assert marked["MN-USE-CATALOG"].label == "○ 適合〔推定〕"
    assert marked["MN-USE-HOTEI"].label == "? 要確認〔推定〕"
    v = marked["KETSU-KU-SYS-03"]
    assert v.label == "○ 適合〔図〕"
    assert "通信内容の暗号化.回答=○〔図〕" in v.facts_text()
    assert v.provenance_text().startswith("外部結合.チェックリスト.区・システム上.通信内容の暗号化.回答: 図（別紙チェックリストの区側の欄）")


def _cli(*args):
    return invoke(*args, cwd=ROOT)


def test_every_format_shows_it(tmp_path):
    f = tmp_path / "case.yaml"
    f.write_text(_text(), encoding="utf-8")
    text = _cli("check", str(f), "--all").stdout.decode()
    assert "○ 適合〔図〕" in text and "\n※〔図〕 " in text  # and the legend says what 〔図〕 is
    js = json.loads(_cli("check", str(f), "--format", "json").stdout)
    by = {v["rule"]: v for v in js["cases"][0]["verdicts"]}
    assert by["KETSU-KU-SYS-03"]["provenance"][0]["kind"] == "図"
    assert by["KETSU-KU-UN-01"]["provenance"] == []
    md = _cli("check", str(f), "--format", "md", "--all").stdout.decode()
    assert "○ 適合〔図〕" in md
    html = _cli("check", str(f), "--format", "html", "-o", "-", "--all").stdout.decode()
    assert "○ 適合〔図〕" in html
    rows = list(csv.DictReader(io.StringIO(_cli("check", str(f), "--format", "csv").stdout.decode("utf-8-sig"))))
    by = {r["ルール"]: r for r in rows}
    assert by["KETSU-KU-SYS-03"]["出所（転記でない事実）"].startswith("外部結合.チェックリスト.区・システム上.通信内容の暗号化.回答: 図")
    assert by["KETSU-KU-UN-01"]["出所（転記でない事実）"] == ""
    junit = _cli("check", str(f), "--format", "junit").stdout.decode()
    assert "出所: 外部結合.チェックリスト.区・システム上.通信内容の暗号化.回答: 図" in junit
    # the audit counts them per case and per pack
    aud = json.loads(_cli("audit", str(f), "--format", "json", "-o", "-").stdout)
    row = aud["cases"][0]
    assert row["footings"]["図"] >= 10 and row["footings"]["推定"] >= 1
    ids = [r["id"] for r in aud["rules"]]
    assert row["footing"][ids.index("KETSU-KU-SYS-03")] == "図" and row["footing"][ids.index("KETSU-KU-UN-01")] == "・"
    assert aud["pack_totals"][-1]["pack"] == "計" and aud["pack_totals"][-1]["図"] == row["footings"]["図"]
    acsv = list(csv.reader(io.StringIO(_cli("audit", str(f), "--format", "csv", "-o", "-").stdout.decode("utf-8-sig"))))
    assert acsv[1][6 + ids.index("KETSU-KU-SYS-03")] == "○図"


def test_a_list_read_off_a_diagram_marks_the_rule_that_asks_only_for_an_entry(engine):
    """A rule that asks only that a list has an entry (`some: 外部結合.結合の相手方`) is decided by the list's length
    («#件数»); that length stands on the entries, so 出所 of the list marks it (seed 003 №29 番号法.個人番号利用事務,
    read off the 別紙, decides MN-USE-LISTED)."""
    text = SEED004.read_text(encoding="utf-8") + "出所:\n  外部結合.結合の相手方: 図（別紙の結合先の枠）\n"
    plain = run_text(engine, SEED004.read_text(encoding="utf-8"))
    marked = run_text(engine, text)
    assert {r: v.verdict for r, v in plain.items()} == {r: v.verdict for r, v in marked.items()}
    v = marked["FORM-KETSU-02"]
    assert v.label == "○ 適合〔図〕"
    assert v.provenance_text().startswith("外部結合.結合の相手方の件数: 図（別紙の結合先の枠）")  # the engine's «#件数», in words
