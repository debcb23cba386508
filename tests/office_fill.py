"""Fill in a workbook in LibreOffice as a person does, and store it as xlsx (run by the system Python with python3-uno).

Reads a job (JSON) on standard input: the workbook, where to store it, the office profile, and the cells to write:
  {"sheet": "業務委託", "cell": "C12", "value": "…", "how": "type" | "pick"}
- type: the text goes in as typed into the cell (the cell's FormulaLocal: LibreOffice reads it with the profile's
  locale, ja-JP, as it reads what a person types: 2025/1/16 becomes a date cell, 令和7年1月16日 stays text, a cell
  formatted as text keeps everything as typed). A line break inside the text is Alt+Enter.
- pick: the value is chosen from the cell's drop-down; it must be one of the values the drop-down offers.
A person cannot write into a locked cell of a protected sheet, so neither does this: a locked cell is an error.

Writes a report (JSON) on standard output: for each cell what LibreOffice holds (TEXT or VALUE, its string, its
number, whether its number format is a date), the office's exit code and its standard error.
The office runs on a pipe of its own, in its own profile, and is ended (terminate, else killed) before this returns.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import uno  # python3-uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException


def pv(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def fail(msg: str) -> None:
    raise SystemExit(f"office_fill: {msg}")


def drop_down(cell) -> list[str] | None:
    """The values the cell's list validation offers (None: no drop-down)."""
    from com.sun.star.sheet.ValidationType import LIST

    v = cell.getPropertyValue("Validation")
    if v.getPropertyValue("Type") != LIST:
        return None
    f = v.getFormula1()  # "a";"b";"c" (LibreOffice) or "a,b,c" as written in the xlsx
    f = f.strip()
    if f.startswith('"') and '";"' in f:
        return [x.strip('"') for x in f.split(";")]
    return f.strip('"').split(",")


def main() -> None:
    job = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    work = Path(job["workdir"])
    work.mkdir(parents=True, exist_ok=True)
    # LibreOffice locks what it opens (.~lock.NAME#); work on a copy in a folder of our own
    src = Path(shutil.copy(job["source"], work / ("in-" + uuid.uuid4().hex[:8] + ".xlsx")))
    pipe = "checker_fill_" + uuid.uuid4().hex
    office = subprocess.Popen(
        [job["soffice"], f"-env:UserInstallation={job['profile']}", "--headless", "--invisible", "--norestore",
         "--nologo", "--nodefault", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + job["timeout"]
    cells = []
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        ctx = None
        while ctx is None:
            try:
                ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            except NoConnectException:
                if office.poll() is not None or time.monotonic() > deadline:
                    fail(f"LibreOffice did not start (exit {office.poll()})")
                time.sleep(0.3)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(src)), "_blank", 0, (pv("Hidden", True),))
        if doc is None:
            fail(f"LibreOffice could not load {job['source']}")
        sheets = doc.getSheets()
        formats = doc.getNumberFormats()
        from com.sun.star.util.NumberFormat import DATE

        for w in job["writes"]:
            if not sheets.hasByName(w["sheet"]):
                fail(f"no sheet {w['sheet']}")
            sheet = sheets.getByName(w["sheet"])
            cell = sheet.getCellRangeByName(w["cell"])
            where = f"{w['sheet']}!{w['cell']}"
            if sheet.isProtected() and cell.getPropertyValue("CellProtection").IsLocked:
                fail(f"{where} is locked: a person cannot write there")
            value = str(w["value"])
            if w["how"] == "pick":
                offered = drop_down(cell)
                if offered is None:
                    fail(f"{where} has no drop-down to pick {value!r} from")
                if value not in offered:
                    fail(f"{where}: {value!r} is not in the drop-down {offered}")
                cell.setString(value)  # a picked value goes in as the text of the list item
            elif w["how"] == "type":
                cell.setPropertyValue("FormulaLocal", value)
            else:
                fail(f"unknown way to write: {w['how']}")
            kind = cell.getType().value  # EMPTY, VALUE, TEXT, FORMULA
            fmt = formats.getByKey(cell.getPropertyValue("NumberFormat"))
            cells.append({"sheet": w["sheet"], "cell": w["cell"], "type": kind, "string": cell.getString(),
                          "number": cell.getValue(), "date": bool(fmt.getPropertyValue("Type") & DATE)})
        doc.storeToURL(uno.systemPathToFileUrl(str(Path(job["target"]).resolve())),
                       (pv("FilterName", "Calc MS Excel 2007 XML"), pv("Overwrite", True)))
        try:
            doc.close(True)
        except DisposedException:
            pass
        try:
            desktop.terminate()
        except DisposedException:  # the office ended as it closed its last document
            pass
        try:
            code = office.wait(timeout=max(5, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(office.pid, signal.SIGKILL)
            fail("LibreOffice did not end after terminate")
    finally:
        if office.poll() is None:
            os.killpg(office.pid, signal.SIGKILL)
            office.wait()
    err = office.stderr.read().decode("utf-8", "replace")
    sys.stdout.write(json.dumps({"cells": cells, "office_exit": code, "office_stderr": err}, ensure_ascii=False))
    sys.stdout.flush()


if __name__ == "__main__":
    # the UNO bridge's threads may hold the process after the office has gone: leave with os._exit, said and flushed
    try:
        main()
    except SystemExit as e:
        sys.stderr.write(f"{e}\n")
        sys.stderr.flush()
        os._exit(1)
    except BaseException:
        import traceback

        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)
