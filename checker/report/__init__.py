"""Reports read verdicts; they know nothing of rules' internals or of the engine.

    render(report, fmt) -> iterator of str      # report: CheckReport / MeetingReport / AuditReport (model.py)

Formats: text (tabulate, for the terminal), md, html (one self-contained file), csv (UTF-8 with BOM, CRLF),
json (docs/report.schema.json), junit (JUnit XML). Every format is deterministic: the same input gives the
same bytes (a time appears only when the report was built with `generated`, i.e. `--timestamp`).
"""
from __future__ import annotations

FORMATS = ("text", "md", "html", "csv", "json", "junit")
EXTENSIONS = {"text": "txt", "md": "md", "html": "html", "csv": "csv", "json": "json", "junit": "xml"}


_MODULES = {"text": "terminal", "md": "markdown", "html": "html", "csv": "tabular", "json": "jsonfmt", "junit": "junit"}


def render(report, fmt: str):
    """The report in format fmt, in pieces (only the module of that format is imported: a quick cold start)."""
    from importlib import import_module

    module = import_module(f"{__name__}.{_MODULES[fmt]}")
    return getattr(module, f"{report.kind}_{fmt}")(report)
