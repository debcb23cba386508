"""The 付議事項 form, described once, from the case model itself.

For every sheet and label of the form, in the form's order: its kind (文, あり／なし, 選択, 日付 …), the values it allows
(the model's Literal choices, あり／なし, ○／ー（理由）／不明), whether it is required, whether it is a list of entries
(委託先, 再委託, 個人番号利用事務 …) and the shape of each entry, one line of help ("what to write", in the seeds' wording
where the seeds have it) and an example. Types, values, requiredness and order come from the pydantic model; help,
examples and who writes an entry come from form.yaml beside this module (one source each). Derived keys (DERIVED of
each sheet) are not part of the form.

Everything that shows the form reads this description: the YAML template and the workbook of `checker new`
(checker/report/case_template.py, checker/report/case_workbook.py), docs/case-format.md (`python -m checker.model.form`
writes it; tests/test_case_form.py holds that it matches), and the messages that say what to write (Entry.expected).

The workbook's layout is part of the description (Part, and the columns below), so that a reader of a filled-in
workbook maps every answer cell back to its label path with the same constants the writer used.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, get_args, get_origin

from .. import jp
from .. import provenance as _prov
from . import Case
from .base import Answer, AnswerGroup
from .schema import strip_optional as _strip

HELP_FILE = Path(__file__).with_name("form.yaml")
DOC_FILE = Path(__file__).resolve().parent.parent.parent / "docs" / "case-format.md"

# kinds of entry
TEXT, LIST, FLAG, CHOICE, CHOICES, DATE, COUNT, INT, ANSWER, CHECKLIST, SHEET, ITEMS, MAP = (
    "text", "list", "flag", "choice", "choices", "date", "count", "int", "answer", "checklist", "sheet", "items", "map")
LEAVES = (TEXT, LIST, FLAG, CHOICE, CHOICES, DATE, COUNT, INT, ANSWER, MAP)
KIND_NAMES = {
    TEXT: "文", LIST: "文のリスト", FLAG: "あり／なし", CHOICE: "選択", CHOICES: "選択（複数）", DATE: "日付", COUNT: "数",
    INT: "整数", ANSWER: "チェックリストの行", CHECKLIST: "チェックリスト", SHEET: "項目のまとまり", ITEMS: "表（1 件ごと）",
    MAP: "名前と値の組",
}
FLAG_VALUES = ("あり", "なし")
ANSWER_VALUES = ("○", "ー", "不明")  # the workbook's drop-down; in a case file ー carries its reason: ー（理由）
ANSWER_EXPECTED = "○／ー（理由）／不明"
UNKNOWN = "不明"

# who writes an entry (form.yaml `who`)
DEPARTMENT, SECRETARIAT, CORPUS, LEGACY = "部署", "事務局", "コーパス", "旧"

# the top level in the form's order: the 付議事項 sheet (件名, 要綱の根拠, 担当部課, 事業の概要), the sheets of the 区分,
# 番号法 and the 特定個人情報保護評価, then what the secretariat adds and where a corpus case comes from
ROOT_ORDER = ("件名", "区分", "特定個人情報保護評価の報告", "担当課", "付議日", "根拠", "先行承認", "事業の概要", "個人番号の取扱い",
              "電算処理", "外部結合", "業務委託", "外部提供", "防犯カメラ", "番号法", "特定個人情報保護評価", "備考",
              "承諾・免除", "会議", "番号", "審議結果", "前回の案件", "出典", "出所")
CATEGORY_KEY, PIA_FLAG_KEY, MYNUMBER_KEY, PIA_KEY = "区分", "特定個人情報保護評価の報告", "番号法", "特定個人情報保護評価"
OVERVIEW_KEY, SOURCES_KEY, PROVENANCE_KEY, WAIVERS_KEY, PREDECESSOR_KEY = "事業の概要", "出典", "出所", "承諾・免除", "前回の案件"


@dataclass(frozen=True)
class Entry:
    """One label of the form."""

    path: str  # label path, no list indices: 業務委託.委託先.名称
    label: str
    kind: str
    values: tuple = ()  # allowed values (choice, choices, flag, answer)
    required: bool = False  # the key must be written
    nullable: bool = True  # it may be written empty or 不明 (unknown)
    help: str = ""
    example: Any = None
    who: str = DEPARTMENT
    rows: int = 1  # room in the workbook: one value per row for a list, one entry per row for a table
    children: tuple["Entry", ...] = ()
    min_value: int | None = None  # an integer's least value
    blank_is_absent: bool = True  # `key:` written empty means the same as not written (not so for a checklist row: 空欄)
    item_kind: str | None = None  # a MAP's values: count, or 出所

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]

    @property
    def is_leaf(self) -> bool:
        return self.kind in LEAVES

    @property
    def expected(self) -> str:
        """The form a value takes, as the messages, the template and the workbook say it."""
        k = self.kind
        if k == TEXT:
            return "文"
        if k == LIST:
            return "1 行に 1 つ（- で始める）"
        if k == FLAG:
            return "あり／なし"
        if k == CHOICE:
            return "／".join(self.values)
        if k == CHOICES:
            return "／".join(self.values) + "（1 行に 1 つ）"
        if k == DATE:
            return jp.DATE_EXPECTED
        if k == COUNT:
            return jp.COUNT_EXPECTED
        if k == INT:
            return "整数" + (f"（{self.min_value} 以上）" if self.min_value is not None else "")
        if k == ANSWER:
            return ANSWER_EXPECTED
        if k == MAP:
            return f"事実のパス: {_prov.EXPECTED}" if self.item_kind == "出所" else "名前: 数 の組（1 行に 1 組）"
        if k == ITEMS:
            return "1 件ごとに - で始める（" + "・".join(c.label for c in self.children) + "）"
        return "・".join(c.label for c in self.children)

    @property
    def required_text(self) -> str:
        if not self.required:
            return ""
        return "必須（空欄可）" if self.nullable else "必須"

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass(frozen=True)
class Form:
    entries: tuple[Entry, ...]  # the top level, in ROOT_ORDER

    def walk(self):
        for e in self.entries:
            yield from e.walk()

    def entry(self, path: str) -> Entry:
        for e in self.walk():
            if e.path == path:
                return e
        raise KeyError(path)

    def top(self, label: str) -> Entry:
        return next(e for e in self.entries if e.label == label)

    @property
    def categories(self) -> tuple[str, ...]:
        return self.top(CATEGORY_KEY).values

    @property
    def pia_reports(self) -> tuple[str, ...]:
        return self.top(PIA_FLAG_KEY).values

    def chosen(self, categories, pia: str | None = None) -> tuple[Entry, ...]:
        """The top-level entries of a new case for these 区分 (and 特定個人情報保護評価の報告): what a department writes.
        The sheets of other 区分 are left out (they would not apply), 番号法 is always offered (個人番号の取扱い asks),
        the 特定個人情報保護評価 sheet only for such a report (its presence makes the case one: mynumber.derive);
        entries of the corpus (出典, 出所) and older spellings are not offered."""
        cats = set(categories)
        out = []
        for e in self.entries:
            if e.who in (CORPUS, LEGACY):
                continue
            if e.label in self.categories and e.label not in cats:
                continue
            if e.label == PIA_KEY and pia is None:
                continue
            out.append(_offered(e))
        return tuple(out)


    def for_case(self, data: dict) -> tuple[Entry, ...]:
        """The top-level entries of a workbook holding this case's data (checker convert): the sheets it writes (a 区分's
        sheet, 特定個人情報保護評価; a sheet it does not write stays unwritten), 番号法's tables and every other entry of
        the form, and the corpus's entries (出典, 出所) and older spellings only where the case writes them."""
        data = data if isinstance(data, dict) else {}
        out = []
        for e in self.entries:
            value = data.get(e.label)
            if e.who in (CORPUS, LEGACY) and value is None:
                continue
            if e.kind == SHEET and e.label not in (OVERVIEW_KEY, MYNUMBER_KEY) and not isinstance(value, dict):
                continue
            out.append(_written_only(e, value))
        return tuple(out)

    def ordered(self, data: Any) -> Any:
        """A case's data with its keys in the form's order (a workbook read back, a YAML file written); keys the form does
        not have stay, last, for the model to refuse."""
        return _ordered(data, self.entries)


