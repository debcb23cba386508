"""The case corpus of one 年度: its meetings (cases/<年度>/_meetings.yaml) and their case files.

`_meetings.yaml` is a list of meetings, each with 日付 (a day, ISO or 和暦), 会議 (optional) and 案件 (case files
relative to the 年度 folder, in № order); docs/meetings.md documents it with an example and every error. Files whose
name starts with _ are skipped by the case loader, so the meeting list never reaches `checker check`.

Where the cases come from is never guessed: with no folder named, it is cases/ of the current folder, and when there
is none that is an input error saying where it looked (NoCases), never the sample cases of the installed package.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .loader import load_case
from ..model import Case
from .yamlio import load_yaml_file

MEETINGS_FILE = "_meetings.yaml"
YEAR_EXPECTED = "令和5・令和5年度・R5 のような年度"


@dataclass
class Meeting:
    date: _dt.date
    name: str | None
    cases: list[Path] = field(default_factory=list)


@dataclass
class Entry:
    meeting: Meeting
    path: Path
    case: Case


CASES_DIR = "cases"


def default_root(usage: str = "checker audit 案件フォルダ") -> Path:
    """cases/ of the current folder; none there is an input error naming where it looked (exit 2)."""
    here = Path(CASES_DIR)
    if here.is_dir():
        return here
    raise InputError(str(Path.cwd() / CASES_DIR), None, "案件フォルダがありません。どの案件かを指定してください",
                     f"{usage}、または cases/ のあるフォルダで実行する")


def year_dir_name(year: str) -> str:
    """令和5 / 令和5年度 / 令和５年度 / R5 / r5 → 令和5年度."""
    s = unicodedata.normalize("NFKC", str(year)).strip()
    m = re.fullmatch(r"(?:令和|R|r)\s*(\d+|元)\s*(?:年度?)?", s)
    if not m:
        raise InputError(str(year), None, f"年度「{year}」が読めません", YEAR_EXPECTED)
    n = 1 if m[1] == "元" else int(m[1])
    return f"令和{n}年度"


def year_dir(year: str, root: Path | None = None) -> Path:
    d = Path(root or default_root("checker list --year 令和5 --cases 案件フォルダ")) / year_dir_name(year)
    if not d.is_dir():
        raise InputError(str(d), None, f"{year_dir_name(year)} の案件フォルダがありません", "cases/令和5年度/ のようなフォルダ")
    return d


MEETING_KEYS = ("日付", "会議", "案件")
MEETING_SHAPE = "- 日付: 2023-07-28（または 令和5年7月28日）／会議: 令和5年度第5回…（任意）／案件: [2023-07-28/01_….yaml, …]"


def _day(v, file: str, line) -> _dt.date:
    from .. import jp

    try:
        span = jp.parse_date(v)
    except ValueError:
        span = None
    if span is None or not span.exact:
        raise InputError(file, line, f"日付「{v}」が 1 日として読めません", "2023-07-28・令和5年7月28日 のような 1 日")
    return span.start


def _fiscal_year(name: str) -> tuple[_dt.date, _dt.date] | None:
    """令和5年度 → 2023-04-01 … 2024-03-31 (None for a folder named otherwise)."""
    m = re.fullmatch(r"令和(\d+)年度", name)
    if not m:
        return None
    y = 2018 + int(m[1])
    return _dt.date(y, 4, 1), _dt.date(y + 1, 3, 31)


def load_meetings(year: str, root: Path | None = None) -> list[Meeting]:
    """The meetings of a 年度 folder, from its _meetings.yaml; every entry checked (docs/meetings.md lists the errors)."""
    d = year_dir(year, root)
    path = d / MEETINGS_FILE
    f = str(path)
    if not path.is_file():
        raise InputError(f, None, "会議の一覧がありません", f"{MEETINGS_FILE}（日付・会議・案件 のリスト。docs/meetings.md）")
    data, lines, _ = load_yaml_file(path)
    if not isinstance(data, list):
        raise InputError(f, 1, "最上位はリストでなければなりません", MEETING_SHAPE)
    span = _fiscal_year(d.name)
    out: list[Meeting] = []
    days: dict[_dt.date, int] = {}
    listed: dict[Path, int] = {}
    for i, m in enumerate(data):
        line = lines.line_for((i,))
        if not isinstance(m, dict):
            raise InputError(f, line, "会議はマッピングでなければなりません", MEETING_SHAPE)
        extra = [k for k in m if k not in MEETING_KEYS]
        if extra:
            raise InputError(f, line, f"「{extra[0]}」は会議に書けるキーではありません", "、".join(MEETING_KEYS))
        if "日付" not in m:
            raise InputError(f, line, "必須の項目「日付」がありません", "日付: 2023-07-28")
        day = _day(m["日付"], f, lines.line_for((i, "日付")))
        if span and not span[0] <= day <= span[1]:
            raise InputError(f, lines.line_for((i, "日付")), f"日付 {day.isoformat()} は {d.name} の外です",
                             f"{span[0].isoformat()} から {span[1].isoformat()} までの日")
        if day in days:
            raise InputError(f, lines.line_for((i, "日付")), f"日付 {day.isoformat()} の会議が 2 つあります（{days[day]} 行と）",
                             "1 日に 1 つの会議")
        days[day] = lines.line_for((i, "日付"))
        name = m.get("会議")
        if name is not None and not isinstance(name, str):
            raise InputError(f, lines.line_for((i, "会議")), "会議は会議の名前（文字列）でなければなりません",
                             "会議: 令和5年度第5回個人情報保護管理運営会議")
        cases = m.get("案件") or []
        if not isinstance(cases, list):
            raise InputError(f, lines.line_for((i, "案件")), "案件はリストでなければなりません", "案件: [2023-07-28/01_….yaml, …]")
        paths = []
        for j, c in enumerate(cases):
            at = lines.line_for((i, "案件", j))
            if not isinstance(c, str):
                raise InputError(f, at, "案件は案件ファイルのパス（文字列）でなければなりません", "- 2023-07-28/01_….yaml")
            p = d / c
            if not p.is_file():
                raise InputError(f, at, f"案件ファイル「{c}」がありません", f"{d} からの相対パス")
            key = p.resolve()
            if key in listed:
                raise InputError(f, at, f"案件ファイル「{c}」が 2 回あります（{listed[key]} 行と）", "1 つの案件は 1 回だけ")
            listed[key] = at
            paths.append(p)
        out.append(Meeting(day, name, paths))
    return out


def load_year(year: str, root: Path | None = None) -> list[Entry]:
    """Every case of the 年度, meeting by meeting, in the order of the meeting list."""
    return [Entry(m, p, load_case(p)) for m in load_meetings(year, root) for p in m.cases]


def md_date(d: _dt.date) -> str:
    return f"{d.month}月{d.day}日"


def list_rows(entries: list[Entry]) -> list[list[str]]:
    """The 審議案件一覧 rows (their headers: report.model.LIST_HEADERS): №, 事業名（件名）, 担当課, 区分, 付議日 (7月28日), 審議結果."""
    rows = []
    for e in entries:
        c = e.case
        rows.append([
            str(c.number) if c.number is not None else "",
            str(c.title or ""),
            "、".join(c.departments or ()),
            "、".join(c.categories),
            md_date(e.meeting.date),
            str(c.result or ""),
        ])
    return rows
