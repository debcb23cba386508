"""Issue 19.2 and 19.4: `checker check 案件.xlsx` reads the workbook of `checker new` as strictly as YAML (one input
interface: the same data, the same model, every error at its `file!sheet!cell`), and `checker convert` goes between YAML
and the workbook without loss: every real case gives the same facts and the same verdicts either way.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from conftest import CASES, SEED004, run_text, shared_rules

from checker.cli import main
from checker.engine.facts import to_facts
from checker.input.loader import case_files, load_case, load_case_text
from checker.model import form as F

FORM = F.describe()


def cli(*args):
    args = [str(a) for a in args]
    with shared_rules() if args[0] in ("check", "meeting", "audit") else contextlib.nullcontext():  # rules/ compiled once
        return CliRunner().invoke(main, args)


_NEW: dict = {}


def new_book(tmp_path: Path, *args: str, name: str = "案件.xlsx") -> Path:
    """The workbook of `checker new ARGS` in tmp_path: written once for each ARGS, then copied (0.2 s a workbook)."""
    out = tmp_path / name
    if (args, name) not in _NEW:
        r = cli("new", *args, "-o", out)
        assert r.exit_code == 0, r.output
        _NEW[args, name] = out.read_bytes()
    else:
        out.write_bytes(_NEW[args, name])
    return out


def verdicts(engine, path: Path) -> dict:
    return {v.rule_id: v.verdict for v in engine.run([(str(path), load_case(path))])[0].verdicts}


def at(ws, path: str) -> int:
    """The row whose hidden column A names this label path."""
    return next(r for r in range(1, ws.max_row + 1) if ws[f"{F.PATH_COLUMN}{r}"].value == path)


class Person:
    """Fills in a workbook of checker new as a person does, by what is shown: the sheet's tab, the label in column B (a
    checklist's 項目 in C, a table's header), typing into the answer cell beside it. Column A is never looked at."""

    def __init__(self, path: Path):
        self.path = path
        self.wb = openpyxl.load_workbook(path)

    def _row(self, ws, label: str, column: str = F.FIELD_LABEL, under: str | None = None) -> int:
        start = F.HEADER_ROW + 1
        if under is not None:  # a label repeated in several sections: the one under this section's heading
            start = next(r for r in range(start, ws.max_row + 1) if ws[f"{column}{r}"].value == under) + 1
        return next(r for r in range(start, ws.max_row + 1) if ws[f"{column}{r}"].value == label)

    def write(self, sheet: str, label: str, *values, under: str | None = None) -> None:
        ws = self.wb[sheet]
        r = self._row(ws, label, under=under)
        for i, v in enumerate(values):  # a list: one value per row
            ws[f"{F.FIELD_ANSWER}{r + i}"] = v

    def answer(self, sheet: str, item: str, mark: str, reason: str | None = None) -> None:
        ws = self.wb[sheet]
        r = self._row(ws, item, F.CHECK_LABEL)
        ws[f"{F.CHECK_ANSWER}{r}"] = mark
        if reason is not None:
            ws[f"{F.CHECK_REASON}{r}"] = reason

    def entry(self, sheet: str, n: int, **values) -> None:
        ws = self.wb[sheet]
        heads = {c.value: c.column for c in ws[F.HEADER_ROW] if c.value}
        for label, v in values.items():
            ws.cell(F.TABLE_FIRST_ROW + n - 1, heads[label], v)

    def save(self) -> Path:
        self.wb.save(self.path)
        return self.path


# --- the empty workbook and a filled-in one ------------------------------------------------------------------------

from test_case_form import COMBOS, hoikuen_text  # noqa: E402  (the YAML side of the same cases)


@pytest.mark.parametrize("cats,pia", COMBOS, ids=lambda x: "+".join(x) if isinstance(x, list) else str(x))
def test_the_empty_workbook_says_what_the_empty_yaml_template_says(tmp_path, engine, cats, pia):
    args = [*cats, *(["--pia", pia] if pia else [])]
    book = new_book(tmp_path, *args)
    template = tmp_path / "案件.yaml"
    assert cli("new", *args, "-o", template).exit_code == 0
    assert verdicts(engine, book) == verdicts(engine, template)
    r = cli("check", book)
    assert r.exit_code == 1 and "要確認" in r.stdout, r.output  # asks for what is missing, never an input error


def test_the_hoikuen_case_filled_into_the_workbook_gives_the_verdicts_of_its_yaml(tmp_path, engine):
    """The 保育園 業務委託 (tests/test_case_form.py, written into the YAML template) typed into the workbook: some
    values picked from drop-downs, a date typed as a date cell, a number as a number; checker check gives the same
    verdicts as the YAML file, rule by rule."""
    p = Person(new_book(tmp_path, "業務委託", name="保育園.xlsx"))
    p.write("概要", "件名", "保育園入園申込書のデータ入力業務の委託について")
    p.write("概要", "担当課", "保育課")
    p.write("概要", "付議日", "令和7年1月16日")
    p.write("概要", "事業名", "保育園入園申込の受付")
    p.write("概要", "対象者", "保育園の入園を申し込む保護者及び児童")
    p.write("概要", "対象者数", "約6,000人")
    p.write("概要", "個人番号の取扱い", "あり")
    p.write("業務委託", "保有課", "保育課")
    p.entry("業務委託・委託先", 1, 名称="株式会社データ入力", 契約方式="指名競争入札", 認証="プライバシーマーク",
            データの所在="国内", データの保管場所="クラウド")
    p.write("業務委託", "処理させる情報項目", "児童及び保護者の氏名、住所、生年月日、個人番号、就労状況")
    p.write("業務委託", "委託理由", "申込が集中する時期に入力を迅速に行うため")
    p.write("業務委託", "委託の内容", "入園申込書の記載事項の入力及び照合")
    p.write("業務委託", "委託の開始時期及び期限", "令和7年2月1日から令和7年3月31日まで")
    p.write("業務委託", "特記事項の添付", "あり")
    for label in ("個人情報への接触", "持ち出し", "持ち出しの承諾", "紙・媒体の受渡し"):
        p.write("業務委託", label, "あり")
    for item in ("特記事項等の遵守", "立入調査等及び状況報告", "責任者及び取扱者の報告", "データの暗号化", "個人情報の返却及び消去",
                 "鍵付きカバン等による運搬", "受渡し時の管理簿への記載", "鍵付キャビネット等での保管"):
        p.answer("業務委託・チェックリスト", item, "○")
    p.answer("業務委託・チェックリスト", "区が作成した業務フローに基づく業務の履行", "ー", "委託先の入力手順書による")
    p.entry("業務委託・再委託", 1, 再委託先="株式会社クラウド基盤", 範囲="入力データの保管", 理由="入力システムの基盤", 区の承諾="あり",
            承諾日=dt.datetime(2025, 1, 20), 特記事項の適用="あり", データの所在="国内", データの保管場所="クラウド")
    p.entry("業務委託・再委託", 2, 再委託先="株式会社照合サービス", 範囲="入力結果の照合", 理由="繁忙期の照合", 区の承諾="不明")
    p.entry("番号法・個人番号利用事務", 1, 事務="子ども・子育て支援法による施設型給付費の支給に関する事務", 種別="法定事務",
            担当課="保育課", 根拠="番号法別表の94の項")
    book = p.save()

    text = hoikuen_text(tmp_path)
    want = {k: v.verdict for k, v in run_text(engine, text, "保育園.yaml").items()}
    r = cli("check", book, "--format", "json")
    assert r.exit_code == 1, r.output  # loads (no input error); 要確認 remain, as for the YAML
    got = {v["rule"]: v["verdict"] for v in json.loads(r.stdout)["cases"][0]["verdicts"]}
    assert got == {k: str(v) for k, v in want.items()}
    assert got["ITAKU-04"] == "適合" and got["ITAKU-PM-01"] == "適合" and got["FORM-ITAKU-01"] == "適合"
    case, yaml_case = load_case(book), load_case_text(text, "保育園.yaml")
    assert to_facts(case) == to_facts(yaml_case)
    assert str(case.itaku.subcontracts[0].consent_date.start) == "2025-01-20"  # the date cell, as its day


# --- a bad cell: one line, file!sheet!cell, exit 2 -------------------------------------------------------------

def _flag(wb):
    ws = wb["業務委託"]
    r = at(ws, "業務委託.特記事項の添付")
    ws[f"C{r}"] = "たぶん"
    return [f"業務委託!C{r}: 業務委託.特記事項の添付: 「たぶん」は あり／なし として読めません"
            "（期待される形: あり／なし（はい／いいえ、true／false でも可））"]


def _choice(wb):
    ws = wb["業務委託・委託先"]
    ws["B5"], ws["F5"] = "株式会社データ入力", "日本"
    return ["業務委託・委託先!F5: 業務委託.委託先[1].データの所在: 「日本」は使えない値です（期待される形: 国内／国外）"]


def _date(wb):
    ws = wb["概要"]
    r = at(ws, "付議日")
    ws[f"C{r}"] = "令和6年13月1日"
    return [f"概要!C{r}: 付議日: 「令和6年13月1日」の月 13 はありません"
            "（期待される形: 令和5年12月21日・R5.12.21・2023-12-21、または 令和6年10月（月）・令和6年度（年度））"]


def _table_date(wb):
    ws = wb["業務委託・再委託"]
    ws["B6"], ws["F6"] = "株式会社照合サービス", "R7.2.30"
    return ["業務委託・再委託!F6: 業務委託.再委託[1].承諾日: 「R7.2.30」という日はありません"
            "（期待される形: 令和5年12月21日・R5.12.21・2023-12-21、または 令和6年10月（月）・令和6年度（年度））"]


def _unknown_sheet(wb):
    wb.create_sheet("メモ")["A1"] = "部署のメモ"
    names = "、".join(p.name for p in F.parts(FORM.entries))
    return [f"メモ: 様式にないシート「メモ」です（期待される形: 様式のシート（{names}）だけ）"]


def _swapped_paths(wb):
    """Two rows' hidden paths exchanged (column A edited): each label no longer matches its path."""
    ws = wb["業務委託"]
    a, b = at(ws, "業務委託.委託理由"), at(ws, "業務委託.委託の内容")
    ws[f"A{a}"], ws[f"A{b}"] = "業務委託.委託の内容", "業務委託.委託理由"
    return [f"業務委託!B{a}: 項目名「委託理由」が列 A（非表示）の「業務委託.委託の内容」と合いません（期待される形: 「委託の内容」）",
            f"業務委託!B{b}: 項目名「委託の内容」が列 A（非表示）の「業務委託.委託理由」と合いません（期待される形: 「委託理由」）"]


