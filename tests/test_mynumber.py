"""番号法 pack: 利用（法定事務・独自利用事務）, 庁内連携, 情報連携 (dated: 別表第二 / 第19条第8号), 委託 (第10条・第11条).

Seeds, as a reader would judge them:
000 (令和5年12月21日): 外国人生活保護事務 and 新宿区子ども医療費助成事業 are added as 区独自の個人番号利用事務 by amending
    the 施行規則 → judged along the 利用条例 path (MN-USE-DOKUJI 適合, MN-USE-HOTEI 対象外); their 庁内連携 is in the
    catalogue (MN-INTERNAL 適合); their network linkage needs a 届出 to the 個人情報保護委員会 that 000 does not mention
    (MN-LINK-DOKUJI 要確認, under the pre-2024-05-27 version); whether NEC touches 特定個人情報 is not said (要確認).
    Seed 000 is the full form of corpus №35 (one file: cases/令和5年度/2023-12-21/35_…), which also carries 003 №35's
    annex: the 7 独自事務 of its 新規事務一覧 (the 事務 that make up ① and ②) — judged on the same path, 適合.
004 (令和6年5月27日〜令和7年2月15日): 災害弔慰金 事務 are 法定事務 linked under 第19条第8号 (MN-LINK-HOTEI 適合, second version).
"""
from __future__ import annotations

import pytest

from conftest import CASES, RULES, run_text, verdict as v

SEEDS = CASES / "seeds"
S000 = CASES / "令和5年度" / "2023-12-21" / "35_団体内統合宛名等システム及び中間サーバ（事務の追加）.yaml"  # corpus №35: seed 000 (the full form) + 003 №35
S002 = SEEDS / "002_子育てワンストップ_平成29.yaml"
S004 = SEEDS / "004_ぴったり電子申請_災害弔慰金.yaml"

HEAD = """\
出典: [test]
件名: 番号法のテスト
区分: [電算処理]
担当課: [情報システム課]
付議日: {date}
個人番号の取扱い: あり
番号法:
"""


def case(body: str, date: str = "令和5年12月21日") -> str:
    return HEAD.format(date=date) + body


def seed(engine, path):
    return run_text(engine, path.read_text(encoding="utf-8"), path.name)


# --- the seeds -------------------------------------------------------------------------------

def test_seed000_added_jimu_follow_the_riyo_jorei_path(engine):
    got = seed(engine, S000)
    assert got["MN-USE-LISTED"].verdict == "適合"
    # the proposal adds these 事務 to the 施行規則 itself: it cannot authorise itself, so 要確認 until the 施行日 is stated
    assert got["MN-USE-DOKUJI"].verdict == "要確認"
    assert got["MN-USE-DOKUJI"].cite.startswith("番号法 第9条第2項・利用条例 第3条")
    # the 2 事務 seed 000 names (①②) and the 7 of 003 №35's 新規事務一覧, each judged once
    assert {val for path, val in got["MN-USE-DOKUJI"].facts if path.endswith(".根拠の判定")} == {None}
    jimu = [val for path, val in got["MN-USE-CATALOG"].facts if path.endswith(".事務")]
    assert jimu[:2] == ["外国人生活保護事務", "新宿区子ども医療費助成事業"] and len(jimu) == len(set(jimu)) == 9
    assert sum(j.startswith("生活保護法第") for j in jimu) == 5 and sum(j.startswith("新宿区子どもの医療費") for j in jimu) == 2
    assert got["MN-USE-HOTEI"].verdict == "対象外"  # no 法定事務 among the added ones
    # the catalogue's entries for these 事務 are this proposal's own (pending: 施行 令和6年10月（予定）): they never pass it
    assert got["MN-USE-CATALOG"].verdict == "要確認" and got["MN-USE-KIND"].verdict == "適合"
    # neither document says whether each 庁内連携 stays inside the 区長's office or goes to another organ
    assert got["MN-INTERNAL-USE"].verdict == got["MN-19-ORGAN"].verdict == "要確認"
    assert got["MN-INTERNAL-CATALOG"].verdict == "要確認"  # this proposal's own addition (pending)
    assert got["MN-LINK-HOTEI"].verdict == "対象外"
    link = got["MN-LINK-DOKUJI"]
    assert link.verdict == "要確認"  # 000 does not say the 独自利用事務 were notified to the 個人情報保護委員会
    assert "個人情報保護委員会への届出" in " ".join(p for p, _ in link.facts)
    assert "〔未検証〕" in link.cite  # the pre-amendment 号 is not verified
    assert got["MN-ITAKU-SUB"].verdict == "要確認"
    assert got["MN-ITAKU-SUPERVISE"].verdict == "要確認"


