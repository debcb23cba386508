"""Bad input never crashes and never passes.

Every file under tests/bad_inputs/cases/ (a case file) and tests/bad_inputs/rules/ (a rule
file, checked against the valid seed 004 case) must make `checker check` exit 2 with one
clean message: "file:line: …" naming the right line, the expected words, no traceback,
nothing on stdout. Each file says what it expects in its first lines:

    # expect: <substring of the message>
    # line: N            (when the problem has a line)

Files that cannot carry a comment (binary junk) are described in BINARY below.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED004, invoke

BAD = Path(__file__).resolve().parent / "bad_inputs"
BAD_CASES = sorted((BAD / "cases").iterdir())
BAD_RULES = sorted((BAD / "rules").iterdir())

# files without a header comment: name -> (expected substring, line or None)
BINARY = {
    "binary_junk.bin": ("NUL バイト", None),
}


def _cli(*args: str) -> subprocess.CompletedProcess:
    """checker in this process (conftest.invoke): exit code, stdout and stderr as bytes."""
    return invoke(*args, cwd=ROOT)


def _processes(*runs: list[str]) -> list[subprocess.CompletedProcess]:
    """checker in a fresh interpreter for each run, all started at once (they overlap on the cores): what stays the same
    from one process to the next."""
    ps = [subprocess.Popen([sys.executable, "-m", "checker.cli", *args], cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE) for args in runs]
    done = []
    for p in ps:
        out, err = p.communicate(timeout=300)
        done.append(subprocess.CompletedProcess(p.args, p.returncode, out, err))
    return done


def _expectation(path: Path) -> tuple[str, int | None]:
    if path.name in BINARY:
        return BINARY[path.name]
    head = path.read_bytes()[:2000].decode("utf-8", errors="replace")
    m = re.search(r"^# expect: (.+)$", head, re.M)
    assert m, f"{path.name}: no '# expect:' line"
    ln = re.search(r"^# line: (\d+)$", head, re.M)
    return m.group(1).strip(), int(ln.group(1)) if ln else None


def _assert_clean_input_error(p: subprocess.CompletedProcess, path: Path, expect: str, line: int | None) -> None:
    out = p.stdout.decode("utf-8", errors="replace")
    err = p.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in out + err, err
    assert p.returncode == 2, (p.returncode, err)
    assert out == "", out
    assert expect in err, err
    rel = str(path.relative_to(ROOT))
    if line is not None:
        assert f"{rel}:{line}: " in err, err
    else:
        assert f"{rel}: " in err, err


def _id(p: Path) -> str:
    return p.name


def test_corpus_is_big_enough():
    assert len(BAD_CASES) + len(BAD_RULES) >= 40


@pytest.mark.parametrize("path", BAD_CASES, ids=_id)
def test_bad_case_file(path: Path):
    expect, line = _expectation(path)
    p = _cli("check", str(path.relative_to(ROOT)))
    _assert_clean_input_error(p, path, expect, line)


@pytest.mark.parametrize("path", BAD_RULES, ids=_id)
def test_bad_rule_file(path: Path):
    expect, line = _expectation(path)
    p = _cli("check", "--rules", str(path.relative_to(ROOT)), str(SEED004.relative_to(ROOT)))
    _assert_clean_input_error(p, path, expect, line)


def test_file_over_one_megabyte(tmp_path: Path):
    f = tmp_path / "big.yaml"
    f.write_text(SEED004.read_text(encoding="utf-8") + "備考: |\n" + ("  " + "あ" * 100 + "\n") * 4000, encoding="utf-8")
    assert f.stat().st_size > 1_000_000
    p = _cli("check", str(f))
    err = p.stderr.decode("utf-8")
    assert p.returncode == 2 and p.stdout == b"" and "Traceback" not in err
    assert "ファイルが大きすぎます" in err, err


def test_missing_file_and_directory(tmp_path: Path):
    for target in (tmp_path / "nai.yaml", tmp_path / "empty_dir"):
        if target.suffix == "":
            target.mkdir()
        p = _cli("check", str(target))
        err = p.stderr.decode("utf-8")
        assert p.returncode == 2 and p.stdout == b"" and "Traceback" not in err, err


# --- the same case, written differently, gives the same report -----------------------------

def _json_report(path: Path) -> str:
    p = _cli("check", "--format", "json", str(path))
    assert p.returncode in (0, 1), p.stderr.decode("utf-8", errors="replace")
    return p.stdout.decode("utf-8").replace(json.dumps(str(path))[1:-1], "<FILE>").replace(str(path), "<FILE>")


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> str:
    d = tmp_path_factory.mktemp("seed")
    f = d / "case.yaml"
    f.write_bytes(SEED004.read_bytes())
    return _json_report(f)


def _variant(tmp_path: Path, data: bytes) -> Path:
    f = tmp_path / "case.yaml"
    f.write_bytes(data)
    return f


def test_cp932_copy_gives_the_same_report(tmp_path: Path, seed_report: str):
    text = SEED004.read_text(encoding="utf-8")
    assert _json_report(_variant(tmp_path, text.encode("cp932"))) == seed_report


def test_cp932_copy_gives_the_same_terminal_report(tmp_path: Path):
    """The terminal report shows 付議日 as text: seed 004's range mark 〜 comes back from CP932 as ～."""
    text = SEED004.read_text(encoding="utf-8")
    assert "〜" in text  # 付議日: 令和6年5月27日〜令和7年2月15日
    utf8 = tmp_path / "utf8"
    sjis = tmp_path / "sjis"
    utf8.mkdir()
    sjis.mkdir()
    (utf8 / "case.yaml").write_bytes(text.encode("utf-8"))
    (sjis / "case.yaml").write_bytes(text.encode("cp932"))
    a, b = _cli("check", str(utf8 / "case.yaml")), _cli("check", str(sjis / "case.yaml"))
    assert "付議日: 令和6年5月27日〜令和7年2月15日" in a.stdout.decode("utf-8")
    assert a.stdout.decode("utf-8").replace("utf8", "X") == b.stdout.decode("utf-8").replace("sjis", "X")


