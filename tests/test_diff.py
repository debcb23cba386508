"""Issue 21 part 2: what changed since the last approval — 前回の案件, `checker diff OLD NEW`, and the section
前回からの変更 of check and meeting, on the real cases (seed 001 → №35 団体内統合宛名, the 素案 → 実施結果 pairs)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import CASES, ROOT, invoke

# as given on the command line, run in the repository (reports print a case's path as given)
SEED001 = (CASES / "seeds" / "001_団体内統合宛名_平成27.yaml").relative_to(ROOT)
NO35 = next((CASES / "令和5年度" / "2023-12-21").glob("35_*.yaml")).relative_to(ROOT)
NO12 = next((CASES / "令和5年度" / "2023-09-06").glob("12_*.yaml")).relative_to(ROOT)
NO32 = next((CASES / "令和5年度" / "2023-12-21").glob("32_*.yaml")).relative_to(ROOT)
CHANGED_NOTE = "※◆ 前回の承認から変わった記載（様式の「太字・下線」）"
FORMATS = ("text", "md", "html", "json")


def run(*args, cwd=ROOT):
    r = invoke(*args, cwd=cwd)
    return r.returncode, r.stdout.decode("utf-8"), r.stderr.decode("utf-8")


def diff(old, new, fmt="text"):
    code, out, err = run("diff", str(old), str(new), "--format", fmt)
    assert code == 0, err
    return out


@pytest.fixture(scope="module")
def seed001_35():
    return {fmt: diff(SEED001, NO35, fmt) for fmt in FORMATS}


def _unfold(text: str) -> str:
    """The text report without its folding and its spaces (a folded line breaks at a space, or anywhere in a long word)."""
    return re.sub(r"\s+", "", text)


def _has(text: str, piece: str) -> bool:
    """The piece is in the text report, whatever its folding."""
    return _unfold(piece) in _unfold(text)


# --- checker diff on seed 001 → №35 -------------------------------------------------------------------------------

def test_diff_lists_the_added_jimu_by_their_labels(seed001_35):
    """Seed 000 adds ①外国人生活保護事務 ②新宿区子ども医療費助成事業: №35's file writes them as the first two
    番号法.個人番号利用事務 (and the 7 事務 of the 別紙 after them); seed 001 has no 番号法 table: all are added."""
    doc = json.loads(seed001_35["json"])
    added = {f["label"]: f["new"] for f in doc["facts"]["added"]}
    assert added["番号法.個人番号利用事務[1].事務"] == "外国人生活保護事務"
    assert added["番号法.個人番号利用事務[2].事務"] == "新宿区子ども医療費助成事業"
    assert sum(1 for k in added if re.fullmatch(r"番号法\.個人番号利用事務\[\d\]\.事務", k)) == 9
    assert added["番号法.情報連携[1].事務"] == "外国人生活保護事務" and added["番号法.情報連携[2].事務"] == "新宿区子ども医療費助成事業"
    assert all(f["old"] is None for f in doc["facts"]["added"]) and all(f["new"] is None for f in doc["facts"]["removed"])
    text = seed001_35["text"]
    assert "\n  番号法.個人番号利用事務[1].事務\n      今回: ◆外国人生活保護事務\n" in text
    assert "\n■ 記載の追加（" in text and "\n■ 記載の削除（" in text and "\n■ 記載の変更（" in text


def test_diff_lists_changed_and_removed_entries_with_both_values(seed001_35):
    doc = json.loads(seed001_35["json"])
    changed = {f["label"]: (f["old"], f["new"]) for f in doc["facts"]["changed"]}
    assert changed["付議日"] == ("平成27年度", "令和5年12月21日")
    assert changed["担当課"] == ("情報政策課", "生活福祉課、保護担当課、子ども家庭課、情報システム課")
    assert changed["電算処理.記録するコンピュータ"] == ("団体内統合宛名等システム、新宿区自治体中間サーバー", "団体内統合宛名等システム、新宿区自治体中間サーバ")
    assert changed["会議"] == ("情報公開・個人情報保護審議会", "個人情報保護管理運営会議")
    removed = {f["label"]: f["old"] for f in doc["facts"]["removed"]}
    assert removed["業務委託.特記事項の添付"] == "あり"  # 001 says 別紙「特記事項」; 000 does not
    assert removed["業務委託.チェックリスト.責任者及び取扱者の報告"] == "○"
    # where a case comes from is not what it says
    labels = {f["label"] for k in ("added", "removed", "changed") for f in doc["facts"][k]}
    assert not labels & {"出典", "出所", "前回の案件"} and not any(x.startswith("出所.") for x in labels)
    # the entry of the same name (the one 委託先 日本電気株式会社) is compared with itself: unchanged
    assert not any(x.startswith("業務委託.委託先") for x in labels)


def test_diff_lists_the_verdicts_that_changed_with_the_facts_that_moved_them(seed001_35):
    doc = json.loads(seed001_35["json"])
    v = {x["rule"]: x for x in doc["verdicts"]}
    # 特記事項 attached in 001, not said in 000; and the rule's version is chosen by each 付議日
    tokki = v["KOJIN-ITAKU-CONTRACT"]
    assert (tokki["old"], tokki["new"]) == ("適合", "要確認")
    assert {"label": "業務委託.特記事項の添付", "old": "あり", "new": None} in tokki["facts"]
    assert tokki["versions"] == {"old": {"from": None, "to": "2023-03-31"}, "new": {"from": "2023-04-01", "to": None}}
    # the 事務 000 adds decide the 番号法 rules
    listed = v["MN-USE-LISTED"]
    assert (listed["old"], listed["new"]) == ("要確認", "適合")
    assert listed["facts"] == [{"label": "番号法.個人番号利用事務の件数", "old": None, "new": "9"}]
    # a checklist of the 令和5年度 form applies by the 付議日 only: the date moved it
    assert v["ITAKU-02"]["facts"] == [{"label": "付議日", "old": "平成27年度", "new": "令和5年12月21日"}]
    assert "versions" not in v["ITAKU-02"]
    assert doc["counts"]["verdicts"] == len(doc["verdicts"]) > 20
    text = seed001_35["text"]
    assert "\n■ 判定の変わったルール（%d）\n" % len(doc["verdicts"]) in text
    assert _has(text, "KOJIN-ITAKU-CONTRACT 前回: ○ 適合 今回: ? 要確認 判定を動かした事実: "
                      "ルールの版が違う（前回 〜2023-03-31、今回 2023-04-01〜: 付議日で選ぶ）／業務委託.特記事項の添付: あり → （記載なし）")


def test_diff_json_agrees_with_the_text(seed001_35):
    jsonschema = pytest.importorskip("jsonschema")

    doc = json.loads(seed001_35["json"])
    jsonschema.Draft202012Validator(json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))).validate(doc)
    assert doc["schema"] == "checker/diff/v1"
    assert doc["old"]["file"] == str(SEED001) and doc["new"]["number"] == 35
    c = doc["counts"]
    assert [c["added"], c["removed"], c["changed"], c["verdicts"]] == [
        len(doc["facts"]["added"]), len(doc["facts"]["removed"]), len(doc["facts"]["changed"]), len(doc["verdicts"])]
    for fmt in ("text", "md", "html"):
        out = seed001_35[fmt]
        assert f"記載: 追加 {c['added']}・削除 {c['removed']}・変更 {c['changed']}　判定の変わったルール {c['verdicts']}" in out, fmt
    text, md = seed001_35["text"], seed001_35["md"]
    for kind, said in (("added", "今回: ◆{new}"), ("removed", "前回: {old}"), ("changed", "前回: {old} 今回: ◆{new}")):
        for f in doc["facts"][kind]:  # a table as columns, or row by row (each value after its header)
            assert _has(text, f"{f['label']} " + said.format(**f)) or _has(text, f"{f['label']} " + re.sub(r"(前回|今回): ", "", said.format(**f))), f
            assert f"| {f['label']} |" in md, f
    for x in doc["verdicts"]:
        assert f"\n  {x['rule']}\n      前回: " in text, x["rule"]
        assert f"| {x['rule']} |" in md


def test_diff_marks_the_new_value_of_a_changed_entry_in_every_format(seed001_35):
    assert "\n  付議日\n      前回: 平成27年度\n      今回: ◆令和5年12月21日\n" in seed001_35["text"]
    assert "| 付議日 | 平成27年度 | ◆**<u>令和5年12月21日</u>** |" in seed001_35["md"]
    assert "<td>付議日</td><td>平成27年度</td><td><b class=\"changed\"><u>令和5年12月21日</u></b></td>" in seed001_35["html"]
    for fmt in ("text", "md", "html"):
        assert seed001_35[fmt].count(CHANGED_NOTE) == 1, fmt
    assert "◆" not in seed001_35["json"]


def test_a_case_diffed_with_itself_lists_nothing():
    for fmt in FORMATS:
        out = diff(NO35, NO35, fmt)
        if fmt == "json":
            doc = json.loads(out)
            assert doc["counts"] == {"added": 0, "removed": 0, "changed": 0, "verdicts": 0}
            assert doc["facts"] == {"added": [], "removed": [], "changed": []} and doc["verdicts"] == []
        else:
            assert "追加 0・削除 0・変更 0　判定の変わったルール 0" in out and "◆" not in out and CHANGED_NOTE not in out, fmt
            assert "（変わった記載はありません）" in out and "（判定の変わったルールはありません）" in out


def test_diff_of_a_pia_pair(tmp_path):
    """№12 (素案, 9月6日) → №32 (実施結果, 12月21日): judged as `checker check 12 32` judges them, the 実施結果 finds its
    素案 among the two."""
    doc = json.loads(diff(NO12, NO32, "json"))
    changed = {f["label"]: (f["old"], f["new"]) for f in doc["facts"]["changed"]}
    assert changed["特定個人情報保護評価.段階"] == ("素案", "実施結果")
    added = {f["label"] for f in doc["facts"]["added"]}
    assert {"特定個人情報保護評価.素案報告.案件", "特定個人情報保護評価.第三者点検.実施者"} <= added
    v = {x["rule"]: x for x in doc["verdicts"]}
    assert v["PIA-SEQ-DRAFT"]["new"] == "適合"  # linked to №12 among the two (checker check 32 alone: 要確認)


def test_diff_exit_codes_and_bad_input(tmp_path):
    code, _, err = run("diff", str(SEED001), str(tmp_path / "ない.yaml"))
    assert code == 2 and "ない.yaml" in err
    code, _, err = run("diff", str(SEED001), str(NO35), "--format", "csv")
    assert code == 2 and "csv" in err
    code, out, _ = run("diff", str(SEED001), str(NO35), "--format", "md", "-o", str(tmp_path / "d.md"))
    assert code == 0 and (tmp_path / "d.md").read_text(encoding="utf-8").startswith("# 前回からの変更: №35 ")


def test_text_fits_80_columns(seed001_35):
    from wcwidth import wcswidth

    assert max(wcswidth(x) for x in seed001_35["text"].splitlines()) <= 80


# --- entries compared by their name ---------------------------------------------------------------------------------

BASE = """件名: 試験
区分: [業務委託]
担当課: [戸籍住民課]
付議日: 令和5年12月21日
業務委託:
  委託先:
{itaku}
  チェックリスト:
    特記事項等の遵守: {row}
