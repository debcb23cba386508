"""Issue 18: a 根拠 read into provisions and judged by what each allows on the 付議日, by mutation of real cases.

Each test takes a real case file (corpus №5 警視庁への外部提供, №23 学術研究の外部提供, №35 事務の追加 = seed 000,
seed 004 災害弔慰金の情報連携), changes one fact, and asserts exactly which verdicts change, to what, and (where it
matters) how the 根拠 was read. The table of provisions is rules/法令/ (docs/law-texts.md for the texts).
"""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import CASES, RULES, invoke, replace_line, run_text
from checker.model.citation import read

N5 = CASES / "令和5年度" / "2023-07-28" / "05_要保護児童対策地域協議会→警視庁への提供.yaml"
N35 = CASES / "令和5年度" / "2023-12-21" / "35_団体内統合宛名等システム及び中間サーバ（事務の追加）.yaml"
S004 = CASES / "seeds" / "004_ぴったり電子申請_災害弔慰金.yaml"


def _verdicts(engine, text):
    return {r: v.verdict for r, v in run_text(engine, text, "m.yaml").items()}


def changed(engine, before: str, after: str) -> dict:
    """The verdicts that move; the citations must not (a 根拠 changes what is judged, never which article is cited)."""
    a, b = run_text(engine, before, "m.yaml"), run_text(engine, after, "m.yaml")
    assert {r: (a[r].cite, b[r].cite) for r in a if a[r].cite != b[r].cite} == {}
    return {r: (a[r].verdict, b[r].verdict) for r in a if a[r].verdict != b[r].verdict}


def rows(engine, text, place_attr):
    """The readings of the first entry of a 番号法 list, or of 外部提供 (place_attr None)."""
    from checker.input.loader import load_case_text

    c = load_case_text(text, "m.yaml")
    engine.run([("m", c)])
    e = c.teikyo if place_attr is None else getattr(c.mynumber, place_attr)[0]
    return [(r.act, r.provision, r.outcome) for r in e.readings or []]


# --- the parser: Japanese as people write it ------------------------------------------------------------------------

NAMES = {"番号法": "番号法", "個人情報の保護に関する法律": "個人情報保護法", "個人情報保護法": "個人情報保護法", "利用条例": "利用条例",
         "新宿区における個人番号の利用及び特定個人情報の提供に関する条例施行規則": "利用条例施行規則", "利用条例施行規則": "利用条例施行規則"}


@pytest.mark.parametrize("text,default,want", [
    ("第十九条第八号", "番号法", ["番号法 第19条第8号"]),
    ("番号法第19条第8号", None, ["番号法 第19条第8号"]),
    ("19条8号", "番号法", ["番号法 第19条第8号"]),
    ("法第9条", "番号法", ["番号法 第9条"]),
    ("番号法別表第1の18の項", None, ["番号法 別表第一の18の項"]),
    ("番号法別表八十二の二の項", None, ["番号法 別表の82の2の項"]),
    ("番号法第9条第1項 同条第2項", None, ["番号法 第9条第1項", "番号法 第9条第2項"]),
    ("番号法第19条第8号及び第11号", None, ["番号法 第19条第8号", "番号法 第19条第11号"]),
    ("番号法第19条第1号から第3号まで", None, ["番号法 第19条第1号", "番号法 第19条第2号", "番号法 第19条第3号"]),
    ("個人情報の保護に関する法律第６９条第２項第３号", None, ["個人情報保護法 第69条第2項第3号"]),
    ("個人情報保護法第69条第1項・第2項第4号", None, ["個人情報保護法 第69条第1項", "個人情報保護法 第69条第2項第4号"]),
    ("児童虐待の防止等に関する法律第13条の4", None, ["児童虐待の防止等に関する法律 第13条の4"]),
    ("利用条例（施行規則を改正して追加）", None, ["利用条例", "利用条例施行規則（本件の改正による）"]),
    ("番号法第19条第8号に基づく命令（令和6年デジタル庁・総務省令第9号）", None, ["番号法 第19条第8号"]),
])
def test_a_basis_is_read_as_people_write_it(text, default, want):
    r = read(text, NAMES, default)
    assert [str(x) for x in r.refs] == want and not r.unread


