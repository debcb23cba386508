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
The versions of one rule live in one entry (two entries of one id are an error, as are two packs defining one id):
the entry holds its versions itself, each saying only what differs (its `valid`, and e.g. its text,
citation_status or note); everything else is the entry's:
      - id: TOKKI-02
        …                              # applies, requires, message … once
        versions:
        - valid: {to: 2023-03-31}
          text: …                      # the 平成 wording (seed 001/002)
        - valid: {from: 2023-04-01}
          citation_status: unverified  # the wording in force is not in the seeds: printed 〔未検証〕
          note: …
A pack may state, once for all its rules:
    applies: {区分: {includes: 外部結合}}   # the pack's premise: every rule applies only where it holds, and where
                                           # its own applies holds (the two are joined by all)
    defaults: {valid: {from: 2023-04-01}, citation_status: seed, severity: 中}
                                           # what a rule says when it does not say it itself (valid, citation_status,
                                           # severity, when_unmet; a rule with versions keeps its versions' valid)
A checklist (rows of measures answered ○ / ー with a reason) is written one line per row: checker/rules/checklist.py.
A condition may name a catalogue of 事務 (rules/catalog/, next to the pack): `{in: {catalog: 独自利用事務}}`
is expanded here, at load time, into the plain list of the entries valid in the rule's period (checker/rules/catalog.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import jp
from . import checklist
from .catalog import catalog_dir_for, expand, has_refs, load_catalogs
from .conditions import TRUE, All, ConditionError, DateIn, parse, uses_stated
from ..errors import InputError, InputErrors
from ..verdict import FAIL, UNKNOWN
from ..input.yamlio import LineMap, load_yaml_file

RULE_KEYS = {
    "id", "title", "citation", "citation_status", "also_cite", "source", "applies", "requires",
    "message", "remedy", "severity", "valid", "text", "note", "when_unmet", "versions", "replaces",
}
PACK_KEYS = {"pack", "title", "source", "note", "applies", "defaults", "rules"}
DEFAULT_KEYS = ("valid", "citation_status", "severity", "when_unmet")  # what a pack's defaults may give its rules
# what a version inside `versions:` may say (it must say its valid)
VERSION_KEYS = RULE_KEYS - {"id", "versions", "replaces"}
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
    entry: int = -1  # the place of its entry in the pack's rules (the versions of one rule share it)
    replaces: str | None = None  # a ward's override: the id of the shared rule it takes the place of (rules/wards.py)
    origins: tuple = ()  # (what, where, words): the parts its author wrote elsewhere (pack premise, defaults, checklist row,
    #                      catalogue), so checker rules ID shows the author's own words and places

    @property
    def dated(self) -> bool:
        return self.valid_from is not None or self.valid_to is not None

    @property
    def window(self) -> Any:
        return DateIn(DATE_PATH, self.valid_from, self.valid_to) if self.dated else TRUE

    @property
    def period(self) -> str:
        """Its valid period as a person reads it: 2024-05-27〜, 〜2024-05-26, '' when undated."""
        return _span(self.valid_from, self.valid_to) if self.dated else ""

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
    provisions: Any = None  # the dated table of provisions (rules/法令/, checker/rules/provisions.py)
    ward: str = "新宿区"  # whose rules: a ward folder's _ward.yaml names it (rules/wards.py); rules/ is 新宿区's
    # its durable-rules definitions compiled once (engine.compiler.precompile), kept with a cached book (checker.cache)
    compiled: Any = field(default=None, repr=False, compare=False)
    # the cache key of the files it was loaded from (run.load_book, with the cache on): with it, an audit keeps each
    # case's verdicts between runs (engine.Engine, VERDICTS_KIND); None: never kept
    cache_key: str | None = field(default=None, repr=False, compare=False)

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
    return jp.ymd(span.start)


