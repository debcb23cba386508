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


def test_title_or_department_written_none_fails(engine):
    got = run_text(engine, "件名: なし\n担当課: [危機管理課]\n" + HEAD)
    assert got["FORM-01"].verdict == "不適合" and got["FORM-02"].verdict == "適合"
    got = run_text(engine, "件名: 防犯カメラの設置\n担当課: なし\n" + HEAD)
    assert got["FORM-01"].verdict == "適合" and got["FORM-02"].verdict == "不適合"


# --- the description of the form (checker/model/form.py + form.yaml) -------------------------------------------

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from checker.cli import main
from checker.model import Case
from checker.model import form as F
from checker.model.schema import resolve

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "case-format.md"
FORM = F.describe()
ALL = list(FORM.categories)


def test_every_label_of_the_model_is_described_once_and_nothing_else():
    paths = [e.path for e in FORM.walk()]
    assert len(paths) == len(set(paths))
    assert set(paths) == F.model_paths()
    assert set(F.help_data()) == set(paths)  # no help for a label the model does not have
    assert tuple(e.label for e in FORM.entries) == F.ROOT_ORDER
    # derived keys are no part of the form, though the model has them
    for derived in ("整合性", "業務委託.特記事項による拘束", "業務委託.委託の期限", "外部提供.根拠条項", "特定個人情報保護評価.手続の順序"):
        assert resolve(derived) is not None and derived not in paths
    assert "番号法.個人番号利用事務.根拠の判定" not in paths and "番号法.個人番号利用事務.根拠" in paths


def test_every_entry_says_in_one_line_what_to_write_and_every_value_has_an_example():
    for e in FORM.walk():
        assert e.help and "\n" not in e.help, e.path
        if e.is_leaf:
            assert e.example is not None, e.path
        if e.kind in (F.CHOICE, F.CHOICES):
            ex = e.example if isinstance(e.example, list) else [e.example]
            assert set(ex) <= set(e.values), e.path


def test_kinds_values_and_order_come_from_the_model():
    from typing import get_args

    from checker.model.case import Category
    from checker.model.itaku import Contractor

    assert FORM.entry("区分").values == get_args(Category) and FORM.entry("区分").kind == F.CHOICES
    assert FORM.entry("外部結合.結合先のサーバの所在").values == ("国内", "国外")
    assert FORM.entry("業務委託.特記事項の添付").kind == F.FLAG and FORM.entry("業務委託.特記事項の添付").values == ("あり", "なし")
    row = FORM.entry("外部結合.チェックリスト.区・運用上.個人情報の消去")
    assert row.kind == F.ANSWER and row.expected == "○／ー（理由）／不明"
    itaku = FORM.entry("業務委託.委託先")
    assert itaku.kind == F.ITEMS and [c.label for c in itaku.children] == [f.alias for f in Contractor.model_fields.values()]
    # a sheet's own fields before those it inherits: 事務・種別・担当課, then 根拠・施行日 (Judged)
    assert [c.label for c in FORM.entry("番号法.個人番号利用事務").children] == ["事務", "種別", "担当課", "根拠", "施行日"]
    assert FORM.entry("件名").required and FORM.entry("件名").nullable and not FORM.entry("出典").required
    assert FORM.entry("区分").required_text == "必須" and FORM.entry("付議日").required_text == "必須（空欄可）"
    assert FORM.entry("特定個人情報保護評価.パブリック・コメント.日数").expected == "整数（1 以上）"
    # the seeds' wording: the 外部結合 checklist's help is seed 004's measure, as the rule pack quotes it
    pack = yaml.safe_load((ROOT / "rules" / "外部結合チェックリスト.yaml").read_text(encoding="utf-8"))
    quoted = {(b["checklist"], r["項目"]): r["対策"] for b in pack["rules"] if "rows" in b for r in b["rows"]}
    assert len(quoted) == 30
    for (group, label), text in quoted.items():
        assert FORM.entry(f"{group}.{label}").help == text