def test_seed004_saigai_choikin_follows_article_19_8(engine):
    got = seed(engine, S004)
    assert got["MN-USE-HOTEI"].verdict == "要確認"  # 004 calls them 法定事務 but names no 別表 entry
    assert got["MN-USE-CATALOG"].verdict == "適合"  # the names are in the catalogue (a cross-check, not the permission)
    link = got["MN-LINK-HOTEI"]
    assert link.verdict == "適合"
    assert link.cite.startswith("番号法 第19条第8号")
    assert got["MN-LINK-DOKUJI"].verdict == "対象外"
    # no 庁内連携 or 委託 of 特定個人情報 is proposed in 004
    assert got["MN-INTERNAL-USE"].verdict == got["MN-19-ORGAN"].verdict == "対象外"
    assert got["MN-ITAKU-SUB"].verdict == "対象外"


def test_seed004_facts_dated_by_fiscal_year_cannot_pick_the_version(engine):
    import re

    text = re.sub(r"(?m)^付議日: .*$", "付議日: 令和6年度", S004.read_text(encoding="utf-8"))
    assert run_text(engine, text)["MN-LINK-HOTEI"].verdict == "要確認"  # 令和6年度 straddles 2024-05-27


def test_seed002_does_not_say_which_kind_each_linked_jimu_is(engine):
    got = seed(engine, S002)
    assert got["MN-LINK-HOTEI"].verdict == "要確認"
    assert got["MN-LINK-HOTEI"].cite.startswith("番号法 第19条・別表第二")  # 平成29年度: the old text


# --- 利用 --------------------------------------------------------------------------------------

USE = """\
  個人番号利用事務:
    - 事務: {name}
      種別: {kind}
"""
USE_BASIS = USE + "      根拠: {basis}\n"
BEPPYO = "番号法 別表第一（災害弔慰金の支給等に関する法律による事務）"
KISOKU = "新宿区における個人番号の利用及び特定個人情報の提供に関する条例施行規則（改正して追加）"  # added by this proposal
IN_FORCE = "新宿区における個人番号の利用及び特定個人情報の提供に関する条例施行規則"
BEPPYO_15 = "番号法別表第一の十五の項（生活保護法による事務）"  # docs/law-texts.md §2: 生活保護 = 別表第一の十五の項 before 2024-05-27
BEPPYO_23 = "番号法別表二十三の項（生活保護法による事務）"  # and 別表二十三の項 from 2024-05-27


def test_use_listed(engine):
    assert v(engine, case(USE.format(name="外国人生活保護事務", kind="独自利用事務")), "MN-USE-LISTED").verdict == "適合"
    assert v(engine, case("  個人番号利用事務: なし\n"), "MN-USE-LISTED").verdict == "不適合"
    assert v(engine, case("  庁内連携: なし\n"), "MN-USE-LISTED").verdict == "要確認"
    no_number = case(USE.format(name="x", kind="独自利用事務")).replace("個人番号の取扱い: あり", "個人番号の取扱い: なし")
    assert v(engine, no_number, "MN-USE-LISTED").verdict == "対象外"


def test_use_dokuji_stands_on_the_basis_the_case_names(engine):
    """The permission comes from the case's 根拠, not from the catalogue: without it 要確認, whatever the catalogue says."""
    bare = case(USE.format(name="新宿区子ども医療費助成事業", kind="独自利用事務"))
    assert v(engine, bare, "MN-USE-DOKUJI").verdict == "要確認"
    assert v(engine, bare, "MN-USE-CATALOG").verdict == "要確認"  # listed only as this kind of proposal's own addition (pending)
    ok = v(engine, case(USE_BASIS.format(name="新宿区子ども医療費助成事業", kind="独自利用事務", basis=IN_FORCE)), "MN-USE-DOKUJI")
    assert ok.verdict == "適合" and ("番号法.個人番号利用事務[1].根拠の判定", True) in ok.facts
    own = case(USE_BASIS.format(name="新宿区子ども医療費助成事業", kind="独自利用事務", basis=KISOKU))
    assert v(engine, own, "MN-USE-DOKUJI").verdict == "要確認"  # 本件の規則改正による: no 施行日 yet
    assert v(engine, own + "      施行日: 令和6年10月1日\n", "MN-USE-DOKUJI").verdict == "適合"
    ng = v(engine, case(USE_BASIS.format(name="新宿区子ども医療費助成事業", kind="独自利用事務", basis=BEPPYO)), "MN-USE-DOKUJI")
    assert ng.verdict == "不適合" and "施行規則" in ng.rule.remedy