def test_what_cannot_be_read_is_named():
    r = read("情報提供ネットワークシステムを介した情報連携", NAMES)
    assert r.refs == [] and r.unread == ["情報提供ネットワークシステムを介した情報連携"]
    r = read("第19条第8号", NAMES)  # no law named, and none given by the form
    assert r.refs == [] and r.unread and "どの法令" in r.unread[0]


# --- 情報連携 of seed 004 (法定事務, 第19条第8号 and its 主務省令, 付議日 令和6年5月27日〜令和7年2月15日) -----------------

def _s004(basis: str) -> str:
    text = S004.read_text(encoding="utf-8")
    out = text.replace("根拠: 番号法第19条第8号に基づく利用特定個人情報の提供に関する命令（令和6年デジタル庁・総務省令第9号）", f"根拠: {basis}")
    assert out != text
    return out


def test_s004_is_decided_by_its_19_8(engine):
    text = S004.read_text(encoding="utf-8")
    assert run_text(engine, text, "004.yaml")["MN-LINK-HOTEI"].verdict == "適合"
    assert rows(engine, text, "network_links") == [("情報連携（法定事務）", "番号法 第19条第8号", "許す"), ("情報連携（法定事務）", "主務省令", "許す")]


@pytest.mark.parametrize("basis,expect", [
    ("番号法第19条第99号", {"MN-LINK-HOTEI": ("適合", "不適合")}),  # a 号 that does not exist (第17号 まで)
    ("番号法第19条第11号", {"MN-LINK-HOTEI": ("適合", "不適合")}),  # a 号 that does not allow network linkage
    ("番号法第19条第3号", {"MN-LINK-HOTEI": ("適合", "不適合")}),  # 本人 → 実施者
    ("番号法別表第二", {"MN-LINK-HOTEI": ("適合", "不適合")}),  # abolished on 2024-05-27
    ("情報提供ネットワークシステムによる情報連携", {"MN-LINK-HOTEI": ("適合", "要確認")}),  # nothing to read
    ("番号法", {"MN-LINK-HOTEI": ("適合", "要確認")}),  # which 号?
    ("番号法第十九条第八号", {}),  # the same provision, written in kanji
    ("第19条第8号", {}),  # 番号法's sheet: the law of the form
    ("新宿区における個人番号の利用及び特定個人情報の提供に関する条例施行規則", {"MN-LINK-HOTEI": ("適合", "不適合")}),  # a 法定事務 is not linked by the 施行規則
])
def test_s004_linkage_stands_on_what_its_basis_allows(engine, basis, expect):
    base = S004.read_text(encoding="utf-8")
    assert changed(engine, base, _s004(basis)) == expect


def test_s004_a_catalogue_miss_is_asked_never_refused(engine):
    base = S004.read_text(encoding="utf-8")
    head, _, tail = base.partition("  情報連携:\n")
    text = head + "  情報連携:\n" + re.sub(r"事務: [^\n]+", "事務: 新しく情報連携する事務", tail, count=1)
    assert text != base
    got = changed(engine, base, text)
    assert got.get("MN-LINK-CATALOG") == ("適合", "要確認") and "MN-LINK-HOTEI" not in got


# --- 個人番号利用事務 of №35 (seed 000): 事務 the proposal itself adds to the 施行規則 -------------------------------------

KISOKU_ADD = "新宿区における個人番号の利用及び特定個人情報の提供に関する条例施行規則（改正して追加）"


