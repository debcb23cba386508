"""Rule packs: rules/*.yaml, each rule a piece of data a secretariat member can review.

A pack file:
    pack: 特記事項                     # the body of rules (groups columns in audits)
    title: …
    source: …                         # where the text comes from
    rules:
      - id: TOKKI-10
        title: 再委託の禁止
        citation: 特記事項 第10項      # printed in every verdict
        citation_status: seed          # seed | verified | unverified
        source: seed 001 特記事項 10
        applies: {…}                   # when the rule applies (else 対象外)
        requires: {…}                  # what it requires (else 不適合; unknown → 要確認)
        message: …                     # why it fails
        remedy: …                      # what the department must add or change
        severity: 高                   # 高 | 中 | 低
        valid: {from: 2015-04-01, to: 2023-03-31}   # optional; the case's 付議日 picks the version
Several entries may share an id when their valid periods differ: they are versions of one rule.
One entry may also hold its versions itself, each saying only what differs (its `valid`, and e.g. its text,
citation_status or note); everything else is the entry's:
      - id: TOKKI-02
        …                              # applies, requires, message … once
        versions:
        - valid: {to: 2023-03-31}
          text: …                      # the 平成 wording (seed 001/002)
        - valid: {from: 2023-04-01}
          citation_status: unverified  # the wording in force is not in the seeds: printed 〔未検証〕
          note: …
A condition may name a catalogue of 事務 (rules/catalog/, next to the pack): `{in: {catalog: 独自利用事務}}`
is expanded here, at load time, into the plain list of the entries valid in the rule's period (checker/catalog.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import jp
from .catalog import catalog_dir_for, expand, has_refs, load_catalogs
from .conditions import TRUE, ConditionError, DateIn, parse, uses_stated
from .errors import InputError, InputErrors
from .facts import ymd
from .verdict import FAIL, UNKNOWN
from .yamlio import LineMap, load_yaml_file

RULE_KEYS = {
    "id", "title", "citation", "citation_status", "also_cite", "source", "applies", "requires",
    "message", "remedy", "severity", "valid", "text", "note", "when_unmet", "versions",
}
# what a version inside `versions:` may say (it must say its valid)
VERSION_KEYS = RULE_KEYS - {"id", "versions"}
# what a rule says when its requirement is not met: 不適合, or 要確認 for a cross-check (a catalogue that does not
# list a name proves nothing: the name is to be checked, never refused)
UNMET = (FAIL, UNKNOWN)
REQUIRED = ("id", "title", "citation", "citation_status", "source", "requires", "message", "remedy", "severity")
STATUSES = ("seed", "verified", "unverified")
SEVERITIES = ("高", "中", "低")
DATE_PATH = "付議日"


@dataclass
class Rule:
    """One version of one rule."""

    id: str
    title: str
    citation: str
    citation_status: str
    source: str
    applies: Any
    requires: Any
    message: str
    remedy: str
    severity: str
    pack: str
    file: str
    line: int
    also_cite: tuple = ()
    valid_from: int | None = None
    valid_to: int | None = None
    text: str | None = None
    note: str | None = None
    version: int = 0
    catalogs: tuple = ()  # names of the catalogues its conditions use
    when_unmet: str = FAIL

    @property
    def dated(self) -> bool:
        return self.valid_from is not None or self.valid_to is not None

    @property
    def window(self) -> Any:
        return DateIn(DATE_PATH, self.valid_from, self.valid_to) if self.dated else TRUE

    @property
    def cite(self) -> str:
        """The citation as printed: unverified ones say so."""
        c = self.citation
        if self.citation_status == "unverified":
            c += "〔未検証〕"
        return c


@dataclass
class RuleBook:
    """All rules, grouped by id (versions in date order), in file order."""

    rules: dict[str, list[Rule]] = field(default_factory=dict)
    packs: dict[str, str] = field(default_factory=dict)  # pack -> title

    def ids(self) -> list[str]:
        return list(self.rules)

    def versions(self, rid: str) -> list[Rule]:
        return self.rules[rid]

    def all(self) -> list[Rule]:
        return [r for vs in self.rules.values() for r in vs]

    def latest(self, rid: str) -> Rule:
        return self.rules[rid][-1]

    def pack_of(self, rid: str) -> str:
        return self.rules[rid][0].pack


def _date(v: Any, file: str, line: int | None, what: str) -> int:
    try:
        span = jp.parse_date(v)
    except ValueError as e:
        raise InputError(file, line, f"{what}: {e}", jp.DATE_EXPECTED) from None
    if not span.exact:
        raise InputError(file, line, f"{what}: 「{v}」は 1 日を指していません", "2023-04-01 のような日付")
    return ymd(span.start)


def _rule(data: Any, pack: str, file: str, lines: LineMap, loc: tuple, catalogs: Any = None) -> Rule:
    """One rule entry → Rule. catalogs: {name: Catalog}, or a callable giving it (loaded when first needed)."""
    line = lines.line_for(loc)
    if not isinstance(data, dict):
        raise InputError(file, line, "ルールはマッピングで書きます", "id: …／title: … の形")
    unknown = set(data) - RULE_KEYS
    if unknown:
        import difflib

        k = sorted(unknown)[0]
        near = difflib.get_close_matches(k, sorted(RULE_KEYS), n=1, cutoff=0.0)
        raise InputError(file, lines.line_for(loc + (k,)), f"ルールのキー「{k}」はありません" + (f"。もしかして「{near[0]}」ですか" if near else ""), "、".join(sorted(RULE_KEYS)))
    for k in REQUIRED:
        if k not in data or data[k] in (None, ""):
            raise InputError(file, line, f"ルール{(' ' + str(data.get('id'))) if data.get('id') else ''}に必須の「{k}」がありません", "、".join(REQUIRED))
    for k in ("id", "title", "citation", "source", "message", "remedy"):
        if not isinstance(data[k], str):
            raise InputError(file, lines.line_for(loc + (k,)), f"「{k}」は文字列で書きます")
    rid = data["id"]
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", rid):
        raise InputError(file, lines.line_for(loc + ("id",)), f"ルール id「{rid}」に使えない文字があります", "英数字と - _ .")
    if data["citation_status"] not in STATUSES:
        raise InputError(file, lines.line_for(loc + ("citation_status",)), f"citation_status「{data['citation_status']}」は使えません", "／".join(STATUSES))
    if data["severity"] not in SEVERITIES:
        raise InputError(file, lines.line_for(loc + ("severity",)), f"severity「{data['severity']}」は使えません", "／".join(SEVERITIES))
    also = data.get("also_cite") or []
    if isinstance(also, str):
        also = [also]
    if not isinstance(also, list) or not all(isinstance(x, str) for x in also):
        raise InputError(file, lines.line_for(loc + ("also_cite",)), "also_cite は文字列のリストです")
    vf = vt = None
    valid = data.get("valid")
    if valid is not None:
        vline = lines.line_for(loc + ("valid",))
        if not isinstance(valid, dict) or not set(valid) <= {"from", "to"} or not valid:
            raise InputError(file, vline, "valid は {from: 日付, to: 日付} で書きます", "valid: {from: 2023-04-01}")
        if valid.get("from") is not None:
            vf = _date(valid["from"], file, vline, "valid.from")
        if valid.get("to") is not None:
            vt = _date(valid["to"], file, vline, "valid.to")
        if vf is not None and vt is not None and vf > vt:
            raise InputError(file, vline, "valid.from が valid.to より後です")

    refs: list = []

    def cond(key):
        if key not in data:
            return TRUE
        raw = data[key]
        if has_refs(raw):
            cats = catalogs() if callable(catalogs) else (catalogs or {})
            raw = expand(raw, cats, vf, vt, file, lines, loc + (key,), refs)
        try:
            return parse(raw, (key,))
        except ConditionError as e:
            raise InputError(file, lines.line_for(loc + e.loc), f"ルール {rid} の {key}: {e}", e.expected) from None

    applies, requires = cond("applies"), cond("requires")
    if uses_stated(requires):
        raise InputError(file, lines.line_for(loc + ("requires",)), f"ルール {rid} の requires: stated（書かれているかどうか）は applies にだけ書けます。"
                         "書かれていることで適合にはなりません", "applies: {事実のパス: {stated: true}}")
    unmet = data.get("when_unmet", UNMET[0])
    if unmet not in UNMET:
        raise InputError(file, lines.line_for(loc + ("when_unmet",)), f"when_unmet は {'／'.join(UNMET)} のどちらかです（「{unmet}」）", "when_unmet: 要確認")
    return Rule(
        id=rid, title=data["title"], citation=data["citation"], citation_status=data["citation_status"],
        source=data["source"], applies=applies, requires=requires, message=data["message"],
        remedy=data["remedy"], severity=data["severity"], pack=pack, file=file, line=line or 0,
        also_cite=tuple(also), valid_from=vf, valid_to=vt, text=data.get("text"), note=data.get("note"),
        catalogs=tuple(dict.fromkeys(refs)), when_unmet=unmet,
    )


class _VersionLines:
    """Line numbers for one version of an entry with `versions:`: a key the version overrides is found in the version."""

    def __init__(self, lines: LineMap, base: tuple, vloc: tuple, keys: set):
        self.lines, self.base, self.vloc, self.keys = lines, base, vloc, keys

    def line_for(self, loc: tuple) -> int | None:
        loc = tuple(loc)
        n = len(self.base)
        if loc == self.base:
            return self.lines.line_for(self.vloc)
        if loc[:n] == self.base and loc[n] in self.keys:
            return self.lines.line_for(self.vloc + loc[n:])
        return self.lines.line_for(loc)


def rule_entry(data: Any, pack: str, file: str, lines: LineMap, loc: tuple, catalogs: Any = None) -> list[Rule]:
    """One entry of a pack's rules: → its Rule, or one Rule per version when the entry lists `versions:`."""
    if not isinstance(data, dict) or "versions" not in data:
        return [_rule(data, pack, file, lines, loc, catalogs)]
    vs = data["versions"]
    vline = lines.line_for(loc + ("versions",))
    if not isinstance(vs, list) or len(vs) < 2:
        raise InputError(file, vline, "versions には 2 つ以上の版のリストを書きます", "versions: [{valid: {to: …}, …}, {valid: {from: …}, …}]")
    if "valid" in data:
        raise InputError(file, lines.line_for(loc + ("valid",)), "versions を書くルールでは valid は各版に書きます")
    out = []
    base = {k: v for k, v in data.items() if k != "versions"}
    for j, v in enumerate(vs):
        vloc = loc + ("versions", j)
        if not isinstance(v, dict) or "valid" not in v:
            raise InputError(file, lines.line_for(vloc), "versions の各版はマッピングで、valid を書きます", "valid: {from: 2023-04-01}")
        bad = sorted(set(v) - VERSION_KEYS)
        if bad:
            raise InputError(file, lines.line_for(vloc + (bad[0],)), f"版に「{bad[0]}」は書けません（版が書けるのは {'、'.join(sorted(VERSION_KEYS))}）")
        merged = dict(base, **v)
        out.append(_rule(merged, pack, file, _VersionLines(lines, loc, vloc, set(v)), loc, catalogs))
    return out


