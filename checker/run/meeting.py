"""checker meeting DATE: find the meeting of that date in any 年度 folder, load its cases and the 年度's, evaluate its cases."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from .. import jp
from ..input.corpus import MEETINGS_FILE, Entry, Meeting, default_root, load_meetings
from ..errors import InputError, InputErrors
from ..input.loader import load_case
from . import Result, exit_code, load_book

DATE_EXPECTED = "2023-12-21・令和5年12月21日・R5.12.21 のような 1 日"


@dataclass
class Found:
    year: str  # the 年度 folder name (令和5年度)
    meeting: Meeting
    year_paths: list[Path]  # every case file of the 年度, meeting by meeting
    source: Path  # the 年度's meeting list (cases/令和5年度/_meetings.yaml)


def parse_day(text: str) -> _dt.date:
    try:
        span = jp.parse_date(text)
    except ValueError as e:
        raise InputError(str(text), None, f"日付「{text}」が読めません: {e}", DATE_EXPECTED) from None
    if not span.exact:
        raise InputError(str(text), None, f"「{text}」は 1 日を指していません", DATE_EXPECTED)
    return span.start


def year_folders(root: Path) -> list[Path]:
    if not root.is_dir():
        raise InputError(str(root), None, "案件フォルダがありません", "cases/ のような、年度ごとのフォルダを持つフォルダ")
    return sorted(d for d in root.iterdir() if d.is_dir() and (d / MEETINGS_FILE).is_file())


def shown_path(p: Path) -> Path:
    """A path as reports print it: relative to the current folder when inside it (the same on every machine)."""
    try:
        return p.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return p


def find_meeting(day: _dt.date, root: Path | None = None) -> Found:
    root = Path(root) if root else shown_path(default_root("checker meeting 日付 --cases 案件フォルダ"))
    dates = []
    for d in year_folders(root):
        meetings = load_meetings(d.name, root)
        for m in meetings:
            if m.date == day:
                return Found(d.name, m, [p for mm in meetings for p in mm.cases], d / MEETINGS_FILE)
            dates.append(m.date)
    have = "、".join(x.isoformat() for x in sorted(dates)) or "（なし）"
    raise InputError(str(root), None, f"{day.isoformat()} の会議はありません。会議のある日: {have}",
                     "会議一覧（年度フォルダの _meetings.yaml）にある日付")


def load_found(found: Found) -> tuple[list[Entry], list[tuple[str, object]], list[str]]:
    """The meeting's entries (agenda order), every case of its 年度 (for 素案報告 pairs) and notes.

    A bad file on the agenda is an input error (all of them reported together); a bad file of another
    meeting of the 年度 only cannot be used to resolve 素案報告 pairs: it gives a note.
    """
    errors: list[InputError] = []
    notes: list[str] = []
    loaded: dict[Path, object] = {}
    agenda = set(found.meeting.cases)
    for p in found.year_paths:
        try:
            loaded[p] = load_case(p)
        except (InputError, InputErrors) as e:
            errs = e.errors if isinstance(e, InputErrors) else [e]
            if p in agenda:
                errors.extend(errs)
            else:
                notes.extend(f"{x.format()}（この会議の案件ではないので、素案報告の照合にだけ使えません）" for x in errs)
    if errors:
        raise InputErrors(errors) if len(errors) > 1 else errors[0]
    entries = [Entry(found.meeting, p, loaded[p]) for p in found.meeting.cases]
    return entries, [(str(p), c) for p, c in loaded.items()], notes


def command(date: str, root=None, rule_paths=(), *, generated: str | None = None, counted: tuple | None = None,
            on: str | None = None) -> Result:
    """on: --on DATE, the day the cases' exceptions (承諾・免除) are judged on (default: each case's 付議日)."""
    from ..input.corpus import list_rows, year_dir_name
    from ..engine import Engine
    from ..input.pia import link_reports
    from ..report.model import CaseDetail, MeetingReport
    from . import waivers
    from .diff import sections
    from .explain import attach

    day = parse_day(date)
    ref = waivers.parse_on(on)
    found = find_meeting(day, Path(root) if root else None)
    entries, year_cases, notes = load_found(found)
    book = load_book(rule_paths)
    cases = [(str(e.path), e.case) for e in entries]
    waivers.check_rules(cases, book)
    notes = notes + link_reports(cases, among=year_cases)
    engine = Engine(book)
    runs = waivers.apply_all(engine.run(cases), ref)
    report = MeetingReport(date=day, name=found.meeting.name, year=year_dir_name(found.year), agenda=list_rows(entries),
                           cases=[CaseDetail.of(r) for r in runs], source=str(found.source), generated=generated,
                           ward=book.ward)
    attach(report.cases, runs, book)
    sections(report.cases, runs, year_cases, engine)  # 前回からの変更, for a case that names its predecessor
    from ..verdict import fail_on

    counted = fail_on(None) if counted is None else counted
    report.fail_on = tuple(counted)
    return Result(report, exit_code((r.verdicts for r in runs), counted), notes)
