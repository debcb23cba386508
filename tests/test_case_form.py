"""Issue 19: the 付議事項 form as a department meets it.

A department's own file needs no 出典; 件名 and 担当課 are keys every file has, and written empty (a fresh template)
they are asked for (FORM-01, FORM-02: 要確認), never an input error.
"""
from __future__ import annotations

from conftest import run_text

HEAD = "区分: [防犯カメラ]\n付議日: 令和6年10月1日\n"


def test_a_department_file_needs_no_source(engine):
    got = run_text(engine, "件名: 防犯カメラの設置\n担当課: [危機管理課]\n" + HEAD)
    assert got["FORM-01"].verdict == "適合" and got["FORM-02"].verdict == "適合"


def test_title_and_department_left_empty_are_asked_for(engine):
    got = run_text(engine, "件名:\n担当課:\n" + HEAD)
    assert got["FORM-01"].verdict == "要確認" and got["FORM-02"].verdict == "要確認"
    got = run_text(engine, "件名: 不明\n担当課: 不明\n" + HEAD)
    assert got["FORM-01"].verdict == "要確認" and got["FORM-02"].verdict == "要確認"


def test_title_written_none_is_not_a_title(engine):
    got = run_text(engine, "件名: なし\n担当課: [危機管理課]\n" + HEAD)
    assert got["FORM-01"].verdict == "不適合"
