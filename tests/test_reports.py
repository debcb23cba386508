"""checker meeting / audit / check in every format: content, schema, determinism, output files.

Rule packs are being added while these tests are written: nothing here counts all rules; cells and
totals are checked by rule id or against each other.
"""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import CASES, ROOT, SEED004, invoke

FORMATS = ["text", "md", "html", "csv", "json", "junit"]
MEETING = "2023-12-21"
AGENDA = list(range(27, 42))  # seed 003: №27〜№41 on 12月21日
SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text(encoding="utf-8"))
KETSU_ITEMS = [f"KETSU-KU-UN-0{i}" for i in range(1, 6)] + [f"KETSU-KU-SYS-{i:02d}" for i in range(1, 11)] \
    + [f"KETSU-SAKI-UN-0{i}" for i in range(1, 6)] + [f"KETSU-SAKI-SYS-{i:02d}" for i in range(1, 11)]


def cli(*args, cwd: Path | None = None):
    """(exit code, stdout bytes, stderr text) of one in-process run (conftest.invoke)."""
    r = invoke(*args, cwd=cwd)
    return r.returncode, r.stdout, r.stderr.decode("utf-8")


_STDOUT: dict[tuple, tuple] = {}


def stdout_run(*args, share: bool = True):
    """cli(*args, "-o", "-"). Shared (a report of the repository's own cases, without --timestamp): run once, and the
    tests that read the same report read that run (test_same_input_same_bytes writes its own to compare with it)."""
    key = tuple(map(str, args))
    if not share or "--timestamp" in key:
        return cli(*args, "-o", "-")
    if key not in _STDOUT:
        _STDOUT[key] = cli(*args, "-o", "-")
    return _STDOUT[key]


def meeting(fmt: str, *extra):
    code, out, err = stdout_run("meeting", MEETING, "--cases", CASES, "--format", fmt, *extra)
    assert code in (0, 1), err
    assert "Traceback" not in err
    return out


def audit(fmt: str, *extra, path=CASES):
    code, out, err = stdout_run("audit", path, "--format", fmt, *extra, share=path == CASES)
    assert code in (0, 1), err
    return out


def case_files(root: Path = CASES) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if not p.name.startswith("_"))


def validate(doc: dict) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)


class Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])


@pytest.fixture(scope="module")
def meeting_json():
    doc = json.loads(meeting("json"))
    validate(doc)
    return doc


@pytest.fixture(scope="module")
def audit_json():
    doc = json.loads(audit("json"))
    validate(doc)
    return doc


def cell(doc: dict, file_part: str, rule: str) -> str:
    col = [r["id"] for r in doc["rules"]].index(rule)
    rows = [c for c in doc["cases"] if file_part in c["file"]]
    assert len(rows) == 1, (file_part, [c["file"] for c in rows])
    return rows[0]["marks"][col]


# --- checker meeting --------------------------------------------------------------------------------------------

def test_meeting_json_has_the_15_cases_in_agenda_order(meeting_json):
    assert meeting_json["meeting"]["date"] == MEETING
    assert [int(a["no"]) for a in meeting_json["agenda"]] == AGENDA
    assert [c["number"] for c in meeting_json["cases"]] == AGENDA
    assert all(a["date"] == "12月21日" for a in meeting_json["agenda"])
    for c in meeting_json["cases"]:
        assert sum(c["summary"].values()) == len(c["verdicts"])


def test_meeting_agenda_is_the_seed_list(meeting_json):
    from checker.input.corpus import list_rows, load_year

    rows = [r for r in list_rows(load_year("令和5", CASES)) if r[4] == "12月21日"]
    assert [list(a.values()) for a in meeting_json["agenda"]] == rows


@pytest.mark.parametrize("fmt", FORMATS)
def test_meeting_every_format_lists_the_15_cases_in_order(fmt):
    out = meeting(fmt)
    if fmt == "text":
        text = out.decode("utf-8")
        assert "審議案件一覧（15 件）" in text
        assert [int(n) for n in re.findall(r"(?m)^■ №(\d+) ", text)] == AGENDA
        agenda = text[text.index("審議案件一覧"):text.index("■")]
        assert [int(n) for n in re.findall(r"(?m)^(\d+)\s", agenda)] == AGENDA
    elif fmt == "md":
        text = out.decode("utf-8")
        assert [int(n) for n in re.findall(r"(?m)^## №(\d+) ", text)] == AGENDA
        assert [int(n) for n in re.findall(r"(?m)^\| (\d+) \|", text)] == AGENDA
    elif fmt == "html":
        p = Ids()
        p.feed(out.decode("utf-8"))
        assert [i for i in p.ids if re.fullmatch(r"case-\d+", i)] == [f"case-{n}" for n in AGENDA]
        assert "script" not in p.tags and "link" not in p.tags and "img" not in p.tags
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out.decode("utf-8-sig"), newline="")))
        order = list(dict.fromkeys(int(r[1]) for r in rows[1:]))
        assert order == AGENDA
    elif fmt == "json":
        assert [c["number"] for c in json.loads(out)["cases"]] == AGENDA
    else:
        root = ET.fromstring(out)
        nos = [int(s.find("properties/property[@name='№']").get("value")) for s in root.findall("testsuite")]
        assert nos == AGENDA