def _ordered(value: Any, entries: tuple[Entry, ...]) -> Any:
    if not isinstance(value, dict):
        return value
    out = {}
    for e in entries:
        if e.label in value:
            v = value[e.label]
            if e.children and isinstance(v, list):
                v = [_ordered(x, e.children) for x in v]
            elif e.children:
                v = _ordered(v, e.children)
            out[e.label] = v
    out.update((k, v) for k, v in value.items() if k not in out)
    return out


def _written_only(e: Entry, value: Any) -> Entry:
    """The entry without the older spellings its value does not write."""
    if not e.children:
        return e
    values = value if isinstance(value, dict) else {}
    kids = tuple(_written_only(c, values.get(c.label)) for c in e.children if c.who != LEGACY or values.get(c.label) is not None)
    return Entry(**{**e.__dict__, "children": kids})


def _offered(e: Entry) -> Entry:
    """The entry without its older spellings (関連案件)."""
    if not e.children:
        return e
    return Entry(**{**e.__dict__, "children": tuple(_offered(c) for c in e.children if c.who != LEGACY)})


# --- reading the model -----------------------------------------------------------------------------

def _kind(tp: Any) -> tuple[str, tuple, type | None, str | None]:
    """kind, values, sub-model, item kind (for a map)."""
    origin = get_origin(tp)
    if origin is Literal:
        return CHOICE, tuple(get_args(tp)), None, None
    if origin is list:
        inner, _ = _strip(get_args(tp)[0])
        k, values, model, _ = _kind(inner)
        if k == SHEET:
            return ITEMS, (), model, None
        if k == CHOICE:
            return CHOICES, values, None, None
        return LIST, (), None, None
    if origin is dict:
        inner, _ = _strip(get_args(tp)[1])
        return MAP, (), None, "count" if inner is jp.Count else "出所"
    if tp is bool:
        return FLAG, FLAG_VALUES, None, None
    if tp is int:
        return INT, (), None, None
    if tp is jp.DateSpan:
        return DATE, (), None, None
    if tp is jp.Count:
        return COUNT, (), None, None
    if isinstance(tp, type) and issubclass(tp, Answer):
        return ANSWER, ANSWER_VALUES, None, None
    if isinstance(tp, type) and issubclass(tp, AnswerGroup):
        return CHECKLIST, (), tp, None
    if isinstance(tp, type) and hasattr(tp, "model_fields"):
        return SHEET, (), tp, None
    return TEXT, (), None, None


