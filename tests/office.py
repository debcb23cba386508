"""LibreOffice for the tests: Debian's headless Calc (libreoffice-calc-nogui) converts a workbook to xlsx or PDF, and
python3-uno (in the system Python, /usr/bin/python3) fills one in as a person would (tests/office_fill.py).

Every run has its own profile folder (-env:UserInstallation), so two runs never share an office process: a second
soffice on a profile in use hands its work to the first and returns at once. The profile is set to the ja-JP locale,
as a ward's office suite is (dates typed 2025/1/16 become date cells, as they do for a person in Japan). Every run has
a timeout and is killed with its process group (only the processes it started) when it overruns.

Only what LibreOffice may say for every file is allowed on its standard error (the launcher's note that it found no
Java); anything else is an error of the test.

Skipped where LibreOffice (or, for filling, python3-uno) is absent on a developer's machine; `.ci/run` installs them and
sets CHECKER_REQUIRE_OFFICE=1, and then a missing piece is an error, never a skip.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
REQUIRED = bool(os.environ.get("CHECKER_REQUIRE_OFFICE"))
TIMEOUT = 300  # seconds for one soffice run (a batch of workbooks on a busy 2-core machine)
LOCALE = "ja-JP"
# said by the launcher (oosplash) on every start on a machine without Java; nothing to do with the document
BENIGN = (re.compile(r"^Warning: failed to launch javaldx - java may not function correctly$"),)
XLSX_FILTER = "Calc MS Excel 2007 XML"
PDF_FILTER = "calc_pdf_Export"


def _uno_python() -> str | None:
    """The system Python that has python3-uno (Debian installs it there, not in a virtualenv)."""
    for cand in (os.environ.get("CHECKER_UNO_PYTHON"), "/usr/bin/python3", shutil.which("python3")):
        if cand and Path(cand).is_file():
            try:
                p = subprocess.run([cand, "-c", "import uno"], capture_output=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired):
                continue
            if p.returncode == 0:
                return cand
    return None


def require(*, uno: bool = False) -> None:
    """Skip (on a developer's machine) or fail (CHECKER_REQUIRE_OFFICE=1, CI) when LibreOffice or python3-uno is absent."""
    missing = []
    if SOFFICE is None:
        missing.append("LibreOffice (apt-get install libreoffice-calc-nogui)")
    if shutil.which("pdfinfo") is None or shutil.which("pdftoppm") is None:
        missing.append("poppler-utils (apt-get install poppler-utils)")
    if uno and uno_python() is None:
        missing.append("python3-uno (apt-get install python3-uno)")
    if missing:
        why = "no " + ", no ".join(missing)
        if REQUIRED:
            pytest.fail(f"CHECKER_REQUIRE_OFFICE is set but {why}", pytrace=False)
        pytest.skip(why)


_UNO: list = []


def uno_python() -> str | None:
    if not _UNO:
        _UNO.append(_uno_python())
    return _UNO[0]


def make_profile(folder: Path) -> str:
    """A fresh LibreOffice profile in `folder` with the ja-JP locale; its URL for -env:UserInstallation."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        '<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse">'
        f'<value>{LOCALE}</value></prop></item>\n'
        '</oor:items>\n', encoding="utf-8")
    return folder.resolve().as_uri()


def office_flags(profile: str) -> list[str]:
    return [f"-env:UserInstallation={profile}", "--headless", "--invisible", "--norestore", "--nologo",
            "--nodefault", "--nofirststartwizard"]


def run(cmd: list[str], timeout: int = TIMEOUT, input: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run an office process in a process group of its own; on timeout kill that group (soffice.bin is a child of the
    launcher) and fail the test."""
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True, env=env)
    try:
        out, err = p.communicate(input, timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        pytest.fail(f"{cmd[0]} ran longer than {timeout} s: {err.decode('utf-8', 'replace')[-2000:]}", pytrace=False)
    return subprocess.CompletedProcess(cmd, p.returncode, out, err)


def unexpected_stderr(err: bytes) -> list[str]:
    """The lines of LibreOffice's standard error that are not the launcher's benign note."""
    return [ln for ln in err.decode("utf-8", "replace").splitlines()
            if ln.strip() and not any(b.match(ln.strip()) for b in BENIGN)]


@dataclass
class Converted:
    source: Path
    target: Path
    filter: str


def convert(sources: list[Path], fmt: str, outdir: Path, profile: str) -> list[Converted]:
    """`soffice --headless --convert-to fmt` of every source at once (one office start), into outdir.

    Holds that LibreOffice exits 0, says on its standard output one `convert A -> B using filter : F` per source and
    nothing else, says nothing on its standard error but the benign launcher note (a file it cannot load is
    `Error: source file could not be loaded`, with exit 0 and no output), and leaves every target, not empty."""
    outdir.mkdir(parents=True, exist_ok=True)
    p = run([SOFFICE, *office_flags(profile), "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)])
    out = p.stdout.decode("utf-8", "replace")
    assert p.returncode == 0, (p.returncode, out, p.stderr.decode("utf-8", "replace"))
    assert not unexpected_stderr(p.stderr), unexpected_stderr(p.stderr)
    lines = [ln for ln in out.splitlines() if ln.strip()]
    got = []
    for ln in lines:
        m = re.fullmatch(r"convert (.+) -> (.+) using filter : (.+)", ln.strip())
        assert m, f"LibreOffice said: {ln}"
        got.append(Converted(Path(m[1]), Path(m[2]), m[3]))
    assert [c.source.resolve() for c in got] == [Path(s).resolve() for s in sources], out
    for c in got:
        assert c.target.parent.resolve() == outdir.resolve(), c
        assert c.target.is_file() and c.target.stat().st_size > 0, f"no {c.target}"
    return got


# --- PDF (poppler-utils) --------------------------------------------------------------------------------------------

def pdf_pages(pdf: Path) -> list[tuple[float, float]]:
    """(width, height) in points of every page (pdfinfo)."""
    p = subprocess.run(["pdfinfo", "-f", "1", "-l", "100000", str(pdf)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    n = int(re.search(r"^Pages:\s+(\d+)", p.stdout, re.M)[1])
    sizes = [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", p.stdout, re.M)]
    assert len(sizes) == n, p.stdout
    return sizes


def pdf_fonts(pdf: Path) -> list[dict]:
    p = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    rows = p.stdout.splitlines()[2:]
    out = []
    for r in rows:
        parts = r.split()
        if len(parts) >= 7:
            # name type… encoding emb sub uni object id
            out.append({"name": parts[0], "emb": parts[-5], "uni": parts[-3]})
    return out


@dataclass
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def pdf_words(pdf: Path) -> tuple[list[tuple[float, float]], list[Word]]:
    """Every word of the PDF with its box in points (pdftotext -bbox), and the page sizes."""
    import html

    p = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    pages, words = [], []
    for m in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', p.stdout, re.S):
        pages.append((float(m[1]), float(m[2])))
        for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', m[3]):
            words.append(Word(len(pages), html.unescape(w[5]), *(float(w[i]) for i in range(1, 5))))
    return pages, words


def render(pdf: Path, page: int, out_stem: Path, dpi: int = 100) -> Path:
    """One page as a grey PNG (pdftoppm)."""
    p = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf), str(out_stem)], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    return out_stem.with_suffix(".png")


A4 = (595.3, 841.9)


def pdf_by_sheet(pdf: Path):
    """Page sizes, each page's words, and the sheet each page prints, read from its footer 「シート（n / N）」 (the lowest
    line of the page, its words joined: 「業務委託・委託先（7」「/」「17）」)."""
    sizes, words = pdf_words(pdf)
    by_page: dict[int, list[Word]] = {}
    for w in words:
        by_page.setdefault(w.page, []).append(w)
    sheet_of = {}
    for page, ws in by_page.items():
        low = max(w.y1 for w in ws)
        line = "".join(w.text for w in sorted((w for w in ws if w.y1 > low - 2), key=lambda w: w.x0))
        m = re.fullmatch(r"(.+)（(\d+)/(\d+)）", line)
        assert m, f"page {page}: no footer 「シート（n / N）」 at its foot: {line!r}"
        assert int(m[2]) == page and int(m[3]) == len(sizes), line
        sheet_of[page] = m[1]
    return sizes, by_page, sheet_of


def cjk_size(w: Word) -> float | None:
    """The printed size (points) of a word of full-width characters only: its width over its length."""
    if len(w.text) >= 2 and all("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in w.text):
        return (w.x1 - w.x0) / len(w.text)
    return None


def smallest_text(pdf: Path) -> dict[str, float]:
    """Sheet → the smallest size (points) its full-width text is printed at."""
    _, by_page, sheet_of = pdf_by_sheet(pdf)
    smallest: dict[str, float] = {}
    for page, ws in by_page.items():
        sizes = [s for s in map(cjk_size, ws) if s]
        assert sizes, f"page {page}: no Japanese text"
        smallest[sheet_of[page]] = min(smallest.get(sheet_of[page], 99.0), min(sizes))
    return smallest


def _title_row(ws) -> int:
    """The row a printed sheet repeats at the top of every page ($3:$3 → 3)."""
    return int(re.match(r"\$?(\d+)", ws.print_title_rows.split(":")[0].lstrip("$"))[1])


def cut_words(pdf: Path, workbook: Path, tmp: Path, dpi: int = 150) -> tuple[int, list[Word]]:
    """(words looked at, the words printed cut). A word's box (pdftotext) has ink from its top to about two thirds down;
    a word cut by its frame (a footer squeezed by the margin, a cell's text below the row's edge) keeps only its top,
    and the band from 40 % to 60 % of its box is blank; a word that runs past the page's edge is cut too. Each page is
    rendered (pdftoppm). A cell split by a page break (a list's merged label and help) is drawn again, clipped, above
    the next page's repeated title row, where nothing shows: those words were shown on the page before, and are not
    looked at. Words whose ink is in their middle only (ー, ・・) are not looked at either."""
    import openpyxl
    from PIL import Image

    wb = openpyxl.load_workbook(workbook)
    sizes, by_page, sheet_of = pdf_by_sheet(pdf)
    seen, cut, first = 0, [], {}
    for page in sorted(by_page):
        ws = wb[sheet_of[page]]
        top = 0.0
        if first.setdefault(ws.title, page) != page:
            title = [str(c.value) for c in ws[_title_row(ws)] if c.value is not None
                     and not ws.column_dimensions[c.column_letter].hidden]
            heads = [w.y0 for w in by_page[page] if title and w.text == title[0].split()[0]]
            assert heads, f"page {page}: the title row {title[:1]} is not repeated"
            top = min(heads)
        img = Image.open(render(pdf, page, tmp / f"cut-{page}", dpi=dpi)).convert("L")
        width, height = sizes[page - 1]
        k = img.width / width
        for w in by_page[page]:
            if len(w.text) < 2 or set(w.text) <= set("ー一－―・…〜~-=_") or w.y0 < top - 0.5:
                continue
            seen += 1
            if w.x1 > width + 0.5 or w.y1 > height + 0.5:
                cut.append(w)
                continue
            h = w.y1 - w.y0
            band = img.crop((int(w.x0 * k), int((w.y0 + 0.4 * h) * k), int(w.x1 * k) + 1, int((w.y0 + 0.6 * h) * k) + 1))
            if band.getextrema()[0] > 160:
                cut.append(w)
    return seen, cut


# --- filling in through LibreOffice (tests/office_fill.py, run by the system Python with python3-uno) ---------------

def fill(source: Path, target: Path, writes: list[dict], profile: str, workdir: Path) -> list[dict]:
    """Open `source` in LibreOffice, write each cell as a person types it or picks it from the drop-down, store the
    workbook as xlsx at `target` (LibreOffice's own writer). Returns what each cell holds after LibreOffice read the
    input (type TEXT or VALUE, its string and number, whether it is formatted as a date)."""
    py = uno_python()
    assert py, "no python3-uno"
    job = {"source": str(source), "target": str(target), "profile": profile, "soffice": SOFFICE, "workdir": str(workdir),
           "writes": writes, "timeout": TIMEOUT}
    p = run([py, str(HERE / "office_fill.py")], input=json.dumps(job, ensure_ascii=False).encode("utf-8"),
            timeout=TIMEOUT + 60, env={k: v for k, v in os.environ.items() if not k.startswith("PYTHON")})
    err = p.stderr.decode("utf-8", "replace")
    assert p.returncode == 0, err[-4000:]
    report = json.loads(p.stdout.decode("utf-8"))
    assert not unexpected_stderr(report["office_stderr"].encode("utf-8")), report["office_stderr"]
    assert report["office_exit"] == 0, report["office_stderr"]
    assert target.is_file() and target.stat().st_size > 0
    return report["cells"]


# --- checker check (the verdicts a workbook gives) ----------------------------------------------------------------

def check(*paths: Path) -> dict[str, dict[str, str]]:
    """file → {rule: verdict} of `checker check … --format json` (exit 0 with --fail-on なし: never an input error)."""
    import sys

    p = subprocess.run([sys.executable, "-m", "checker.cli", "check", *map(str, paths), "--format", "json", "--fail-on", "なし"],
                       cwd=HERE.parent, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, (p.returncode, p.stdout[-2000:], p.stderr[-2000:])
    return {c["file"]: {v["rule"]: v["verdict"] for v in c["verdicts"]} for c in json.loads(p.stdout)["cases"]}


def same_verdicts(got: dict[str, str], want: dict[str, str]) -> list[str]:
    """The rules whose verdicts differ: `rule: want → got`."""
    return [f"{r}: {want.get(r)} → {got.get(r)}" for r in sorted(set(got) | set(want)) if got.get(r) != want.get(r)]