def test_meeting_links_pia_pairs_of_the_year(meeting_json):
    """№32 names №12 (9月6日, another meeting): in the meeting report its 素案報告 is placed; alone it is not."""
    by_no = {c["number"]: {v["rule"]: v for v in c["verdicts"]} for c in meeting_json["cases"]}
    assert by_no[32]["PIA-SEQ-DRAFT"]["verdict"] == "適合"
    assert by_no[29]["PIA-SEQ-DRAFT"]["verdict"] == "要確認"  # the pair disagrees on the meeting (seed-digest §5g)
    alone = next((CASES / "令和5年度" / MEETING).glob("32_*.yaml"))
    code, out, _ = cli("check", alone, "--format", "json")
    v = {x["rule"]: x for x in json.loads(out)["cases"][0]["verdicts"]}
    assert v["PIA-SEQ-DRAFT"]["verdict"] == "要確認"


def test_meeting_text_shows_findings_with_citation_and_what_to_do():
    text = meeting("text").decode("utf-8")
    sec = text[text.index("■ №29 "):text.index("■ №30 ")]
    assert "判定: 適合 " in sec and "不適合 " in sec and "要確認 " in sec and "対象外 " in sec
    line = next(x for x in sec.splitlines() if "PIA-SEQ-DRAFT" in x)
    assert "? 要確認" in line
    # a 要確認 item says which facts to write
    assert "記載する事実" in sec or "判断できません" in sec


def test_meeting_notes_go_to_stderr():
    code, out, err = cli("meeting", MEETING, "--cases", CASES, "-o", "-")
    assert "注意: " in err and "29_" in err  # the №29 / №9 pair (第5回 vs 第6回)
    assert "注意" not in out.decode("utf-8")


@pytest.mark.parametrize("date", ["令和5年12月21日", "R5.12.21", "2023/12/21"])
def test_meeting_date_in_wareki(date, meeting_json):
    code, out, err = cli("meeting", date, "--cases", CASES, "--format", "json", "-o", "-")
    assert code in (0, 1), err
    assert json.loads(out) == meeting_json


def test_meeting_unknown_date_lists_the_meeting_dates(tmp_path):
    code, out, err = cli("meeting", "2023-12-22", "--cases", CASES, "--format", "html", cwd=tmp_path)
    assert code == 2 and out == b""
    assert err.count("\n") == 1 and "2023-12-22 の会議はありません" in err
    for d in ("2023-07-28", "2023-12-21", "2024-01-15"):
        assert d in err
    assert "Traceback" not in err
    assert not list(tmp_path.rglob("*.html"))


def test_meeting_not_a_day():
    code, out, err = cli("meeting", "令和5年12月", "--cases", CASES)
    assert code == 2 and "1 日を指していません" in err


def test_unverified_citation_is_marked_in_reports(tmp_path):
    f = tmp_path / "pia.yaml"
    f.write_text("出典: [test]\n件名: 保護評価\n区分: [電算処理]\n担当課: [戸籍住民課]\n付議日: 令和5年12月21日\n"
                 "個人番号の取扱い: あり\n特定個人情報保護評価:\n  対象人数: 50,000人\n  評価の種類: [基礎項目評価]\n"
                 "  取扱者数: 600人\n", encoding="utf-8")
    for fmt in ("text", "md", "html", "csv"):
        out = cli("check", f, "--format", fmt)[1].decode("utf-8")
        assert "〔未検証〕" in out, fmt
    doc = json.loads(cli("check", f, "--format", "json")[1])
    v = {x["rule"]: x for x in doc["cases"][0]["verdicts"]}["PIA-TH-JUTEN"]
    assert v["verdict"] == "不適合" and v["cite"].endswith("〔未検証〕") and v["citation_status"] == "unverified"
    assert v["remedy"] and v["todo"] == v["remedy"]


# --- checker audit ----------------------------------------------------------------------------------------------

def test_audit_covers_every_case_file(audit_json):
    files = case_files()
    assert len(files) >= 54  # 51 cases of seed 003 + seeds 001, 002, 004 (№35 is seed 000's full form, one file)
    assert [Path(c["file"]).resolve() for c in audit_json["cases"]] == [p.resolve() for p in files]
    assert audit_json["totals"]["cases"] == len(files)


