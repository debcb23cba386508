"""Verdicts back into the department's workbook (`checker check 案件.xlsx --annotate`): a copy of the workbook with

- a sheet 判定 (model.form.VERDICT_SHEET) first: the case, its counts, then one row per verdict (findings first: 不適合, 要確認,
  then 適合; 対象外 left out as in the HTML report) with its rule, citation, what it says, what to do and the cells that
  decided it (a link to the first), then 記載する事実 (each entry the 要確認 lack: what to write, where), and the legend;
- every cell that decided a 不適合 (red) or that a 要確認 lacks (yellow) filled, with a comment: the verdict, the rule and its
  citation, the message, and the remedy or what to write, so the department sees the problem beside its cause.

The reader of workbooks passes over the 判定 sheet, and a workbook annotated before is annotated afresh: the comments and
fills of an earlier annotation (author checker) are removed first. The input is never written: the copy goes beside it.
The places of cells are given by the run layer (input.workbook.CellMap.cells_for); this module only writes.
"""
from __future__ import annotations

import io

from ..model import form as F
from ..verdict import FAIL, NA, PASS, UNKNOWN

AUTHOR = "checker"
FILLS = {FAIL: "FFC7CE", UNKNOWN: "FFEB9C", PASS: "E2EFDA"}
ANSWER_FILL = "FFFFFF"  # the answer cells of checker new (case_workbook.ANSWER_FILL)
# printed on A4 landscape fitted to the width, as the form is: no wider than its PAGE_UNITS, every row as tall as its
# wrapped text (a row without a height is one line in LibreOffice: the rest was cut), the form's footer
WIDTHS = {"A": 10, "B": 18, "C": 24, "D": 34, "E": 34, "F": 20}
HEADERS = ("判定", "ルール", "根拠", "指摘", "直すこと", "場所")


def _split(place: str) -> tuple[str, str]:
    sheet, _, ref = place.rpartition("!")
    return sheet, ref


