"""Examples beside the rules: a few facts in the form's labels and the verdict a rule must give them (checker test).

Each pack file rules/<name>.yaml may have rules/examples/<name>.yaml, written for the secretariat member who reads the rule:

    既定:                          # what every example's case starts from (optional)
      付議日: 2023-12-21
      区分: [業務委託]
    TOKKI-10:                      # a rule of the pack
    - 判定: 適合                   # 適合 / 不適合 / 要確認 / 対象外
      説明: 区の承諾を得て、再委託先にも特記事項を守らせる再委託
      案件:                        # the case, as a case file writes it (merged over 既定; 件名 and 担当課 filled when not given)
        業務委託:
          再委託: [{再委託先: 株式会社甲, 範囲: 保守, 理由: 専門の技術, 区の承諾: あり, 特記事項の適用: あり}]
    - 判定: 要確認
      ありえない: 要件が読む事実はどれも導かれた事実で、いつも決まる      # an outcome the rule cannot give, and why

Every rule is to have an example of 適合, 不適合 and 要確認 (or say why one cannot be: ありえない); `checker rules --verify`
requires them and `checker test` runs each through the engine (durable-rules and the independent evaluator agreeing).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..verdict import FAIL, NA, PASS, UNKNOWN

FOLDER = "examples"
DEFAULTS = "既定"
OUTCOMES = {str(o): o for o in (PASS, FAIL, UNKNOWN, NA)}
REQUIRED_OUTCOMES = (PASS, FAIL, UNKNOWN)
EXAMPLE_KEYS = {"判定": "期待する判定（適合・不適合・要確認・対象外）", "案件": "案件の事実（案件ファイルの書き方）",
                "説明": "例の説明", "ありえない": "その判定になりえない理由（案件は書かない）"}
FILLED = {"件名": "（例）", "担当課": ["（例）"]}  # keys every case file has; an example need not say them


@dataclass
class Example:
    rule_id: str
    expected: str
    data: dict | None  # the whole case (既定 merged, 件名・担当課 filled); None for an impossible outcome
    file: str
    line: int
    lines: Any  # line numbers relative to the case (errors in its facts point into the examples file)
    note: str = ""
    impossible: str = ""  # why the rule cannot give this outcome


class _Within:
    """The line numbers of one example's case inside the examples file (a key from 既定 at 既定's line)."""

    def __init__(self, lines, prefix: tuple, defaults: tuple):
        self.lines, self.prefix, self.defaults = lines, prefix, defaults
        self.pending: list = []

    def line_for(self, loc) -> int | None:
        loc = tuple(loc)
        if (self.prefix + loc[:1]) in self.lines or not loc:
            return self.lines.line_for(self.prefix + loc)
        if (self.defaults + loc[:1]) in self.lines:
            return self.lines.line_for(self.defaults + loc)
        return self.lines.line_for(self.prefix)

    def line_for_missing(self, loc) -> int | None:
        return self.line_for(tuple(loc)[:-1])

    def arrange(self, errors):
        return errors


def merge(base: Any, over: Any) -> Any:
    """over on base: mappings merged key by key, anything else replaced."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return over


_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "ー": "-", "－": "-"})


def near_id(rid: str, known) -> list[str]:
    """A rule id that was meant: the same once look-alike characters are read alike (TOKKI-1O → TOKKI-10), else close."""
    import difflib
    import unicodedata

    key = unicodedata.normalize("NFKC", rid).translate(_LOOKALIKE).upper()
    same = [k for k in sorted(known) if k.translate(_LOOKALIKE).upper() == key]
    return same[:1] or difflib.get_close_matches(rid, sorted(known), n=1, cutoff=0.75)


def examples_file(pack_file: str | Path) -> Path:
    p = Path(pack_file)
    return p.parent / FOLDER / p.name


