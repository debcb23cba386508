"""特記事項 pack: every clause holds on a small case, fails on one, and never passes on a missing fact."""
from __future__ import annotations

import pytest

from conftest import run_text

HEAD = """\
出典: [test]
件名: 特記事項のテスト
区分: [業務委託]
担当課: [情報政策課]
付議日: 令和6年4月1日
"""

# 第12項 also reads the 証明書 of the erasure (業務委託.消去・返却の証明書), an entry of its own
FULL_CHECKLIST = """\
  消去・返却の証明書: あり
  チェックリスト:
    特記事項等の遵守: ○
    立入調査等及び状況報告: ○
    責任者及び取扱者の報告: ○
    個人情報の返却及び消去: ○
    事故発生時等の協議: ○
"""


def case(itaku: str) -> str:
    return HEAD + "業務委託:\n" + itaku


def verdict(engine, text: str, rid: str) -> str:
    return run_text(engine, text)[rid].verdict


GOOD = case("  特記事項の添付: あり\n" + FULL_CHECKLIST)
WITHOUT_ROW = FULL_CHECKLIST.replace("    特記事項等の遵守: ○\n", "")
NO_ATTACH = case("  特記事項の添付: なし\n" + WITHOUT_ROW)
# 令和5年度以降の様式: the 委託先 row 特記事項等の遵守 says it, 特記事項の添付 is not written
ROW_ONLY = case(FULL_CHECKLIST)
ROW_DASH = case(FULL_CHECKLIST.replace("特記事項等の遵守: ○", "特記事項等の遵守: ー（不要）"))
# the two places disagree: never 適合, never silently one of them
CONTRADICTION = case("  特記事項の添付: なし\n" + FULL_CHECKLIST)
# clauses that only bind the contractor (第13・15・17項's rows are ITAKU-03・02・08's)
PURE = [1, 2, 3, 7, 8, 13, 14, 15, 16, 17, 18, 19]
CHECKLIST = {11: "個人情報の返却及び消去", 12: "個人情報の返却及び消去"}


def rid(n: int) -> str:
    return f"TOKKI-{n:02d}"


def test_pack_has_19_rules_with_citations(book):
    ids = [r for r in book.ids() if r.startswith("TOKKI-")]
    assert ids == [rid(n) for n in range(1, 20)]
    for n in range(1, 20):
        old, new = book.versions(rid(n))  # the 平成27/29 wording (seed) to 2023-03-31; from 2023-04-01 the wording is not in the seeds
        assert (old.valid_to, new.valid_from) == (20230331, 20230401)
        assert old.citation_status == "seed" and new.citation_status == "unverified"
        assert old.cite == f"特記事項 第{n}項" and new.cite == f"特記事項 第{n}項〔未検証〕"
        assert f"第{n}項の文言" in new.note and "seeds にない" in new.note
        for r in (old, new):
            assert r.source.startswith(f"seed 001/002 特記事項 {n}（")
            assert r.text and r.text.startswith(("乙は", "甲は"))
            assert r.pack == "特記事項"


def test_clause_texts_are_verbatim_from_the_seeds(book):
    from conftest import ROOT

    seed = (ROOT.parent / "shared" / "seeds" / "002_9015e87258c1506f.txt")
    if not seed.exists():
        pytest.skip("seed texts not available")
    # the extracted text marks list items with "- "; the clause text does not
    lines = [l.strip().removeprefix("- ") for l in seed.read_text(encoding="utf-8").splitlines()]
    flat = "".join("".join(lines).split())
    for n in range(1, 20):
        text = "".join(book.latest(rid(n)).text.split())
        assert text in flat, n


@pytest.mark.parametrize("n", PURE)
def test_pure_contract_clauses_need_only_the_attachment(engine, n):
    assert verdict(engine, GOOD, rid(n)) == "適合"
    assert verdict(engine, NO_ATTACH, rid(n)) == "不適合"
    assert verdict(engine, ROW_ONLY, rid(n)) == "適合"
    assert verdict(engine, ROW_DASH, rid(n)) == "不適合"
    assert verdict(engine, CONTRADICTION, rid(n)) == "要確認"
    assert verdict(engine, case("  委託の内容: 保守\n"), rid(n)) == "要確認"
    assert verdict(engine, case("  特記事項の添付: 不明\n"), rid(n)) == "要確認"


