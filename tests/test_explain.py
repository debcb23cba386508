"""Issue 21.3: checker explain CASE RULE_ID — why one verdict came out as it did, from the trace of the evaluator that
decides (engine.oracle.judge_traced), on real cases: the missing fact of a 要確認 at its leaf (不明, 記載なし, where to
write it), the failing leaf of a 不適合 with its value and line, the false applies of a 対象外, the version the 付議日
chose; json for tools; every format; the links of the html check report. And for every real case and every rule, the
trace's top values give the verdict the engines agreed on."""
from __future__ import annotations

import json
import re

import pytest

from checker.engine.oracle import F, T, U, VerdictJudge, judge_traced, verdict_of
from checker.verdict import FAIL, NA, PASS, UNKNOWN
from conftest import CASES, SEED004, invoke

NO51 = CASES / "令和5年度" / "2024-01-15" / "51_私立学校就学者等支援給付金（システム構築等）.yaml"
NO03 = CASES / "令和5年度" / "2023-07-28" / "03_住民記録及び印鑑登録システムの標準化移行.yaml"
NO05 = next((CASES / "令和5年度" / "2023-07-28").glob("05_*.yaml"))
NO35 = next((CASES / "令和5年度" / "2023-12-21").glob("35_*.yaml"))
NO24 = CASES / "令和5年度" / "2023-10-20" / "24_区立幼稚園・区立学校一斉連絡事業.yaml"


def explain(*args, fmt: str = "json"):
    r = invoke("explain", *map(str, args), "--format", fmt, text=True)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout) if fmt == "json" else r.stdout


def line_of(path, text: str) -> int:
    """The line of a case file that starts with text (after its indentation)."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith(text):
            return n
    raise AssertionError(text)


def leaves(node):
    if node["kind"] in ("atom", "date_in"):
        yield node
    for c in node["children"]:
        yield from leaves(c)


def leaf(doc, part: str, path: str):
    found = [x for x in leaves(doc[part]) if x["path"] == path]
    assert found, [x["path"] for x in leaves(doc[part])]
    return found[0]


VALUES = {"true": T, "false": F, "unknown": U}


def verdict_from_json(doc) -> str:
    """The verdict the json's trees say: applies false → 対象外, unknown → 要確認; requires true → 適合, false → 不適合, unknown → 要確認."""
    if doc["version"]["chosen"] is None:
        return NA if all(v["value"] == "false" for v in doc["version"]["versions"]) else UNKNOWN
    a, r = VALUES[doc["applies"]["value"]], VALUES[doc["requires"]["value"]]
    if a != T:
        return NA if a == F else UNKNOWN
    return {T: PASS, F: FAIL, U: UNKNOWN}[r]


# --- a 要確認 names the missing fact at its leaf ---------------------------------------------------------------------

def test_a_missing_fact_is_unknown_at_its_leaf_with_where_to_write_it():
    """`checker check` seed 004: FORM-KETSU-06 要確認, 外部結合.結合先のサーバの所在 not written."""
    doc = explain(SEED004, "FORM-KETSU-06")
    assert doc["verdict"]["verdict"] == UNKNOWN and verdict_from_json(doc) == UNKNOWN
    x = leaf(doc, "requires", "外部結合.結合先のサーバの所在")
    parent = line_of(SEED004, "外部結合:")
    assert x["value"] == "unknown" and x["fact"] is None and x["written"] == "missing" and x["line"] is None
    assert x["entries"] == [{"path": "外部結合.結合先のサーバの所在", "line": None, "near": parent, "parent": "外部結合"}]
    text = explain(SEED004, "FORM-KETSU-06", fmt="text")
    flat = re.sub(r"\n[ │├└]*", "", text)
    assert f"外部結合.結合先のサーバの所在 が 国内、国外 のいずれか → 不明（記載なし。外部結合（{parent} 行目）の中に書く）" in flat
    assert "記載する事実: 外部結合.結合先のサーバの所在" in flat  # the verdict's own words, as check prints them


