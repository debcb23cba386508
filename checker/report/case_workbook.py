"""The workbook of `checker new`: the 付議事項 form as an Excel workbook (openpyxl).

One worksheet per part of the form (model.form.parts): 概要, each 区分's sheet, its tables (委託先, 再委託 …) and its
checklists, in the form's order and labels. Beside each entry, what to write (the seeds' wording), the values it takes and
an example. Entries with fixed values and checklist answers have drop-downs; a list has one row per value, a table one
row per entry. Labels and help are protected (no password), answer cells are not. A Japanese font, readable widths,
A4 landscape pages fitted to the width.

Printed, the text must stay readable: fitting the width shrinks a page by its columns' total width, measured in digits
of the workbook's Normal font (Excel and LibreOffice alike). So the Normal font is the form's own (not openpyxl's
Calibri, which a machine without it replaces by a wider font), every sheet is landscape, and no sheet is wider than
PAGE_UNITS digits: LibreOffice on Debian then prints the 10-point text at 9 points or more, the 9-point help at 8
(tests/test_office.py measures it in LibreOffice's PDF).

The layout (model.form: PATH_COLUMN and the column constants) lets a reader map every answer cell back to its label:
the hidden column A holds the label path of each row's answer (docs/case-format.md, 「ブック（.xlsx）の作り」);
checker.input.workbook reads it back.

`checker convert 案件.yaml 案件.xlsx` writes a case's data into the same layout (build_case): the sheets the case writes,
as many rows as its lists and tables need, and its 出典・出所 (a corpus case's) on 概要; read back, it gives the same data.
"""
from __future__ import annotations

import io
import math
import re
from copy import copy
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.hyperlink import Hyperlink
from wcwidth import wcswidth

from ..model import form as F
from ..model.base import NONE_WORDS, UNKNOWN, Answer

BLANK_ANSWER = "空欄"  # a checklist row written empty (it fails); an empty cell is a row not written

FONT_NAME = "游ゴシック"
FONT = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
SMALL = Font(name=FONT_NAME, size=9, color="404040")
LINK_FONT = Font(name=FONT_NAME, size=10, color="0563C1", underline="single")
SECTION_FILL = PatternFill("solid", fgColor="D9E1F2")
HEADER_FILL = PatternFill("solid", fgColor="BFBFBF")
ANSWER_FILL = PatternFill("solid", fgColor="FFFFFF")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
MIDDLE = Alignment(vertical="center")
CENTER = Alignment(horizontal="center", vertical="top")
INDENTS = tuple(Alignment(wrap_text=True, vertical="top", indent=depth) for depth in range(8))
UNLOCKED = Protection(locked=False)
LINE_HEIGHT = 14.0  # points per line of 10-point text
MAX_CELL_TEXT = 32_767  # Excel's limit of a cell's text
ABSENT = object()

PAGE_UNITS = 140  # the widest a sheet's printed columns may be, in digits of the Normal font (A4 landscape at 9 pt)
FIELD_WIDTHS = {F.PATH_COLUMN: 4, F.FIELD_LABEL: 30, F.FIELD_ANSWER: 46, F.FIELD_HELP: 60}
CHECK_WIDTHS = {F.PATH_COLUMN: 4, F.CHECK_NUMBER: 6, F.CHECK_LABEL: 28, F.CHECK_ANSWER: 8, F.CHECK_REASON: 24,
                F.CHECK_MEASURE: 24, F.CHECK_HELP: 50}


def _width(text: str) -> int:
    w = wcswidth(text)
    return len(text) if w < 0 else w