def test_audit_totals_add_up(audit_json):
    rules, cases = audit_json["rules"], audit_json["cases"]
    assert audit_json["totals"]["rules"] == len(rules)
    assert [r for p in audit_json["packs"] for r in p["rules"]] == [r["id"] for r in rules]
    marks = {v: k for k, v in audit_json["marks"].items()}
    for c in cases:
        assert len(c["marks"]) == len(rules)
        assert sum(c["counts"].values()) == len(rules)
        for v, m in marks.items():
            assert c["counts"][v] == c["marks"].count(m)
        assert c["failed"] == [r["id"] for r, m in zip(rules, c["marks"]) if m == "×"]
        assert c["unknown"] == [r["id"] for r, m in zip(rules, c["marks"]) if m == "?"]
    for i, r in enumerate(rules):
        assert sum(r["counts"].values()) == len(cases)
        for v, m in marks.items():
            assert r["counts"][v] == sum(c["marks"][i] == m for c in cases)
    for v in marks:
        assert audit_json["totals"]["counts"][v] == sum(r["counts"][v] for r in rules) == sum(c["counts"][v] for c in cases)
    top = audit_json["top_failed"]
    assert len(top) <= 10 and all(t["failed"] > 0 for t in top)
    assert [t["failed"] for t in top] == sorted((t["failed"] for t in top), reverse=True)


def test_audit_columns_grouped_by_pack(audit_json):
    packs = [r["pack"] for r in audit_json["rules"]]
    seen = []
    for p in packs:
        if not seen or seen[-1] != p:
            assert p not in seen, f"pack {p} split"
            seen.append(p)
    assert {"特記事項", "外部結合チェックリスト", "番号法", "特定個人情報保護評価"} <= set(seen)


def test_audit_real_cells(audit_json):
    for rid in KETSU_ITEMS:
        assert cell(audit_json, "seeds/004_", rid) == "○", rid  # seed 004: every 外部結合 item answered ○
    assert cell(audit_json, "seeds/004_", "TOKKI-01") == "ー"  # no 業務委託
    assert cell(audit_json, "/05_", "TOKKI-01") == "ー"  # №5: 外部提供 only
    assert cell(audit_json, "/05_", "KETSU-KU-UN-01") == "ー"
    assert cell(audit_json, "/32_", "PIA-SEQ-DRAFT") == "○"  # linked to №12 within the audit
    assert cell(audit_json, "/29_", "PIA-SEQ-DRAFT") == "?"
    assert cell(audit_json, "/32_", "PIA-PUBCOM") == "○"


def test_audit_matches_check_on_every_cell(audit_json, book):
    """The streamed audit gives the verdicts `checker check` gives on the same files, cell for cell."""
    from checker.engine import Engine
    from checker.input.loader import load_cases
    from checker.input.pia import link_reports
    from checker.verdict import MARKS

    cases = load_cases([CASES])
    link_reports(cases)
    runs = Engine(book).run(cases)
    ids = [r["id"] for r in audit_json["rules"]]
    assert sorted(ids) == sorted(book.ids())
    for run, row in zip(runs, audit_json["cases"], strict=True):
        assert run.case_id == row["file"]
        got = {v.rule_id: MARKS[v.verdict] for v in run.verdicts}
        assert "".join(got[i] for i in ids) == row["marks"], run.case_id


def _pia_pair(folder: Path) -> None:
    """A 実施結果 report (a_…) that sorts before the 素案 report it names (b_…): the audit must wait for it."""
    head = "出典: [test]\n区分: [電算処理]\n担当課: [戸籍住民課]\n個人番号の取扱い: あり\n"
    (folder / "a_result.yaml").write_text(
        head + "件名: 実施結果\n番号: 32\n付議日: 令和5年12月21日\n特定個人情報保護評価:\n  評価の種類: [全項目評価]\n"
        "  段階: 実施結果\n  素案報告: {案件: №12}\n  パブリック・コメント: {開始: 令和5年10月5日, 終了: 令和5年11月6日}\n"
        "  第三者点検: {開始: 令和5年10月5日, 終了: 令和5年11月30日}\n", encoding="utf-8")
    (folder / "b_draft.yaml").write_text(
        head + "件名: 素案\n番号: 12\n付議日: 令和5年9月6日\n特定個人情報保護評価:\n  評価の種類: [全項目評価]\n  段階: 素案\n",
        encoding="utf-8")
    (folder / "c_other.yaml").write_text(head + "件名: ほか\n番号: 13\n付議日: 令和5年9月6日\n", encoding="utf-8")


def test_audit_holds_back_a_report_whose_draft_comes_later(tmp_path):
    _pia_pair(tmp_path)
    doc = json.loads(audit("json", path=tmp_path))
    assert [Path(c["file"]).name for c in doc["cases"]] == ["a_result.yaml", "b_draft.yaml", "c_other.yaml"]
    assert cell(doc, "a_result", "PIA-SEQ-DRAFT") == "○"
    check = json.loads(cli("check", tmp_path, "--format", "json")[1])
    marks = {"適合": "○", "不適合": "×", "要確認": "?", "対象外": "ー"}
    ids = [r["id"] for r in doc["rules"]]
    for c, row in zip(check["cases"], doc["cases"], strict=True):
        v = {x["rule"]: marks[x["verdict"]] for x in c["verdicts"]}
        assert "".join(v[i] for i in ids) == row["marks"]


