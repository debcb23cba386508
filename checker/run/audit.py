"""checker audit: every case × every rule, streamed, in one process or several.

The files are cut into blocks of consecutive files. A block is read (one case file at a time), its cases are
evaluated in one engine chunk, and only an AuditRow is kept of each case (its identity and one mark per rule):
memory grows with the number of cases by a few hundred bytes each, not by their facts or verdicts.

特定個人情報保護評価 pairs (checker/input/pia.py): a 実施結果 report takes the date of its 素案 report from the case it
names (same 年度). Each block sends back, besides its rows, the index entries {(年度, №): Ref} of its cases and
the cases that name a 素案 (deferred, by file name). Blocks come back in file order, so the index is merged
first-wins in file order, as `pia.link_reports` builds it. Once every block is read, the deferred cases are read
again, each linked against the one index entry it names, and evaluated. Rows are put in file order at the end.

With the cache on, a case's verdicts are kept between runs under its content and the rule book (run.kept): a case
judged before is read back, not judged again.

A case's exceptions (承諾・免除, run.waivers) are set on its verdicts before its row is made: the row keeps each one with
its column (AuditRow.waivers), and leaves an excused 不適合 out of the outcomes the exit code reads. An exception naming
a rule the book has not is an input error of its file, found as it is read.

With one job the blocks are mapped in this process (on the given engine); with several, a pool of forked
workers (each with its own Engine) maps the same functions over the same blocks: one code path, the same rows,
the verdicts of `checker check` on the same files.
"""
from __future__ import annotations

import datetime as _dt
import os
import unicodedata
from typing import Callable

from .. import cache, jp
from ..errors import InputError, InputErrors
from ..input.loader import CASE_GLOB, case_files, load_case, load_case_keyed
from ..input.pia import index_key, link_one, names_draft, ref_of, wanted_key
from ..provenance import SHORT, strongest
from ..report.model import NO_FOOTING, AuditReport, AuditRow, CaseInfo, RuleCol
from ..verdict import MARKS
from . import Result, kept, load_book, waivers


def columns(book) -> tuple[list[RuleCol], list[tuple[str, str, int]], list[int]]:
    """The matrix columns: rules grouped by pack (packs in the order they first appear, rules in book order).

    Returns (columns, packs as (pack, title, width), perm) where perm[i] is the index in book order
    (the order of a CaseRun's verdicts) of column i.
    """
    ids = book.ids()
    packs: dict[str, list[int]] = {}
    for j, rid in enumerate(ids):
        packs.setdefault(book.pack_of(rid), []).append(j)
    perm = [j for js in packs.values() for j in js]
    cols = []
    for j in perm:
        r = book.latest(ids[j])
        cols.append(RuleCol(r.id, r.pack, r.title, r.cite, r.citation, r.citation_status, r.severity, r.remedy))
    groups = [(p, book.packs.get(p) or p, len(js)) for p, js in packs.items()]
    return cols, groups, perm


def parse_bound(text: str | None, what: str):
    if text is None:
        return None
    try:
        return jp.parse_date(text)
    except ValueError as e:
        raise InputError(f"--{what}", None, f"日付「{text}」が読めません: {e}", jp.DATE_EXPECTED) from None


class Filters:
    """--category / --department / --from / --to. A case's 付議日 may be a span: it matches when it overlaps."""

    def __init__(self, categories=(), department: str | None = None, date_from: str | None = None, date_to: str | None = None):
        self.categories = tuple(categories or ())
        self.department = department
        self.date_from, self.date_to = date_from, date_to
        self._dep = unicodedata.normalize("NFKC", department) if department else None
        f, t = parse_bound(date_from, "from"), parse_bound(date_to, "to")
        self._from = f.start if f else None
        self._to = t.end if t else None

    @property
    def active(self) -> bool:
        return bool(self.categories or self._dep or self._from or self._to)

    def as_dict(self) -> dict:
        return {"categories": list(self.categories), "department": self.department,
                "from": self._from.isoformat() if self._from else None,
                "to": self._to.isoformat() if self._to else None}

    def __call__(self, case) -> bool:
        if self.categories and not any(c in self.categories for c in case.categories):
            return False
        if self._dep and not any(self._dep in unicodedata.normalize("NFKC", d) for d in case.departments or ()):
            return False
        if self._from or self._to:
            d = case.date
            if d is None:
                return False
            if self._from and d.end < self._from:
                return False
            if self._to and d.start > self._to:
                return False
        return True


def auto_jobs(n_files: int) -> int:
    """Worker processes for an audit of n files: one per available CPU (at most 4) from PARALLEL_FROM files."""
    if n_files < PARALLEL_FROM or not _can_fork():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 4))