def _lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column `width` characters wide (a full-width character counts 2)."""
    if not text:
        return 1
    return sum(max(1, math.ceil(_width(p) / max(width - 1, 1))) for p in str(text).split("\n"))


def _help(e: F.Entry, example: bool = True) -> str:
    text = e.help
    if e.kind not in (F.TEXT, F.SHEET, F.CHECKLIST, F.ITEMS):
        text += f"\n［{_expected(e)}］"
    if example and e.example is not None and e.kind != F.ANSWER:
        text += f"\n例: {_example(e)}"
    return text


def _expected(e: F.Entry) -> str:
    if e.kind in (F.LIST, F.CHOICES):
        return "1 行に 1 つ" + (f": {'／'.join(e.values)}" if e.values else "")
    if e.kind == F.MAP:
        return "1 行に「名前: 数」"
    if e.kind in (F.FLAG, F.CHOICE):
        return "／".join(e.values) + "（選ぶ）"
    return e.expected


def _example(e: F.Entry) -> str:
    v = e.example
    if isinstance(v, list):
        return "、".join(map(str, v))
    if isinstance(v, dict):
        return "、".join(f"{k}: {x}" for k, x in v.items())
    return str(v)


class _Sheet:
    """One worksheet being written: rows, validations, row heights."""

    def __init__(self, wb: Workbook, part: F.Part, widths: dict[str, float], styles: dict):
        self.ws = wb.create_sheet(part.name)
        self.styles = styles  # the workbook's cell styles made so far, by the style objects they are made of
        self.part = part
        self.widths = dict(widths)
        self.row = F.HEADER_ROW
        self.validations: dict[tuple, DataValidation] = {}
        ws = self.ws
        ws.sheet_view.zoomScale = 100
        ws[f"{F.PATH_COLUMN}1"] = part.path or F.ROOT_PART
        last = get_column_letter(max(_col(c) for c in widths))
        self.put(f"B{F.TITLE_ROW}", part.title, TITLE, MIDDLE)  # not wrapped: runs over the next cells
        self.put(f"B{F.HELP_ROW}", part.help, FONT, WRAP)
        ws.row_dimensions[F.TITLE_ROW].height = 24
        ws.merge_cells(f"B{F.HELP_ROW}:{last}{F.HELP_ROW}")
        self.fit(F.HELP_ROW, {"B": part.help}, merged_width=sum(v for k, v in widths.items() if k != F.PATH_COLUMN))

    def put(self, ref: str, value, font=FONT, alignment=WRAP, fill=None, border=None, unlocked=False,
            number_format: str | None = None):
        c = self.ws[ref]
        c.value = value
        # a style is made once per workbook and copied (setting font, fill … on each cell costs most of the writing);
        # the style objects are module constants, so their ids name them
        key = (id(font), id(alignment), id(fill), id(border), unlocked, number_format)
        made = self.styles.get(key)
        if made is not None:
            c._style = copy(made)
            return c
        c.font = font
        c.alignment = alignment
        if fill is not None:
            c.fill = fill
        if border is not None:
            c.border = border
        if unlocked:
            c.protection = UNLOCKED
        if number_format:
            c.number_format = number_format
        self.styles[key] = copy(c._style)
        return c

    def answer(self, ref: str, entry: F.Entry | None, value=None, number_format: str | None = None, alignment=WRAP):
        if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
            raise ValueError(f"{self.ws.title}!{ref}: 文が長すぎてセルに入りません（{len(value):,} 字。{MAX_CELL_TEXT:,} 字まで）")
        c = self.put(ref, value, FONT, alignment, ANSWER_FILL, BOX, unlocked=True, number_format=number_format)
        if isinstance(value, str) and value.startswith("="):
            c.data_type = "s"  # text, never a formula
        if entry is not None:
            self.validate(ref, entry)
        return c

    def validate(self, ref: str, e: F.Entry) -> None:
        values = _choices(e)
        if not values:
            return
        key = values
        dv = self.validations.get(key)
        if dv is None:
            dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True, showDropDown=False,
                                showErrorMessage=True, errorTitle="選べない値です", error="一覧から選んでください（" + "／".join(values) + "）")
            self.ws.add_data_validation(dv)
            self.validations[key] = dv
        dv.add(ref)

    def fit(self, row: int, texts: dict[str, str], merged_width: float | None = None) -> None:
        lines = max(_lines(t, merged_width or self.widths.get(col, 10)) for col, t in texts.items())
        current = self.ws.row_dimensions[row].height or LINE_HEIGHT + 4
        self.ws.row_dimensions[row].height = max(current, lines * LINE_HEIGHT + 4)

    def finish(self, freeze: str, title_rows: str) -> None:
        ws = self.ws
        for col, w in self.widths.items():
            ws.column_dimensions[col].width = w
        ws.column_dimensions[F.PATH_COLUMN].hidden = True
        ws.freeze_panes = freeze
        ws.print_title_rows = title_rows
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        # the footer sits 0.3 in from the edge with room for its line above (LibreOffice gives the footer only what
        # the bottom margin leaves below the page's body: with bottom 0.6 and footer 0.5 it was cut in half)
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top, ws.page_margins.header = 0.6, 0.3
        ws.page_margins.bottom, ws.page_margins.footer = 0.8, 0.3
        ws.oddFooter.center.text = "&A（&P / &N）"
        # labels and help locked, answer cells not; no password. Row heights may be changed (long answers).
        ws.protection.sheet = True
        ws.protection.formatRows = False
        ws.protection.formatCells = True
        ws.protection.formatColumns = True


def _col(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    return column_index_from_string(letter)


def _choices(e: F.Entry) -> tuple[str, ...]:
    if e.kind in (F.FLAG, F.CHOICE, F.CHOICES):
        return (*e.values, F.UNKNOWN)
    if e.kind == F.ANSWER:
        return F.ANSWER_VALUES
    return ()


DATE_FORMAT = '[$-411]ggge"年"m"月"d"日"'  # a date cell shown in 和暦 with its year: 令和7年1月16日


def _number_format(e: F.Entry) -> str | None:
    # text stays text as typed (a 登録番号 such as 001, 1-2 is not a date); dates and counts may be typed as Excel values.
    # A date typed 2025/1/16 becomes a date cell; in the General format LibreOffice (ja-JP) shows it 1月16日, without
    # its year: a date cell shows 和暦 with the year (text typed in it, 令和6年10月 or R6.10.1, stays text)
    if e.kind == F.DATE:
        return DATE_FORMAT
    return "@" if e.kind in (F.TEXT, F.LIST, F.MAP) else None


# --- a sheet of entries ----------------------------------------------------------------------------------

def _fields(wb: Workbook, part: F.Part, data: dict, styles: dict) -> None:
    s = _Sheet(wb, part, FIELD_WIDTHS, styles)
    for col, text in F.FIELD_HEADERS.items():
        s.put(f"{col}{s.row}", text, BOLD, WRAP, HEADER_FILL, BOX)
    headed = set()
    for e in part.entries:
        if e.who in (F.SECRETARIAT, F.CORPUS) and e.who not in headed:
            headed.add(e.who)
            _section_row(s, None, *SECTION_HEADS[e.who])
        _field(s, e, data, depth=0)
    s.finish(freeze=f"B{F.HEADER_ROW + 1}", title_rows=f"{F.HEADER_ROW}:{F.HEADER_ROW}")


SECTION_HEADS = {
    F.SECRETARIAT: ("事務局の記入欄（部署は空欄のまま）", ""),
    F.CORPUS: ("転記の出典・出所（cases/ の案件だけ）", "区の公開資料から転記した案件の、転記元と、転記でない事実の出所"),
}


def _get(data: Any, path: str) -> Any:
    """The value at a label path of a case's data (ABSENT when not written)."""
    v = data
    for part in path.split("."):
        if not isinstance(v, dict) or part not in v:
            return ABSENT
        v = v[part]
    return v


