"""電算処理 pack: every rule holds on a small case and fails on one; seeds 001 and 000 as a reader expects them;
the 付議日 picks the law each rule cites (old 条例 until 2023-03-31, 要綱 / 個人情報保護法 from 2023-04-01)."""
from __future__ import annotations

import pytest

from conftest import CASES, replace_line, run_text, verdict as v

SEED001 = CASES / "seeds" / "001_団体内統合宛名_平成27.yaml"
SEED000 = CASES / "令和5年度" / "2023-12-21" / "35_団体内統合宛名等システム及び中間サーバ（事務の追加）.yaml"  # corpus №35: seed 000 (the full form) + 003 №35
IDS = [f"DENSAN-{n:02d}" for n in range(1, 13)]

# A small case after seed 001's 電算処理 sheet: everything stated, development outsourced, the vendor never
# touches personal data, 個人番号 handled.
HEAD = """\
出典: [test]
件名: 電算処理のテスト
区分: [電算処理, 業務委託]
担当課: [情報政策課]
付議日: {date}
個人番号の取扱い: あり
"""
SHEET = """\
電算処理:
  保有課: [情報政策課]
  登録業務の名称: 情報連携
  記録される情報項目: 1 個人の範囲 住民 2 記録項目 宛名情報
  記録するコンピュータ: [団体内統合宛名等システム]
  新規開発・追加・変更の理由: 情報連携を可能とするため
  新規開発・追加・変更の内容: 団体内統合宛名等システムの開発
  新規開発・追加・変更の時期: 令和6年10月
  開発等の委託: あり
  開発等を委託する場合における個人情報保護対策: 委託先に個人情報に一切触れさせない。
  委託先による個人情報への接触: なし
  ダミーデータによるテスト: あり
  実データによる検証の実施者: 区職員
  委託先への遵守の義務付け: あり
  特定個人情報の安全管理措置: あり
"""
R5 = "令和5年10月20日"
H27 = "平成27年度"


def case(date: str = R5, sheet: str = SHEET, head: str = HEAD) -> str:
    return head.format(date=date) + sheet


def with_line(label: str, value: str | None, text: str | None = None) -> str:
    """The small case with one 電算処理 line replaced (value None: the line removed)."""
    return replace_line(text or case(), label, value)


def test_pack_has_12_rules_in_two_dated_versions(book):
    assert [r for r in book.ids() if r.startswith("DENSAN-")] == IDS
    for rid in IDS:
        old, new = book.versions(rid)
        assert (old.valid_from, old.valid_to) == (None, 20230331)
        assert (new.valid_from, new.valid_to) == (20230401, None)
        assert old.pack == new.pack == "電算処理"
        assert old.citation_status == new.citation_status == "seed"  # law-notes §1: seed-cited instruments only
        assert old.source.startswith("seed") and new.source.startswith("seed")


@pytest.mark.parametrize("rid", IDS)
def test_small_case_holds_under_both_laws(engine, rid):
    assert v(engine, case(R5), rid).verdict == "適合"
    assert v(engine, case(H27), rid).verdict == "適合"


# (rule, label, failing value); a Text item written なし or left blank ('') is 不適合
TEXT_ITEMS = [
    ("DENSAN-02", "登録業務の名称"),
    ("DENSAN-03", "記録される情報項目"),
    ("DENSAN-05", "新規開発・追加・変更の理由"),
    ("DENSAN-06", "新規開発・追加・変更の内容"),
    ("DENSAN-07", "新規開発・追加・変更の時期"),
    ("DENSAN-08", "開発等を委託する場合における個人情報保護対策"),
]


@pytest.mark.parametrize("rid,label", TEXT_ITEMS)
def test_text_item_fails_when_written_none_and_is_unknown_when_missing(engine, rid, label):
    assert v(engine, with_line(label, "なし"), rid).verdict == "不適合"
    assert v(engine, with_line(label, "''"), rid).verdict == "不適合"
    missing = run_text(engine, with_line(label, None))[rid]
    assert missing.verdict == "要確認"
    assert (f"電算処理.{label}", None) in missing.facts


@pytest.mark.parametrize("rid,label", [("DENSAN-01", "保有課"), ("DENSAN-04", "記録するコンピュータ")])
def test_list_item_is_unknown_when_missing_and_none_is_an_input_error(engine, rid, label):
    from checker.errors import InputError
    from checker.input.loader import load_case_text

    assert v(engine, with_line(label, None), rid).verdict == "要確認"
    with pytest.raises(InputError):
        load_case_text(with_line(label, "なし"), "case.yaml")


