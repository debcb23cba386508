"""Issue 19, Done-when: a workbook of `checker new`, filled in the way a person would, through openpyxl and through
LibreOffice, gives with `checker check` the same verdicts as the equivalent YAML.

The cases: the 保育園 業務委託 of the issue (the facts tests/test_case_form.py writes from the YAML template: 再委託,
持ち出し, a cloud, one 番号法 entry, a 区の承諾 written 不明, a row ー with its reason) and two real ones, seed 004
(外部結合, the 番号法 tables, a 付議日 that is a period) and №38 (業務委託 with a 再委託, 対象者数の内訳, 番号).
A person picks the fixed values from the drop-downs, types the rest, and enters the 付議日 as a date cell (typed
2025/1/16) where it is one date; the other dates stay 和暦 text as the case writes them (tests/fill_in.py).

Three workbooks per case are checked against the YAML: filled with openpyxl; that one opened and saved by LibreOffice
(headless convert); filled in LibreOffice itself through UNO and saved by it (tests/office_fill.py). Before any
verdict, what LibreOffice saved is read back with openpyxl: every written cell holds what the person entered (a date
cell a date, digits a number, all else the text as typed).
"""
from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import fill_in
import office

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"

HOIKUEN = """\
件名: 保育園入園申込書のデータ入力業務の委託について
区分: [業務委託]
担当課: [保育課]
付議日: 令和7年1月16日
事業の概要:
  事業名: 保育園入園申込の受付
  対象者: 保育園の入園を申し込む保護者及び児童
  対象者数: 約6,000人
個人番号の取扱い: あり
業務委託:
  保有課: [保育課]
  委託先:
  - 名称: 株式会社データ入力
    契約方式: 指名競争入札
    認証: [プライバシーマーク]
    データの所在: 国内
    データの保管場所: クラウド
  処理させる情報項目: 児童及び保護者の氏名、住所、生年月日、個人番号、就労状況
  委託理由: 申込が集中する時期に入力を迅速に行うため
  委託の内容: 入園申込書の記載事項の入力及び照合
  委託の開始時期及び期限: 令和7年2月1日から令和7年3月31日まで
  特記事項の添付: あり
  個人情報の取扱い:
    個人情報への接触: あり
    持ち出し: あり
    持ち出しの承諾: あり
    紙・媒体の受渡し: あり
  チェックリスト:
    特記事項等の遵守: ○
    立入調査等及び状況報告: ○
    責任者及び取扱者の報告: ○
    データの暗号化: ○
    個人情報の返却及び消去: ○
    鍵付きカバン等による運搬: ○
    受渡し時の管理簿への記載: ○
    鍵付キャビネット等での保管: ○
    区が作成した業務フローに基づく業務の履行: ー（委託先の入力手順書による）
  再委託:
  - 再委託先: 株式会社クラウド基盤
    範囲: 入力データの保管
    理由: 入力システムの基盤
    区の承諾: あり
    承諾日: 令和7年1月20日
    特記事項の適用: あり
    データの所在: 国内
    データの保管場所: クラウド
  - 再委託先: 株式会社照合サービス
    範囲: 入力結果の照合
    理由: 繁忙期の照合
    区の承諾: 不明
番号法:
  個人番号利用事務:
  - 事務: 子ども・子育て支援法による施設型給付費の支給に関する事務
    種別: 法定事務
    担当課: [保育課]
    根拠: 番号法別表の94の項
"""

# name → (the YAML file, the paths entered as date cells)
SOURCES = {
    "保育園": (None, {"付議日"}),
    "seed004": (CASES / "seeds" / "004_ぴったり電子申請_災害弔慰金.yaml", set()),
    "No38": (CASES / "令和5年度" / "2023-12-21" / "38_国民年金システム（委託内容の変更＝再委託）.yaml", {"付議日"}),
}
PIA = {"報告": "報告", "パブリック・コメント等の実施結果": "実施結果"}


class Case:
    def __init__(self, name: str, root: Path):
        source, self.dates = SOURCES[name]
        self.root = root
        if source is None:
            source = root / f"{name}.yaml"
            source.write_text(HOIKUEN, encoding="utf-8")
        self.yaml = source
        self.facts = yaml.safe_load(source.read_text(encoding="utf-8"))
        cats = self.facts["区分"] if isinstance(self.facts["区分"], list) else [self.facts["区分"]]
        pia = PIA.get(self.facts.get("特定個人情報保護評価の報告"))
        self.empty = root / f"{name}-empty.xlsx"
        _new(self.empty, cats, pia)
        self.writes = fill_in.writes(self.empty, self.facts, self.dates)