def _rule(data: Any, pack: str, file: str, lines: LineMap, loc: tuple, catalogs: Any = None, premise: Any = TRUE) -> Rule:
    """One rule entry → Rule. catalogs: {name: Catalog}, or a callable giving it (loaded when first needed).
    premise: the pack's applies (a parsed condition), joined to the rule's own."""
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
    if premise != TRUE:
        if applies == TRUE:
            applies = premise
        else:
            applies = All((premise, *applies.items)) if isinstance(applies, All) else All((premise, applies))
    if uses_stated(requires):
        raise InputError(file, lines.line_for(loc + ("requires",)), f"ルール {rid} の requires: stated（書かれているかどうか）は applies にだけ書けます。"
                         "書かれていることで適合にはなりません", "applies: {事実のパス: {stated: true}}")
    replaces = data.get("replaces")
    if replaces is not None and (not isinstance(replaces, str) or not replaces):
        raise InputError(file, lines.line_for(loc + ("replaces",)), "replaces には置き換えるルールの id を 1 つ書きます", "replaces: TOKKI-10")
    unmet = data.get("when_unmet", UNMET[0])
    if unmet not in UNMET:
        raise InputError(file, lines.line_for(loc + ("when_unmet",)), f"when_unmet は {'／'.join(UNMET)} のどちらかです（「{unmet}」）", "when_unmet: 要確認")
    return Rule(
        id=rid, title=data["title"], citation=data["citation"], citation_status=data["citation_status"],
        source=data["source"], applies=applies, requires=requires, message=data["message"],
        remedy=data["remedy"], severity=data["severity"], pack=pack, file=file, line=line or 0,
        also_cite=tuple(also), valid_from=vf, valid_to=vt, text=data.get("text"), note=data.get("note"),
        catalogs=tuple(dict.fromkeys(refs)), when_unmet=unmet, replaces=replaces,
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


def rule_entry(data: Any, pack: str, file: str, lines: LineMap, loc: tuple, catalogs: Any = None, premise: Any = TRUE) -> list[Rule]:
    """One entry of a pack's rules: → its Rule, or one Rule per version when the entry lists `versions:`."""
    if not isinstance(data, dict) or "versions" not in data:
        return [_rule(data, pack, file, lines, loc, catalogs, premise)]
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
        out.append(_rule(merged, pack, file, _VersionLines(lines, loc, vloc, set(v)), loc, catalogs, premise))
    return out


class _DefaultLines:
    """Line numbers for a rule given keys by its pack's defaults: those keys are on the defaults' lines."""

    def __init__(self, inner, lines: LineMap, loc: tuple, keys: set):
        self.inner, self.lines, self.loc, self.keys = inner, lines, loc, keys

    def line_for(self, loc: tuple) -> int | None:
        loc = tuple(loc)
        n = len(self.loc)
        if len(loc) > n and loc[:n] == self.loc and loc[n] in self.keys:
            return self.lines.line_for(("defaults",) + loc[n:])
        return self.inner.line_for(loc)


def _with_defaults(data: Any, defaults: dict, lines: LineMap, inner, loc: tuple):
    if not isinstance(data, dict) or not defaults:
        return data, inner
    given = {k for k in DEFAULT_KEYS if k in defaults and k not in data and not (k == "valid" and "versions" in data)}
    if not given:
        return data, inner
    return dict(data, **{k: defaults[k] for k in given}), _DefaultLines(inner, lines, loc, given)


def pack_faults(data: Any, file: str, lines: LineMap) -> tuple[list[InputError], bool]:
    """Every fault of a pack file's own keys (pack, title, applies, defaults, rules), and whether its rules can
    still be read (pack_rules) despite them: only an unknown key leaves them readable."""
    if not isinstance(data, dict) or "rules" not in data or "pack" not in data:
        return [InputError(file, 1, "ルールファイルには pack: と rules: が必要です", "pack: 名前／title: …／rules: [ … ]")], False
    out = [InputError(file, lines.line_for((k,)), f"ルールファイルのキー「{k}」はありません", "、".join(sorted(PACK_KEYS)))
           for k in sorted(set(data) - PACK_KEYS)]
    readable = len(out)
    if not isinstance(data["rules"], list):
        out.append(InputError(file, lines.line_for(("rules",)), "rules はルールのリストです"))
    d = data.get("defaults")
    if d is not None and (not isinstance(d, dict) or set(d) - set(DEFAULT_KEYS)):
        out.append(InputError(file, lines.line_for(("defaults",)), "defaults に書けるのは valid、citation_status、severity、when_unmet です",
                              "defaults: {valid: {from: 2023-04-01}, citation_status: seed}"))
    if "applies" in data:
        try:
            _premise(data, file, lines)
        except InputError as e:
            out.append(e)
    return out, len(out) == readable


def _premise(data: dict, file: str, lines: LineMap):
    raw = data.get("applies")
    if raw is None:
        return TRUE
    if has_refs(raw):
        raise InputError(file, lines.line_for(("applies",)), "パックの applies にはカタログを書けません（各ルールに書きます）")
    try:
        cond = parse(raw, ("applies",))
    except ConditionError as e:
        raise InputError(file, lines.line_for(e.loc), f"パックの applies: {e}", e.expected) from None
    if uses_stated(cond):
        raise InputError(file, lines.line_for(("applies",)), "パックの applies には stated を書けません（各ルールに書きます）")
    return cond


def pack_rules(data: dict, pack: str, file: str, lines: LineMap, catalogs: Any = None, errors: list | None = None) -> list[Rule]:
    """The rules of a pack file whose own keys are sound (pack_faults): its entries, checklists expanded row by
    row, the pack's defaults and premise applied. With an `errors` list, a bad entry is recorded there and the
    others are still read (checker rules --verify); without, the first fault is raised."""
    defaults = data.get("defaults") or {}
    premise = _premise(data, file, lines)
    out: list[Rule] = []
    for i, entry in enumerate(data["rules"]):
        loc = ("rules", i)
        try:
            parts, faults = checklist.expand(entry, file, lines, loc, RULE_KEYS) if checklist.is_checklist(entry) else ([(entry, lines)], [])
            if faults and errors is None:
                raise faults[0]
            if errors is not None:
                errors.extend(faults)
            for d, lm in parts:
                given = {k for k in DEFAULT_KEYS if k in defaults and k not in d and not (k == "valid" and "versions" in d)} \
                    if isinstance(d, dict) else set()
                row = lm if isinstance(lm, checklist._RowLines) else None
                d, lm = _with_defaults(d, defaults, lines, lm, loc)
                for r in rule_entry(d, pack, file, lm, loc, catalogs, premise):
                    r.entry = i
                    r.origins = _origins(r, data, file, lines, given, entry if row else None, row, catalogs)
                    out.append(r)
        except (InputError, InputErrors) as e:
            if errors is None:
                raise
            errors.extend(e.errors if isinstance(e, InputErrors) else [e])
    return out


def _words(raw: Any) -> str:
    """A condition or value as its author wrote it, on one line (YAML flow style)."""
    import yaml

    return yaml.safe_dump(raw, allow_unicode=True, default_flow_style=True, width=10**6, sort_keys=False).strip().removesuffix("...").strip()


def _origins(r: Rule, data: dict, file: str, lines: LineMap, given: set, block: Any, row: Any, catalogs: Any) -> tuple:
    """Where the parts of a rule that its own entry does not hold come from: the pack's premise, the pack's defaults,
    its checklist row (the row and the block's templates), the catalogues its conditions name (the entries in force in the
    version's period, with their dates)."""
    out = []
    if data.get("applies") is not None:
        out.append(("パックの前提（適用条件に all で加わる）", f"{file}:{lines.line_for(('applies',))}", _words(data["applies"])))
    if given:
        shown = "、".join(f"{k}: {_words(data['defaults'][k])}" for k in DEFAULT_KEYS if k in given)
        out.append(("パックの既定", f"{file}:{lines.line_for(('defaults',))}", shown))
    if row is not None:
        line = lines.line_for(row.row_loc)
        vals = block["rows"][row.row_loc[-1]]
        out.append(("チェックリストの行", f"{file}:{line}", f"{block['checklist']} {vals.get('番号', '')} {vals.get('項目', '')}".strip()))
        out.append(("チェックリストのひな形（title・citation・message・remedy …）", f"{file}:{lines.line_for(row.loc)}",
                    "要件は「○、又は ー と理由」（行ごとに同じ）"))
    if r.catalogs:
        cats = catalogs() if callable(catalogs) else (catalogs or {})
        for name in r.catalogs:
            cat = cats.get(name)
            if cat is None:
                continue
            used = [e for e in cat.entries if e.pending is None and e.overlaps(r.valid_from, r.valid_to)]
            waiting = [e for e in cat.entries if e.pending is not None and e.overlaps(r.valid_from, r.valid_to)]
            dated = [e for e in used if e.valid_from is not None or e.valid_to is not None]
            words = f"この版の期間に効力のある {len(used)} 項目（うち有効期間つき {len(dated)}）" + (f"、施行待ち {len(waiting)} 項目（照合に使わない）" if waiting else "")
            if dated:
                words += "。有効期間つき: " + "、".join(f"{e.name}（{_span(e.valid_from, e.valid_to)}）" for e in dated)
            out.append((f"照合用の事務の一覧「{name}」", cat.file, words))
    return tuple(out)


def _span(vf: int | None, vt: int | None) -> str:
    f = lambda v: "" if v is None else f"{v // 10000:04d}-{v // 100 % 100:02d}-{v % 100:02d}"  # noqa: E731
    return f"{f(vf)}〜{f(vt)}"


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
    faults, _ = pack_faults(data, file, lines)
    if faults:
        raise faults[0]
    pack = str(data["pack"])
    return pack, str(data.get("title") or pack), pack_rules(data, pack, file, lines, pack_catalogs(file))


def pack_files(paths: list[str | Path]) -> list[Path]:
    """The pack files under paths: a folder's *.yaml / *.yml (sorted, not its catalog/ folder, not a file whose name
    starts with _), a ward's folder as its _ward.yaml says (rules/wards.py), a file as given."""
    from .wards import is_ward, ward_files

    files: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir() and is_ward(p):
            files.extend(ward_files(p))
        elif p.is_dir():
            files.extend(sorted(x for x in p.glob("*.y*ml") if x.is_file() and not x.name.startswith("_")))
        else:
            files.append(p)
    return files


def id_clash(other: Rule, first: Rule) -> InputError:
    """A rule id defined again in another pack (file): an error at load time in every command, naming both places."""
    return InputError(other.file, other.line, f"ルール id「{other.id}」は別のパック「{first.pack}」（{first.file}:{first.line}）にもあります",
                      "パックごとに別の id（版を分けるなら 1 つのパックの中で）")


def version_faults(rid: str, versions: list[Rule]) -> list[InputError]:
    """The faults of one id's rules (all of one pack file): a second entry of the id (versions live in one entry), or
    versions whose periods overlap. Sorts the versions by date and numbers them when sound."""
    first = versions[0]
    again = [r for r in versions if r.entry != first.entry]
    if again:
        r = again[0]
        return [InputError(r.file, r.line, f"ルール id「{rid}」は同じパックの {first.line} 行目にもあります",
                           "1 つのルールは 1 つのエントリに（版を分けるなら versions: に各版の valid を書く）")]
    versions.sort(key=lambda r: (r.valid_from or 0, r.line))
    out = [InputError(b.file, b.line, f"ルール {rid} の版の有効期間が {a.line} 行目の版と重なっています（{a.period} と {b.period}）")
           for a, b in zip(versions, versions[1:])
           if a.valid_to is None or b.valid_from is None or b.valid_from <= a.valid_to]
    if not out:
        for i, r in enumerate(versions):
            r.version = i
    return out


def overrides(rules: list[Rule]) -> tuple[list[Rule], list[InputError]]:
    """A ward's overrides applied: the rules a `replaces` names are dropped (every version), the others kept in order.
    A `replaces` must name an id another pack defines (not its own pack); an id is replaced once."""
    by: dict[str, Rule] = {}
    errors: list[InputError] = []
    defined: dict[str, Rule] = {}
    for r in rules:
        if r.replaces is None:
            defined.setdefault(r.id, r)
    for r in rules:
        if r.replaces is None or (r.replaces in by and (by[r.replaces].file, by[r.replaces].entry) == (r.file, r.entry)):
            continue  # a later version of the override already taken
        target = defined.get(r.replaces)
        if target is None:
            errors.append(InputError(r.file, r.line, f"ルール {r.id} の replaces: 置き換えるルール「{r.replaces}」は共有のルールにありません",
                                     "共有のパックにある id（checker rules で見る）"))
        elif (target.pack, target.file) == (r.pack, r.file):
            errors.append(InputError(r.file, r.line, f"ルール {r.id} の replaces: 「{r.replaces}」は同じパックのルールです", "共有のパックのルールの id"))
        elif r.replaces in by:
            o = by[r.replaces]
            errors.append(InputError(r.file, r.line, f"ルール「{r.replaces}」は {o.file}:{o.line} でも置き換えられています", "1 つのルールを置き換えるのは 1 つだけ"))
        else:
            by[r.replaces] = r
    return [r for r in rules if not (r.id in by and r.replaces is None)], errors


def load_rulebook(paths_: list[str | Path]) -> RuleBook:
    from .wards import ward_name

    files = pack_files(paths_)
    book = RuleBook(ward=ward_name(paths_) or RuleBook.ward)
    errors: list[InputError] = []
    loaded: list[Rule] = []
    for f in files:
        try:
            pack, title, rules = load_pack(f)
        except InputError as e:
            errors.append(e)
            continue
        book.packs.setdefault(pack, title)
        loaded.extend(rules)
    kept, faults = overrides(loaded)
    errors.extend(faults)
    for r in kept:
        book.rules.setdefault(r.id, []).append(r)
    from .provisions import DIR, load_table

    folder = next((f.parent / DIR for f in files if (f.parent / DIR).is_dir()), None)
    try:
        book.provisions = load_table(folder)
    except InputErrors as e:
        errors.extend(e.errors)
    except InputError as e:
        errors.append(e)
    for rid, versions in book.rules.items():
        other = next((r for r in versions if (r.pack, r.file) != (versions[0].pack, versions[0].file)), None)
        if other is not None:  # an id belongs to its pack: two packs never make one rule's "versions"
            errors.append(id_clash(other, versions[0]))
            continue
        if len(versions) > 1:
            errors.extend(version_faults(rid, versions))
    if errors:
        if len(errors) == 1:
            raise errors[0]
        raise InputErrors(errors)
    return book


def rulebook_inputs(paths_: list[str | Path]) -> list[Path]:
    """Every file load_rulebook(paths_) may read, in a fixed order, for a key of its content (checker.cache): the pack
    files as pack_files lists them (the names it gives are the rules' `file`), then, for each folder given and each
    folder holding a pack, its _ward.yaml and the *.yaml of its catalog/, 法令/ and examples/ folders. A file added to or
    taken from one of those folders changes the list itself. Raises as pack_files does (a ward's manifest in error)."""
    from .catalog import CATALOG_DIR
    from .examples import FOLDER as EXAMPLES_DIR
    from .provisions import DIR
    from .wards import MANIFEST

    files = pack_files(paths_)
    out = list(files)
    folders: list[Path] = []
    for p in [*map(Path, paths_), *(f.parent for f in files)]:
        if p.is_dir() and p.resolve() not in {f.resolve() for f in folders}:
            folders.append(p)
    for d in folders:
        out.append(d / MANIFEST)
        for sub in (CATALOG_DIR, DIR, EXAMPLES_DIR):
            if (d / sub).is_dir():
                out.extend(sorted(x for x in (d / sub).glob("*.y*ml") if x.is_file()))
    return out


def rule_dirs(given=()) -> list[Path]:
    """The rules a command uses: --rules as given, else the `rules` of ./checker.toml (a ward's folder), else rules/."""
    from .wards import configured

    return [Path(p) for p in given] or configured() or [default_rule_dir()]


def default_rule_dir() -> Path:
    """rules/ beside the package (a clone), else the current directory's rules/."""
    here = Path(__file__).resolve().parents[2] / "rules"
    if here.is_dir():
        return here
    return Path("rules")