def test_a_derived_fact_names_the_entry_it_is_read_from():
    """MN-USE-HOTEI on seed 004 reads 根拠の判定, computed from each 個人番号利用事務's 根拠, which seed 004 does not write."""
    doc = explain(SEED004, "MN-USE-HOTEI")
    x = leaf(doc, "requires", "番号法.個人番号利用事務[1].根拠の判定")
    assert x["value"] == "unknown" and x["written"] == "missing"
    assert x["entries"][0]["path"] == "番号法.個人番号利用事務[1].根拠" and x["entries"][0]["parent"] == "番号法.個人番号利用事務[1]"
    assert "番号法.個人番号利用事務[1].根拠 から求める" in x["note"] and "の中に書く" in x["note"]
    items = [c for c in doc["requires"]["children"] if c["kind"] == "item"]
    assert [c["path"] for c in items] == [f"番号法.個人番号利用事務[{k}]" for k in (1, 2, 3)]
    assert "災害弔慰金の支給事務" in items[0]["text"]


def test_an_entry_written_unknown_says_so():
    """№24 writes its 委託先's 名称 as 不明: the leaf says 不明と記載, at that line."""
    doc = explain(NO24, "FORM-ITAKU-01")
    x = leaf(doc, "requires", "業務委託.委託先[1].名称")
    assert x["value"] == "unknown" and x["written"] == "unknown" and x["line"] == line_of(NO24, "- 名称: 不明")
    assert x["note"].startswith("不明と記載")
    assert "（空欄）" in x["text"]  # the empty string among the values it must not be


# --- a 不適合 shows its failing leaf; a 対象外 its false applies --------------------------------------------------

def test_a_failing_leaf_shows_its_value_and_line():
    doc = explain(NO51, "SEI-01")
    assert doc["verdict"]["verdict"] == FAIL and verdict_from_json(doc) == FAIL
    assert doc["applies"]["value"] == "true" and doc["requires"]["value"] == "false"
    x = doc["requires"]
    assert x["kind"] == "atom" and x["path"] == "整合性.対象者数と内訳" and x["op"] == "eq" and x["arg"] == "一致"
    assert x["fact"].startswith("不一致") and "４，９２５" in x["fact"]
    lines = {e["path"]: e["line"] for e in x["entries"]}
    assert lines == {"事業の概要.対象者数": line_of(NO51, "対象者数:"), "事業の概要.対象者数の内訳": line_of(NO51, "対象者数の内訳:")}
    text = explain(NO51, "SEI-01", fmt="text")
    assert "要件: 整合性.対象者数と内訳 ＝ 一致 → 偽" in text and "× 不適合" in text


def test_not_applicable_shows_the_false_applies():
    doc = explain(SEED004, "TOKKI-10")
    assert doc["verdict"]["verdict"] == NA and verdict_from_json(doc) == NA
    assert doc["applies"]["value"] == "false" and doc["applies"]["used"] and not doc["requires"]["used"]
    x = leaf(doc, "applies", "区分")
    assert x["op"] == "includes" and x["arg"] == "業務委託" and x["value"] == "false" and x["fact"] == ["外部結合"]
    assert x["line"] == line_of(SEED004, "区分:")
    text = explain(SEED004, "TOKKI-10", fmt="text")
    assert "適用条件: 次のすべてを満たす → 偽" in text and "適用条件が偽なので、判定には使わない" in text


# --- the version the 付議日 chose -----------------------------------------------------------------------------------

def test_the_version_follows_the_date():
    """MN-USE-HOTEI has two versions (to 2024-05-26: 別表第一; from 2024-05-27: 別表)."""
    late = explain(SEED004, "MN-USE-HOTEI")["version"]
    assert late["chosen"] == 2 and [v["value"] for v in late["versions"]] == ["false", "true"]
    assert late["versions"][1]["from"] == "2024-05-27" and "第2版の適用期間（令和6年5月27日〜）の中" in late["reason"]
    early = explain(NO03, "MN-USE-HOTEI")
    assert early["version"]["chosen"] == 1 and [v["value"] for v in early["version"]["versions"]] == ["true", "false"]
    assert early["rule"]["citation"] == "番号法 第9条第1項・別表第一" and early["version"]["date"] == "2023-07-28"
    text = explain(NO03, "MN-USE-HOTEI", fmt="text")
    assert "第1版  〜令和6年5月26日" in text and "（この版で判定）" in text