def test_audit_pair_notes_in_file_order(tmp_path):
    _pia_pair(tmp_path)
    bad = (tmp_path / "a_result.yaml").read_text(encoding="utf-8").replace("{案件: №12}", "{案件: №12, 付議日: 令和5年9月7日}")
    (tmp_path / "a_result.yaml").write_text(bad, encoding="utf-8")
    (tmp_path / "d_orphan.yaml").write_text(bad.replace("№12", "№77").replace("番号: 32", "番号: 33"), encoding="utf-8")
    code, out, err = cli("audit", tmp_path, "--format", "json", "-o", "-")
    notes = [x for x in err.splitlines() if x.startswith("注意: ")]
    assert len(notes) == 2 and "a_result" in notes[0] and "d_orphan" in notes[1], notes
    assert cell(json.loads(out), "a_result", "PIA-SEQ-DRAFT") == "?"  # the dates disagree: a person must look


@pytest.mark.parametrize("fmt", FORMATS)
def test_audit_every_format_has_every_case(fmt, audit_json):
    out = audit(fmt)
    files = [c["file"] for c in audit_json["cases"]]
    if fmt == "csv":
        return  # test_audit_csv_is_excel_friendly
    text = out.decode("utf-8")
    if fmt == "html":
        p = Ids()
        p.feed(text)
        assert "matrix" in p.ids
        table = text[text.index('<table id="matrix">'):text.index("</table>", text.index('<table id="matrix">'))]
        assert table.count("<tr") == len(files) + 2 + 4  # two header rows, one per case, four total rows
        assert "script" not in p.tags
    elif fmt == "junit":
        root = ET.fromstring(out)  # a case is named by its reference (年度 and №), by its file when it has none
        assert [s.get("name") for s in root.findall("testsuite")] == [c["ref"] or c["file"] for c in audit_json["cases"]]
        assert sum(c["ref"] is not None for c in audit_json["cases"]) == 51 and audit_json["cases"][3]["ref"] == "令和5年度№1"
        assert len({c["ref"] for c in audit_json["cases"] if c["ref"]}) == 51  # one reference, one case
    elif fmt == "text":
        from wcwidth import wcswidth

        assert max(wcswidth(ln) for ln in text.splitlines()) <= 80  # written to a pipe: 80 columns
        joined = re.sub(r"\n +", "", text)  # folded lines joined back
        root = str(CASES).rstrip("/") + "/"
        for f in files:
            assert f.removeprefix(root) in joined or any(c["file"] == f and not c["failed"] and not c["unknown"] for c in audit_json["cases"])
        assert "不適合の多いルール（上位 10）" in text and "ルールごとの合計" in text
    else:
        for c in audit_json["cases"]:
            assert c["title"].replace("|", "\\|") in text


