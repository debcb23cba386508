"""The condition language of rule files, as data a reader of law can follow.

    all: [ … ]            every condition holds
    any: [ … ]            at least one holds (ただし書 exceptions are one more branch)
    not: …                the condition does not hold
    <fact path>: <value>                  the fact equals the value
    <fact path>: {<op>: <value>}          op: eq ne in not_in gt gte lt lte includes excludes
    <fact path>: {stated: true}           the form states the fact (不明 or left out: no). Two-valued, and
                                          only in `applies`: a rule may apply only where a fact is stated
                                          (a cross-check of what the department wrote), never pass on it
    every: <list path>, has: …            every entry of the list satisfies …  (an empty list: yes)
    some:  <list path>, has: …            at least one entry satisfies …       (an empty list: no)
    some:  <list path>                    the list has at least one entry (also a list of values: 結合の相手方)
    <fact path>: {in: {catalog: <name>}}  the fact is one of a catalogue's 事務 (rules/catalog/; expanded
                                          to a plain in-list when the rule is loaded, see checker/rules/catalog.py)

Several keys in one mapping all have to hold. Facts are three-valued: a fact that is
missing or 不明 is unknown, and so is every condition that needs it (Kleene logic):
unknown never becomes 適合.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import jp
from ..model.schema import DERIVED, Kind, resolve

OPS = ("eq", "ne", "in", "not_in", "gt", "gte", "lt", "lte", "includes", "excludes", "stated")


@dataclass(frozen=True)
class Atom:
    path: str
    op: str
    value: Any
    relative: bool = False  # inside every/some: path is relative to the list item


@dataclass(frozen=True)
class All:
    items: tuple


@dataclass(frozen=True)
class AnyOf:
    items: tuple


@dataclass(frozen=True)
class Not:
    item: Any


@dataclass(frozen=True)
class Every:
    path: str
    cond: Any


@dataclass(frozen=True)
class Some:
    path: str
    cond: Any  # None: the list is not empty
    plain: bool = False  # a list of values (結合の相手方, 回線), not of entries: only `some: <path>` (not empty)


@dataclass(frozen=True)
class DateIn:
    """The fact date span lies within [start, end] (yyyymmdd ints; None = open)."""

    path: str
    start: int | None
    end: int | None


TRUE = All(())


class ConditionError(ValueError):
    def __init__(self, message: str, loc: tuple = (), expected: str | None = None):
        super().__init__(message)
        self.loc = loc
        self.expected = expected


def _scalar_ok(kind: Kind, value: Any, path: str, op: str, loc: tuple) -> Any:
    k = kind.kind
    if k == "list":
        k = kind.item.kind if kind.item else "str"
        kind = kind.item or kind
    if k == "bool":
        if isinstance(value, bool):
            return value
        try:
            return jp.parse_flag(value)
        except ValueError:
            raise ConditionError(f"{path} は あり／なし の事実です: 「{value}」とは比べられません", loc, "true / false") from None
    if k == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConditionError(f"{path} は数です: 「{value}」とは比べられません", loc, "整数")
    if k == "enum":
        if value not in kind.values:
            raise ConditionError(f"{path} の値は {('／'.join(map(str, kind.values)))} のどれかです: 「{value}」はありません", loc, "／".join(map(str, kind.values)))
        return value
    if k == "str":
        if not isinstance(value, str):
            raise ConditionError(f"{path} は文字列です: {value!r} とは比べられません", loc, "文字列")
        return value
    raise ConditionError(f"{path} は {k} なので直接は比べられません", loc)


def _leaf(path: str, kind: Kind, op: str, loc: tuple) -> tuple[str, Kind]:
    """Sugar: an answer compares by its 回答, a count by its 値."""
    if kind.kind == "answer":
        return path + ".回答", DERIVED["answer"]["回答"]
    if kind.kind == "count":
        return path + ".値", DERIVED["count"]["値"]
    return path, kind


def parse(data: Any, loc: tuple = (), item_model: type | None = None) -> Any:
    """YAML data → condition tree; paths checked against the case model."""
    if data is True:
        return TRUE
    if not isinstance(data, dict) or not data:
        raise ConditionError("条件はマッピング（all／any／not／every／some、または 事実のパス: 値）です", loc)
    parts = []
    keys = set(data)
    if "every" in keys or "some" in keys:
        quant = "every" if "every" in keys else "some"
        extra = keys - {quant, "has"}
        if extra or ("every" in keys and "some" in keys):
            raise ConditionError(f"{quant} と同じマッピングには has だけが書けます（{'、'.join(map(str, extra))}）", loc)
        if item_model is not None:
            raise ConditionError("every／some の中に every／some は書けません", loc)
        lpath = data[quant]
        if not isinstance(lpath, str):
            raise ConditionError(f"{quant} にはリストのパスを書きます", loc + (quant,))
        _not_a_fact(lpath, loc + (quant,))
        kind = resolve(lpath)
        if kind is None:
            near = _nearest(lpath)
            raise ConditionError(f"事実のパス「{lpath}」は案件モデルにありません" + (f"。もしかして「{near}」ですか" if near else ""), loc + (quant,), near)
        if kind.kind == "list" and quant == "some" and "has" not in data:
            return Some(lpath, None, plain=True)  # the list of values has at least one entry
        if kind.kind != "items":
            raise ConditionError(f"「{lpath}」は項目のリストではありません（every／some が使えるのは 再委託 などのリスト。"
                                 "値のリストには some: だけ（has なし）が書けます）", loc + (quant,))
        inner = None
        if "has" in data:
            inner = parse(data["has"], loc + ("has",), item_model=kind.model)
        elif quant == "every":
            raise ConditionError("every には has: 条件 が必要です", loc)
        return Every(lpath, inner) if quant == "every" else Some(lpath, inner)
    if "has" in keys:
        raise ConditionError("has は every／some と一緒に書きます", loc)
    for key, value in data.items():
        kloc = loc + (key,)
        if key == "all" or key == "any":
            if not isinstance(value, list) or not value:
                raise ConditionError(f"{key} には条件のリストを書きます", kloc)
            subs = tuple(parse(v, kloc + (i,), item_model) for i, v in enumerate(value))
            parts.append(All(subs) if key == "all" else AnyOf(subs))
        elif key == "not":
            parts.append(Not(parse(value, kloc, item_model)))
        else:
            parts.append(_atom(str(key), value, kloc, item_model))
    return parts[0] if len(parts) == 1 else All(tuple(parts))


WAIVERS = "承諾・免除"  # recorded exceptions: applied to the verdicts after the engine (run.waivers), never read by a rule


def _not_a_fact(path: str, loc: tuple) -> None:
    if path.split(".")[0] == WAIVERS:
        raise ConditionError(f"「{WAIVERS}」は判定のあとに当てる記録で、事実ではありません: ルールの条件には書けません", loc)


def _nearest(path: str, root: type | None = None) -> str | None:
    import difflib

    from ..model.schema import all_paths
    from ..model import Case

    cands = all_paths(root or Case)
    near = difflib.get_close_matches(path, cands, n=1, cutoff=0.3)
    return near[0] if near else None


def _atom(path: str, value: Any, loc: tuple, item_model: type | None) -> Atom:
    if isinstance(value, dict):
        if len(value) != 1:
            raise ConditionError(f"「{path}」の比較は 1 つだけ書きます（{'、'.join(map(str, value))}）", loc, "、".join(OPS))
        op, arg = next(iter(value.items()))
        if op not in OPS:
            raise ConditionError(f"比較「{op}」はありません", loc, "、".join(OPS))
    else:
        op, arg = "eq", value
    from ..model import Case

    root = item_model or Case
    if item_model is None:
        _not_a_fact(path, loc)
    kind = resolve(path, root)
    if kind is None:
        near = _nearest(path, root)
        raise ConditionError(f"事実のパス「{path}」は案件モデルにありません" + (f"。もしかして「{near}」ですか" if near else ""), loc, near)
    path, kind = _leaf(path, kind, op, loc)
    if op == "stated":
        if arg is not True:
            raise ConditionError(f"「{path}」: stated には true だけを書きます（書かれていないことは not: で表します）", loc, "{stated: true}")
        if kind.kind in ("sheet", "items", "map", "date"):
            raise ConditionError(f"「{path}」はまとまり（{kind.kind}）です: stated は 1 つの事実に使います", loc)
        if item_model is not None:  # durable-rules hangs on $nex over a list item's field (docs/engine.md)
            raise ConditionError(f"「{path}」: stated は every／some の中には書けません（シートの事実に使います）", loc)
        return Atom(path, op, True, relative=item_model is not None)
    if kind.kind in ("sheet", "items", "map", "date", "count", "answer"):
        raise ConditionError(f"「{path}」はまとまり（{kind.kind}）なので値と比べられません。下の項目を指定してください", loc)
    if op in ("includes", "excludes"):
        if kind.kind != "list":
            raise ConditionError(f"{op} はリストの事実に使います:「{path}」はリストではありません", loc, "eq／ne")
        arg = _scalar_ok(kind, arg, path, op, loc)
    elif kind.kind == "list":
        raise ConditionError(f"「{path}」はリストです: includes／excludes で比べてください", loc, "{includes: 値}")
    elif op in ("in", "not_in"):
        if isinstance(arg, dict) and set(arg) == {"catalog"}:
            raise ConditionError(f"カタログ「{arg['catalog']}」の参照はルールファイルを読むときに展開されます（ここでは使えません）", loc, "[値, 値]")
        if not isinstance(arg, list) or not arg:
            raise ConditionError(f"{op} には値のリストを書きます", loc, "[値, 値]")
        arg = tuple(_scalar_ok(kind, a, path, op, loc) for a in arg)
    elif op in ("gt", "gte", "lt", "lte"):
        if kind.kind != "int":
            raise ConditionError(f"{op} は数の事実に使います:「{path}」は数ではありません", loc)
        arg = _scalar_ok(kind, arg, path, op, loc)
    else:
        arg = _scalar_ok(kind, arg, path, op, loc)
    return Atom(path, op, arg, relative=item_model is not None)


def uses_stated(cond: Any) -> bool:
    """Whether a condition tests whether a fact is stated (allowed in `applies` only)."""
    if isinstance(cond, Atom):
        return cond.op == "stated"
    if isinstance(cond, (All, AnyOf)):
        return any(uses_stated(c) for c in cond.items)
    if isinstance(cond, Not):
        return uses_stated(cond.item)
    if isinstance(cond, (Every, Some)):
        return cond.cond is not None and uses_stated(cond.cond)
    return False