番号法:
  個人番号利用事務:
{jimu}
"""


def _case(path: Path, itaku: list[tuple], jimu: list[str], row: str = "○") -> Path:
    path.write_text(BASE.format(
        itaku="\n".join(f"    - 名称: {n}\n      契約方式: {m}" for n, m in itaku),
        jimu="\n".join(f"    - 事務: {j}\n      種別: 独自利用事務" for j in jimu), row=row), encoding="utf-8")
    return path


def test_entries_of_a_list_are_matched_by_their_name_not_their_place(tmp_path):
    old = _case(tmp_path / "old.yaml", [("A社", "随意契約"), ("B社", "一般競争入札")], ["事務甲", "事務乙"])
    new = _case(tmp_path / "new.yaml", [("B社", "一般競争入札"), ("A社", "指名競争入札")], ["事務乙", "事務丙"], "ー（委託先が扱わない）")
    doc = json.loads(diff(old, new, "json"))
    f = doc["facts"]
    # B社 moved to the first place: unchanged; A社's 契約方式 changed (named by its place in the new file)
    assert f["changed"] == [{"label": "業務委託.委託先[2].契約方式", "old": "随意契約", "new": "指名競争入札"},
                            {"label": "業務委託.チェックリスト.特記事項等の遵守", "old": "○", "new": "ー（委託先が扱わない）"}]
    # 事務甲 removed, 事務丙 added (a 事務 of another name is another 事務)
    assert {"label": "番号法.個人番号利用事務[2].事務", "old": None, "new": "事務丙"} in f["added"]
    assert {"label": "番号法.個人番号利用事務[1].事務", "old": "事務甲", "new": None} in f["removed"]
    assert doc["counts"]["added"] == 2 and doc["counts"]["removed"] == 2  # each with its 種別


# --- 前回の案件 in a case file ------------------------------------------------------------------------------------------

def _copy(tmp_path: Path) -> tuple[Path, Path]:
    """№35 and seed 001 copied side by side, №35 naming the copy."""
    old = tmp_path / "001.yaml"
    shutil.copy(ROOT / SEED001, old)
    new = tmp_path / "35.yaml"
    text = (ROOT / NO35).read_text(encoding="utf-8").replace("前回の案件: ../../seeds/001_団体内統合宛名_平成27.yaml", "前回の案件: 001.yaml")
    assert "前回の案件: 001.yaml" in text
    new.write_text(text, encoding="utf-8")
    return old, new


def _line(path: Path, key: str = "前回の案件:") -> int:
    return next(k for k, x in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if x.startswith(key))


def test_a_missing_predecessor_is_an_input_error_naming_the_line(tmp_path):
    old, new = _copy(tmp_path)
    old.unlink()
    for cmd in (["check", str(new)], ["audit", str(tmp_path)], ["convert", str(new), str(tmp_path / "x.xlsx")]):
        code, out, err = run(*cmd)
        assert code == 2, (cmd, err)
        assert f"{new}:{_line(new)}: 前回の案件: 「001.yaml」を開けません（ありません）" in err, (cmd, err)
        assert "Traceback" not in err
    assert not (tmp_path / "x.xlsx").exists()


def test_a_case_naming_itself_or_no_case_file_is_an_error(tmp_path):
    _, new = _copy(tmp_path)
    text = new.read_text(encoding="utf-8")
    for named, said in (("35.yaml", "はこの案件ファイル自身です"), (".", "は案件ファイルではありません"), ("001.txt", "は案件ファイルではありません")):
        new.write_text(text.replace("前回の案件: 001.yaml", f"前回の案件: {named}"), encoding="utf-8")
        code, _, err = run("check", str(new))
        assert code == 2 and f"{new}:{_line(new)}: 前回の案件: 「{named}」{said}" in err, err


def test_a_predecessor_that_cannot_be_read_is_said_with_its_own_errors(tmp_path):
    old, new = _copy(tmp_path)
    old.write_text("件名: [壊れた\n", encoding="utf-8")
    code, _, err = run("check", str(new))
    assert code == 2
    lines = [x for x in err.splitlines() if x.startswith("エラー: ")]
    assert lines[0].startswith(f"エラー: {new}:{_line(new)}: 前回の案件: 「001.yaml」を案件として読めません")
    assert lines[1].startswith(f"エラー: {old}:")
    # the audit, which shows no comparison, only checks that the file is there: the bad predecessor is its own error
    code, _, err = run("audit", str(tmp_path))
    assert code == 2 and f"{old}:" in err and "前回の案件" not in err


def test_the_chain_is_followed_one_step_only(tmp_path):
    old, new = _copy(tmp_path)
    old.write_text(old.read_text(encoding="utf-8") + "前回の案件: ない.yaml\n", encoding="utf-8")
    code, out, err = run("check", str(new), "--fail-on", "なし")
    assert code == 0, err
    assert "□ 前回からの変更" in out


def test_predecessor_is_no_fact(tmp_path, engine):
    """Naming the predecessor moves no verdict (rules never see it)."""
    from checker.input.loader import load_case

    _, new = _copy(tmp_path)
    alone = tmp_path / "alone.yaml"
    alone.write_text(new.read_text(encoding="utf-8").replace("前回の案件: 001.yaml\n", ""), encoding="utf-8")
    a, b = engine.run([(str(new), load_case(new)), (str(alone), load_case(alone))])
    assert "前回の案件" not in a.facts and a.facts == b.facts
    assert [(v.rule_id, v.verdict, v.facts) for v in a.verdicts] == [(v.rule_id, v.verdict, v.facts) for v in b.verdicts]


def test_convert_names_the_same_predecessor_from_another_folder(tmp_path):
    """YAML → workbook in another folder → YAML: 前回の案件 is rewritten relative to the output, the same file."""
    out = tmp_path / "別" / "35.xlsx"
    code, _, err = run("convert", str(ROOT / NO35), str(out), "--mkdir")
    assert code == 0, err
    back = tmp_path / "35.yaml"
    code, _, err = run("convert", str(out), str(back))
    assert code == 0, err
    from checker.input.loader import load_case

    for f in (out, back):
        at = load_case(f).predecessor_at
        assert at is not None and at[0].resolve() == (ROOT / SEED001).resolve(), f
    import os

    assert load_case(back).predecessor == Path(os.path.relpath(ROOT / SEED001, tmp_path)).as_posix()  # from the output's folder


# --- the section in check and meeting ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def meeting_reports():
    out = {}
    for fmt in ("text", "md", "html", "json", "csv", "junit"):
        code, text, err = run("meeting", "2023-12-21", "--format", fmt, "-o", "-")
        assert code in (0, 1), err
        out[fmt] = text
    return out


def _case_part(fmt: str, report: str, number: int) -> str:
    """The part of a meeting report that is one case (from its heading to the next case's)."""
    head = {"text": f"\n■ №{number} ", "md": f"\n## №{number} ", "html": f'<section class="case" id="case-{number}">'}[fmt]
    start = report.index(head)
    nxt = {"text": "\n■ №", "md": "\n## №", "html": '<section class="case"'}[fmt]
    end = report.find(nxt, start + len(head))
    return report[start:end if end > 0 else None]


def test_meeting_shows_the_section_for_no35_and_marks_the_changes(meeting_reports):
    text = _case_part("text", meeting_reports["text"], 35)
    assert "\n□ 前回からの変更\n" in text and _has(text, "前回の案件: 社会保障") and _has(text, "（cases/seeds/001_団体内統合宛名_平成27.yaml、付議日 平成27年度）")
    assert "\n・記載の追加（" in text and "\n・判定の変わったルール（" in text
    assert "\n      今回: ◆令和5年12月21日\n" in text and "\n      今回: ◆外国人生活保護事務\n" in text
    md = _case_part("md", meeting_reports["md"], 35)
    assert "\n### 前回からの変更\n" in md and "| 番号法.個人番号利用事務[1].事務 | ◆**<u>外国人生活保護事務</u>** |" in md
    html = _case_part("html", meeting_reports["html"], 35)
    assert "<h3>前回からの変更</h3>" in html
    assert '<td>番号法.個人番号利用事務[1].事務</td><td><b class="changed"><u>外国人生活保護事務</u></b></td>' in html
    for fmt in ("text", "md", "html"):  # the legend says what the mark means, once
        assert meeting_reports[fmt].count(CHANGED_NOTE) == 1, fmt


def test_only_the_cases_naming_a_predecessor_have_the_section(meeting_reports):
    doc = json.loads(meeting_reports["json"])
    assert [c["number"] for c in doc["cases"] if "changes" in c] == [29, 30, 32, 35, 39, 40]
    for n in (27, 28, 31, 33, 34, 36, 37, 38, 41):
        for fmt in ("text", "md", "html"):
            assert "前回からの変更" not in _case_part(fmt, meeting_reports[fmt], n), (n, fmt)
    no35 = next(c for c in doc["cases"] if c["number"] == 35)["changes"]
    assert no35["old"]["file"] == "cases/seeds/001_団体内統合宛名_平成27.yaml"
    assert no35 == {k: v for k, v in json.loads(diff(SEED001, NO35, "json")).items() if k not in ("schema", "new")}
    # csv and junit carry no section: their shape is one row (one testcase) per case and rule
    assert "前回からの変更" not in meeting_reports["csv"] and "前回からの変更" not in meeting_reports["junit"]
    assert "◆" not in meeting_reports["csv"] + meeting_reports["junit"]


def test_check_shows_the_section_in_every_format(tmp_path):
    for fmt in ("text", "md", "html"):
        code, out, err = run("check", str(NO35), "--format", fmt)
        assert code == 1, err
        assert "前回からの変更" in out and CHANGED_NOTE in out, fmt
    code, out, _ = run("check", str(NO35), "--format", "json")
    changes = json.loads(out)["cases"][0]["changes"]
    assert changes["counts"]["added"] > 50 and changes["old"]["file"] == "cases/seeds/001_団体内統合宛名_平成27.yaml"
    code, out, _ = run("check", str(SEED001), "--format", "json")  # seed 001 names no predecessor
    assert "changes" not in json.loads(out)["cases"][0]