def test_n35_cannot_authorise_itself(engine):
    text = N35.read_text(encoding="utf-8")
    got = run_text(engine, text, "35.yaml")
    assert got["MN-USE-DOKUJI"].verdict == "要確認"
    assert got["MN-USE-CATALOG"].verdict == "要確認"  # the catalogue's entries are this proposal's own (pending)
    assert got["MN-INTERNAL-CATALOG"].verdict == "要確認"
    assert rows(engine, text, "uses") == [("独自利用事務での利用", "利用条例施行規則（本件の改正による）", "確かめる")]


def test_n35_with_the_enforcement_day_stated(engine):
    base = N35.read_text(encoding="utf-8")
    text = base.replace(f"      根拠: {KISOKU_ADD}\n", f"      根拠: {KISOKU_ADD}\n      施行日: 令和6年10月1日\n")
    assert text.count("施行日") == 9
    assert changed(engine, base, text) == {"MN-USE-DOKUJI": ("要確認", "適合")}


@pytest.mark.parametrize("basis,expect", [
    ("新宿区子どもの医療費の助成に関する条例", "不適合"),  # an ordinance that is not the 利用条例
    ("番号法別表第一の十五の項", "不適合"),  # the law's table: a 法定事務's basis
    ("利用条例", "要確認"),  # the 利用条例 lists its 事務 by the 施行規則: which entry?
    ("新宿区における個人番号の利用及び特定個人情報の提供に関する条例施行規則", "適合"),  # an entry in force
])
def test_n35_one_jimu_on_another_basis(engine, basis, expect):
    base = N35.read_text(encoding="utf-8")
    dated = base.replace(f"      根拠: {KISOKU_ADD}\n", f"      根拠: {KISOKU_ADD}\n      施行日: 令和6年10月1日\n")
    text = dated.replace(f"      根拠: {KISOKU_ADD}\n      施行日: 令和6年10月1日\n", f"      根拠: {basis}\n", 1)
    got = changed(engine, dated, text)
    assert got == ({} if expect == "適合" else {"MN-USE-DOKUJI": ("適合", expect)})


def test_n35_linkage_on_a_nonexistent_item_is_refused(engine):
    base = N35.read_text(encoding="utf-8")
    text = base.replace("      根拠: 利用条例（施行規則を改正して追加）\n", "      根拠: 番号法第19条第99号\n")
    assert text != base
    assert changed(engine, base, text) == {"MN-LINK-DOKUJI": ("要確認", "不適合")}


# --- 外部提供 of №5 (警視庁, 個人情報保護法 第69条第2項第3号, no 個人番号) ----------------------------------------------------

def _n5() -> str:
    return N5.read_text(encoding="utf-8")


THIRD_GONE = {"KOJIN-TEIKYO-3": ("適合", "対象外"), "TEIKYO-CONS-01": ("適合", "対象外")}


@pytest.mark.parametrize("basis,expect", [
    ("個人情報の保護に関する法律第６９条第２項第５号", {"KOJIN-TEIKYO-BASIS": ("適合", "不適合"), **THIRD_GONE}),  # no 第5号
    ("個人情報の保護に関する法律第７０条", {"KOJIN-TEIKYO-BASIS": ("適合", "不適合"), **THIRD_GONE}),  # measures, not a basis
    ("個人情報の保護に関する法律第６９条第２項第２号", {"KOJIN-TEIKYO-BASIS": ("適合", "不適合"), **THIRD_GONE}),  # internal use
    ("新宿区個人情報保護条例", {"KOJIN-TEIKYO-BASIS": ("適合", "不適合"), **THIRD_GONE}),  # abolished 2023-03-31
    ("個人情報の保護に関する法律第６９条第１項", {"KOJIN-TEIKYO-BASIS": ("適合", "要確認"), **THIRD_GONE}),  # which law?
    ("児童虐待の防止等に関する法律第13条の4", {"KOJIN-TEIKYO-BASIS": ("適合", "要確認"), **THIRD_GONE}),  # in the table: its recipients are to be checked
    ("児童福祉法第25条の3", {"KOJIN-TEIKYO-BASIS": ("適合", "要確認"), **THIRD_GONE}),  # a law not in the table
    ("協定に基づく", {"KOJIN-TEIKYO-BASIS": ("適合", "要確認"), "KOJIN-TEIKYO-3": ("適合", "要確認"), "KOJIN-TEIKYO-4": ("対象外", "要確認"),
                 "TEIKYO-CONS-01": ("適合", "要確認")}),  # nothing to read (as №21): which 号 is not known
    ("個人情報保護法第69条第2項第3号", {}),  # the same provision, written otherwise
])
def test_n5_basis_of_a_provision(engine, basis, expect):
    assert changed(engine, _n5(), replace_line(_n5(), "根拠規定", basis)) == expect


