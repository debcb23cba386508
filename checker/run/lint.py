"""Rule lint (`checker rules --verify`): every fault of the rule packs, one message each, "file:line: message".

    verify(rule_paths: list[Path]) -> list[str]      # [] when the packs are clean

Checks, without stopping at the first fault:
- each pack file reads (safe YAML, pack: and rules:) and each rule entry is well formed: id, title, citation,
  citation_status, source, message, remedy, severity present; every fact path its conditions name exists in the
  case model (checker/model/schema.py, with its type); every catalogue reference ({in: {catalog: X}}) resolves;
- the catalogues next to the packs (rules/catalog/*.yaml) read, every entry with its source;
- ids are unique across packs (the same id in two packs is a fault even with dated versions);
- versions of one id each have a valid period, and the periods do not overlap;
- each rule compiles into a durable-rules ruleset (when durable-rules is installed): an engine limit such as
  too many expressions in one condition is found here rather than at the first `checker check`;
- each rule has examples (rules/examples/<pack file>, checker/rules/examples.py) of 適合, 不適合 and 要確認, or says why
  one cannot be (ありえない): a rule lacking one is said at its entry in the examples file, or at the rule in the pack
  file when the examples file has no entry for it; the examples file must read and each example's facts be a valid
  case (whether each example gives its verdict is `checker test`'s to say).
Messages come in file order, then line order, so the output is the same on every run.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InputError, InputErrors
from ..input.yamlio import load_yaml_file
from ..rules import Rule, RuleBook, id_clash, overrides, pack_catalogs, pack_faults, pack_files, pack_rules, version_faults
from ..rules.catalog import catalog_dir_for, load_catalogs


def _msgs(e: Exception) -> list[str]:
    if isinstance(e, InputErrors):
        return [x.format() for x in e.errors]
    if isinstance(e, InputError):
        return [e.format()]
    return [str(e)]


def _pack(path: Path, out: list[str]) -> tuple[str | None, list[Rule]]:
    file = str(path)
    try:
        data, lines, _ = load_yaml_file(path)
    except (InputError, InputErrors) as e:
        out.extend(_msgs(e))
        return None, []
    faults, readable = pack_faults(data, file, lines)
    out.extend(f.format() for f in faults)
    if not readable:
        return None, []
    errors: list[InputError] = []
    pack = str(data["pack"])
    rules = pack_rules(data, pack, file, lines, pack_catalogs(file), errors)
    out.extend(e.format() for e in errors)
    return pack, rules


def _compiles(rules: list[Rule], out: list[str]) -> None:
    try:
        from ..engine import Engine
    except Exception:  # durable-rules missing: nothing to compile against
        return
    by_id: dict[str, list[Rule]] = {}
    for r in rules:
        by_id.setdefault(r.id, []).append(r)
    for rid, versions in by_id.items():
        book = RuleBook(rules={rid: sorted(versions, key=lambda r: r.valid_from or 0)}, packs={versions[0].pack: versions[0].pack})
        try:
            Engine(book)
        except Exception as e:  # an engine limit (e.g. durable-rules error code 113: too many expressions)
            r = versions[0]
            out.append(f"{r.file}:{r.line}: ルール {rid} は durable-rules に登録できません（{e}）。条件を分けるか、カタログの項目を減らしてください")


def verify(rule_paths: list[Path]) -> list[str]:
    """Every fault of the rule packs under rule_paths (files or folders), as "file:line: message"."""
    out: list[str] = []
    files = pack_files(rule_paths)
    if not files:
        return [f"{' '.join(map(str, rule_paths))}: ルールファイルが見つかりません（*.yaml）"]
    seen_dirs: set[Path] = set()
    for f in files:
        d = catalog_dir_for(f)
        if d not in seen_dirs:
            seen_dirs.add(d)
            try:
                load_catalogs(d)
            except (InputError, InputErrors) as e:
                out.extend(_msgs(e))
    rules: list[Rule] = []
    first_of: dict[str, Rule] = {}  # id -> its first definition
    loaded: list[Rule] = []
    for f in files:
        loaded.extend(_pack(f, out)[1])
    kept, faults = overrides(loaded)  # a ward's rules that replace a shared one (rules/wards.py)
    out.extend(e.format() for e in faults)
    for r in kept:
        first = first_of.setdefault(r.id, r)
        if (first.pack, first.file) != (r.pack, r.file):
            out.append(id_clash(r, first).format())
            continue
        rules.append(r)
    by_id: dict[str, list[Rule]] = {}
    for r in rules:
        by_id.setdefault(r.id, []).append(r)
    bad: set = set()
    for rid, versions in by_id.items():
        if len(versions) > 1:
            faults = version_faults(rid, versions)
            out.extend(e.format() for e in faults)
            if faults:
                bad.add(rid)
    if not any(": ルール" in m and "durable-rules" in m for m in out):
        _compiles([r for rid, vs in by_id.items() for r in vs if rid not in bad], out)
    _examples(rules, out)
    return sorted(dict.fromkeys(out), key=_order)


def _examples(rules: list[Rule], out: list[str]) -> None:
    """Each rule's examples of 適合, 不適合 and 要確認 (or ありえない), per pack file (checker/rules/examples.py)."""
    from ..input.loader import case_from_data
    from ..rules.examples import examples_file, load_examples, missing_outcomes

    by_file: dict[str, dict[str, Rule]] = {}
    for r in rules:
        by_file.setdefault(r.file, {}).setdefault(r.id, r)
    for file, first in by_file.items():
        ef = examples_file(file)
        try:
            examples = load_examples(file, list(first))
        except (InputError, InputErrors) as e:
            out.extend(_msgs(e))
            continue
        for ex in examples:
            if ex.data is None:
                continue
            try:
                case_from_data(ex.data, ex.lines, ex.file)
            except (InputError, InputErrors) as e:
                out.extend(_msgs(e))
        keys = {}
        if ef.is_file():
            _data, lines, _ = load_yaml_file(ef)
            keys = {ex.rule_id: lines.line_for((ex.rule_id,)) for ex in examples}
        for rid, outcomes in missing_outcomes(list(first), examples).items():
            where = f"{ef}:{keys[rid]}" if rid in keys else f"{file}:{first[rid].line}"
            out.append(f"{where}: ルール {rid} に {'・'.join(outcomes)} の例がありません（{ef} に、その判定になる例を書く。"
                       f"ありえない判定なら {{判定: {outcomes[0]}, ありえない: 理由}} と書く）")


def _order(msg: str) -> Any:
    head, _, _ = msg.partition(": ")
    file, _, line = head.rpartition(":")
    if not line.isdigit():
        return (head, 0, msg)
    return (file, int(line), msg)
