"""Many files at once: every bad file is named, nothing is judged while one is bad."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from checker.errors import InputError, InputErrors
from checker.input.loader import load_cases
from conftest import ROOT, SEED004

BAD = ROOT / "tests" / "bad_inputs" / "cases"


@pytest.fixture
def mixed(tmp_path):
    shutil.copy(SEED004, tmp_path / "a_good.yaml")
    shutil.copy(BAD / "tab_indent.yaml", tmp_path / "b_tab.yaml")
    shutil.copy(BAD / "date_month_13.yaml", tmp_path / "c_month13.yaml")
    shutil.copy(SEED004, tmp_path / "d_good.yaml")
    return tmp_path


def test_every_bad_file_is_reported(mixed):
    with pytest.raises(InputErrors) as ei:
        load_cases([mixed])
    files = [e.file for e in ei.value.errors]
    assert files == [str(mixed / "b_tab.yaml"), str(mixed / "c_month13.yaml")]
    assert all(e.line for e in ei.value.errors)


def test_cli_mixed_directory_exit_2_and_no_verdicts(mixed):
    p = subprocess.run([sys.executable, "-m", "checker.cli", "check", str(mixed)], cwd=ROOT, capture_output=True, text=True)
    assert p.returncode == 2
    assert p.stdout == ""  # not half a report: nothing is judged while an input is bad
    assert "Traceback" not in p.stderr
    assert "b_tab.yaml:" in p.stderr and "c_month13.yaml:" in p.stderr


def test_one_file_with_several_faults_gives_each_with_its_line(tmp_path):
    text = SEED004.read_text(encoding="utf-8")
    text = text.replace("結合の相手方:", "結合の相手:").replace("件名:", "件名の:", 1)
    f = tmp_path / "two.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises((InputErrors, InputError)) as ei:
        load_cases([f])
    errs = ei.value.errors if isinstance(ei.value, InputErrors) else [ei.value]
    assert len(errs) >= 2
    assert len({e.line for e in errs}) == len(errs)