def _own_first(model: type) -> list[str]:
    """The model's field names, a class's own fields before those it inherits (NumberUse: 事務・種別・担当課, then 根拠・施行日)."""
    depth = {}
    for i, cls in enumerate(model.__mro__):
        for name in getattr(cls, "__annotations__", {}):
            depth.setdefault(name, i)
    names = list(model.model_fields)
    return sorted(names, key=lambda n: depth.get(n, 0))


def _annotation(info) -> Any:
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation


def _min_value(info) -> int | None:
    for m in info.metadata:
        ge = getattr(m, "ge", None)
        if ge is not None:
            return ge
    return None


def _entries(model: type, prefix: str, data: dict, order: tuple[str, ...] | None = None) -> tuple[Entry, ...]:
    derived = getattr(model, "DERIVED", {})
    by_alias = {info.alias or name: (name, info) for name, info in model.model_fields.items()}
    aliases = list(order) if order else [model.model_fields[n].alias or n for n in _own_first(model)]
    out = []
    for alias in aliases:
        if alias in derived:
            continue
        name, info = by_alias[alias]
        path = f"{prefix}{alias}"
        tp, nullable = _strip(_annotation(info))
        kind, values, sub, item_kind = _kind(tp)
        meta = data.get(path, {})
        children = _entries(sub, path + ".", data) if sub is not None else ()
        if kind == FLAG:
            values = FLAG_VALUES
        out.append(Entry(
            path=path, label=alias, kind=kind, values=values, required=info.is_required(), nullable=nullable,
            help=meta.get("help", ""), example=meta.get("example"), who=meta.get("who", DEPARTMENT),
            rows=int(meta.get("rows", _default_rows(kind, values))), children=children, min_value=_min_value(info),
            blank_is_absent=kind != ANSWER and (info.is_required() or info.default is None), item_kind=item_kind,
        ))
    return tuple(out)


def _default_rows(kind: str, values: tuple) -> int:
    if kind == CHOICES:
        return len(values)
    if kind in (LIST, MAP):
        return 3
    if kind == ITEMS:
        return 20
    return 1


def help_data() -> dict:
    import yaml

    safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 3× quicker, and a 要確認's words need it at once
    loader = safe(HELP_FILE.read_text(encoding="utf-8"))
    try:
        return loader.get_single_data() or {}
    finally:
        loader.dispose()


@lru_cache(maxsize=1)
def describe() -> Form:
    """The form, from the case model and form.yaml."""
    return Form(_entries(Case, "", help_data(), ROOT_ORDER))


def model_paths() -> set[str]:
    """Every label path of the model that a case file may write (derived keys excluded), without form.yaml: what
    form.yaml and ROOT_ORDER must cover."""
    out = set()

    def walk(model, prefix):
        derived = getattr(model, "DERIVED", {})
        for name, info in model.model_fields.items():
            alias = info.alias or name
            if alias in derived:
                continue
            out.add(prefix + alias)
            tp, _ = _strip(_annotation(info))
            _, _, sub, _ = _kind(tp)
            if sub is not None:
                walk(sub, prefix + alias + ".")

    walk(Case, "")
    return out


# --- the workbook's layout (the writer: checker/report/case_workbook.py; the reader: item 2 of issue 19) ------------

LAYOUT_VERSION = 1  # the workbook's layout (kept in its keywords: checker case form 1)
FIELDS, CHECKLIST_PART, TABLE = "fields", "checklist", "table"
ROOT_PART = "概要"
VERDICT_SHEET = "判定"  # the sheet `checker check --annotate` adds (report.annotation); the reader passes over it
PATH_COLUMN = "A"  # hidden: the label path of the row's answer (a list's n-th value: path[n]); A1 the sheet's part
TITLE_ROW, HELP_ROW, HEADER_ROW = 1, 2, 3
# a sheet of entries: one row per label
FIELD_LABEL, FIELD_ANSWER, FIELD_HELP = "B", "C", "D"
FIELD_HEADERS = {FIELD_LABEL: "項目", FIELD_ANSWER: "記入欄", FIELD_HELP: "書くこと（書ける値・記入例）"}
# a checklist: one row per measure
CHECK_NUMBER, CHECK_LABEL, CHECK_ANSWER, CHECK_REASON, CHECK_MEASURE, CHECK_HELP = "B", "C", "D", "E", "F", "G"
CHECK_HEADERS = {CHECK_NUMBER: "番号", CHECK_LABEL: "項目", CHECK_ANSWER: "回答", CHECK_REASON: "理由（ー のとき）",
                 CHECK_MEASURE: "講じる対策（書き足すとき）", CHECK_HELP: "情報保護対策（様式の文言）"}