def test_audit_csv_is_excel_friendly(audit_json):
    raw = audit("csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    body = raw[3:]
    assert body.count(b"\r\n") == body.count(b"\n") and body.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    ids = [r["id"] for r in audit_json["rules"]]
    assert rows[0] == ["ファイル", "№", "件名", "付議日", "区分", "担当課", *ids, "適合", "不適合", "要確認", "対象外",
                       "図による判定", "推定による判定"]
    assert len(rows) == 1 + len(audit_json["cases"])
    for row, c in zip(rows[1:], audit_json["cases"]):
        assert row[0] == c["file"] and row[2] == c["title"]
        cells = row[6:6 + len(ids)]
        assert "".join(x[0] for x in cells) == c["marks"]
        # a cell is its mark, then 図 / 推 when a deciding fact is read off a diagram / assumed (出所)
        assert "".join(x[1:] or "・" for x in cells) == (c["footing"] or "・" * len(ids))
        assert [int(x) for x in row[6 + len(ids):6 + len(ids) + 4]] == list(c["counts"].values())
        assert [int(x) for x in row[6 + len(ids) + 4:]] == [c["footings"]["図"], c["footings"]["推定"]]


def test_check_csv_one_row_per_case_and_rule(book):
    raw = cli("check", SEED004, "--format", "csv")[1]
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.count(b"\r\n") == raw.count(b"\n")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [r["ルール"] for r in rows] == book.ids()
    by = {r["ルール"]: r for r in rows}
    assert by["KETSU-KU-SYS-03"]["判定"] == "適合" and by["KETSU-KU-SYS-03"]["根拠"] == "外部結合チェックリスト 区・システム上 3"
    assert by["TOKKI-01"]["判定"] == "対象外"


def _entries(lines: list[str]) -> list[str]:
    """Folded text lines joined back into one entry each (a continuation line is indented by six spaces)."""
    out: list[str] = []
    for ln in lines:
        if ln.startswith("      ") and out:
            out[-1] += " " + ln.strip()
        else:
            out.append(ln)
    return out


def test_check_text_asks_for_each_missing_fact_once(tmp_path):
    """№27 without its row 特記事項等の遵守 says nowhere whether the 特記事項 binds the contractor: the department is asked
    once per entry that says it, with the rules it decides."""
    (f27,) = (CASES / "令和5年度" / "2023-12-21").glob("27_*.yaml")
    lines = [ln for ln in f27.read_text(encoding="utf-8").splitlines(keepends=True) if "特記事項等の遵守:" not in ln]
    f27 = tmp_path / "27.yaml"
    f27.write_text("".join(lines), encoding="utf-8")
    code, out, _ = cli("check", f27)
    text = out.decode("utf-8")
    fixes = _entries(text.split("直すこと:")[1].splitlines()[1:])
    asks = [ln for ln in fixes if "業務委託.特記事項の添付 を記載する" in ln]
    assert len(asks) == 1
    named = asks[0].split("件: ")[1].rstrip("）").split()
    # №27 says 収集 あり and 本人からの直接収集 あり, so 第4項 waits only for the attachment; 第5項 waits for 要配慮事項の収集
    assert "TOKKI-01" in named and "TOKKI-19" in named and "TOKKI-04" in named and "TOKKI-05" not in named
    assert f"判断に使うルール {len(named)} 件" in asks[0]
    assert code == 1
    # every 要確認 of the matrix is answered by some line, and no line repeats
    unknown = {ln.split()[0] for ln in text.split("直すこと:")[0].splitlines() if "? 要確認" in ln}
    answered = {rid for ln in fixes if ln.startswith("  ? ") for rid in ln.split("件: ")[-1].rstrip("）").split()}
    assert unknown == answered and len(fixes) == len(set(fixes))
    # a 不適合 keeps its own remedy
    flipped = SEED004.read_text(encoding="utf-8").replace("回線: [LGWAN]", "回線: [インターネット]")
    flipped = flipped.replace("      通信内容の暗号化: ○", "      通信内容の暗号化: {回答: ー, 理由: 閉域網のため}", 1)
    (tmp_path / "flipped.yaml").write_text(flipped, encoding="utf-8")
    out = cli("check", tmp_path / "flipped.yaml")[1].decode("utf-8")
    fixed = " ".join(_entries(out.split("直すこと:")[1].strip().splitlines())[:1])
    assert fixed.startswith("× KETSU-CONS-01（外部結合チェックリスト 区・システム上 3）: インターネットを経由する通信は暗号化し")


def test_what_to_write_names_the_entry_of_the_form():
    """A checklist row that is not written is asked for as the row (what the department writes), not as its
    derived 回答／理由あり; the same in the meeting report's text, Markdown and HTML."""
    from checker.model.schema import written_as

    row = "外部結合.チェックリスト.結合先・システム上.監視及びアクセスログ取得"
    assert written_as(row + ".回答") == written_as(row + ".理由あり") == (row,)
    assert written_as("付議日.始") == ("付議日",) and written_as("事業の概要.対象者数.値") == ("事業の概要.対象者数",)
    assert written_as("業務委託.再委託[1].区の承諾") == ("業務委託.再委託[1].区の承諾",)
    assert written_as("業務委託.特記事項の添付") == ("業務委託.特記事項の添付",)
    # a derived fact is asked for as the entries it is computed from (writing it would be an input error)
    assert written_as("特定個人情報保護評価.手続の順序.素案報告の後のパブリック・コメント") == (
        "特定個人情報保護評価.素案報告", "特定個人情報保護評価.パブリック・コメント")
    assert written_as("外部提供.根拠条項") == ("外部提供.根拠規定",)
    for fmt in ("text", "md", "html"):
        out = meeting(fmt).decode("utf-8")
        assert "理由あり" not in out and ".回答" not in out and ".手続の順序." not in out, fmt  # №29 lacks its sequence
        assert "外部結合.チェックリスト.区・システム上.通信内容の暗号化" in out, fmt  # №28 has no checklist


def test_junit_counts_failures(meeting_json, audit_json):
    root = ET.fromstring(meeting("junit"))
    want_fail = sum(c["summary"]["不適合"] + c["summary"]["要確認"] for c in meeting_json["cases"])
    assert int(root.get("failures")) == want_fail == len(root.findall(".//failure"))
    assert int(root.get("skipped")) == sum(c["summary"]["対象外"] for c in meeting_json["cases"]) == len(root.findall(".//skipped"))
    assert {f.get("type") for f in root.findall(".//failure")} <= {"不適合", "要確認"}
    for suite, c in zip(root.findall("testsuite"), meeting_json["cases"]):
        assert int(suite.get("failures")) == c["summary"]["不適合"] + c["summary"]["要確認"]
        assert len(suite.findall("testcase")) == len(c["verdicts"])
    root = ET.fromstring(audit("junit"))
    t = audit_json["totals"]["counts"]
    assert int(root.get("failures")) == t["不適合"] + t["要確認"] == len(root.findall(".//failure"))
    assert int(root.get("skipped")) == t["対象外"] == len(root.findall(".//skipped"))


def test_check_json_validates_and_keeps_its_shape():
    doc = json.loads(cli("check", SEED004, "--format", "json")[1])
    validate(doc)
    assert doc["schema"] == "checker/verdicts/v1"
    c = doc["cases"][0]
    assert list(c["summary"]) == ["適合", "不適合", "要確認", "対象外"]
    assert {"rule", "verdict", "citation", "citation_status", "facts", "remedy"} <= set(c["verdicts"][0])


# --- filters ----------------------------------------------------------------------------------------------------

def _files(doc) -> list[str]:
    return [Path(c["file"]).name for c in doc["cases"]]


def test_filter_category():
    doc = json.loads(audit("json", "-k", "防犯カメラ"))
    assert _files(doc) and all("防犯カメラ" in c["categories"] for c in doc["cases"])
    assert any(n.startswith("18_") for n in _files(doc))
    assert doc["filters"]["categories"] == ["防犯カメラ"]
    both = json.loads(audit("json", "-k", "防犯カメラ", "--category", "外部提供"))
    assert set(_files(doc)) < set(_files(both))


def test_filter_department_substring():
    doc = json.loads(audit("json", "--department", "税務"))
    assert _files(doc) and all(any("税務" in d for d in c["departments"]) for c in doc["cases"])
    assert {n[:3] for n in _files(doc)} >= {"10_", "17_", "30_"}


def test_filter_dates_in_wareki_and_spans():
    doc = json.loads(audit("json", "--from", "令和5年12月1日", "--to", "R5.12.31"))
    assert doc["filters"]["from"] == "2023-12-01" and doc["filters"]["to"] == "2023-12-31"
    nos = sorted(c["number"] for c in doc["cases"])
    assert nos == AGENDA  # №35 once: seed 000 is its full form, one file (令和5年12月21日)
    # seed 004 is dated by a span (令和6年5月27日〜令和7年2月15日): a range that overlaps it includes it
    doc = json.loads(audit("json", "--from", "2025-01-01"))
    assert _files(doc) == ["004_ぴったり電子申請_災害弔慰金.yaml"]
    doc = json.loads(audit("json", "--to", "令和5年7月28日"))
    assert sorted(c["number"] for c in doc["cases"] if c["number"]) == list(range(1, 7))


def test_filter_bad_date():
    code, out, err = cli("audit", CASES, "--from", "令和5年13月1日")
    assert code == 2 and "--from" in err and "Traceback" not in err


# --- bad input, -o, default paths -------------------------------------------------------------------------------

def _mixed(folder: Path) -> Path:
    d = folder / "in"
    d.mkdir()
    (d / "good.yaml").write_bytes(SEED004.read_bytes())
    (d / "bad1.yaml").write_text("件名: [\n", encoding="utf-8")
    (d / "bad2.yaml").write_text(SEED004.read_text(encoding="utf-8").replace("結合の相手方:", "結合の相手:"), encoding="utf-8")
    return d


@pytest.mark.parametrize("command", ["audit", "check"])
def test_bad_inputs_all_reported_no_report_written(tmp_path, command):
    d = _mixed(tmp_path)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "r.html"
    target.write_text("old", encoding="utf-8")
    code, out, err = cli(command, d, "--format", "html", "-o", target)
    assert code == 2 and out == b""
    assert "bad1.yaml:" in err and "bad2.yaml:" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in out_dir.iterdir()) == ["r.html"]  # no temporary file left