def _edited_path(wb):
    ws = wb["業務委託"]
    r = at(ws, "業務委託.委託理由")
    ws[f"A{r}"] = "業務委託.委託理"
    return [f"業務委託!A{r}: 列 A（非表示）の「業務委託.委託理」はこのシートの項目のパスではありません"
            "（期待される形: 項目名「委託理由」の行なら「業務委託.委託理由」）"]


def _moved_column(wb):
    """A column inserted before A: the hidden paths move to B, the labels to C."""
    wb["業務委託"].insert_cols(1)
    return ["業務委託!A1: 列 A（非表示）の 1 行目が「」です。列 A が動かされたか書き換えられています（期待される形: 「業務委託」（このシートの項目のパス））"]


def _inserted_row(wb):
    ws = wb["業務委託"]
    r = at(ws, "業務委託.委託理由")
    ws.insert_rows(r)
    ws[f"C{r}"] = "書き足した理由"
    return [f"業務委託!C{r}: 列 A（非表示）に項目のパスがない行に書かれています"
            "（期待される形: 用意された行と列に書く（行や列を挿入しない。列 A は非表示の項目のパス））"]


def _formula(wb):
    ws = wb["概要"]
    r = at(ws, "番号")
    ws[f"C{r}"] = "=1+1"
    return [f"概要!C{r}: 数式は使えません（値を書く）（期待される形: 整数（1 以上））"]