def _cells(e: F.Entry, raw: Any) -> list:
    """The values of an entry's answer cells, one per row: a list one value per row (なし for an empty one), a map
    `名前: 値` per row, あり／なし for a flag, a text written as a list on its lines."""
    if raw is ABSENT or raw is None:
        return []
    if e.kind in (F.LIST, F.CHOICES):
        if isinstance(raw, list):
            return list(raw) if raw else [NONE_WORDS[0]]
        if e.kind == F.CHOICES and isinstance(raw, str) and raw.strip() not in (*UNKNOWN, *NONE_WORDS):
            return [x.strip() for x in re.split(r"[、,]", raw) if x.strip()]  # 区分: 外部結合、業務委託 (Case._one_category)
        return [raw]
    if e.kind == F.MAP:
        return [f"{k}: {v}" for k, v in raw.items()] if isinstance(raw, dict) else [raw]
    if e.kind == F.FLAG and isinstance(raw, bool):
        return [F.FLAG_VALUES[0] if raw else F.FLAG_VALUES[1]]
    if e.kind == F.TEXT and isinstance(raw, list):
        return ["\n".join(str(x) for x in raw)]
    return [raw]


def _section_row(s: _Sheet, e: F.Entry | None, label: str, help_text: str) -> None:
    s.row += 1
    r = s.row
    s.ws[f"{F.PATH_COLUMN}{r}"] = F.SECTION
    s.put(f"{F.FIELD_LABEL}{r}", label, BOLD, WRAP, SECTION_FILL, BOX)
    s.put(f"{F.FIELD_ANSWER}{r}", None, FONT, WRAP, SECTION_FILL, BOX)
    s.put(f"{F.FIELD_HELP}{r}", help_text, FONT, WRAP, SECTION_FILL, BOX)
    s.fit(r, {F.FIELD_LABEL: label, F.FIELD_HELP: help_text})


