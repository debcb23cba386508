"""Issue 19.5: the workbooks of `checker new` in a real office suite, LibreOffice (Debian's, headless).

Every generated workbook (each 区分 alone, two together, all of them, the 特定個人情報保護評価 reports, and every real
case written as a workbook by `checker convert`) is opened by LibreOffice and saved as xlsx (the empty ones also as PDF),
with exit 0 and nothing on its standard error (tests/office.py). `checker check` of LibreOffice's copy gives the
verdicts of the original: the YAML template of the same 区分, the real case's YAML. Filled in by a person:
tests/test_office_fill.py.

"No repair". Excel repairs a workbook it cannot read whole and says so in a dialog; LibreOffice has no such dialog in
headless mode: it quietly keeps what it could read (a sheet cut in half loses its cells and is still "converted"; see
test_a_damaged_workbook_is_caught) or, when it can read nothing, says `Error: source file could not be loaded` and
writes no file. So what is checked instead:
- the workbook is whole: a valid zip whose every XML part parses, and openpyxl loads it with no warning;
- LibreOffice read it whole: the xlsx it saves holds everything a department and `checker check` rely on, as written:
  the sheets in order, every cell's value, the hidden label column A, the drop-downs (list validations, cell by cell,
  with their error message), the sheet protection (no password) and which cells are locked, text-formatted answer cells,
  merged cells, the links to the table sheets, row heights and the columns' proportions, the print setup (A4, fitted to
  the width, orientation, title rows, footer).
Not kept by a headless save, and not relied on: frozen panes (view settings; LibreOffice writes them only from a view),
the name of a font it does not have (游ゴシック is saved under the CJK font it drew the text with), absolute column
widths (saved in LibreOffice's own character unit; the proportions are kept).

The PDF is what a person prints: A4 pages, every sheet printed with its own footer, fitted to the width (every page
repeats the sheet's whole header row), Japanese drawn with an embedded CJK font, text large enough to read and not cut.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

import office
from checker.model import form as F
from xlsx_compare import columns, differences, drop_downs, load

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow

ALL = list(F.describe().categories)
COMBOS = [([c], None) for c in ALL] + [(["業務委託", "外部結合"], None), (ALL, None), (["電算処理"], "報告"),
                                       (["電算処理"], "実施結果"), (ALL, "実施結果")]


def _name(cats, pia) -> str:
    return "+".join(cats) + (f"+{pia}" if pia else "")


def _new(out: Path, cats, pia) -> Path:
    from click.testing import CliRunner

    from checker.cli import main

    r = CliRunner().invoke(main, ["new", *cats, *(["--pia", pia] if pia else []), "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


class Office:
    """The generated workbooks, and what LibreOffice made of them (one start of soffice per format)."""

    def __init__(self, root: Path):
        office.require()
        self.root = root
        self.profile = office.make_profile(root / "profile")
        src = root / "generated"
        src.mkdir()
        self.original = {}
        for cats, pia in COMBOS:
            self.original[_name(cats, pia)] = _new(src / f"{_name(cats, pia)}.xlsx", cats, pia)
        self.xlsx = {n: c.target for n, c in zip(self.original, office.convert(list(self.original.values()), "xlsx",
                                                                                  root / "xlsx", self.profile))}
        self.pdf = {n: c.target for n, c in zip(self.original, office.convert(list(self.original.values()), "pdf",
                                                                                 root / "pdf", self.profile))}


@pytest.fixture(scope="module")
def lo(tmp_path_factory) -> Office:
    return Office(tmp_path_factory.mktemp("office"))


IDS = [_name(c, p) for c, p in COMBOS]


# --- LibreOffice opens every generated workbook ------------------------------------------------------------------

@pytest.mark.parametrize("name", IDS)
def test_the_generated_workbook_is_whole(lo, name):
    """The file a department opens: a valid zip, every XML part well-formed, openpyxl reads it without a warning."""
    path = lo.original[name]
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        parts = [n for n in z.namelist() if n.endswith((".xml", ".rels"))]
        assert "xl/workbook.xml" in parts and any(n.startswith("xl/worksheets/") for n in parts)
        for n in parts:
            ElementTree.fromstring(z.read(n))
    wb, said = load(path)
    assert said == [], said
    assert wb.sheetnames[0] == F.ROOT_PART


@pytest.mark.parametrize("name", IDS)
def test_libreoffice_saves_the_workbook_with_everything_kept(lo, name):
    """LibreOffice read the whole workbook: its own xlsx keeps everything we rely on (module docstring)."""
    saved = lo.xlsx[name]
    wb, said = load(saved)
    assert said == [], said
    assert differences(lo.original[name], saved) == []
    # and the things a department meets first, said plainly
    a, _ = load(lo.original[name])
    for ws in wb.worksheets:
        assert columns(ws)[F.PATH_COLUMN][1], f"{ws.title}: column A shown"
        assert ws.protection.sheet and not ws.protection.password, ws.title
        assert ws[f"{F.PATH_COLUMN}1"].value == a[ws.title][f"{F.PATH_COLUMN}1"].value
    assert len(drop_downs(wb[F.ROOT_PART])) >= 5  # 区分 and the other fixed values of 概要


def test_the_comparison_sees_what_a_save_loses(lo, tmp_path):
    """differences() is not blind: a label unlocked, a drop-down dropped, a value changed, column A shown, the page set
    to Letter are each reported."""
    import openpyxl
    from openpyxl.styles import Protection

    name = _name(["業務委託", "外部結合"], None)
    wb = openpyxl.load_workbook(lo.original[name])
    ws = wb["業務委託"]
    ws["B4"].protection = Protection(locked=False)
    ws["C5"].value = "書き換え"
    ws.column_dimensions["A"].hidden = False
    ws.data_validations.dataValidation.pop()
    wb["外部結合"].page_setup.paperSize = 1
    out = tmp_path / "changed.xlsx"
    wb.save(out)
    got = "\n".join(differences(lo.original[name], out))
    for needle in ("業務委託!B4: locked True → False", "業務委託!C5: value None → '書き換え'", "業務委託: column A hidden True → False",
                   "drop-down", "外部結合: page paperSize 9 → 1"):
        assert needle in got, (needle, got)


def test_a_damaged_workbook_is_caught(lo, tmp_path):
    """What Excel would repair: LibreOffice converts a workbook whose sheet is cut in half without a word, and the
    comparison finds the loss; a workbook it cannot open at all fails the conversion (no output, an error said)."""
    name = _name(["業務委託"], None)
    good = lo.original[name]
    cut = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(cut, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    converted = office.convert([cut], "xlsx", tmp_path / "out", lo.profile)
    lost = differences(good, converted[0].target)
    assert any("value" in d for d in lost), lost
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(AssertionError):
        office.convert([broken], "xlsx", tmp_path / "out2", lo.profile)


@pytest.mark.parametrize("name", IDS)
def test_checker_reads_the_libreoffice_copy_as_the_workbook_and_its_yaml_template(lo, name, tmp_path):
    """Read back with `checker check`, the workbook LibreOffice saved gives the verdicts of the workbook as generated,
    and both those of the YAML template of the same 区分 (nothing written: the 区分 alone, no 不適合)."""
    cats, pia = COMBOS[IDS.index(name)]
    template = _new(tmp_path / f"{name}.yaml", cats, pia)
    got = office.check(template, lo.original[name], lo.xlsx[name])
    want = got[str(template)]
    assert "要確認" in want.values() and "不適合" not in want.values()
    assert office.same_verdicts(got[str(lo.original[name])], want) == []
    assert office.same_verdicts(got[str(lo.xlsx[name])], want) == []


# --- every real case, converted to a workbook, through LibreOffice ------------------------------------------------

@pytest.fixture(scope="module")
def corpus(lo):
    """Every case under cases/ written as a workbook by `checker convert`, and LibreOffice's save of each (one start)."""
    from click.testing import CliRunner

    from checker.cli import main

    root = lo.root / "corpus"
    (root / "in").mkdir(parents=True)  # LibreOffice saves into root/lo: the same depth, so a 前回の案件 path still resolves
    pairs = {}
    for i, case in enumerate(sorted(p for p in (ROOT / "cases").rglob("*.yaml") if not p.name.startswith("_"))):
        out = root / "in" / f"{i:02d}.xlsx"
        r = CliRunner().invoke(main, ["convert", str(case), str(out)])
        assert r.exit_code == 0, (case, r.output)
        pairs[case] = out
    saved = office.convert(list(pairs.values()), "xlsx", root / "lo", lo.profile)
    return {case: (out, c.target) for (case, out), c in zip(pairs.items(), saved)}