def test_the_derived_fact_cannot_be_written(tmp_path):
    from conftest import ROOT, invoke

    f = tmp_path / "c.yaml"
    f.write_text(case("  特記事項による拘束: あり\n"), encoding="utf-8")
    p = invoke("check", f, cwd=ROOT)
    assert p.returncode == 2 and "特記事項による拘束" in p.stderr.decode()


@pytest.mark.parametrize("n", range(1, 20))
def test_not_an_outsourcing_case_is_out_of_scope(engine, n):
    text = GOOD.replace("区分: [業務委託]", "区分: [外部結合]")
    assert verdict(engine, text, rid(n)) == "対象外"


@pytest.mark.parametrize("n", list(CHECKLIST))
def test_checklist_backed_clauses(engine, n):
    row = CHECKLIST[n]
    assert verdict(engine, GOOD, rid(n)) == "適合"
    assert verdict(engine, NO_ATTACH, rid(n)) == "不適合"
    assert verdict(engine, ROW_ONLY, rid(n)) == "適合"
    dash = GOOD.replace(f"    {row}: ○", f"    {row}: ー（不要）")
    assert verdict(engine, dash, rid(n)) == "不適合"
    blank = GOOD.replace(f"    {row}: ○", f"    {row}:")
    assert verdict(engine, blank, rid(n)) == "不適合"
    unknown = GOOD.replace(f"    {row}: ○", f"    {row}: 不明")
    assert verdict(engine, unknown, rid(n)) == "要確認"
    missing = GOOD.replace(f"    {row}: ○\n", "")
    assert verdict(engine, missing, rid(n)) == "要確認"


def test_clause_12_reads_the_certificate(engine):
    """第12項: 「消去をしたことの証明書を提出する」. The row 個人情報の返却及び消去 does not say it; the entry does."""
    assert verdict(engine, GOOD.replace("  消去・返却の証明書: あり\n", ""), "TOKKI-12") == "要確認"
    assert verdict(engine, GOOD.replace("  消去・返却の証明書: あり\n", "  消去・返却の証明書: なし\n"), "TOKKI-12") == "不適合"
    assert verdict(engine, GOOD.replace("  消去・返却の証明書: あり\n", ""), "TOKKI-11") == "適合"  # 第11項 is the row's alone


def handling(**facts) -> str:
    lines = "".join(f"    {k}: {v}\n" for k, v in facts.items())
    return case("  特記事項の添付: あり\n  個人情報の取扱い:\n" + lines)


def test_tokki04_collection(engine):
    r = rid(4)
    assert verdict(engine, handling(収集="あり", 本人からの直接収集="あり"), r) == "適合"
    # ただし書: 区の承諾があれば本人以外からも収集できる
    assert verdict(engine, handling(収集="あり", 本人からの直接収集="なし", 本人以外からの収集の承諾="あり"), r) == "適合"
    assert verdict(engine, handling(収集="あり", 本人からの直接収集="なし", 本人以外からの収集の承諾="なし"), r) == "不適合"
    assert verdict(engine, handling(収集="あり", 本人からの直接収集="なし"), r) == "要確認"
    assert verdict(engine, handling(収集="なし"), r) == "対象外"
    assert verdict(engine, handling(個人情報への接触="あり"), r) == "要確認"
    no_att = handling(収集="あり", 本人からの直接収集="あり").replace("特記事項の添付: あり", "特記事項の添付: なし")
    assert verdict(engine, no_att, r) == "不適合"


