"""The command line as ward staff and CI meet it (issue 20): where output goes, where cases come from, Japanese
messages, width, findings first."""
from __future__ import annotations

import os
import re
import stat

import pytest

from conftest import CASES, ROOT, SEED004, invoke


def run(*args, cwd=None):
    """checker in this process (conftest.invoke: what `python -m checker` gives, test_invoke), in cwd."""
    return invoke(*args, cwd=cwd, text=True)


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


# where the cases come from ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args, usage", [
    (["audit"], "checker audit 案件フォルダ"),
    (["meeting", "2023-12-21"], "checker meeting 日付 --cases 案件フォルダ"),
    (["list", "--year", "R5"], "checker list --year 令和5 --cases 案件フォルダ"),
])
def test_no_cases_here_is_an_input_error_saying_where_it_looked(tmp_path, args, usage):
    r = run(*args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(f"エラー: {tmp_path / 'cases'}: 案件フォルダがありません。どの案件かを指定してください"), r.stderr
    assert usage in r.stderr and not (tmp_path / "reports").exists()


def test_meeting_and_list_name_their_meeting_list():
    r = run("meeting", "2023-12-21", "--cases", CASES)
    assert r.stdout.splitlines()[1] == f"対象: {CASES / '令和5年度' / '_meetings.yaml'}"
    r = run("audit", CASES / "seeds")
    assert f"対象: {CASES / 'seeds'}" in r.stdout


MEETING_CASE = "2023-07-28/01_東京共同電子申請・届出サービス（手続の追加）.yaml"


@pytest.mark.parametrize("body, line, message", [
    ("日付: 2023-07-28\n", 1, "最上位はリストでなければなりません"),
    ("- 2023-07-28\n", 1, "会議はマッピングでなければなりません"),
    ("- 日付: 2023-07-28\n  場所: 本庁舎\n", 1, "「場所」は会議に書けるキーではありません（期待される形: 日付、会議、案件）"),
    ("- 会議: 第5回\n", 1, "必須の項目「日付」がありません"),
    ("- 日付: 7月28日ごろ\n", 1, "日付「7月28日ごろ」が 1 日として読めません"),
    ("- 日付: 令和5年7月\n", 1, "日付「令和5年7月」が 1 日として読めません"),
    ("- 日付: 2024-07-28\n", 1, "日付 2024-07-28 は 令和5年度 の外です（期待される形: 2023-04-01 から 2024-03-31 までの日）"),
    ("- 日付: 2023-07-28\n- 日付: 令和5年7月28日\n", 2, "日付 2023-07-28 の会議が 2 つあります（1 行と）"),
    ("- 日付: 2023-07-28\n  会議: [第5回]\n", 2, "会議は会議の名前（文字列）でなければなりません"),
    ("- 日付: 2023-07-28\n  案件: 01.yaml\n", 2, "案件はリストでなければなりません"),
    ("- 日付: 2023-07-28\n  案件:\n    - 1\n", 3, "案件は案件ファイルのパス（文字列）でなければなりません"),
    ("- 日付: 2023-07-28\n  案件:\n    - ない.yaml\n", 3, "案件ファイル「ない.yaml」がありません"),
    (f"- 日付: 2023-07-28\n  案件:\n    - {MEETING_CASE}\n- 日付: 2023-09-01\n  案件:\n    - {MEETING_CASE}\n", 6,
     f"案件ファイル「{MEETING_CASE}」が 2 回あります（3 行と）"),
])
def test_every_bad_meeting_list_entry_is_named(tmp_path, body, line, message):
    """docs/meetings.md: each error of _meetings.yaml, at its line, exit 2."""
    import shutil

    year = tmp_path / "cases" / "令和5年度"
    (year / "2023-07-28").mkdir(parents=True)
    shutil.copy(CASES / "令和5年度" / MEETING_CASE, year / MEETING_CASE)
    (year / "_meetings.yaml").write_text(body, encoding="utf-8")
    r = run("list", "--year", "R5", cwd=tmp_path)
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stderr.startswith(f"エラー: cases/令和5年度/_meetings.yaml:{line}: {message}"), r.stderr


def test_a_meeting_list_in_wareki_is_read(tmp_path):
    import shutil

    year = tmp_path / "cases" / "令和5年度"
    (year / "2023-07-28").mkdir(parents=True)
    shutil.copy(CASES / "令和5年度" / MEETING_CASE, year / MEETING_CASE)
    (year / "_meetings.yaml").write_text(f"- 日付: 令和5年7月28日\n  案件:\n    - {MEETING_CASE}\n", encoding="utf-8")
    r = run("list", "--year", "R5", "--format", "tsv", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[1].split("\t")[4] == "7月28日"


# Japanese throughout --------------------------------------------------------------------------------------------------

ENGLISH = re.compile(r"[A-Za-z]{3,}(?: [a-z]{2,})+")  # a phrase of English words (not an option name or a file name)


def english(text: str):
    """A phrase of English in a message, the command's own name (checker audit) aside."""
    return ENGLISH.search(re.sub(r"checker(?: (?:check|meeting|audit|explain|list|rules))?\b", "", text))


@pytest.mark.parametrize("args, message", [
    (["explian"], "エラー: コマンド「explian」はありません（使えるのは audit・check・convert・explain・list・meeting・new・rules・test）"),
    (["explain", SEED004], "エラー: 引数 ルールID を指定してください"),
    (["meeting", "2023-12-21", "ITAKU-05"], "エラー: 余分な引数があります: ITAKU-05"),
    (["check", SEED004, "--bogus"], "エラー: オプション --bogus はありません"),
    (["check", SEED004, "--al"], "エラー: オプション --al はありません。もしかして --all ですか"),
    (["check"], "エラー: 引数 案件ファイル… を指定してください"),
    (["list"], "エラー: オプション --year を指定してください"),
    (["check", SEED004, "--format", "pdf"], "エラー: --format の値「pdf」は使えません（使えるのは text・md・html・csv・json・junit）"),
    (["audit", "-j", "99"], "エラー: -j／--jobs の値「99」は使えません（使えるのは 0 から 64 までの整数）"),
    (["check", SEED004, "-o"], "エラー: オプション -o には値が要ります"),
])
def test_usage_errors_are_japanese(args, message):
    r = run(*args)
    assert r.returncode == 2 and r.stdout == "", r
    first = r.stderr.splitlines()[0]
    assert first == message, r.stderr
    assert not english(r.stderr), r.stderr
    assert "Usage" not in r.stderr and "Error" not in r.stderr


def test_bad_yaml_is_said_in_japanese():
    for name in ("syntax_bad_indent.yaml", "syntax_unclosed_bracket.yaml"):
        r = run("check", ROOT / "tests" / "bad_inputs" / "cases" / name)
        assert r.returncode == 2 and "YAML として読めません: " in r.stderr
        assert not english(r.stderr), r.stderr


@pytest.mark.parametrize("key, where, guess", [
    ("件命", "最上位", "件名"),  # a kanji of the same reading
    ("件 名", "最上位", "件名"),  # a space
    ("名称", "業務委託.再委託[1]", "再委託先"),  # by meaning, not by spelling (was 認証)
    ("所在地", "業務委託.委託先[1]", "データの所在"),  # was 認証
    ("予算額", "最上位", None),  # nothing close: the list of every allowed key, never cut
])
def test_did_you_mean_only_when_close(key, where, guess):
    from checker.errors import InputError
    from checker.input.loader import load_case_text

    text = SEED004.read_text(encoding="utf-8")
    sub = {"最上位": None, "業務委託.再委託[1]": "  再委託:\n    - 再委託先: A社\n", "業務委託.委託先[1]": "  委託先:\n    - 名称: A社\n"}[where]
    if sub is None:
        text += f"{key}: x\n"
    else:
        text += "業務委託:\n" + sub + f"      {key}: x\n"
    with pytest.raises(InputError) as e:
        load_case_text(text, "x.yaml")
    msg = e.value.format()
    assert f"「{key}」は{where}に書けるキーではありません" in msg, msg
    if guess:
        assert f"もしかして「{guess}」ですか" in msg
    else:
        assert "もしかして" not in msg and "…" not in msg and msg.endswith("整合性）"), msg


# width -------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [[], ["check"], ["meeting"], ["audit"], ["explain"], ["rules"], ["list"], ["new"], ["convert"]])
def test_help_fits_80_columns_and_is_japanese(args):
    from wcwidth import wcswidth

    r = run(*args, "--help")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(wcswidth(ln) for ln in lines) <= 80, max(lines, key=wcswidth)
    assert lines[0].startswith("使い方: checker") and "オプション:" in lines
    for english in ("Usage", "Options", "Commands", "Show this message", "[default", "TEXT", "PATH"):
        assert english not in r.stdout, english


# findings first ------------------------------------------------------------------------------------------------------

def test_check_prints_findings_first_and_counts_the_rest():
    r = run("check", SEED004)
    out = r.stdout
    assert "○ 適合" not in out and "? 要確認" in out
    assert "  ほかに 適合 45・対象外 118（すべては --all）" in out
    every = run("check", SEED004, "--all").stdout
    assert every.count("○ 適合") == 45 and every.count("ー 対象外") == 118 and "ほかに" not in every
    for fmt in ("md", "json"):  # the other formats keep every verdict
        assert run("check", SEED004, "--format", fmt).stdout.count("適合") > 40


# checker rules ID: where a rule comes from ----------------------------------------------------------------------------

def test_rules_id_shows_each_version_with_its_source_and_note():
    r = run("rules", "TOKKI-10")
    assert r.returncode == 0, r.stderr
    heads = [ln for ln in r.stdout.splitlines() if ln.startswith("■ ")]
    assert heads == ["■ TOKKI-10 再委託の禁止（特記事項 第10項）"] * 2  # its two versions (to 2023-03-31, from 2023-04-01)
    assert "  出典: seed 001/002 特記事項 10（再委託の禁止）" in r.stdout  # the provenance a department never sees
    assert "  注: 第10項の本文は再委託を「一切」禁じるが" in r.stdout
    assert r.stdout.count(f"  ファイル: {ROOT / 'rules' / '特記事項.yaml'}:") == 2


def test_rules_unknown_id_is_an_input_error():
    r = run("rules", "TOKKI-1O")
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("エラー: TOKKI-1O: そのようなルールはありません"), r.stderr


def test_a_file_that_is_not_there_is_said_in_japanese(tmp_path):
    r = run("check", tmp_path / "ない.yaml")
    assert r.returncode == 2 and r.stderr.startswith(f"エラー: {tmp_path / 'ない.yaml'}: ファイルを開けません（ありません）"), r.stderr
    r = run("convert", SEED004, tmp_path / "no" / "x.xlsx")
    assert r.returncode == 2 and "書けません（フォルダ" in r.stderr and not english(r.stderr), r.stderr