def test_n5_a_specific_law_in_the_table_is_read_as_69_1(engine, tmp_path):
    """「法令に基づく場合」: the law's provision, once the secretariat puts it in the table, is the basis. The table holds
    児童虐待防止法 第13条の4 with the recipients to be checked (要確認); a secretariat that decides them allows it (適合)."""
    from checker.engine import Engine
    from checker.rules import load_rulebook

    text = replace_line(_n5(), "根拠規定", "個人情報保護法第69条第1項（児童虐待の防止等に関する法律第13条の4）")
    assert rows(engine, text, None)[:2] == [("保有個人情報の提供", "個人情報保護法 第69条第1項", "確かめる"),
                                            ("保有個人情報の提供", "児童虐待の防止等に関する法律 第13条の4", "確かめる")]
    assert run_text(engine, text, "m.yaml")["KOJIN-TEIKYO-BASIS"].verdict == "要確認"
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "法令" / "児童虐待防止法.yaml").write_text(
        "instrument: 児童虐待の防止等に関する法律\ncitation: 児童虐待の防止等に関する法律\ncitation_status: verified\n"
        "names: [児童虐待防止法]\nsource: test\nprovisions:\n"
        "- {provision: 第13条の4, allows: [保有個人情報の提供], status: unverified, source: test}\n", encoding="utf-8")
    own = Engine(load_rulebook([rules]))
    got = run_text(own, text, "m.yaml")
    assert got["KOJIN-TEIKYO-BASIS"].verdict == "適合" and got["KOJIN-TEIKYO-3"].verdict == "対象外"
    assert rows(own, text, None)[1] == ("保有個人情報の提供", "児童虐待の防止等に関する法律 第13条の4", "許す")


def test_n5_within_the_purpose_is_its_own_path(engine):
    text = replace_line(_n5(), "根拠規定", None).replace("\n外部提供:\n", "\n外部提供:\n  利用目的の範囲内: あり\n", 1)
    got = changed(engine, _n5(), text)
    assert "KOJIN-TEIKYO-BASIS" not in got  # still 適合, now on the purpose
    # within the purpose: no 第69条第2項 号 is used (their rules 対象外), and 第71条 does not reach it
    assert got == {**THIRD_GONE, "KOJIN-TEIKYO-ABROAD": ("要確認", "対象外")}


def _abroad(text: str, where: str) -> str:
    return text.replace("\n外部提供:\n", f"\n外部提供:\n  提供先の所在: {where}\n", 1)


def test_n5_a_recipient_abroad_needs_article_71(engine):
    base = _n5()
    assert changed(engine, base, _abroad(base, "国内")) == {"KOJIN-TEIKYO-ABROAD": ("要確認", "対象外")}
    assert changed(engine, base, _abroad(base, "国外")) == {"KOJIN-TEIKYO-ABROAD": ("要確認", "不適合")}  # 第3号 is no basis abroad
    with71 = replace_line(_abroad(base, "国外"), "根拠規定", "個人情報保護法第69条第2項第3号及び第71条第1項")
    got = run_text(engine, with71, "m.yaml")
    assert got["KOJIN-TEIKYO-ABROAD"].verdict == "要確認"  # consent / listed country / 体制: a person checks


# --- 特定個人情報 on №5: the 号 of 第19条 must exist and allow this recipient and means -----------------------------------