@pytest.mark.parametrize("n,fact,consent", [
    (5, "要配慮事項の収集", "要配慮事項の収集の承諾"),
    (6, "持ち出し", "持ち出しの承諾"),
    (9, "複写", "複写の承諾"),
])
def test_consent_clauses(engine, n, fact, consent):
    r = rid(n)
    assert verdict(engine, handling(**{fact: "あり", consent: "あり"}), r) == "適合"
    assert verdict(engine, handling(**{fact: "あり", consent: "なし"}), r) == "不適合"
    assert verdict(engine, handling(**{fact: "あり"}), r) == "要確認"
    assert verdict(engine, handling(**{fact: "あり", consent: "不明"}), r) == "要確認"
    assert verdict(engine, handling(**{fact: "なし"}), r) == "対象外"
    assert verdict(engine, handling(**{fact: "不明", consent: "あり"}), r) == "要確認"
    no_att = handling(**{fact: "あり", consent: "あり"}).replace("特記事項の添付: あり", "特記事項の添付: なし")
    assert verdict(engine, no_att, r) == "不適合"


def sub(*entries: str, attach: str = "あり") -> str:
    body = f"  特記事項の添付: {attach}\n  再委託:\n" + "".join(entries)
    return case(body)


# TOKKI-10 asks for the 範囲 and 理由 the ward's consent is given on (its remedy: 再委託先・範囲・理由を示して区の承諾を得た)
SCOPE = "      範囲: 保守の一部\n      理由: 専門の技術が要るため\n"
OK_SUB = "    - 再委託先: A社\n" + SCOPE + "      区の承諾: あり\n      特記事項の適用: あり\n"


def test_tokki10_subcontracting(engine):
    r = rid(10)
    assert verdict(engine, sub(OK_SUB), r) == "適合"
    assert verdict(engine, sub(OK_SUB, OK_SUB.replace("A社", "B社")), r) == "適合"
    no_consent = "    - 再委託先: B社\n      区の承諾: なし\n      特記事項の適用: あり\n"
    assert verdict(engine, sub(OK_SUB, no_consent), r) == "不適合"
    not_bound = "    - 再委託先: C社\n" + SCOPE + "      区の承諾: あり\n      特記事項の適用: なし\n"
    assert verdict(engine, sub(not_bound), r) == "不適合"
    unknown = "    - 再委託先: D社\n" + SCOPE + "      区の承諾: あり\n"
    assert verdict(engine, sub(unknown), r) == "要確認"
    # a known failure decides even when another fact is unknown (Kleene)
    assert verdict(engine, sub(unknown, no_consent), r) == "不適合"
    assert verdict(engine, sub(OK_SUB, attach="なし"), r) == "不適合"
    assert verdict(engine, sub(OK_SUB, attach="不明"), r) == "要確認"
    assert verdict(engine, case("  特記事項の添付: あり\n  再委託: なし\n"), r) == "対象外"
    assert verdict(engine, case("  特記事項の添付: あり\n"), r) == "要確認"
    assert verdict(engine, sub(OK_SUB.replace("      範囲: 保守の一部\n", "")), r) == "要確認"
    assert verdict(engine, sub(OK_SUB.replace("      理由: 専門の技術が要るため\n", "")), r) == "要確認"
    assert verdict(engine, sub(OK_SUB.replace("範囲: 保守の一部", "範囲: なし")), r) == "不適合"


def test_failure_reports_message_remedy_and_citation(engine):
    v = run_text(engine, NO_ATTACH)[rid(10 - 8)]
    assert v.verdict == "不適合"
    assert v.cite == "特記事項 第2項〔未検証〕"  # a 令和6年 case: the 令和 wording of the 特記事項 is not in the seeds
    r = run_text(engine, sub("    - 再委託先: B社\n      区の承諾: なし\n      特記事項の適用: あり\n"))[rid(10)]
    assert r.verdict == "不適合" and r.cite == "特記事項 第10項〔未検証〕"
    old = run_text(engine, NO_ATTACH.replace("付議日: 令和6年4月1日", "付議日: 平成29年7月18日"))[rid(2)]
    assert old.verdict == "不適合" and old.cite == "特記事項 第2項"  # a 平成 case: the seed's wording, as cited


def test_missing_facts_never_pass(engine):
    """A bare 業務委託 (nothing said) gives 要確認 on every clause, never 適合."""
    v = run_text(engine, case("  委託の内容: 保守\n"))
    for n in range(1, 20):
        assert v[rid(n)].verdict == "要確認", n
