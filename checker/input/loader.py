"""Case files: YAML → Case, with one clear message per problem (file, line, what was expected)."""
from __future__ import annotations

import difflib
import os
import re
import unicodedata
from pathlib import Path

from pydantic import ValidationError

from .. import jp
from ..errors import InputError, InputErrors, os_reason
from ..model import Case
from ..model.case import WAIVERS_KEY
from ..model.base import Answer
from ..model.schema import all_paths, fields_of, model_at
from .yamlio import LineMap, decode, load_yaml_file, load_yaml_text

_TYPE_WORDS = {
    "string_type": "文字列",
    "int_type": "整数",
    "int_parsing": "整数",
    "int_from_float": "整数",
    "bool_type": "あり／なし",
    "list_type": "リスト（- で始まる行）",
    "dict_type": "マッピング（キー: 値）",
    "model_type": "マッピング（キー: 値）",
    "model_attributes_type": "マッピング（キー: 値）",
    "float_type": "数",
}


def _expected_for(err: dict) -> str | None:
    msg = err.get("msg", "")
    if "日付" in msg or "元号" in msg or "期間外" in msg or "という日" in msg or "の月" in msg or "年はありません" in msg or "年度と月" in msg or "は扱えません" in msg:
        return jp.DATE_EXPECTED
    if "数として" in msg or "負の数" in msg or "桁区切り" in msg:
        return jp.COUNT_EXPECTED
    if "あり／なし" in msg:
        return jp.FLAG_EXPECTED
    if "○ または ー" in msg:
        return "○、ー（理由）"
    return None


# Words people write for an entry of the form, by meaning (a guess by spelling alone took 名称 for 認証 and 所在地 for
# 認証): the word → the form's labels it may mean, the first that the place allows is offered.
SAME_MEANING = {
    "名称": ("名称", "再委託先", "結合の相手方", "提供先", "委託先", "事業名"),
    "名前": ("名称", "再委託先", "結合の相手方", "提供先", "委託先"),
    "事業者": ("名称", "再委託先", "委託先"), "業者": ("名称", "再委託先", "委託先"), "受託者": ("委託先", "名称"),
    "相手先": ("結合の相手方", "提供先"), "相手方": ("結合の相手方", "提供先"), "結合先": ("結合の相手方",),
    "提供相手": ("提供先",), "所在地": ("データの所在", "結合先のサーバの所在", "提供先の所在"),
    "所在": ("データの所在", "結合先のサーバの所在", "提供先の所在"), "保管場所": ("データの保管場所", "結合先のサーバの設置場所"),
    "設置場所": ("結合先のサーバの設置場所", "データの保管場所"), "課": ("担当課", "保有課"), "所管課": ("担当課", "保有課"),
    "タイトル": ("件名",), "事業名": ("件名",), "日付": ("付議日",), "会議日": ("付議日",), "期間": ("委託の開始時期及び期限", "結合の開始時期と期間"),
    "認定": ("認証",), "資格": ("認証",), "根拠法令": ("根拠", "根拠規定"), "法的根拠": ("根拠", "根拠規定"), "根拠条文": ("根拠", "根拠規定"),
}


def _reading(s: str) -> str:
    """A key as it reads: full-width and half-width alike, no spaces, one kind of middle dot and long mark."""
    s = unicodedata.normalize("NFKC", str(s))
    return re.sub(r"\s+", "", s).replace("･", "・").replace("-", "ー").replace("−", "ー")