def _field(s: _Sheet, e: F.Entry, data: dict, depth: int) -> None:
    indent = INDENTS[min(depth, len(INDENTS) - 1)]
    if e.kind == F.SHEET and not F.is_own_part(e):
        _section_row(s, e, e.label, e.help)
        for c in e.children:
            _field(s, c, data, depth + 1)
        return
    if F.is_own_part(e):  # a table or a checklist on its own worksheet: a row that leads there
        s.row += 1
        r = s.row
        target = F.part_name(e.path)
        s.ws[f"{F.PATH_COLUMN}{r}"] = F.LINK
        s.put(f"{F.FIELD_LABEL}{r}", e.label, BOLD, indent, LOCKED_FILL, BOX)
        c = s.put(f"{F.FIELD_ANSWER}{r}", f"→ シート「{target}」に書く", LINK_FONT, WRAP, LOCKED_FILL, BOX)
        c.hyperlink = Hyperlink(ref=c.coordinate, location=f"'{target}'!B{F.HEADER_ROW}", display=c.value)
        s.put(f"{F.FIELD_HELP}{r}", e.help, FONT, WRAP, LOCKED_FILL, BOX)
        s.fit(r, {F.FIELD_LABEL: e.label, F.FIELD_HELP: e.help})
        return
    values = _cells(e, _get(data, e.path))
    n = max(e.rows, len(values)) if e.kind in (F.LIST, F.CHOICES, F.MAP) else 1
    first = s.row + 1
    help_text = _help(e)
    for i in range(n):
        s.row += 1
        r = s.row
        s.ws[f"{F.PATH_COLUMN}{r}"] = f"{e.path}[{i + 1}]" if n > 1 or e.kind in (F.LIST, F.CHOICES, F.MAP) else e.path
        s.put(f"{F.FIELD_LABEL}{r}", e.label if i == 0 else None, FONT, indent, LOCKED_FILL, BOX)
        s.answer(f"{F.FIELD_ANSWER}{r}", e, values[i] if i < len(values) else None, _number_format(e))
        s.put(f"{F.FIELD_HELP}{r}", help_text if i == 0 else None, SMALL, WRAP, LOCKED_FILL, BOX)
    if n > 1:
        s.ws.merge_cells(f"{F.FIELD_LABEL}{first}:{F.FIELD_LABEL}{s.row}")
        s.ws.merge_cells(f"{F.FIELD_HELP}{first}:{F.FIELD_HELP}{s.row}")
    help_lines = _lines(help_text, FIELD_WIDTHS[F.FIELD_HELP])
    if n == 1:  # a sentence or two of room for a text
        lines = max(help_lines, _lines(e.label, FIELD_WIDTHS[F.FIELD_LABEL]), 3 if e.kind == F.TEXT else 1,
                    _lines(str(values[0]), FIELD_WIDTHS[F.FIELD_ANSWER]) if values else 1)
        s.ws.row_dimensions[first].height = lines * LINE_HEIGHT + 4
    else:  # the merged help spread over the list's rows
        for i, r in enumerate(range(first, s.row + 1)):
            own = _lines(str(values[i]), FIELD_WIDTHS[F.FIELD_ANSWER]) if i < len(values) else 1
            s.ws.row_dimensions[r].height = max(max(1, math.ceil(help_lines / n)), own) * LINE_HEIGHT + 4


# --- a checklist --------------------------------------------------------------------------------------------

def _answer_cells(raw: Any) -> tuple:
    """A checklist row as its 回答, 理由 and 内容 cells: written empty is 空欄 (it fails), 不明 stays 不明."""
    if raw is ABSENT:
        return (None, None, None)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return (BLANK_ANSWER, None, None)
    if isinstance(raw, str) and raw.strip() in UNKNOWN:
        return (raw.strip(), None, None)
    a = Answer.model_validate(raw)
    return (a.mark, a.reason, a.measure)