# the keys of a checklist row written as a mapping (Answer's aliases), by column
CHECK_KEYS = {CHECK_ANSWER: "回答", CHECK_REASON: "理由", CHECK_MEASURE: "内容"}
# a table: one row per entry, one column per key from B; the row under the header says what to write
TABLE_FIRST_COLUMN, TABLE_HELP_ROW, TABLE_FIRST_ROW = 2, 4, 5
SECTION, LINK, HEADER_MARK, HELP_MARK = "§", "→", "見出し", "書き方"  # column A of a section row, a link row, a table's header rows


@dataclass(frozen=True)
class Part:
    """One worksheet: 概要, a 区分's sheet, a table of entries, a checklist."""

    name: str  # the worksheet's name: the label path with ・ (業務委託・委託先); 概要 for the top level
    path: str  # the label path it holds ("" for the top level)
    kind: str  # fields | checklist | table
    entry: Entry | None  # the sheet, table or checklist (None: the top level)
    entries: tuple[Entry, ...]  # what it shows, in order (fields: rows and sections; checklist: groups or rows; table: columns)

    @property
    def title(self) -> str:
        return "付議事項" if self.entry is None else self.path.replace(".", " ― ")

    @property
    def help(self) -> str:
        return self.entry.help if self.entry else "付議事項（個人情報保護管理運営会議）の件名・区分・担当課・付議日・事業の概要"

    def answers(self) -> tuple[Entry, ...]:
        """What is answered on this worksheet, in order: a fields sheet's leaves (through its sections, not into the
        tables and checklists that have their own worksheet), a checklist's rows, a table's columns."""
        if self.kind == TABLE:
            return self.entries
        if self.kind == CHECKLIST_PART:
            groups = self.entries if all(g.kind == CHECKLIST for g in self.entries) else (self.entry,)
            return tuple(row for g in groups for row in g.children)
        out = []

        def walk(e: Entry) -> None:
            if is_own_part(e):
                return
            if e.kind == SHEET:
                for c in e.children:
                    walk(c)
            else:
                out.append(e)

        for e in self.entries:
            walk(e)
        return tuple(out)


def part_name(path: str) -> str:
    return path.replace(".", "・") if path else ROOT_PART


def parts(entries: tuple[Entry, ...]) -> list[Part]:
    """The worksheets of a workbook holding these top-level entries, in the form's order: 概要 (the top-level labels and
    事業の概要), then each sheet with, after it, its tables (委託先, 再委託 …) and checklists in the sheet's order, then the
    tables of the top level (承諾・免除)."""
    top = [e for e in entries if e.kind not in (SHEET,) or e.label == "事業の概要"]
    out = [Part(ROOT_PART, "", FIELDS, None, tuple(top))]
    for e in entries:
        if e.kind == SHEET and e.label != "事業の概要":
            out.extend(_sheet_parts(e))
    # a table of the top level (承諾・免除) last: linked from its row on 概要
    out.extend(Part(part_name(e.path), e.path, TABLE, e, e.children) for e in top if e.kind == ITEMS)
    return out


def _sheet_parts(sheet: Entry) -> list[Part]:
    own = Part(part_name(sheet.path), sheet.path, FIELDS, sheet, sheet.children)
    rest = []
    for c in sheet.children:
        if c.kind == ITEMS:
            rest.append(Part(part_name(c.path), c.path, TABLE, c, c.children))
        elif c.kind == CHECKLIST or (c.kind == SHEET and c.children and all(g.kind == CHECKLIST for g in c.children)):
            rest.append(Part(part_name(c.path), c.path, CHECKLIST_PART, c, c.children))
    # a sheet with nothing but tables and checklists (番号法) has no worksheet of its own
    has_fields = any(c.kind not in (ITEMS, CHECKLIST) and not _is_checklist_sheet(c) for c in sheet.children)
    return ([own] if has_fields else []) + rest


def _is_checklist_sheet(e: Entry) -> bool:
    return e.kind == CHECKLIST or (e.kind == SHEET and bool(e.children) and all(g.kind == CHECKLIST for g in e.children))


def is_own_part(e: Entry) -> bool:
    """The entry is shown on a worksheet of its own (a table or a checklist), linked from its sheet's row."""
    return e.kind == ITEMS or _is_checklist_sheet(e)


# --- docs/case-format.md ---------------------------------------------------------------------------

def _cell(text: Any) -> str:
    return str(text).replace("|", "｜").replace("\n", " ")


