"""What a workbook holds, compared: the original against the copy an office suite saved (tests/test_office.py).

`differences(original, saved)` lists what the copy does not keep of everything a department and `checker check` rely on:
the sheets in order, every cell's value, which cells are locked, text and date formats of answer cells, fonts (size, bold;
a name LibreOffice does not have may become the CJK font it drew with), wrapping, links, comments (the verdicts of
--annotate) and cell colours, the drop-downs cell by cell, the sheet protection, merged cells, hidden
columns, the columns' proportions, row heights and the print setup.
"""
from __future__ import annotations

import re
import warnings
from pathlib import Path


def load(path: Path):
    """The workbook (openpyxl) and the warnings openpyxl gave reading it."""
    import openpyxl

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        wb = openpyxl.load_workbook(path)
    return wb, [str(w.message) for w in caught]


def columns(ws) -> dict[str, tuple[float | None, bool]]:
    """Width and hidden of every column with a <col> entry (a range of columns stands for each of them)."""
    from openpyxl.utils import get_column_letter

    out = {}
    for dim in ws.column_dimensions.values():
        if dim.min is None:
            continue
        for i in range(dim.min, dim.max + 1):
            out[get_column_letter(i)] = (dim.width, bool(dim.hidden))
    return out


def drop_downs(ws) -> dict[str, tuple]:
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
                if ca.comment is not None and (cb.comment is None or cb.comment.text != ca.comment.text):
                    out.append(f"{where}: comment {ca.comment.text[:30]!r} → {cb.comment.text[:30] if cb.comment else None!r}")
                if (ca.value is not None or ca.comment is not None) and ca.fill.fill_type == "solid":
                    ra, rb = str(ca.fill.fgColor.rgb)[-6:], str(cb.fill.fgColor.rgb)[-6:]
                    if cb.fill.fill_type != "solid" or ra != rb:
                        out.append(f"{where}: fill {ra} → {cb.fill.fill_type} {rb}")
                la = ca.hyperlink.location if ca.hyperlink else None
                lb = cb.hyperlink.location if cb.hyperlink else None
                if la != lb:
                    out.append(f"{where}: link {la!r} → {lb!r}")
        da, db = drop_downs(wa), drop_downs(wb)
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
        ka, kb = columns(wa), columns(wb)
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
