"""特定個人情報保護評価 pack: しきい値判断, the 全項目 procedure, 重要な変更, 5 years, and the pairs of seed 003."""
from __future__ import annotations

import pytest

from conftest import CASES, run_text, verdict as v

HEAD = """\
出典: [test]
件名: 保護評価のテスト
区分: [電算処理]
担当課: [戸籍住民課]
付議日: {date}
個人番号の取扱い: あり
特定個人情報保護評価:
"""


def case(body: str, date: str = "令和5年12月21日") -> str:
    return HEAD.format(date=date) + body


# --- しきい値判断 ------------------------------------------------------------------------------

def test_346313_without_zenkomoku_fails_citing_the_threshold_rule(engine):
    r = v(engine, case("  対象人数: ３４６，３１３人\n  評価の種類: [基礎項目評価]\n"), "PIA-TH-ZENKOMOKU")
    assert r.verdict == "不適合"
    assert r.cite == "評価指針 第5の2（しきい値判断）"
    assert ("特定個人情報保護評価.評価の種類", ["基礎項目評価"]) in r.facts, r.facts
    assert v(engine, case("  対象人数: ３４６，３１３人\n  評価の種類: なし\n"), "PIA-TH-ZENKOMOKU").verdict == "不適合"
    assert v(engine, case("  対象人数: ３４６，３１３人\n  評価の種類: [基礎項目評価, 全項目評価]\n"), "PIA-TH-ZENKOMOKU").verdict == "適合"
    assert v(engine, case("  対象人数: ３４６，３１３人\n"), "PIA-TH-ZENKOMOKU").verdict == "要確認"


def test_zenkomoku_between_100000_and_300000_depends_on_handlers_and_incidents(engine):
    base = "  対象人数: 150,000人\n  評価の種類: [重点項目評価]\n"
    assert v(engine, case(base + "  取扱者数: 600人\n"), "PIA-TH-ZENKOMOKU").verdict == "不適合"
    assert v(engine, case(base + "  取扱者数: 100人\n  重大事故: あり\n"), "PIA-TH-ZENKOMOKU").verdict == "不適合"
    assert v(engine, case(base + "  取扱者数: 100人\n  重大事故: なし\n"), "PIA-TH-ZENKOMOKU").verdict == "対象外"
    assert v(engine, case(base), "PIA-TH-ZENKOMOKU").verdict == "要確認"
    # done anyway: the unknown threshold no longer matters
    assert v(engine, case("  対象人数: 150,000人\n  評価の種類: [全項目評価]\n"), "PIA-TH-ZENKOMOKU").verdict == "適合"


def test_juten(engine):
    assert v(engine, case("  対象人数: 150,000人\n  評価の種類: [基礎項目評価]\n"), "PIA-TH-JUTEN").verdict == "不適合"
    assert v(engine, case("  対象人数: 150,000人\n  評価の種類: [基礎項目評価, 重点項目評価]\n"), "PIA-TH-JUTEN").verdict == "適合"
    small = "  対象人数: 50,000人\n  評価の種類: [基礎項目評価]\n"
    assert v(engine, case(small + "  取扱者数: 600人\n"), "PIA-TH-JUTEN").verdict == "不適合"
    assert v(engine, case(small + "  取扱者数: 100人\n  重大事故: なし\n"), "PIA-TH-JUTEN").verdict == "対象外"
    assert "〔未検証〕" in v(engine, case(small + "  取扱者数: 600人\n"), "PIA-TH-JUTEN").cite


def test_kiso(engine):
    assert v(engine, case("  対象人数: 5,000人\n  評価の種類: なし\n"), "PIA-TH-KISO").verdict == "不適合"
    assert v(engine, case("  対象人数: 5,000人\n  評価の種類: [基礎項目評価]\n"), "PIA-TH-KISO").verdict == "適合"
    assert v(engine, case("  対象人数: 500人\n  評価の種類: なし\n"), "PIA-TH-KISO").verdict == "対象外"


def test_a_case_not_about_pia_is_out_of_scope(engine):
    text = HEAD.format(date="令和5年12月21日").replace("特定個人情報保護評価:\n", "")
    got = run_text(engine, text)
    for rid in ("PIA-TH-ZENKOMOKU", "PIA-TH-JUTEN", "PIA-TH-KISO", "PIA-PUBCOM", "PIA-THIRD", "PIA-SEQ-DRAFT", "PIA-CHANGE", "PIA-5Y"):
        assert got[rid].verdict == "対象外", rid