def _new(out: Path, cats, pia=None) -> Path:
    from click.testing import CliRunner

    from checker.cli import main

    r = CliRunner().invoke(main, ["new", *cats, *(["--pia", pia] if pia else []), "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    office.require()
    return office.make_profile(tmp_path_factory.mktemp("profile"))


def _wrote(saved: Path, writes: list[dict]) -> list[str]:
    """The written cells whose value in `saved` (read with openpyxl) is not what the person entered."""
    import openpyxl

    wb = openpyxl.load_workbook(saved)
    bad = []
    for w in writes:
        v = wb[w["sheet"]][w["cell"]].value
        if w["date"]:
            ok = isinstance(v, dt.datetime) and v.date().isoformat() == w["date"]
        elif w["how"] == "type" and isinstance(v, (int, float)) and not isinstance(v, bool):
            ok = str(int(v)) == w["value"]
        else:
            ok = v == w["value"]
        if not ok:
            bad.append(f"{w['sheet']}!{w['cell']} ({w['path']}): {w['value']!r} → {v!r}")
    return bad


@pytest.mark.parametrize("name", list(SOURCES))
def test_the_person_writes_only_answer_cells(tmp_path, name):
    """The plan itself: every key of the case lands in a cell (nothing but 出典・出所 left out), on the sheet of its
    part, into an unlocked answer cell, picked where a drop-down offers it; the 付議日 asked as a date is one."""
    import openpyxl

    case = Case(name, tmp_path)
    wb = openpyxl.load_workbook(case.empty)
    assert len(case.writes) >= 15
    cells = [(w["sheet"], w["cell"]) for w in case.writes]
    assert len(cells) == len(set(cells)), "a cell written twice"
    for w in case.writes:
        c = wb[w["sheet"]][w["cell"]]
        assert c.protection.locked is False, w
        top = w["path"].split(".")[0]
        assert w["sheet"] == "概要" or w["sheet"].startswith(top), w
    picked = {w["value"] for w in case.writes if w["how"] == "pick"}
    assert picked, "nothing picked from a drop-down"
    if name == "保育園":
        assert {"あり", "不明", "○", "ー", "国内", "クラウド", "法定事務"} <= picked
        assert [w["value"] for w in case.writes if w["path"] == "業務委託.チェックリスト.区が作成した業務フローに基づく業務の履行.理由"] == ["委託先の入力手順書による"]
    for path in case.dates:
        assert [w["date"] for w in case.writes if w["path"] == path] and all(
            w["date"] for w in case.writes if w["path"] == path), path


@pytest.mark.parametrize("name", list(SOURCES))
def test_filled_through_openpyxl_and_saved_by_libreoffice(tmp_path, name, profile):
    case = Case(name, tmp_path)
    filled = tmp_path / f"{name}.xlsx"
    fill_in.fill_openpyxl(case.empty, filled, case.writes)
    assert _wrote(filled, case.writes) == []
    saved = office.convert([filled], "xlsx", tmp_path / "lo", profile)[0].target
    assert _wrote(saved, case.writes) == [], "LibreOffice did not keep what was written"
    got = office.check(case.yaml, filled, saved)
    want = got[str(case.yaml)]
    assert [v for v in want.values() if v == "適合"], "the YAML decides nothing: no comparison"
    assert office.same_verdicts(got[str(filled)], want) == []
    assert office.same_verdicts(got[str(saved)], want) == []


@pytest.mark.parametrize("name", list(SOURCES))
def test_filled_in_libreoffice(tmp_path, name, profile):
    """Through UNO, as a person in LibreOffice: picked values, typed text, the date typed 2025/1/16 a date cell."""
    office.require(uno=True)
    case = Case(name, tmp_path)
    saved = tmp_path / f"{name}-lo.xlsx"
    cells = office.fill(case.empty, saved, case.writes, profile, tmp_path / "work")
    assert len(cells) == len(case.writes)
    for w, c in zip(case.writes, cells):
        if w["date"]:
            assert c["type"] == "VALUE" and c["date"], (w, c)  # a date cell, as the typed 2025/1/16 makes it
        elif w["how"] == "pick" or not w["value"].isdigit():
            assert c["type"] == "TEXT" and c["string"] == w["value"], (w, c)
    assert _wrote(saved, case.writes) == []
    got = office.check(case.yaml, saved)
    want = got[str(case.yaml)]
    assert [v for v in want.values() if v == "適合"]
    assert office.same_verdicts(got[str(saved)], want) == []


def test_a_person_cannot_write_a_label_or_pick_what_is_not_offered(tmp_path, profile):
    """The fillers refuse what LibreOffice or Excel would refuse a person: a locked cell of the protected sheet (a
    label), a value the drop-down does not offer."""
    office.require(uno=True)
    case = Case("保育園", tmp_path)
    first = case.writes[0]
    label = dict(first, cell="B" + first["cell"][1:], how="type")
    flag = next(w for w in case.writes if w["how"] == "pick" and w["value"] == "あり")
    stray = dict(flag, value="有り")
    for bad, words in ((label, "is locked"), (stray, "not in the drop-down")):
        with pytest.raises(AssertionError, match=words):
            fill_in.fill_openpyxl(case.empty, tmp_path / "x.xlsx", [bad])
        with pytest.raises(AssertionError, match=words):
            office.fill(case.empty, tmp_path / "y.xlsx", [bad], profile, tmp_path / "work")
        assert not (tmp_path / "y.xlsx").exists()


@pytest.mark.parametrize("name", ["保育園", "No51"])
def test_the_annotated_workbook_in_libreoffice(tmp_path, name, profile):
    """`checker check … --annotate` writes a workbook too (a 判定 sheet first; each cell that decided a 不適合 red, each
    entry a 要確認 lacks yellow, with a comment): the 保育園 workbook filled in, and №51 (its SEI-01 不適合) from its
    YAML. LibreOffice opens it without a word and its copy keeps everything, comments and colours too; checker check of
    the copy gives the case's verdicts; printed, the 判定 sheet is A4 with a footer, its text 7.5 pt or more, nothing
    cut but what LibreOffice will not wrap: a cell holding a link (the 場所 column) runs past the page's edge when its
    places are longer than the column."""
    import shutil

    from xlsx_compare import differences, load

    if name == "保育園":
        case = Case(name, tmp_path)
        source, want_from = tmp_path / "保育園.xlsx", case.yaml
        fill_in.fill_openpyxl(case.empty, source, case.writes)
    else:
        (n51,) = (CASES / "令和5年度" / "2024-01-15").glob("51_*.yaml")
        source = want_from = Path(shutil.copy(n51, tmp_path / "n51.yaml"))
    p = subprocess.run([sys.executable, "-m", "checker.cli", "check", str(source), "--annotate"], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 1, p.stderr
    annotated = source.with_name(source.stem + "_判定.xlsx")
    wb, said = load(annotated)
    assert said == [] and wb.sheetnames[0] == "判定"
    marked = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment is not None)
    assert marked >= 3
    saved = office.convert([annotated], "xlsx", tmp_path / "lo", profile)[0].target
    pdf = office.convert([annotated], "pdf", tmp_path / "pdf", profile)[0].target
    assert differences(annotated, saved) == []
    got = office.check(want_from, saved)
    assert office.same_verdicts(got[str(saved)], got[str(want_from)]) == []
    if name == "No51":
        assert got[str(saved)]["SEI-01"] == "不適合"
    sizes, by_page, sheet_of = office.pdf_by_sheet(pdf)
    verdict_pages = [pg for pg, s in sheet_of.items() if s == "判定"]
    assert verdict_pages and verdict_pages[0] == 1
    assert all(abs(w - office.A4[1]) < 1 and abs(h - office.A4[0]) < 1 for w, h in sizes)  # landscape
    small = {s: round(v, 1) for s, v in office.smallest_text(pdf).items() if v < 7.5}
    assert not small, small
    seen, cut = office.cut_words(pdf, annotated, tmp_path)
    assert seen > 100
    place_x = {pg: min(w.x0 for w in by_page[pg] if w.text == "場所") for pg in verdict_pages}
    other = [(w.page, w.text) for w in cut if not (w.page in place_x and w.x0 >= place_x[w.page] - 1)]
    assert not other, other[:20]
