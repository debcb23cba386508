"""Issue 21.1: recorded exceptions (承諾・免除), on real cases.

№38 (国民年金システム, 委託内容の変更＝再委託) has one 再委託; its 区の承諾 written なし (one fact changed, in a copy) makes
TOKKI-10 (特記事項 第10項, 再委託) its one 不適合 and changes nothing else. A 承諾・免除 for TOKKI-10, approved at the meeting
of its 付議日 and in force until 令和6年3月31日, is then shown beside the verdict in every format, and the case exits 0 under
--fail-on 不適合; judged on a day after the 期限 (--on, or a 期限 before the 付議日) it is 不適合 again with the date, exit 1.
An exception without its approver, for a rule that does not exist, or twice for one rule is an input error at its line
(exit 2). One on a 要確認 never stands for the missing fact; one on a 適合 is not needed. The audit lists every exception
and those ending within 90 days. №51 (SEI-01, the corpus's one 不適合) is the second case of the mutation test.
"""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import CASES, invoke

(N38,) = (CASES / "令和5年度").glob("*/38_*.yaml")
(N51,) = (CASES / "令和5年度").glob("*/51_*.yaml")
FORMATS = ("text", "md", "html", "csv", "json", "junit")

CONSENT_GIVEN = "    区の承諾: あり\n"
APPROVER = "令和5年度第8回個人情報保護管理運営会議"
WAIVER = f"""承諾・免除:
- ルール: TOKKI-10
  理由: 再委託先の名称は契約の締結時に報告させ、その報告をもって再委託を承諾する
  承認者: {APPROVER}
  承認日: 令和5年12月21日
  期限: 令和6年3月31日
"""
SHOWN = f"免除（{APPROVER}、令和5年12月21日承認、期限 令和6年3月31日）"
EXPIRED = "免除の期限 令和6年3月31日 が過ぎています"


def flat(text: str) -> str:
    """A text report without its spaces and line breaks (folded lines break at a space, which goes)."""
    return re.sub(r"\s+", "", text)


def run(*args):
    """checker in this process (conftest.invoke): exit code, stdout, stderr as text."""
    return invoke(*map(str, args), cwd=None, text=True)


def refused(text: str) -> str:
    """№38 with its 再委託's 区の承諾 written なし (TOKKI-10 不適合)."""
    assert text.count(CONSENT_GIVEN) == 1
    return text.replace(CONSENT_GIVEN, "    区の承諾: なし\n")