def pack_catalogs(file: str | Path):
    """A loader of the catalogues next to a pack file, run at most once (only packs that use them pay)."""
    memo: list = []

    def get():
        if not memo:
            memo.append(load_catalogs(catalog_dir_for(file)))
        return memo[0]

    return get


def load_pack(path: str | Path) -> tuple[str, str, list[Rule]]:
    file = str(path)
    data, lines, _ = load_yaml_file(path)
    if not isinstance(data, dict) or "rules" not in data or "pack" not in data:
        raise InputError(file, 1, "ルールファイルには pack: と rules: が必要です", "pack: 名前／title: …／rules: [ … ]")
    extra = set(data) - {"pack", "title", "source", "note", "rules"}
    if extra:
        k = sorted(extra)[0]
        raise InputError(file, lines.line_for((k,)), f"ルールファイルのキー「{k}」はありません", "pack、title、source、note、rules")
    if not isinstance(data["rules"], list):
        raise InputError(file, lines.line_for(("rules",)), "rules はルールのリストです")
    pack = str(data["pack"])
    cats = pack_catalogs(file)
    rules = [x for i, r in enumerate(data["rules"]) for x in rule_entry(r, pack, file, lines, ("rules", i), cats)]
    return pack, str(data.get("title") or pack), rules


def load_rulebook(paths_: list[str | Path]) -> RuleBook:
    files: list[Path] = []
    for p in paths_:
        p = Path(p)
        if p.is_dir():
            files.extend(sorted(x for x in p.glob("*.y*ml") if x.is_file()))
        else:
            files.append(p)
    book = RuleBook()
    errors: list[InputError] = []
    for f in files:
        try:
            pack, title, rules = load_pack(f)
        except InputError as e:
            errors.append(e)
            continue
        book.packs.setdefault(pack, title)
        for r in rules:
            book.rules.setdefault(r.id, []).append(r)
    for rid, versions in book.rules.items():
        if len(versions) > 1:
            for r in versions:
                if not r.dated:
                    errors.append(InputError(r.file, r.line, f"ルール id「{rid}」が重複しています（版を分けるなら各版に valid が必要）"))
                    break
            else:
                versions.sort(key=lambda r: r.valid_from or 0)
                for a, b in zip(versions, versions[1:]):
                    if a.valid_to is None or (b.valid_from is not None and b.valid_from <= a.valid_to) or b.valid_from is None:
                        errors.append(InputError(b.file, b.line, f"ルール {rid} の版の有効期間が重なっています"))
                for i, r in enumerate(versions):
                    r.version = i
    if errors:
        if len(errors) == 1:
            raise errors[0]
        raise InputErrors(errors)
    return book


def default_rule_dir() -> Path:
    """rules/ beside the package (a clone), else the current directory's rules/."""
    here = Path(__file__).resolve().parent.parent / "rules"
    if here.is_dir():
        return here
    return Path("rules")
