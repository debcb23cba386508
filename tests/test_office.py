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

import re
import warnings
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

import office
from checker.model import form as F

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


# --- what a workbook holds, compared -------------------------------------------------------------------------------

def load(path: Path):
    import openpyxl

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wb = openpyxl.load_workbook(path)
    return wb, [str(w.message) for w in caught]


def _columns(ws) -> dict[str, tuple[float | None, bool]]:
    """Width and hidden of every column with a <col> entry (a range of columns stands for each of them)."""
    from openpyxl.utils import get_column_letter

    out = {}
    for dim in ws.column_dimensions.values():
        if dim.min is None:
            continue
        for i in range(dim.min, dim.max + 1):
            out[get_column_letter(i)] = (dim.width, bool(dim.hidden))
    return out


def _drop_downs(ws) -> dict[str, tuple]:
    """cell → (values offered, shows an error for other values, error text) of every list validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        values = tuple(v.strip() for v in (dv.formula1 or "").strip('"').split(","))
        for rng in dv.sqref.ranges:
            for row in ws.iter_rows(min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col):
                for c in row:
                    out[c.coordinate] = (dv.type, values, bool(dv.showErrorMessage), dv.error)
    return out


def _format(code: str) -> str:
    """A number format without its locale tag and quoting (LibreOffice saves [$-411]ggge"年" as [$-1030411]ggge\\年)."""
    return re.sub(r"\[\$-[0-9A-Fa-f]+\]", "", code).replace('"', "").replace("\\", "")


PROTECTION = ("sheet", "formatCells", "formatColumns", "formatRows", "insertColumns", "insertRows", "deleteColumns",
              "deleteRows", "objects", "scenarios", "sort", "autoFilter", "pivotTables", "insertHyperlinks")


def differences(original: Path, saved: Path) -> list[str]:
    """What the saved workbook does not keep of the original, one line each (nothing: it kept all we rely on)."""
    a, _ = load(original)
    b, _ = load(saved)
    out = []
    if a.sheetnames != b.sheetnames:
        return [f"sheets {a.sheetnames} → {b.sheetnames}"]
    for wa in a.worksheets:
        wb = b[wa.title]
        t = wa.title
        if wb.sheet_state != "visible":
            out.append(f"{t}: {wb.sheet_state}")
        rows = max(wa.max_row, wb.max_row)
        cols = max(wa.max_column, wb.max_column)
        for row in wa.iter_rows(min_row=1, max_row=rows, max_col=cols):
            for ca in row:
                cb = wb[ca.coordinate]
                where = f"{t}!{ca.coordinate}"
                if ca.value != cb.value:
                    out.append(f"{where}: value {ca.value!r} → {cb.value!r}")
                if ca.protection.locked != cb.protection.locked:
                    out.append(f"{where}: locked {ca.protection.locked} → {cb.protection.locked}")
                if not ca.protection.locked and _format(ca.number_format) != _format(cb.number_format):
                    out.append(f"{where}: number format {ca.number_format!r} → {cb.number_format!r}")
                if ca.value is not None:
                    fa, fb = ca.font, cb.font
                    if (bool(fa.b), fa.sz) != (bool(fb.b), fb.sz):
                        out.append(f"{where}: font {fa.b, fa.sz} → {fb.b, fb.sz}")
                    if fb.name != fa.name and "CJK" not in (fb.name or ""):
                        out.append(f"{where}: font {fa.name} → {fb.name} (not a CJK font)")
                    if ca.alignment.wrap_text and not cb.alignment.wrap_text:
                        out.append(f"{where}: no longer wrapped")
                la = ca.hyperlink.location if ca.hyperlink else None
                lb = cb.hyperlink.location if cb.hyperlink else None
                if la != lb:
                    out.append(f"{where}: link {la!r} → {lb!r}")
        da, db = _drop_downs(wa), _drop_downs(wb)
        if da != db:
            for cell in sorted(set(da) | set(db)):
                if da.get(cell) != db.get(cell):
                    out.append(f"{t}!{cell}: drop-down {da.get(cell)} → {db.get(cell)}")
        for attr in PROTECTION:
            if getattr(wa.protection, attr) != getattr(wb.protection, attr):
                out.append(f"{t}: protection {attr} {getattr(wa.protection, attr)} → {getattr(wb.protection, attr)}")
        if wb.protection.password:
            out.append(f"{t}: a password")
        if set(map(str, wa.merged_cells.ranges)) != set(map(str, wb.merged_cells.ranges)):
            out.append(f"{t}: merged {sorted(map(str, wa.merged_cells.ranges))} → {sorted(map(str, wb.merged_cells.ranges))}")
        ka, kb = _columns(wa), _columns(wb)
        for col, (w, hidden) in ka.items():
            if kb.get(col, (None, False))[1] != hidden:
                out.append(f"{t}: column {col} hidden {hidden} → {kb.get(col, (None, False))[1]}")
        visible = [c for c, (w, h) in ka.items() if not h and w]
        if visible:
            base = visible[0]
            for col in visible[1:]:
                ra = ka[col][0] / ka[base][0]
                wb_col, wb_base = kb.get(col, (None,))[0], kb.get(base, (None,))[0]
                if not wb_col or not wb_base or abs(wb_col / wb_base - ra) > 0.02 * ra:
                    out.append(f"{t}: column {col} width {ka[col][0]} (of {base} {ka[base][0]}) → {wb_col} (of {wb_base})")
        for r, dim in wa.row_dimensions.items():
            if dim.height is not None:
                hb = wb.row_dimensions[r].height
                if hb is None or abs(hb - dim.height) > 1:
                    out.append(f"{t}: row {r} height {dim.height} → {hb}")
        pa, pb = wa.page_setup, wb.page_setup
        for attr in ("paperSize", "orientation", "fitToWidth", "fitToHeight"):
            if str(getattr(pa, attr)) != str(getattr(pb, attr)):
                out.append(f"{t}: page {attr} {getattr(pa, attr)} → {getattr(pb, attr)}")
        if bool(wa.sheet_properties.pageSetUpPr.fitToPage) != bool(wb.sheet_properties.pageSetUpPr and wb.sheet_properties.pageSetUpPr.fitToPage):
            out.append(f"{t}: no longer fitted to the page")
        if wa.print_title_rows != wb.print_title_rows:
            out.append(f"{t}: print titles {wa.print_title_rows} → {wb.print_title_rows}")
        if wa.oddFooter.center.text != wb.oddFooter.center.text:
            out.append(f"{t}: footer {wa.oddFooter.center.text!r} → {wb.oddFooter.center.text!r}")
        for attr in ("left", "right", "top", "bottom", "footer"):
            if abs(getattr(wa.page_margins, attr) - getattr(wb.page_margins, attr)) > 0.02:
                out.append(f"{t}: margin {attr} {getattr(wa.page_margins, attr)} → {getattr(wb.page_margins, attr)}")
        if bool(wa.print_options.horizontalCentered) != bool(wb.print_options.horizontalCentered):
            out.append(f"{t}: no longer centred")
    return out


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
        assert _columns(ws)[F.PATH_COLUMN][1], f"{ws.title}: column A shown"
        assert ws.protection.sheet and not ws.protection.password, ws.title
        assert ws[f"{F.PATH_COLUMN}1"].value == a[ws.title][f"{F.PATH_COLUMN}1"].value
    assert len(_drop_downs(wb[F.ROOT_PART])) >= 5  # 区分 and the other fixed values of 概要


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
    root.mkdir()
    pairs = {}
    for i, case in enumerate(sorted(p for p in (ROOT / "cases").rglob("*.yaml") if not p.name.startswith("_"))):
        out = root / f"{i:02d}.xlsx"
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

A4 = (595.3, 841.9)


def _footer(text: str) -> re.Match | None:
    return re.fullmatch(r"(.+)（(\d+)/(\d+)）", text)


def _pages_by_sheet(pdf: Path):
    """Page sizes, words, and the sheet each page prints (read from its footer 「シート（n / N）」)."""
    sizes, words = office.pdf_words(pdf)
    by_page: dict[int, list] = {}
    for w in words:
        by_page.setdefault(w.page, []).append(w)
    sheet_of = {}
    for page, ws in by_page.items():
        # the footer is the lowest line of the page; its words are joined (「業務委託・委託先（7」「/」「17）」)
        low = max(w.y1 for w in ws)
        line = "".join(w.text for w in sorted((w for w in ws if w.y1 > low - 2), key=lambda w: w.x0))
        m = _footer(line)
        assert m, f"page {page}: no footer 「シート（n / N）」 at its foot: {line!r}"
        assert int(m[2]) == page and int(m[3]) == len(sizes), line
        sheet_of[page] = m[1]
    return sizes, by_page, sheet_of


@pytest.mark.parametrize("name", IDS)
def test_the_pdf_prints_every_sheet_on_a4_fitted_to_the_width(lo, name):
    wb, _ = load(lo.original[name])
    sizes, by_page, sheet_of = _pages_by_sheet(lo.pdf[name])
    assert len(sizes) >= len(wb.sheetnames)
    assert set(by_page) == set(range(1, len(sizes) + 1)), "a blank page"
    for page, (w, h) in enumerate(sizes, 1):
        sheet = wb[sheet_of[page]]
        want = A4 if sheet.page_setup.orientation == "portrait" else A4[::-1]
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


def _cjk_size(w) -> float | None:
    """The printed size (points) of a word of full-width characters only: its width over its length."""
    if len(w.text) >= 2 and all("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in w.text):
        return (w.x1 - w.x0) / len(w.text)
    return None


def test_the_printed_text_is_large_enough_to_read(lo):
    """Fitted to an A4 width, no sheet shrinks its text below 7.5 pt (the help, 9 pt as written, is the smallest)."""
    for name in (_name(ALL, "実施結果"), _name(["業務委託", "外部結合"], None)):
        _, by_page, sheet_of = _pages_by_sheet(lo.pdf[name])
        smallest = {}
        for page, ws in by_page.items():
            sizes = [s for s in map(_cjk_size, ws) if s]
            assert sizes, page
            sheet = sheet_of[page]
            smallest[sheet] = min(smallest.get(sheet, 99), min(sizes))
        small = {s: round(v, 1) for s, v in smallest.items() if v < 7.5}
        assert not small, small


def test_no_text_is_cut(lo, tmp_path):
    """Every word LibreOffice printed is drawn whole. A word's box (pdftotext) has ink from its top to about two thirds
    down; a word cut by its frame (a footer squeezed by the margin, a cell's text below the row's edge) keeps only its
    top, and the band from 40 % to 60 % of its box is blank. Every page of the workbook with every sheet, at 150 dpi.
    A cell split by a page break (a list's merged label and help) is drawn again, clipped, above the next page's header
    row, where nothing shows: those words were shown on the page before, and are not looked at."""
    Image = pytest.importorskip("PIL.Image")
    name = _name(ALL, "実施結果")
    pdf = lo.pdf[name]
    wb, _ = load(lo.original[name])
    sizes, by_page, sheet_of = _pages_by_sheet(pdf)
    cut, seen, first = [], 0, {}
    for page in sorted(by_page):
        sheet = wb[sheet_of[page]]
        continued = first.setdefault(sheet.title, page) != page
        head = next(c.value for c in sheet[F.HEADER_ROW] if c.value and c.column_letter != F.PATH_COLUMN)
        top = min(w.y0 for w in by_page[page] if w.text == head.split()[0]) if continued else 0
        img = Image.open(office.render(pdf, page, tmp_path / f"p{page}", dpi=150)).convert("L")
        k = img.width / sizes[page - 1][0]
        for w in by_page[page]:
            if len(w.text) < 2 or set(w.text) <= set("ー一－―・…〜~-=_") or w.y0 < top - 0.5:
                continue  # a word with its ink in the middle only; a split cell's text above the header row
            h = w.y1 - w.y0
            band = img.crop((int(w.x0 * k), int((w.y0 + 0.4 * h) * k), int(w.x1 * k) + 1, int((w.y0 + 0.6 * h) * k) + 1))
            seen += 1
            if band.getextrema()[0] > 160:
                cut.append((page, w.text))
    assert seen > 500
    assert not cut, cut[:20]


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