def _link(cell, place: str) -> None:
    """A link inside the workbook from cell to place (sheet!cell)."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    sheet, ref = _split(place)
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!{ref}")


def _clear(wb) -> None:
    """An earlier annotation taken away: its sheet, its comments and the fills it put on answer cells."""
    from openpyxl.styles import PatternFill

    if F.VERDICT_SHEET in wb.sheetnames:
        del wb[F.VERDICT_SHEET]
    blank = PatternFill("solid", fgColor=ANSWER_FILL)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.comment is not None and c.comment.author == AUTHOR:
                    c.comment = None
                    c.fill = blank


def _notes(detail, cells_for) -> tuple[dict, dict]:
    """(cell → [(verdict, text)], rule id → its cells): each 不適合 on every cell of the facts that decided it, with its
    message and remedy; each 要確認 on the cell of each entry it lacks, with what to write there (or that it says 不明)."""
    from ..model.form import how_to_write
    from ..model.schema import written_as
    from .model import finding

    notes: dict[str, list[tuple[str, str]]] = {}
    by_rule: dict[str, list[str]] = {}
    for v in detail.verdicts:
        head = f"{v.mark} {v.verdict} {v.rule_id}（{v.cite}）\n{finding(v)}"
        if v.verdict == FAIL:
            for cell in dict.fromkeys(c for p, _ in v.facts for c in cells_for(p)):
                notes.setdefault(cell, []).append((FAIL, f"{head}\n直し方: {v.rule.remedy}"))
                by_rule.setdefault(v.rule_id, []).append(cell)
        elif v.verdict == UNKNOWN:
            for entry in dict.fromkeys(w for p, val in v.facts if val is None for w in written_as(p)):
                how = how_to_write(entry)
                say = (f"「不明」と書かれている。分かれば書く（{how}）" if entry in detail.unknown else f"書くこと: {how or '記載する'}")
                for cell in cells_for(entry):
                    notes.setdefault(cell, []).append((UNKNOWN, f"{head}\n{say}"))
                    by_rule.setdefault(v.rule_id, []).append(cell)
    return notes, {k: list(dict.fromkeys(cs)) for k, cs in by_rule.items()}


def annotate(book: bytes, detail, cells_for, source: str, legend: list[str]) -> bytes:
    """The workbook (bytes) annotated with one case's verdicts. cells_for: a fact path → the cells (sheet!cell) where it
    is or would be written (input.workbook.CellMap.cells_for); legend: the lines explaining the marks shown."""
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.page import PageMargins

    from .case_workbook import LINE_HEIGHT, PAGE_UNITS, _lines
    from .model import finding, summary_text, todo, waiver_counted, waiver_head, waiver_note

    assert sum(WIDTHS.values()) <= PAGE_UNITS
    wb = openpyxl.load_workbook(io.BytesIO(book))
    _clear(wb)
    font = Font(name="游ゴシック", size=10)
    bold = Font(name="游ゴシック", size=10, bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")

    # the marks beside their cause: one comment per cell, gathering every finding it decided
    notes, cells = _notes(detail, cells_for)
    for place, items in sorted(notes.items()):
        sheet, ref = _split(place)
        if sheet not in wb.sheetnames:
            continue
        c = wb[sheet][ref]
        worst = FAIL if any(k == FAIL for k, _ in items) else UNKNOWN
        c.fill = PatternFill("solid", fgColor=FILLS[worst])
        body = "\n\n".join(t for _, t in items)
        comment = Comment(body, AUTHOR)
        comment.width, comment.height = 420, min(600, 90 + 18 * body.count("\n") + len(body) // 3)
        c.comment = comment

    ws = wb.create_sheet(F.VERDICT_SHEET, 0)
    wb.active = 0
    for col, w in WIDTHS.items():
        ws.column_dimensions[col].width = w
    i = detail.info
    rows = [
        (f"判定: {i.label}", bold),
        (f"ファイル: {source}　区分: {'、'.join(i.categories)}　担当課: {'、'.join(i.departments)}　付議日: {i.date or '不明'}", font),
        (f"判定の合計: {summary_text(detail.counts)}（対象外のルールは載せない。色のついたセルにコメント: 赤 不適合・黄 要確認）", font),
    ]
    if detail.waived:
        rows.append((detail.waiver_summary(), font))

    def fit(row: int, texts: dict[str, str]) -> None:
        """The row as tall as the most lines its texts take, each in its width (a letter: its column; a range: merged)."""
        lines = max(_lines(str(t or ""), sum(WIDTHS[c] for c in WIDTHS if k[0] <= c <= k[-1])) for k, t in texts.items())
        ws.row_dimensions[row].height = lines * LINE_HEIGHT + 4

    def across(row: int, first: str, last: str, text: str, f) -> None:
        """A text over the columns first to last (merged), wrapped."""
        c = ws[f"{first}{row}"]
        c.value, c.font, c.alignment = text, f, wrap
        ws.merge_cells(f"{first}{row}:{last}{row}")
        fit(row, {first + last: text})

    r = 1
    for text, f in rows:
        across(r, "A", "F", text, f)
        r += 1
    r += 1
    for k, h in enumerate(HEADERS, 1):
        c = ws.cell(r, k, h)
        c.font, c.fill = bold, PatternFill("solid", fgColor="BFBFBF")
    ws.freeze_panes = ws.cell(r + 1, 1)
    head_row = r
    order = {FAIL: 0, UNKNOWN: 1, PASS: 2}
    for v in sorted((v for v in detail.verdicts if v.verdict != NA), key=lambda v: order[v.verdict]):
        r += 1
        places = cells.get(v.rule_id, []) if v.verdict in (FAIL, UNKNOWN) else []
        said = finding(v) if v.verdict != PASS else v.rule.title
        if v.waiver is not None:  # a recorded exception (承諾・免除) beside the verdict it applies to
            said += f"\n{waiver_note(v.waiver, v.verdict)}"
        values = (v.label, v.rule_id, v.cite, said,
                  (v.rule.remedy if v.verdict == FAIL else todo(v)) if v.verdict != PASS else "", "、".join(places))
        for k, val in enumerate(values, 1):
            c = ws.cell(r, k, val)
            c.font, c.alignment = font, wrap
        fit(r, dict(zip(WIDTHS, values)))
        ws.cell(r, 1).fill = PatternFill("solid", fgColor=FILLS[v.verdict])
        if places:
            _link(ws.cell(r, 6), places[0])
    ws.auto_filter.ref = f"A{head_row}:F{r}"
    asks = [(text, list(dict.fromkeys(cells_for(path)))) for path, text in detail.ask_items()]
    if asks:
        r += 2
        ws.cell(r, 1, "記載する事実（要確認を解く）").font = bold
        for text, places in asks:
            r += 1
            across(r, "B", "E", text, font)
            if places:
                c = ws.cell(r, 6, "、".join(places))
                c.font, c.alignment = font, wrap
                _link(c, places[0])
                fit(r, {"BE": text, "F": c.value})
    if detail.waived:  # every exception the case records, 対象外 included (the table above leaves 対象外 out)
        r += 2
        ws.cell(r, 1, waiver_head(v.waiver.reference_text for v in detail.waived)).font = bold
        for v in detail.waived:
            r += 1
            w = v.waiver
            text = f"{v.rule_id}（{v.label}）: {w.state}（{waiver_counted(w)}）。{waiver_note(w, v.verdict)}。理由: {w.reason}"
            across(r, "A", "F", text, font)
    if legend:
        r += 2
        for line in legend:
            across(r, "A", "F", line, font)
            r += 1
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{head_row}:{head_row}"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.8, header=0.3, footer=0.3)
    ws.oddFooter.center.text = "&A（&P / &N）"
    from .xlsx import stable

    out = io.BytesIO()
    wb.save(out)
    return stable(out.getvalue())