def test_a_date_straddling_two_versions_is_said(tmp_path):
    text = SEED004.read_text(encoding="utf-8").replace("付議日: 令和6年5月27日〜令和7年2月15日", "付議日: 令和6年5月")
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    doc = explain(case, "MN-USE-HOTEI")
    assert doc["verdict"]["verdict"] == UNKNOWN and doc["version"]["chosen"] is None
    assert [v["value"] for v in doc["version"]["versions"]] == ["unknown", "unknown"]
    assert "境目にかかる" in doc["version"]["reason"] and not doc["applies"]["used"]
    out = explain(case, "MN-USE-HOTEI", fmt="text")
    assert "付議日がこの期間の境目にかかる → 不明" in out and "版を決められないので、判定には使わない" in out


def test_an_undated_rule_says_it_has_one_version():
    doc = explain(NO51, "SEI-01")
    assert doc["version"]["chosen"] == 1 and "適用期間の定めはない" in doc["version"]["reason"]


# --- formats, errors ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_every_format_renders(fmt):
    out = explain(SEED004, "FORM-KETSU-06", fmt=fmt)
    if fmt == "json":
        assert out["schema"] == "checker/explain/v1"
        return
    for piece in ("FORM-KETSU-06", "要件", "不明", "外部結合.結合先のサーバの所在", "記載なし", "付議日"):
        assert piece in out, (fmt, piece)
    assert out == explain(SEED004, "FORM-KETSU-06", fmt=fmt)  # same input, same bytes


def test_json_follows_the_schema_and_its_trees_agree_with_the_verdict():
    from test_reports import validate

    for case, rid in ((SEED004, "FORM-KETSU-06"), (SEED004, "MN-USE-HOTEI"), (SEED004, "TOKKI-10"), (NO51, "SEI-01"),
                      (NO24, "FORM-ITAKU-01"), (NO03, "KETSU-KU-UN-01")):
        doc = explain(case, rid)
        validate(doc)
        assert verdict_from_json(doc) == doc["verdict"]["verdict"], (case.name, rid)
        assert doc["rule"]["id"] == rid and doc["case"]["file"] == str(case)
    assert explain(SEED004, "TOKKI-10")["legend"] == {"〔未検証〕": "根拠の条項・文言を、法令・様式の本文で確かめていない"}


def test_a_readings_table_when_the_rule_reads_a_basis():
    """№35 adds its 事務 to the 施行規則 itself: MN-USE-DOKUJI 要確認 on 根拠の判定, whose 根拠 is written but does not decide."""
    doc = explain(NO35, "MN-USE-DOKUJI")
    assert doc["verdict"]["verdict"] == UNKNOWN
    assert {r["place"] for r in doc["readings"]} == {f"番号法.個人番号利用事務[{k}].根拠" for k in range(1, 10)}
    x = leaf(doc, "requires", "番号法.個人番号利用事務[1].根拠の判定")
    assert x["value"] == "unknown" and x["entries"][0]["line"] == line_of(NO35, "根拠: 新宿区における個人番号の利用")
    assert "から求められない" in x["note"] and "本件の改正" in x["note"]  # why the written 根拠 does not decide (bases.why_unknown)
    assert "根拠の読み" in explain(NO35, "MN-USE-DOKUJI", fmt="text")
    assert {r["place"] for r in explain(NO05, "KOJIN-TEIKYO-BASIS")["readings"]} == {"外部提供.根拠規定"}
    assert explain(SEED004, "FORM-KETSU-06")["readings"] == []


def test_a_workbook_case_names_its_cells(tmp_path):
    book = tmp_path / "case.xlsx"
    r = invoke("convert", str(SEED004), str(book), text=True)
    assert r.returncode == 0, r.stderr
    doc = explain(book, "FORM-KETSU-06")
    x = leaf(doc, "requires", "外部結合.結合先のサーバの所在")
    assert x["written"] == "missing" and re.fullmatch(r"外部結合!C\d+", x["line"]), x
    assert f"記載なし。{x['line']} に書く" == x["note"]
    assert re.fullmatch(r"概要!C\d+", leaf(doc, "applies", "区分")["line"])