def _checklist(wb: Workbook, part: F.Part, data: dict, styles: dict) -> None:
    s = _Sheet(wb, part, CHECK_WIDTHS, styles)
    for col, text in F.CHECK_HEADERS.items():
        s.put(f"{col}{s.row}", text, BOLD, WRAP, HEADER_FILL, BOX)
    groups = part.entries if all(g.kind == F.CHECKLIST for g in part.entries) else (part.entry,)
    for g in groups:
        if len(groups) > 1:
            s.row += 1
            r = s.row
            s.ws[f"{F.PATH_COLUMN}{r}"] = F.SECTION
            s.put(f"{F.CHECK_NUMBER}{r}", f"{g.label}　{g.help}", BOLD, WRAP, SECTION_FILL, BOX)
            s.ws.merge_cells(f"{F.CHECK_NUMBER}{r}:{F.CHECK_HELP}{r}")
        for i, row in enumerate(g.children, 1):
            s.row += 1
            r = s.row
            s.ws[f"{F.PATH_COLUMN}{r}"] = row.path
            s.put(f"{F.CHECK_NUMBER}{r}", i, FONT, CENTER, LOCKED_FILL, BOX)
            s.put(f"{F.CHECK_LABEL}{r}", row.label, FONT, WRAP, LOCKED_FILL, BOX)
            mark, reason, measure = _answer_cells(_get(data, row.path))
            s.answer(f"{F.CHECK_ANSWER}{r}", row, mark, alignment=CENTER)
            s.answer(f"{F.CHECK_REASON}{r}", None, reason, number_format="@")
            s.answer(f"{F.CHECK_MEASURE}{r}", None, measure, number_format="@")
            s.put(f"{F.CHECK_HELP}{r}", row.help, SMALL, WRAP, LOCKED_FILL, BOX)
            s.fit(r, {F.CHECK_LABEL: row.label, F.CHECK_HELP: row.help, F.CHECK_REASON: reason or "",
                      F.CHECK_MEASURE: measure or ""})
            s.ws.row_dimensions[r].height = max(s.ws.row_dimensions[r].height, 2 * LINE_HEIGHT + 4)
    s.finish(freeze=f"A{F.HEADER_ROW + 1}", title_rows=f"{F.HEADER_ROW}:{F.HEADER_ROW}")


# --- a table of entries -------------------------------------------------------------------------------------

def _table_widths(part: F.Part) -> dict[str, float]:
    """A column per key within PAGE_UNITS: a value picked gets what its label needs (12 to 16 digits; a longer label
    wraps in the header), a date 18 (a date cell does not wrap: 令和10年12月31日 whole, not ###), the texts share the
    rest (16 to 30 digits each)."""
    widths = {F.PATH_COLUMN: 4}
    texts = [c for c in part.entries if c.kind in (F.TEXT, F.LIST)]
    fixed = {c.path: 18 if c.kind == F.DATE else min(max(12, _width(c.label) + 2), 16) for c in part.entries if c not in texts}
    share = (PAGE_UNITS - sum(fixed.values())) // max(len(texts), 1)
    for i, c in enumerate(part.entries):
        widths[get_column_letter(F.TABLE_FIRST_COLUMN + i)] = fixed.get(c.path, min(max(share, 16), 30))
    return widths


def _table_cell(e: F.Entry, raw: Any) -> Any:
    """One value of a table's entry in its cell: a list's values separated by 「、」 (one per line when a value holds 「、」,
    ending with a line break when there is one value only, so that it is not split), あり／なし for a flag."""
    if raw is None:
        return None
    if e.kind in (F.LIST, F.CHOICES):
        if isinstance(raw, str) and raw.strip() in (*UNKNOWN, *NONE_WORDS):
            return raw
        items = [str(x) for x in raw] if isinstance(raw, list) else [str(raw)]
        if not items:
            return NONE_WORDS[0]
        if any("、" in x or "\n" in x for x in items):
            return "\n".join(items) + ("\n" if len(items) == 1 else "")
        return "、".join(items)
    (v,) = _cells(e, raw)
    return v


def _table_rows(part: F.Part, raw: Any) -> list[list]:
    """A table's entries as rows of cell values: なし (no entry) in the first cell; an entry with nothing written keeps
    its row with 不明 in the first cell."""
    if raw is ABSENT or raw is None:
        return []
    if raw == [] or (isinstance(raw, str) and raw.strip() in NONE_WORDS):
        return [[NONE_WORDS[0]]]
    if isinstance(raw, str) and raw.strip() in UNKNOWN:
        return []
    rows = []
    for entry in [raw] if isinstance(raw, dict) else raw:
        entry = entry if isinstance(entry, dict) else {}
        row = [_table_cell(c, entry.get(c.label)) for c in part.entries]
        if all(v is None for v in row):
            row[0] = F.UNKNOWN
        rows.append(row)
    return rows