def _example_text(e: Entry) -> str:
    import json

    v = e.example
    if v is None:
        return ""
    if isinstance(v, list):
        return "`[" + ", ".join(str(x) for x in v) + "]`"
    if isinstance(v, dict):
        return "`{" + ", ".join(f"{k}: {x}" for k, x in v.items()) + "}`"
    return f"`{v}`" if not isinstance(v, bool) else json.dumps(v)


def _values_text(e: Entry) -> str:
    if e.kind in (CHOICE, CHOICES, FLAG):
        return "／".join(e.values)
    if e.kind == ANSWER:
        return ANSWER_EXPECTED
    if e.kind in (DATE, COUNT, MAP) or (e.kind == INT and e.min_value is not None):
        return e.expected
    return ""


def _help_text(e: Entry) -> str:
    mark = {SECRETARIAT: "〔事務局〕", CORPUS: "〔cases/ だけ〕", LEGACY: "〔旧〕"}.get(e.who, "")
    return mark + e.help


def _table(rows: list[Entry]) -> list[str]:
    out = ["| 項目 | 型 | 書ける値 | 必須 | 書くこと | 例 |", "|---|---|---|---|---|---|"]
    for e in rows:
        label = e.label if e.kind in LEAVES else f"{e.label}（{'下の表' if e.kind == ITEMS else '下'}）"
        out.append("| " + " | ".join(_cell(x) for x in (label, e.kind_name, _values_text(e), e.required_text,
                                                         _help_text(e), _example_text(e))) + " |")
    return out


def _yaml_example(e: Entry) -> list[str]:
    """One entry of a table, as a case file writes it."""
    lines = []
    for i, c in enumerate(c for c in e.children if c.example is not None and c.who != LEGACY):
        v = c.example
        text = "[" + ", ".join(map(str, v)) + "]" if isinstance(v, list) else str(v)
        lines.append(f"{'- ' if i == 0 else '  '}{c.label}: {text}")
    return ["```yaml", f"{e.label}:", *("  " + x for x in lines), "```"]


def _section(e: Entry, level: int) -> list[str]:
    out = ["", f"{'#' * level} {e.path}", "", f"{_help_text(e)}（{e.kind_name}）", ""]
    if e.kind == ITEMS:
        out += ["1 件ごとに `-` で始める。1 件だけなら `-` なしのマッピングでもよく、`なし` と書けば 1 件もない。", ""]
    if e.kind in (CHECKLIST,) or _is_checklist_sheet(e):
        out += ["各行に `○`（講じる）か `ー（理由）`（必要がない。理由を書く）。わからなければ `不明`（要確認）。"
                "キーを書いて値を空にした行は 空欄（不適合）、行を書かなければ 要確認。", ""]
    out += _table(list(e.children))
    if e.kind == ITEMS:
        out += ["", "例:", "", *_yaml_example(e)]
    for c in e.children:
        if c.kind in (SHEET, CHECKLIST, ITEMS):
            out += _section(c, min(level + 1, 4))
    return out


def markdown() -> str:
    form = describe()
    lines = [
        "# 案件ファイルの書き方（付議事項の様式）",
        "",
        "<!-- このファイルは案件モデルから作る（checker/model/form.py、書き方と例は checker/model/form.yaml）。"
        "直すときはそちらを直して `python -m checker.model.form` で作り直す。tests/test_case_form.py が食い違いを見つける。 -->",
        "",
        "部署は `checker new` から始める: 区分を選ぶと、その様式の項目がすべて入った空の案件ファイルができる。",
        "",
        "```sh",
        "checker new 業務委託 外部結合 -o 案件.xlsx     # Excel のブック（項目ごとに書くことと記入例、選ぶ項目はドロップダウン）",
        "checker new 業務委託 外部結合 -o 案件.yaml     # YAML のひな形（各行に書くことと書ける値のコメント）",
        "checker new 電算処理 --pia 報告 -o 案件.yaml   # 特定個人情報保護評価の報告（素案）。結果の報告は --pia 実施結果",
        "checker check 案件.xlsx                        # 書いたら確かめる（ブックでも YAML でも。要確認 は書き足す項目を示す）",
        "checker convert 案件.yaml 案件.xlsx            # YAML とブックのあいだで移す（どちらからでも）",
        "```",
        "",
        f"区分は {'・'.join(form.categories)} から 1 つ以上。すでにあるファイルは上書きしない（`--force` で上書き）。",
        "",
        "## 書き方の約束",
        "",
        "- キーは様式の項目名（下の表の「項目」）。様式にない名前は入力の誤り（近い名前を示す）。",
        "- わからない項目は空欄のまま、または `不明` と書く: その項目で判断するルールは 要確認 になる（適合 にはならない）。",
        "- 「必須」の項目はキーを必ず書く。「必須（空欄可）」は、値がまだ決まっていなければ空欄でよい（要確認 になる）。",
        "- 文は 1 行でも、`|` の次の行から字下げして複数行でもよい。数は全角でもよい（３４６，３１３人、約4,300人）。",
        "- 文のリストは 1 行に 1 つ `- ` で始める（1 つだけなら文のままでもよく、`なし` と書けば空）。",
        "- UTF-8 でも Shift_JIS（CP932）でもよい。",
        "- 計算で求める項目（整合性、委託の開始時期・期限、根拠の判定 など）は書けない（書けば入力の誤り）。",
        "",
        "| 型 | 書き方 |",
        "|---|---|",
        *(f"| {KIND_NAMES[k]} | {_cell(x)} |" for k, x in (
            (TEXT, "文（改行を含んでもよい）"),
            (LIST, "1 行に 1 つ（`- ` で始める）。1 つなら文のまま、`なし` なら空"),
            (FLAG, "あり／なし（はい／いいえ、true／false でも可）"),
            (CHOICE, "書ける値のどれか 1 つ"),
            (CHOICES, "書ける値を 1 行に 1 つ"),
            (DATE, jp.DATE_EXPECTED + "。期間は 令和6年5月27日〜令和7年2月15日"),
            (COUNT, jp.COUNT_EXPECTED),
            (INT, "整数"),
            (ANSWER, "○（講じる）、ー（理由）（必要がない）、不明。空欄や他の記号は 不適合"),
            (MAP, "`名前: 値` を 1 行に 1 組"),
        )),
        "",
        "## 付議事項（最上位）",
        "",
        *_table([e for e in form.entries if e.kind not in (SHEET,) or e.label == "事業の概要"]),
    ]
    overview = form.top("事業の概要")
    lines += _section(overview, 3)
    for e in form.entries:
        if e.kind == SHEET and e.label != "事業の概要":
            lines += _section(e, 2)
    for e in form.entries:
        if e.kind == ITEMS:
            lines += _section(e, 2)
            lines += _waivers_doc() if e.label == WAIVERS_KEY else []
    lines += ["", *_workbook_doc()]
    return "\n".join(lines) + "\n"