def _table_header(wb):
    ws = wb["業務委託・委託先"]
    ws["C3"] = "契約の方式"
    return ["業務委託・委託先!C3: 見出しが「契約の方式」です。列が動かされたか挿入されています（期待される形: 「契約方式」）"]


def _reason_without_answer(wb):
    ws = wb["業務委託・チェックリスト"]
    r = at(ws, "業務委託.チェックリスト.データの暗号化")
    ws[f"E{r}"] = "暗号化しない"
    return [f"業務委託・チェックリスト!D{r}: 回答が空欄です（理由・講じる対策だけが書かれています）（期待される形: ○／ー（理由）／不明）"]


def _several(wb):
    """Every bad cell of a workbook is said, in the workbook's order."""
    return _reason_without_answer(wb) + _flag(wb) + _date(wb)


BAD = [_flag, _choice, _date, _table_date, _unknown_sheet, _swapped_paths, _edited_path, _moved_column, _inserted_row,
       _formula, _table_header, _reason_without_answer, _several]


@pytest.mark.parametrize("spoil", BAD, ids=lambda f: f.__name__.strip("_"))
def test_a_bad_cell_is_one_line_naming_its_sheet_and_cell(tmp_path, spoil):
    book = new_book(tmp_path, "業務委託")
    wb = openpyxl.load_workbook(book)
    want = spoil(wb)
    wb.save(book)
    r = cli("check", book)
    assert r.exit_code == 2, r.output
    lines = r.stderr.splitlines()
    order = {name: i for i, name in enumerate(["メモ", *(p.name for p in F.parts(FORM.entries))])}

    def place(line):
        sheet, _, cell = line.partition(": ")[0].partition("!")
        m = re.fullmatch(r"([A-Z]+)(\d+)", cell)
        return order[sheet], int(m.group(2)) if m else 0, m.group(1) if m else ""

    assert lines == [f"エラー: {book}!{x}" for x in sorted(want, key=place)]
    assert r.stdout == ""  # nothing half-read is judged


