"""Case workbooks (.xlsx in the layout of `checker new`): the same plain data a YAML case file gives, and where each value
sits, so that the one model (loader.case_from_data) validates both and names every error's place: `file:line` for YAML,
`file!sheet!cell` here (`案件.xlsx!外部結合!C12: …`).

The layout is the form's (model.form: parts, PATH_COLUMN and the column constants; docs/case-format.md 「ブック（.xlsx）の作り」):
the hidden column A names the label path of each row's answer, and the visible label must agree with it. Read strictly:

- every worksheet is a part of the form (its name and A1), with its header row as written; a sheet the form has not, a
  changed header, a path in column A that is not this sheet's, a label that does not match its path, a row written twice,
  a value in a row or column of no entry (an inserted row or column), a formula or an error value: each an input error
  naming what was expected, and nothing is read from a workbook with any of them;
- empty cells are not written. A worksheet of a 区分 (and 特定個人情報保護評価) writes its key even when empty, as the
  YAML template does; a section (事業の概要, 個人情報の取扱い …), a table, a checklist writes only what has a value.
  件名・区分・担当課・付議日 (required keys) are written empty when their cell is;
- values as typed: あり／なし, the choices, ○／ー／不明 from the drop-downs (or typed); dates as 和暦 text or as date cells
  (a date cell gives its day, 2024-10-01); numbers as numbers or as text (full-width included); a list one value per row
  (a single なし is an empty list, a single 不明 unknown); in a table, a list's values in one cell separated by 「、」 (or
  one per line); a table holding nothing but なし has no entries; a checklist row is its 回答, with 理由 and 内容 beside it;
  `名前: 値` pairs one per row.

The file is a zip of XML: its size, the unpacked size and the number of parts are bounded, and a part declaring a DTD
(entities) is refused before openpyxl reads it. Links to other files are not followed; formulas are not evaluated.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
import warnings
import zipfile
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string as _col_index
from openpyxl.utils import get_column_letter as _col_letter

from ..errors import InputError, InputErrors
from ..model import form as F
from ..model.base import NONE_WORDS, UNKNOWN
from .yamlio import LineMap, fact_loc, file_size

MAX_BYTES = 10_000_000  # a filled-in form is some 100 KB
MAX_UNPACKED = 20_000_000  # unpacked XML; a filled-in form is about 1 MB
MAX_PARTS = 1_000
MAX_ROWS, MAX_COLUMNS = 10_000, 64
EXPECTED_BOOK = "checker new … -o 案件.xlsx で作ったブック（.xlsx）"
ROW_EXPECTED = "用意された行と列に書く（行や列を挿入しない。列 A は非表示の項目のパス）"


class CellMap(LineMap):
    """Data location (keys and list indexes, as in LineMap) → its place in the workbook, `sheet!cell`. `pending`: the
    cells whose value could not be read (left out of the data), said together with the model's errors."""

    sheets: tuple = ()  # the workbook's sheets in the form's order

    def arrange(self, errors: list) -> list:
        """Errors as the workbook reads: sheet by sheet in the form's order, then by row and column."""
        def key(e):
            sheet, _, ref = str(e.line or "").partition("!")
            m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
            at = (int(m.group(2)), _col_index(m.group(1))) if m else (0, 0)
            return (self.sheets.index(sheet) if sheet in self.sheets else -1, *at)

        return sorted(errors, key=key)

    def line_for_missing(self, loc) -> str | None:
        """A required key not written: where its cell is (its row was there), else its sheet or section."""
        return self.line_for(tuple(loc))

    def cells_for(self, fact: str) -> list[str]:
        """The cells (`sheet!cell`) of a fact as verdicts name it (業務委託.委託先[1].データの所在, a checklist row's
        ….回答, a date's ….始, a list's …#件数, a derived fact such as 整合性.…): the cells of the entries it is written
        from, where their value is or would be written (a row of the form that is empty), else the nearest section,
        table or sheet. For marking a verdict beside its cause (issue 19.3)."""
        from ..model.schema import written_as

        out = []
        for path in written_as(fact):
            where = self.line_for(fact_loc(path))
            if where is not None and where not in out:
                out.append(where)
        return out


