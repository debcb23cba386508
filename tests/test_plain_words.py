"""Issue 20.4: what a department reads speaks of the ward's documents, not of this repository; and a report that
shows 〔未検証〕 〔図〕 〔推定〕 says what they mean.

What is held, and where:

- The rule book (every version of every rule): title, citation as printed, also_cite, message and remedy; and the
  table of provisions (rules/法令/): every provision's `because` and `ask`, printed as the reason of a reading. None
  holds INTERNAL (seed numbers, repository paths, notes' references, the engine's «#件数»). `source` and `note` keep
  where a rule comes from (json `source`, the rule files) and are not checked.
- Every report over the real cases — check (every verdict, and the findings-only text), meeting (every meeting of
  every 年度), audit, each in every format, checker rules, checker explain of a few verdicts (a 要確認, a 不適合, a
  対象外, each mark, readings of 根拠) in its every format, and checker diff of every case that names its predecessor (in
  its four formats): not one byte holds `seed`, `rules/` or `cases/`, but
  json's `source` (a rule's provenance, kept on purpose) and `citation_status` (a code for programs). A case's own path — the input the user named — is the case's
  name in every report, printed as given; so that it cannot hide a word, the corpus is copied under folder names that
  hold none (cases → 案件, seeds → 見本) and the whole output is scanned: messages, remedies, citations,
  explanations, readings of 根拠, headings, legends, the 出所 notes of the case files.
- In json, the fields a person reads (a verdict's title, citation, cite, also_cite, message, remedy, todo, missing; a
  reading's act, provision, reason; an audit's rule columns) hold none of INTERNAL.
- The legend: under every text, md and html report (and checker rules), one line per mark the report shows and only
  those (the body's marks are the legend's, in the order of MARK_NOTES); in json the field legend; in junit each text
  that shows a mark ends with its line; none of it when no mark is shown (a small rule pack).
"""
from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.report import FORMATS, render
from checker.report.model import MARK_NOTES, marks_in
from conftest import CASES, RULES, shared_rules

WORDS = ("seed", "rules/", "cases/")  # issue 20's done-when
INTERNAL = re.compile(r"seed|rules/|cases/|checker/|docs/|\.yaml|\.py\b|law-notes|digest|§|#件数|issue \d", re.I)


def _no_words(text: str, where: str) -> None:
    low = text.lower()
    for w in WORDS:
        k = low.find(w)
        assert k < 0, f"{where}: 「{w}」 in …{text[max(0, k - 60):k + 60]}…"


# --- the rule book ---------------------------------------------------------------------------------------------

def test_every_rule_text_a_department_reads_speaks_of_the_wards_documents(book):
    bad = []
    for r in book.all():
        for key in ("title", "cite", "message", "remedy"):
            if INTERNAL.search(getattr(r, key)):
                bad.append(f"{r.id} v{r.version} {key}: {getattr(r, key)}")
        bad += [f"{r.id} v{r.version} also_cite: {x}" for x in r.also_cite if INTERNAL.search(x)]
    assert not bad, "\n".join(bad)
    assert len(book.all()) > 150  # the whole book was read


def test_every_reason_of_the_table_of_provisions_is_plain(book):
    table = book.provisions
    provisions = [p for ps in table.provisions.values() for p in ps]
    assert len(provisions) > 20
    bad = [f"{p.name} {k}: {getattr(p, k)}" for p in provisions for k in ("because", "ask")
           if getattr(p, k) and INTERNAL.search(getattr(p, k))]
    assert not bad, "\n".join(bad)


def test_the_provenance_stays_in_source():
    """The wording moved out of the messages; where a rule comes from is still said, in its source."""
    from checker.rules import load_rulebook

    book = load_rulebook([RULES])
    assert "日本電気株式会社" in book.latest("FORM-ITAKU-01").remedy and "seed 000/001" in book.latest("FORM-ITAKU-01").source
    assert "rules/catalog/" in book.latest("MN-USE-CATALOG").source
    assert "seed 001" in book.latest("DENSAN-10").source


# --- every report over the real cases ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The real cases, copied under names without the words (cases → 案件, seeds → 見本)."""
    root = tmp_path_factory.mktemp("plain") / "案件"
    shutil.copytree(CASES, root)
    (root / "seeds").rename(root / "見本")
    for p in root.rglob("*.yaml"):  # a 前回の案件 in the renamed folder (№35 → seed 001) follows it
        text = p.read_text(encoding="utf-8")
        if "前回の案件: ../../seeds/" in text:
            p.write_text(text.replace("前回の案件: ../../seeds/", "前回の案件: ../../見本/"), encoding="utf-8")
    assert not any(w in str(root) for w in WORDS)
    return root