def _example_case() -> dict:
    """A case that writes every entry of the form with its example (tables: one entry of examples)."""
    def value(e):
        if e.kind in (F.SHEET, F.CHECKLIST):
            return {c.label: value(c) for c in e.children if c.who != F.LEGACY}
        if e.kind == F.ITEMS:
            return [{c.label: value(c) for c in e.children}]
        return e.example
    data = {e.label: value(e) for e in FORM.entries if e.label not in ("出所",)}
    return data


def test_every_example_is_a_value_the_model_accepts(engine):
    from checker.input.loader import load_case_text

    data = _example_case()
    case = load_case_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "examples.yaml")
    assert case.itaku.contractors[0].data_place == "クラウド"
    assert case.pia.public_comment.days == 33 and case.pia.third_party_review.days == 54
    assert case.ketsugo.checklist.peer_sys.encryption.mark == "○"
    assert case.itaku.measures.locked_bag.reason == "紙・媒体の受渡しはない"


def test_case_format_doc_is_generated_from_the_model():
    got = F.markdown()
    assert DOC.read_text(encoding="utf-8") == got, "docs/case-format.md is stale: python -m checker.model.form"
    for e in FORM.walk():
        assert f"| {e.label}" in got, e.path
    assert "## ブック（.xlsx）の作り" in got


# --- checker new: the YAML template ------------------------------------------------------------------------------

COMBOS = [([c], None) for c in ALL] + [(ALL, None), (["電算処理"], "報告"), (["電算処理"], "実施結果"),
                                       (["業務委託", "外部結合"], None)]


def _new(tmp_path: Path, args: list[str], name: str = "案件.yaml"):
    out = tmp_path / name
    r = CliRunner().invoke(main, ["new", *args, "-o", str(out)])
    return r, out


