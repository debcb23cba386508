"""Neither a case nor a rule can make checker run code or read other files.

Case and rule files are data: YAML is read with a safe loader that refuses every tag
that builds objects; conditions are a closed language (all/any/not/every/some and
comparisons with fact paths of the case model), never evaluated as Python; nothing in
either names another file to read.
"""
from __future__ import annotations

from conftest import ROOT, SEED004, invoke

CANARY_CODE = "import pathlib; pathlib.Path({p!r}).write_text('pwned')"


def _cli(*args, cwd=ROOT):
    return invoke(*args, cwd=cwd, text=True)


def test_a_case_cannot_run_code(tmp_path):
    canary = tmp_path / "canary"
    base = SEED004.read_text(encoding="utf-8")
    attempts = {
        "apply.yaml": base.replace("件名:", f"件名: !!python/object/apply:os.system ['touch {canary}']\n旧件名:", 1),
        "object.yaml": base.replace("件名:", "件名: !!python/object/new:os.system [\"touch " + str(canary) + "\"]\n旧件名:", 1),
        "name.yaml": base.replace("件名:", "件名: !!python/name:os.system\n旧件名:", 1),
    }
    for name, text in attempts.items():
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        p = _cli("check", str(f))
        assert p.returncode == 2, (name, p.stderr)
        assert "使えないタグ" in p.stderr, p.stderr
        assert "Traceback" not in p.stderr
    assert not canary.exists()


def test_a_rule_cannot_run_code_or_name_python(tmp_path):
    canary = tmp_path / "canary"
    rule = f"""pack: 試験
title: 試験
source: 試験
rules:
- id: EVIL-01
  title: 試験
  citation: 試験
  citation_status: unverified
  source: 試験
  applies: {{"__import__('os').system('touch {canary}')": 1}}
  requires: {{区分: {{includes: 業務委託}}}}
  message: 試験
  remedy: 試験
  severity: 低
"""
    f = tmp_path / "evil.yaml"
    f.write_text(rule, encoding="utf-8")
    p = _cli("check", "--rules", str(f), str(SEED004))
    assert p.returncode == 2, p.stderr
    assert "案件モデルにありません" in p.stderr
    assert not canary.exists()


def test_a_fact_value_is_only_ever_data(tmp_path):
    """A value that looks like code or a path is compared as text, never run or opened."""
    canary = tmp_path / "canary"
    text = SEED004.read_text(encoding="utf-8").replace(
        "結合の相手方:", f"結合の相手方: \"__import__('os').system('touch {canary}') /etc/passwd ../../secret\"\n旧相手方:", 1)
    text = text.replace("旧相手方:", "#", 1)
    f = tmp_path / "data.yaml"
    f.write_text(text, encoding="utf-8")
    p = _cli("check", str(f), "--format", "json")
    assert p.returncode in (0, 1), p.stderr
    assert not canary.exists()
    assert "root:" not in p.stdout  # /etc/passwd was not read


def test_no_eval_or_exec_in_the_code():
    import re

    for py in (ROOT / "checker").rglob("*.py"):
        src = py.read_text(encoding="utf-8")
        assert not re.search(r"\b(eval|exec)\s*\(", src), py
        assert "yaml.load(" not in src and "unsafe_load" not in src and "FullLoader" not in src, py
