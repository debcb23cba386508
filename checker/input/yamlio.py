"""Safe, strict YAML reading for case and rule files.

- bytes are decoded as UTF-8 (with or without BOM) or CP932 (Shift_JIS from Windows PCs);
- only YAML's safe scalar types; no tags that build objects; no anchors/aliases;
- duplicate keys are an error (PyYAML would silently keep the last one);
- every node's line is remembered, so later errors can name the line.

The parsing itself is in yamlparse.py, imported when a text is first parsed: a run whose cases and rules all come from
checker's cache parses none and so never imports PyYAML (some 15 ms of its start).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import InputError, os_reason

MAX_BYTES = 1_000_000  # a case file is a few KB; anything bigger is not a case file
MAX_DEPTH = 64  # the deepest case sheet is a few levels; deeper nesting is junk (and would exhaust the stack)

Loc = tuple  # path of keys / indexes from the document root


def fact_loc(path: str) -> Loc:
    """A fact path as verdicts name it (業務委託.再委託[2].範囲, a list's ….#件数) → the location of the case data
    (業務委託, 再委託, 1, 範囲): the keys of a LineMap."""
    loc: list = []
    for part in path.removesuffix("#件数").split("."):
        m = re.fullmatch(r"(.+?)\[(\d+)\]", part)
        loc += [m.group(1), int(m.group(2)) - 1] if m else [part]
    return tuple(loc)


class LineMap(dict):
    """loc tuple -> 1-based line number of the key (mappings) or item (sequences). `pending`: errors its reader found in
    values it left out of the data, reported with the model's (a workbook's formula cells; none in YAML)."""

    pending: list = []

    def line_for(self, loc: Loc) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self:
                return self[loc]
            loc = loc[:-1]
        return self.get((), None)

    def place(self, loc: Loc) -> tuple[Loc, int | str | None]:
        """(the location itself or its nearest written parent, where that is: a line, or a workbook's sheet!cell);
        ((), None) when nothing is written there. A value not written (loc itself absent) is said at its parent."""
        loc = tuple(loc)
        while loc:
            if loc in self:
                return loc, self[loc]
            loc = loc[:-1]
        return (), self.get((), None)

    def arrange(self, errors: list) -> list:
        """A file's errors in the order they are said (YAML: the model's order)."""
        return errors

    def line_for_missing(self, loc: Loc) -> int | None:
        """Where a required key that is not written is reported: its parent's line (line 1 for a top-level key)."""
        loc = tuple(loc)
        return self.line_for(loc[:-1]) if len(loc) > 1 else 1


def decode(raw: bytes, file: str) -> str:
    if b"\x00" in raw:
        raise InputError(file, None, "テキストファイルではありません（NUL バイトを含む）", "UTF-8 または Shift_JIS の YAML テキスト")
    for enc in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(file, None, "文字コードを判別できません", "UTF-8 または Shift_JIS (CP932)")


def file_size(path: str | Path) -> int:
    """The size of a case file to be read; none there, a folder or one that cannot be opened: an input error."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise InputError(str(path), None, f"ファイルを開けません（{os_reason(e)}）") from None
    if not p.is_file():
        raise InputError(str(path), None, "ファイルではありません")
    return size


def read_text(path: str | Path) -> str:
    p = Path(path)
    size = file_size(p)
    if size > MAX_BYTES:
        raise InputError(str(path), None, f"ファイルが大きすぎます（{size:,} バイト）", f"{MAX_BYTES:,} バイト以下")
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(str(path), None, f"ファイルを読めません（{os_reason(e)}）") from None
    return decode(raw, str(path))


def load_yaml_text(text: str, file: str) -> tuple[Any, LineMap]:
    """Parse one YAML document; return plain data and its line map."""
    from .yamlparse import load_yaml_text as parse

    return parse(text, file)


def load_yaml_file(path: str | Path) -> tuple[Any, LineMap, str]:
    text = read_text(path)
    data, lines = load_yaml_text(text, str(path))
    return data, lines, text
