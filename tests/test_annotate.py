"""Issue 19.3: `checker check 案件.xlsx --annotate` writes the verdicts back into a copy of the department's workbook: a
判定 sheet (the verdicts with their citations, the entries the 要確認 lack with what to write) and each cell that decided a
不適合 (red) or that a 要確認 lacks (yellow) marked, with the message and the remedy in a comment. Real cases: №51 (its
SEI-01 不適合) and seed 004 (its two 要確認 entries, and a checklist row left blank)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import openpyxl
import pytest

from conftest import CASES, ROOT, SEED004, invoke

(N51,) = (CASES / "令和5年度" / "2024-01-15").glob("51_*.yaml")
RED, YELLOW = "00FFC7CE", "00FFEB9C"


def run(*args):
    """checker in this process (conftest.invoke: what `python -m checker` gives)."""
    return invoke(*args, cwd=None, text=True)


def processes(*runs):
    """checker in a fresh interpreter for each run, all started at once: (exit code, stderr) of each."""
    ps = [subprocess.Popen([sys.executable, "-m", "checker", *map(str, args)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}) for args in runs]
    return [(p.returncode, err) for p in ps for _, err in [p.communicate(timeout=300)]]


def book_of(yaml_path, tmp_path, name="案件.xlsx"):
    out = tmp_path / name
    r = run("convert", yaml_path, out)
    assert r.returncode == 0, r.stderr
    return out


def marks(path):
    """{sheet!cell: (fill, comment)} of every commented cell."""
    wb = openpyxl.load_workbook(path)
    return {f"{ws.title}!{c.coordinate}": (c.fill.fgColor.rgb, c.comment.text)
            for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment is not None}


def test_a_fail_is_marked_beside_its_cause(tmp_path):
    book = book_of(N51, tmp_path)
    before = book.read_bytes()
    r = run("check", book, "--annotate")
    assert r.returncode == 1, r.stderr
    out = tmp_path / "案件_判定.xlsx"
    assert f"判定を書き込んだブック: {out}" in r.stderr
    assert book.read_bytes() == before  # the input is never written
    m = marks(out)
    remedy = "直し方: 対象者数と内訳の数を確かめ、合計が対象者数になるよう直す"
    for cell in ("概要!C27", "概要!C28"):  # 対象者数 ４，９２５人 and its 内訳
        fill, text = m[cell]
        assert fill == RED and text.startswith("× 不適合 SEI-01（様式「事業の概要」対象者数 と 対象者数の内訳）\n"
                                              "対象者数が、その内訳の合計と合わない\n") and remedy in text
    assert sum(1 for fill, _ in m.values() if fill == RED) == 2
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "判定" and wb.sheetnames[1:] == openpyxl.load_workbook(book).sheetnames
    rows = [r for r in wb["判定"].iter_rows(values_only=True)]
    head = rows.index(("判定", "ルール", "根拠", "指摘", "直すこと", "場所"))
    assert rows[head + 1][:3] == ("× 不適合", "SEI-01", "様式「事業の概要」対象者数 と 対象者数の内訳")  # findings first
    assert rows[head + 1][5] == "概要!C27、概要!C28"
    assert wb["判定"].cell(head + 2, 6).hyperlink.location == "'概要'!C27"


def test_unknowns_say_what_to_write_in_their_cell(tmp_path):
    book = book_of(SEED004, tmp_path)
    r = run("check", book, "--annotate")
    assert r.returncode == 1, r.stderr
    out = tmp_path / "案件_判定.xlsx"
    m = marks(out)
    fill, text = m["外部結合!C22"]  # 結合先のサーバの所在, not written
    assert fill == YELLOW and text.startswith("? 要確認 FORM-KETSU-06（外部結合チェックリスト 結合先・システム上 10）")
    assert text.endswith("書くこと: 国内／国外")
    assert m["外部結合!C23"][1].endswith("書くこと: 自社／データセンター／クラウド")
    assert m["番号法・個人番号利用事務!E5"][1].endswith("例: 番号法第9条第1項 別表の94の項")
    assert {f for f, _ in m.values()} == {YELLOW}
    rows = [r for r in openpyxl.load_workbook(out)["判定"].iter_rows(values_only=True)]
    asks = rows[rows.index(("記載する事実（要確認を解く）", None, None, None, None, None)) + 1:]
    assert asks[0] == (None, "外部結合.結合先のサーバの所在 を記載する（国内／国外。判断に使うルール 1 件: FORM-KETSU-06）",
                       None, None, None, "外部結合!C22")


def test_a_blank_checklist_row_is_marked_on_its_answer(tmp_path):
    text = SEED004.read_text(encoding="utf-8").replace("      ウイルス対策: ○\n      ID・パスワード", "      ウイルス対策:\n      ID・パスワード", 1)
    src = tmp_path / "c.yaml"
    src.write_text(text, encoding="utf-8")
    r = run("check", src, "--annotate")  # a YAML case: its workbook, annotated
    assert r.returncode == 1, r.stderr
    m = marks(tmp_path / "c_判定.xlsx")
    red = {cell: t for cell, (fill, t) in m.items() if fill == RED}
    assert len(red) == 1, red
    (cell, text), = red.items()
    sheet, _, ref = cell.partition("!")
    ws = openpyxl.load_workbook(tmp_path / "c_判定.xlsx")[sheet]
    assert ws[f"A{ws[ref].row}"].value == "外部結合.チェックリスト.区・システム上.ウイルス対策"  # the row's hidden path
    assert ws[ref].column_letter == "D"  # its 回答
    assert text.startswith("× 不適合 KETSU-KU-SYS-05（外部結合チェックリスト 区・システム上 5）")


def test_annotating_again_starts_afresh_and_is_deterministic(tmp_path):
    book = book_of(SEED004, tmp_path)
    first = tmp_path / "案件_判定.xlsx"
    again = tmp_path / "again"
    again.mkdir()
    shutil.copy(book, again / "案件.xlsx")
    done = processes(["check", book, "--annotate"], ["check", again / "案件.xlsx", "--annotate"])
    assert [code for code, _ in done] == [1, 1], done
    assert (again / "案件_判定.xlsx").read_bytes() == first.read_bytes()  # same input, same bytes (two interpreters)
    # the department writes 国内 into the annotated copy and checks it again
    wb = openpyxl.load_workbook(first)
    wb["外部結合"]["C22"] = "国内"
    wb.save(first)
    r = run("check", first, "--annotate")
    assert r.returncode == 1, r.stderr
    m = marks(tmp_path / "案件_判定_判定.xlsx")
    assert "外部結合!C22" not in m and m["外部結合!C23"][0] == YELLOW
    assert openpyxl.load_workbook(tmp_path / "案件_判定_判定.xlsx").sheetnames.count("判定") == 1
    assert openpyxl.load_workbook(tmp_path / "案件_判定_判定.xlsx")["外部結合"]["C22"].fill.fgColor.rgb == "00FFFFFF"


@pytest.mark.parametrize("path", [SEED004, N51], ids=["seed004", "n51"])
def test_the_annotated_copy_reads_as_its_input(tmp_path, path):
    book = book_of(path, tmp_path)
    assert run("check", book, "--annotate").returncode in (0, 1)
    a = run("check", book, "--format", "json").stdout
    b = run("check", tmp_path / "案件_判定.xlsx", "--format", "json").stdout
    assert a.replace("案件.xlsx", "X") == b.replace("案件_判定.xlsx", "X")


def test_an_annotated_copy_that_cannot_be_written_is_an_input_error(tmp_path):
    book = book_of(SEED004, tmp_path)
    (tmp_path / "案件_判定.xlsx").mkdir()  # a folder where the copy goes
    r = run("check", book, "--annotate")
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    assert f"エラー: {tmp_path / '案件_判定.xlsx'}: 判定を書き込んだブックを書けません（フォルダです" in r.stderr, r.stderr