def test_every_real_case_converted_survives_libreoffice(corpus):
    """The 54 real cases, each a workbook with its facts in the cells (checker convert): LibreOffice reads each whole
    and saves all it holds, and `checker check` of LibreOffice's copy gives the verdicts of the case's YAML."""
    assert len(corpus) >= 50
    lost = {case.name: d[:3] for case, (out, saved) in corpus.items() if (d := differences(out, saved))}
    assert not lost, lost
    got = office.check(*corpus, *(saved for _, saved in corpus.values()))
    moved = {case.name: d[:5] for case, (_, saved) in corpus.items()
             if (d := office.same_verdicts(got[str(saved)], got[str(case)]))}
    assert not moved, moved
    assert sum(v == "不適合" for case in corpus for v in got[str(case)].values()) >= 1  # №51 SEI-01: not all alike


# --- the PDF ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", IDS)
def test_the_pdf_prints_every_sheet_on_a4_fitted_to_the_width(lo, name):
    wb, _ = load(lo.original[name])
    sizes, by_page, sheet_of = office.pdf_by_sheet(lo.pdf[name])
    assert len(sizes) >= len(wb.sheetnames)
    assert set(by_page) == set(range(1, len(sizes) + 1)), "a blank page"
    for page, (w, h) in enumerate(sizes, 1):
        sheet = wb[sheet_of[page]]
        want = office.A4 if sheet.page_setup.orientation == "portrait" else office.A4[::-1]
        assert abs(w - want[0]) < 1 and abs(h - want[1]) < 1, (page, sheet.title, w, h)
        # fitted to the width: every page repeats the sheet's header row, every column of it
        text = "".join(x.text for x in by_page[page])
        headers = [c.value for c in sheet[F.HEADER_ROW] if c.value and c.column_letter != F.PATH_COLUMN]
        assert headers, sheet.title
        for head in headers:
            assert head.replace(" ", "") in text, (page, sheet.title, head)
    # every sheet printed, in the workbook's order
    order = list(dict.fromkeys(sheet_of[p] for p in sorted(sheet_of)))
    assert order == wb.sheetnames


