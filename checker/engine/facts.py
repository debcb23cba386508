"""Case → facts: one nested dict with the form's labels as keys.

Unknown values are left out (so rules see them as missing, and say 要確認).
Dates become {始, 終} as yyyymmdd integers (a 年度 or a month is a span);
counts become {値, 約}; checklist rows become {回答, 理由あり}; each list gets a
sibling «key#件数» with its length, so "every item" can be true of an empty list.
"""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .. import jp
from ..model.base import Answer
from ..model.schema import written_as  # a derived fact stands on the entries it is computed from
from ..provenance import Cover, Provenance

LEN_SUFFIX = "#件数"


def _value(v: Any) -> Any:
    if isinstance(v, Answer):
        return {"回答": v.mark, "理由あり": v.has_reason}
    if isinstance(v, BaseModel):
        return to_facts(v)
    if isinstance(v, jp.DateSpan):
        return {"始": jp.ymd(v.start), "終": jp.ymd(v.end)}
    if isinstance(v, jp.Count):
        return {"値": v.value, "約": v.approx}
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


# 出所 says where facts come from; 承諾・免除 is applied to the verdicts after the engine (checker/run/waivers.py); 前回の案件
# names the case this one changes (checker/run/diff.py): no rule reads any of them
NOT_FACTS = frozenset({"provenance", "waivers", "predecessor"})


def to_facts(model: BaseModel) -> dict:
    out: dict = {}
    for name, info in type(model).model_fields.items():
        v = getattr(model, name)
        if v is None or name in NOT_FACTS:
            continue
        key = info.alias or name
        out[key] = _value(v)
        if isinstance(v, list):
            out[key + LEN_SUFFIX] = len(v)
    return out


_SOURCES: dict = {}  # fact path → the paths provenance_of() looks up for it (written_as is pure; paths recur)


def _sources(path: str) -> tuple:
    src = _SOURCES.get(path)
    if src is None:
        if len(_SOURCES) > 100_000:  # bounded: indexed paths of very long lists
            _SOURCES.clear()
        src = _SOURCES[path] = tuple(dict.fromkeys((*written_as(path), path)))
    return src


def provenance_of(table: dict[str, Provenance] | None, facts, cover=None) -> list[tuple[str, Provenance]]:
    """The non-transcribed facts among a verdict's deciding facts ([(path, value)]; missing ones skipped). cover: the
    case's memoised covering() (provenance.Cover of the same table), when the caller keeps one per case."""
    if not table:
        return []
    if cover is None:
        cover = Cover(table)
    out, seen = [], set()
    for path, value in facts:
        if value is None or path in seen:
            continue
        for src in _sources(path):
            hit = cover(src)
            if hit:
                seen.add(path)
                out.append((path, hit[1]))
                break
    return out
