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


def test_the_examples_of_rules_hold():
    r = invoke("test", "--format", "json", text=True)
    doc = json.loads(r.stdout)
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


def test_a_rule_without_its_three_examples_fails(tmp_path):
    text = (ROOT / "rules" / "examples" / "特記事項.yaml").read_text(encoding="utf-8")
    d = packs_with(tmp_path, text)
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
        r = invoke("test", d, "--coverage", "--cases", ROOT / "cases", "--format", "json", cwd=None, text=True)
        return json.loads(r.stdout)["coverage"]["rules"]["TOKKI-10"]

    full = cov(text, "a")
    assert full["examples"] == ["適合", "不適合", "要確認", "対象外"] and full["cases"] == ["要確認", "対象外"]
    assert node not in [b["node"] for b in full["branches_not_reached"]]
    start = text.index("- 判定: 不適合\n  説明: 区の承諾のない再委託")
    cut = text[:start] + text[text.index("- 判定: 要確認", start):]
    less = cov(cut, "b")
    assert less["never"] == ["不適合"] and {"node": node, "branch": ["偽"]} in less["branches_not_reached"]