def test_bad_input_leaves_no_default_report(tmp_path):
    d = _mixed(tmp_path)
    code, out, err = cli("audit", d, "--format", "csv", cwd=tmp_path)
    assert code == 2
    assert not list(tmp_path.rglob("audit.csv")) and not list(tmp_path.rglob("*.tmp"))


def test_write_atomic_removes_its_temporary_file_on_error(tmp_path):
    from checker.report.output import write_atomic

    def chunks():
        yield "half"
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomic(tmp_path / "r.txt", chunks())
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "sub").mkdir()
    p = write_atomic(tmp_path / "sub" / "r.txt", iter(["a", "b"]))
    assert p.read_text() == "ab" and sorted(x.name for x in p.parent.iterdir()) == ["r.txt"]


def test_default_output_paths(tmp_path):
    code, out, err = cli("meeting", MEETING, "--cases", CASES, "--format", "html", cwd=tmp_path)
    assert code in (0, 1) and out == b""
    written = list(tmp_path.rglob("meeting-2023-12-21.html"))
    assert len(written) == 1 and written[0].parent.name == "reports"
    assert "reports/meeting-2023-12-21.html" in err
    code, out, err = cli("audit", CASES, "--format", "csv", cwd=tmp_path)
    assert out == b"" and len(list(tmp_path.rglob("reports/audit.csv"))) == 1
    # text goes to the terminal; check's other formats go to stdout (checker check --format json | jq)
    code, out, err = cli("meeting", MEETING, "--cases", CASES, cwd=tmp_path)
    assert out.startswith("令和5年度".encode())
    code, out, err = cli("check", SEED004, "--format", "junit", cwd=tmp_path)
    assert out.startswith(b"<?xml")
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["audit.csv", "meeting-2023-12-21.html"]


def test_output_option(tmp_path):
    target = tmp_path / "x" / "m.md"
    code, out, err = cli("meeting", MEETING, "--cases", CASES, "--format", "md", "-o", target, "--mkdir")
    assert out == b"" and target.read_bytes() == meeting("md")
    assert sorted(p.name for p in target.parent.iterdir()) == ["m.md"]


