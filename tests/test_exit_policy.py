"""Issue 20.1: the exit policy (--fail-on). A case with 要確認 only (seed 004: two open questions, no 不適合) exits 1 by
default, 0 under --fail-on 不適合; one with a 不適合 (№51, SEI-01) exits 1 under both, 0 under なし. json and junit say
which outcomes counted."""
from __future__ import annotations

import json

import pytest

from conftest import CASES, invoke

S004 = CASES / "seeds" / "004_ぴったり電子申請_災害弔慰金.yaml"


def _n51():
    (f,) = (CASES / "令和5年度").glob("*/51_*.yaml")
    return f


def run(*args):
    """checker in this process (conftest.invoke): exit code, stdout, stderr."""
    return invoke(*args, cwd=None, text=True)


@pytest.mark.parametrize("policy,s004,n51", [
    (None, 1, 1), ("要確認", 1, 1), ("unknown", 1, 1), ("不適合", 0, 1), ("fail", 0, 1), ("FAIL", 0, 1), ("なし", 0, 0), ("none", 0, 0),
])
def test_check_exit_code_by_policy(policy, s004, n51):
    opt = [] if policy is None else ["--fail-on", policy]
    assert run("check", S004, *opt).returncode == s004
    assert run("check", _n51(), *opt).returncode == n51


def test_a_wrong_policy_is_an_input_error():
    out = run("check", S004, "--fail-on", "warn")
    assert out.returncode == 2 and "warn" in out.stderr


def test_json_and_junit_say_what_counted():
    j = json.loads(run("check", S004, "--format", "json", "--fail-on", "不適合").stdout)
    assert j["fail_on"] == ["不適合"]
    assert json.loads(run("check", S004, "--format", "json").stdout)["fail_on"] == ["不適合", "要確認"]
    x = run("check", S004, "--format", "junit", "--fail-on", "不適合").stdout
    assert '<property name="fail_on" value="不適合"/>' in x and "<failure" not in x and "要確認（終了コードに数えない）" in x
    assert 'failures="2"' in run("check", S004, "--format", "junit").stdout


def test_meeting_and_audit_follow_the_policy(tmp_path):
    # 2023-12-21's cases carry both 不適合 (№51) and 要確認
    assert run("meeting", "2023-12-21", "-o", tmp_path / "m.txt").returncode == 1
    assert run("meeting", "2023-12-21", "--fail-on", "なし", "-o", tmp_path / "m.txt").returncode == 0
    assert run("audit", S004, "--format", "csv", "-o", tmp_path / "a.csv").returncode == 1
    assert run("audit", S004, "--fail-on", "不適合", "--format", "csv", "-o", tmp_path / "a.csv").returncode == 0
