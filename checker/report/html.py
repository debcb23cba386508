"""HTML reports: one self-contained file (inline CSS, no external fonts, scripts or images), via jinja2.

Screen and print: A4 (the audit matrix landscape), table headers repeated on every page. Anchors: the
audit matrix is table#matrix; each case has a section id="case-<№>" (case-f<k>, k its place in the report,
for a case without a № or whose № already appeared); in check and meeting, each verdict shown links to its
explanation, details id="explain-<case anchor>-<rule id>" (CaseDetail.explain; drawn by _document.html.j2).
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from ..verdict import FAIL, NA, PASS, UNKNOWN
from ..jp import wareki
from .model import (LEGEND, LIST_HEADERS, MARK_OF, NO_FOOTING, VERDICT_OF, VERDICTS, WAIVER_MARK, changes_legend, finding, html_marks,
                    legend, matrix_note, todo, waiver_counted, waiver_head, waiver_note, waiver_terms)

TEMPLATES = Path(__file__).with_name("templates")
CLS = {PASS: "p", FAIL: "f", UNKNOWN: "u", NA: "n"}
CELL = {MARK_OF[v]: f'<td class="{c}">{MARK_OF[v]}</td>' for v, c in CLS.items()}

_env = None


def env():
    global _env
    if _env is None:
        from jinja2 import Environment, FileSystemLoader, StrictUndefined

        from .document import Changed

        _env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, trim_blocks=True,
                           lstrip_blocks=True, keep_trailing_newline=True, undefined=StrictUndefined)
        _env.tests["changed"] = lambda t: isinstance(t, Changed)  # a piece changed since the previous approval
        _env.filters["block_kind"] = lambda b: type(b).__name__.lower()  # heading, para, fields, table, tree
    return _env


def anchors(infos) -> list[str]:
    seen: set = set()
    out = []
    for k, i in enumerate(infos, 1):
        a = f"case-{i.number}" if i.number is not None else None
        if a is None or a in seen:
            a = f"case-f{k}"
        seen.add(a)
        out.append(a)
    return out


def cells(row, start: int = 0, end: int | None = None) -> Markup:
    """The matrix cells of one audit row (of the rules start:end: one pack); a verdict not on transcribed facts shows
    図 / 推 after its mark."""
    marks = row.marks[start:end]
    if not row.footing and not row.waivers:
        return Markup("".join(CELL[m] for m in marks))
    footing = row.footing[start:end] if row.footing else NO_FOOTING * len(marks)
    excused = row.excused
    out = []
    for k, (m, f) in enumerate(zip(marks, footing), start):
        note = ("" if f == NO_FOOTING else f) + (WAIVER_MARK if k in excused else "")
        out.append(CELL[m].replace(f">{m}<", f">{m}<small>{note}</small><") if note else CELL[m])
    return Markup("".join(out))


def pack_spans(report) -> list[tuple]:
    """(pack, title, first rule index, end index, its rules) for each pack, in the matrix's column order."""
    out, start = [], 0
    for name, title, n in report.packs:
        out.append((name, title, start, start + n, report.rules[start:start + n]))
        start += n
    return out


def _notes(report) -> list[str]:
    """The legend in the footer: one line per mark the report shows (and the audit matrix's 図・推, a case's changed
    entries)."""
    return legend(html_marks(report)) + (matrix_note(report) if report.kind == "audit" else changes_legend(report))


def _common(report) -> dict:
    return {"report": report, "legend": LEGEND, "notes": _notes(report), "verdicts": VERDICTS, "marks": MARK_OF, "cls": CLS,
            "finding": finding, "todo": todo, "waiver_note": waiver_note, "waiver_counted": waiver_counted,
            "waiver_head": waiver_head, "waiver_terms": waiver_terms, "wareki": wareki, "verdict_of": VERDICT_OF}


def check_html(report):
    yield from env().get_template("check.html.j2").generate(
        anchors=anchors(d.info for d in report.cases), **_common(report))


def meeting_html(report):
    yield from env().get_template("meeting.html.j2").generate(
        anchors=anchors(d.info for d in report.cases), headers=LIST_HEADERS, **_common(report))


def audit_html(report):
    totals = report.rule_totals()
    yield from env().get_template("audit.html.j2").generate(
        anchors=anchors(r.info for r in report.rows), cells=cells, spans=pack_spans(report), totals=report.totals(), rule_totals=totals,
        rule_rows=list(zip(report.rules, totals)), top=report.top_failed(), **_common(report))
