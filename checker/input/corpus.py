"""The case corpus of one 年度: its meetings (cases/<年度>/_meetings.yaml) and their case files.

`_meetings.yaml` is a list of meetings, each with 日付 (ISO), 会議 (optional) and 案件 (case files relative to
the 年度 folder, in № order). Files whose name starts with _ are skipped by the case loader, so the meeting
list never reaches `checker check`.
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


def default_root() -> Path:
    """cases/ of the current directory, else the one next to the package (a source checkout)."""
    here = Path.cwd() / "cases"
    if here.is_dir():
        return here
    return Path(__file__).resolve().parents[2] / "cases"


def year_dir_name(year: str) -> str:
    """令和5 / 令和5年度 / 令和５年度 / R5 / r5 → 令和5年度."""
    s = unicodedata.normalize("NFKC", str(year)).strip()
    m = re.fullmatch(r"(?:令和|R|r)\s*(\d+|元)\s*(?:年度?)?", s)
    if not m:
        raise InputError(str(year), None, f"年度「{year}」が読めません", YEAR_EXPECTED)
    n = 1 if m[1] == "元" else int(m[1])
    return f"令和{n}年度"


def year_dir(year: str, root: Path | None = None) -> Path:
    d = Path(root or default_root()) / year_dir_name(year)
    if not d.is_dir():
        raise InputError(str(d), None, f"{year_dir_name(year)} の案件フォルダがありません", "cases/令和5年度/ のようなフォルダ")
    return d


def _date(v, file: str, line) -> _dt.date:
    if isinstance(v, _dt.date):
        return v
    try:
        return _dt.date.fromisoformat(str(v))
    except ValueError:
        raise InputError(file, line, f"日付「{v}」が読めません", "2023-07-28 のような日付") from None


def load_meetings(year: str, root: Path | None = None) -> list[Meeting]:
    d = year_dir(year, root)
    path = d / MEETINGS_FILE
    if not path.is_file():
        raise InputError(str(path), None, "会議の一覧がありません", f"{MEETINGS_FILE}（日付・会議・案件 のリスト）")
    data, lines, _ = load_yaml_file(path)
    if not isinstance(data, list):
        raise InputError(str(path), 1, "最上位はリストでなければなりません", "- 日付: …／会議: …／案件: [...]")
    out: list[Meeting] = []
    for i, m in enumerate(data):
        line = lines.line_for((i,))
        if not isinstance(m, dict):
            raise InputError(str(path), line, "会議はマッピングでなければなりません", "日付: …／会議: …／案件: [...]")
        extra = set(m) - {"日付", "会議", "案件"}
        if extra:
            raise InputError(str(path), line, f"「{sorted(extra)[0]}」は会議に書けるキーではありません", "日付、会議、案件")
        if "日付" not in m:
            raise InputError(str(path), line, "必須の項目「日付」がありません", "日付: 2023-07-28")
        cases = m.get("案件") or []
        if not isinstance(cases, list):
            raise InputError(str(path), lines.line_for((i, "案件")), "案件はリストでなければなりません", "- 2023-07-28/01_….yaml")
        paths = []
        for j, c in enumerate(cases):
            p = d / str(c)
            if not p.is_file():
                raise InputError(str(path), lines.line_for((i, "案件", j)), f"案件ファイル「{c}」がありません", None)
            paths.append(p)
        out.append(Meeting(_date(m["日付"], str(path), lines.line_for((i, "日付"))), m.get("会議"), paths))
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
            str(c.title),
            "、".join(c.departments),
            "、".join(c.categories),
            md_date(e.meeting.date),
            str(c.result or ""),
        ])
    return rows