def near_key(key: str, valid: list[str]) -> str | None:
    """The allowed key the writer most likely meant, or None when no guess is close: the same reading (全角/半角, spaces),
    a word of the same meaning (SAME_MEANING), one character off in a key of the same length (an IME's wrong kanji),
    one key containing the other (委託先名 → 委託先) when only one does,
    or a spelling that differs in little (difflib ratio ≥ 0.75)."""
    import difflib

    k = _reading(key)
    by_reading = {_reading(v): v for v in valid}
    if k in by_reading:
        return by_reading[k]
    for meant in SAME_MEANING.get(k, ()):
        if meant in valid and meant != key:
            return meant
    if len(k) >= 2:  # one kanji taken for another of the same reading (件命 for 件名, 理屈 for 理由)
        one_off = [v for r, v in by_reading.items() if len(r) == len(k) and sum(a != b for a, b in zip(r, k)) == 1]
        if len(one_off) == 1:
            return one_off[0]
        holding = [v for r, v in by_reading.items() if len(r) >= 2 and (k in r or r in k)]
        if len(holding) == 1:
            return holding[0]
    close = difflib.get_close_matches(k, list(by_reading), n=1, cutoff=0.75)
    return by_reading[close[0]] if close else None


def _clean_loc(loc: tuple) -> tuple:
    """Drop pydantic's internal loc parts (validator names, union branches)."""
    out = []
    for part in loc:
        if isinstance(part, str) and ("[" in part or part.startswith("function-") or part in ("Answer", "str", "int", "bool")):
            continue
        out.append(part)
    return tuple(out)


def _fmt_loc(loc: tuple) -> str:
    s = ""
    for p in loc:
        s += f"[{p + 1}]" if isinstance(p, int) else (("." if s else "") + str(p))
    return s


def _shape(loc: tuple) -> str | None:
    """The whole shape of a list of entries or a block the form holds at loc, said once (model.form): a department that
    wrote 委託先 as one line learns at once that it is a list, each entry a mapping, and every key it may hold."""
    from ..model.form import CHECKLIST, ITEMS, SHEET, entry_at

    e = entry_at(".".join(str(p) for p in loc if not isinstance(p, int)))
    if e is None:
        return None
    keys = "・".join(c.label for c in e.children)
    if e.kind == ITEMS and loc and isinstance(loc[-1], int):  # one entry of the list
        return f"マッピング（キー: 値）。書けるキー: {keys}"
    if e.kind == ITEMS:
        return f"リスト（1 件ごとに - で始め、各件に キー: 値）。書けるキー: {keys}"
    if e.kind in (SHEET, CHECKLIST):
        return f"マッピング（キー: 値）。書けるキー: {keys}"
    return None


def _missing_expected(loc: tuple) -> str:
    """What a required key not written holds, said as the form says it: 「承認者: 承認した人の役職・氏名…。例: …」."""
    from ..model.form import how_to_write

    how = how_to_write(".".join(str(p) for p in loc if not isinstance(p, int)))
    return f"{loc[-1]}: {how or '…'}"