def test_measures_only_when_development_is_outsourced(engine):
    got = run_text(engine, with_line("開発等の委託", "なし"))
    assert {rid: got[rid].verdict for rid in IDS[7:]} == {rid: "対象外" for rid in IDS[7:]}
    assert {got[rid].verdict for rid in IDS[:7]} == {"適合"}
    unknown = run_text(engine, with_line("開発等の委託", None))
    assert {unknown[rid].verdict for rid in IDS[7:]} == {"要確認"}


def test_densan09_vendor_touching_data_needs_a_gyomu_itaku(engine):
    touching = with_line("委託先による個人情報への接触", "あり")
    assert v(engine, touching, "DENSAN-09").verdict == "適合"  # 区分 has 業務委託
    no_itaku = touching.replace("区分: [電算処理, 業務委託]", "区分: [電算処理]")
    got = run_text(engine, no_itaku)["DENSAN-09"]
    assert got.verdict == "不適合"
    assert got.cite == "要綱 第3条第1項第3号（業務委託）"
    assert run_text(engine, no_itaku.replace(R5, "平成27年4月1日"))["DENSAN-09"].cite == "条例 第14条第1項（業務委託）"
    # a vendor that never touches data: no 業務委託 needed
    assert v(engine, case().replace("区分: [電算処理, 業務委託]", "区分: [電算処理]"), "DENSAN-09").verdict == "適合"
    # whether it touches is not said and there is no 業務委託: a person must look
    assert v(engine, with_line("委託先による個人情報への接触", None, no_itaku), "DENSAN-09").verdict == "要確認"


def test_densan10_no_touch_needs_dummy_data_and_staff_verification(engine):
    assert v(engine, with_line("ダミーデータによるテスト", "なし"), "DENSAN-10").verdict == "不適合"
    assert v(engine, with_line("実データによる検証の実施者", "委託先"), "DENSAN-10").verdict == "不適合"
    assert v(engine, with_line("ダミーデータによるテスト", None), "DENSAN-10").verdict == "要確認"
    # a vendor that touches the data: the rule does not apply (DENSAN-09 asks for the 業務委託 instead)
    assert v(engine, with_line("委託先による個人情報への接触", "あり"), "DENSAN-10").verdict == "対象外"


def test_densan11_compliance_and_its_remedy_by_law(engine, book):
    assert v(engine, with_line("委託先への遵守の義務付け", "なし"), "DENSAN-11").verdict == "不適合"
    r5 = run_text(engine, with_line("委託先への遵守の義務付け", "なし"))["DENSAN-11"]
    h27 = run_text(engine, with_line("委託先への遵守の義務付け", "なし", case(H27)))["DENSAN-11"]
    assert "個人情報保護法" in r5.rule.remedy and "個人情報保護法" in r5.rule.also_cite[-1]
    assert "新宿区個人情報保護条例" in h27.rule.remedy and h27.rule.valid_to == 20230331


def test_densan12_only_for_mynumber(engine):
    assert v(engine, with_line("特定個人情報の安全管理措置", "なし"), "DENSAN-12").verdict == "不適合"
    no_mn = case().replace("個人番号の取扱い: あり", "個人番号の取扱い: なし")
    assert v(engine, with_line("特定個人情報の安全管理措置", "なし", no_mn), "DENSAN-12").verdict == "対象外"


def test_scope(engine):
    # no 電算処理 in 区分
    got = run_text(engine, case().replace("区分: [電算処理, 業務委託]", "区分: [業務委託]"))
    assert {got[rid].verdict for rid in IDS} == {"対象外"}
    # a 特定個人情報保護評価 report carries no 電算処理 sheet (seed 003 №9, №12…): 対象外, not 要確認
    pia = (HEAD + "特定個人情報保護評価の報告: 報告\n").format(date=R5)
    got = run_text(engine, pia)
    assert {got[rid].verdict for rid in IDS} == {"対象外"}
    # a 電算処理 case without the sheet: every item 要確認 (a missing fact is never 適合)
    got = run_text(engine, HEAD.format(date=R5))
    assert {got[rid].verdict for rid in IDS} == {"要確認"}


def test_same_facts_cite_the_law_of_their_date(engine):
    h27, r5 = run_text(engine, case(H27)), run_text(engine, case(R5))
    for rid in IDS:
        assert h27[rid].rule.valid_to == 20230331 and r5[rid].rule.valid_from == 20230401
    assert h27["DENSAN-01"].rule.also_cite == ("条例 第16条第2項（法令の定めに基づき電子計算機処理をしたとき）",)
    assert r5["DENSAN-01"].rule.also_cite == ("要綱 第3条第1項第3号（電算処理）",)
    assert "個人情報保護法 第66条第1項" in r5["DENSAN-08"].rule.also_cite
    assert not any("個人情報保護法" in c for c in h27["DENSAN-08"].rule.also_cite)
    # a 年度 straddling 2023-04-01 cannot pick a version
    assert run_text(engine, case("令和5年"))["DENSAN-02"].verdict == "要確認"


