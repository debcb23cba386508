"""Workbooks as evidence: the same input gives the same bytes. openpyxl stamps each part of the zip with the time of
saving and the document's properties with when it was created and modified; stable() sets both to one fixed time."""
from __future__ import annotations

import io
import re
import zipfile

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest time
FIXED_TIME = "1980-01-01T00:00:00Z"
_STAMP = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


def stable(data: bytes) -> bytes:
    """The workbook with every time in it fixed: same content, same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _STAMP.sub(lambda m: m.group(1) + FIXED_TIME.encode() + m.group(3), body)
            fixed = zipfile.ZipInfo(info.filename, FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, body)
    return out.getvalue()
