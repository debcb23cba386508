"""個人情報保護法 pack: the case's 付議日 picks the law.

Until 2023-03-31 the ward was under the old 新宿区個人情報保護条例 (seeds 001/002 cite its 第14条第1項 for 業務委託);
from 2023-04-01 under 個人情報保護法 (第66条 安全管理措置, 第69条 利用・提供の制限), with 番号法 第30条 for 特定個人情報.
The same facts dated 平成27 and 令和5 are judged, and cited, under their own law.
"""
from __future__ import annotations


import pytest

from conftest import CASES, run_text, verdict as v

SEEDS = CASES / "seeds"
OLD_TEIKYO = "新宿区個人情報保護条例（外部提供に関する規定）〔未検証〕"
NEW_TEIKYO = "個人情報保護法 第69条第1項・第2項"
OLD_ITAKU = "新宿区個人情報保護条例 第14条第1項（業務委託）"
NEW_ITAKU = "個人情報保護法 第66条第1項"


def teikyo(date: str = "令和5年7月28日", basis: str | None = "個人情報の保護に関する法律第６９条第２項第３号",
           extra: str = "  提供先の種別: 行政機関等\n  相当の理由: あり\n", mynumber: str | None = None) -> str:
    text = (
        "出典: [test]\n件名: 外部提供のテスト\n区分: [外部提供]\n担当課: [子ども家庭支援課]\n"
        f"付議日: {date}\n"
        + (f"個人番号の取扱い: {mynumber}\n" if mynumber else "")
        + "外部提供:\n  提供先: [警視庁]\n"
        + (f"  根拠規定: {basis}\n" if basis else "")
        + extra
    )
    return text


def itaku(date: str = "令和5年12月21日", attached: str = "あり", inspection: str = "○", clauses: str | None = None) -> str:
    return (
        "出典: [test]\n件名: 業務委託のテスト\n区分: [業務委託]\n担当課: [情報システム課]\n"
        f"付議日: {date}\n"
        "業務委託:\n  委託先:\n    - 名称: 委託事業者\n"
        f"  特記事項の添付: {attached}\n"
        "  チェックリスト:\n"
        f"    立入調査等及び状況報告: {inspection}\n"
        + (f"    特記事項等の遵守: {clauses}\n" if clauses is not None else "")
    )


# --- the same facts under two laws -----------------------------------------------------------

@pytest.mark.parametrize("date", ["平成27年10月1日", "平成27年度", "令和4年度"])
def test_same_itaku_facts_before_2023_cite_the_old_jorei(engine, date):
    got = run_text(engine, itaku(date=date))
    assert (got["KOJIN-ITAKU-CONTRACT"].verdict, got["KOJIN-ITAKU-CONTRACT"].cite) == ("適合", OLD_ITAKU)
    assert got["KOJIN-ITAKU-SUPERVISE"].verdict == "適合"
    assert got["KOJIN-ITAKU-SUPERVISE"].cite == OLD_ITAKU + "〔未検証〕"


@pytest.mark.parametrize("date", ["令和5年12月21日", "令和5年度", "令和6年4月1日"])
def test_same_itaku_facts_from_2023_cite_the_act(engine, date):
    got = run_text(engine, itaku(date=date))
    assert (got["KOJIN-ITAKU-CONTRACT"].verdict, got["KOJIN-ITAKU-CONTRACT"].cite) == ("適合", NEW_ITAKU)
    assert (got["KOJIN-ITAKU-SUPERVISE"].verdict, got["KOJIN-ITAKU-SUPERVISE"].cite) == ("適合", NEW_ITAKU)