def _check_file(path: Path, file: str) -> None:
    size = file_size(path)
    if size > MAX_BYTES:
        raise InputError(file, None, f"ファイルが大きすぎます（{size:,} バイト）", f"{MAX_BYTES:,} バイト以下")
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            if len(infos) > MAX_PARTS or sum(i.file_size for i in infos) > MAX_UNPACKED:
                raise InputError(file, None, "ブックの中身が大きすぎます", f"展開して {MAX_UNPACKED:,} バイト以下")
            for i in infos:  # markup only: a text's 「<」 is written &lt;, so these bytes are a declaration
                if i.filename.endswith((".xml", ".rels", ".vml")):
                    part = z.read(i)
                    if b"<!DOCTYPE" in part or b"<!ENTITY" in part:
                        raise InputError(file, None, f"ブックの部品 {i.filename} が DTD を宣言しています", EXPECTED_BOOK)
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
        raise InputError(file, None, "Excel のブック（.xlsx）として読めません", EXPECTED_BOOK) from None


def read_workbook(path: str | Path) -> tuple[dict, CellMap]:
    """The case data of a workbook and where each value is (sheet!cell). Every problem of the layout is raised together
    (InputErrors); the data is then validated by the model like a YAML file's (loader.case_from_data)."""
    path = Path(path)
    file = str(path)
    _check_file(path, file)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on extensions it drops (LibreOffice's, conditional formats)
            wb = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False, keep_vba=False,
                                        rich_text=False)
            try:
                _check_layout(wb, file)
                sheets = {name: _Grid.of(wb[name], file) for name in wb.sheetnames}
            finally:
                wb.close()
    except InputError:
        raise
    except Exception:  # openpyxl raises many kinds on a broken file: all are "not a workbook"
        raise InputError(file, None, "Excel のブック（.xlsx）として読めません", EXPECTED_BOOK) from None
    return _Reader(sheets, file).read()


LAYOUT_MARK = "checker case form "  # the workbook's keywords: checker case form <layout version> (case_workbook.build)


def _check_layout(wb, file: str) -> None:
    """A workbook made by another version of the layout says so in its keywords: refused, naming both versions."""
    words = (wb.properties.keywords or "").strip()
    if words.startswith(LAYOUT_MARK) and words != f"{LAYOUT_MARK}{F.LAYOUT_VERSION}":
        raise InputError(file, None, f"ブックの様式の版が違います（このブックは {words.removeprefix(LAYOUT_MARK)}）",
                         f"版 {F.LAYOUT_VERSION} のブック（checker new で作り直す）")


class _Empty:
    """A cell with nothing in it."""

    value, data_type = None, "n"

    def __init__(self, coordinate: str):
        self.coordinate = coordinate


class _Grid:
    """One worksheet's written cells, read once (openpyxl's read-only mode streams the sheet: a cell looked up by its
    address would parse it again)."""

    def __init__(self, title: str, cells: dict | None):
        self.title = title
        self.cells = cells  # (row, column) → cell; None: not a worksheet (a chart sheet)
        self.by_row: dict[int, list] = {}
        for (r, _), c in sorted((cells or {}).items()):
            self.by_row.setdefault(r, []).append(c)
        self.max_row = max(self.by_row, default=0)

    @classmethod
    def of(cls, ws, file: str) -> "_Grid":
        if not hasattr(ws, "iter_rows"):
            return cls(ws.title, None)
        ws.reset_dimensions()  # the size the file claims is not trusted: rows are read as they come
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                if c.row > MAX_ROWS or c.column > MAX_COLUMNS:
                    raise InputError(file, f"{ws.title}!{c.coordinate}", "シートが大きすぎます",
                                     f"{MAX_ROWS:,} 行・{MAX_COLUMNS} 列まで")
                cells[(c.row, c.column)] = c
        return cls(ws.title, cells)

    def cell(self, row: int, column: int):
        c = self.cells.get((row, column))
        return c if c is not None else _Empty(f"{_col_letter(column)}{row}")

    def __getitem__(self, ref: str):
        m = re.fullmatch(r"([A-Z]+)(\d+)", ref)
        return self.cell(int(m.group(2)), _col_index(m.group(1)))

    def row_beyond(self, row: int, column: int) -> list:
        """The written cells of a row right of a column."""
        return [c for c in self.by_row.get(row, ()) if c.column > column]


# --- values --------------------------------------------------------------------------------------------------

def _text(v: str) -> str:
    return v.replace("\r\n", "\n").replace("\r", "\n")