def _waivers_doc() -> list[str]:
    return [
        "",
        "承諾・免除は、ルールの要件を区の承諾のうえで満たさなくてよいとされたこと（再委託の承諾、持ち出しの承諾、会議が認めた ー など）の記録。"
        "案件ファイルそのものに書く: 承諾はこの付議事項の承認に属し、案件ファイルとともに動く（部署のブック、`checker convert`、"
        "`checker check --annotate`）。別のファイルにすると、案件から離れてしまうことがある。",
        "",
        "- ルールの判定は変わらない（適合・不適合・要確認・対象外 のまま）。免除は判定のあとに当てる（ルールの条件には書けない）。",
        "- 不適合 のルールに期限内の免除があれば、判定は 不適合 のまま、横に「免除（承認者、承認日、期限）」を示し、終了コード（`--fail-on`）と"
        "JUnit の failure に数えない。",
        "- 期限は 付議日（`--on 日付` を指定すればその日）で判断する。期限が過ぎていれば 不適合 のまま数え、「免除の期限 … が過ぎています」と示す。"
        "承認日が基準日より後なら、まだ承認されていないので数える。付議日が期間（令和6年度）で期限や承認日がその中にあるとき、"
        "付議日がないときは判断できないので、判定のまま数え、そのわけを示す。",
        "- 要確認 のルールの免除は、記載のない事実を補わない: 要確認 のまま数える（事実を記載する）。適合・対象外 のルールの免除は「免除は不要」と示す。",
        "- ルールの ID が読み込んだルールにないもの、同じルールの 2 件目、理由・承認者・承認日のないものは入力の誤り（ファイル:行、exit 2）。",
    ]