def test_same_teikyo_facts_under_two_laws(engine):
    new = v(engine, teikyo(date="令和5年7月28日"), "KOJIN-TEIKYO-BASIS")
    assert (new.verdict, new.cite) == ("適合", NEW_TEIKYO)
    old = v(engine, teikyo(date="平成27年7月28日"), "KOJIN-TEIKYO-BASIS")
    assert (old.verdict, old.cite) == ("不適合", OLD_TEIKYO)  # the Act did not apply to the ward in 平成27
    # the 号 rules exist only under the Act
    assert v(engine, teikyo(date="平成27年7月28日"), "KOJIN-TEIKYO-3").verdict == "対象外"
    assert v(engine, teikyo(date="令和5年7月28日"), "KOJIN-TEIKYO-3").verdict == "適合"


def test_a_date_straddling_2023_04_01_cannot_pick_the_law(engine):
    got = run_text(engine, itaku(date="2023年"))
    assert got["KOJIN-ITAKU-CONTRACT"].verdict == "要確認"
    got = run_text(engine, itaku(date="令和5年3月31日"))
    assert got["KOJIN-ITAKU-CONTRACT"].cite == OLD_ITAKU
    got = run_text(engine, itaku(date="令和5年4月1日"))
    assert got["KOJIN-ITAKU-CONTRACT"].cite == NEW_ITAKU


def test_seed001_and_seed000_each_under_their_own_law(engine):
    s001 = SEEDS / "001_団体内統合宛名_平成27.yaml"
    s000 = CASES / "令和5年度" / "2023-12-21" / "35_団体内統合宛名等システム及び中間サーバ（事務の追加）.yaml"  # corpus №35 (full form: seed 000)
    got = run_text(engine, s001.read_text(encoding="utf-8"), s001.name)
    c = got["KOJIN-ITAKU-CONTRACT"]
    assert (c.verdict, c.cite) == ("適合", OLD_ITAKU)  # 「区と委託先との契約書には、別紙「特記事項」を付し」
    assert got["KOJIN-ITAKU-SUPERVISE"].verdict == "要確認"  # no 立入調査 in 001
    s002 = SEEDS / "002_子育てワンストップ_平成29.yaml"
    got = run_text(engine, s002.read_text(encoding="utf-8"), s002.name)
    assert (got["KOJIN-ITAKU-CONTRACT"].verdict, got["KOJIN-ITAKU-CONTRACT"].cite) == ("適合", OLD_ITAKU)  # 「別紙「特記事項」を付す。」
    s = got["KOJIN-ITAKU-SUPERVISE"]
    assert (s.verdict, s.cite) == ("適合", OLD_ITAKU + "〔未検証〕")  # 「必要に応じ、区職員が立入り調査を行い」
    got = run_text(engine, s000.read_text(encoding="utf-8"), s000.name)
    c = got["KOJIN-ITAKU-CONTRACT"]
    assert (c.verdict, c.cite) == ("要確認", NEW_ITAKU)  # 「別紙チェックリストのとおり」, the checklist is not in 000
    assert got["KOJIN-ITAKU-SUPERVISE"].cite == NEW_ITAKU


# --- each rule holds and fails ---------------------------------------------------------------

def test_teikyo_basis_act(engine):
    assert v(engine, teikyo(basis="個人情報保護法第69条第2項第4号"), "KOJIN-TEIKYO-BASIS").verdict == "適合"
    # 「法令に基づく場合」: the law's provision decides, and only one the table of provisions holds (rules/法令/); not there → 要確認
    assert v(engine, teikyo(basis="法第69条第1項（児童虐待の防止等に関する法律第6条）"), "KOJIN-TEIKYO-BASIS").verdict == "要確認"
    bad = v(engine, teikyo(basis="新宿区個人情報保護条例"), "KOJIN-TEIKYO-BASIS")
    assert (bad.verdict, bad.cite) == ("不適合", NEW_TEIKYO)
    assert ("外部提供.根拠の判定", False) in bad.facts  # 旧条例: not in force on the 付議日
    assert v(engine, teikyo(basis=None), "KOJIN-TEIKYO-BASIS").verdict == "要確認"
    assert v(engine, teikyo(basis="第69条第2項第3号及び第4号"), "KOJIN-TEIKYO-BASIS").verdict == "要確認"


