"""Safe, strict YAML reading for case and rule files.

- bytes are decoded as UTF-8 (with or without BOM) or CP932 (Shift_JIS from Windows PCs);
- only YAML's safe scalar types; no tags that build objects; no anchors/aliases;
- duplicate keys are an error (PyYAML would silently keep the last one);
- every node's line is remembered, so later errors can name the line.
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError

MAX_BYTES = 1_000_000  # a case file is a few KB; anything bigger is not a case file
MAX_DEPTH = 64  # the deepest case sheet is a few levels; deeper nesting is junk (and would exhaust the stack)

Loc = tuple  # path of keys / indexes from the document root


class LineMap(dict):
    """loc tuple -> 1-based line number of the key (mappings) or item (sequences)."""

    def line_for(self, loc: Loc) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self:
                return self[loc]
            loc = loc[:-1]
        return self.get((), None)


def decode(raw: bytes, file: str) -> str:
    if b"\x00" in raw:
        raise InputError(file, None, "テキストファイルではありません（NUL バイトを含む）", "UTF-8 または Shift_JIS の YAML テキスト")
    for enc in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(file, None, "文字コードを判別できません", "UTF-8 または Shift_JIS (CP932)")


def read_text(path: str | Path) -> str:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as e:
        raise InputError(str(path), None, f"ファイルを開けません: {e.strerror}") from None
    if not p.is_file():
        raise InputError(str(path), None, "ファイルではありません")
    if size > MAX_BYTES:
        raise InputError(str(path), None, f"ファイルが大きすぎます（{size:,} バイト）", f"{MAX_BYTES:,} バイト以下")
    try:
        raw = p.read_bytes()
    except OSError as e:
        raise InputError(str(path), None, f"ファイルを読めません: {e.strerror}") from None
    return decode(raw, str(path))


_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


# what YAML 1.1 allows in a stream (PyYAML's Reader.NON_PRINTABLE), checked before parsing so that
# the message names the line whichever parser (libyaml or PyYAML) runs
_NON_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")


class _AliasFound(Exception):
    def __init__(self, mark):
        self.mark = mark


class _TooDeep(Exception):
    def __init__(self, mark):
        self.mark = mark


try:  # libyaml's parser (C) with PyYAML's composer (Python, so the hooks below apply): ~8× faster
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


class _PyLoader(yaml.SafeLoader):
    pass


if _CParser is not None:
    class _CLoader(yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _Base = _CLoader
else:  # pragma: no cover
    _Base = _PyLoader


class _Loader(_Base):
    """A safe loader that stops at the first alias (*name), where it is written.

    Aliases are refused anyway; stopping while composing names the line of the alias
    (not of its anchor) and never builds a billion-laughs tree.
    """

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            raise _AliasFound(self.peek_event().start_mark)
        if self._depth >= MAX_DEPTH:
            raise _TooDeep(self.peek_event().start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def load_yaml_text(text: str, file: str) -> tuple[Any, LineMap]:
    """Parse one YAML document; return plain data and its line map."""
    lines = LineMap()
    bad = _NON_PRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise InputError(file, line, f"使えない制御文字があります（U+{ord(bad.group()):04X}）", "表示できる文字だけのテキスト")
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as e:
        raise _reader_error(e, text, file) from None
    try:
        try:
            node = loader.get_single_node()
        except _AliasFound as e:
            raise InputError(file, e.mark.line + 1, "アンカー／エイリアス（& と *）は使えません", "値をそのまま書く") from None
        except _TooDeep as e:
            raise InputError(file, e.mark.line + 1, f"入れ子が深すぎます（{MAX_DEPTH} 段まで）", "案件の様式どおりの入れ子") from None
        except yaml.reader.ReaderError as e:
            raise _reader_error(e, text, file) from None
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line = mark.line + 1 if mark else None
            problem = (e.problem or e.context or "YAML の構文エラー").strip()
            bad_line = text.split("\n")[line - 1] if line else ""
            if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or ("tab" in problem and "\t" in text):
                problem = "タブ文字はインデントに使えません"
                expected = "半角スペースによるインデント"
            else:
                expected = "正しい YAML（インデントは半角スペース、「キー: 値」の形）"
            raise InputError(file, line, f"YAML として読めません: {problem}", expected) from None
        except yaml.YAMLError as e:  # pragma: no cover - defensive
            raise InputError(file, None, f"YAML として読めません: {e}") from None
        if node is None:
            raise InputError(file, 1, "ファイルが空です", "YAML のマッピング（キー: 値）")
        seen: set[int] = set()
        data = _convert(node, (), loader, lines, file, seen)
    finally:
        loader.dispose()
    return data, lines


def _reader_error(e, text: str, file: str) -> InputError:
    """Control characters and the like: PyYAML reports a character position, not a line."""
    line = text.count("\n", 0, e.position) + 1 if isinstance(e.position, int) else None
    ch = f"U+{e.character:04X}" if isinstance(e.character, int) else repr(e.character)
    return InputError(file, line, f"使えない制御文字があります（{ch}）", "表示できる文字だけのテキスト")


def _convert(node, loc, loader, lines: LineMap, file: str, seen: set[int]):
    line = node.start_mark.line + 1
    lines.setdefault(loc, line)
    if id(node) in seen:
        raise InputError(file, line, "アンカー／エイリアス（& と *）は使えません", "値をそのまま書く")
    seen.add(id(node))
    if node.tag not in _SAFE_TAGS:
        raise InputError(file, line, f"使えないタグです: {node.tag}", "タグなしの文字列・数値・真偽値")
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                raise InputError(file, knode.start_mark.line + 1, "マージキー（<<）は使えません", "キーをそのまま書く")
            if not isinstance(knode, yaml.ScalarNode):
                raise InputError(file, knode.start_mark.line + 1, "キーは文字列でなければなりません")
            key = loader.construct_object(knode)
            if isinstance(key, (int, float)) and not isinstance(key, bool):
                key = str(knode.value)
            if not isinstance(key, str):
                key = str(knode.value)
            kline = knode.start_mark.line + 1
            if key in out:
                raise InputError(file, kline, f"キー「{key}」が重複しています（{lines[loc + (key,)]} 行目にもあります）", "同じキーは 1 回だけ")
            lines[loc + (key,)] = kline
            out[key] = _convert(vnode, loc + (key,), loader, lines, file, seen)
            lines[loc + (key,)] = kline
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            items.append(_convert(item, loc + (i,), loader, lines, file, seen))
        return items
    if node.tag == "tag:yaml.org,2002:timestamp":
        # keep dates as text: one parser (checker.jp) reads 西暦 and 和暦 alike (and says why 2024-02-30 is wrong)
        return str(node.value)
    try:
        value = loader.construct_object(node)
    except (ValueError, OverflowError):
        raise InputError(file, line, f"「{node.value:.40}」は値として読めません（数が大きすぎる など）", "ふつうの数・文字列") from None
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise InputError(file, line, "数値として使えない値です", "有限の数")
    return value


def load_yaml_file(path: str | Path) -> tuple[Any, LineMap, str]:
    text = read_text(path)
    data, lines = load_yaml_text(text, str(path))
    return data, lines, text
