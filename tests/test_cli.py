"""The command line as ward staff and CI meet it (issue 20): where output goes, where cases come from, Japanese
messages, width, findings first."""
from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from conftest import CASES, ROOT, SEED004


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "checker", *map(str, args)], capture_output=True, text=True,
                          timeout=300, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})


# -o keeps what it replaces ------------------------------------------------------------------------------------------

def test_output_into_a_missing_folder_is_an_input_error(tmp_path):
    out = tmp_path / "newdir" / "a" / "b" / "x.csv"
    r = run("check", SEED004, "--format", "csv", "-o", out)
    assert r.returncode == 2, r.stderr
    assert f"フォルダ {out.parent} がありません（作るときは --mkdir）" in r.stderr
    assert not (tmp_path / "newdir").exists()  # nothing made, nothing written


def test_output_through_a_dangling_symlink_into_a_missing_folder(tmp_path):
    (tmp_path / "link.csv").symlink_to(tmp_path / "nowhere" / "x.csv")
    r = run("audit", CASES / "seeds", "--format", "csv", "-o", tmp_path / "link.csv")
    assert r.returncode == 2, r.stderr
    assert "nowhere がありません" in r.stderr and not (tmp_path / "nowhere").exists()


def test_mkdir_makes_the_folder(tmp_path):
    out = tmp_path / "newdir" / "x.json"
    r = run("check", SEED004, "--format", "json", "-o", out, "--mkdir")
    assert r.returncode in (0, 1), r.stderr
    assert out.read_text(encoding="utf-8").startswith("{")


def test_default_reports_folder_is_made(tmp_path):
    r = run("audit", CASES / "seeds", "--format", "csv", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    assert (tmp_path / "reports" / "audit.csv").is_file()


def test_a_replaced_file_keeps_its_mode(tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("old", encoding="utf-8")
    out.chmod(0o600)
    r = run("check", SEED004, "--format", "csv", "-o", out)
    assert r.returncode in (0, 1), r.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert out.read_text(encoding="utf-8").startswith("\ufeffファイル,№,件名")  # the new report, in the old file's mode


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another owner needs root")
def test_a_replaced_file_keeps_its_owner(tmp_path):
    out = tmp_path / "x.csv"
    out.write_text("old", encoding="utf-8")
    os.chown(out, 12345, 12345)
    r = run("check", SEED004, "--format", "csv", "-o", out)
    assert r.returncode in (0, 1), r.stderr
    st = out.stat()
    assert (st.st_uid, st.st_gid) == (12345, 12345) and out.read_text(encoding="utf-8") != "old"