def write(tmp_path, text: str, name: str = "38_再委託.yaml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def case(tmp_path):
    """The №38 copy without 区の承諾, with the exception for TOKKI-10."""
    return write(tmp_path, refused(N38.read_text(encoding="utf-8")) + WAIVER)


def _json(*args) -> dict:
    r = run("check", *args, "--format", "json")
    return json.loads(r.stdout)


def _verdicts(doc) -> dict:
    (c,) = doc["cases"]
    return {v["rule"]: v for v in c["verdicts"]}


# --- the case, before any exception ---------------------------------------------------------------------------------

def test_the_changed_fact_makes_tokki10_the_one_fail(tmp_path):
    plain = _verdicts(_json(write(tmp_path, N38.read_text(encoding="utf-8"), "orig.yaml")))
    changed = _verdicts(_json(write(tmp_path, refused(N38.read_text(encoding="utf-8")), "changed.yaml")))
    moved = {r: (plain[r]["verdict"], changed[r]["verdict"]) for r in plain if plain[r]["verdict"] != changed[r]["verdict"]}
    assert moved == {"TOKKI-10": ("要確認", "不適合")}
    assert [r for r, v in changed.items() if v["verdict"] == "不適合"] == ["TOKKI-10"]
    assert not any("waiver" in v for v in changed.values())
    assert run("check", tmp_path / "changed.yaml", "--fail-on", "不適合").returncode == 1


# --- in force: shown in every format, not counted --------------------------------------------------------------------

def test_an_exception_in_force_is_shown_beside_its_fail_in_every_format_and_exits_0(case):
    outs = {fmt: run("check", case, "--fail-on", "不適合", "--format", fmt) for fmt in FORMATS}
    assert {fmt: r.returncode for fmt, r in outs.items()} == dict.fromkeys(FORMATS, 0), {f: r.stderr for f, r in outs.items()}
    text = outs["text"].stdout
    row = text.index("TOKKI-10                  × 不適合")  # the finding, then its message, then the exception below it
    assert flat(SHOWN) in flat(text[row:text.index("直すこと:")])
    assert "承諾・免除 1 件（うち期限内の免除で終了コードに数えない不適合 1）" in text
    assert re.search(r"TOKKI-10  × 不適合  免除（終了コードに数えない）", text)
    assert "を付す（承諾・免除あり:終了コードに数えない）" in flat(text)  # after its remedy
    md = outs["md"].stdout
    assert f"| × 不適合<br>{SHOWN} | TOKKI-10 |" in md
    html = outs["html"].stdout
    assert f'title="判定の説明">× 不適合</a><br><span class="waiver">{SHOWN}</span></td><td>TOKKI-10</td>' in html  # the mark links to its explanation
    assert "<h3>承諾・免除（付議日 令和5年12月21日 で判断）</h3>" in html
    rows = outs["csv"].stdout.lstrip("\ufeff").splitlines()
    head = rows[0].split(",")
    assert head[-6:] == ["承諾・免除", "免除の説明", "免除の承認者", "免除の承認日", "免除の期限", "免除の理由"]
    (t10,) = [r for r in rows if ",TOKKI-10," in r]
    assert ",不適合,×," in t10 and f"免除（終了コードに数えない）,{SHOWN},{APPROVER},令和5年12月21日,令和6年3月31日," in t10
    v = _verdicts(json.loads(outs["json"].stdout))["TOKKI-10"]
    assert v["verdict"] == "不適合" and v["waiver"] == {
        "rule": "TOKKI-10", "reason": "再委託先の名称は契約の締結時に報告させ、その報告をもって再委託を承諾する",
        "approver": APPROVER, "date": "2023-12-21", "expiry": "2024-03-31", "state": "免除", "excused": True,
        "reference": "2023-12-21", "reference_text": "付議日 令和5年12月21日", "note": SHOWN}
    suites = ET.fromstring(outs["junit"].stdout)
    assert suites.get("failures") == "0"
    (tc,) = [t for t in suites.iter("testcase") if t.get("name").startswith("TOKKI-10 ")]
    assert tc.find("failure") is None
    assert tc.find("system-out").text.startswith("不適合（期限内の承諾・免除があるので終了コードに数えない）")
    assert f"承諾・免除: {SHOWN}" in tc.find("system-out").text


def test_by_default_the_other_findings_still_count_and_junit_counts_one_failure_less(tmp_path, case):
    without = write(tmp_path, refused(N38.read_text(encoding="utf-8")), "without.yaml")
    assert run("check", case).returncode == 1  # its 要確認 are still findings
    failures = [int(ET.fromstring(run("check", p, "--format", "junit").stdout).get("failures")) for p in (without, case)]
    assert failures[1] == failures[0] - 1 > 0


def test_the_annotated_workbook_says_it_on_its_verdict_sheet(case):
    import openpyxl

    r = run("check", case, "--fail-on", "不適合", "--annotate")
    assert r.returncode == 0, r.stderr
    ws = openpyxl.load_workbook(case.with_name(case.stem + "_判定.xlsx"))["判定"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    (t10,) = [k for k, c in enumerate(cells) if c == "TOKKI-10"]
    assert cells[t10 - 1] == "× 不適合" and SHOWN in cells[t10 + 2]
    assert any(c.startswith("TOKKI-10（× 不適合）: 免除（終了コードに数えない）") for c in cells)


# --- expired, not yet approved, cannot be judged ---------------------------------------------------------------------

def test_after_the_expiry_it_is_fail_with_the_date_and_exits_1(case):
    r = run("check", case, "--fail-on", "不適合", "--on", "2024-04-01")
    assert r.returncode == 1
    assert flat(EXPIRED) in flat(r.stdout) and "基準日 令和6年4月1日" in r.stdout and flat(SHOWN) not in flat(r.stdout)
    assert run("check", case, "--fail-on", "不適合", "--on", "令和6年3月31日").returncode == 0  # the 期限 is its last day
    assert run("check", case, "--fail-on", "不適合", "--on", "R6.4.1").returncode == 1
    v = _verdicts(_json(case, "--on", "2024-04-01"))["TOKKI-10"]
    assert (v["verdict"], v["waiver"]["state"], v["waiver"]["excused"]) == ("不適合", "期限切れ", False)
    x = ET.fromstring(run("check", case, "--fail-on", "不適合", "--on", "2024-04-01", "--format", "junit").stdout)
    (tc,) = [t for t in x.iter("testcase") if t.get("name").startswith("TOKKI-10 ")]
    assert x.get("failures") == "1" and EXPIRED in tc.find("failure").text


def test_an_expiry_before_the_date_of_the_case_is_fail(tmp_path):
    early = WAIVER.replace("承認日: 令和5年12月21日", "承認日: 令和5年12月1日").replace("期限: 令和6年3月31日", "期限: 令和5年12月20日")
    p = write(tmp_path, refused(N38.read_text(encoding="utf-8")) + early)
    r = run("check", p, "--fail-on", "不適合")
    assert r.returncode == 1 and flat("免除の期限 令和5年12月20日 が過ぎています（付議日 令和5年12月21日。") in flat(r.stdout)


def test_an_exception_approved_after_the_day_judged_on_does_not_hold(case):
    r = run("check", case, "--fail-on", "不適合", "--on", "2023-12-20")
    assert r.returncode == 1 and flat("免除の承認日 令和5年12月21日 が 基準日 令和5年12月20日 より後です") in flat(r.stdout)


@pytest.mark.parametrize("path,rule,date,change,why", [
    # a 付議日 written as a 年度 that ends after the 期限: in force on some of its days, not on others
    (N38, "TOKKI-10", "令和5年度", refused, "付議日 令和5年度 が期間で、期限 令和6年2月29日 がその中にあるため、期限内か判断できません"),
    # no 付議日 (SEI-01 of №51 has one version: still 不適合)
    (N51, "SEI-01", "不明", lambda t: t, "付議日が書かれていないため、期限を判断できません（基準日を --on で指定すれば判断できる）"),
])
def test_without_one_day_to_judge_on_it_stays_counted_and_says_why(tmp_path, path, rule, date, change, why):
    text = re.sub(r"(?m)^付議日: .*$", f"付議日: {date}", change(path.read_text(encoding="utf-8")), count=1)
    entry = WAIVER.replace("ルール: TOKKI-10", f"ルール: {rule}").replace("承認日: 令和5年12月21日", "承認日: 令和5年4月1日")
    p = write(tmp_path, text + entry.replace("期限: 令和6年3月31日", "期限: 令和6年2月29日"))
    r = run("check", p, "--fail-on", "不適合")
    assert r.returncode == 1 and flat(f"が効いているか判断できません: {why}") in flat(r.stdout)
    v = _verdicts(_json(p))[rule]
    assert v["verdict"] == "不適合" and v["waiver"]["state"] == "判断できない" and v["waiver"]["reference"] == (
        None if date == "不明" else "2024-03-31")
    assert run("check", p, "--fail-on", "不適合", "--on", "2024-01-10").returncode == 0  # given a day, it is judged
    assert run("check", p, "--fail-on", "不適合", "--on", "2024-03-01").returncode == 1


# --- what an exception never does ------------------------------------------------------------------------------------

def test_an_exception_on_a_question_stays_counted(tmp_path):
    """TOKKI-10 of the real №38 is 要確認 (再委託先 and 特記事項の適用 are not written): the exception does not replace them."""
    plain = write(tmp_path, N38.read_text(encoding="utf-8"), "plain.yaml")
    waived = write(tmp_path, N38.read_text(encoding="utf-8") + WAIVER, "waived.yaml")
    v = _verdicts(_json(waived))["TOKKI-10"]
    assert v["verdict"] == "要確認" and v["waiver"]["state"] == "事実が必要" and not v["waiver"]["excused"]
    assert v["missing"] == _verdicts(_json(plain))["TOKKI-10"]["missing"] != []
    junit = [ET.fromstring(run("check", p, "--format", "junit").stdout) for p in (plain, waived)]
    assert junit[0].get("failures") == junit[1].get("failures")
    (tc,) = [t for t in junit[1].iter("testcase") if t.get("name").startswith("TOKKI-10 ")]
    assert tc.find("failure").get("type") == "要確認" and "記載のない事実を補いません" in tc.find("failure").text
    r = run("check", waived)
    assert r.returncode == 1 and "記載のない事実を補いません" in flat(r.stdout)


def test_an_exception_on_a_pass_is_not_needed_and_no_error(tmp_path, case):
    unused = WAIVER.replace("ルール: TOKKI-10", "ルール: ITAKU-05")  # データの暗号化: ○ (適合)
    p = write(tmp_path, refused(N38.read_text(encoding="utf-8")) + unused, "unused.yaml")
    r = run("check", p, "--fail-on", "不適合")
    assert r.returncode == 1  # TOKKI-10 is not covered
    assert flat("免除は不要（この判定は 適合。") in flat(r.stdout)
    assert _verdicts(_json(p))["ITAKU-05"]["waiver"]["state"] == "不要"


# --- input errors ----------------------------------------------------------------------------------------------------

def _line_of(path, text: str) -> int:
    return next(n for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith(text))


def test_without_an_approver_it_is_an_input_error_at_its_line(tmp_path):
    p = write(tmp_path, refused(N38.read_text(encoding="utf-8")) + WAIVER.replace(f"  承認者: {APPROVER}\n", ""))
    r = run("check", p)
    assert r.returncode == 2 and r.stdout == ""
    line = _line_of(p, "- ルール: TOKKI-10")
    assert f"{p}:{line}: 必須の項目「承諾・免除[1].承認者」がありません（期待される形: 承認者: 承認した人の役職・氏名、または承認した会議" in r.stderr


def test_without_a_reason_or_a_date_too(tmp_path):
    p = write(tmp_path, refused(N38.read_text(encoding="utf-8"))
              + WAIVER.replace("  理由: 再委託先の名称は契約の締結時に報告させ、その報告をもって再委託を承諾する\n", "").replace("  承認日: 令和5年12月21日\n", ""))
    r = run("check", p)
    assert r.returncode == 2 and "「承諾・免除[1].理由」がありません" in r.stderr and "「承諾・免除[1].承認日」がありません" in r.stderr


def test_an_unknown_rule_is_an_input_error_at_its_line_in_check_and_audit(tmp_path):
    p = write(tmp_path, refused(N38.read_text(encoding="utf-8")) + WAIVER.replace("ルール: TOKKI-10", "ルール: TOKKI-99"))
    line = _line_of(p, "- ルール: TOKKI-99")
    for r in (run("check", p), run("audit", tmp_path, "--format", "csv", "-o", tmp_path / "a.csv")):
        assert r.returncode == 2 and f"{p}:{line}: 承諾・免除: ルール「TOKKI-99」はありません" in r.stderr, r.stderr
    assert not (tmp_path / "a.csv").exists()


def test_the_same_rule_twice_is_an_input_error(tmp_path):
    second = WAIVER.replace("承諾・免除:\n", "").replace("理由: 再委託先", "理由: もう一度。再委託先")
    p = write(tmp_path, refused(N38.read_text(encoding="utf-8")) + WAIVER + second)
    lines = [n for n, ln in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if ln.startswith("- ルール: TOKKI-10")]
    r = run("check", p)
    assert r.returncode == 2 and f"{p}:{lines[1]}: 承諾・免除: ルール TOKKI-10 の免除が 2 つあります（{lines[0]} 行目にも）" in r.stderr


def test_an_expiry_before_the_approval_and_a_bad_on_are_input_errors(tmp_path):
    p = write(tmp_path, refused(N38.read_text(encoding="utf-8")) + WAIVER.replace("期限: 令和6年3月31日", "期限: 令和5年3月31日"))
    r = run("check", p)
    assert r.returncode == 2 and "期限「令和5年3月31日」が承認日「令和5年12月21日」より前です" in r.stderr
    r = run("check", N38, "--on", "令和6年度")
    assert r.returncode == 2 and "--on: 「令和6年度」は 1 日を指していません" in r.stderr


def test_no_rule_may_read_the_exceptions():
    from checker.rules.conditions import ConditionError, parse

    with pytest.raises(ConditionError, match="ルールの条件には書けません"):
        parse({"承諾・免除.ルール": "TOKKI-10"})
    with pytest.raises(ConditionError, match="ルールの条件には書けません"):
        parse({"some": "承諾・免除", "has": {"ルール": "TOKKI-10"}})


# --- the mutation: the exception moves one rule's counting, nothing else --------------------------------------------

def _runs(text: str, name: str, on=None):
    from checker.input.loader import load_case_text
    from checker.run import waivers
    from conftest import default_engine

    case = load_case_text(text, name)
    return {v.rule_id: v for v in waivers.apply(default_engine().run([(name, case)])[0], on).verdicts}


@pytest.mark.parametrize("path,rule,change", [
    (N38, "TOKKI-10", refused),
    (N51, "SEI-01", lambda t: t),  # the corpus's one 不適合, as it is
])
def test_adding_the_exception_changes_exactly_that_rules_counting(path, rule, change):
    from checker.verdict import FAIL_ON

    text = change(path.read_text(encoding="utf-8"))
    entry = WAIVER.replace("ルール: TOKKI-10", f"ルール: {rule}")
    if "付議日: 令和6年1月15日" in text:
        entry = entry.replace("承認日: 令和5年12月21日", "承認日: 令和6年1月15日")
    before, after = _runs(text, "a.yaml"), _runs(text + entry, "b.yaml")
    assert before[rule].verdict == "不適合"
    assert {r: v.verdict for r, v in before.items()} == {r: v.verdict for r, v in after.items()}  # every verdict its own
    assert {r: (v.facts, v.reason) for r, v in before.items()} == {r: (v.facts, v.reason) for r, v in after.items()}
    assert [r for r, v in after.items() if v.waiver is not None] == [rule]
    for name, outcomes in FAIL_ON.items():
        moved = {r for r in before if before[r].counted(outcomes) != after[r].counted(outcomes)}
        assert moved == ({rule} if "不適合" in outcomes else set()), name


# --- the audit and the meeting ---------------------------------------------------------------------------------------

def test_the_audit_lists_every_exception_and_those_ending_within_90_days(tmp_path):
    text = refused(N38.read_text(encoding="utf-8"))
    write(tmp_path, text + WAIVER, "a_38.yaml")  # 期限 令和6年3月31日: 101 days after 令和5年12月21日
    write(tmp_path, text + WAIVER.replace("期限: 令和6年3月31日", "期限: 令和6年2月29日"), "b_38.yaml")  # 70 days
    shutil.copy(N51, tmp_path / "c_51.yaml")
    r = run("audit", tmp_path, "--fail-on", "不適合")
    assert r.returncode == 1  # №51's SEI-01 is not covered
    out = r.stdout
    assert "承諾・免除の一覧（2 件。各案件の付議日で判断）" in out
    soon = out[out.index("90 日以内に期限が来る承諾・免除（各案件の付議日から）"):]
    assert flat("期限 令和6年2月29日（付議日 令和5年12月21日から 70 日）") in flat(soon) and "令和6年3月31日" not in soon
    assert "b_38.yaml" in flat(soon) and "a_38.yaml" not in flat(soon)
    assert "× 不適合: TOKKI-10（免除）" in out
    r = run("audit", tmp_path, "--fail-on", "不適合", "--on", "2024-01-15")
    soon = r.stdout[r.stdout.index("90 日以内に期限が来る承諾・免除（基準日 令和6年1月15日（指定した日）から）"):]
    assert "a_38.yaml" in flat(soon) and "b_38.yaml" in flat(soon) and "（基準日令和6年1月15日から76日）" in flat(soon)
    assert run("audit", tmp_path / "a_38.yaml", tmp_path / "b_38.yaml", "--fail-on", "不適合").returncode == 0
    assert run("audit", tmp_path / "a_38.yaml", "--fail-on", "不適合", "--on", "2024-04-01").returncode == 1


def test_the_audit_matrix_keeps_the_mark_and_adds_a_note(tmp_path):
    text = refused(N38.read_text(encoding="utf-8"))
    write(tmp_path, text + WAIVER.replace("期限: 令和6年3月31日", "期限: 令和6年2月29日"), "b_38.yaml")
    out = {}
    for fmt in FORMATS:
        r = run("audit", tmp_path, "--fail-on", "不適合", "--format", fmt, "-o", tmp_path / f"audit.{fmt}")
        assert r.returncode == 0, (fmt, r.stderr)
        out[fmt] = (tmp_path / f"audit.{fmt}").read_text(encoding="utf-8")
    legend = "※判定表で記号に続く 免 は、期限内の承諾・免除がある不適合（判定は不適合のまま、終了コードに数えない）"
    assert "| ×免 |" in out["md"] and legend in out["md"]
    assert '<td class="f">×<small>免</small></td>' in out["html"] and legend in out["html"]
    assert "## 承諾・免除の一覧（1 件。各案件の付議日で判断）" in out["md"] and '<table id="expiring">' in out["html"]
    rows = out["csv"].lstrip("\ufeff").splitlines()
    assert rows[0].endswith(",承諾・免除") and ",×免," in rows[1]
    assert "TOKKI-10 免除（終了コードに数えない。" in rows[1]
    doc = json.loads(out["json"])
    assert doc["cases"][0]["excused"] == ["TOKKI-10"] and "×" in doc["cases"][0]["marks"]
    assert [w["rule"] for w in doc["waivers"]] == ["TOKKI-10"] and doc["expiring"] == [
        {"file": str(tmp_path / "b_38.yaml"), "rule": "TOKKI-10", "expiry": "2024-02-29", "days": 70}]
    x = ET.fromstring(out["junit"])
    assert x.get("failures") == "0"
    (tc,) = [t for t in x.iter("testcase") if t.get("name").startswith("TOKKI-10 ")]
    assert tc.find("failure") is None and "終了コードに数えない" in tc.find("system-out").text


def test_the_meeting_report_shows_it_and_refuses_an_unknown_rule(tmp_path):
    root = tmp_path / "cases"
    shutil.copytree(CASES / "令和5年度", root / "令和5年度")
    shutil.copytree(CASES / "seeds", root / "seeds")  # №35 names its 前回の案件 there
    (copy,) = (root / "令和5年度").glob("*/38_*.yaml")
    copy.write_text(refused(N38.read_text(encoding="utf-8")) + WAIVER, encoding="utf-8")
    r = run("meeting", "2023-12-21", "--cases", root, "-o", "-")
    assert r.returncode == 1 and flat(SHOWN) in flat(r.stdout) and "承諾・免除（付議日 令和5年12月21日 で判断）:" in r.stdout
    r = run("meeting", "2023-12-21", "--cases", root, "--on", "2024-04-01", "-o", "-")
    assert flat(EXPIRED) in flat(r.stdout)
    copy.write_text(refused(N38.read_text(encoding="utf-8")) + WAIVER.replace("TOKKI-10", "ｔｏｋｋｉ－１０"), encoding="utf-8")
    r = run("meeting", "2023-12-21", "--cases", root, "-o", "-")
    assert r.returncode == 2 and "ルール「ｔｏｋｋｉ－１０」はありません。もしかして「TOKKI-10」ですか" in r.stderr


# --- the workbook carries it; nothing changes for a case without -------------------------------------------------------

def test_convert_carries_the_exceptions_both_ways(tmp_path, case):
    book, back = tmp_path / "38.xlsx", tmp_path / "back.yaml"
    assert run("convert", case, book).returncode == 0
    assert run("convert", book, back).returncode == 0
    got = [_verdicts(_json(p))["TOKKI-10"]["waiver"] for p in (case, book, back)]
    assert got[0] == got[1] == got[2] and got[0]["state"] == "免除"
    assert run("check", book, "--fail-on", "不適合").returncode == 0


def test_a_workbook_without_the_approver_names_its_cell(tmp_path):
    from checker.input.loader import read_case_data
    from checker.report.case_workbook import render_case_xlsx

    data, _ = read_case_data(write(tmp_path, refused(N38.read_text(encoding="utf-8")) + WAIVER))
    del data["承諾・免除"][0]["承認者"]
    book = tmp_path / "38.xlsx"
    book.write_bytes(render_case_xlsx(data))
    r = run("check", book)
    assert r.returncode == 2 and f"{book}!承諾・免除!D5: 必須の項目「承諾・免除[1].承認者」がありません" in r.stderr


def test_the_template_and_the_new_workbook_offer_it(tmp_path):
    import openpyxl

    assert run("new", "業務委託", "-o", tmp_path / "n.yaml").returncode == 0
    text = (tmp_path / "n.yaml").read_text(encoding="utf-8")
    assert "\n承諾・免除:" in text and "\n# - ルール:" in text
    assert run("new", "業務委託", "-o", tmp_path / "n.xlsx").returncode == 0
    ws = openpyxl.load_workbook(tmp_path / "n.xlsx")["承諾・免除"]
    assert [ws.cell(3, c).value for c in range(2, 7)] == ["ルール", "理由", "承認者", "承認日", "期限"]


def test_a_case_without_exceptions_says_nothing_of_them_and_every_format_is_deterministic(tmp_path, case):
    plain = write(tmp_path, refused(N38.read_text(encoding="utf-8")), "plain.yaml")
    for fmt in FORMATS:
        assert "免除" not in run("check", plain, "--all", "--format", fmt).stdout, fmt
        twice = [run("check", case, "--all", "--format", fmt).stdout for _ in range(2)]
        assert twice[0] == twice[1] and "免除" in twice[0], fmt


def test_the_json_reports_with_exceptions_follow_the_schema(tmp_path, case):
    jsonschema = pytest.importorskip("jsonschema")
    from conftest import ROOT

    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    docs = [_json(case), _json(case, "--on", "2024-04-01")]
    r = run("audit", case.parent, "--on", "2024-01-15", "--format", "json", "-o", tmp_path / "a.json")
    assert r.returncode == 1, r.stderr
    docs.append(json.loads((tmp_path / "a.json").read_text(encoding="utf-8")))
    assert docs[2]["on"] == "2024-01-15" and docs[2]["expiring"][0]["days"] == 76
    for doc in docs:
        validator.validate(doc)
    bad = json.loads(json.dumps(docs[0]))
    bad["cases"][0]["verdicts"][0]["waiver"] = {"rule": "X"}  # the schema holds the shape (a guard that cannot fail is none)
    assert not validator.is_valid(bad)


@pytest.mark.slow
def test_the_audit_in_worker_processes_gives_the_same_exceptions(tmp_path):
    text = refused(N38.read_text(encoding="utf-8"))
    write(tmp_path, text + WAIVER, "a_38.yaml")
    write(tmp_path, text + WAIVER.replace("期限: 令和6年3月31日", "期限: 令和6年2月29日"), "b_38.yaml")
    got = []
    for jobs in ("1", "2"):
        r = run("audit", tmp_path, "-j", jobs, "--fail-on", "不適合", "--format", "json", "-o", tmp_path / f"j{jobs}.json")
        assert r.returncode == 0, r.stderr
        got.append((tmp_path / f"j{jobs}.json").read_bytes())
    assert got[0] == got[1] and "免除".encode() in got[0]