def test_teikyo_basis_old_jorei(engine):
    assert v(engine, teikyo(date="平成29年4月1日", basis="新宿区個人情報保護条例（審議会の意見を聴いて）"), "KOJIN-TEIKYO-BASIS").verdict == "適合"
    assert v(engine, teikyo(date="平成29年4月1日", basis=None), "KOJIN-TEIKYO-BASIS").verdict == "要確認"


def test_article_69_2_3(engine):
    rid = "KOJIN-TEIKYO-3"
    assert v(engine, teikyo(), rid).verdict == "適合"
    bad = v(engine, teikyo(extra="  提供先の種別: その他\n  相当の理由: あり\n"), rid)
    assert (bad.verdict, bad.cite) == ("不適合", "個人情報保護法 第69条第2項第3号")
    assert v(engine, teikyo(extra="  提供先の種別: 行政機関等\n  相当の理由: なし\n"), rid).verdict == "不適合"
    assert v(engine, teikyo(extra="  提供先の種別: 行政機関等\n"), rid).verdict == "要確認"
    assert v(engine, teikyo(basis="個人情報保護法第69条第2項第4号"), rid).verdict == "対象外"


def test_article_69_2_4(engine):
    rid = "KOJIN-TEIKYO-4"
    four = "個人情報の保護に関する法律第６９条第２項第４号"
    assert v(engine, teikyo(basis=four, extra="  提供の目的: 学術研究\n"), rid).verdict == "適合"
    assert v(engine, teikyo(basis=four, extra="  提供の目的: その他\n  特別の理由: あり\n"), rid).verdict == "適合"
    bad = v(engine, teikyo(basis=four, extra="  提供の目的: その他\n  特別の理由: なし\n"), rid)
    assert (bad.verdict, bad.cite) == ("不適合", "個人情報保護法 第69条第2項第4号")
    assert v(engine, teikyo(basis=four, extra="  提供の目的: その他\n"), rid).verdict == "要確認"
    assert v(engine, teikyo(), rid).verdict == "対象外"  # 第3号


def test_mynumber_never_on_article_69_2_2_to_4(engine):
    rid = "KOJIN-TEIKYO-MN"
    bad = v(engine, teikyo(mynumber="あり", extra="  提供先の種別: 行政機関等\n  相当の理由: あり\n  特定個人情報の提供: あり\n"), rid)
    assert (bad.verdict, bad.cite) == ("不適合", "番号法 第30条")
    assert ("外部提供.根拠条項", "第69条第2項第3号") in bad.facts
    ok = teikyo(mynumber="あり", basis="第69条第1項（番号法第19条第8号）", extra="  特定個人情報の提供: あり\n")
    assert v(engine, ok, rid).verdict == "適合"
    assert v(engine, teikyo(mynumber="あり", extra="  特定個人情報の提供: なし\n"), rid).verdict == "対象外"
    assert v(engine, teikyo(mynumber="あり"), rid).verdict == "要確認"  # is 特定個人情報 among what is provided?
    assert v(engine, teikyo(), rid).verdict == "要確認"  # nothing said about 個人番号 at all
    assert v(engine, teikyo(extra="  特定個人情報の提供: なし\n"), rid).verdict == "対象外"
    assert v(engine, teikyo(mynumber="なし"), rid).verdict == "対象外"
    assert v(engine, teikyo(date="平成27年7月28日", mynumber="あり", extra="  特定個人情報の提供: あり\n"), rid).verdict == "対象外"