def load_examples(pack_file: str | Path, rule_ids) -> list[Example]:
    """The examples of one pack (none when it has no examples file). An example of a rule the pack lacks, an unknown
    key, a verdict that is not one of the four: input errors at their line."""
    from ..input.yamlio import load_yaml_file

    f = examples_file(pack_file)
    if not f.is_file():
        return []
    data, lines, _ = load_yaml_file(f)
    file = str(f)
    if data is None:
        return []
    if not isinstance(data, dict):
        raise InputError(file, 1, "例のファイルはルールの id ごとの例のリストです", "TOKKI-10: [{判定: 適合, 案件: {…}}]")
    defaults = data.get(DEFAULTS) or {}
    if not isinstance(defaults, dict):
        raise InputError(file, lines.line_for((DEFAULTS,)), "既定 は案件の事実のマッピングです", "既定: {付議日: 2023-12-21}")
    known = set(rule_ids)
    out: list[Example] = []
    for rid, items in data.items():
        if rid == DEFAULTS:
            continue
        line = lines.line_for((rid,))
        if rid not in known and rid in pack_ids(pack_file):
            continue  # a rule of the pack a ward's rule replaces (rules/wards.py): not judged, so its examples are not run
        if rid not in known:
            near = near_id(str(rid), known)
            raise InputError(file, line, f"ルール「{rid}」はこのパックにありません" + (f"。もしかして {near[0]} ですか" if near else ""),
                             f"{Path(pack_file).name} のルールの id")
        if not isinstance(items, list) or not items:
            raise InputError(file, line, f"{rid} の例はリストで書きます", "- {判定: 適合, 案件: {…}}")
        for k, ex in enumerate(items):
            loc = (rid, k)
            eline = lines.line_for(loc) or line
            if not isinstance(ex, dict):
                raise InputError(file, eline, "例は 判定 と 案件 のマッピングです", "{判定: 適合, 案件: {…}}")
            bad = sorted(set(ex) - set(EXAMPLE_KEYS))
            if bad:
                raise InputError(file, lines.line_for(loc + (bad[0],)), f"例にキー「{bad[0]}」はありません",
                                 "、".join(f"{k}（{v}）" for k, v in EXAMPLE_KEYS.items()))
            want = ex.get("判定")
            if not isinstance(want, str) or want not in OUTCOMES:  # a list or mapping is unhashable: said, not raised
                raise InputError(file, lines.line_for(loc + ("判定",)) or eline, f"判定「{want}」は使えません", "適合・不適合・要確認・対象外")
            note = str(ex.get("説明") or "")
            if "ありえない" in ex:
                if "案件" in ex or not isinstance(ex["ありえない"], str) or not ex["ありえない"].strip():
                    raise InputError(file, lines.line_for(loc + ("ありえない",)), "ありえない には理由を書き、案件は書きません",
                                     "- {判定: 要確認, ありえない: 理由}")
                out.append(Example(rid, OUTCOMES[want], None, file, eline, None, note, ex["ありえない"].strip()))
                continue
            case = ex.get("案件")
            if not isinstance(case, dict):
                raise InputError(file, lines.line_for(loc + ("案件",)) or eline, "案件 には事実を案件ファイルの書き方で書きます",
                                 "案件: {区分: [業務委託], 業務委託: {…}}")
            whole = merge(merge(FILLED, defaults), case)
            out.append(Example(rid, OUTCOMES[want], whole, file, eline, _Within(lines, loc + ("案件",), (DEFAULTS,)), note))
    return out


def pack_ids(pack_file: str | Path) -> set[str]:
    """The ids a pack file defines (its entries' and its checklist rows'), read from the file as written."""
    from ..input.yamlio import load_yaml_file

    try:
        data, _lines, _ = load_yaml_file(pack_file)
    except Exception:  # the pack's own faults are said where it is loaded
        return set()
    out: set[str] = set()
    for entry in (data.get("rules") or []) if isinstance(data, dict) else []:
        if isinstance(entry, dict):
            out.add(str(entry.get("id")))
            out.update(str(r.get("id")) for r in entry.get("rows") or [] if isinstance(r, dict))
    return out


def missing_outcomes(rule_ids, examples: list[Example]) -> dict[str, list[str]]:
    """{rule id: the outcomes (of 適合・不適合・要確認) it has no example for (nor an ありえない)}."""
    have: dict[str, set] = {}
    for e in examples:
        have.setdefault(e.rule_id, set()).add(e.expected)
    return {rid: [str(o) for o in REQUIRED_OUTCOMES if o not in have.get(rid, set())] for rid in rule_ids
            if any(o not in have.get(rid, set()) for o in REQUIRED_OUTCOMES)}