def cell_value(cell, entry: F.Entry | None) -> Any:
    """A cell's value as a case file writes it (None: not written). Raises ValueError for a formula or an error value."""
    v = cell.value
    if cell.data_type == "f" or type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
        raise ValueError("数式は使えません（値を書く）")
    if cell.data_type == "e":
        raise ValueError(f"セルがエラー値（{v}）です")
    if v is None:
        return None
    kind = entry.kind if entry is not None else F.TEXT
    if isinstance(v, str):
        v = _text(v)
        if not v.strip():
            return None
        if kind == F.INT:
            t = unicodedata.normalize("NFKC", v).strip().replace(",", "")
            if re.fullmatch(r"[+-]?\d+", t):
                return int(t)
        return v
    if isinstance(v, _dt.datetime):
        if kind == F.DATE or v.time() == _dt.time(0):
            return v.date().isoformat()
        return v.isoformat(sep=" ", timespec="minutes")
    if isinstance(v, (_dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, _dt.timedelta):
        return str(v)
    if isinstance(v, float) and kind == F.INT and v.is_integer():
        return int(v)
    return v  # int, float, bool


def list_value(values: list, kind: str) -> Any:
    """A list as the model reads it: a single 不明 is unknown, a single なし an empty list (as in a YAML file)."""
    if len(values) == 1 and isinstance(values[0], str):
        t = values[0].strip()
        if t in UNKNOWN:
            return t
        if t in NONE_WORDS:
            return []
    return values


def split_list(text: Any) -> list:
    """A list in one table cell: one value per line, or separated by 「、」."""
    if not isinstance(text, str):
        return [text]
    parts = text.split("\n") if "\n" in text else text.split("、")
    return [p.strip() for p in parts if p.strip()]


PAIR = re.compile(r"^\s*([^:：]+?)\s*[:：]\s*(.*)$", re.S)


# --- the reader ----------------------------------------------------------------------------------------------

def _put(data: dict, parts: tuple, value: Any) -> None:
    d = data
    for p in parts[:-1]:
        nxt = d.get(p)
        if not isinstance(nxt, dict):
            nxt = d[p] = {}
        d = nxt
    d[parts[-1]] = value


def _loc(path: str) -> tuple:
    return tuple(path.split(".")) if path else ()


class _Reader:
    def __init__(self, sheets: dict[str, _Grid], file: str):
        self.sheets, self.file = sheets, file
        self.form = F.describe()
        self.parts = {p.name: p for p in F.parts(self.form.entries)}
        self.data: dict = {}
        self.cells = CellMap()
        self.errors: list[InputError] = []
        self.cell_errors: list[InputError] = []

    def error(self, ws, ref: str | None, message: str, expected: str | None = None) -> None:
        """A fault of the layout (a sheet, a header, a row that is not the form's): nothing is read while there is one."""
        where = ws if isinstance(ws, str) else ws.title
        self.errors.append(InputError(self.file, f"{where}!{ref}" if ref else where, message, expected))

    def cell_error(self, ws, ref: str, message: str, expected: str | None = None) -> None:
        """A cell's value that cannot be used (a formula, a 回答 left empty beside its 理由): said with the model's errors."""
        self.cell_errors.append(InputError(self.file, f"{ws.title}!{ref}", message, expected))

    def read(self) -> tuple[dict, CellMap]:
        names = list(self.sheets)
        known = "、".join(self.parts)
        names = [n for n in names if n != F.VERDICT_SHEET]  # an annotated copy (check --annotate) reads as its input
        for name in names:
            if name not in self.parts:
                self.error(name, None, f"様式にないシート「{name}」です", f"様式のシート（{known}）だけ")
        if F.ROOT_PART not in names:
            self.errors.append(InputError(self.file, None, f"シート「{F.ROOT_PART}」がありません", EXPECTED_BOOK))
        self.cells[()] = f"{F.ROOT_PART}!B{F.TITLE_ROW}"
        for name, part in self.parts.items():  # in the form's order
            if name not in names:
                continue
            ws = self.sheets[name]
            if ws.cells is None:
                self.error(name, None, "表のシートではありません（グラフのシートなど）", EXPECTED_BOOK)
                continue
            a1 = ws[f"{F.PATH_COLUMN}1"].value
            want = part.path or F.ROOT_PART
            if a1 != want:
                self.error(ws, f"{F.PATH_COLUMN}1", f"列 {F.PATH_COLUMN}（非表示）の 1 行目が「{a1 or ''}」です。列 {F.PATH_COLUMN} が"
                           "動かされたか書き換えられています", f"「{want}」（このシートの項目のパス）")
                continue
            if part.kind == F.FIELDS:
                self.fields(ws, part)
            elif part.kind == F.CHECKLIST_PART:
                self.checklist(ws, part)
            else:
                self.table(ws, part)
        if self.errors:
            raise self.errors[0] if len(self.errors) == 1 else InputErrors(self.errors)
        self.cells.pending = self.cell_errors
        self.cells.sheets = tuple(n for n in self.parts if n in names)
        return self.form.ordered(self.data), self.cells

    # -- shared checks --

    def headers(self, ws, row: int, want: dict[str, str]) -> bool:
        ok = True
        for col, text in want.items():
            got = ws[f"{col}{row}"].value
            if got != text:
                self.error(ws, f"{col}{row}", f"見出しが「{got or ''}」です。列が動かされたか挿入されています", f"「{text}」")
                ok = False
        return ok

    def stray(self, ws, row: int, last_col: int) -> None:
        """Values right of the layout's last column: nothing reads them."""
        for cell in ws.row_beyond(row, last_col):
            if str(cell.value).strip():
                self.error(ws, cell.coordinate, "様式の外のセルに書かれています", ROW_EXPECTED)

    def unlabelled(self, ws, r: int, cols: range, what: str | None = None) -> None:
        """A row without a path in column A (an inserted row, a heading): any value in it is an error."""
        for col in cols:
            cell = ws.cell(r, col)
            if cell.value is not None and str(cell.value).strip():
                self.error(ws, cell.coordinate, what or f"列 {F.PATH_COLUMN}（非表示）に項目のパスがない行に書かれています",
                           ROW_EXPECTED)
                return

    def value(self, ws, cell, entry: F.Entry | None) -> Any:
        try:
            return cell_value(cell, entry)
        except ValueError as e:
            self.cell_error(ws, cell.coordinate, str(e), entry.expected if entry is not None else None)
            return None

    def ref(self, ws, coordinate: str) -> str:
        return f"{ws.title}!{coordinate}"

    def mark_sheet(self, ws, part: F.Part) -> None:
        if part.path:
            self.cells.setdefault(_loc(part.path), self.ref(ws, f"B{F.TITLE_ROW}"))

    def mark_parents(self, path: str, ref: str, stop: str) -> None:
        """The sections between a part and an entry are found at the entry's first row."""
        parts = _loc(path)
        for i in range(len(_loc(stop)) + 1, len(parts)):
            self.cells.setdefault(parts[:i], ref)

    # -- a sheet of entries --

    def fields(self, ws, part: F.Part) -> None:
        if not self.headers(ws, F.HEADER_ROW, F.FIELD_HEADERS):
            return
        self.mark_sheet(ws, part)
        if part.entry is not None:  # a 区分's sheet (or 特定個人情報保護評価): written, as in the YAML template
            self.data.setdefault(part.path, {})
        allowed = {e.path: e for e in part.answers()}
        last = _col_index(F.FIELD_HELP)
        seen: dict[tuple, int] = {}
        lists: dict[str, list] = {}
        for r in range(F.HEADER_ROW + 1, ws.max_row + 1):
            self.stray(ws, r, last)
            a = ws[f"{F.PATH_COLUMN}{r}"].value
            if a == F.LINK:
                continue
            if a == F.SECTION:
                answer = _col_index(F.FIELD_ANSWER)
                self.unlabelled(ws, r, range(answer, answer + 1), "見出しの行に書かれています")
                continue
            if a is None or not str(a).strip():
                self.unlabelled(ws, r, range(2, last + 1))
                continue
            m = re.fullmatch(r"(.+?)(?:\[(\d+)\])?", str(a).strip())
            path, n = m.group(1), int(m.group(2)) if m.group(2) else None
            label = ws[f"{F.FIELD_LABEL}{r}"].value
            e = allowed.get(path)
            if e is None:
                self.error(ws, f"{F.PATH_COLUMN}{r}", f"列 {F.PATH_COLUMN}（非表示）の「{a}」はこのシートの項目のパスではありません",
                           self._expected_path(allowed, label))
                continue
            indexed = e.kind in (F.LIST, F.CHOICES, F.MAP)
            if indexed != (n is not None) or n == 0:
                self.error(ws, f"{F.PATH_COLUMN}{r}", f"列 {F.PATH_COLUMN}（非表示）の「{a}」の書き方が違います",
                           f"{path}[1]、{path}[2] …" if indexed else path)
                continue
            if (label != e.label) if n in (None, 1) else (label is not None and label != e.label):
                self.error(ws, f"{F.FIELD_LABEL}{r}", f"項目名「{label or ''}」が列 {F.PATH_COLUMN}（非表示）の「{a}」と合いません",
                           f"「{e.label}」")
                continue
            key = (path, n)
            if key in seen:
                self.error(ws, f"{F.PATH_COLUMN}{r}", f"「{a}」の行が 2 つあります（{seen[key]} 行目にも）", "1 つの項目に 1 行")
                continue
            seen[key] = r
            cell = ws[f"{F.FIELD_ANSWER}{r}"]
            v = self.value(ws, cell, e)
            ref = self.ref(ws, cell.coordinate)
            self.mark_parents(path, self.ref(ws, f"{F.FIELD_LABEL}{r}"), part.path)
            if indexed:
                lists.setdefault(path, []).append((n, v, ref))
                continue
            self.cells[_loc(path)] = ref
            if v is not None or e.required:
                _put(self.data, _loc(path), v)
        for path, rows in lists.items():
            self.list_rows(ws, allowed[path], sorted(rows, key=lambda x: x[0]))

    def list_rows(self, ws, e: F.Entry, rows: list) -> None:
        loc = _loc(e.path)
        self.cells[loc] = rows[0][2]
        written = [(v, ref) for _, v, ref in rows if v is not None]
        if e.kind == F.MAP:
            out: dict = {}
            for v, ref in written:
                m = PAIR.match(str(v))
                if not m or not m.group(2).strip():
                    self.cell_error(ws, ref.split("!")[-1], f"「{v}」は「名前: 値」の形ではありません", e.expected)
                    continue
                name, value = m.group(1).strip(), m.group(2).strip()
                if name in out:
                    self.cell_error(ws, ref.split("!")[-1], f"「{name}」が 2 回書かれています", "1 つの名前は 1 回だけ")
                    continue
                out[name] = value
                self.cells[loc + (name,)] = ref
            if out:
                _put(self.data, loc, out)
            return
        for i, (_, ref) in enumerate(written):
            self.cells[loc + (i,)] = ref
        if written:
            _put(self.data, loc, list_value([v for v, _ in written], e.kind))
        elif e.required:
            _put(self.data, loc, None)

    @staticmethod
    def _expected_path(allowed: dict[str, F.Entry], label) -> str:
        same = [p for p, e in allowed.items() if e.label == label]
        if len(same) == 1:
            e = allowed[same[0]]
            return f"項目名「{label}」の行なら「{same[0]}{'[n]' if e.kind in (F.LIST, F.CHOICES, F.MAP) else ''}」"
        return "このシートの項目のパス（" + "、".join(list(allowed)[:3]) + " …）"

    # -- a checklist --

    def checklist(self, ws, part: F.Part) -> None:
        if not self.headers(ws, F.HEADER_ROW, F.CHECK_HEADERS):
            return
        self.mark_sheet(ws, part)
        allowed = {e.path: e for e in part.answers()}
        last = _col_index(F.CHECK_HELP)
        seen: dict[str, int] = {}
        for r in range(F.HEADER_ROW + 1, ws.max_row + 1):
            self.stray(ws, r, last)
            a = ws[f"{F.PATH_COLUMN}{r}"].value
            if a == F.SECTION:
                continue
            if a is None or not str(a).strip():
                self.unlabelled(ws, r, range(2, last + 1))
                continue
            path = str(a).strip()
            label = ws[f"{F.CHECK_LABEL}{r}"].value
            e = allowed.get(path)
            if e is None:
                self.error(ws, f"{F.PATH_COLUMN}{r}", f"列 {F.PATH_COLUMN}（非表示）の「{a}」はこのチェックリストの行のパスではありません",
                           self._expected_path(allowed, label))
                continue
            if label != e.label:
                self.error(ws, f"{F.CHECK_LABEL}{r}", f"項目「{label or ''}」が列 {F.PATH_COLUMN}（非表示）の「{a}」と合いません",
                           f"「{e.label}」")
                continue
            if path in seen:
                self.error(ws, f"{F.PATH_COLUMN}{r}", f"「{a}」の行が 2 つあります（{seen[path]} 行目にも）", "1 つの項目に 1 行")
                continue
            seen[path] = r
            loc = _loc(path)
            cells = {key: ws[f"{col}{r}"] for col, key in F.CHECK_KEYS.items()}
            mark = self.value(ws, cells["回答"], e)
            rest = {key: self.value(ws, c, None) for key, c in cells.items() if key != "回答"}
            self.cells[loc] = self.ref(ws, cells["回答"].coordinate)
            for key, c in cells.items():
                self.cells[loc + (key,)] = self.ref(ws, c.coordinate)
            self.mark_parents(path, self.ref(ws, f"{F.CHECK_LABEL}{r}"), part.path)
            rest = {k: v for k, v in rest.items() if v is not None}
            if mark is None and not rest:
                continue
            if mark is None:
                self.cell_error(ws, cells["回答"].coordinate, "回答が空欄です（理由・講じる対策だけが書かれています）", F.ANSWER_EXPECTED)
                continue
            _put(self.data, loc, {"回答": mark, **rest} if rest else mark)

    # -- a table --

    def table(self, ws, part: F.Part) -> None:
        cols = {_col_letter(F.TABLE_FIRST_COLUMN + i): c.label for i, c in enumerate(part.entries)}
        marks_ok = True
        for row, mark in ((F.HEADER_ROW, F.HEADER_MARK), (F.TABLE_HELP_ROW, F.HELP_MARK)):
            got = ws[f"{F.PATH_COLUMN}{row}"].value
            if got != mark:
                self.error(ws, f"{F.PATH_COLUMN}{row}", f"列 {F.PATH_COLUMN}（非表示）の {row} 行目が「{got or ''}」です。行が動かされています",
                           f"「{mark}」")
                marks_ok = False
        if not (self.headers(ws, F.HEADER_ROW, cols) and marks_ok):
            return
        last = F.TABLE_FIRST_COLUMN + len(part.entries) - 1
        self.stray(ws, F.HEADER_ROW, last)
        self.mark_sheet(ws, part)
        loc = _loc(part.path)
        self.cells[loc] = self.ref(ws, f"B{F.TABLE_FIRST_ROW}")
        pattern = re.compile(re.escape(part.path) + r"\[(\d+)\]")
        entries: list[tuple[dict, dict]] = []
        seen: dict[int, int] = {}
        for r in range(F.TABLE_FIRST_ROW, ws.max_row + 1):
            self.stray(ws, r, last)
            a = ws[f"{F.PATH_COLUMN}{r}"].value
            if a is None or not str(a).strip():
                self.unlabelled(ws, r, range(F.TABLE_FIRST_COLUMN, last + 1))
                continue
            m = pattern.fullmatch(str(a).strip())
            if not m or int(m.group(1)) == 0:
                self.error(ws, f"{F.PATH_COLUMN}{r}", f"列 {F.PATH_COLUMN}（非表示）の「{a}」はこの表の行のパスではありません",
                           f"{part.path}[1]、{part.path}[2] …")
                continue
            n = int(m.group(1))
            if n in seen:
                self.error(ws, f"{F.PATH_COLUMN}{r}", f"「{a}」の行が 2 つあります（{seen[n]} 行目にも）", "1 件に 1 行")
                continue
            seen[n] = r
            entry, refs = {}, {}
            for i, c in enumerate(part.entries):
                cell = ws.cell(r, F.TABLE_FIRST_COLUMN + i)
                v = self.value(ws, cell, c)
                refs[c.label] = self.ref(ws, cell.coordinate)
                if v is not None:
                    entry[c.label] = v
            if entry:
                refs[None] = self.ref(ws, f"B{r}")
                entries.append((entry, refs))
        for i, (_, refs) in enumerate(entries):
            self.cells[loc + (i,)] = refs.pop(None)
            for key, ref in refs.items():
                self.cells[loc + (i, key)] = ref
        if not entries:
            return
        if len(entries) == 1 and len(entries[0][0]) == 1:
            (v,) = entries[0][0].values()
            if isinstance(v, str) and v.strip() in NONE_WORDS:  # the table holds nothing but なし: no entry (再委託: なし)
                _put(self.data, loc, v.strip())
                return
        kinds = {c.label: c.kind for c in part.entries}
        for entry, _ in entries:
            for key, v in entry.items():
                if kinds[key] in (F.LIST, F.CHOICES):
                    entry[key] = list_value(split_list(v), kinds[key])
        _put(self.data, loc, [e for e, _ in entries])