# --- the 全項目 procedure (a 実施結果 report) ---------------------------------------------------

RESULT = """\
  評価の種類: [全項目評価]
  段階: 実施結果
  素案報告: {{案件: №12, 付議日: {draft}}}
  パブリック・コメント: {{開始: {pc0}, 終了: {pc1}}}
  第三者点検: {{開始: {tp0}, 終了: {tp1}}}
"""
GOOD = dict(draft="令和5年9月6日", pc0="令和5年10月5日", pc1="令和5年11月6日", tp0="令和5年10月5日", tp1="令和5年11月30日")


def result(**kw) -> str:
    return case(RESULT.format(**{**GOOD, **kw}))


def test_the_real_sequence_of_no32_holds(engine):
    got = run_text(engine, result())
    for rid in ("PIA-PUBCOM", "PIA-THIRD", "PIA-SEQ-DRAFT", "PIA-SEQ-REVIEW"):
        assert got[rid].verdict == "適合", rid


def test_public_comment_30_days(engine):
    assert v(engine, result(pc0="令和5年10月8日", pc1="令和5年11月6日"), "PIA-PUBCOM").verdict == "適合"  # 30 days, both counted
    assert v(engine, result(pc0="令和5年10月9日", pc1="令和5年11月6日"), "PIA-PUBCOM").verdict == "不適合"  # 29 days
    assert v(engine, result(pc0="令和5年10月", pc1="令和5年11月"), "PIA-PUBCOM").verdict == "要確認"  # months only


def test_days_written_must_match_the_dates():
    from checker.errors import InputError
    from checker.input.loader import load_case_text

    text = case("  パブリック・コメント: {開始: 令和5年10月5日, 終了: 令和5年11月6日, 日数: 31}\n")
    with pytest.raises(InputError) as e:
        load_case_text(text, "x.yaml")
    assert "33日間" in e.value.message


def test_third_party_review_before_the_report(engine):
    assert v(engine, result(tp1="令和5年12月22日"), "PIA-THIRD").verdict == "不適合"
    assert v(engine, case("  評価の種類: [全項目評価]\n  段階: 実施結果\n  第三者点検: {実施者: 株式会社ＲＳコネクト}\n"), "PIA-THIRD").verdict == "要確認"


def test_draft_report_before_the_public_comment(engine):
    assert v(engine, result(draft="令和5年10月20日"), "PIA-SEQ-DRAFT").verdict == "不適合"
    text = result().replace("  素案報告: {案件: №12, 付議日: 令和5年9月6日}\n", "")
    assert v(engine, text, "PIA-SEQ-DRAFT").verdict == "要確認"


def test_review_ends_after_the_public_comment(engine):
    assert v(engine, result(tp1="令和5年11月1日"), "PIA-SEQ-REVIEW").verdict == "不適合"


def test_the_sequence_cannot_be_written_by_hand():
    from checker.errors import InputError
    from checker.input.loader import load_case_text

    with pytest.raises(InputError) as e:
        load_case_text(case("  手続の順序: {素案報告の後のパブリック・コメント: あり}\n"), "x.yaml")
    assert "計算される" in e.value.message


# --- 重要な変更, 5 years --------------------------------------------------------------------------

def test_major_change_needs_reevaluation(engine):
    assert v(engine, case("  重要な変更: あり\n  再実施: あり\n"), "PIA-CHANGE").verdict == "適合"
    assert v(engine, case("  重要な変更: あり\n  再実施: なし\n"), "PIA-CHANGE").verdict == "不適合"
    assert v(engine, case("  重要な変更: なし\n"), "PIA-CHANGE").verdict == "対象外"


def test_reevaluation_within_five_years(engine):
    assert v(engine, case("  前回公表日: 令和2年1月10日\n"), "PIA-5Y").verdict == "適合"
    assert v(engine, case("  前回公表日: 平成30年12月1日\n  再実施: なし\n"), "PIA-5Y").verdict == "不適合"
    assert v(engine, case("  前回公表日: 平成30年12月\n  再実施: なし\n"), "PIA-5Y").verdict == "要確認"  # the month straddles the limit
    assert v(engine, case("  前回公表日: 平成30年12月1日\n  再実施: あり\n"), "PIA-5Y").verdict == "適合"


