"""Rule folders per ward: a ward's 特記事項, checklists and catalogues as packs of its own, on the shared ones.

A ward is a folder of rule packs with a file `_ward.yaml` that says what it builds on:

    ward: 板橋区                  # the ward, as reports name it
    base: ..                      # the folder of packs it shares (the case model's law packs: 番号法, 個人情報保護法 …)
    without: [特記事項]           # packs of the base it does not use (by file name, without .yaml): its own take their place
    source: …                     # where the ward's texts come from

Its own packs (*.yaml beside `_ward.yaml`) are read after the base's, so the base's 法令 table (法令/) is used; a pack's
catalogues are those beside it (catalog/). A rule of a ward pack may replace a rule of the base by naming it:

    - id: ITA-04
      replaces: TOKKI-10          # the base's TOKKI-10 is not used; ITA-04 is judged in its place
      …

An override names what it replaces (an id the base defines: else a load error); a ward rule that takes a base rule's id
without `replaces` is the id clash every command refuses. The ward is chosen by `--rules rules/板橋区`, or by `rules` in a
`checker.toml` of the current folder (`rules = "rules/板橋区"`, relative to that file); with neither, rules/ (新宿区).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import InputError

MANIFEST = "_ward.yaml"
KEYS = {"ward": "区の名前", "base": "共有するルールのフォルダ（このファイルからの相対パス）",
        "without": "共有のうち使わないパック（ファイル名、.yaml なし）", "source": "区の文書の出典", "note": "注"}
CONFIG = "checker.toml"


def is_ward(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


def read_manifest(folder: Path) -> dict:
    """The ward's _ward.yaml, checked: {ward, base (a Path), without (names), source}."""
    from ..input.yamlio import load_yaml_file

    file = folder / MANIFEST
    data, lines, _ = load_yaml_file(file)
    expected = "ward: 板橋区／base: ..／without: [特記事項]"
    if not isinstance(data, dict) or "ward" not in data:
        raise InputError(str(file), 1, "区のルールフォルダの設定には ward: が必要です", expected)
    for k in data:
        if k not in KEYS:
            raise InputError(str(file), lines.line_for((k,)), f"キー「{k}」はありません", "、".join(f"{k}（{v}）" for k, v in KEYS.items()))
    if not isinstance(data["ward"], str) or not data["ward"].strip():
        raise InputError(str(file), lines.line_for(("ward",)), "ward には区の名前を書きます", "ward: 板橋区")
    base = data.get("base")
    if base is not None:
        if not isinstance(base, str):
            raise InputError(str(file), lines.line_for(("base",)), "base にはフォルダを 1 つ書きます", "base: ..")
        base = (folder / base).resolve()
        if not base.is_dir():
            raise InputError(str(file), lines.line_for(("base",)), f"共有するルールのフォルダ {base} がありません", "base: ..")
        if base == folder.resolve():
            raise InputError(str(file), lines.line_for(("base",)), "base に自分のフォルダは書けません", "base: ..")
    without = data.get("without") or []
    if isinstance(without, str):
        without = [without]
    if not isinstance(without, list) or not all(isinstance(x, str) for x in without):
        raise InputError(str(file), lines.line_for(("without",)), "without はパックの名前のリストです", "without: [特記事項]")
    if without and base is None:
        raise InputError(str(file), lines.line_for(("without",)), "without は base のパックを外すものです（base がありません）", "base: ..")
    return {"ward": data["ward"].strip(), "base": base, "without": without, "file": file, "lines": lines}


def ward_files(folder: Path, _seen: tuple = ()) -> list[Path]:
    """The pack files a ward folder uses: its base's (recursively, without the named packs), then its own."""
    from . import pack_files

    key = folder.resolve()
    m = read_manifest(folder)
    if key in _seen:
        raise InputError(str(m["file"]), m["lines"].line_for(("base",)), "base がたどって自分に戻ります", "base: ..")
    files: list[Path] = []
    if m["base"] is not None:
        base = m["base"]
        shared = ward_files(base, _seen + (key,)) if is_ward(base) else pack_files([base])
        stems = {f.stem for f in shared}
        for name in m["without"]:
            if name not in stems:
                k = m["without"].index(name)
                raise InputError(str(m["file"]), m["lines"].line_for(("without", k)) or m["lines"].line_for(("without",)),
                                 f"共有のルールにパック「{name}」はありません", "、".join(sorted(stems)))
        files = [f for f in shared if f.stem not in m["without"]]
    own = sorted(x for x in folder.glob("*.y*ml") if x.is_file() and not x.name.startswith("_"))
    return files + own


def ward_name(paths) -> str | None:
    """The ward the rule paths choose (the manifest's ward), None for plain pack folders."""
    for p in paths:
        p = Path(p)
        if p.is_dir() and is_ward(p):
            return read_manifest(p)["ward"]
    return None


def configured(cwd: Path | None = None) -> list[Path] | None:
    """The rule folders a checker.toml in the current folder names (`rules = "rules/板橋区"` or a list), else None."""
    f = Path(cwd or Path.cwd()) / CONFIG
    if not f.is_file():
        return None
    import tomllib  # only when there is one (some 3 ms of a start)

    try:
        data = tomllib.loads(f.read_text(encoding="utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(str(f), None, "UTF-8 のテキストとして読めません", "UTF-8 で保存した checker.toml") from None
    except tomllib.TOMLDecodeError as e:
        import re

        m = re.search(r"line (\d+)", str(e))
        raise InputError(str(f), int(m[1]) if m else None, "TOML として読めません", 'rules = "rules/板橋区"') from None
    rules = data.get("rules")
    if rules is None:
        return None
    if isinstance(rules, str):
        rules = [rules]
    if not isinstance(rules, list) or not all(isinstance(x, str) for x in rules):
        raise InputError(str(f), None, "rules にはルールのフォルダ（かファイル）を書きます", 'rules = "rules/板橋区"')
    out = [(f.parent / r) for r in rules]
    for p in out:
        if not p.exists():
            raise InputError(str(f), None, f"rules のフォルダ {p} がありません", 'rules = "rules/板橋区"')
    return out