def test_a_file_that_is_no_workbook_is_an_input_error(tmp_path):
    fake = tmp_path / "案件.xlsx"
    fake.write_text("件名: これは YAML\n", encoding="utf-8")
    r = cli("check", fake)
    assert r.exit_code == 2
    assert r.stderr == f"エラー: {fake}: Excel のブック（.xlsx）として読めません（期待される形: checker new … -o 案件.xlsx で作ったブック（.xlsx））\n"
    old = tmp_path / "案件.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    r = cli("check", old)
    assert r.exit_code == 2 and "「.xls」のファイルは読めません" in r.stderr
    # a part that declares a DTD (entities) is refused before any XML is parsed
    book = new_book(tmp_path, "防犯カメラ", name="dtd.xlsx")
    spoilt = tmp_path / "spoilt.xlsx"
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(spoilt, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/workbook.xml":
                dtd = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
                data = data.replace(b"?>", b"?>" + dtd, 1) if data.startswith(b"<?xml") else dtd + data
            dst.writestr(item, data)
    r = cli("check", spoilt)
    assert r.exit_code == 2 and "xl/workbook.xml が DTD を宣言しています" in r.stderr
    # a workbook of another layout version says so
    wb = openpyxl.load_workbook(book)
    wb.properties.keywords = "checker case form 0"
    wb.save(book)
    r = cli("check", book)
    assert r.exit_code == 2 and r.stderr == (f"エラー: {book}: ブックの様式の版が違います（このブックは 0）"
                                             f"（期待される形: 版 {F.LAYOUT_VERSION} のブック（checker new で作り直す））\n")


# --- values as they are typed --------------------------------------------------------------------------------------

def test_values_are_read_as_typed(tmp_path):
    p = Person(new_book(tmp_path, "業務委託", "防犯カメラ"))
    p.write("概要", "件名", "防犯カメラの設置")
    p.write("概要", "担当課", "危機管理課", None, "地域福祉課")  # a row left empty between two values
    p.write("概要", "付議日", dt.datetime(2024, 10, 1))  # a date cell
    p.write("概要", "番号", "１８")  # a number typed full-width
    p.write("概要", "対象者数", 4300)  # a number cell
    p.write("概要", "対象者数の内訳", "日本人住民: ３０６，４８４人", "外国人住民：３９，８２９人")
    p.write("防犯カメラ", "設置予定日", "R6.11.27")
    p.write("防犯カメラ", "台数", "２基")
    p.write("業務委託", "委託の開始時期及び期限", dt.datetime(2024, 11, 1))  # a text typed as a date: its day
    p.entry("業務委託・委託先", 1, 名称="株式会社A", 認証="プライバシーマーク、ISO27001")
    p.entry("業務委託・委託先", 3, 名称="株式会社C", 認証="なし")  # an empty row before: not an entry
    p.entry("業務委託・再委託", 1, 再委託先="なし")
    p.answer("業務委託・チェックリスト", "特記事項等の遵守", "〇")  # U+3007, as an IME gives it
    p.answer("業務委託・チェックリスト", "データの暗号化", "ー", "暗号化した媒体を使わない")
    p.answer("業務委託・チェックリスト", "個人情報の返却及び消去", "不明")
    p.answer("業務委託・チェックリスト", "事故発生時等の協議", "空欄")
    case = load_case(p.save())
    assert case.departments == ["危機管理課", "地域福祉課"]
    assert case.date.start == dt.date(2024, 10, 1) and case.date.exact
    assert case.number == 18
    assert case.overview.subject_count.value == 4300
    assert {k: c.value for k, c in case.overview.subject_counts.items()} == {"日本人住民": 306484, "外国人住民": 39829}
    assert case.camera.install_date.start == dt.date(2024, 11, 27) and case.camera.number.value == 2
    assert case.itaku.period == "2024-11-01"
    assert [(c.name, c.certifications) for c in case.itaku.contractors] == [
        ("株式会社A", ["プライバシーマーク", "ISO27001"]), ("株式会社C", [])]
    assert case.itaku.subcontracts == []  # 再委託: なし
    m = case.itaku.measures
    assert m.clauses.mark == "○" and (m.encryption.mark, m.encryption.reason) == ("ー", "暗号化した媒体を使わない")
    assert m.return_erase is None  # 不明: unknown
    assert m.incident_consultation.mark == "空欄"  # written empty: it fails
    assert m.workflow is None  # nothing written: unknown
    # 不明 written in a cell is known to be written so, as in YAML (messages say 「不明と書かれている」)
    assert "業務委託.チェックリスト.個人情報の返却及び消去" in case.written_unknown
    assert "業務委託.チェックリスト.区が作成した業務フローに基づく業務の履行" not in case.written_unknown
    # a single なし in a list is an empty list (担当課: なし), as in YAML
    p = Person(new_book(tmp_path, "防犯カメラ", name="なし.xlsx"))
    p.write("概要", "担当課", "なし")
    assert load_case(p.save()).departments == []


def test_a_table_cell_keeps_a_value_holding_the_separator():
    """A list in a table cell is split at 「、」; a value holding 「、」 is written one per line (and a single one with a
    line break after it), so that convert keeps it whole."""
    text = SEED004.read_text(encoding="utf-8") + "業務委託:\n  委託先:\n    - 名称: 株式会社A\n      認証: [ISMS（本社、支社）]\n" \
        "    - 名称: 株式会社B\n      認証: [プライバシーマーク、ISMS, ISO27001]\n"
    text = text.replace("区分: [外部結合]", "区分: [外部結合, 業務委託]")
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "a.yaml"
        src.write_text(text, encoding="utf-8")
        out = Path(d) / "a.xlsx"
        assert cli("convert", src, out).exit_code == 0
        ws = openpyxl.load_workbook(out)["業務委託・委託先"]
        assert ws["D5"].value == "ISMS（本社、支社）\n" and ws["D6"].value == "プライバシーマーク、ISMS\nISO27001"
        assert [c.certifications for c in load_case(out).itaku.contractors] == [
            ["ISMS（本社、支社）"], ["プライバシーマーク、ISMS", "ISO27001"]]


# --- round trip over every real case -------------------------------------------------------------------------------

REAL = sorted(p for p in CASES.rglob("*.yaml") if not p.name.startswith("_"))


def _judged(run) -> dict:
    """rule → what a report shows of its verdict: the verdict, its footing (〔図〕〔推定〕 from 出所), the facts."""
    return {v.rule_id: (v.verdict, v.footing, tuple(map(str, v.facts)), tuple(map(str, getattr(v, "provenance", ()))))
            for v in run.verdicts}


@pytest.mark.slow  # 54 workbooks written and read back, 12 s
def test_every_real_case_goes_to_a_workbook_and_back_with_the_same_facts_and_verdicts(tmp_path, engine):
    """YAML → xlsx → YAML (checker convert's run layer; the command line is tested below) for every case under cases/:
    the three files load to the same model, the same facts, and every rule gives the same verdict on the same facts
    with the same 〔図〕〔推定〕 footing (出所 carried)."""
    import warnings

    from checker.run.convert import command

    assert len(REAL) >= 54
    triples = []
    for src in REAL:
        book, back = tmp_path / f"{src.stem}.xlsx", tmp_path / f"{src.stem}.yaml"
        assert command(str(src), str(book)).exit_code == 0
        assert command(str(book), str(back)).exit_code == 0
        triples.append([(str(p), load_case(p)) for p in (src, book, back)])
    runs = engine.run([x for t in triples for x in t])
    same_facts = same_verdicts = with_provenance = 0
    for i, (src, triple) in enumerate(zip(REAL, triples)):
        cases = [c for _, c in triple]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydantic's note on 出所's serializer
            dumps = [c.model_dump() for c in cases]
        # 前回の案件 is a place relative to the file: written elsewhere, it is rewritten to name the same file
        for d in dumps:
            d.pop("predecessor")
        assert len({c.predecessor_at[0].resolve() if c.predecessor_at else None for c in cases}) == 1, src.name
        assert dumps[0] == dumps[1] == dumps[2], src.name
        facts = [to_facts(c) for c in cases]
        assert facts[0] == facts[1] == facts[2], src.name
        same_facts += 1
        judged = [_judged(x) for x in runs[3 * i:3 * i + 3]]
        assert [x.case_id for x in runs[3 * i:3 * i + 3]] == [p for p, _ in triple]
        assert judged[0] == judged[1] == judged[2], src.name
        same_verdicts += 1
        with_provenance += bool(cases[1].provenance)
        assert cases[1].sources == cases[0].sources  # 出典 carried
    assert same_facts == same_verdicts == len(REAL)
    assert with_provenance >= 40  # 出所 carried (it decides the 〔図〕〔推定〕 marks)


EDGES = """\
出典: seeds/004_cb24bbb97013ff36.txt
件名: =外部結合の件（式ではない）
区分: 外部結合、業務委託
担当課: なし
付議日: 令和6年度
根拠: [要綱 第3条第1項第3号]
事業の概要:
  事業内容:
    - 1 概要
    - 2 付議内容
  対象者数: 4300
  対象者数の内訳: {日本人住民: 4000, 外国人住民: 約300人}
個人番号の取扱い: true
外部結合:
  結合の相手方: J-LIS
  結合する理由: |
    1 行目
    2 行目
  回線: [LGWAN, インターネット]
  チェックリスト:
    区・運用上:
      個人情報保護法等の遵守: ○
      立入調査等及び状況報告:
      個人情報の消去: 不明
      事故等への対応体制及び手順の整備: ー（結合先が行う）
      事故発生時等の協議: {回答: ○, 内容: 月に 1 度協議する}
業務委託:
  委託先:
    名称: 株式会社A
  再委託: なし
番号法:
  個人番号利用事務:
    - 事務: 不明
    - 事務: 子ども医療費助成事務
      担当課: 子ども家庭課
出所:
  外部結合.回線: "図（別紙の「【LGWAN回線】」: 本文にもある）"
  外部結合.チェックリスト.区・運用上: 推定（運用上の一覧は 1 つだけ）
"""


def test_convert_keeps_what_a_case_file_may_write_in_its_other_forms(tmp_path):
    """The forms of a YAML file that the corpus does not use, through convert both ways: a one-value list as text, なし
    for a list and a table, a text written as a list and as a block, a flag as true, a count as a number, a checklist row
    left empty (空欄), 不明, with a reason, as a mapping; a table entry of one mapping, an entry with nothing known, a title
    starting with =, 出典 and 出所 with a colon in the value."""
    import warnings

    src = tmp_path / "edges.yaml"
    src.write_text(EDGES, encoding="utf-8")
    book, back = tmp_path / "edges.xlsx", tmp_path / "back.yaml"
    assert cli("convert", src, book).exit_code == 0
    assert cli("convert", book, back).exit_code == 0, back
    cases = [load_case(p) for p in (src, book, back)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        dumps = [c.model_dump() for c in cases]
    assert dumps[0] == dumps[1] == dumps[2]
    c = cases[1]
    assert c.title.startswith("=外部結合") and c.departments == [] and c.itaku.subcontracts == []
    ops = c.ketsugo.checklist.ward_ops
    assert ops.inspection.mark == "空欄" and ops.erasure is None and ops.incident_consultation.measure == "月に 1 度協議する"
    assert len(c.mynumber.uses) == 2 and c.mynumber.uses[0].name is None
    wb = openpyxl.load_workbook(book)
    ws = wb["概要"]
    assert ws[f"C{at(ws, '件名')}"].data_type == "s"  # text, not a formula
    assert ws[f"C{at(ws, '出所[1]')}"].value == "外部結合.回線: 図（別紙の「【LGWAN回線】」: 本文にもある）"
    assert wb["業務委託・再委託"]["B5"].value == "なし" and wb["番号法・個人番号利用事務"]["B5"].value == "不明"


def test_convert_never_overwrites_and_needs_mkdir_for_a_new_folder(tmp_path):
    book = tmp_path / "案件.xlsx"
    r = cli("convert", SEED004, book)
    assert r.exit_code == 0 and book.is_file()
    assert "（YAML のコメントは移さない）" in r.output
    before = book.read_bytes()
    r = cli("convert", SEED004, book)
    assert r.exit_code == 2 and r.stderr == f"エラー: {book}: すでにあります。上書きしません（上書きするなら --force）\n"
    assert book.read_bytes() == before
    assert cli("convert", SEED004, book, "--force").exit_code == 0
    deep = tmp_path / "部署" / "案件.yaml"
    r = cli("convert", book, deep)
    assert r.exit_code == 2 and "がありません（作るときは --mkdir）" in r.stderr and not deep.parent.exists()
    r = cli("convert", book, deep, "--mkdir")
    assert r.exit_code == 0 and deep.is_file()
    assert deep.read_text(encoding="utf-8").startswith("# checker convert 案件.xlsx で作成")
    r = cli("convert", SEED004, tmp_path / "案件.docx")
    assert r.exit_code == 2 and "拡張子「.docx」" in r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["案件.xlsx", "部署"]  # no temporary file left


def test_convert_refuses_a_case_that_does_not_load(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("区分: [業務委託]\n件名: x\n担当課: [保育課]\n付議日: 令和6年13月1日\n", encoding="utf-8")
    out = tmp_path / "bad.xlsx"
    r = cli("convert", bad, out)
    assert r.exit_code == 2 and r.stderr.startswith(f"エラー: {bad}:4: 付議日:") and not out.exists()
    book = new_book(tmp_path, "業務委託")
    wb = openpyxl.load_workbook(book)
    _flag(wb)
    wb.save(book)
    r = cli("convert", book, tmp_path / "back.yaml")
    assert r.exit_code == 2 and f"{book}!業務委託!C" in r.stderr and not (tmp_path / "back.yaml").exists()


# --- folders and meeting lists hold workbooks ----------------------------------------------------------------------

def test_folders_read_workbooks_and_skip_excel_lock_files(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(SEED004, folder / "a.yaml")
    assert cli("convert", SEED004, folder / "b.xlsx").exit_code == 0
    (folder / "~$b.xlsx").write_bytes(b"\x00locked by someone")  # Excel's lock file while b.xlsx is open
    (folder / "_notes.xlsx").write_bytes(b"")
    assert [p.name for p in case_files([folder])] == ["a.yaml", "b.xlsx"]
    r = cli("audit", folder, "--format", "csv", "-o", "-")
    assert r.exit_code == 1, r.output
    rows = [ln.split(",", 1)[1] for ln in r.stdout.splitlines() if ln.split(",", 1)[0].endswith(("a.yaml", "b.xlsx"))]
    assert len(rows) == 2 and rows[0] == rows[1]  # the same row of verdicts for the YAML and its workbook
    # a bad workbook in a folder: its cell, exit 2, no report
    wb = openpyxl.load_workbook(folder / "b.xlsx")
    ws = wb["外部結合"]
    r_ = at(ws, "外部結合.結合先のサーバの所在")
    ws[f"C{r_}"] = "海外"
    wb.save(folder / "b.xlsx")
    r = cli("audit", folder, "--format", "csv", "-o", "-")
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.startswith(f"エラー: {folder / 'b.xlsx'}!外部結合!C{r_}: 外部結合.結合先のサーバの所在: 「海外」は使えない値です")


def test_a_meeting_list_may_name_workbooks(tmp_path):
    year = tmp_path / "cases" / "令和5年度"
    src = CASES / "令和5年度"
    year.mkdir(parents=True)
    day = "2024-01-15"
    listed = sorted((src / day).glob("*.yaml"))
    (year / day).mkdir()
    names = []
    for i, f in enumerate(listed):
        if i % 2:  # every other case as a workbook
            assert cli("convert", f, year / day / f"{f.stem}.xlsx").exit_code == 0
            names.append(f"{day}/{f.stem}.xlsx")
        else:
            shutil.copy(f, year / day / f.name)
            names.append(f"{day}/{f.name}")
    (year / "_meetings.yaml").write_text(f"- 日付: {day}\n  案件:\n" + "".join(f"    - {n}\n" for n in names), encoding="utf-8")
    (tmp_path / "yaml" / "令和5年度" / day).mkdir(parents=True)
    for f in listed:
        shutil.copy(f, tmp_path / "yaml" / "令和5年度" / day / f.name)
    (tmp_path / "yaml" / "令和5年度" / "_meetings.yaml").write_text(
        f"- 日付: {day}\n  案件:\n" + "".join(f"    - {day}/{f.name}\n" for f in listed), encoding="utf-8")
    mixed = cli("meeting", day, "--cases", tmp_path / "cases", "--format", "json", "-o", "-")
    plain = cli("meeting", day, "--cases", tmp_path / "yaml", "--format", "json", "-o", "-")
    assert mixed.exit_code == plain.exit_code == 1, mixed.output
    strip = lambda d: [[(v["rule"], v["verdict"]) for v in c["verdicts"]] for c in d["cases"]]  # noqa: E731
    got, want = json.loads(mixed.stdout), json.loads(plain.stdout)
    assert len(got["cases"]) == len(listed) >= 8 and strip(got) == strip(want)
    assert any(c["file"].endswith(".xlsx") for c in got["cases"])


# --- where a fact is in the workbook (for marking verdicts beside their cause, issue 19.3) --------------------------

def test_every_deciding_fact_of_a_verdict_has_its_cell(tmp_path, engine):
    from checker.input.workbook import read_workbook

    n51 = next((CASES / "令和5年度").glob("*/51_*.yaml"))
    book = tmp_path / "51.xlsx"
    assert cli("convert", n51, book).exit_code == 0
    _, cells = read_workbook(book)
    wb = openpyxl.load_workbook(book)
    (run,) = engine.run([(str(book), load_case(book))])
    facts = {path for v in run.verdicts for path, _ in v.facts}
    assert len(facts) > 20
    for path in facts:
        assert cells.cells_for(path), path  # every fact a verdict shows has a place to point at
    sei = next(v for v in run.verdicts if v.rule_id == "SEI-01")  # 対象者数 and its 内訳 disagree (不適合)
    assert sei.verdict == "不適合"
    places = {c for path, _ in sei.facts for c in cells.cells_for(path)}
    ws = wb["概要"]
    assert f"概要!C{at(ws, '事業の概要.対象者数')}" in places and f"概要!C{at(ws, '事業の概要.対象者数の内訳[1]')}" in places
    assert cells.cells_for("付議日.始") == [f"概要!C{at(wb['概要'], '付議日')}"]
    assert cells.cells_for("業務委託.委託先#件数") == ["業務委託・委託先!B5"]
    row = at(wb["業務委託・チェックリスト"], "業務委託.チェックリスト.データの暗号化")
    assert cells.cells_for("業務委託.チェックリスト.データの暗号化.回答") == [f"業務委託・チェックリスト!D{row}"]
