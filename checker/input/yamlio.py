"""Safe, strict YAML reading for case and rule files.

- bytes are decoded as UTF-8 (with or without BOM) or CP932 (Shift_JIS from Windows PCs);
- only YAML's safe scalar types; no tags that build objects; no anchors/aliases;
- duplicate keys are an error (PyYAML would silently keep the last one);
- every node's line is remembered, so later errors can name the line.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

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


try:  # libyaml's parser (C); the document is built from its events below (no composer, no node objects)
    from yaml._yaml import CParser as _CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _CParser = None


if _CParser is not None:
    class _Loader(_CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:  # pragma: no cover
    class _Loader(yaml.SafeLoader):
        pass


_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_ALIAS_MSG = ("アンカー／エイリアス（& と *）は使えません", "値をそのまま書く")
_DEPTH_MSG = (f"入れ子が深すぎます（{MAX_DEPTH} 段まで）", "案件の様式どおりの入れ子")
# the parser's own nesting limit (libyaml: "exceeded maximum nesting depth"), in whatever words a version uses
_PARSER_DEPTH_LIMIT = re.compile(r"nest|depth", re.I)


class _Builder:
    """Plain data and its line map, straight from the parser's events.

    Aliases stop the build where they are written (no billion-laughs tree is ever made);
    nesting deeper than MAX_DEPTH stops it too; tags outside the safe scalar types are refused;
    a key written twice is an error naming both lines.
    """

    def __init__(self, loader, file: str, lines: LineMap):
        self.loader, self.file, self.lines = loader, file, lines

    def error(self, event, message: str, expected: str | None = None) -> InputError:
        return InputError(self.file, event.start_mark.line + 1, message, expected)

    def document(self):
        ld = self.loader
        ld.get_event()  # StreamStart
        if ld.check_event(yaml.StreamEndEvent):
            return None
        ld.get_event()  # DocumentStart
        data = self.node((), 0)
        ld.get_event()  # DocumentEnd
        if not ld.check_event(yaml.StreamEndEvent):
            raise self.error(ld.peek_event(), "YAML として読めません: 文書が 2 つ以上あります（--- の区切り）", "1 ファイルに 1 つの案件")
        return data

    def tag_of(self, event, kind) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            if kind is yaml.ScalarNode:
                return self.loader.resolve(kind, event.value, event.implicit)
            return self.loader.resolve(kind, None, event.implicit)
        return tag

    def node(self, loc: tuple, depth: int):
        ld, lines = self.loader, self.lines
        ev = ld.get_event()
        if isinstance(ev, yaml.AliasEvent):
            raise self.error(ev, *_ALIAS_MSG)
        line = ev.start_mark.line + 1
        lines.setdefault(loc, line)
        if depth >= MAX_DEPTH:
            raise self.error(ev, *_DEPTH_MSG)
        if isinstance(ev, yaml.ScalarEvent):
            return self.scalar(ev)
        if isinstance(ev, yaml.SequenceStartEvent):
            tag = self.tag_of(ev, yaml.SequenceNode)
            if tag not in _SAFE_TAGS:
                raise self.error(ev, f"使えないタグです: {tag}", "タグなしの文字列・数値・真偽値")
            items = []
            while not ld.check_event(yaml.SequenceEndEvent):
                items.append(self.node(loc + (len(items),), depth + 1))
            ld.get_event()
            return items
        tag = self.tag_of(ev, yaml.MappingNode)
        if tag not in _SAFE_TAGS:
            raise self.error(ev, f"使えないタグです: {tag}", "タグなしの文字列・数値・真偽値")
        out: dict = {}
        while not ld.check_event(yaml.MappingEndEvent):
            kev = ld.peek_event()
            if isinstance(kev, yaml.AliasEvent):
                raise self.error(kev, *_ALIAS_MSG)
            if not isinstance(kev, yaml.ScalarEvent):
                raise self.error(kev, "キーは文字列でなければなりません")
            ld.get_event()
            ktag = self.tag_of(kev, yaml.ScalarNode)
            if ktag == _MERGE:
                raise self.error(kev, "マージキー（<<）は使えません", "キーをそのまま書く")
            if ktag not in _SAFE_TAGS:
                raise self.error(kev, f"使えないタグです: {ktag}", "タグなしの文字列・数値・真偽値")
            key = kev.value  # keys are labels: 1, yes, ~ stay the text written
            kline = kev.start_mark.line + 1
            if key in out:
                raise self.error(kev, f"キー「{key}」が重複しています（{lines[loc + (key,)]} 行目にもあります）", "同じキーは 1 回だけ")
            lines[loc + (key,)] = kline
            out[key] = self.node(loc + (key,), depth + 1)
            lines[loc + (key,)] = kline
        ld.get_event()
        return out

    def scalar(self, ev):
        tag = self.tag_of(ev, yaml.ScalarNode)
        if tag == _STR:
            return ev.value
        if tag not in _SAFE_TAGS:
            raise self.error(ev, f"使えないタグです: {tag}", "タグなしの文字列・数値・真偽値")
        if tag == _TIMESTAMP:
            # keep dates as text: one parser (checker.jp) reads 西暦 and 和暦 alike (and says why 2024-02-30 is wrong)
            return str(ev.value)
        node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
        try:
            value = self.loader.construct_object(node)
        except (ValueError, OverflowError):
            raise self.error(ev, f"「{ev.value:.40}」は値として読めません（数が大きすぎる など）", "ふつうの数・文字列") from None
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise self.error(ev, "数値として使えない値です", "有限の数")
        return value


# The parser's problems (PyYAML's and libyaml's wording) in the words of someone who writes a case file: the first that
# matches. A problem not listed here is said generally, never in the parser's English.
YAML_PROBLEMS = (
    (r"mapping values are not allowed", "「キー: 値」の値のあとに、また「: 」があります（値に「: 」を含めるときは引用符で囲む。インデントも確かめる）"),
    (r"could not find expected ':'", "「キー: 値」の「:」がありません"),
    (r"did not find expected key|expected <block end>", "インデントがそろっていません（同じ階層のキーは同じ字下げ）"),
    (r"expected '-' indicator|sequence entries are not allowed", "「- 」で始まるリストの行のインデントがそろっていません"),
    (r"expected ',' or '\]'", "「[」が「]」で閉じられていません"),
    (r"expected ',' or '}'", "「{」が「}」で閉じられていません"),
    (r"unexpected end of stream", "引用符（\" または '）が閉じられていません"),
    (r"cannot start any token", "値の初めに使えない文字があります（「@」「`」「%」などで始まる値は引用符で囲む）"),
    (r"undefined alias", "「*」で始まる値は使えません（引用符で囲む）"),
    (r"unknown escape character", "「\\」のあとの文字が使えません（「\\」を書くときは ' で囲む）"),
    (r"single document|another document|document separator|document start", "「---」で区切った 2 つ目の文書があります（1 ファイルに 1 件）"),
    (r"node content", "値があるはずの所にありません"),
    (r"invalid indentation or unclosed", "インデントが違うか、「[」「{」が閉じられていません"),
    (r"mapping keys are not allowed", "ここに「キー:」は書けません"),
)


def yaml_problem(problem: str) -> str:
    """The parser's problem in Japanese (YAML_PROBLEMS)."""
    for pattern, said in YAML_PROBLEMS:
        if re.search(pattern, problem):
            return said
    return "YAML の書き方が違います"


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
            data = _Builder(loader, file, lines).document()
        except yaml.reader.ReaderError as e:
            raise _reader_error(e, text, file) from None
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line = mark.line + 1 if mark else None
            problem = (e.problem or e.context or "YAML の構文エラー").strip()
            bad_line = text.split("\n")[line - 1] if line else ""
            if _PARSER_DEPTH_LIMIT.search(problem):
                # libyaml ≥ 0.2.6 (PyYAML 6.0.4 wheels) stops deep nesting itself, while scanning ahead,
                # before the builder reaches MAX_DEPTH: the same input error, whichever stops it first
                raise InputError(file, line, *_DEPTH_MSG) from None
            if "\t" in bad_line[: len(bad_line) - len(bad_line.lstrip())] or ("tab" in problem and "\t" in text):
                problem = "タブ文字はインデントに使えません"
                expected = "半角スペースによるインデント"
            else:
                problem = yaml_problem(problem)
                expected = "正しい YAML（インデントは半角スペース、「キー: 値」の形）"
            raise InputError(file, line, f"YAML として読めません: {problem}", expected) from None
        except yaml.YAMLError as e:  # pragma: no cover - defensive
            raise InputError(file, None, f"YAML として読めません: {yaml_problem(str(e))}") from None
        if data is None:
            raise InputError(file, 1, "ファイルが空です", "YAML のマッピング（キー: 値）")
    finally:
        loader.dispose()
    return data, lines


def _reader_error(e, text: str, file: str) -> InputError:
    """Control characters and the like: PyYAML reports a character position, not a line."""
    line = text.count("\n", 0, e.position) + 1 if isinstance(e.position, int) else None
    ch = f"U+{e.character:04X}" if isinstance(e.character, int) else repr(e.character)
    return InputError(file, line, f"使えない制御文字があります（{ch}）", "表示できる文字だけのテキスト")


def load_yaml_file(path: str | Path) -> tuple[Any, LineMap, str]:
    text = read_text(path)
    data, lines = load_yaml_text(text, str(path))
    return data, lines, text