def test_a_name_the_catalogue_lacks_is_to_be_checked_never_refused(engine):
    text = case(USE_BASIS.format(name="新宿区ペット登録事務", kind="独自利用事務", basis=IN_FORCE))
    cat = v(engine, text, "MN-USE-CATALOG")
    assert cat.verdict == "要確認" and "一覧が不完全" in cat.explanation()
    assert v(engine, text, "MN-USE-DOKUJI").verdict == "適合"
    assert v(engine, text, "MN-USE-KIND").verdict == "適合"
    # 児童手当 is a 法定事務 the catalogue happens not to list: never 不適合
    hotei = case(USE_BASIS.format(name="児童手当の支給に関する事務", kind="法定事務", basis="番号法 別表八十一の項（児童手当法による事務）"), date="令和6年6月1日")
    assert {r: v(engine, hotei, r).verdict for r in ("MN-USE-HOTEI", "MN-USE-CATALOG", "MN-USE-KIND")} == {
        "MN-USE-HOTEI": "適合", "MN-USE-CATALOG": "要確認", "MN-USE-KIND": "適合"}


def test_use_hotei_needs_the_beppyo_by_its_dated_name(engine):
    name = "就労自立給付金の支給に関する事務"
    old = v(engine, case(USE_BASIS.format(name=name, kind="法定事務", basis=BEPPYO_15)), "MN-USE-HOTEI")
    assert old.verdict == "適合" and old.cite == "番号法 第9条第1項・別表第一"  # 令和5年12月: before 2024-05-27
    new = v(engine, case(USE_BASIS.format(name=name, kind="法定事務", basis=BEPPYO_23), date="令和6年6月1日"), "MN-USE-HOTEI")
    assert new.verdict == "適合" and new.cite == "番号法 第9条第1項・別表"
    # each name on the other side of 2024-05-27 names a table that does not exist that day
    assert v(engine, case(USE_BASIS.format(name=name, kind="法定事務", basis=BEPPYO_23)), "MN-USE-HOTEI").verdict == "不適合"
    assert v(engine, case(USE_BASIS.format(name=name, kind="法定事務", basis=BEPPYO_15), date="令和6年6月1日"), "MN-USE-HOTEI").verdict == "不適合"
    # 別表第一 without its 項: which 事務 is not said
    assert v(engine, case(USE_BASIS.format(name=name, kind="法定事務", basis=BEPPYO)), "MN-USE-HOTEI").verdict == "要確認"
    assert v(engine, case(USE.format(name="災害援護資金の貸付事務", kind="法定事務")), "MN-USE-HOTEI").verdict == "要確認"
    ng = case(USE_BASIS.format(name="災害援護資金の貸付事務", kind="法定事務", basis=IN_FORCE))
    assert v(engine, ng, "MN-USE-HOTEI").verdict == "不適合"  # a 法定事務 does not stand on the 施行規則


def test_a_kind_the_catalogue_contradicts_is_refused(engine):
    # 災害弔慰金の支給事務 is in the catalogue as 法定事務 (seed 004): written as 独自利用事務 it is a mistake
    text = case(USE_BASIS.format(name="災害弔慰金の支給事務", kind="独自利用事務", basis=IN_FORCE))
    assert v(engine, text, "MN-USE-KIND").verdict == "不適合"
    assert v(engine, text, "MN-USE-CATALOG").verdict == "要確認"


def test_use_kind_unknown_is_never_a_pass(engine):
    text = case("  個人番号利用事務:\n    - 事務: 外国人生活保護事務\n")
    assert v(engine, text, "MN-USE-DOKUJI").verdict == "要確認"
    assert v(engine, text, "MN-USE-HOTEI").verdict == "要確認"
    assert v(engine, text, "MN-USE-CATALOG").verdict == "要確認"


