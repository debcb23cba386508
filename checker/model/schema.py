"""Walks the case model by its form labels: which keys exist where, and of what kind.

Used to suggest the nearest valid key for a misspelt one, and to check that every
fact path a rule names exists in the case model (checker rules --verify).
"""
from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel

from .. import jp
from . import Case
from .base import Answer
from .mynumber import ITEM_WRITTEN_FROM as _ITEM_WRITTEN_FROM
from .mynumber import WRITTEN_FROM as _PIA_WRITTEN_FROM
from .consistency import WRITTEN_FROM as _CONSISTENCY_WRITTEN_FROM
from .itaku import WRITTEN_FROM as _ITAKU_WRITTEN_FROM
from .ketsugo import WRITTEN_FROM as _KETSUGO_WRITTEN_FROM
from .teikyo import WRITTEN_FROM as _TEIKYO_WRITTEN_FROM


@dataclass(frozen=True)
class Kind:
    """What a fact path holds, as the rules see it."""

    kind: str  # bool | int | str | enum | date | count | answer | list | items | sheet | map
    values: tuple = ()  # for enum (and list of enum)
    model: type | None = None  # for items / sheet
    item: "Kind | None" = None  # for list


def strip_optional(tp: Any) -> tuple[Any, bool]:
    """The annotation without Annotated and Optional; whether None is allowed (model.form reads it too)."""
    nullable = False
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp = get_args(tp)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            nullable = nullable or len(args) < len(get_args(tp))
            if len(args) == 1:
                tp = args[0]
                continue
        return tp, nullable


def _strip(tp: Any) -> Any:
    return strip_optional(tp)[0]


def kind_of(tp: Any) -> Kind:
    tp = _strip(tp)
    origin = get_origin(tp)
    if origin is Literal:
        return Kind("enum", tuple(get_args(tp)))
    if origin is list:
        inner = kind_of(get_args(tp)[0])
        if inner.kind == "sheet":
            return Kind("items", model=inner.model)
        return Kind("list", values=inner.values, item=inner)
    if origin is dict:
        return Kind("map", item=kind_of(get_args(tp)[1]))
    if tp is bool:
        return Kind("bool")
    if tp is int:
        return Kind("int")
    if tp is str:
        return Kind("str")
    if tp is jp.DateSpan:
        return Kind("date")
    if tp is jp.Count:
        return Kind("count")
    if isinstance(tp, type) and issubclass(tp, Answer):
        return Kind("answer")
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return Kind("sheet", model=tp)
    return Kind("str")


@lru_cache(maxsize=None)
def fields_of(model: type) -> dict[str, Kind]:
    """alias -> Kind for one sheet."""
    out = {}
    for name, info in model.model_fields.items():
        alias = info.alias or name
        out[alias] = kind_of(info.annotation if not info.metadata else Annotated[(info.annotation, *info.metadata)])
    return out


def model_at(loc: tuple, root: type = Case) -> type | None:
    """The sheet class at a location given as a path of aliases (indexes skipped)."""
    model = root
    for part in loc:
        if isinstance(part, int):
            continue
        if model is None:
            return None
        k = fields_of(model).get(part)
        if k is None:
            return None
        model = k.model if k.kind in ("sheet", "items") else None
    return model


# Leaves a rule can test, beyond the case model's own fields: derived facts.
DERIVED = {
    "date": {"始": Kind("int"), "終": Kind("int")},
    "count": {"値": Kind("int"), "約": Kind("bool")},
    "answer": {"回答": Kind("str"), "理由あり": Kind("bool")},
}


WRITTEN_FROM = {**_PIA_WRITTEN_FROM, **_TEIKYO_WRITTEN_FROM, **_ITAKU_WRITTEN_FROM, **_KETSUGO_WRITTEN_FROM, **_CONSISTENCY_WRITTEN_FROM}
_WRITTEN_FROM = WRITTEN_FROM  # derived fact → the entries it is computed from


def written_as(path: str) -> tuple[str, ...]:
    """The entries a case file writes for a fact path. A derived part (a checklist row's 回答／理由あり, a date's
    始／終, a count's 値／約) belongs to the one entry it is derived from; a derived fact (手続の順序, 根拠条項 …)
    to the entries it is computed from. Item indices ([1]) are kept."""
    if path in _WRITTEN_FROM:
        return _WRITTEN_FROM[path]
    if path.endswith("#件数"):  # a list's length stands on the list's entries
        return (path[: -len("#件数")],)
    head, _, last = path.rpartition(".")
    own = _ITEM_WRITTEN_FROM.get(re.sub(r"\[\d+\]", "", path))
    if own is not None:
        return (f"{head}.{own}",)
    if head and any(last in parts for parts in DERIVED.values()):
        kind = resolve(re.sub(r"\[\d+\]", "", head))
        if kind is not None and kind.kind in DERIVED:
            return written_as(head)  # a derived date (委託の期限) stands on the text it is read from
    return (path,)


def resolve(path: str, root: type = Case) -> Kind | None:
    """Kind of a dotted fact path like 外部結合.チェックリスト.区・システム上.通信内容の暗号化.回答."""
    parts = path.split(".")
    model: type | None = root
    kind: Kind | None = None
    for i, part in enumerate(parts):
        if kind is not None and kind.kind in DERIVED:
            kind = DERIVED[kind.kind].get(part)
            if kind is None:
                return None
            continue
        if model is None:
            return None
        kind = fields_of(model).get(part)
        if kind is None:
            return None
        model = kind.model if kind.kind in ("sheet",) else None
        if kind.kind == "items" and i != len(parts) - 1:
            return None  # paths into list items go through every/some
    return kind


def all_paths(root: type = Case, prefix: str = "") -> list[str]:
    out = []
    for alias, k in fields_of(root).items():
        p = f"{prefix}{alias}"
        out.append(p)
        if k.kind == "sheet":
            out.extend(all_paths(k.model, p + "."))
        elif k.kind in DERIVED:
            out.extend(f"{p}.{d}" for d in DERIVED[k.kind])
    return out