def _meeting_dates(root) -> list[str]:
    import yaml

    return [str(m["日付"]) for f in sorted(root.glob("*/_meetings.yaml"))
            for m in yaml.safe_load(f.read_text(encoding="utf-8"))]


@pytest.fixture(scope="module")
def reports(corpus):
    """{(command, format): output} of every report over the copied corpus (evaluated once per command)."""
    import dataclasses

    from checker.cli import DOCUMENT_FORMATS
    from checker.input.loader import load_case
    from checker.run import audit, check, diff, meeting, rules

    out = {}
    with shared_rules():  # rules/ loaded and compiled once for all these runs
        files = sorted(p for p in corpus.rglob("*.yaml") if not p.name.startswith("_"))
        got = check.command([str(p) for p in files], show_all=True)
        for fmt in FORMATS:
            out[("check --all", fmt)] = "".join(render(got.report, fmt))
        findings = dataclasses.replace(got.report, show_all=False)
        for fmt in ("text", "md", "html"):
            out[("check", fmt)] = "".join(render(findings, fmt))
        dates = _meeting_dates(corpus)
        assert len(dates) >= 7
        for d in dates:
            got = meeting.command(d, corpus)
            for fmt in FORMATS:
                out[(f"meeting {d}", fmt)] = "".join(render(got.report, fmt))
        got = audit.command([str(corpus)], jobs=1)
        for fmt in FORMATS:
            out[("audit", fmt)] = "".join(render(got.report, fmt))
        # checker diff over every pair of the corpus (a case and the 前回の案件 it names): what a reviewer reads
        pairs = [(c.predecessor_at[0], p) for p in files if (c := load_case(p)).predecessor_at]
        assert len(pairs) == 6
        for old, new in pairs:
            got = diff.command(str(old), str(new))
            for fmt in DOCUMENT_FORMATS:
                out[(f"diff {new.name}", fmt)] = "".join(render(got.report, fmt))
        out[("rules", "text")] = "".join(render(rules.command().report, "text"))
        from checker.run import explain

        for pattern, rid in EXPLAINED:  # a 要確認, a 不適合, a 対象外, marks 〔未検証〕〔図〕〔推定〕, readings of 根拠
            case = next(corpus.glob(pattern))
            got = explain.command(str(case), rid)
            for fmt in explain.FORMATS:
                out[(f"explain {case.name} {rid}", fmt)] = "".join(render(got.report, fmt))
    return out


EXPLAINED = [("見本/004_*.yaml", "FORM-KETSU-06"), ("令和5年度/2024-01-15/51_*.yaml", "SEI-01"), ("見本/004_*.yaml", "TOKKI-10"),
             ("令和5年度/2023-07-28/05_*.yaml", "KOJIN-TEIKYO-BASIS"), ("令和5年度/2023-07-28/01_*.yaml", "KOJIN-ITAKU-SUPERVISE"),
             ("令和5年度/2023-12-21/35_*.yaml", "MN-USE-DOKUJI"), ("見本/004_*.yaml", "MN-USE-HOTEI")]


def _without_source(doc):
    """A json report without its rules' `source` (their provenance, kept on purpose) and `citation_status` (a code for
    programs: seed / verified / unverified; a person reads cite, and csv says the status in words)."""
    for c in doc.get("cases", []):
        for v in c.get("verdicts", []):
            v.pop("source")
            v.pop("citation_status")
    for x in doc.get("rules", []):
        x.pop("citation_status")
    if doc["schema"] == "checker/explain/v1":  # one verdict, its rule
        doc["verdict"].pop("source")
        doc["verdict"].pop("citation_status")
        doc["rule"].pop("citation_status")
    return doc


def test_no_report_over_the_corpus_says_seed_or_a_repository_path(reports):
    assert len(reports) > 50
    for (cmd, fmt), text in reports.items():
        if fmt == "json":
            text = json.dumps(_without_source(json.loads(text)), ensure_ascii=False)
        _no_words(text, f"{cmd} --format {fmt}")


