"""整合性: two statements of one real case compared. Each mutation changes one fact of a real case file and
asserts exactly which verdicts change, and to what."""
from __future__ import annotations

from conftest import CASES, run_text


def _file(folder: str, no: str):
    (f,) = (CASES / "令和5年度" / folder).glob(f"{no}_*.yaml")
    return f.read_text(encoding="utf-8")


def changed(engine, before: str, after: str) -> dict:
    a, b = run_text(engine, before), run_text(engine, after)
    return {r: (a[r].verdict, b[r].verdict) for r in a if a[r].verdict != b[r].verdict}


def test_no51_total_does_not_match_its_breakdown(engine):
    """seed 003 №51: 「３ 対象者数 ４，９２５人（私立学校 ３，２０３人、…その他 ７０３人）」: the six add up to 4,926."""
    v = run_text(engine, _file("2024-01-15", "51"))["SEI-01"]
    assert v.verdict == "不適合" and v.cite == "様式「事業の概要」対象者数 と 対象者数の内訳"
    assert v.facts == [("整合性.対象者数と内訳", "不一致：対象者数 ４，９２５人 と 内訳の合計 4,926")]
    fixed = _file("2024-01-15", "51").replace("対象者数: ４，９２５人", "対象者数: ４，９２６人")
    assert changed(engine, _file("2024-01-15", "51"), fixed) == {"SEI-01": ("不適合", "適合")}
    approx = _file("2024-01-15", "51").replace("対象者数: ４，９２５人", "対象者数: 約４，９００人")
    assert changed(engine, _file("2024-01-15", "51"), approx) == {"SEI-01": ("不適合", "対象外")}


def test_no18_camera_installed_before_the_meeting(engine):
    text = _file("2023-10-20", "18")
    assert run_text(engine, text)["SEI-02"].verdict == "適合"
    early = text.replace("  設置予定日: 令和5年11月27日", "  設置予定日: 令和5年10月1日")
    assert changed(engine, text, early) == {"SEI-02": ("適合", "不適合")}
    month = text.replace("  設置予定日: 令和5年11月27日", "  設置予定日: 令和5年10月")  # the meeting's own month: cannot say
    assert changed(engine, text, month) == {"SEI-02": ("適合", "対象外")}


def test_seed001_clauses_attached_but_the_row_says_no(engine):
    text = (CASES / "seeds" / "001_団体内統合宛名_平成27.yaml").read_text(encoding="utf-8")
    assert run_text(engine, text)["SEI-03"].verdict == "適合"
    lines = text.splitlines(keepends=True)
    i = next(n for n, ln in enumerate(lines) if ln.startswith("    特記事項等の遵守:"))
    lines[i] = "    特記事項等の遵守: ー（不要）\n"
    after = "".join(lines)
    got = changed(engine, text, after)
    assert got.pop("SEI-03") == ("適合", "不適合")
    # the contractor's binding is now contradictory: every clause resting on it only is 要確認, nothing is 適合 on it
    assert got and all(r.startswith(("TOKKI-", "KOJIN-ITAKU-CONTRACT")) and b == "要確認" for r, (a, b) in got.items())


def test_no30_public_comment_ends_after_the_report(engine):
    text = _file("2023-12-21", "30")
    assert run_text(engine, text)["SEI-07"].verdict == "適合"
    late = text.replace("    終了: 令和5年12月15日\n    日数: 31\n", "    終了: 令和6年1月15日\n")
    got = changed(engine, text, late)
    assert got.pop("SEI-07") == ("適合", "不適合")
    # the PIA pack's order flags read the same end date: their change is theirs
    assert set(got) <= {"PIA-PUBCOM", "PIA-SEQ-REVIEW", "PIA-THIRD"}


def test_subcontract_stated_two_ways(engine):
    base = """\
出典: [test]
件名: 委託
区分: [業務委託]
担当課: [情報政策課]
付議日: 令和6年4月1日
個人番号の取扱い: あり
業務委託:
  再委託:
  - 再委託先: B社
    区の承諾: あり
番号法:
  特定個人情報ファイルの取扱いの委託:
  - 委託事項: 保守
    再委託の有無: あり
"""
    assert run_text(engine, base)["SEI-06"].verdict == "適合"
    assert run_text(engine, base.replace("再委託の有無: あり", "再委託の有無: なし"))["SEI-06"].verdict == "不適合"
    assert run_text(engine, base.replace("    再委託の有無: あり\n", ""))["SEI-06"].verdict == "対象外"


def test_contractor_touching_data_stated_two_ways(engine):
    base = """\
出典: [test]
件名: 委託
区分: [業務委託]
担当課: [情報政策課]
付議日: 令和6年4月1日
個人番号の取扱い: あり
業務委託:
  個人情報の取扱い:
    個人情報への接触: なし
番号法:
  特定個人情報ファイルの取扱いの委託:
  - 委託事項: 保守
    特定個人情報へのアクセス: なし
"""
    assert run_text(engine, base)["SEI-04"].verdict == "適合"
    after = base.replace("特定個人情報へのアクセス: なし", "特定個人情報へのアクセス: あり")
    assert run_text(engine, after)["SEI-04"].verdict == "不適合"
    assert run_text(engine, base.replace("    個人情報への接触: なし\n", "    収集: なし\n"))["SEI-04"].verdict == "対象外"


def test_the_comparisons_cannot_be_written(tmp_path):
    from conftest import ROOT, invoke

    f = tmp_path / "c.yaml"
    f.write_text("出典: [t]\n件名: t\n区分: [業務委託]\n担当課: [t]\n付議日: 令和6年4月1日\n整合性:\n  対象者数と内訳: 一致\n", encoding="utf-8")
    p = invoke("check", f, cwd=ROOT)
    assert p.returncode == 2 and "整合性" in p.stderr.decode()