def test_japanese_is_drawn_with_an_embedded_cjk_font(lo):
    name = _name(ALL, "実施結果")
    fonts = office.pdf_fonts(lo.pdf[name])
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    assert any("CJK" in f["name"] for f in fonts), fonts
    _, words = office.pdf_words(lo.pdf[name])
    text = "".join(w.text for w in words)
    for needle in ("付議事項", "業務委託", "特記事項の添付", "個人情報保護法等の遵守", "データの保管場所", "パブリック・コメント"):
        assert needle in text, needle


def test_the_printed_text_is_large_enough_to_read(lo):
    """Fitted to an A4 width, no sheet shrinks its text below 7.5 pt (the help, 9 pt as written, is the smallest)."""
    for name in (_name(ALL, "実施結果"), _name(["業務委託", "外部結合"], None)):
        small = {s: round(v, 1) for s, v in office.smallest_text(lo.pdf[name]).items() if v < 7.5}
        assert not small, small


def test_no_text_is_cut(lo, tmp_path):
    """Every word LibreOffice printed is drawn whole (office.cut_words): every page of the workbook with every sheet."""
    name = _name(ALL, "実施結果")
    seen, cut = office.cut_words(lo.pdf[name], lo.original[name], tmp_path)
    assert seen > 500
    assert not cut, [(w.page, w.text) for w in cut[:20]]


def test_a_look_at_the_first_page(lo, tmp_path):
    """The page a person sees first (概要 of the Done-when's workbook) is drawn: ink on the page, the title at its top."""
    Image = pytest.importorskip("PIL.Image")
    ImageChops = pytest.importorskip("PIL.ImageChops")
    name = _name(["業務委託", "外部結合"], None)
    png = office.render(lo.pdf[name], 1, tmp_path / "first", dpi=60)
    img = Image.open(png).convert("L")
    box = ImageChops.invert(img).getbbox()
    assert box is not None
    assert box[1] < img.height * 0.15  # the title is at the top, not pushed down a page