def errors_from_validation(exc: ValidationError, file: str, lines: LineMap) -> list[InputError]:
    out: list[InputError] = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        typ = err["type"]
        line = lines.line_for(loc)
        where = _fmt_loc(loc)
        if typ == "extra_forbidden":
            key = loc[-1]
            parent = model_at(loc[:-1])
            if parent is None and len(loc) > 1:
                # a checklist row written as a mapping (回答／理由／内容)
                grand = model_at(loc[:-2])
                if grand is not None and getattr(fields_of(grand).get(loc[-2]), "kind", None) == "answer":
                    parent = Answer
            valid = list(fields_of(parent)) if parent else []
            near = near_key(str(key), valid) if valid else None
            hint = f"。もしかして「{near}」ですか" if near else ""
            where_parent = _fmt_loc(loc[:-1]) or "最上位"
            out.append(InputError(file, line, f"「{key}」は{where_parent}に書けるキーではありません{hint}",
                                  "、".join(valid) if valid else None))
        elif typ == "missing":
            pline = lines.line_for_missing(loc)
            out.append(InputError(file, pline, f"必須の項目「{where}」がありません", _missing_expected(loc)))
        elif typ == "literal_error":
            exp = err.get("ctx", {}).get("expected", "")
            out.append(InputError(file, line, f"{where}: 「{err.get('input')}」は使えない値です", exp.replace("'", "").replace(", ", "／").replace(" or ", "／")))
        elif typ in ("value_error", "assertion_error"):
            msg = err["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
            derived = re.match(r"「([^」]+)」は", msg)
            if derived and derived.group(1) in getattr(model_at(loc), "DERIVED", {}):  # a derived key written: its own line
                line, where = lines.line_for(loc + (derived.group(1),)), _fmt_loc(loc + (derived.group(1),))
            out.append(InputError(file, line, f"{where}: {msg}", _expected_for({"msg": msg})))
        elif typ in ("too_short",):
            out.append(InputError(file, line, f"{where}: 1 つ以上書いてください", "- で始まる行を 1 行以上"))
        elif typ in ("greater_than_equal", "greater_than"):
            ctx = err.get("ctx", {})
            bound = f"{ctx['ge']} 以上" if "ge" in ctx else f"{ctx.get('gt')} より大きい数" if "gt" in ctx else err["msg"]
            out.append(InputError(file, line, f"{where}: 「{err.get('input')}」は小さすぎます", bound))
        elif typ in _TYPE_WORDS and err.get("input") is None:  # `担当課:` with nothing after it
            out.append(InputError(file, line, f"{where}: 値が書かれていません", _TYPE_WORDS[typ]))
        elif typ in _TYPE_WORDS:
            out.append(InputError(file, line, f"{where}: 「{err.get('input')!s:.40}」の形が違います", _shape(loc) or _TYPE_WORDS[typ]))
        else:
            out.append(InputError(file, line, f"{where}: {err['msg']}"))
    # one message per place: the first is the clearest
    seen, uniq = set(), []
    for e in out:
        k = (e.line, e.message)
        if k not in seen:
            seen.add(k)
            uniq.append(e)
    return uniq


def unknown_entries(data, prefix: str = "") -> set[str]:
    """The entries a case file writes as 不明 (未定, ？), as written paths (番号法.個人番号利用事務[1].根拠; a checklist row, whether
    written `行: 不明` or `行: {回答: 不明}`; a list that holds 不明)."""
    from ..model.base import UNKNOWN

    def unknown(v) -> bool:
        return isinstance(v, str) and v.strip() in UNKNOWN

    out: set[str] = set()
    if isinstance(data, dict):
        for k, v in data.items():
            path = f"{prefix}.{k}" if prefix else str(k)
            if k == "出所":
                continue
            if unknown(v) or (isinstance(v, dict) and unknown(v.get("回答"))):
                out.add(path)
            if isinstance(v, dict):
                out |= unknown_entries(v, path)
            elif isinstance(v, list):
                for i, x in enumerate(v, 1):
                    if unknown(x):
                        out.add(path)
                    else:
                        out |= unknown_entries(x, f"{path}[{i}]")
    return out


def case_from_data(data, lines: LineMap, file: str) -> Case:
    if not isinstance(data, dict):
        raise InputError(file, 1, "案件ファイルの最上位はマッピングでなければなりません", "件名: …／区分: …／担当課: … の形")
    early = list(lines.pending)  # values its reader could not use (a workbook's formula): with the model's errors
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        errs = lines.arrange(early + errors_from_validation(exc, file, lines))
        if len(errs) == 1:
            raise errs[0] from None
        raise InputErrors(errs) from None
    if early:
        raise early[0] if len(early) == 1 else InputErrors(early)
    if case.provenance:
        errs = _provenance_errors(case.provenance, data, lines, file)
        if errs:
            raise errs[0] if len(errs) == 1 else InputErrors(errs)
    case._written_unknown = frozenset(unknown_entries(data))
    if case.waivers:
        places = tuple(lines.line_for((WAIVERS_KEY, i, "ルール")) for i in range(len(case.waivers)))
        errs = _waiver_errors(case.waivers, places, file)
        if errs:
            raise errs[0] if len(errs) == 1 else InputErrors(errs)
        case._waiver_places = places
    return case


def _waiver_errors(waivers, places: tuple, file: str) -> list[InputError]:
    """One 承諾・免除 per rule: a second one for the same rule is an error at its place (naming the first)."""
    out, first = [], {}
    for w, place in zip(waivers, places):
        if w.rule in first:
            at = first[w.rule]
            said = f"{at} 行目" if isinstance(at, int) else (at or "前")
            out.append(InputError(file, place, f"承諾・免除: ルール {w.rule} の免除が 2 つあります（{said}にも）", "1 つのルールに 1 件"))
        else:
            first[w.rule] = place
    return out


def _written(data, parts: list[str]) -> bool:
    """Whether the case file writes something at a path of labels (through lists: in any entry)."""
    if not parts:
        return data is not None
    if isinstance(data, list):
        return any(_written(x, parts) for x in data)
    if not isinstance(data, dict):
        return False
    head, *rest = parts
    return head in data and data[head] is not None and _written(data[head], rest)


def _provenance_errors(table: dict, data: dict, lines: LineMap, file: str) -> list[InputError]:
    """Every 出所 key names a fact of the case model that this case file writes."""
    out = []
    for key in table:
        line = lines.line_for(("出所", key))
        parts = re.sub(r"\[\d+\]", "", key).split(".")
        if parts[0] == "出所" or not _known_path(parts):
            near = difflib.get_close_matches(key, all_paths(), n=1, cutoff=0.75)
            hint = f"。もしかして「{near[0]}」ですか" if near else ""
            out.append(InputError(file, line, f"出所: 「{key}」は案件の様式にない項目です{hint}", "事実のパス（例: 外部結合.チェックリスト）"))
        elif not _written(data, parts):
            out.append(InputError(file, line, f"出所: 「{key}」はこの案件ファイルに書かれていません", "書いた事実の出所だけを書く"))
    return out


def _known_path(parts: list[str]) -> bool:
    model = Case
    for i, part in enumerate(parts):
        if model is None:
            return False
        k = fields_of(model).get(part)
        if k is None:
            return False
        model = k.model if k.kind in ("sheet", "items") else None
    return True


WORKBOOK_SUFFIXES = (".xlsx",)  # checker.input.workbook (imported only when a workbook is read: openpyxl is slow to load)
YAML_SUFFIXES = (".yaml", ".yml")
OTHER_BOOKS = (".xls", ".xlsm", ".xlsb", ".ods", ".numbers")  # office files checker does not read


def read_case_data(path: str | Path) -> tuple[object, LineMap]:
    """The plain data of a case file and where each value is: a YAML file (line numbers) or a workbook (.xlsx:
    sheet!cell). The one input interface: whatever the file, the data is validated by case_from_data."""
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        from .workbook import read_workbook

        return read_workbook(path)
    if suffix in OTHER_BOOKS:
        raise InputError(str(path), None, f"「{suffix}」のファイルは読めません", "案件ファイル（.yaml・.yml）か Excel のブック（.xlsx）")
    data, lines, _ = load_yaml_file(path)
    return data, lines


PREDECESSOR_KEY = "前回の案件"
PREDECESSOR_EXPECTED = "前回の承認の案件ファイル（.yaml・.yml・.xlsx）の、この案件ファイルのフォルダから見た場所"


def check_predecessor(case: Case, lines: LineMap, file: str) -> Path | None:
    """The file 前回の案件 names, resolved against the case file's folder, once it is known to be a case file that is there
    and is not the case itself; remembered on the case (Case.predecessor_at). An input error names the case file and the
    line of 前回の案件. Reading it is left to what compares the two (checker diff, the section 前回からの変更): the
    audit, which shows no comparison, only checks that it is there."""
    if not case.predecessor:
        return None
    return _check_predecessor_at(case, lines.line_for((PREDECESSOR_KEY,)), file)


def _check_predecessor_at(case: Case, line, file: str) -> Path | None:
    """check_predecessor, given the line of 前回の案件 (kept with a cached case: where the file is, and so what it names,
    is worked out on every run)."""
    if not case.predecessor:
        return None
    import os

    named = str(case.predecessor)
    path = Path(file).parent / named
    if path.suffix.lower() not in CASE_SUFFIXES:
        raise InputError(file, line, f"{PREDECESSOR_KEY}: 「{named}」は案件ファイルではありません", PREDECESSOR_EXPECTED)
    try:
        path.stat()
    except OSError as e:
        raise InputError(file, line, f"{PREDECESSOR_KEY}: 「{named}」を開けません（{os_reason(e)}）", PREDECESSOR_EXPECTED) from None
    if not path.is_file():
        raise InputError(file, line, f"{PREDECESSOR_KEY}: 「{named}」はファイルではありません", PREDECESSOR_EXPECTED)
    if os.path.samefile(path, file):
        raise InputError(file, line, f"{PREDECESSOR_KEY}: 「{named}」はこの案件ファイル自身です", PREDECESSOR_EXPECTED)
    case._predecessor_at = (path, line)
    return path


def load_predecessor(file: str, case: Case) -> Case | None:
    """The case 前回の案件 names (checked by check_predecessor when the case was loaded), or None. One step only: its own
    前回の案件 is not followed (nor checked). A predecessor that cannot be read or is not a valid case file is an input
    error naming the case file and the line of 前回の案件, followed by the predecessor's own errors (its file:line)."""
    at = case.predecessor_at
    if at is None:
        return None
    path, line = at
    try:
        return load_case(path, predecessor=False)
    except (InputError, InputErrors) as e:
        errs = e.errors if isinstance(e, InputErrors) else [e]
        head = InputError(file, line, f"{PREDECESSOR_KEY}: 「{case.predecessor}」を案件として読めません（{len(errs)} 件の誤り: 次の行から）",
                          PREDECESSOR_EXPECTED)
        raise InputErrors([head, *errs]) from None


def load_case(path: str | Path, predecessor: bool = True) -> Case:
    """A case file, validated; with predecessor (the default), the file its 前回の案件 names is checked to be there.
    With the cache on (checker.cache), a file whose bytes were validated before (by this checker, these libraries) is not
    read and validated again: its Case comes from the cache."""
    return load_case_keyed(path, predecessor)[0]


def load_case_keyed(path: str | Path, predecessor: bool = True) -> tuple[Case, str | None]:
    """load_case, and the cache key of the file's content (its bytes, its kind, this checker: checker.cache.key), or
    None when the cache is off or the file was not read through it. The audit keys a case's verdicts by it."""
    from .. import cache

    store = cache.store()
    if store is None:
        data, lines = read_case_data(path)
        case = case_from_data(data, lines, str(path))
        line, key = (lines.line_for((PREDECESSOR_KEY,)) if case.predecessor else None), None
    else:
        case, line, key = _cached_case(path, store)
    if predecessor:
        _check_predecessor_at(case, line, str(path))
    return case, key


CACHE_KIND = "case"


def _raw_bytes(path: Path, suffix: str) -> bytes | None:
    """The bytes of a case file to be read, or None when it cannot be read as it is (not there, not a file, too large,
    unreadable): the reader without the cache then says why, in its words."""
    from . import yamlio

    limit = yamlio.MAX_BYTES
    if suffix in WORKBOOK_SUFFIXES:
        from .workbook import MAX_BYTES as limit
    try:
        with open(path, "rb") as f:
            import stat

            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
                return None
            return f.read()
    except OSError:
        return None


def _cached_case(path: str | Path, store) -> tuple[Case, object, str | None]:
    """(Case, line of 前回の案件, key) from the cache, keyed by the file's bytes; else read, validated and stored. A file
    with errors raises them as always and stores nothing; a workbook that changed while it was read is not stored (and
    has no key)."""
    from .. import cache

    p, file = Path(path), str(path)
    suffix = p.suffix.lower()
    raw = _raw_bytes(p, suffix) if suffix in CASE_SUFFIXES else None
    if raw is None:
        data, lines = read_case_data(path)
        case = case_from_data(data, lines, file)
        return case, (lines.line_for((PREDECESSOR_KEY,)) if case.predecessor else None), None
    if suffix in WORKBOOK_SUFFIXES:
        k = cache.key(CACHE_KIND, "xlsx", cache.library("openpyxl", "openpyxl"), raw)
    else:
        k = cache.key(CACHE_KIND, "yaml", raw)
    hit = store.get(CACHE_KIND, k)
    if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[0], Case):
        return hit[0], hit[1], k
    if suffix in WORKBOOK_SUFFIXES:
        from .workbook import read_workbook

        data, lines = read_workbook(p)
        same = _raw_bytes(p, suffix) == raw  # read again by openpyxl: store only what was validated
    else:
        data, lines = load_yaml_text(decode(raw, file), file)  # what read_case_data does, on these very bytes
        same = True
    case = case_from_data(data, lines, file)
    line = lines.line_for((PREDECESSOR_KEY,)) if case.predecessor else None
    if same:
        store.put(CACHE_KIND, k, (case, line))
    return case, line, (k if same else None)


