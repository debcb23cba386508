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
    assert got["MN-USE-DOKUJI"].verdict == "適合"
    assert got["MN-USE-DOKUJI"].cite.startswith("番号法 第9条第2項・利用条例 第3条")
    # the 2 事務 seed 000 names (①②) and the 7 of 003 №35's 新規事務一覧, each judged once
    jimu = [val for path, val in got["MN-USE-DOKUJI"].facts if path.endswith(".事務")]
    assert jimu[:2] == ["外国人生活保護事務", "新宿区子ども医療費助成事業"] and len(jimu) == len(set(jimu)) == 9
    assert sum(j.startswith("生活保護法第") for j in jimu) == 5 and sum(j.startswith("新宿区子どもの医療費") for j in jimu) == 2
    assert got["MN-USE-HOTEI"].verdict == "対象外"  # no 法定事務 among the added ones
    assert got["MN-INTERNAL"].verdict == "適合"
    assert got["MN-LINK-HOTEI"].verdict == "対象外"
    link = got["MN-LINK-DOKUJI"]
    assert link.verdict == "要確認"  # 000 does not say the 独自利用事務 were notified to the 個人情報保護委員会
    assert "個人情報保護委員会への届出" in " ".join(p for p, _ in link.facts)
    assert "〔未検証〕" in link.cite  # the pre-amendment 号 is not verified
    assert got["MN-ITAKU-SUB"].verdict == "要確認"
    assert got["MN-ITAKU-SUPERVISE"].verdict == "要確認"


def test_seed004_saigai_choikin_follows_article_19_8(engine):
    got = seed(engine, S004)
    assert got["MN-USE-HOTEI"].verdict == "適合"
    link = got["MN-LINK-HOTEI"]
    assert link.verdict == "適合"
    assert link.cite.startswith("番号法 第19条第8号")
    assert got["MN-LINK-DOKUJI"].verdict == "対象外"
    # no 庁内連携 or 委託 of 特定個人情報 is proposed in 004
    assert got["MN-INTERNAL"].verdict == "対象外"
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


def test_use_listed(engine):
    assert v(engine, case(USE.format(name="外国人生活保護事務", kind="独自利用事務")), "MN-USE-LISTED").verdict == "適合"
    assert v(engine, case("  個人番号利用事務: なし\n"), "MN-USE-LISTED").verdict == "不適合"
    assert v(engine, case("  庁内連携: なし\n"), "MN-USE-LISTED").verdict == "要確認"
    no_number = case(USE.format(name="x", kind="独自利用事務")).replace("個人番号の取扱い: あり", "個人番号の取扱い: なし")
    assert v(engine, no_number, "MN-USE-LISTED").verdict == "対象外"


def test_use_dokuji_needs_the_sekou_kisoku(engine):
    ok = v(engine, case(USE.format(name="新宿区子ども医療費助成事業", kind="独自利用事務")), "MN-USE-DOKUJI")
    assert ok.verdict == "適合"
    ng = v(engine, case(USE.format(name="新宿区ペット登録事務", kind="独自利用事務")), "MN-USE-DOKUJI")
    assert ng.verdict == "不適合"
    assert "施行規則" in ng.rule.remedy and "seed 000" in ng.rule.remedy


def test_use_hotei_needs_the_beppyo(engine):
    assert v(engine, case(USE.format(name="災害援護資金の貸付事務", kind="法定事務")), "MN-USE-HOTEI").verdict == "適合"
    assert v(engine, case(USE.format(name="新宿区ペット登録事務", kind="法定事務")), "MN-USE-HOTEI").verdict == "不適合"
    # a 独自利用事務 written as 法定 is caught: it is not in the 別表
    assert v(engine, case(USE.format(name="外国人生活保護事務", kind="法定事務")), "MN-USE-HOTEI").verdict == "不適合"


def test_use_kind_unknown_is_never_a_pass(engine):
    text = case("  個人番号利用事務:\n    - 事務: 外国人生活保護事務\n")
    assert v(engine, text, "MN-USE-DOKUJI").verdict == "要確認"
    assert v(engine, text, "MN-USE-HOTEI").verdict == "要確認"


# --- 庁内連携 ----------------------------------------------------------------------------------

def test_internal_link_only_where_the_jorei_allows(engine):
    ok = case("  庁内連携:\n    - 事務: 新宿区子ども医療費助成事業\n      提供元: 戸籍住民課\n      情報: 住民票関係情報\n")
    assert v(engine, ok, "MN-INTERNAL").verdict == "適合"
    ng = case("  庁内連携:\n    - 事務: 新宿区ペット登録事務\n      提供元: 戸籍住民課\n")
    r = v(engine, ng, "MN-INTERNAL")
    assert r.verdict == "不適合" and r.cite.startswith("番号法 第19条第11号")


# --- 情報連携: two dated versions --------------------------------------------------------------

LINK = """\
  情報連携:
    - 事務: {name}
      種別: {kind}
"""


def test_link_hotei_before_and_after_2024_05_27(engine):
    saigai = LINK.format(name="災害弔慰金の支給等に関する事務", kind="法定事務")
    before = v(engine, case(saigai, "令和6年5月26日"), "MN-LINK-HOTEI")
    after = v(engine, case(saigai, "令和6年5月27日"), "MN-LINK-HOTEI")
    assert before.verdict == "不適合" and before.cite.startswith("番号法 第19条・別表第二")
    assert after.verdict == "適合" and after.cite.startswith("番号法 第19条第8号")
    jido = LINK.format(name="児童手当", kind="法定事務")
    assert v(engine, case(jido, "平成29年7月18日"), "MN-LINK-HOTEI").verdict == "適合"
    assert v(engine, case(jido, "令和6年6月1日"), "MN-LINK-HOTEI").verdict == "不適合"  # not (yet) in the 主務省令 catalogue


def test_link_dokuji_needs_the_notification(engine):
    base = LINK.format(name="外国人生活保護事務", kind="独自利用事務")
    ok = v(engine, case(base + "      個人情報保護委員会への届出: あり\n", "令和6年10月1日"), "MN-LINK-DOKUJI")
    assert ok.verdict == "適合" and ok.cite.startswith("番号法 第19条第9号")
    assert v(engine, case(base + "      個人情報保護委員会への届出: なし\n", "令和6年10月1日"), "MN-LINK-DOKUJI").verdict == "不適合"
    assert v(engine, case(base, "令和6年10月1日"), "MN-LINK-DOKUJI").verdict == "要確認"
    other = LINK.format(name="新宿区ペット登録事務", kind="独自利用事務") + "      個人情報保護委員会への届出: あり\n"
    assert v(engine, case(other, "令和6年10月1日"), "MN-LINK-DOKUJI").verdict == "不適合"


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
    from checker.catalog import load_catalogs
    from checker.conditions import Atom

    cats = load_catalogs(RULES / "catalog")
    r = book.versions("MN-LINK-HOTEI")
    assert [x.catalogs for x in r] == [("別表第二事務",), ("主務省令事務",)]
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

    walk(book.latest("MN-USE-DOKUJI").requires)
    assert found == [tuple(cats["独自利用事務"].names())]
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
