"""Catalogues of 事務 (rules/catalog/*.yaml): named lists a rule condition can use.

A catalogue file:
    catalog: 独自利用事務                 # the name rules use: {事務: {in: {catalog: 独自利用事務}}}
    title: …
    source: …                            # where the list comes from
    valid: {from: …, to: …}              # optional: default validity of every entry
    note: …
    entries:
      - name: 外国人生活保護事務           # the 事務 as the forms write it
        also: [ … ]                      # other wordings the forms use for the same 事務
        kind: 独自利用事務                 # 法定事務 | 独自利用事務
        source: seed 000 …               # where this entry comes from (required)
        basis: …                         # 根拠 (別表の項, 施行規則 …) as far as it is known
        added: …                         # how / when it was added, as the seeds say
        valid: {from: …, to: …}          # optional
        pending: 施行 令和6年10月（予定）   # added by a proposal, in force on a day not yet known: never used to
                                         # pass a case (a proposal cannot authorise itself through the catalogue)
        note: …

At rule-load time `{in: {catalog: X}}` (or not_in) becomes a plain `in` list of the names (and
`also` wordings) of X's entries whose validity overlaps the rule version's own `valid` period, so the
compiler and the oracle only ever see plain lists. A reference to a catalogue that does not exist,
or one that leaves no entry for the rule's period, is an input error at the reference's line.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import jp
from ..errors import InputError
from ..input.yamlio import LineMap, load_yaml_file

CATALOG_DIR = "catalog"
FILE_KEYS = {"catalog", "title", "citation", "citation_status", "source", "valid", "note", "entries"}
CITATION_STATUSES = ("seed", "verified", "unverified")
ENTRY_KEYS = {"name", "also", "kind", "source", "basis", "added", "valid", "note", "pending"}
NONE_IN_FORCE = "（カタログに効力のある項目がない）"  # the list of a catalogue all of whose entries are pending: matches no name
KINDS = ("法定事務", "独自利用事務")
REF_KEY = "catalog"


@dataclass
class Entry:
    name: str
    also: tuple[str, ...]
    kind: str | None
    source: str
    basis: str | None
    added: str | None
    valid_from: int | None
    valid_to: int | None
    line: int
    pending: str | None = None

    def names(self) -> tuple[str, ...]:
        return (self.name, *self.also)

    def overlaps(self, start: int | None, end: int | None) -> bool:
        if self.valid_to is not None and start is not None and self.valid_to < start:
            return False
        if self.valid_from is not None and end is not None and self.valid_from > end:
            return False
        return True


@dataclass
class Catalog:
    name: str
    title: str
    source: str
    file: str
    citation: str = ""  # the law or rule that makes a 事務 belong here (番号法 第9条第1項・別表 …)
    citation_status: str = "seed"
    entries: list[Entry] = field(default_factory=list)

    def names(self, start: int | None = None, end: int | None = None) -> list[str]:
        out: list[str] = []
        for e in self.entries:
            if e.pending is None and e.overlaps(start, end):
                for n in e.names():
                    if n not in out:
                        out.append(n)
        return out


def exact_day(v: Any, file: str, line: int | None, what: str) -> int:
    """A date that names one day (yyyymmdd), or an input error at the line."""
    try:
        span = jp.parse_date(v)
    except ValueError as e:
        raise InputError(file, line, f"{what}: {e}", jp.DATE_EXPECTED) from None
    if not span.exact:
        raise InputError(file, line, f"{what}: 「{v}」は 1 日を指していません", "2024-05-27 のような日付")
    return jp.ymd(span.start)


def valid_period(v: Any, file: str, line: int | None) -> tuple[int | None, int | None]:
    """`valid: {from: …, to: …}` → (from, to) as yyyymmdd (None: open), or an input error at the line."""
    if v is None:
        return None, None
    if not isinstance(v, dict) or not v or not set(v) <= {"from", "to"}:
        raise InputError(file, line, "valid は {from: 日付, to: 日付} で書きます", "valid: {from: 2024-05-27}")
    vf = exact_day(v["from"], file, line, "valid.from") if v.get("from") is not None else None
    vt = exact_day(v["to"], file, line, "valid.to") if v.get("to") is not None else None
    if vf is not None and vt is not None and vf > vt:
        raise InputError(file, line, "valid.from が valid.to より後です")
    return vf, vt


def _text(d: dict, key: str, file: str, line: int | None, required: bool = False) -> str | None:
    v = d.get(key)
    if v is None or v == "":
        if required:
            raise InputError(file, line, f"カタログに必須の「{key}」がありません", key + ": …")
        return None
    if not isinstance(v, str):
        raise InputError(file, line, f"「{key}」は文字列で書きます")
    return v


def load_catalog(path: str | Path) -> Catalog:
    file = str(path)
    data, lines, _ = load_yaml_file(path)
    if not isinstance(data, dict) or "catalog" not in data or "entries" not in data:
        raise InputError(file, 1, "カタログファイルには catalog: と entries: が必要です", "catalog: 名前／title: …／source: …／entries: [ … ]")
    extra = set(data) - FILE_KEYS
    if extra:
        k = sorted(extra)[0]
        raise InputError(file, lines.line_for((k,)), f"カタログファイルのキー「{k}」はありません", "、".join(sorted(FILE_KEYS)))
    name = data["catalog"]
    if not isinstance(name, str) or not name.strip():
        raise InputError(file, lines.line_for(("catalog",)), "catalog には名前（文字列）を書きます")
    source = _text(data, "source", file, 1, required=True)
    citation = _text(data, "citation", file, 1, required=True)
    status = _text(data, "citation_status", file, 1, required=True)
    if status not in CITATION_STATUSES:
        raise InputError(file, lines.line_for(("citation_status",)), f"citation_status「{status}」はありません", " / ".join(CITATION_STATUSES))
    dvf, dvt = valid_period(data.get("valid"), file, lines.line_for(("valid",)))
    if not isinstance(data["entries"], list) or not data["entries"]:
        raise InputError(file, lines.line_for(("entries",)), "entries は 1 件以上の項目のリストです")
    cat = Catalog(name=name, title=_text(data, "title", file, 1) or name, source=source, file=file,
                  citation=citation, citation_status=status)
    seen: dict[str, int] = {}
    for i, e in enumerate(data["entries"]):
        line = lines.line_for(("entries", i)) or 0
        if not isinstance(e, dict):
            raise InputError(file, line, "カタログの項目はマッピングで書きます", "name: …／source: …")
        extra = set(e) - ENTRY_KEYS
        if extra:
            k = sorted(extra)[0]
            near = difflib.get_close_matches(k, sorted(ENTRY_KEYS), n=1, cutoff=0.0)
            raise InputError(file, lines.line_for(("entries", i, k)), f"カタログの項目のキー「{k}」はありません" + (f"。もしかして「{near[0]}」ですか" if near else ""), "、".join(sorted(ENTRY_KEYS)))
        ename = _text(e, "name", file, line, required=True)
        esource = _text(e, "source", file, line, required=True)
        also = e.get("also") or []
        if isinstance(also, str):
            also = [also]
        if not isinstance(also, list) or not all(isinstance(x, str) and x for x in also):
            raise InputError(file, lines.line_for(("entries", i, "also")), "also は文字列のリストです")
        kind = e.get("kind")
        if kind is not None and kind not in KINDS:
            raise InputError(file, lines.line_for(("entries", i, "kind")), f"kind「{kind}」は使えません", "／".join(KINDS))
        vf, vt = valid_period(e.get("valid"), file, lines.line_for(("entries", i, "valid")))
        for n in (ename, *also):
            if n in seen:
                raise InputError(file, line, f"「{n}」はカタログ {name} に 2 度書かれています（{seen[n]} 行目）")
            seen[n] = line
        cat.entries.append(Entry(
            name=ename, also=tuple(also), kind=kind, source=esource, basis=_text(e, "basis", file, line),
            added=_text(e, "added", file, line), valid_from=vf if vf is not None else dvf,
            valid_to=vt if vt is not None else dvt, line=line, pending=_text(e, "pending", file, line),
        ))
    return cat


_CACHE: dict[str, tuple[tuple, dict[str, Catalog]]] = {}


def catalog_dir_for(rule_file: str | Path) -> Path:
    return Path(rule_file).resolve().parent / CATALOG_DIR


def load_catalogs(directory: str | Path) -> dict[str, Catalog]:
    """Every catalogue in a directory, by name (cached while the files do not change)."""
    d = Path(directory)
    if not d.is_dir():
        return {}
    files = sorted(x for x in d.glob("*.y*ml") if x.is_file())
    key = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    hit = _CACHE.get(str(d.resolve()))
    if hit and hit[0] == key:
        return hit[1]
    out: dict[str, Catalog] = {}
    for f in files:
        cat = load_catalog(f)
        if cat.name in out:
            raise InputError(str(f), 1, f"カタログ「{cat.name}」は {out[cat.name].file} にもあります")
        out[cat.name] = cat
    _CACHE[str(d.resolve())] = (key, out)
    return out


def is_ref(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {REF_KEY}


def has_refs(data: Any) -> bool:
    if is_ref(data):
        return True
    if isinstance(data, dict):
        return any(has_refs(v) for v in data.values())
    if isinstance(data, list):
        return any(has_refs(v) for v in data)
    return False


def expand(data: Any, catalogs: dict[str, Catalog], start: int | None, end: int | None,
           file: str, lines: LineMap, loc: tuple, refs: list | None = None) -> Any:
    """A rule condition with every {in|not_in: {catalog: X}} replaced by X's names for [start, end]."""
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            if k in ("in", "not_in") and is_ref(v):
                out[k] = _names(v[REF_KEY], catalogs, start, end, file, lines.line_for(loc + (k, REF_KEY)) or lines.line_for(loc + (k,)))
                if refs is not None:
                    refs.append(v[REF_KEY])
            elif is_ref(v):
                raise InputError(file, lines.line_for(loc + (k,)), f"カタログ参照は in／not_in の値にだけ書けます（「{k}」）", "事務: {in: {catalog: 独自利用事務}}")
            else:
                out[k] = expand(v, catalogs, start, end, file, lines, loc + (k,), refs)
        return out
    if isinstance(data, list):
        return [expand(v, catalogs, start, end, file, lines, loc + (i,), refs) for i, v in enumerate(data)]
    return data


def _names(name: Any, catalogs: dict[str, Catalog], start, end, file: str, line: int | None) -> list[str]:
    if not isinstance(name, str) or name not in catalogs:
        known = sorted(catalogs)
        near = difflib.get_close_matches(str(name), known, n=1, cutoff=0.0) if known else []
        raise InputError(file, line, f"カタログ「{name}」はありません" + (f"。もしかして「{near[0]}」ですか" if near else "（rules/catalog/ にカタログがありません）"),
                         "、".join(known) if known else None)
    cat = catalogs[name]
    names = cat.names(start, end)
    if not names and any(e.pending and e.overlaps(start, end) for e in cat.entries):
        return [NONE_IN_FORCE]  # every entry waits for its 施行日: the cross-check says 要確認 for every name
    if not names:
        raise InputError(file, line, f"カタログ「{name}」にはこのルールの有効期間に当たる項目がありません")
    return names