def audit(paths, book, engine=None, filters: Filters | None = None, *, chunk: int | None = None,
          errors: list | None = None, notes: list | None = None,
          progress: Callable[[int, int], None] | None = None, jobs: int | None = 1,
          on: _dt.date | None = None) -> AuditReport | None:
    """Run every rule over every case file under paths.

    Input errors are appended to `errors` (all of them: every file is read); when there are any, the
    function returns None. Messages about 素案報告 pairs are appended to `notes` ("file: message"), in file
    order. `progress(done, total)` is called as blocks of files are read. `jobs`: worker processes (None:
    auto_jobs); with 1 everything runs in this process on `engine` (made from book when not given).
    `chunk`: files per block (default BLOCK). `on`: the day the cases' exceptions (承諾・免除) are judged on (None:
    each case's 付議日; run.waivers).
    """
    filters = filters or Filters()
    errors = [] if errors is None else errors
    notes = [] if notes is None else notes
    files = case_files(paths)
    if not files:
        raise InputError(" ".join(map(str, paths)), None, "案件ファイルが見つかりません", CASE_GLOB)
    cols, groups, perm = columns(book)
    jobs = auto_jobs(len(files)) if jobs is None else jobs
    rows = _stream(files, book, engine, perm, filters, chunk or BLOCK, jobs if _can_fork() else 1, errors, notes, progress, on)
    if rows is None:
        return None
    return AuditReport(rules=cols, packs=groups, rows=rows, filters=filters.as_dict(),
                       source=[str(p) for p in paths], on=on, ward=book.ward)


def _row(run, perm) -> AuditRow:
    if isinstance(run, kept.KeptRun) and not run.case.waivers:
        return _kept_row(run, perm)
    v = waivers.apply(run, _W.get("on")).verdicts  # the case's 承諾・免除, after the engine
    footing = ""
    if getattr(run.case, "provenance", None):
        # only the verdicts a 出所 entry can mark carry provenance (Engine._footing); the others are ・ without asking
        footing = "".join([SHORT.get(strongest(p), NO_FOOTING) if (p := v[j].provenance) else NO_FOOTING for j in perm])
    waived = tuple((k, v[j].waiver) for k, j in enumerate(perm) if v[j].waiver is not None) if run.case.waivers else ()
    return AuditRow(CaseInfo.of(run.case_id, run.case), "".join([MARKS[v[j].verdict] for j in perm]), footing,
                    has_findings=any(x.verdict.findings for x in v),
                    outcomes=frozenset(x.verdict for x in v if not x.excused), waivers=waived)


_GLYPH = tuple(MARKS[o] for o in kept.OUTCOMES)


def _kept_row(run, perm) -> AuditRow:
    """_row of verdicts read back (run.kept) for a case without 承諾・免除, from what was kept: the same row, without
    making a Verdict a rule."""
    codes, _, prov = run.packed
    footing = ""
    if getattr(run.case, "provenance", None):
        strong = {k: SHORT.get(strongest(p), NO_FOOTING) for k, p in prov if p}
        footing = "".join([strong.get(j, NO_FOOTING) for j in perm])
    outcomes = frozenset(kept.OUTCOMES[c] for c in set(codes))
    return AuditRow(CaseInfo.of(run.case_id, run.case), "".join([_GLYPH[codes[j]] for j in perm]), footing,
                    has_findings=any(o.findings for o in outcomes), outcomes=outcomes, waivers=())


PARALLEL_FROM = 500  # files; below this, starting processes costs more than it saves (measured: 200 files no gain, 500 files 1.2×)
BLOCK = 250  # files per block (and per engine chunk): bounds each worker's memory
_W: dict = {}  # the block functions' state: in a worker, its own; with one job, this process's


def _can_fork() -> bool:
    import multiprocessing as mp

    return "fork" in mp.get_all_start_methods()


def _init(book, perm, filters, chunk, on) -> None:
    from ..engine import Engine

    _W.update(engine=Engine(book), perm=perm, filters=filters, chunk=chunk, on=on)


def _errs(e) -> list[tuple]:
    # InputError does not survive pickling (its __init__ takes the parts): send the parts
    es = e.errors if isinstance(e, InputErrors) else [e]
    return [(x.file, x.line, x.message, x.expected) for x in es]


def _read(block) -> tuple:
    with cache.batch():  # the block's cache entries written together at its end (Store.batch)
        return _read_block(block)