def test_utf8_bom_copy_gives_the_same_report(tmp_path: Path, seed_report: str):
    text = SEED004.read_text(encoding="utf-8")
    assert _json_report(_variant(tmp_path, text.encode("utf-8-sig"))) == seed_report


def test_fullwidth_count_gives_the_same_report(tmp_path: Path):
    text = SEED004.read_text(encoding="utf-8")
    assert "対象者数: 約4,300人" in text
    half = text.replace("対象者数: 約4,300人", "対象者数: 346,313人")
    full = text.replace("対象者数: 約4,300人", "対象者数: ３４６，３１３人")
    a = _json_report(_variant(tmp_path, half.encode("utf-8")))
    b = _json_report(_variant(tmp_path, full.encode("utf-8")))
    # the count is reported as written; everything else is the same
    assert a.replace("346,313人", "<N>") == b.replace("３４６，３１３人", "<N>")


def test_fiscal_year_variants_give_the_same_verdicts(tmp_path: Path):
    import re

    # seed 004 is dated by a range (令和6年5月27日〜令和7年2月15日); its 年度 spelt in several ways gives one report
    text = re.sub(r"(?m)^付議日: .*$", "付議日: 令和6年度", SEED004.read_text(encoding="utf-8"))
    base = _json_report(_variant(tmp_path, text.encode("utf-8")))
    for variant in ("令和６年度", "令和 6 年度", "2024年度"):
        got = _json_report(_variant(tmp_path, text.replace("付議日: 令和6年度", f"付議日: {variant}").encode("utf-8")))
        assert got.replace(variant, "令和6年度") == base, variant


def test_running_twice_is_byte_identical():
    # two processes (each with its own string hashes and set orders), not two runs in this one
    json_run, text_run = ["check", "--format", "json", str(SEED004)], ["check", str(SEED004)]
    a, b, t1, t2 = _processes(json_run, json_run, text_run, text_run)
    assert a.returncode == b.returncode == 1  # 004 does not name the 別表 entry of its 法定事務 (MN-USE-HOTEI 要確認)
    assert a.stdout == b.stdout and a.stderr == b.stderr
    assert t1.stdout == t2.stdout


@pytest.mark.parametrize("sheet, key", [
    ("", "整合性: {}"),
    ("業務委託:\n", "  特記事項による拘束: あり"),
    ("外部提供:\n", "  根拠条項: 第69条第2項第3号"),
    ("番号法:\n  個人番号利用事務:\n  - 事務: 児童手当\n", "    根拠の判定: あり"),
    ("特定個人情報保護評価:\n", "  実施結果の報告: あり"),
])
def test_a_derived_fact_written_is_refused_at_its_line(tmp_path: Path, sheet: str, key: str):
    """Facts computed from others (Sheet.DERIVED) cannot be written: one message at the key's own line, exit 2."""
    head = "出典: t\n件名: t\n区分: [業務委託, 外部提供]\n担当課: [A課]\n付議日: 令和5年10月20日\n"
    f = tmp_path / "case.yaml"
    f.write_text(head + sheet + key + "\n", encoding="utf-8")
    p = _cli("check", str(f))
    err = p.stderr.decode("utf-8")
    line = (head + sheet).count("\n") + 1
    name = key.split(":")[0].strip()
    assert p.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"エラー: {f}:{line}: ") and f"「{name}」は" in err and "書けません" in err
