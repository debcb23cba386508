"""Reports read verdicts; they know nothing of rules' internals or of the engine.

    render(report, fmt) -> iterator of str      # report: CheckReport / MeetingReport / AuditReport (model.py)

Formats: text (tabulate, for the terminal), md, html (one self-contained file), csv (UTF-8 with BOM, CRLF),
json (docs/report.schema.json), junit (JUnit XML). Every format is deterministic: the same input gives the
same bytes (a time appears only when the report was built with `generated`, i.e. `--timestamp`).
"""
from __future__ import annotations

FORMATS = ("text", "md", "html", "csv", "json", "junit")
EXTENSIONS = {"text": "txt", "md": "md", "html": "html", "csv": "csv", "json": "json", "junit": "xml"}


def render(report, fmt: str):
    from . import html, jsonfmt, junit, markdown, tabular, terminal

    table = {
        "text": {"check": terminal.check_text, "meeting": terminal.meeting_text, "audit": terminal.audit_text},
        "md": {"check": markdown.check_md, "meeting": markdown.meeting_md, "audit": markdown.audit_md},
        "html": {"check": html.check_html, "meeting": html.meeting_html, "audit": html.audit_html},
        "csv": {"check": tabular.check_csv, "meeting": tabular.meeting_csv, "audit": tabular.audit_csv},
        "json": {"check": jsonfmt.check_json, "meeting": jsonfmt.meeting_json, "audit": jsonfmt.audit_json},
        "junit": {"check": junit.check_junit, "meeting": junit.meeting_junit, "audit": junit.audit_junit},
    }
    return table[fmt][report.kind](report)