# --- determinism ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_same_input_same_bytes(fmt, tmp_path):
    """Two runs on the same input give the same bytes: one written here to a file, one to stdout (stdout_run: made
    once, read by the other tests too)."""
    for args in (["check", CASES / "seeds"], ["meeting", MEETING, "--cases", CASES], ["audit", CASES]):
        a = cli(*args, "--format", fmt, "-o", tmp_path / "a")
        b = stdout_run(*args, "--format", fmt)
        assert a[0] == b[0], (args, fmt, a[0], b[0], a[2][-2000:], b[2][-2000:])
        x, y = (tmp_path / "a").read_bytes(), b[1]
        if x != y:  # where they part (looked for only then: byte by byte over a whole report)
            at = next((i for i, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            assert x == y, (args, fmt, at, x[max(0, at - 300):at + 300].decode("utf-8", "replace"),
                            y[max(0, at - 300):at + 300].decode("utf-8", "replace"))
        assert not re.search(rb"\d\d:\d\d:\d\d", x)  # no time of day unless --timestamp


def test_timestamp_only_when_asked():
    doc = json.loads(cli("check", SEED004, "--format", "json", "--timestamp")[1])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", doc["generated"])
    validate(doc)
    assert "generated" not in json.loads(cli("check", SEED004, "--format", "json")[1])
    root = ET.fromstring(audit("junit", "--timestamp"))
    assert root.get("timestamp")


# --- progress ---------------------------------------------------------------------------------------------------

def test_no_progress_in_a_pipe():
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "checker.cli", "audit", str(CASES), "--format", "csv", "-o", "-"],
                       cwd=ROOT, capture_output=True)
    assert p.returncode in (0, 1)
    assert b"\r" not in p.stderr and "検査中".encode() not in p.stderr


def test_progress_on_a_terminal(monkeypatch, capsys):
    from checker.cli import _Progress

    monkeypatch.setattr("sys.stderr.isatty", lambda: True, raising=False)
    p = _Progress()
    p.on = True
    for i in range(1, 201):
        p(i, 200)
    p.end()
    err = capsys.readouterr().err
    assert err.count("\r") == 101 and "200/200 件（100%）" in err and err.endswith("\n")


# --- rules --verify ---------------------------------------------------------------------------------------------

def test_rules_verify_ok_on_the_rule_packs():
    code, out, err = cli("rules", "--verify")
    assert code == 0, err
    assert out.decode("utf-8").startswith("ルールの検査: 誤りなし") and out.count(b"\n") == 1


def test_rules_verify_reports_faults(tmp_path):
    src = ROOT / "tests" / "bad_inputs" / "rules" / "duplicate_id.yaml"
    code, out, err = cli("rules", "--verify", "--rules", src)
    assert code == 2 and out == b""
    assert re.search(r"duplicate_id\.yaml:\d+: ", err) and "Traceback" not in err


# --- several processes ------------------------------------------------------------------------------------------

def _rows(report):
    return [(r.info.file, r.marks) for r in report.rows]


# the corpus in worker processes, each compiling the rules: slow (seconds); the pairs in workers stay in the quick run
@pytest.mark.parametrize("make", [pytest.param("corpus", marks=pytest.mark.slow), "pairs"])
def test_parallel_audit_equals_serial(book, tmp_path, make):
    from checker.run.audit import _can_fork, audit

    if not _can_fork():
        pytest.skip("no fork on this platform")
    if make == "pairs":
        _pia_pair(tmp_path)
        (tmp_path / "d_orphan.yaml").write_text(
            (tmp_path / "a_result.yaml").read_text(encoding="utf-8").replace("№12", "№77").replace("番号: 32", "番号: 33"),
            encoding="utf-8")
        paths = [tmp_path]
    else:
        paths = [CASES]
    notes1, notes2 = [], []
    one = audit(paths, book, jobs=1, notes=notes1)
    two = audit(paths, book, jobs=2, chunk=2, notes=notes2)  # blocks of 2 files: many tasks, deferred cases too
    assert _rows(one) == _rows(two) and len(one.rows) == len(case_files(paths[0]))
    assert notes1 == notes2 and notes1


def test_parallel_audit_reports_every_bad_file(book, tmp_path):
    from checker.run.audit import _can_fork, audit

    if not _can_fork():
        pytest.skip("no fork on this platform")
    d = _mixed(tmp_path)
    for i in range(5):
        (d / f"z{i}.yaml").write_bytes(SEED004.read_bytes())
    errors: list = []
    assert audit([d], book, jobs=2, chunk=2, errors=errors) is None
    files = {Path(e.file).name for e in errors}
    assert files == {"bad1.yaml", "bad2.yaml"} and all(e.line for e in errors)


def test_csv_never_carries_a_formula(tmp_path):
    f = tmp_path / "f.yaml"
    f.write_text(SEED004.read_text(encoding="utf-8").replace("件名:", "件名: =HYPERLINK(\"http://x\")\n旧件名:", 1)
                 .replace("旧件名:", "#", 1), encoding="utf-8")
    for args in (["check", f], ["audit", tmp_path]):
        raw = cli(*args, "--format", "csv", "-o", "-")[1].decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        titles = {r[2] for r in rows[1:]}
        assert titles == {"'=HYPERLINK(\"http://x\")"}, titles