def _bare(cats, pia) -> str:
    """What leaving every entry out says: the 区分, the report's kind, each offered sheet written empty."""
    from checker.run.new import PIA_WORDS

    form_pia = PIA_WORDS[pia] if pia else None
    lines = [f"区分: [{', '.join(c for c in ALL if c in cats)}]", "件名:", "担当課:", "付議日:"]
    if form_pia:
        lines.append(f"特定個人情報保護評価の報告: {form_pia}")
    for e in FORM.chosen(cats, form_pia):
        if e.kind == F.SHEET:
            lines.append(f"{e.label}: {{}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("cats,pia", COMBOS, ids=lambda x: "+".join(x) if isinstance(x, list) else str(x))
def test_the_empty_template_loads_and_says_nothing(tmp_path, engine, cats, pia):
    from conftest import run_text

    r, out = _new(tmp_path, [*cats, *(["--pia", pia] if pia else [])])
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    got = run_text(engine, text, "template.yaml")
    want = run_text(engine, _bare(cats, pia), "bare.yaml")
    assert {k: v.verdict for k, v in got.items()} == {k: v.verdict for k, v in want.items()}
    assert not [k for k, v in got.items() if v.verdict == "不適合"]
    assert [k for k, v in got.items() if v.verdict == "要確認"]
    check = CliRunner().invoke(main, ["check", str(out)])
    assert check.exit_code == 1, check.output  # 要確認, never an input error (2)
    assert "要確認" in check.output


def _keys(text: str) -> list[tuple[str, str]]:
    """(key, comment) of every key line of a template, commented out or not, in order."""
    out = []
    for ln in text.splitlines():
        m = re.match(r"^ *(?:# )? *(?:- )?([^#:\s][^:#]*):[^#]*?(?: +# (.*))?$", ln)
        if m and not ln.startswith("# "):
            out.append((m.group(1), m.group(2) or ""))
        elif m and re.match(r"^# (?!- )[^ ]", ln) is None:  # a head comment; "# - ルール:" is a top-level table's first entry
            out.append((m.group(1), m.group(2) or ""))
    return out


def test_the_template_writes_every_key_of_its_sheets_in_the_forms_order_with_a_comment(tmp_path):
    r, out = _new(tmp_path, ["業務委託", "外部結合", "--pia", "報告"])
    text = out.read_text(encoding="utf-8")
    keys = _keys(text)
    assert all(comment for _, comment in keys), [k for k, c in keys if not c]
    offered = FORM.chosen(["業務委託", "外部結合"], "報告")
    want = [e.label for top in offered for e in top.walk()]
    assert [k for k, _ in keys] == want
    assert [k for k, _ in keys][:5] == ["件名", "区分", "特定個人情報保護評価の報告", "担当課", "付議日"]
    assert "電算処理:" not in text and "出典:" not in text and "関連案件" not in text
    assert re.search(r"^区分: \[外部結合, 業務委託\] +# ", text, re.M)
    assert re.search(r"^特定個人情報保護評価の報告: 報告 +# ", text, re.M)
    # the comment gives the allowed values
    assert re.search(r"^  結合先のサーバの所在: +# .*［国内／国外］$", text, re.M)
    assert re.search(r"^  #   データの暗号化: +# .*［○／ー（理由）／不明］$", text, re.M)


def test_new_refuses_bad_words_and_extensions_with_one_line(tmp_path):
    for args, words in ((["業務委託", "外部接続"], "「外部接続」は区分ではありません。もしかして「外部結合」ですか"),
                        (["業務委託", "--pia", "結果"], "「結果」は特定個人情報保護評価の報告の種類ではありません")):
        r, out = _new(tmp_path, args)
        assert r.exit_code == 2 and words in r.output and r.output.count("\n") == 1, r.output
        assert not out.exists()
    r, out = _new(tmp_path, ["業務委託"], "案件.docx")
    assert r.exit_code == 2 and "拡張子「.docx」" in r.output and ".xlsx" in r.output and not out.exists()


def test_new_never_overwrites_without_force(tmp_path):
    out = tmp_path / "案件.yaml"
    out.write_text("件名: 書きかけ\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["new", "業務委託", "-o", str(out)])
    assert r.exit_code == 2 and "--force" in r.output
    assert out.read_text(encoding="utf-8") == "件名: 書きかけ\n"
    r = CliRunner().invoke(main, ["new", "業務委託", "-o", str(out), "--force"])
    assert r.exit_code == 0 and "業務委託:" in out.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["案件.yaml"]  # no temporary file left


def test_new_into_a_missing_folder_needs_mkdir(tmp_path):
    out = tmp_path / "部署" / "案件.xlsx"
    r = CliRunner().invoke(main, ["new", "業務委託", "-o", str(out)])
    assert r.exit_code == 2 and "がありません（作るときは --mkdir）" in r.output and not out.parent.exists()
    r = CliRunner().invoke(main, ["new", "業務委託", "-o", str(out), "--mkdir"])
    assert r.exit_code == 0 and out.is_file()


# --- a department fills in the template ---------------------------------------------------------------------

def _effective(ln: str) -> tuple[int, str] | None:
    """(indent, key) of a key line, read as if uncommented; None for other lines."""
    m = re.match(r"^( *)(?:# )?( *)(- )?([^#:\s][^:#]*):", ln)
    if not m:
        return None
    return len(m.group(1)) + len(m.group(2)) + (2 if m.group(3) else 0), m.group(4)


class Department:
    """Edits a template as a person does in a text editor: finds a key, removes its 「# 」, writes after the colon."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def _find(self, path: str) -> int:
        want = path.split(".")
        stack: list[tuple[int, str]] = []
        for i, ln in enumerate(self.lines):
            if ln.startswith("# ") and i < 5:
                continue
            got = _effective(ln)
            if got is None:
                continue
            indent, key = got
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, key))
            if [k for _, k in stack] == want:
                return i
        raise KeyError(path)

    def write(self, path: str, value: str) -> None:
        i = self._find(path)
        ln = re.sub(r"^( *)# ", r"\1", self.lines[i], count=1) if re.match(r"^ *# ", self.lines[i]) else self.lines[i]
        key = path.split(".")[-1]
        head, _, comment = ln.partition(f"{key}:")
        self.lines[i] = f"{head}{key}: {value}  #{comment.split('#', 1)[1]}" if "#" in comment else f"{head}{key}: {value}"

    def entries(self, path: str, entries: list[dict]) -> None:
        """A table: the commented entry under its key replaced by the entries, one - per entry (copying the block)."""
        i = self._find(path)
        indent = _effective(self.lines[i])[0]
        j = i + 1
        while j < len(self.lines) and re.match(rf"^ {{{indent}}}# ", self.lines[j]):
            j += 1
        block = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False).splitlines()
        self.lines[i + 1:j] = [" " * indent + b for b in block]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def hoikuen_text(tmp_path: Path) -> str:
    """Issue 19: a 業務委託 for 保育園入園申込 data entry, with 再委託, 持ち出し and a cloud, and one 番号法 entry, written
    into the YAML template as a department would (tests/test_workbook_read.py fills the same facts into the workbook)."""
    r, out = _new(tmp_path, ["業務委託"])
    d = Department(out.read_text(encoding="utf-8"))
    d.write("件名", "保育園入園申込書のデータ入力業務の委託について")
    d.write("担当課", "[保育課]")
    d.write("付議日", "令和7年1月16日")
    d.write("事業の概要.事業名", "保育園入園申込の受付")
    d.write("事業の概要.対象者", "保育園の入園を申し込む保護者及び児童")
    d.write("事業の概要.対象者数", "約6,000人")
    d.write("個人番号の取扱い", "あり")
    d.write("業務委託.保有課", "[保育課]")
    d.entries("業務委託.委託先", [{"名称": "株式会社データ入力", "契約方式": "指名競争入札", "認証": ["プライバシーマーク"],
                                "データの所在": "国内", "データの保管場所": "クラウド"}])
    d.write("業務委託.処理させる情報項目", "児童及び保護者の氏名、住所、生年月日、個人番号、就労状況")
    d.write("業務委託.委託理由", "申込が集中する時期に入力を迅速に行うため")
    d.write("業務委託.委託の内容", "入園申込書の記載事項の入力及び照合")
    d.write("業務委託.委託の開始時期及び期限", "令和7年2月1日から令和7年3月31日まで")
    d.write("業務委託.特記事項の添付", "あり")
    d.write("業務委託.個人情報の取扱い.個人情報への接触", "あり")
    d.write("業務委託.個人情報の取扱い.持ち出し", "あり")
    d.write("業務委託.個人情報の取扱い.持ち出しの承諾", "あり")
    d.write("業務委託.個人情報の取扱い.紙・媒体の受渡し", "あり")
    for row in ("特記事項等の遵守", "立入調査等及び状況報告", "責任者及び取扱者の報告", "データの暗号化", "個人情報の返却及び消去",
                "鍵付きカバン等による運搬", "受渡し時の管理簿への記載", "鍵付キャビネット等での保管"):
        d.write(f"業務委託.チェックリスト.{row}", "○")
    d.write("業務委託.チェックリスト.区が作成した業務フローに基づく業務の履行", "ー（委託先の入力手順書による）")
    d.entries("業務委託.再委託", [
        {"再委託先": "株式会社クラウド基盤", "範囲": "入力データの保管", "理由": "入力システムの基盤", "区の承諾": "あり",
         "承諾日": "令和7年1月20日", "特記事項の適用": "あり", "データの所在": "国内", "データの保管場所": "クラウド"},
        {"再委託先": "株式会社照合サービス", "範囲": "入力結果の照合", "理由": "繁忙期の照合", "区の承諾": "不明"},
    ])
    d.entries("番号法.個人番号利用事務", [{"事務": "子ども・子育て支援法による施設型給付費の支給に関する事務", "種別": "法定事務",
                                        "担当課": ["保育課"], "根拠": "番号法別表の94の項"}])
    return d.text


def test_a_department_writes_the_hoikuen_case_from_the_template_and_it_loads_first_time(tmp_path, engine):
    """The 保育園 case, written from the template alone (no other file read), loads on the first try and is judged."""
    from conftest import run_text

    text = hoikuen_text(tmp_path)
    f = tmp_path / "保育園.yaml"
    f.write_text(text, encoding="utf-8")
    check = CliRunner().invoke(main, ["check", str(f)])
    assert check.exit_code in (0, 1), check.output  # loads: no input error
    got = run_text(engine, text, "保育園.yaml")
    assert got["FORM-01"].verdict == "適合" and got["FORM-ITAKU-01"].verdict == "適合"
    assert got["ITAKU-PM-01"].verdict == "適合"  # a checklist row uncommented and answered
    assert got["ITAKU-04"].verdict == "適合"  # ー with its reason
    from checker.input.loader import load_case_text

    case = load_case_text(text, "保育園.yaml")
    assert [s.name for s in case.itaku.subcontracts] == ["株式会社クラウド基盤", "株式会社照合サービス"]
    assert case.itaku.subcontracts[1].ward_consent is None and case.itaku.handling.takes_out is True
    assert case.mynumber.uses[0].kind == "法定事務" and case.itaku.contractors[0].data_place == "クラウド"


# --- checker new: the workbook ------------------------------------------------------------------------------------

def _workbook(tmp_path: Path, args: list[str]):
    import openpyxl

    r, out = _new(tmp_path, args, "案件.xlsx")
    assert r.exit_code == 0, r.output
    return openpyxl.load_workbook(out)


def test_the_workbook_has_one_sheet_per_part_of_the_form_in_its_order(tmp_path):
    wb = _workbook(tmp_path, ["外部結合", "業務委託", "--pia", "報告"])
    assert wb.sheetnames == [
        "概要", "外部結合", "外部結合・チェックリスト", "業務委託", "業務委託・委託先", "業務委託・チェックリスト", "業務委託・再委託",
        "番号法・個人番号利用事務", "番号法・庁内連携", "番号法・情報連携", "番号法・特定個人情報ファイルの取扱いの委託", "特定個人情報保護評価",
        "承諾・免除"]  # the top level's table last
    assert "電算処理" not in wb.sheetnames and wb.properties.keywords == f"checker case form {F.LAYOUT_VERSION}"
    for ws in wb.worksheets:  # a label's own 「・」 (承諾・免除) stays in the path
        assert ws["A1"].value == (ws.title.replace("・", ".") if ws.title not in ("概要", "承諾・免除") else ws.title), ws.title


def _rows(ws):
    """(path in column A, row number) of every row that holds an answer."""
    return [(ws[f"A{r}"].value, r) for r in range(F.HEADER_ROW + 1, ws.max_row + 1)
            if ws[f"A{r}"].value not in (None, F.SECTION, F.LINK, F.HEADER_MARK, F.HELP_MARK)]


def test_each_answer_cell_maps_back_to_its_label(tmp_path):
    """Column A names the label path of every answer row; the visible label is the path's last label; every label of
    the chosen sheets has its row (or column, in a table), and nothing else has."""
    wb = _workbook(tmp_path, ALL + ["--pia", "実施結果"])
    offered = FORM.chosen(ALL, "パブリック・コメント等の実施結果")
    want = {e.path for top in offered for e in top.walk() if e.is_leaf}
    seen = set()
    for ws in wb.worksheets:
        if ws["A3"].value == F.HEADER_MARK:  # a table: the header row names the keys, a row per entry
            base = ws["A1"].value
            keys = [c.value for c in ws[F.HEADER_ROW][F.TABLE_FIRST_COLUMN - 1:]]
            assert keys == [c.label for c in FORM.entry(base).children], ws.title
            assert [p for p, _ in _rows(ws)][:2] == [f"{base}[1]", f"{base}[2]"] and len(_rows(ws)) == FORM.entry(base).rows
            seen |= {f"{base}.{k}" for k in keys}
            continue
        checklist = ws[f"{F.CHECK_ANSWER}{F.HEADER_ROW}"].value == F.CHECK_HEADERS[F.CHECK_ANSWER]
        for path, r in _rows(ws):
            bare = re.sub(r"\[\d+\]$", "", path)
            entry = FORM.entry(bare)
            label = ws[f"{F.CHECK_LABEL if checklist else F.FIELD_LABEL}{r}"].value
            if not path.endswith("]") or path.endswith("[1]"):
                assert label == entry.label, (ws.title, r, path)
            seen.add(bare)
    assert seen == want, (want - seen, seen - want)


def test_fixed_values_and_checklist_answers_have_drop_downs(tmp_path):
    wb = _workbook(tmp_path, ["外部結合", "業務委託"])

    def lists(ws):
        out = {}
        for dv in ws.data_validations.dataValidation:
            assert dv.type == "list" and dv.showErrorMessage
            for rng in dv.sqref.ranges:
                for row in ws[rng.coord] if ":" in rng.coord else [[ws[rng.coord]]]:
                    for c in row:
                        out[c.coordinate] = dv.formula1.strip('"').split(",")
        return out

    ws = wb["外部結合"]
    dd = lists(ws)
    at = {p: r for p, r in _rows(ws)}
    assert dd[f"C{at['外部結合.結合先のサーバの所在']}"] == ["国内", "国外", "不明"]
    assert dd[f"C{at['外部結合.クラウドサービスの利用']}"] == ["あり", "なし", "不明"]
    assert dd[f"C{at['外部結合.回線[1]']}"] == ["LGWAN", "専用回線", "インターネット", "VPN", "媒体", "不明"]
    assert f"C{at['外部結合.結合する理由']}" not in dd  # free text: no list
    ws = wb["外部結合・チェックリスト"]
    dd = lists(ws)
    rows = _rows(ws)
    assert len(rows) == 30
    for path, r in rows:
        assert dd[f"{F.CHECK_ANSWER}{r}"] == ["○", "ー", "不明"], path
        assert f"{F.CHECK_REASON}{r}" not in dd
    assert ws[f"{F.CHECK_REASON}{F.HEADER_ROW}"].value.startswith("理由")
    ws = wb["概要"]
    dd, at = lists(ws), {p: r for p, r in _rows(ws)}
    assert dd[f"C{at['区分[1]']}"] == [*ALL, "不明"]
    assert [ws[f"C{at[f'区分[{i}]']}"].value for i in (1, 2, 3)] == ["外部結合", "業務委託", None]  # the 区分 asked for
    ws = wb["業務委託・委託先"]
    dd = lists(ws)
    col = get_col = {c.value: c.column_letter for c in ws[F.HEADER_ROW]}
    assert dd[f"{col['データの保管場所']}{F.TABLE_FIRST_ROW}"] == ["自社", "データセンター", "クラウド", "不明"]
    assert dd[f"{get_col['データの所在']}{F.TABLE_FIRST_ROW + 19}"] == ["国内", "国外", "不明"]


def test_labels_are_protected_and_answer_cells_are_not(tmp_path):
    wb = _workbook(tmp_path, ["業務委託"])
    for ws in wb.worksheets:
        assert ws.protection.sheet and not ws.protection.password, ws.title
        assert ws.column_dimensions["A"].hidden, ws.title
        table = ws["A3"].value == F.HEADER_MARK
        for path, r in _rows(ws):
            answers = ([c for c in ws[r][F.TABLE_FIRST_COLUMN - 1:]] if table else
                       [ws[f"{col}{r}"] for col in (F.CHECK_ANSWER, F.CHECK_REASON, F.CHECK_MEASURE)]
                       if ws[f"{F.CHECK_ANSWER}{F.HEADER_ROW}"].value == "回答" else [ws[f"{F.FIELD_ANSWER}{r}"]])
            for c in answers:
                assert c.protection.locked is False, (ws.title, c.coordinate)
            label = ws[f"B{r}"] if not table else ws[f"A{r}"]
            assert label.protection.locked is True, (ws.title, label.coordinate)
        for c in ws[F.HEADER_ROW]:
            assert c.protection.locked is True


def test_the_workbook_reads_and_prints_as_a_japanese_form(tmp_path):
    from checker.report.case_workbook import PAGE_UNITS

    wb = _workbook(tmp_path, ALL + ["--pia", "実施結果"])  # every sheet and table
    for ws in wb.worksheets:
        assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.orientation == "landscape"
        # fitting the width shrinks a page by its printed width: within PAGE_UNITS digits the text stays readable
        # (tests/test_office.py measures it in LibreOffice's PDF); the footer has room under the page's body
        printed = sum(d.width for d in ws.column_dimensions.values() if d.width and not d.hidden)
        assert 90 <= printed <= PAGE_UNITS, (ws.title, printed)
        assert (ws.page_margins.bottom - ws.page_margins.footer) * 72 >= 2 * 10, ws.title
        assert ws["B1"].font.name == "游ゴシック" and ws["B1"].font.b
        assert ws.print_title_rows and ws.freeze_panes
        widths = [ws.column_dimensions[c].width for c in "BCD"]
        assert all(w and w >= 6 for w in widths), (ws.title, widths)
    # the Normal style (a cell a person adds; the unit of the column widths) has the form's font, not Calibri
    import zipfile

    styles = zipfile.ZipFile(tmp_path / "案件.xlsx").read("xl/styles.xml").decode("utf-8")
    assert re.search(r"<fonts[^>]*><font><name val=\"游ゴシック\" /><sz val=\"10\" /></font>", styles), styles[:300]
    assert "Calibri" not in styles
    ws = wb["業務委託"]
    at = {p: r for p, r in _rows(ws)}
    r = at["業務委託.委託理由"]
    help_cell = ws[f"{F.FIELD_HELP}{r}"].value
    assert help_cell.startswith("委託理由") and "例: " in help_cell
    assert ws[f"{F.FIELD_HELP}{at['業務委託.特記事項の添付']}"].value.splitlines()[1] == "［あり／なし（選ぶ）］"
    assert ws.row_dimensions[r].height >= 3 * 14  # room to write a sentence
    # a date cell shows its year, in 和暦 (LibreOffice's General format would show a typed 2025/1/16 as 1月16日)
    assert wb["概要"][f"{F.FIELD_ANSWER}{dict(_rows(wb['概要']))['付議日']}"].number_format == '[$-411]ggge"年"m"月"d"日"'
    table = wb["業務委託・再委託"]
    col = {c.value: c.column_letter for c in table[F.HEADER_ROW]}["承諾日"]
    assert table[f"{col}{F.TABLE_FIRST_ROW}"].number_format == '[$-411]ggge"年"m"月"d"日"'
    assert table.column_dimensions[col].width >= 18  # a date cell does not wrap: 令和10年12月31日 whole, not ###
    # a table is linked from its sheet's row
    link = next(r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value == F.LINK and ws[f"B{r}"].value == "委託先")
    assert ws[f"C{link}"].hyperlink.location == "'業務委託・委託先'!B3"
    # the secretariat's entries are last on 概要, under their own heading
    ws = wb["概要"]
    paths = [p for p, _ in _rows(ws)]
    assert paths[-4:] == ["会議", "番号", "審議結果", "前回の案件"] and "出典" not in str(paths)
    # the checklist keeps the seeds' measure text beside each row
    ws = wb["外部提供・チェックリスト"]
    rows = _rows(ws)
    assert ws[f"{F.CHECK_HELP}{rows[0][1]}"].value.startswith("他の行政機関等に保有個人情報を提供することについて")
