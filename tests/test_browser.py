"""The HTML reports in a real browser: Debian's headless Chromium renders them, Japanese and all.

- the DOM Chromium builds from the audit report has the matrix (table#matrix) with one row per case
  and the rule columns, in Japanese;
- the meeting report has its agenda and one section per case;
- Japanese is drawn with real glyphs, not tofu: two different Japanese strings, set in the report's
  own CSS, render to different pixels (with no CJK font both would be the same row of boxes);
- printed (print to PDF), the report is on A4 paper.

Skipped only where no Chromium exists; `.ci/run` installs it and sets CHECKER_REQUIRE_BROWSER=1,
so in CI this test always runs.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow  # a browser starts for each test


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


CHROMIUM = _chromium()
if CHROMIUM is None:
    if os.environ.get("CHECKER_REQUIRE_BROWSER"):
        raise RuntimeError("CHECKER_REQUIRE_BROWSER is set but no Chromium was found (apt-get install chromium)")
    pytest.skip("no Chromium on this machine", allow_module_level=True)


def _browser(tmp: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", f"--user-data-dir={tmp / 'profile'}",
    ]
    p = subprocess.run([CHROMIUM, *flags, *args], capture_output=True, timeout=timeout)
    assert p.returncode == 0, p.stderr.decode("utf-8", "replace")[-2000:]
    return p


def _report(tmp: Path, *args: str) -> Path:
    out = tmp / "report.html"
    p = subprocess.run([sys.executable, "-m", "checker.cli", *args, "--format", "html", "-o", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert p.returncode in (0, 1), p.stderr
    assert out.is_file()
    return out


class _Dom(HTMLParser):
    """Text and rows of the element with a given id, from the DOM Chromium dumped."""

    def __init__(self, wanted: str):
        super().__init__()
        self.wanted, self.depth, self.rows, self.text, self.ids = wanted, 0, 0, [], []
        self.header: list[str] = []
        self._in_th = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if self.depth:
            self.depth += tag not in ("br", "img", "meta", "col")
            if tag == "tr":
                self.rows += 1
            self._in_th = tag == "th" or self._in_th
        elif a.get("id") == self.wanted:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth and tag not in ("br", "img", "meta", "col"):
            self.depth -= 1
            if tag == "th":
                self._in_th = False

    def handle_data(self, data):
        if self.depth and data.strip():
            self.text.append(data.strip())
            if self._in_th:
                self.header.append(data.strip())


def _dom(tmp: Path, page: Path, wanted: str) -> _Dom:
    p = _browser(tmp, "--dump-dom", page.as_uri())
    d = _Dom(wanted)
    d.feed(p.stdout.decode("utf-8"))
    return d


def _case_files() -> int:
    return sum(1 for p in (ROOT / "cases").rglob("*.yaml") if not p.name.startswith("_"))


def test_audit_matrix_renders_in_chromium(tmp_path):
    page = _report(tmp_path, "audit", str(ROOT / "cases"))
    dom = _dom(tmp_path, page, "matrix")
    assert dom.depth == 0 and dom.text, "table#matrix not in the DOM Chromium built"
    text = " ".join(dom.text)
    # one row per case (plus header/total rows), the rule ids and the marks, the Japanese titles
    assert dom.rows >= _case_files(), (dom.rows, _case_files())
    for needle in ("KETSU-", "TOKKI-10", "ぴったり電子申請", "団体内統合宛名"):
        assert needle in text, needle
    assert re.search("[○×?？ー]", text)


def test_meeting_report_renders_each_case(tmp_path):
    page = _report(tmp_path, "meeting", "2023-12-21")
    dom = _dom(tmp_path, page, "case-27")
    assert dom.text, "section #case-27 not in the DOM"
    assert "地域BWA" in " ".join(dom.text) or "無料公衆無線LAN" in " ".join(dom.text)
    sections = [i for i in dom.ids if re.fullmatch(r"case-\d+", i)]
    assert sections == [f"case-{n}" for n in range(27, 42)], sections


def test_japanese_is_drawn_with_glyphs_not_tofu(tmp_path):
    Image = pytest.importorskip("PIL.Image")
    ImageChops = pytest.importorskip("PIL.ImageChops")
    page = _report(tmp_path, "audit", str(ROOT / "cases"))
    style = "".join(re.findall(r"<style[^>]*>.*?</style>", page.read_text(encoding="utf-8"), flags=re.S))
    shots = []
    for i, words in enumerate(("特記事項", "番号法等")):
        probe = tmp_path / f"probe{i}.html"
        probe.write_text(f'<!doctype html><html lang="ja"><head><meta charset="utf-8">{style}</head>'
                         f'<body><h1 style="font-size:64px;margin:0">{words}</h1></body></html>', encoding="utf-8")
        png = tmp_path / f"probe{i}.png"
        _browser(tmp_path, f"--screenshot={png}", "--window-size=600,200", probe.as_uri())
        shots.append(Image.open(png).convert("L"))
    ink = [ImageChops.invert(s).getbbox() for s in shots]
    assert all(ink), "nothing drawn"
    assert ImageChops.difference(*shots).getbbox() is not None, "two different Japanese words look the same: no CJK font (tofu)"
    # and the report itself draws something on its first screen
    png = tmp_path / "report.png"
    _browser(tmp_path, f"--screenshot={png}", "--window-size=1400,1000", page.as_uri())
    assert ImageChops.invert(Image.open(png).convert("L")).getbbox() is not None


def test_printed_on_a4(tmp_path):
    page = _report(tmp_path, "meeting", "2023-12-21")
    pdf = tmp_path / "report.pdf"
    _browser(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    raw = pdf.read_bytes()
    boxes = {tuple(round(float(x)) for x in m.groups()) for m in
             re.finditer(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", raw)}
    assert boxes and boxes <= {(595, 842), (842, 595)}, boxes  # A4 in points, portrait or landscape
    assert len(re.findall(rb"/Type\s*/Page\b", raw)) >= 2  # 15 cases do not fit on one page


def test_audit_prints_on_a4_landscape_at_7pt_or_more(tmp_path):
    """Issue 11.6: printed, the audit is A4 landscape; the one wide matrix (151 columns) gives way to one matrix per
    pack, at 7 pt, one line per case (the widest pack, 外部結合チェックリスト, fits the page's width)."""
    page = _report(tmp_path, "audit", str(ROOT / "cases"))
    html = page.read_text(encoding="utf-8")
    css = re.sub(r"\s+", " ", html)
    assert "@page { size: A4 landscape;" in css
    assert re.search(r"table\.packmatrix \{ font-size: (\d+(?:\.\d+)?)pt", css) and float(
        re.search(r"table\.packmatrix \{ font-size: (\d+(?:\.\d+)?)pt", css).group(1)) >= 7
    printed = css[css.index("@media print {"):]
    assert "#matrix { display: none; }" in printed and ".print-only { display: block; }" in printed
    assert html.count('<table class="packmatrix">') == html.count("<h3>", html.index('id="matrix-by-pack"'), html.index("<h2>分類ごとの合計")) >= 10
    pdf = tmp_path / "audit.pdf"
    _browser(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    raw = pdf.read_bytes()
    boxes = {tuple(round(float(x)) for x in m.groups()) for m in
             re.finditer(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", raw)}
    assert boxes == {(842, 595)}, boxes  # A4 landscape, every page


def test_meeting_agenda_gives_date_and_result_room(tmp_path):
    """Issue 20.5: on A4 (794 px wide) the agenda's 付議日 and 審議結果 cells are one line each (承認 used to wrap one
    character a line): every such cell is as tall as the row's № cell, and as wide as its text."""
    page = _report(tmp_path, "meeting", "2023-12-21")
    probe = tmp_path / "probe.html"
    script = ("<script>const out=[];for(const tr of document.querySelectorAll('#agenda tbody tr')){const c=tr.cells;"
              "for(const k of [4,5]){const r=document.createRange();r.selectNodeContents(c[k]);"
              "out.push([c[k].textContent,r.getClientRects().length,c[k].scrollWidth<=c[k].clientWidth])}}"
              "document.body.setAttribute('data-cells',JSON.stringify(out));</script>")
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    p = _browser(tmp_path, "--dump-dom", "--window-size=794,1123", probe.as_uri())
    import html
    import json

    m = re.search(r'data-cells="([^"]*)"', p.stdout.decode("utf-8"))
    assert m, "the probe did not run"
    cells = json.loads(html.unescape(m[1]))
    assert len(cells) == 2 * 15 and {c[0] for c in cells} >= {"12月21日", "承認"}
    assert all(lines == 1 and fits for _, lines, fits in cells), cells