def _workbook_doc() -> list[str]:
    return [
        "## ブック（.xlsx）の作り",
        "",
        "`checker new … -o 案件.xlsx` のブックは、様式の部分ごとに 1 シート、様式の順:",
        f"`{ROOT_PART}`（最上位の項目と事業の概要）、区分ごとの様式（`電算処理`、`外部結合` …）、その様式の表（`業務委託・委託先`、"
        "`業務委託・再委託`、`番号法・個人番号利用事務` …）とチェックリスト（`外部結合・チェックリスト` …）、`特定個人情報保護評価`、"
        f"最後に `{WAIVERS_KEY}` の表（概要の行から案内する）。"
        "シートの名前は項目のパスの `.` を `・` にしたもの。",
        "",
        "項目名・見出し・書くことの欄は保護され（パスワードなし）、記入欄だけが書ける。あり／なし・選択・チェックリストの回答はドロップダウン"
        "（`不明` も選べる）。日付は 令和6年10月1日 のように文字で書いても、日付のセルでもよい。A4 横で印刷できる（幅を 1 ページに合わせる）。",
        "",
        "記入欄とラベルの対応（読み戻すときに使う）:",
        "",
        f"- 列 {PATH_COLUMN}（非表示）に、その行の記入欄が書く項目のパス（`業務委託.委託理由`）。リストの n 番目の値は `パス[n]`"
        f"（`担当課[2]`）、表の n 件目は `業務委託.委託先[n]`、チェックリストの行は行のパス。{PATH_COLUMN}1 はシートの部分のパス"
        f"（`{ROOT_PART}` は最上位）。見出しの行は `{SECTION}`（項目のまとまり）、`{LINK}`（別のシートの表・チェックリストへの案内）、"
        f"表の見出しは `{HEADER_MARK}`・`{HELP_MARK}`。",
        f"- 様式のシート: 列 {FIELD_LABEL} 項目名、{FIELD_ANSWER} 記入欄、{FIELD_HELP} 書くこと（書ける値・記入例）。{HEADER_ROW} 行目が見出し。",
        f"- チェックリストのシート: 列 {CHECK_NUMBER} 番号、{CHECK_LABEL} 項目、{CHECK_ANSWER} 回答（○／ー／不明）、{CHECK_REASON} 理由"
        f"（ー のとき）、{CHECK_MEASURE} 講じる対策（書き足すとき。案件ファイルの `内容`）、{CHECK_HELP} 様式の文言。"
        f"回答 ー と理由は案件ファイルの `ー（理由）`。",
        f"- 表のシート: {HEADER_ROW} 行目が見出し（列 B から、1 列に 1 項目。見出しは項目名そのもの）、{TABLE_HELP_ROW} 行目が書くこと、"
        f"{TABLE_FIRST_ROW} 行目から 1 行に 1 件。表の中の文のリスト（認証、担当課）は 1 つのセルに「、」で区切る（値に「、」があれば 1 行に 1 つ）。",
        f"- 事務局の記入欄（会議・番号・審議結果・{PREDECESSOR_KEY}）は概要の最後。`{SOURCES_KEY}`・`{PROVENANCE_KEY}`（cases/ の転記だけの項目）は、"
        "案件が書いているときだけ（`checker convert`）、その下の「転記の出典・出所」に 1 行に 1 つ（出所は `事実のパス: 図（…）`）。",
        "",
        "### ブックを読む（`checker check 案件.xlsx`）",
        "",
        "`checker check`・`audit`・`meeting` は、ブックを YAML の案件ファイルと同じデータに読み、同じ案件モデルで確かめる"
        "（フォルダの中の `*.xlsx` も読む。Excel が開いているあいだに作る `~$` で始まるファイルは読まない。`_meetings.yaml` の案件に `.xlsx` も書ける）。",
        "誤りは「ファイル!シート!セル: 何が違うか（期待される形）」の 1 行（例: `案件.xlsx!業務委託!C18: 業務委託.特記事項の添付: …`）で、"
        "誤りがあれば何も判定しない（exit 2）。判定が拠る事実（`業務委託.委託先[1].データの所在` など）のセルは "
        "`checker.input.workbook.CellMap.cells_for` が示す。",
        "",
        "- 空のセルは 書かれていない（YAML でキーを書かないのと同じ）。区分の様式のシート（と 特定個人情報保護評価）は、あればその様式が書かれている"
        "（YAML のひな形と同じ）。項目のまとまり（事業の概要、個人情報の取扱い …）・表・チェックリストは、値のあるところだけが書かれている。"
        "件名・区分・担当課・付議日 の記入欄が空なら 空欄（要確認）。",
        "- 値は YAML と同じに読む: あり／なし、選択、○／ー／不明（ドロップダウンから、または打って）。日付は 和暦の文字（令和6年10月1日、R6.10.1）"
        "でも日付のセルでもよい（日付のセルはその日）。数は数のセルでも文字（全角も）でもよい。リストは 1 行に 1 つ（`なし` だけなら空のリスト、"
        "`不明` だけなら不明）。名前と値の組は 1 行に `名前: 値`。",
        f"- チェックリストの行は 回答（{CHECK_ANSWER}）に ○／ー／不明、ー の理由は {CHECK_REASON}、講じる対策は {CHECK_MEASURE}。"
        f"回答が空で理由だけのものは誤り。3 つとも空なら その行は書かれていない（要確認）。`空欄` と書けば 空欄（不適合）。",
        "- 表の 1 行が 1 件（空の行は数えない）。表全体に `なし` とだけ書けば 1 件もない（YAML の `再委託: なし`）。",
        "- 誤りになるもの: 様式にないシート、シートの A1 や表の見出しの変わったもの、列 A（非表示）のパスがそのシートの項目でない行・"
        "項目名と合わない行・同じ項目の 2 つ目の行、列 A にパスのない行（挿入した行）や様式の列の外に書かれた値、数式、エラー値。"
        "どれも期待される形（正しい項目名・パス・見出し）を示す。",
        f"- `{VERDICT_SHEET}` のシート（`checker check --annotate` が加えるもの）は読まない。",
        "",
        "### 判定を書き込む（`checker check 案件.xlsx --annotate`）",
        "",
        f"案件ごとに `<名前>_判定.xlsx` を案件ファイルの隣に作る（入力は書き換えない。YAML の案件はブックにしてから）。先頭に `{VERDICT_SHEET}` のシート: "
        "案件と判定の合計、判定ごとに 1 行（不適合・要確認・適合の順。対象外は載せない）でルール・根拠・指摘・直すこと・もとのセル（最初のセルへのリンク）、"
        "そのあとに 記載する事実（要確認を解く。書くことと書く場所）と印の説明。不適合を決めた事実のセルは赤、要確認に欠けている項目のセル"
        "（書かれていなければ書く欄）は黄で、コメント（作成者 checker）に 判定・ルール・根拠・指摘 と 直し方（要確認なら書くこと、"
        "`不明` と書いた項目ならそのこと）。書き込んだブックもそのまま読めるので、直してもう一度 `--annotate` すれば、前の印とコメントを消して"
        "今の判定を書き込む。同じ入力からは同じバイト列（保存の時刻を入れない）。",
        "",
        "### 変換（`checker convert`）",
        "",
        "```sh",
        "checker convert 案件.yaml 案件.xlsx     # YAML → ブック（出力の拡張子で決まる）",
        "checker convert 案件.xlsx 案件.yaml     # ブック → YAML",
        "```",
        "",
        "入力は `checker check` と同じに読んで確かめ（誤りがあれば何も書かない）、そのデータをもう一方の形に書く。読み戻せば同じデータ、"
        "同じ事実、同じ判定になる（tests/test_workbook_read.py が cases/ のすべての案件で確かめる）。",
        f"`{SOURCES_KEY}`・`{PROVENANCE_KEY}` も移す（出所は 〔図〕〔推定〕 の印を決める）。YAML のコメントは移さない（事実ではない）。"
        "中身のない項目のまとまり（`事業の概要: {}`）は、ブックでは書かれていないのと同じになる。",
        f"`{PREDECESSOR_KEY}`（案件ファイルのフォルダから見た前回の案件ファイルの場所）は、出力が別のフォルダなら、出力から見た場所に書き直す"
        "（同じ前回の案件を指すように）。",
        "すでにある出力は上書きしない（`--force`）。出力のフォルダがなければ入力の誤り（`--mkdir` で作る）。",
    ]


