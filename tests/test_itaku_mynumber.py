"""番号法 第10条・第11条 read from the 業務委託 sheet, and a 再委託先 that must be named (issue 12, classes 6–7).

Mutations of corpus №31 (住民記録及び印鑑登録システム, 委託内容の変更＝再委託: 個人番号 あり, one 再委託 with 区の承諾 あり,
whose 再委託先 the seed never names). Each test asserts exactly which verdicts change, and to what.
"""
from __future__ import annotations

from conftest import CASES, run_text

(N31,) = (CASES / "令和5年度" / "2023-12-21").glob("31_*.yaml")
BASE = N31.read_text(encoding="utf-8")
TOUCH = "業務委託:\n  個人情報の取扱い:\n    個人情報への接触: あり\n"


def _verdicts(engine, text):
    return {r: v.verdict for r, v in run_text(engine, text, "31.yaml").items()}


def _changed(engine, text, base=BASE):
    a, b = _verdicts(engine, base), _verdicts(engine, text)
    return {r: (a[r], b[r]) for r in a if a[r] != b[r]}


def _touch(text):
    assert "\n業務委託:\n" in text and "個人情報の取扱い:" not in text
    return text.replace("\n業務委託:\n", "\n" + TOUCH, 1)


def _named(text):
    return text.replace("  - 範囲: >-\n", "  - 再委託先: 株式会社再委託テスト\n    範囲: >-\n", 1)


def test_the_real_case_asks_what_the_seed_does_not_say(engine):
    got = _verdicts(engine, BASE)
    # the seed names no 再委託先 and does not say the contractor touches the data
    assert got["TOKKI-10"] == got["MN-ITAKU-SUB-GYOMU"] == got["MN-ITAKU-SUPERVISE-GYOMU"] == "要確認"
    assert got["MN-ITAKU-SUB"] == got["MN-ITAKU-SUPERVISE"] == "対象外"  # nothing is written twice on the 番号法 sheet


def test_contractor_touching_the_data_is_judged_from_the_itaku_sheet(engine):
    # 監督: the row 立入調査等及び状況報告 is ○ (read off the diagram); 許諾: the 再委託先 is still unnamed
    assert _changed(engine, _touch(BASE)) == {"MN-ITAKU-SUPERVISE-GYOMU": ("要確認", "適合")}


def test_an_unnamed_subcontractor_cannot_be_consented(engine):
    text = _named(_touch(BASE))
    assert _changed(engine, text, _touch(BASE)) == {"MN-ITAKU-SUB-GYOMU": ("要確認", "適合")}
    v = run_text(engine, text)["MN-ITAKU-SUB-GYOMU"]
    assert v.cite == "番号法 第10条第1項" and ("業務委託.再委託[1].区の承諾", True) in v.facts


def test_no_consent_is_refused_under_both_bodies_of_rules(engine):
    named = _named(_touch(BASE))
    text = named.replace("    区の承諾: あり\n", "    区の承諾: なし\n", 1)
    assert _changed(engine, text, named) == {
        "MN-ITAKU-SUB-GYOMU": ("適合", "不適合"),
        "TOKKI-10": ("要確認", "不適合"),
    }


def test_supervision_marked_not_needed_is_refused(engine):
    text = _touch(BASE).replace("    立入調査等及び状況報告: ○\n", "    立入調査等及び状況報告: ー（テストのため不要とした）\n", 1)
    changed = _changed(engine, text, _touch(BASE))
    assert changed["MN-ITAKU-SUPERVISE-GYOMU"] == ("適合", "不適合")


def test_contractor_not_touching_the_data_is_out_of_scope(engine):
    text = BASE.replace("\n業務委託:\n", "\n業務委託:\n  個人情報の取扱い:\n    個人情報への接触: なし\n", 1)
    changed = _changed(engine, text)
    assert changed["MN-ITAKU-SUB-GYOMU"] == ("要確認", "対象外")
    assert changed["MN-ITAKU-SUPERVISE-GYOMU"] == ("要確認", "対象外")


def test_without_mynumber_the_rules_do_not_apply(engine):
    text = _named(_touch(BASE)).replace("個人番号の取扱い: あり", "個人番号の取扱い: なし", 1)
    got = _verdicts(engine, text)
    assert got["MN-ITAKU-SUB-GYOMU"] == got["MN-ITAKU-SUPERVISE-GYOMU"] == "対象外"
    assert got["TOKKI-10"] == "要確認"  # 特記事項の適用 is still not said