def _mn(basis: str, extra: str = "") -> str:
    text = re.sub(r"(?m)^個人番号の取扱い: .*$", "個人番号の取扱い: あり", _n5())
    text = replace_line(text, "根拠規定", basis)
    return text.replace("\n外部提供:\n", "\n外部提供:\n  特定個人情報の提供: あり\n" + extra, 1)


@pytest.mark.parametrize("basis,extra,expect", [
    ("番号法第19条第99号", "", "不適合"),  # does not exist
    ("番号法第19条第3号", "", "不適合"),  # 本人 provides, not the ward
    ("番号法第19条第6号", "", "不適合"),  # 委託: another form
    ("番号法第19条第8号", "  情報提供ネットワークシステムの使用: なし\n", "不適合"),  # 第8号 only through the network
    ("番号法第19条第8号", "  情報提供ネットワークシステムの使用: あり\n", "適合"),
    ("番号法第19条第8号", "", "要確認"),  # the means is not said
    ("番号法第19条第15号", "", "要確認"),  # 捜査 etc.: a person checks
    ("番号法第19条第11号、利用条例第4条", "  提供先の種別: 区の他の機関\n", "適合"),
    ("番号法第19条第11号、利用条例第4条", "", "不適合"),  # 警視庁 is 行政機関等, not another organ of the ward
    ("番号法第19条第11号", "  提供先の種別: 区の他の機関\n", "要確認"),  # the 条例's provision is not named
])
def test_n5_mynumber_item_of_article_19(engine, basis, extra, expect):
    text = _mn(basis, extra)
    if "提供先の種別: 区の他の機関" in extra:
        text = text.replace("  提供先の種別: 行政機関等\n", "", 1)
    assert run_text(engine, text, "m.yaml")["MN-19-TEIKYO"].verdict == expect


# --- over the corpus: no 適合 stands on a 根拠 naming no provision of the table -------------------------------------------

BASIS_RULES = {"MN-USE-HOTEI", "MN-USE-DOKUJI", "MN-INTERNAL-USE", "MN-19-ORGAN", "MN-19-TEIKYO", "MN-LINK-HOTEI",
               "MN-LINK-DOKUJI", "KOJIN-TEIKYO-BASIS", "KOJIN-TEIKYO-ABROAD"}
TEIKYO_ACT = {"根拠の判定": "保有個人情報の提供", "番号法の根拠の判定": "特定個人情報の提供", "外国への提供の根拠の判定": "外国にある第三者への提供"}
LISTS = {"個人番号利用事務": "uses", "庁内連携": "internal_links", "情報連携": "network_links"}


def _passes_stand_on_the_table(book, runs) -> int:
    """Every 適合 of a rule that reads a 根拠 stands on a judgement that is true, and that judgement on a reading row
    許す whose provision is one of the table's instruments — never on a text the table does not know. Returns the count."""
    table = book.provisions
    checked = 0
    for run in runs:
        c = run.case
        for v in run.verdicts:
            if v.rule_id not in BASIS_RULES or v.verdict != "適合":
                continue
            for path, val in v.facts:
                if not path.endswith("の判定"):
                    continue
                assert val is True, (run.case_id, v.rule_id, path, val)
                m = re.match(r"番号法\.(\w+)\[(\d+)\]\.根拠の判定$", path)
                if m:
                    entry = getattr(c.mynumber, LISTS[m.group(1)])[int(m.group(2)) - 1]
                    rows_ = entry.readings or []
                else:
                    act = TEIKYO_ACT[path.split(".")[-1]]
                    rows_ = [r for r in c.teikyo.readings or [] if r.act == act]
                allowed = [r for r in rows_ if r.outcome == "許す"]
                assert allowed and all(r.provision.split(" ")[0].split("（")[0] in table.instruments for r in allowed), \
                    (run.case_id, v.rule_id, path, [(r.provision, r.outcome) for r in rows_])
                checked += 1
    return checked