def main() -> None:  # pragma: no cover - a developer's command
    DOC_FILE.write_text(markdown(), encoding="utf-8")
    print(f"書きました: {DOC_FILE}")


if __name__ == "__main__":  # pragma: no cover
    main()


# --- what to write, for the messages (a 要確認, 直すこと) ---------------------------------------------------------------

INDEX_KIND = "form"  # the entries by path in checker's cache (checker/cache.py)


@lru_cache(maxsize=1)
def _index() -> dict[str, Entry]:
    """Every entry of the form by its label path, kept in checker's cache: reading form.yaml and walking the model cost
    some 20 ms of a check that says what to write. The key (cache.version()) covers every file of the package, form.yaml
    and the model among them, and pydantic's version."""
    from .. import cache

    store = cache.store()
    key = cache.key(INDEX_KIND) if store is not None else ""
    index = store.get(INDEX_KIND, key) if store is not None else None
    if not isinstance(index, dict):
        index = {e.path: e for e in describe().walk()}
        if store is not None:
            store.put(INDEX_KIND, key, index)
    return index


def _plain_example(e: Entry) -> str:
    v = e.example
    if v is None or isinstance(v, (dict, bool)):
        return ""
    if isinstance(v, list):
        return "、".join(str(x) for x in v)
    return str(v)


def entry_at(path: str) -> Entry | None:
    """The entry of the form at a label path (list indices allowed), or None."""
    import re

    return _index().get(re.sub(r"\[\d+\]", "", path))


@lru_cache(maxsize=None)
def expected_of(path: str) -> str:
    """The form an entry takes, for a message: 「国内／国外」, 「○／ー（理由）」 (a checklist row to be answered: 不明 answers
    nothing); '' for a path the form does not hold. path: a written path, list indices allowed (番号法.個人番号利用事務[1].根拠)."""
    import re

    e = _index().get(re.sub(r"\[\d+\]", "", path))
    if e is None:
        return ""
    if e.kind == TEXT:
        return ""  # 「文」 adds nothing to a message
    return "○／ー（理由）" if e.kind == ANSWER else e.expected


@lru_cache(maxsize=None)
def how_to_write(path: str) -> str:
    """What to write for an entry, for 直すこと: its form, an example and the form's help when it is short
    (「国内／国外。例: 国内」); '' for a path the form does not hold."""
    import re

    e = _index().get(re.sub(r"\[\d+\]", "", path))
    if e is None:
        return ""
    parts = [e.help.rstrip("。") if e.kind == TEXT else expected_of(path)]  # 「文」 says nothing: what the text is
    ex = _plain_example(e)
    if ex and e.kind not in (FLAG, CHOICE, ANSWER):  # あり／なし, a choice and a checklist row say their values already
        parts.append(f"例: {ex}")
    return "。".join(p for p in parts if p)

