"""Building blocks shared by every sheet of the case model.

Keys in case files are the labels of the 付議事項 sheets (aliases); Python uses English names.
A value written 不明 (or left empty) means "the department does not know": it is dropped
from the facts, so every rule that needs it says 要確認.
"""

from typing import Annotated, Any, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, PlainValidator, PrivateAttr, model_validator

from .. import jp

UNKNOWN = {"不明", "未定", "？", "?"}
NONE_WORDS = ("なし", "無し", "該当なし")  # a list or a table of entries written as none: empty


def _unknown_to_none(v: Any) -> Any:
    """不明 → None; so is a list of words that holds 不明 ([不明], [情報政策課, 不明]): the list is not known whole, and a rule
    reading it must ask (it used to be read as the word 「不明」, and a rule requiring the list to be written said 適合)."""
    if isinstance(v, str) and v.strip() in UNKNOWN:
        return None
    if isinstance(v, list) and any(isinstance(x, str) and x.strip() in UNKNOWN for x in v):
        return None
    return v


class Sheet(BaseModel):
    """A part of a case file. Unknown keys are rejected; 不明 becomes None.

    DERIVED names the keys of a sheet that are computed (in its after-validator) from what the form says: a case file
    that writes one is an input error, with the reason given (key → the rest of the message after 「key」は).
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=False, str_strip_whitespace=True, defer_build=True)
    DERIVED: ClassVar[dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _unknowns(cls, data: Any) -> Any:
        if isinstance(data, dict):
            for key, why in cls.DERIVED.items():
                if key in data:
                    raise ValueError(f"「{key}」は{why}")
            return {k: _unknown_to_none(v) for k, v in data.items()}
        return data


class PeriodSheet(Sheet):
    """A sheet whose period is written as free text (PERIOD: the field holding it): read once (jp.parse_period) into the
    sheet's derived `start` and `end`, and kept for the 整合性 comparisons (parsed_period). Each subclass declares start
    and end under its own labels (委託の開始時期 …) and lists them in DERIVED."""

    PERIOD: ClassVar[str] = "period"
    _period: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _read_period(self):
        self._period = jp.parse_period(getattr(self, self.PERIOD))
        p = self._period
        self.start, self.end = (p.start, p.end) if p is not None else (None, None)
        return self

    @property
    def parsed_period(self) -> "jp.Period | None":
        return self._period


def F(alias: str, default: Any = None, **kw) -> Any:
    """A field known by its form label."""
    return Field(default, alias=alias, **kw)


def R(alias: str, **kw) -> Any:
    """A required field (may still be written 不明 where its type allows None)."""
    return Field(..., alias=alias, **kw)


def _flag(v: Any) -> bool:
    return jp.parse_flag(v)


def _date(v: Any) -> jp.DateSpan:
    if isinstance(v, jp.DateSpan):
        return v
    return jp.parse_date(v)


def _count(v: Any) -> jp.Count:
    if isinstance(v, jp.Count):
        return v
    return jp.parse_count(v)


def _as_list(v: Any) -> Any:
    if v is None:
        return v
    if isinstance(v, str):
        t = v.strip()
        if t in NONE_WORDS:
            return []
        return [t]
    if isinstance(v, list) and v and all(isinstance(x, str) and x.strip() in NONE_WORDS for x in v):
        return []  # [なし] says none as なし does (it was read as a name 「なし」)
    return v


def _text(v: Any) -> Any:
    # numbers written where text is expected are fine (e.g. 登録番号); keep them as written
    if isinstance(v, bool):
        raise ValueError("文字列が必要です")
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list) and all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in v):
        return "\n".join(str(x) for x in v)
    return v


def _as_items(v: Any) -> Any:
    """A list of entries; one mapping alone is a list of one; なし is an empty list."""
    if isinstance(v, dict):
        return [v]
    if isinstance(v, str) and v.strip() in NONE_WORDS:
        return []
    return v


def _as_is(v):
    return v


def _text_of(v):
    return v.text


# named functions, not lambdas: the built validator is kept between starts with its functions written by name (prebuilt.py);
# defer_build (the configs above): the schema is built once, for Case, by prebuilt.install, or read from the cache
Flag = Annotated[bool, PlainValidator(_flag), PlainSerializer(_as_is)]
Date = Annotated[jp.DateSpan, PlainValidator(_date), PlainSerializer(_text_of)]
Count = Annotated[jp.Count, PlainValidator(_count), PlainSerializer(_text_of)]
Text = Annotated[str, BeforeValidator(_text)]
StrList = Annotated[list[str], BeforeValidator(_as_list)]


def Items(model: type) -> Any:
    """Annotated list type of sub-sheets (再委託, 委託先 ...)."""
    return Annotated[list[model], BeforeValidator(_as_items)]


class Answer(BaseModel):
    """One row of a checklist: ○ (done) or ー (not needed, with a reason); anything else fails."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False, defer_build=True)

    mark: str = Field(..., alias="回答")
    reason: str | None = Field(None, alias="理由")
    measure: str | None = Field(None, alias="内容")

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if data is None:
            return {"回答": "空欄"}
        if isinstance(data, bool):
            raise ValueError("○ または ー で答えてください")
        if isinstance(data, str):
            text = data.strip()
            if not text:
                return {"回答": "空欄"}
            head, rest = text[0], text[1:].strip()
            mark = jp.normalize_mark(head)
            if mark == "ー" and rest:
                rest = rest.strip("（）()：: ")
                return {"回答": "ー", "理由": rest or None}
            return {"回答": jp.normalize_mark(text)}
        if isinstance(data, dict):
            d = dict(data)
            if "回答" in d:
                m = d["回答"]
                d["回答"] = "空欄" if m is None or (isinstance(m, str) and not m.strip()) else jp.normalize_mark(str(m))
            if isinstance(d.get("理由"), str) and not d["理由"].strip():
                d["理由"] = None
            return d
        return data

    @property
    def has_reason(self) -> bool:
        return bool(self.reason)


class AnswerGroup(BaseModel):
    """A block of checklist rows. A row left empty is 空欄 (fails); a row written 不明 is unknown."""

    model_config = ConfigDict(extra="forbid", populate_by_name=False, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_rows(cls, data: Any) -> Any:
        if isinstance(data, dict):
            out = {}
            for k, v in data.items():
                if isinstance(v, str) and v.strip() in UNKNOWN:
                    continue
                if isinstance(v, dict) and isinstance(v.get("回答"), str) and v["回答"].strip() in UNKNOWN:
                    continue  # {回答: 不明} is the row written 不明 (was the mark 不明: 不適合 like a stray symbol)
                out[k] = "" if v is None else v
            return out
        return data