# --- the pairs of seed 003 (素案 → 実施結果) -------------------------------------------------------

@pytest.fixture(scope="module")
def corpus():
    from checker.input.loader import load_cases
    from checker.input.pia import link_reports

    cases = load_cases([CASES / "令和5年度"])
    messages = link_reports(cases)
    return {c.number: (name, c) for name, c in cases}, messages


def test_each_result_report_resolves_its_draft(corpus):
    by_no, _ = corpus
    for later, earlier in ((30, 17), (32, 12), (39, 13), (40, 14)):
        c = by_no[later][1]
        assert c.pia.draft_report.date == by_no[earlier][1].date, later


def test_pair_inconsistencies_are_reported(corpus):
    _, messages = corpus
    # №29 says the 素案 was reported at 第5回 (7月28日), the list puts №9 on 9月1日 at 第6回 (digest §5g);
    # №40 names 第7回 for №14, but №14 (9月6日) carries no meeting name, so only №29 is a contradiction
    assert len(messages) == 1 and "29_" in messages[0] and "第5回" in messages[0], messages


def test_pair_verdicts(engine, corpus):
    by_no, _ = corpus
    runs = engine.run([by_no[n] for n in (29, 30, 32, 39, 40)])
    got = {r.case_id: {v.rule_id: v.verdict for v in r.verdicts} for r in runs}
    no = {n: got[by_no[n][0]] for n in (29, 30, 32, 39, 40)}
    for n in (30, 32, 40):
        assert no[n]["PIA-SEQ-DRAFT"] == "適合", n
        assert no[n]["PIA-SEQ-REVIEW"] == "適合", n
        assert no[n]["PIA-THIRD"] == "適合", n
        assert no[n]["PIA-PUBCOM"] == "適合", n
    assert no[29]["PIA-SEQ-DRAFT"] == "要確認"  # the pair disagrees on when the 素案 was reported
    assert no[29]["PIA-PUBCOM"] == "適合"  # 8月16日〜9月14日: 30 days
    assert no[39]["PIA-SEQ-DRAFT"] == "適合"
    assert no[39]["PIA-THIRD"] == "要確認"  # 003 gives two different 第三者点検 periods for №39: none written


def test_a_result_report_alone_cannot_place_its_draft(engine):
    path = next((CASES / "令和5年度" / "2023-12-21").glob("32_*.yaml"))
    got = run_text(engine, path.read_text(encoding="utf-8"), path.name)
    assert got["PIA-SEQ-DRAFT"].verdict == "要確認"
    assert got["PIA-PUBCOM"].verdict == "適合"


def test_unknown_pair_reference_is_reported():
    from checker.input.loader import load_case_text
    from checker.input.pia import link_reports

    c = load_case_text(case("  評価の種類: [全項目評価]\n  段階: 実施結果\n  素案報告: {案件: №99}\n").replace("付議日:", "番号: 1\n付議日:"), "a.yaml")
    assert link_reports([("a.yaml", c)]) == ["a.yaml: 素案報告の案件 №99 が同じ年度の案件にありません"]


def test_a_step_not_done_is_said_and_refused(engine):
    """実施: なし (or `第三者点検: なし`) is a fact: a 全項目評価 reported without its 第三者点検 or パブリック・コメント is 不適合, not 要確認."""
    base = "  評価の種類: [全項目評価]\n  段階: 実施結果\n"
    for text in ("  第三者点検: なし\n", "  第三者点検: {実施: なし}\n"):
        got = run_text(engine, case(base + text))
        assert got["PIA-THIRD"].verdict == "不適合" and got["PIA-SEQ-REVIEW"].verdict == "不適合"
    assert v(engine, case(base + "  パブリック・コメント: なし\n"), "PIA-PUBCOM").verdict == "不適合"
    assert v(engine, case(base + "  パブリック・コメント: {実施: あり}\n"), "PIA-PUBCOM").verdict == "要確認"  # done, how long not said
    assert v(engine, case(base), "PIA-PUBCOM").verdict == "要確認"  # not said at all


def test_not_done_with_dates_is_an_input_error():
    from checker.errors import InputError
    from checker.input.loader import load_case_text

    with pytest.raises(InputError) as e:
        load_case_text(case("  第三者点検: {実施: なし, 終了: 令和5年11月30日}\n"), "x.yaml")
    assert "実施: なし なのに 終了 が書かれています" in e.value.message
