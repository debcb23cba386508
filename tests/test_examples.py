"""Issue 22.1–2: examples beside the rules (rules/examples/), run by `checker test` through the whole engine."""
import json
import shutil

from conftest import ROOT, invoke


def packs_with(tmp_path, text):
    d = tmp_path / "rules"
    (d / "examples").mkdir(parents=True)
    shutil.copy(ROOT / "rules" / "特記事項.yaml", d)
    (d / "examples" / "特記事項.yaml").write_text(text, encoding="utf-8")
    return d


def run_test(tmp_path, *args, **kw):
    """`checker test … --format json`, the report written to a file (-o): with exit code 0 the closing summary line goes to
    stdout after a report printed there, so the JSON is read from its own file."""
    out = tmp_path / "test.json"
    r = invoke("test", *args, "--format", "json", "-o", out, text=True, **kw)
    return r, json.loads(out.read_text(encoding="utf-8")) if out.is_file() else None


def test_the_examples_of_rules_hold(tmp_path):
    r, doc = run_test(tmp_path)
    assert doc["failed"] == [] and doc["examples"] >= 4, doc["failed"]


def test_a_wrong_expectation_is_said_at_its_line_with_what_decided(tmp_path):
    text = (ROOT / "rules" / "examples" / "特記事項.yaml").read_text(encoding="utf-8")
    bad = text.replace("- 判定: 不適合\n  説明: 区の承諾のない再委託", "- 判定: 適合\n  説明: 区の承諾のない再委託")
    d = packs_with(tmp_path, bad)
    line = bad.splitlines().index("  説明: 区の承諾のない再委託")  # the example's first line is the one before
    r = invoke("test", d, "--format", "json", cwd=None, text=True)
    assert r.returncode == 1
    (f,) = json.loads(r.stdout)["failed"]
    assert (f["file"], f["line"], f["rule"], f["expected"], f["got"]) == (str(d / "examples" / "特記事項.yaml"), line, "TOKKI-10", "適合", "不適合")
    assert {"path": "業務委託.再委託[1].区の承諾", "value": False} in f["facts"]


def test_a_bad_fact_in_an_example_is_an_input_error_at_its_line(tmp_path):
    text = (ROOT / "rules" / "examples" / "特記事項.yaml").read_text(encoding="utf-8")
    bad = text.replace("区の承諾: なし", "区の承諾: たぶん")
    d = packs_with(tmp_path, bad)
    line = bad.splitlines().index("        区の承諾: たぶん") + 1
    r = invoke("test", d, cwd=None, text=True)
    assert r.returncode == 2 and r.stderr.startswith(f"エラー: {d / 'examples' / '特記事項.yaml'}:{line}: 業務委託.再委託[1].区の承諾: 「たぶん」は")
    for wrong, said in (("TOKKI-10:", "TOKKI-1O:"), ("- 判定: 要確認", "- 判定: 不明")):
        r = invoke("test", packs_with(tmp_path / said[:4], text.replace(wrong, said)), cwd=None, text=True)
        assert r.returncode == 2 and ("TOKKI-1O」はこのパックにありません。もしかして TOKKI-10 ですか" in r.stderr or "判定「不明」は使えません" in r.stderr), r.stderr


def tokki10_only() -> str:
    """The examples file of 特記事項 with its 既定 and TOKKI-10's examples only (the other rules' taken away)."""
    text = (ROOT / "rules" / "examples" / "特記事項.yaml").read_text(encoding="utf-8")
    head, rest = text.split("\nTOKKI-01:\n", 1)
    tokki10 = rest[rest.index("TOKKI-10:\n"):]
    return head + "\n" + tokki10[:tokki10.index("\nTOKKI-11:\n")] + "\n"


def test_a_rule_without_its_three_examples_fails(tmp_path):
    d = packs_with(tmp_path, tokki10_only())
    r = invoke("test", d, "--format", "json", cwd=None, text=True)
    missing = json.loads(r.stdout)["missing"]
    assert r.returncode == 1 and "TOKKI-10" not in missing and missing["TOKKI-01"] == ["適合", "不適合", "要確認"]


def test_coverage_names_the_branches_no_example_or_case_takes(tmp_path):
    """--coverage: per rule, the outcomes reached and each condition's 真・偽 never taken; removing the 不適合 example of
    TOKKI-10 leaves its 区の承諾 ＝ あり never 偽 (no real case refuses a 再委託), and the outcome 不適合 never reached."""
    text = (ROOT / "rules" / "examples" / "特記事項.yaml").read_text(encoding="utf-8")
    node = "要件（版 2）: 業務委託.再委託.区の承諾 ＝ あり"

    def cov(t, sub):
        d = packs_with(tmp_path / sub, t)
        _r, doc = run_test(tmp_path / sub, d, "--coverage", "--cases", ROOT / "cases", cwd=None)
        return doc["coverage"]["rules"]["TOKKI-10"]

    full = cov(text, "a")
    assert full["examples"] == ["適合", "不適合", "要確認", "対象外"] and full["cases"] == ["要確認", "対象外"]
    assert node not in [b["node"] for b in full["branches_not_reached"]]
    start = text.index("- 判定: 不適合\n  説明: 区の承諾のない再委託")
    cut = text[:start] + text[text.index("- 判定: 要確認", start):]
    less = cov(cut, "b")
    assert less["never"] == ["不適合"] and {"node": node, "branch": ["偽"]} in less["branches_not_reached"]


