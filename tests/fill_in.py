"""A department fills in the workbook of `checker new`, as a person does: what goes in which cell, and how.

`writes(workbook, facts)` turns the facts of a case (its YAML, as loaded) into the cells a person writes, following the
workbook's own layout (docs/case-format.md 「ブック（.xlsx）の作り」: the hidden column A names the label of each
answer row; tables one entry per row under their header; checklist answers in 回答, the reason of a ー in 理由):
- a value with a drop-down (あり／なし, a choice, a 区分, a checklist answer ○／ー／不明) is picked from it;
- anything else is typed: a text as written (Alt+Enter for a line break), a list one value per row (in a table one
  cell, 「、」 between), 名前: 数 one pair per row, a number as digits, a date either as the 和暦 text of the case
  (令和7年1月16日, stays text) or, for the paths asked (`dates`) and for dates the YAML holds as dates, as a date cell:
  typed 2025/1/16, which a Japanese spreadsheet makes a date.
Nothing is written where the workbook already holds the value (the 区分 `checker new` filled in), and no key of the
case is left out but 出典 and 出所 (cases/ only; the workbook has no place for them).

`fill_openpyxl` writes them with openpyxl the way the spreadsheet would store them (typed digits a number in a cell
not formatted as text, a date a date cell); tests/office.py `fill` has LibreOffice write them (tests/office_fill.py).
Both refuse what a person cannot do: write into a locked cell, pick a value the drop-down does not offer.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from checker.model import form as F

FORM = F.describe()
NOT_IN_WORKBOOK = {"出典", "出所"}


def _text(v) -> str:
    if isinstance(v, bool):
        return "あり" if v else "なし"
    if isinstance(v, (dt.date, dt.datetime)):
        return f"{v.year}/{v.month}/{v.day}"
    return str(v)


class _Plan:
    def __init__(self, wb, dates: set[str]):
        self.wb = wb
        self.dates = dates
        self.out: list[dict] = []
        self.at: dict[str, tuple[str, int]] = {}  # column A path → (sheet, row)
        marks = {F.SECTION, F.LINK, F.HEADER_MARK, F.HELP_MARK}
        for ws in wb.worksheets:
            for r in range(F.HEADER_ROW, ws.max_row + 1):
                p = ws[f"{F.PATH_COLUMN}{r}"].value
                if p and p not in marks:
                    assert p not in self.at, f"column A names {p} twice"
                    self.at[p] = (ws.title, r)

    def put(self, sheet: str, ref: str, value, entry: F.Entry | None, path: str, *, pick: bool | None = None) -> None:
        if value is None or value == "":
            return
        ws = self.wb[sheet]
        if ws[ref].value is not None and str(ws[ref].value) == _text(value):
            return  # already there (the 区分 of checker new)
        is_date = isinstance(value, (dt.date, dt.datetime)) or (entry is not None and entry.kind == F.DATE and path in self.dates)
        if is_date and not isinstance(value, (dt.date, dt.datetime)):
            value = _wareki(str(value))
        how = "pick" if (pick if pick is not None else entry is not None and entry.kind in (F.FLAG, F.CHOICE, F.CHOICES, F.ANSWER)) else "type"
        self.out.append({"sheet": sheet, "cell": ref, "value": _text(value), "how": how, "path": path,
                         "date": value.isoformat() if is_date else None})

    def field(self, e: F.Entry, value) -> None:
        if e.kind in (F.LIST, F.CHOICES, F.MAP):
            if isinstance(value, dict):
                items = [f"{k}: {v}" for k, v in value.items()]
            else:
                items = value if isinstance(value, list) else [value]
            assert len(items) <= e.rows, f"{e.path}: {len(items)} values, the workbook has {e.rows} rows"
            for i, item in enumerate(items, 1):
                sheet, r = self.at[f"{e.path}[{i}]"]
                self.put(sheet, f"{F.FIELD_ANSWER}{r}", item, e, e.path)
            return
        sheet, r = self.at[e.path]
        self.put(sheet, f"{F.FIELD_ANSWER}{r}", value, e, e.path)

    def table(self, e: F.Entry, items) -> None:
        items = items if isinstance(items, list) else [items]
        assert len(items) <= e.rows, f"{e.path}: {len(items)} entries, the workbook has {e.rows} rows"
        sheet = F.part_name(e.path)
        ws = self.wb[sheet]
        columns = {c.value: c.column_letter for c in ws[F.HEADER_ROW] if c.value and c.column_letter != F.PATH_COLUMN}
        for n, item in enumerate(items, 1):
            s, r = self.at[f"{e.path}[{n}]"]
            assert s == sheet
            for key, v in item.items():
                c = next(x for x in e.children if x.label == key)
                if c.kind == F.LIST and isinstance(v, list):
                    v = "、".join(map(str, v))
                self.put(sheet, f"{columns[key]}{r}", v, c, c.path)

    def checklist(self, e: F.Entry, value) -> None:
        if e.kind == F.ANSWER:
            sheet, r = self.at[e.path]
            mark, reason, measure = value, None, None
            if isinstance(value, dict):
                mark, reason, measure = value.get("回答"), value.get("理由"), value.get("内容")
            elif isinstance(value, str):
                m = re.fullmatch(r"\s*[ー－-]\s*[（(](.*)[）)]\s*", value)
                if m:
                    mark, reason = "ー", m[1]
            self.put(sheet, f"{F.CHECK_ANSWER}{r}", mark, e, e.path)
            self.put(sheet, f"{F.CHECK_REASON}{r}", reason, None, e.path + ".理由")
            self.put(sheet, f"{F.CHECK_MEASURE}{r}", measure, None, e.path + ".内容")
            return
        for key, v in value.items():
            self.checklist(next(c for c in e.children if c.label == key), v)

    def walk(self, data: dict, parent: F.Entry | None) -> None:
        children = parent.children if parent else FORM.entries
        for key, v in data.items():
            if parent is None and key in NOT_IN_WORKBOOK:
                continue
            e = next((c for c in children if c.label == key), None)
            assert e is not None, f"{key}: not a label of the form under {parent.path if parent else 'the top'}"
            if v is None:
                continue
            if e.kind == F.ITEMS:
                self.table(e, v)
            elif F.is_own_part(e):
                self.checklist(e, v)
            elif e.kind == F.SHEET:
                self.walk(v, e)
            else:
                self.field(e, v)


def _wareki(text: str) -> dt.date:
    m = re.fullmatch(r"令和(\d+|元)年(\d+)月(\d+)日", text.strip())
    assert m, f"not a 和暦 date: {text}"
    year = 2018 + (1 if m[1] == "元" else int(m[1]))
    return dt.date(year, int(m[2]), int(m[3]))


def writes(workbook: Path, facts: dict, dates: set[str] = frozenset()) -> list[dict]:
    import openpyxl

    plan = _Plan(openpyxl.load_workbook(workbook), set(dates))
    plan.walk(facts, None)
    return plan.out


def _drop_down(ws, ref: str) -> list[str] | None:
    for dv in ws.data_validations.dataValidation:
        if ref in dv.sqref:
            return dv.formula1.strip('"').split(",")
    return None


def fill_openpyxl(source: Path, target: Path, cells: list[dict]) -> None:
    """Write the cells with openpyxl as the spreadsheet stores what a person enters, and save to target."""
    import openpyxl

    wb = openpyxl.load_workbook(source)
    for w in cells:
        ws = wb[w["sheet"]]
        c = ws[w["cell"]]
        where = f"{w['sheet']}!{w['cell']}"
        assert ws.protection.sheet and c.protection.locked is False, f"{where} is locked: a person cannot write there"
        if w["how"] == "pick":
            offered = _drop_down(ws, w["cell"])
            assert offered is not None and w["value"] in offered, f"{where}: {w['value']!r} not in the drop-down {offered}"
            c.value = w["value"]
        elif w["date"]:
            c.value = dt.date.fromisoformat(w["date"])
            if c.number_format == "General":  # a date typed into a cell of no format takes one; the form's keep theirs
                c.number_format = "yyyy/m/d"
        elif c.number_format != "@" and re.fullmatch(r"-?\d+", w["value"]):
            c.value = int(w["value"])  # digits typed in a cell not formatted as text are a number
        else:
            c.value = w["value"]
    wb.save(target)