# seed 001 (平成27年度, 審議会 報告): the whole 電算処理 sheet with its five measures → every rule 適合, under the old 条例.
# seed 000 (令和5年12月21日): the sheet is complete but its measures are 「別紙チェックリストのとおり」 (the checklist is
# not in the seed), and whether the vendor touches data is not said → 10–12 要確認; 09 holds because 区分 has 業務委託.
EXPECTED = {
    "001": {rid: "適合" for rid in IDS},
    "000": {**{rid: "適合" for rid in IDS[:9]}, "DENSAN-10": "要確認", "DENSAN-11": "要確認", "DENSAN-12": "要確認"},
}
FILES = {"001": SEED001, "000": SEED000}


@pytest.mark.parametrize("seed", sorted(FILES))
def test_seed_verdicts(engine, seed):
    got = run_text(engine, FILES[seed].read_text(encoding="utf-8"), FILES[seed].name)
    assert {rid: got[rid].verdict for rid in IDS} == EXPECTED[seed]
    old = seed == "001"
    assert got["DENSAN-09"].cite == ("条例 第14条第1項（業務委託）" if old else "要綱 第3条第1項第3号（業務委託）")
    assert got["DENSAN-01"].rule.also_cite[0].startswith("条例 第16条第2項" if old else "要綱 第3条第1項第3号")


def test_seed000_unknowns_name_the_missing_fact(engine):
    got = run_text(engine, SEED000.read_text(encoding="utf-8"), SEED000.name)
    assert ("電算処理.委託先による個人情報への接触", None) in got["DENSAN-10"].facts
    assert ("電算処理.委託先への遵守の義務付け", None) in got["DENSAN-11"].facts


YEAR = CASES / "令和5年度"


def _corpus(no: str):
    (path,) = YEAR.glob(f"*/{no}_*.yaml")
    return path


def test_corpus_no3_states_only_what_the_annex_says(engine):
    """№3: the annex's 「（１）電算処理」 gives the 内容, the 記録するコンピュータ (the ガバメントクラウド 標準準拠システム of (2))
    and the outsourced 移行 ((3)①); the 別紙 diagram's system box lists the 記録される情報項目 (図, DENSAN-03); the rest of the
    form is not in the 003 summary → 要確認, never 適合."""
    path = _corpus("03")
    got = run_text(engine, path.read_text(encoding="utf-8"), path.name)
    assert {rid: got[rid].verdict for rid in IDS} == {
        "DENSAN-01": "要確認", "DENSAN-02": "要確認", "DENSAN-03": "適合",
        "DENSAN-04": "適合", "DENSAN-05": "要確認", "DENSAN-06": "適合", "DENSAN-07": "要確認",
        "DENSAN-08": "要確認", "DENSAN-09": "適合",  # 区分 has 業務委託
        "DENSAN-10": "要確認", "DENSAN-11": "要確認", "DENSAN-12": "要確認",
    }
    assert got["DENSAN-06"].rule.also_cite == ("要綱 第3条第1項第3号（電算処理）",)


def test_corpus_pia_reports_are_out_of_scope(engine):
    for no in ("09", "12", "29", "40"):
        path = _corpus(no)
        got = run_text(engine, path.read_text(encoding="utf-8"), path.name)
        assert {got[rid].verdict for rid in IDS} == {"対象外"}, no


def test_a_pia_sheet_adds_rules_and_never_removes_the_densan_ones(engine):
    """Issue 12, class 5: №51 carries the 電算処理 form; giving it a 特定個人情報保護評価 sheet as well leaves every 電算処理
    verdict as it was. A 保護評価 report without the form (№15: 「電算処理…については、別途…報告する」) is not judged by them."""
    from conftest import CASES, run_text

    (n51,) = (CASES / "令和5年度" / "2024-01-15").glob("51_*.yaml")
    text = n51.read_text(encoding="utf-8")
    before = {r: v.verdict for r, v in run_text(engine, text).items() if r.startswith("DENSAN-")}
    assert "適合" in before.values()
    with_pia = text + "特定個人情報保護評価:\n  評価の種類: 基礎項目評価\n"
    after = {r: v.verdict for r, v in run_text(engine, with_pia).items() if r.startswith("DENSAN-")}
    assert after == before
    (n15,) = (CASES / "令和5年度" / "2023-09-06").glob("15_*.yaml")
    got = run_text(engine, n15.read_text(encoding="utf-8"))
    assert {v.verdict for r, v in got.items() if r.startswith("DENSAN-")} == {"対象外"}