def test_every_rule_has_its_examples_and_each_holds(tmp_path):
    """Issue 22.1: over rules/, every rule has an example of 適合, 不適合 and 要確認 (or says why one cannot be), and every
    example gives its verdict in the whole engine (durable-rules and the independent evaluator agreeing)."""
    r, doc = run_test(tmp_path)
    assert r.returncode == 0 and doc["failed"] == [] and doc["missing"] == {}, (doc["failed"], doc["missing"])
    assert doc["examples"] >= 3 * 150


def test_verify_requires_the_examples_at_their_place(tmp_path):
    """`checker rules --verify` says a rule that lacks an example of an outcome at its entry in the examples file (or at
    the rule in the pack file when the examples file has none), and passes over rules/."""
    from checker.run.lint import verify

    assert verify([ROOT / "rules"]) == []
    d = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", d)
    f = d / "examples" / "防犯カメラ.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index("CAM-05:\n- 判定: 適合\n") + len("CAM-05:\n")
    end = text.index("- 判定: 不適合", start)
    f.write_text(text[:start] + text[end:], encoding="utf-8")  # CAM-05 loses its example of 適合
    key = f.read_text(encoding="utf-8").splitlines().index("CAM-05:") + 1
    got = verify([d])
    assert got == [f"{f}:{key}: ルール CAM-05 に 適合 の例がありません（{f} に、その判定になる例を書く。"
                   "ありえない判定なら {判定: 適合, ありえない: 理由} と書く）"]
    r = invoke("rules", "--verify", "--rules", d, cwd=None, text=True)
    assert r.returncode == 2 and f"{f}:{key}: ルール CAM-05 に 適合 の例がありません" in r.stderr
    # no entry at all in the examples file: said at the rule in its pack
    text = f.read_text(encoding="utf-8")
    start = text.index("CAM-05:\n")
    f.write_text(text[:start] + text[text.index("CAM-06:\n"):], encoding="utf-8")
    pack = d / "防犯カメラ.yaml"
    line = pack.read_text(encoding="utf-8").splitlines().index("- id: CAM-05") + 1
    assert verify([d]) == [f"{pack}:{line}: ルール CAM-05 に 適合・不適合・要確認 の例がありません（{f} に、その判定になる例を書く。"
                           "ありえない判定なら {判定: 適合, ありえない: 理由} と書く）"]


def test_a_ward_replacing_a_shared_rule_does_not_run_its_examples(tmp_path):
    """The shared examples of a rule a ward replaces are not run (the rule is not judged); the ward's own rules want theirs."""
    import test_wards

    d = test_wards.ward(tmp_path)
    r = invoke("test", d, "--format", "json", cwd=None, text=True)
    doc = json.loads(r.stdout)
    assert r.returncode == 1 and doc["failed"] == [] and set(doc["missing"]) == {"KOU-04", "KOU-CONTRACT"}, r.stderr


def test_no_real_case_gives_an_outcome_said_impossible(tmp_path):
    """An outcome an examples file says cannot happen (ありえない) is given by no real case either (cases/, --coverage)."""
    from checker.rules import pack_files
    from checker.rules.examples import load_examples
    from checker.run import load_book

    book = load_book([ROOT / "rules"])
    said = [(e.rule_id, str(e.expected)) for f in pack_files([ROOT / "rules"])
            for e in load_examples(f, [r for r in book.ids() if book.latest(r).file == str(f)]) if e.data is None]
    assert len(said) >= 10
    _r, doc = run_test(tmp_path, "--coverage", "--cases", ROOT / "cases")
    rules = doc["coverage"]["rules"]
    assert [(rid, o) for rid, o in said if o in rules[rid]["cases"] or o in rules[rid]["examples"]] == []


def test_a_report_on_stdout_stays_whole():
    """checker test --format json on stdout is one JSON document: the closing summary goes to stderr when a report
    is written to stdout (it used to follow the JSON on stdout when the exit code was 0)."""
    r = invoke("test", "--format", "json", text=True)
    assert r.returncode == 0 and json.loads(r.stdout)["missing"] == {}
    assert "例の検査: " in r.stderr and "例の検査" not in r.stdout


def test_a_verdict_written_as_a_list_is_an_input_error(tmp_path):
    """判定: [適合] is said at its line (exit 2), not an internal error (it raised TypeError: unhashable)."""
    d = packs_with(tmp_path, "TOKKI-10:\n- 判定: [適合]\n  案件: {}\n")
    r = invoke("test", d, cwd=None, text=True)
    assert r.returncode == 2 and r.stderr.startswith(f"エラー: {d / 'examples' / '特記事項.yaml'}:2: 判定「['適合']」は使えません"), r.stderr