@pytest.mark.parametrize("args, message", [
    ([SEED004, "TOKKI-1O"], "そのようなルールはありません。もしかして TOKKI-10 ですか"),
    ([SEED004, "NO-SUCH-RULE"], "そのようなルールはありません"),
    ([CASES / "nothere.yaml", "TOKKI-10"], "ファイルを開けません"),
    ([CASES, "TOKKI-10"], "案件ファイルを 1 つ指定してください"),
])
def test_bad_input_is_exit_2_in_japanese(args, message):
    r = invoke("explain", *map(str, args), text=True)
    assert r.returncode == 2 and r.stdout == "" and r.stderr.startswith("エラー: ") and message in r.stderr, r.stderr


# --- the html check report links each verdict to its explanation --------------------------------------------------

def test_the_html_check_report_links_every_shown_verdict_to_its_explanation():
    html = invoke("check", str(SEED004), str(NO51), "--format", "html", text=True).stdout
    links = re.findall(r'<td><a href="#(explain-[^"]+)" title="判定の説明">', html)
    anchors = re.findall(r'<details id="(explain-[^"]+)">', html)
    rows = re.findall(r'<tr class="v-[pfu]"><td>', html)  # one per shown verdict (対象外 not shown)
    assert links and len(links) == len(rows) and sorted(links) == sorted(anchors) and len(set(anchors)) == len(anchors)
    assert "explain-case-51-SEI-01" in anchors
    block = html[html.index('<details id="explain-case-51-SEI-01">'):]
    block = block[:block.index("</details>")]
    assert "要件: 整合性.対象者数と内訳 ＝ 一致 → <span class=\"value\">偽</span>" in block
    # a meeting's report too (its findings only)
    meeting = invoke("meeting", "2024-01-15", "--format", "html", "-o", "-", text=True).stdout
    assert 'href="#explain-case-51-SEI-01"' in meeting and '<details id="explain-case-51-SEI-01">' in meeting


def test_the_audit_html_has_no_explanations():
    html = invoke("audit", str(CASES / "seeds"), "--format", "html", "-o", "-", text=True).stdout
    assert "explain-" not in html and "<details" not in html


# --- the trace is the evaluator's: on every real case and every rule ---------------------------------------------

def test_the_trace_gives_the_engines_verdict_on_every_real_case_and_rule(book, engine):
    """For every (real case, rule): the traced evaluation's verdict (judge_traced), the verdict its trees' top values
    give (applies F → 対象外; requires T → 適合, F → 不適合, U → 要確認), the verdict-only evaluator's (the audit's
    VerdictJudge) and the engines' agreed verdict are one."""
    from collections import Counter

    from checker.input.loader import load_cases
    from checker.input.pia import link_reports

    cases = load_cases([CASES])
    link_reports(cases)
    fast = VerdictJudge(book)
    seen = Counter()
    for run in engine.run(cases):
        quick = fast(run.facts)
        for v, (qv, qr) in zip(run.verdicts, quick):
            j = judge_traced(book.versions(v.rule_id), run.facts)
            assert j.verdict == verdict_of(j) == qv == v.verdict, (run.case_id, v.rule_id, j.verdict, verdict_of(j), qv, v.verdict)
            assert j.rule is qr is v.rule and j.evidence == v.facts
            seen[v.verdict] += 1
    assert all(seen[k] > 0 for k in (PASS, FAIL, UNKNOWN, NA)) and sum(seen.values()) > 8000, seen


def test_every_rule_can_be_explained_through_its_own_engine():
    """checker explain judges the one rule with durable-rules (an engine of that rule alone) and the trace: every rule of
    the book, on a case of the 令和 forms, gives the verdict checker check gives, in every format."""
    from checker.report import render
    from checker.run import check, explain as run_explain
    from conftest import shared_rules

    with shared_rules():
        want = {v.rule_id: v.verdict for v in check.command([str(NO35)]).report.cases[0].verdicts}
        for rid, verdict in want.items():
            got = run_explain.command(str(NO35), rid)
            assert got.report.data["verdict"]["verdict"] == verdict, rid
            for fmt in run_explain.FORMATS:
                assert "".join(render(got.report, fmt)), (rid, fmt)