def test_what_a_person_reads_in_json_is_plain(reports):
    n = 0
    for (cmd, fmt), text in reports.items():
        if fmt != "json":
            continue
        doc = json.loads(text)
        for c in doc.get("cases", []):
            for v in c.get("verdicts", []):
                for key in ("title", "citation", "cite", "message", "remedy", "todo"):
                    assert not INTERNAL.search(v[key] or ""), (cmd, c["file"], v["rule"], key, v[key])
                for x in v["also_cite"] + v["missing"]:
                    assert not INTERNAL.search(x), (cmd, c["file"], v["rule"], x)
                n += 1
            for r in c.get("readings", []):
                for key in ("act", "provision", "reason"):
                    assert not INTERNAL.search(r[key]), (cmd, c["file"], r)
        for x in doc.get("rules", []):
            for key in ("title", "citation", "cite"):
                assert not INTERNAL.search(x[key]), (cmd, x)
        if doc["schema"] == "checker/explain/v1":  # the words of its trees and of its version choice
            texts = [doc["version"]["reason"], *(x[k] for x in _nodes(doc["applies"], doc["requires"]) for k in ("text", "note"))]
            texts += [doc["verdict"][k] or "" for k in ("title", "cite", "message", "todo")]
            assert not any(INTERNAL.search(t) for t in texts), (cmd, [t for t in texts if INTERNAL.search(t)])
            n += 1
    assert n > 10000


def _nodes(*roots):
    for x in roots:
        yield x
        yield from _nodes(*x["children"])


def test_the_examples_of_the_issue_are_gone(reports):
    """The remedy of an empty 委託先, MN-USE-CATALOG's message, and the legend of 特記事項's 〔未検証〕 (issue 20.4)."""
    from checker.rules import load_rulebook

    book = load_rulebook([RULES])
    assert "seed" not in book.latest("FORM-ITAKU-01").remedy and "記載例" in book.latest("FORM-ITAKU-01").remedy
    assert "照合用の事務の一覧" in book.latest("MN-USE-CATALOG").message
    text = reports[("check", "text")]
    assert "特記事項 第1項〔未検証〕" in text and "\n※〔未検証〕 " in text


# --- the legend --------------------------------------------------------------------------------------------------

def _split(fmt: str, text: str) -> tuple[str, list[str]]:
    """(the report without its legend, the marks the legend explains, in its order)."""
    if fmt == "html":
        notes = re.findall(r'<p class="note">※(.*?)</p>', text)
        body = re.sub(r'<p class="note">.*?</p>\n', "", text)
    else:
        lines = text.split("\n")
        notes = [ln[1:] for ln in lines if ln.startswith("※")]
        body = "\n".join(ln for ln in lines if not ln.startswith("※"))
    return body, [m for n in notes for m in MARK_NOTES if n.startswith(m)]


def test_every_report_explains_the_marks_it_shows_and_only_those(reports):
    seen = set()
    for (cmd, fmt), text in reports.items():
        if fmt not in ("text", "md", "html"):
            continue
        body, legend = _split(fmt, text)
        assert legend == marks_in(body), (cmd, fmt, legend)
        for m in legend:
            assert f"※{m} {MARK_NOTES[m]}" in text.replace("\n  ", ""), (cmd, fmt, m)  # the text folds a long line
        seen.update(legend)
    assert seen == set(MARK_NOTES)  # the corpus shows every mark somewhere
    # the audit's matrix (md, html) carries 図 / 推 after a mark: its line says so
    assert "※判定表で記号に続く 図・推 は" in reports[("audit", "md")] and "※判定表で記号に続く" in reports[("audit", "html")]
    assert "※判定表" not in reports[("audit", "text")]  # the text audit prints no matrix


def test_the_text_legend_is_what_the_findings_show(reports):
    """check's text lists only the findings: its legend explains what they show, not what --all would."""
    short, full = reports[("check", "text")], reports[("check --all", "text")]
    assert _split("text", short)[1] == marks_in(_split("text", short)[0])
    assert _split("text", full)[1] == list(MARK_NOTES)


def test_json_and_junit_explain_their_marks(reports):
    for (cmd, fmt), text in reports.items():
        if fmt == "json":
            doc = json.loads(text)
            cites = [v["cite"] for c in doc.get("cases", []) for v in c.get("verdicts", [])] + [x["cite"] for x in doc.get("rules", [])]
            if doc["schema"] == "checker/explain/v1":  # its citations, and the notes of its trees (a fact 〔図〕), as printed
                cites = [doc["rule"]["cite"], doc["verdict"]["cite"], *(v["cite"] for v in doc["version"]["versions"]),
                         *(x["note"] for x in _nodes(doc["applies"], doc["requires"])),
                         *("〔未検証〕" for r in doc["readings"] if r["unverified"])]
            want = {m: MARK_NOTES[m] for m in marks_in(*cites)}
            assert doc.get("legend", {}) == want and ("legend" in doc) == bool(want), cmd
        elif fmt == "junit":
            for el in ET.fromstring(text).iter():
                if el.tag in ("failure", "system-out") and el.text:
                    lines = el.text.split("\n")
                    body = [ln for ln in lines if not ln.startswith("※")]
                    notes = [ln for ln in lines if ln.startswith("※")]
                    assert notes == [f"※{m} {MARK_NOTES[m]}" for m in marks_in(*body)], (cmd, el.text)