def _table(wb: Workbook, part: F.Part, data: dict, styles: dict) -> None:
    s = _Sheet(wb, part, _table_widths(part), styles)
    ws = s.ws
    hr, help_row = F.HEADER_ROW, F.TABLE_HELP_ROW
    ws[f"{F.PATH_COLUMN}{hr}"] = F.HEADER_MARK
    ws[f"{F.PATH_COLUMN}{help_row}"] = F.HELP_MARK
    for i, c in enumerate(part.entries):
        col = get_column_letter(F.TABLE_FIRST_COLUMN + i)
        s.put(f"{col}{hr}", c.label, BOLD, WRAP, HEADER_FILL, BOX)
        text = _help(c)
        if c.kind == F.LIST:
            text = text.replace("1 行に 1 つ", "1 つのセルに「、」で区切って")
        s.put(f"{col}{help_row}", text, SMALL, WRAP, LOCKED_FILL, BOX)
        s.fit(hr, {col: c.label})
        s.fit(help_row, {col: text})
    rows = _table_rows(part, _get(data, part.path))
    count = max(part.entry.rows, len(rows))
    for n in range(count):
        r = F.TABLE_FIRST_ROW + n
        ws[f"{F.PATH_COLUMN}{r}"] = f"{part.path}[{n + 1}]"
        values = rows[n] if n < len(rows) else []
        for i, c in enumerate(part.entries):
            col = get_column_letter(F.TABLE_FIRST_COLUMN + i)
            s.answer(f"{col}{r}", c, values[i] if i < len(values) else None, _number_format(c))
        ws.row_dimensions[r].height = 2 * LINE_HEIGHT + 4
        if values:
            s.fit(r, {get_column_letter(F.TABLE_FIRST_COLUMN + i): str(v) for i, v in enumerate(values) if v is not None})
    s.row = F.TABLE_FIRST_ROW + count - 1
    # printed, each page repeats the header; what to write (a tall row) is on the first page only
    s.finish(freeze=f"B{F.TABLE_FIRST_ROW}", title_rows=f"{hr}:{hr}")


# --- the workbook -------------------------------------------------------------------------------------------

def _workbook() -> Workbook:
    """An empty workbook whose Normal style has the form's font: the font of a cell a person adds, and the unit of the
    column widths. openpyxl has no setter for it: font 0 is the Normal style's."""
    wb = Workbook()
    normal = copy(FONT)
    wb._fonts = IndexedList([normal])
    wb._named_styles["Normal"].font = normal
    return wb


def build(categories, pia: str | None = None, command: str = "checker new") -> Workbook:
    """The empty form for these 区分 (checker new): the sheets they ask for, the 区分 (and the report's kind) filled in."""
    form = F.describe()
    cats = [c for c in form.categories if c in set(categories)]
    data: dict = {F.CATEGORY_KEY: cats}
    if pia:
        data[F.PIA_FLAG_KEY] = pia
    return _build(form.chosen(cats, pia), data, command)


def build_case(data: dict, command: str = "checker convert") -> Workbook:
    """A case's data in the form's workbook (checker convert): what the case writes, each value in its cell."""
    return _build(F.describe().for_case(data), data, command)


def _build(entries: tuple[F.Entry, ...], data: dict, command: str) -> Workbook:
    wb = _workbook()
    wb.remove(wb.active)
    styles: dict = {}
    for part in F.parts(entries):
        if part.kind == F.FIELDS:
            _fields(wb, part, data, styles)
        elif part.kind == F.CHECKLIST_PART:
            _checklist(wb, part, data, styles)
        else:
            _table(wb, part, data, styles)
    wb.active = 0
    wb.properties.title = "付議事項"
    wb.properties.subject = "個人情報保護管理運営会議 付議事項"
    wb.properties.creator = "checker"
    wb.properties.keywords = f"checker case form {F.LAYOUT_VERSION}"
    wb.properties.description = f"{command} で作成。記入欄に書き、checker check で確かめる。"
    return wb


def _bytes(wb: Workbook) -> bytes:
    from .xlsx import stable

    buf = io.BytesIO()
    wb.save(buf)
    return stable(buf.getvalue())  # no time of saving in it: the same case gives the same bytes


def render_xlsx(categories, pia: str | None = None, command: str = "checker new") -> bytes:
    return _bytes(build(categories, pia, command))


def render_case_xlsx(data: dict, command: str = "checker convert") -> bytes:
    return _bytes(build_case(data, command))