def load_case_text(text: str, file: str = "<text>") -> Case:
    data, lines = load_yaml_text(text, file)
    return case_from_data(data, lines, file)


CASE_SUFFIXES = (*YAML_SUFFIXES, *WORKBOOK_SUFFIXES)
CASE_GLOB = "*.yaml・*.yml・*.xlsx"


def _is_case_file(p: Path) -> bool:
    """A case file in a folder: YAML or a workbook; not _meetings.yaml and the like (_), nor Excel's lock file (~$)."""
    return p.suffix.lower() in CASE_SUFFIXES and p.is_file() and not p.name.startswith(("_", "~$"))


def case_files(paths) -> list[Path]:
    """Expand directories into their case files, *.yaml and *.xlsx (sorted, so runs are repeatable)."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if _is_case_file(x)))
        else:
            out.append(p)
    return out


def load_cases(paths) -> list[tuple[str, Case]]:
    """Every case file under paths, loaded; all bad files reported together.

    Raises InputErrors with the errors of every bad file (a file with several faults gives
    them all), so one run tells the secretariat every file to fix; nothing is evaluated
    (and no report written) while any input is bad.
    """
    files = case_files(paths)
    if not files:
        raise InputError(" ".join(map(str, paths)), None, "案件ファイルが見つかりません", CASE_GLOB)
    out: list[tuple[str, Case]] = []
    errors: list[InputError] = []
    for p in files:
        try:
            out.append((str(p), load_case(p)))
        except InputError as e:
            errors.append(e)
        except InputErrors as e:
            errors.extend(e.errors)
    if errors:
        raise InputErrors(errors) if len(errors) > 1 else errors[0]
    return out


def iter_cases(paths, errors: list | None = None, files: list | None = None):
    """The case files under paths, loaded one at a time (a generator): memory stays that of one case.

    Bad files do not stop the stream: their errors are appended to `errors` (every fault of every file,
    as load_cases collects them) and the file is skipped. Without an `errors` list, the errors are raised
    together (InputErrors) once every file has been read. `files` may pass the already expanded list
    of case_files(paths) (to count them first, for a progress display).
    """
    files = case_files(paths) if files is None else files
    if not files:
        raise InputError(" ".join(map(str, paths)), None, "案件ファイルが見つかりません", CASE_GLOB)
    own = errors is None
    errs: list[InputError] = [] if own else errors
    for p in files:
        try:
            case = load_case(p)
        except InputError as e:
            errs.append(e)
            continue
        except InputErrors as e:
            errs.extend(e.errors)
            continue
        yield str(p), case
    if own and errs:
        raise InputErrors(errs) if len(errs) > 1 else errs[0]
