"""The YAML parser of yamlio (its rules are said there): PyYAML's libyaml events built into plain data and its line map.
Imported only when a text is parsed (importing PyYAML is some 15 ms of a start)."""
from __future__ import annotations

import re
from typing import Any

import yaml

from ..errors import InputError
from .yamlio import MAX_DEPTH, LineMap

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