def test_no_pass_rests_on_a_basis_outside_the_table_in_the_corpus(book, engine):
    from checker.input.loader import load_case

    files = sorted(p for p in CASES.rglob("*.yaml") if not p.name.startswith("_"))
    runs = engine.run([(str(f), load_case(f)) for f in files])
    assert _passes_stand_on_the_table(book, runs) >= 2  # seed 004's linkage, №5 and №23's provisions


@pytest.mark.slow
def test_no_pass_rests_on_a_basis_outside_the_table_in_generated_cases(book, engine):
    from benchmarks.generate import cases
    from checker.model import Case

    runs = engine.run([(f"g{i}", Case.model_validate(d)) for i, d in enumerate(cases(3000, seed=18))])
    assert _passes_stand_on_the_table(book, runs) > 100


# --- 提供の時期 (issue 18.5): read into a start and an end, the order checked ---------------------------------------------

@pytest.mark.parametrize("timing,expect", [
    ("令和6年4月1日から令和5年3月31日まで", {"SEI-13": ("対象外", "不適合")}),  # reversed
    ("令和5年8月1日から令和6年3月31日まで", {"SEI-13": ("対象外", "適合")}),
    ("令和5年8月1日から", {}),  # open: nothing can be reversed
    ("いつか", {"SEI-13": ("対象外", "要確認")}),  # no date to read
])
def test_n5_period_of_provision(engine, timing, expect):
    base = _n5()
    assert "  提供の時期: 随時または例月\n" in base  # 「随時」: no end, 対象外 as it stands
    assert changed(engine, base, base.replace("  提供の時期: 随時または例月\n", f"  提供の時期: {timing}\n")) == expect


def test_n21_dates_of_provisions_made_are_no_period():
    """№21 lists the days it provided (a report of provisions made): no end to reverse, 対象外."""
    from checker.input.loader import load_case

    (n21,) = (CASES / "令和5年度" / "2023-10-20").glob("21_*.yaml")
    c = load_case(n21)
    assert c.consistency.teikyo_period_order == "期限なし" and str(c.teikyo.start) .startswith("令和4年10月5日")


def test_a_written_basis_that_does_not_decide_says_why(engine, tmp_path):
    """An unreadable 根拠 is 要確認 naming it: the verdict says what could not be read, and 直すこと asks to rewrite it (not to
    write something already written)."""
    text = _s004("情報提供ネットワークシステムによる情報連携")
    v = run_text(engine, text, "m.yaml")["MN-LINK-HOTEI"]
    assert v.verdict == "要確認"
    assert v.explanation() == ("書かれた根拠「情報提供ネットワークシステムによる情報連携」からは判断できません"
                               "（情報提供ネットワークシステムによる情報連携: 読み取れない（法令名と条・項・号を書く））")
    f = tmp_path / "004x.yaml"
    f.write_text(text, encoding="utf-8")
    out = invoke("check", f, cwd=None, text=True).stdout
    assert "? 番号法.情報連携[1].根拠 を書き直す（根拠の読み を見る。" in out
    assert "根拠の読み:" in out and "（不明）" not in out


@pytest.mark.parametrize("body,says", [
    ("instrument: X\ncitation_status: seed\nsource: s\nprovisions: []\n", "citation"),
    ("instrument: X\ncitation: X\ncitation_status: seed\nsource: s\nprovisions:\n- {provision: 第1条, allows: [a], source: s}\n", "status"),
    ("instrument: X\ncitation: X\ncitation_status: seed\nsource: s\nprovisions:\n- {provision: 第1条, allows: [{a: {外部提供.ない: true}}], status: seed, source: s}\n", "ない"),
])
def test_a_bad_table_of_provisions_is_an_input_error_at_its_line(tmp_path, body, says):
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "法令" / "X.yaml").write_text(body, encoding="utf-8")
    out = invoke("rules", "--verify", "--rules", rules, cwd=None, text=True)
    assert out.returncode == 2 and "X.yaml:" in out.stderr and says in out.stderr and "Traceback" not in out.stderr