def test_derived_basis_kind_cannot_be_written(tmp_path):
    from checker.errors import InputError
    from checker.input.loader import load_case

    f = tmp_path / "c.yaml"
    f.write_text(case(USE_BASIS.format(name="x", kind="法定事務", basis=BEPPYO) + "      根拠の区分: 番号法\n"), encoding="utf-8")
    with pytest.raises(InputError):
        load_case(f)


# --- 庁内連携: inside one organ it is 利用 (第9条第2項); to another organ it is 提供 (第19条第11号) ----------------

LINK_IN = "  庁内連携:\n    - 事務: 新宿区子ども医療費助成事業\n      提供元: 戸籍住民課\n      情報: 住民票関係情報\n"


def _rules(engine, text, *ids):
    return {r: v(engine, text, r).verdict for r in ids}


def test_internal_link_inside_one_organ_is_use(engine):
    ids = ("MN-INTERNAL-USE", "MN-19-ORGAN", "MN-INTERNAL-CATALOG")
    assert _rules(engine, case(LINK_IN), *ids) == {"MN-INTERNAL-USE": "要確認", "MN-19-ORGAN": "要確認", "MN-INTERNAL-CATALOG": "要確認"}
    same = case(LINK_IN + "      他の機関への提供: なし\n      根拠: 利用条例施行規則 別表\n")
    got = {r: v(engine, same, r) for r in ids}
    assert {r: x.verdict for r, x in got.items()} == {"MN-INTERNAL-USE": "適合", "MN-19-ORGAN": "対象外", "MN-INTERNAL-CATALOG": "要確認"}
    assert got["MN-INTERNAL-USE"].cite.startswith("番号法 第9条第2項")  # 利用, not 第19条
    no_basis = case(LINK_IN + "      他の機関への提供: なし\n")
    assert v(engine, no_basis, "MN-INTERNAL-USE").verdict == "要確認"


def test_internal_link_to_another_organ_is_provision_under_19_11(engine):
    other = case(LINK_IN + "      他の機関への提供: あり\n      根拠: 利用条例施行規則 別表\n")
    r = v(engine, other, "MN-19-ORGAN")
    assert r.verdict == "適合" and r.cite == "番号法 第19条第11号"
    assert v(engine, other, "MN-INTERNAL-USE").verdict == "対象外"
    assert v(engine, case(LINK_IN + "      他の機関への提供: あり\n"), "MN-19-ORGAN").verdict == "要確認"
    # before 2023-04-01 the 号 is not verified: the citation says so and names no number
    old = v(engine, case(LINK_IN + "      他の機関への提供: あり\n      根拠: 利用条例施行規則 別表\n", date="令和4年12月1日"), "MN-19-ORGAN")
    assert old.verdict == "適合" and "〔未検証〕" in old.cite and "第11号" not in old.cite


def test_internal_link_name_unknown_to_the_catalogue_is_to_be_checked(engine):
    ng = case("  庁内連携:\n    - 事務: 新宿区ペット登録事務\n      提供元: 戸籍住民課\n      他の機関への提供: なし\n      根拠: 利用条例施行規則\n")
    assert _rules(engine, ng, "MN-INTERNAL-USE", "MN-INTERNAL-CATALOG") == {"MN-INTERNAL-USE": "適合", "MN-INTERNAL-CATALOG": "要確認"}


# --- 情報連携: two dated versions --------------------------------------------------------------

LINK = """\
  情報連携:
    - 事務: {name}
      種別: {kind}
"""


