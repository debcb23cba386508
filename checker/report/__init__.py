"""Reports read verdicts; they know nothing of rules' internals or of the engine.

    render(report, fmt, width=80) -> iterator of str   # report: CheckReport / MeetingReport / AuditReport / RulesReport (model.py),
                                                       # or a Document (document.py: diff, explain) in text, md, html, json

They are given finished reports (built by checker.run) and import nothing from the run layer, the engine or the
loader (a test holds it). `width` is the text format's line width (a terminal's, or 80 in a file or a pipe).

Formats: text (tabulate, for the terminal), md, html (one self-contained file), csv (UTF-8 with BOM, CRLF),
json (docs/report.schema.json), junit (JUnit XML). Every format is deterministic: the same input gives the
same bytes (a time appears only when the report was built with `generated`, i.e. `--timestamp`).
"""
from __future__ import annotations

FORMATS = ("text", "md", "html", "csv", "json", "junit")
EXTENSIONS = {"text": "txt", "md": "md", "html": "html", "csv": "csv", "json": "json", "junit": "xml"}


_MODULES = {"text": "terminal", "md": "markdown", "html": "html", "csv": "tabular", "json": "jsonfmt", "junit": "junit",
            "tsv": "tabular"}  # tsv: only checker list


def render(report, fmt: str, width: int | None = None):
    """The report in format fmt, in pieces (only the module of that format is imported: a quick cold start)."""
    from importlib import import_module

    if report.kind == "document":  # diff, explain, …: one model, every format (document.py)
        from .document import render_document

        return render_document(report, fmt, width)
    module = import_module(f"{__name__}.{_MODULES[fmt]}")
    fn = getattr(module, f"{report.kind}_{fmt}")
    return fn(report, width=width) if fmt == "text" and width else fn(report)