def _read_block(block) -> tuple:
    errors, entries, todo, deferred = [], [], [], []
    keys: dict = {}  # file → the cache key of its content: its verdicts are kept under it and the rule book's
    for pos, name in block:
        try:
            case, keys[name] = load_case_keyed(name)
        except (InputError, InputErrors) as e:
            errors.extend(_errs(e))
            continue
        bad = waivers.unknown_rules(name, case, _W["engine"].book)  # an exception naming a rule the book has not
        if bad:
            errors.extend(_errs(InputErrors(bad)))
            continue
        k = index_key(case)
        if k is not None:
            entries.append((k, ref_of(name, case)))
        if errors or not _W["filters"](case):
            continue
        if names_draft(case):
            deferred.append((pos, name, wanted_key(case)))
            continue
        todo.append((pos, name, case))
    rows = []
    if not errors:
        runs = kept.runs(_W["engine"], [(n, c) for _, n, c in todo], keys, _W["chunk"])
        rows = [(pos, _row(run, _W["perm"])) for (pos, _, _), run in zip(todo, runs)]
    return len(block), errors, entries, rows, deferred


def _link(task) -> tuple:
    with cache.batch():
        return _link_block(task)


def _link_block(task) -> tuple:
    cases, found = [], []
    for pos, name, mini in task:
        case = load_case(name)
        found.extend((pos, m) for m in link_one(name, case, mini))
        cases.append((pos, name, case))
    # no keys: a linked case takes its 素案's date from another file, so its verdicts are not its bytes' alone
    runs = _W["engine"].iter_run([(n, c) for _, n, c in cases], _W["chunk"], explain=False)
    return [(pos, _row(run, _W["perm"])) for (pos, _, _), run in zip(cases, runs)], found


def _stream(files, book, engine, perm, filters, block, jobs, errors, notes, progress, on=None) -> list | None:
    named = [(i, str(p)) for i, p in enumerate(files)]
    blocks = [named[i:i + block] for i in range(0, len(named), block)]
    if jobs > 1:
        import multiprocessing as mp

        from ..engine import _import_durable

        _import_durable()  # EngineUnavailable here, not in a worker's initializer (the pool would restart it forever)
        with mp.get_context("fork").Pool(jobs, initializer=_init, initargs=(book, perm, filters, block, on)) as pool:
            return _blocks(pool.imap, blocks, len(files), block, errors, notes, progress)
    if engine is None:
        from ..engine import Engine

        engine = Engine(book)
    _W.update(engine=engine, perm=perm, filters=filters, chunk=block, on=on)
    try:
        return _blocks(map, blocks, len(files), block, errors, notes, progress)
    finally:
        _W.clear()


def _blocks(mapper, blocks, total, block, errors, notes, progress) -> list | None:
    """Read and evaluate the blocks (mapper: map, or a pool's imap), then the deferred 素案 pairs; rows in file order."""
    index: dict = {}
    rows: list = []
    deferred: list = []
    done = 0
    for n, errs, entries, got, later in mapper(_read, blocks):
        done += n
        if progress:
            progress(done, total)
        errors.extend(InputError(*e) for e in errs)
        for k, ref in entries:
            index.setdefault(k, ref)
        rows.extend(got)
        deferred.extend(later)
    if errors:
        return None
    found: list = []
    tasks = [(pos, name, {k: index[k]} if k in index else {}) for pos, name, k in deferred]
    for got, msgs in mapper(_link, [tasks[i:i + block] for i in range(0, len(tasks), block)]):
        rows.extend(got)
        found.extend(msgs)
    rows.sort(key=lambda x: x[0])
    found.sort(key=lambda x: x[0])  # stable: a file's messages keep their order
    notes.extend(m for _, m in found)
    return [r for _, r in rows]


def default_paths(paths) -> list:
    if paths:
        return list(paths)
    from ..input.corpus import default_root

    return [default_root()]


def command(paths=(), rule_paths=(), *, categories=(), department=None, date_from=None, date_to=None, jobs: int | None = None,
            progress: Callable[[int, int], None] | None = None, generated: str | None = None, counted: tuple | None = None,
            on: str | None = None) -> Result:
    """The audit of paths (default: cases/). Every bad file is reported together (InputErrors), nothing rendered. on:
    --on DATE, the day the cases' exceptions (承諾・免除) are judged on (default: each case's 付議日)."""
    from ..errors import EXIT_FINDINGS, EXIT_OK

    filters = Filters(categories, department, date_from, date_to)
    day = waivers.parse_on(on)
    book = load_book(rule_paths)
    errors: list = []
    notes: list = []
    report = audit(default_paths(paths), book, None, filters, errors=errors, notes=notes, progress=progress, jobs=jobs, on=day)
    if errors:
        raise InputErrors(errors)
    from ..verdict import fail_on

    counted = fail_on(None) if counted is None else counted
    report.generated = generated
    report.fail_on = tuple(counted)
    return Result(report, EXIT_FINDINGS if any(r.outcomes & set(counted) for r in report.rows) else EXIT_OK, notes)