def test_link_hotei_before_and_after_2024_05_27(engine):
    """The 根拠 decides, read on the 付議日; the catalogue only cross-checks (MN-LINK-CATALOG: a name it lacks is 要確認)."""
    saigai = LINK.format(name="災害弔慰金の支給等に関する事務", kind="法定事務") + "      根拠: {basis}\n"
    old, new = "番号法第19条第8号・別表第二", "番号法第19条第8号に基づく利用特定個人情報の提供に関する命令"
    before = v(engine, case(saigai.format(basis=old), "令和6年5月26日"), "MN-LINK-HOTEI")
    after = v(engine, case(saigai.format(basis=new), "令和6年5月27日"), "MN-LINK-HOTEI")
    assert before.verdict == "適合" and before.cite.startswith("番号法 第19条・別表第二")
    assert after.verdict == "適合" and after.cite.startswith("番号法 第19条第8号")
    assert v(engine, case(saigai.format(basis="番号法別表第二"), "令和6年5月27日"), "MN-LINK-HOTEI").verdict == "不適合"  # abolished
    assert v(engine, case(LINK.format(name="災害弔慰金の支給等に関する事務", kind="法定事務"), "令和6年5月27日"), "MN-LINK-HOTEI").verdict == "要確認"
    jido = LINK.format(name="児童手当", kind="法定事務") + f"      根拠: {new}\n"
    assert v(engine, case(jido, "令和6年6月1日"), "MN-LINK-HOTEI").verdict == "適合"
    assert v(engine, case(jido, "令和6年6月1日"), "MN-LINK-CATALOG").verdict == "要確認"  # not (yet) in the 主務省令 catalogue: never 不適合


def test_link_dokuji_needs_the_notification(engine):
    base = LINK.format(name="外国人生活保護事務", kind="独自利用事務") + "      根拠: 番号法第19条第9号、利用条例施行規則\n"
    ok = v(engine, case(base + "      個人情報保護委員会への届出: あり\n", "令和6年10月1日"), "MN-LINK-DOKUJI")
    assert ok.verdict == "適合" and ok.cite.startswith("番号法 第19条第9号")
    assert v(engine, case(base + "      個人情報保護委員会への届出: なし\n", "令和6年10月1日"), "MN-LINK-DOKUJI").verdict == "不適合"
    assert v(engine, case(base, "令和6年10月1日"), "MN-LINK-DOKUJI").verdict == "要確認"
    # 第9号 alone: the 条例's provision is not named
    only19 = base.replace("番号法第19条第9号、利用条例施行規則", "番号法第19条第9号") + "      個人情報保護委員会への届出: あり\n"
    assert v(engine, case(only19, "令和6年10月1日"), "MN-LINK-DOKUJI").verdict == "要確認"
    other = base.replace("外国人生活保護事務", "新宿区ペット登録事務") + "      個人情報保護委員会への届出: あり\n"
    assert v(engine, case(other, "令和6年10月1日"), "MN-LINK-DOKUJI").verdict == "適合"
    assert v(engine, case(other, "令和6年10月1日"), "MN-LINK-CATALOG").verdict == "要確認"


# --- 委託 (第10条・第11条) and the cloud operator ------------------------------------------------

ITAKU = """\
  特定個人情報ファイルの取扱いの委託:
    - 委託事項: 住民記録システムの運用保守
      委託先: 委託事業者
      特定個人情報へのアクセス: あり
      再委託の有無: あり
      再委託の許諾: {perm}
      委託先の監督: {sup}
"""
CLOUD = """\
  特定個人情報ファイルの取扱いの委託:
    - 委託事項: ガバメントクラウドの利用
      委託先: クラウドサービス事業者
      特定個人情報へのアクセス: なし
      再委託の有無: あり
"""


def test_subcontract_needs_permission(engine):
    assert v(engine, case(ITAKU.format(perm="あり", sup="あり")), "MN-ITAKU-SUB").verdict == "適合"
    assert v(engine, case(ITAKU.format(perm="なし", sup="あり")), "MN-ITAKU-SUB").verdict == "不適合"
    assert v(engine, case(ITAKU.format(perm="不明", sup="あり")), "MN-ITAKU-SUB").verdict == "要確認"


def test_supervision(engine):
    assert v(engine, case(ITAKU.format(perm="あり", sup="あり")), "MN-ITAKU-SUPERVISE").verdict == "適合"
    assert v(engine, case(ITAKU.format(perm="あり", sup="なし")), "MN-ITAKU-SUPERVISE").verdict == "不適合"


def test_cloud_operator_without_access_is_not_a_contractor(engine):
    got = run_text(engine, case(CLOUD))
    assert got["MN-ITAKU-SUB"].verdict == "対象外"
    assert got["MN-ITAKU-SUPERVISE"].verdict == "対象外"
    # beside a real contractor, the cloud entry never makes the rule fail
    both = case(ITAKU.format(perm="あり", sup="あり") + CLOUD.split("\n", 1)[1])
    assert run_text(engine, both)["MN-ITAKU-SUB"].verdict == "適合"