@pytest.mark.slow  # two audits of the corpus, one in worker processes that each compile the rules
def test_cli_jobs_give_the_same_bytes(tmp_path):
    for fmt in ("csv", "html"):
        a = cli("audit", CASES, "-j", "1", "--format", fmt, "-o", tmp_path / "a")
        b = cli("audit", CASES, "-j", "2", "--format", fmt, "-o", tmp_path / "b")
        assert a[0] == b[0] and a[2].replace("/a\n", "/b\n") == b[2]  # the notes; then 報告: <path>
        assert (tmp_path / "a").read_bytes() == (tmp_path / "b").read_bytes()


def test_output_never_destroys_what_is_at_the_path(tmp_path):
    """-o to a symbolic link writes its target (the link stays); to a FIFO streams into it (it stays a FIFO);
    to a folder is an input error (exit 2) and writes nothing (issue 11)."""
    import os
    import stat
    import threading

    target = tmp_path / "real" / "report.csv"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    code, _, err = cli("check", SEED004, "--format", "csv", "-o", link)
    assert code in (0, 1), err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8-sig") != "old" and target.read_bytes().startswith(b"\xef\xbb\xbf")  # the CSV, with its BOM
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.csv"]  # no temporary file left beside it

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    code, _, err = cli("check", SEED004, "--format", "json", "-o", fifo)
    reader.join(timeout=60)
    assert code in (0, 1), err
    assert stat.S_ISFIFO(os.stat(fifo).st_mode) and json.loads(got[0].decode("utf-8"))["cases"]

    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = cli("check", SEED004, "--format", "csv", "-o", folder)
    assert code == 2 and f"{folder}: 報告を書けません（フォルダです" in err
    assert list(folder.iterdir()) == []


def test_verdicts_are_one_type():
    """Issue 11.3: the four verdicts are one enum with glyph, label and order; no code outside checker/verdict.py
    spells a verdict or its glyph as a string literal (templates print the enum's labels)."""
    import ast

    from checker.verdict import ORDER, Outcome

    assert [(o.value, o.glyph) for o in Outcome] == [("適合", "○"), ("不適合", "×"), ("要確認", "?"), ("対象外", "ー")]
    assert sorted(Outcome, key=lambda o: o.rank) == list(ORDER) == [Outcome.FAIL, Outcome.UNKNOWN, Outcome.PASS, Outcome.NA]
    assert [o.findings for o in ORDER] == [True, True, False, False]
    assert json.dumps({"v": Outcome.FAIL}, ensure_ascii=False) == '{"v": "不適合"}' and f"{Outcome.NA}" == "対象外"
    words = {o.value for o in Outcome} | {"×"}  # ("?" and "ー" are also input words: 不明, 対策不要)
    for path in sorted((ROOT / "checker").rglob("*.py")):
        if path.name == "verdict.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in words:
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno}: verdict literal {node.value!r}")


def test_text_reports_fit_80_columns_when_not_on_a_terminal():
    """Issue 11.6: text written to a pipe or a file is at most 80 columns wide (wide characters count 2), for check,
    meeting and audit alike; nothing is lost by folding (every rule of a case is still named)."""
    from wcwidth import wcswidth

    (f31,) = (CASES / "令和5年度" / "2023-12-21").glob("31_*.yaml")
    outs = {
        "check": cli("check", f31, CASES / "seeds", "--all")[1],
        "meeting": meeting("text"),
        "audit": audit("text"),
    }
    for name, out in outs.items():
        text = out.decode("utf-8")
        assert max(wcswidth(ln) for ln in text.splitlines()) <= 80, name
    check = outs["check"].decode("utf-8")
    assert "KOJIN-ITAKU-CONTRACT" in check and "直すこと:" in check and "TOKKI-10" in check


def test_folded_text_never_cuts_a_citation(book):
    """A citation is folded, never cut with …: its 〔未検証〕 must reach the reader (checker rules, check, audit)."""
    from wcwidth import wcswidth

    out = cli("rules")[1].decode("utf-8")
    assert max(wcswidth(ln) for ln in out.splitlines()) <= 80
    unverified = [r for r in book.all() if r.citation_status == "unverified"]
    body, _, notes = out.partition("\n※")  # the legend under the list explains the mark once
    assert body.count("〔未検証〕") == len(unverified) > 20 and notes.startswith("〔未検証〕")
    joined = re.sub(r"\s+", "", out)  # folded lines joined back (a fold drops the space it breaks at)
    for r in unverified:
        assert r.cite.replace(" ", "") in joined, r.cite
    check = re.sub(r"\s+", "", cli("check", CASES / "seeds" / "001_団体内統合宛名_平成27.yaml")[1].decode("utf-8"))
    assert "新宿区個人情報保護条例第14条第1項（業務委託）〔未検証〕" in check  # KOJIN-ITAKU-SUPERVISE, a 平成27 case
    assert "…〔" not in check and "（業務…" not in check