def test_itaku_contract_and_supervise_fail(engine):
    # 特記事項の添付 なし and no row 特記事項等の遵守: one place says no, none says yes → not bound
    assert v(engine, itaku(attached="なし", inspection="○"), "KOJIN-ITAKU-CONTRACT").verdict == "不適合"
    got = run_text(engine, itaku(attached="なし", inspection="ー（委託先は区の端末でのみ作業）", clauses=""))
    assert (got["KOJIN-ITAKU-CONTRACT"].verdict, got["KOJIN-ITAKU-CONTRACT"].cite) == ("不適合", NEW_ITAKU)
    assert (got["KOJIN-ITAKU-SUPERVISE"].verdict, got["KOJIN-ITAKU-SUPERVISE"].cite) == ("不適合", NEW_ITAKU)
    assert got["ITAKU-02"].verdict == "適合"  # the checklist row itself accepts ー with a reason; the Act's supervision does not
    old = run_text(engine, itaku(date="平成27年10月1日", attached="なし", inspection="", clauses=""))
    assert (old["KOJIN-ITAKU-CONTRACT"].verdict, old["KOJIN-ITAKU-CONTRACT"].cite) == ("不適合", OLD_ITAKU)
    assert old["KOJIN-ITAKU-SUPERVISE"].verdict == "不適合"
    # the checklist row 特記事項等の遵守 ○ is enough for the contract rule
    text = itaku(attached="不明").replace("  チェックリスト:\n", "  チェックリスト:\n    特記事項等の遵守: ○\n")
    assert v(engine, text, "KOJIN-ITAKU-CONTRACT").verdict == "適合"
    assert v(engine, itaku(attached="不明"), "KOJIN-ITAKU-CONTRACT").verdict == "要確認"
    assert v(engine, itaku().replace("区分: [業務委託]", "区分: [外部結合]"), "KOJIN-ITAKU-CONTRACT").verdict == "対象外"


def test_corpus_provisions_under_the_act(engine):
    year = CASES / "令和5年度"
    n5 = run_text(engine, (year / "2023-07-28" / "05_要保護児童対策地域協議会→警視庁への提供.yaml").read_text(encoding="utf-8"))
    assert {r: n5[r].verdict for r in ("KOJIN-TEIKYO-BASIS", "KOJIN-TEIKYO-3", "KOJIN-TEIKYO-4", "KOJIN-TEIKYO-MN")} == {
        "KOJIN-TEIKYO-BASIS": "適合", "KOJIN-TEIKYO-3": "適合", "KOJIN-TEIKYO-4": "対象外", "KOJIN-TEIKYO-MN": "対象外"}
    n23 = run_text(engine, (year / "2023-10-20" / "23_心電図データの学術研究目的の外部提供.yaml").read_text(encoding="utf-8"))
    assert {r: n23[r].verdict for r in ("KOJIN-TEIKYO-BASIS", "KOJIN-TEIKYO-3", "KOJIN-TEIKYO-4")} == {
        "KOJIN-TEIKYO-BASIS": "適合", "KOJIN-TEIKYO-3": "対象外", "KOJIN-TEIKYO-4": "適合"}
    n21 = run_text(engine, (year / "2023-10-20" / "21_警察と区立学校の相互連絡制度（外部提供の報告）.yaml").read_text(encoding="utf-8"))
    assert n21["KOJIN-TEIKYO-BASIS"].verdict == "要確認"  # the 協定 only; no article cited
    # neither provides 特定個人情報 (the items provided are listed in full)
    assert n23["KOJIN-TEIKYO-MN"].verdict == "対象外"
    assert n21["KOJIN-TEIKYO-MN"].verdict == "対象外"


def test_corpus_outsourcing_under_the_act(engine):
    year = CASES / "令和5年度"

    def got(n):
        path = next(year.glob(f"*/{n:02d}_*.yaml"))
        return run_text(engine, path.read_text(encoding="utf-8"), path.name)

    n3 = got(3)  # [ITAKU8] in the diagram
    assert (n3["KOJIN-ITAKU-CONTRACT"].verdict, n3["KOJIN-ITAKU-CONTRACT"].cite) == ("適合", NEW_ITAKU)
    assert n3["KOJIN-ITAKU-SUPERVISE"].verdict == "適合"
    n19 = got(19)  # the diagram has no 特記事項等の遵守; whether the 特記事項 is attached is not said
    assert n19["KOJIN-ITAKU-CONTRACT"].verdict == "要確認"
    assert n19["KOJIN-ITAKU-SUPERVISE"].verdict == "適合"
