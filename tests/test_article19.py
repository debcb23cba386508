"""番号法 第19条 family and the basis of an 外部提供, by mutation of a real case (issue 12, classes 1–3).

Each test takes corpus №5 (要保護児童対策地域協議会 → 警視庁, 個人情報保護法 第69条第2項第3号, no 個人番号), changes one or
two facts, and asserts exactly which verdicts change, and to what. 特定個人情報 never leaves the ward on consent or
on 第69条 (law-notes §2: 第19条柱書, 第30条); 第69条第2項第2号 is internal use, never a basis for providing.
"""
from __future__ import annotations

import re

import pytest

from conftest import CASES, replace_line, run_text

N5 = CASES / "令和5年度" / "2023-07-28" / "05_要保護児童対策地域協議会→警視庁への提供.yaml"


def _base() -> str:
    text = N5.read_text(encoding="utf-8")
    return re.sub(r"(?m)^個人番号の取扱い: .*$", "個人番号の取扱い: なし", text) if "個人番号の取扱い:" in text else text


def _verdicts(engine, text):
    return {r: v.verdict for r, v in run_text(engine, text, "05.yaml").items()}


def _changed(engine, text):
    before, after = _verdicts(engine, _base()), _verdicts(engine, text)
    return {r: (before[r], after[r]) for r in before if before[r] != after[r]}


# a case that handles 個人番号 and lists no 事務 using it: the 利用 rules ask for the list (MN-USE-LISTED) and cannot
# judge the 事務 they would check
USE_ASKED = {r: ("対象外", "要確認") for r in ("MN-USE-LISTED", "MN-USE-HOTEI", "MN-USE-DOKUJI", "MN-USE-CATALOG", "MN-USE-KIND")}
NOT_3RD = {"KOJIN-TEIKYO-3": ("適合", "対象外"), "TEIKYO-CONS-01": ("適合", "対象外")}  # no longer a 第3号 provision


def _with_mynumber(text: str, basis: str) -> str:
    text = re.sub(r"(?m)^個人番号の取扱い: .*$", "個人番号の取扱い: あり", text)
    text = replace_line(text, "根拠規定", basis)
    return text.replace("\n外部提供:\n", "\n外部提供:\n  特定個人情報の提供: あり\n", 1)


def test_the_real_case_is_decided(engine):
    got = _verdicts(engine, _base())
    assert got["KOJIN-TEIKYO-BASIS"] == got["KOJIN-TEIKYO-3"] == "適合"
    assert got["MN-19-TEIKYO"] == got["KOJIN-TEIKYO-MN"] == "対象外"  # no 個人番号


def test_mynumber_on_article_69_2_3_is_refused_by_19_and_30(engine):
    text = _with_mynumber(_base(), "個人情報の保護に関する法律第６９条第２項第３号")
    assert _changed(engine, text) == {
        "MN-19-TEIKYO": ("対象外", "不適合"),
        "KOJIN-TEIKYO-MN": ("対象外", "不適合"),
        **USE_ASKED,
    }


@pytest.mark.parametrize("basis", ["本人の同意（個人情報の保護に関する法律第６９条第２項第１号）", "個人情報の保護に関する法律第６９条第１項"])
def test_mynumber_on_consent_or_69_1_is_refused(engine, basis):
    changed = _changed(engine, _with_mynumber(_base(), basis))
    assert changed["MN-19-TEIKYO"] == ("対象外", "不適合")
    # 第30条 excludes 第69条第2項第2〜4号 only (KOJIN-TEIKYO-MN passes); 第19条 refuses the rest. 第69条第1項 alone names
    # no law (「法令に基づく場合」: which law?), so the basis of the provision itself is to be checked
    basis_moves = {"KOJIN-TEIKYO-BASIS": ("適合", "要確認")} if "第１項" in basis else {}
    assert changed == {"MN-19-TEIKYO": ("対象外", "不適合"), "KOJIN-TEIKYO-MN": ("対象外", "適合"), **NOT_3RD, **USE_ASKED, **basis_moves}


def test_mynumber_on_a_19th_article_item_is_judged_by_what_the_item_allows(engine):
    """第19条第8号 allows provision only through the 情報提供ネットワークシステム: stated → 適合, not → 不適合, unsaid → 要確認."""
    text = _with_mynumber(_base(), "行政手続における特定の個人を識別するための番号の利用等に関する法律第１９条第８号")
    asked = {"MN-19-TEIKYO": ("対象外", "要確認"), "KOJIN-TEIKYO-MN": ("対象外", "適合"), "KOJIN-TEIKYO-BASIS": ("適合", "要確認"),
             **NOT_3RD, **USE_ASKED}
    assert _changed(engine, text) == asked
    net = text.replace("  特定個人情報の提供: あり\n", "  特定個人情報の提供: あり\n  情報提供ネットワークシステムの使用: {}\n", 1)
    assert net != text
    got = run_text(engine, net.format("あり"))
    assert got["MN-19-TEIKYO"].verdict == got["KOJIN-TEIKYO-BASIS"].verdict == "適合"
    v = got["MN-19-TEIKYO"]
    assert ("外部提供.番号法の根拠の判定", True) in v.facts and v.cite == "番号法 第19条"
    assert run_text(engine, net.format("なし"))["MN-19-TEIKYO"].verdict == "不適合"


def test_two_items_named_at_once_are_asked(engine):
    text = _with_mynumber(_base(), "番号法第19条第8号及び第9号")
    assert _changed(engine, text)["MN-19-TEIKYO"] == ("対象外", "要確認")


def test_mynumber_provision_not_stated_is_asked(engine):
    text = re.sub(r"(?m)^個人番号の取扱い: .*$", "個人番号の取扱い: あり", _base())
    changed = _changed(engine, text)
    assert changed["MN-19-TEIKYO"] == ("対象外", "要確認")  # whether 特定個人情報 is provided is not said
    assert changed["KOJIN-TEIKYO-MN"] == ("対象外", "要確認")


def test_internal_use_is_no_basis_for_providing(engine):
    text = replace_line(_base(), "根拠規定", "個人情報の保護に関する法律第６９条第２項第２号")
    assert _changed(engine, text) == {
        "KOJIN-TEIKYO-BASIS": ("適合", "不適合"),
        **NOT_3RD,
    }


def test_no_basis_is_asked(engine):
    text = replace_line(_base(), "根拠規定", None)
    assert _changed(engine, text) == {
        "KOJIN-TEIKYO-BASIS": ("適合", "要確認"),
        "KOJIN-TEIKYO-3": ("適合", "要確認"),  # which 号 the provision rests on decides which 号's conditions apply
        "KOJIN-TEIKYO-4": ("対象外", "要確認"),
        "TEIKYO-CONS-01": ("適合", "要確認"),
    }