# --- the catalogue -----------------------------------------------------------------------------

def test_catalogue_reference_becomes_a_plain_list(book):
    from checker.rules.catalog import load_catalogs
    from checker.rules.conditions import Atom

    cats = load_catalogs(RULES / "catalog")
    r = book.versions("MN-LINK-CATALOG")
    assert [x.catalogs for x in r] == [("別表第二事務", "独自利用事務"), ("主務省令事務", "独自利用事務")]
    found = []

    def walk(c):
        if isinstance(c, Atom) and c.op == "in":
            found.append(c.value)
        for k in ("items",):
            for x in getattr(c, k, ()):
                walk(x)
        for k in ("item", "cond"):
            if getattr(c, k, None) is not None:
                walk(getattr(c, k))

    walk(book.latest("MN-USE-CATALOG").requires)
    assert found == [tuple(cats["法定事務"].names()), ("（カタログに効力のある項目がない）",)]  # every 独自利用事務 entry is pending
    for name, cat in cats.items():
        for e in cat.entries:
            assert e.source, (name, e.name)


def test_catalogue_entries_are_filtered_by_the_rule_period(tmp_path):
    from checker.rules import load_pack

    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "x.yaml").write_text(
        "catalog: 事務X\ncitation: c\ncitation_status: seed\nsource: test\nentries:\n"
        "  - {name: 旧事務, source: t, valid: {to: 2024-05-26}}\n"
        "  - {name: 新事務, source: t, valid: {from: 2024-05-27}}\n", encoding="utf-8")
    (tmp_path / "p.yaml").write_text(
        "pack: t\nrules:\n"
        "- {id: T-1, title: t, citation: c, citation_status: seed, source: s, message: m, remedy: r, severity: 低,\n"
        "   valid: {from: 2024-05-27}, requires: {every: 番号法.情報連携, has: {事務: {in: {catalog: 事務X}}}}}\n", encoding="utf-8")
    _, _, rules = load_pack(tmp_path / "p.yaml")
    assert rules[0].requires.cond.value == ("新事務",)


def test_unknown_catalogue_is_an_input_error_at_its_line(tmp_path):
    from checker.errors import InputError
    from checker.rules import load_pack

    (tmp_path / "p.yaml").write_text(
        "pack: t\nrules:\n- id: T-1\n  title: t\n  citation: c\n  citation_status: seed\n  source: s\n  message: m\n  remedy: r\n  severity: 低\n"
        "  requires:\n    every: 番号法.情報連携\n    has:\n      事務: {in: {catalog: 独自利用}}\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_pack(tmp_path / "p.yaml")
    assert e.value.line == 14 and "カタログ「独自利用」はありません" in e.value.message


def test_a_camera_case_is_not_asked_about_mynumber(engine):
    """A 防犯カメラ form has no 個人番号 entry: no 番号法 rule asks a camera-only case (issue 12, class 5)."""
    (n18,) = (CASES / "令和5年度" / "2023-10-20").glob("18_*.yaml")
    text = n18.read_text(encoding="utf-8")
    got = run_text(engine, text)
    assert {r: x.verdict for r, x in got.items() if r.startswith("MN-")} == {r: "対象外" for r in got if r.startswith("MN-")}
    # the same file proposing 電算処理 as well is asked (once: 個人番号の取扱い; the 利用 rules follow it)
    both = text.replace("区分:\n- 防犯カメラ\n", "区分:\n- 防犯カメラ\n- 電算処理\n", 1)
    assert both != text
    asked = {r for r, x in run_text(engine, both).items() if r.startswith("MN-") and x.verdict == "要確認"}
    assert asked == {"MN-USE-LISTED", "MN-USE-HOTEI", "MN-USE-DOKUJI", "MN-USE-CATALOG", "MN-USE-KIND"}


def test_a_basis_written_as_none_is_no_basis(engine):
    """根拠: なし states no provision: never 適合 (a placeholder is not a fact)."""
    for word in ("なし", "該当なし", "ー"):
        text = case(LINK_IN + f"      他の機関への提供: なし\n      根拠: {word}\n")
        assert v(engine, text, "MN-INTERNAL-USE").verdict == "不適合", word