def test_csv_says_the_status_of_a_citation_in_words(reports):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(reports[("check --all", "csv")].lstrip("\ufeff"))))
    states = {r["根拠の状態"] for r in rows}
    assert states == {"区の資料の引用のとおり", "法令の本文で確認済み", f"未検証（{MARK_NOTES['〔未検証〕']}）"}
    assert all(r["根拠"].endswith("〔未検証〕") == r["根拠の状態"].startswith("未検証") for r in rows)


PACK = """pack: 試験
title: 試験のパック
rules:
- id: T-1
  title: 区分に業務委託
  citation: 様式「表紙」区分
  citation_status: {status}
  source: test
  requires: {{区分: {{includes: 業務委託}}}}
  message: 区分に業務委託がない
  remedy: 区分に業務委託を書く
  severity: 中
- id: T-2
  title: 区分に電算処理
  citation: 様式「表紙」区分（二）
  citation_status: seed
  source: test
  requires: {{区分: {{includes: 電算処理}}}}
  message: 区分に電算処理がない
  remedy: 区分に電算処理を書く
  severity: 中
"""
CASE = "出典: [test]\n件名: 試験\n区分: [電算処理]\n担当課: [戸籍住民課]\n付議日: 令和5年12月21日\n"


def _check(tmp_path, status: str, extra: str = "", *args) -> dict:
    (tmp_path / "r").mkdir(exist_ok=True)
    (tmp_path / "r" / "t.yaml").write_text(PACK.format(status=status), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(CASE + extra, encoding="utf-8")
    out = {}
    for fmt in FORMATS:
        r = CliRunner().invoke(main, ["check", str(tmp_path / "c.yaml"), "--rules", str(tmp_path / "r"), "--format", fmt, *args])
        assert r.exit_code == 1, r.output
        out[fmt] = r.stdout
    return out


def test_no_mark_no_legend(tmp_path):
    out = _check(tmp_path, "seed", "", "--all")
    for fmt, text in out.items():
        assert "※" not in text and not marks_in(text), fmt
    assert "legend" not in json.loads(out["json"])


def test_an_unverified_citation_brings_its_line_and_no_other(tmp_path):
    out = _check(tmp_path, "unverified")
    note = f"※〔未検証〕 {MARK_NOTES['〔未検証〕']}"
    for fmt in ("text", "md", "html", "junit"):
        assert note in out[fmt] and "※〔図〕" not in out[fmt], fmt
        assert out[fmt].count(note) == 1, fmt  # once: one finding shows it
    assert json.loads(out["json"])["legend"] == {"〔未検証〕": MARK_NOTES["〔未検証〕"]}
    assert "未検証（" in out["csv"]


def test_a_fact_read_off_a_diagram_brings_its_line_where_it_is_shown(tmp_path):
    extra = "出所:\n  区分: 図（別紙の図）\n"
    out = _check(tmp_path, "seed", extra)
    note = f"※〔図〕 {MARK_NOTES['〔図〕']}"
    for fmt in ("text", "md", "html", "junit"):
        assert note in out[fmt] and "※〔未検証〕" not in out[fmt] and "※〔推定〕" not in out[fmt], fmt
    # the junit line follows the failure (T-1 ×〔図〕), not the passing T-2, whose 出所 is its own words
    assert out["junit"].count(note) == 1
    assert "legend" not in json.loads(out["json"])  # json says it in provenance, and prints no 〔図〕
    assumed = _check(tmp_path, "seed", "出所:\n  区分: 推定（表紙の区分から）\n")
    assert f"※〔推定〕 {MARK_NOTES['〔推定〕']}" in assumed["text"] and "※〔図〕" not in assumed["text"]


def test_the_legend_is_deterministic(tmp_path):
    a = _check(tmp_path, "unverified", "出所:\n  区分: 図（別紙の図）\n", "--all")
    b = _check(tmp_path, "unverified", "出所:\n  区分: 図（別紙の図）\n", "--all")
    assert a == b
    assert _split("text", a["text"])[1] == ["〔未検証〕", "〔図〕"]
