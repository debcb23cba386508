"""What a report says, before it is written in one format or another.

Three reports, one per way of running checker:
  CheckReport    checker check FILE…     the cases given, each with its verdicts;
  MeetingReport  checker meeting DATE    the agenda of one meeting (the 審議案件一覧 rows), then each case;
  AuditReport    checker audit [PATH]    every case × every rule as a matrix of marks (○ × ? ー), with totals.

Check and meeting keep the Verdict objects of their (few) cases. An audit may cover tens of thousands of
cases: it keeps one AuditRow per case (the case's identity and one mark per rule, in column order), never
the Case or its verdicts; everything else (counts, totals, the rules a case fails) is computed from the marks.
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter
from dataclasses import dataclass, field

from ..jp import wareki
from ..provenance import ASSUMED, DIAGRAM, SHORT
from ..verdict import (EXCUSED, EXPIRED, EXPIRING_DAYS, FAIL, MARKS, NA, NOT_A_FACT, NOT_YET, PASS, UNDECIDED, UNKNOWN,
                       UNUSED)

VERDICTS = (PASS, FAIL, UNKNOWN, NA)  # the order of every count in every report
MARK_OF = MARKS  # 適合 → ○ …
VERDICT_OF = {m: v for v, m in MARKS.items()}  # ○ → 適合 …
LEGEND = "　".join(f"{MARKS[v]} {v}" for v in VERDICTS)

LIST_HEADERS = ["№", "事業名", "担当課", "区分", "付議日", "審議結果"]  # the 審議案件一覧 of seed 003

# The marks a report may print after a citation or a verdict, and what each means. Under a report that shows one of
# them, one line per mark it shows (only those): the legend (text, md, html, checker rules; json a field; junit a line
# in the failure that shows it). 〔未検証〕 follows a citation (rules.Rule.cite) or a provision read from a 根拠;
# 〔図〕〔推定〕 follow a verdict (Verdict.label) or a deciding fact (Verdict.facts_text) whose 出所 is not 転記.
UNVERIFIED = "〔未検証〕"
MARK_NOTES = {
    UNVERIFIED: "根拠の条項・文言を、法令・様式の本文で確かめていない",
    f"〔{DIAGRAM}〕": "判定を決めた事実は、本文でなく図（個人情報の流れ）から読んだもの",
    f"〔{ASSUMED}〕": "判定を決めた事実は推定したもの（理由は案件ファイルの 出所）",
}
# the audit matrix (md, html) writes 図 / 推 after a cell's mark instead (AuditRow.cell)
CELL_NOTE = f"判定表で記号に続く {SHORT[DIAGRAM]}・{SHORT[ASSUMED]} は、判定を決めた事実を図から読んだ・推定したもの（理由は案件ファイルの 出所）"
# the audit matrix (md, html, csv) writes 免 after the mark of a 不適合 under an exception in force (承諾・免除)
WAIVER_MARK = "免"
WAIVER_CELL_NOTE = f"判定表で記号に続く {WAIVER_MARK} は、期限内の承諾・免除がある不適合（判定は不適合のまま、終了コードに数えない）"
# citation_status in words (csv 根拠の状態): seed = cited as the ward's own documents cite it
STATUS_WORDS = {"seed": "区の資料の引用のとおり", "verified": "法令の本文で確認済み", "unverified": f"未検証（{MARK_NOTES[UNVERIFIED]}）"}


def marks_in(*texts: str) -> list[str]:
    """The marks of MARK_NOTES that occur in the texts, in the order of MARK_NOTES."""
    return [m for m in MARK_NOTES if any(m in t for t in texts)]


def legend(marks) -> list[str]:
    """One line per mark: ※〔未検証〕 根拠の条項・文言を…"""
    return [f"※{m} {MARK_NOTES[m]}" for m in marks]


def legended(pieces, write, extra=()):
    """The pieces of a report as they come, then its legend: write(lines) for the marks the pieces showed (and the
    lines of extra), nothing when none. What the legend explains is what was printed, whatever the format lists."""
    seen: set = set()
    for piece in pieces:
        seen.update(m for m in MARK_NOTES if m in piece)
        yield piece
    lines = legend(m for m in MARK_NOTES if m in seen) + list(extra)
    if lines:
        yield write(lines)


def html_marks(report) -> list[str]:
    """The marks the html report shows (its template lists report.shown(d) with their label and citation, and the
    readings of 根拠; an audit the citations of its rules)."""
    if report.kind == "audit":
        return marks_in(*(x.cite for x in report.rules))
    texts = [t for d in report.cases for v in report.shown(d) for t in (v.label, v.cite)]
    texts += [UNVERIFIED for d in report.cases for r in d.readings if r.unverified]
    texts += [line for d in report.cases if d.explain for v in report.shown(d) for line in d.explain(v).legend()]
    texts += [t for d in report.cases if d.changes for t in _block_texts(d.changes)]
    return marks_in(*texts)


def _block_texts(blocks) -> list[str]:
    from .document import texts

    return texts(blocks)


def changes_legend(report) -> list[str]:
    """The legend line of the changed-entry mark (◆, bold and underlined in html) when a case's section 前回からの変更
    shows one; [] otherwise (and for a report without cases)."""
    changed = [d.changes for d in getattr(report, "cases", ()) if d.changes]
    if not changed:  # no section 前回からの変更: report.document is not imported (a cold check's 5 ms)
        return []
    from .document import CHANGED_NOTE, shows_changed

    return [CHANGED_NOTE] if any(shows_changed(c) for c in changed) else []


def matrix_note(report) -> list[str]:
    """The legend lines of the audit matrix's 図 / 推 and 免 (md, html), when a cell carries one."""
    out = []
    if any(SHORT[DIAGRAM] in r.footing or SHORT[ASSUMED] in r.footing for r in report.rows):
        out.append(f"※{CELL_NOTE}")
    if any(r.excused for r in report.rows):
        out.append(f"※{WAIVER_CELL_NOTE}")
    return out


# --- 承諾・免除 in words (verdict.Waived; applied by the run layer) ----------------------------------------------------

def waiver_terms(w) -> str:
    """承認者、承認日、期限: 「情報政策課長 新宿太郎、令和5年12月1日承認、期限 令和6年3月31日」."""
    return f"{w.approver}、{wareki(w.approved)}承認、期限 {wareki(w.expiry) if w.expiry else 'なし'}"


def waiver_note(w, verdict: str) -> str:
    """What an exception does to its rule's verdict, beside the verdict."""
    if w.state == EXCUSED:
        return f"免除（{waiver_terms(w)}）"
    if w.state == EXPIRED:
        return f"免除の期限 {wareki(w.expiry)} が過ぎています（{w.reference_text}。{w.approver}、{wareki(w.approved)}承認）"
    if w.state == NOT_YET:
        return f"免除の承認日 {wareki(w.approved)} が {w.reference_text} より後です（まだ承認されていない。{w.approver}）"
    if w.state == UNDECIDED:
        return f"免除（{waiver_terms(w)}）が効いているか判断できません: {w.why}"
    if w.state == NOT_A_FACT:
        return f"免除（{waiver_terms(w)}）は記載のない事実を補いません: 要確認 のまま（免除があっても事実は記載する）"
    return f"免除は不要（この判定は {verdict}。{waiver_terms(w)}）"


def waiver_counted(w) -> str:
    """Whether the exit code counts the verdict, in words."""
    if w.state == EXCUSED:
        return "終了コードに数えない"
    if w.state == UNUSED:
        return "数える判定ではない"
    return "終了コードに数える"


WAIVERS_HEAD = "承諾・免除"


def waiver_head(refs) -> str:
    """The heading of a case's (or the audit's) list of exceptions, with the day they were judged on."""
    refs = list(dict.fromkeys(r for r in refs if r))
    return f"{WAIVERS_HEAD}（{'、'.join(refs) if refs else '基準日なし'} で判断）"


UNTITLED = "（件名の記載なし）"  # a case file whose 件名 is left empty (a fresh template)


@dataclass(slots=True)
class CaseInfo:
    """A case as the reports name it."""

    file: str
    title: str
    number: int | None
    date: str | None  # 付議日 as written (令和5年12月21日, 令和6年度 …)
    date_iso: str | None  # 2023-12-21, or 2024-04-01/2025-03-31 for a span
    date_start: _dt.date | None
    date_end: _dt.date | None
    categories: tuple
    departments: tuple
    result: str | None
    meeting: str | None

    @classmethod
    def of(cls, file: str, case) -> "CaseInfo":
        d = case.date
        return cls(
            file=file,
            title=str(case.title) if case.title else UNTITLED,
            number=case.number,
            date=d.text if d else None,
            date_iso=d.iso() if d else None,
            date_start=d.start if d else None,
            date_end=d.end if d else None,
            categories=tuple(case.categories),
            departments=tuple(case.departments or ()),
            result=str(case.result) if case.result else None,
            meeting=str(case.meeting) if case.meeting else None,
        )

    @property
    def ref(self) -> str | None:
        """The case's stable reference, 令和5年度№35: its 年度 (by the 付議日) and №; None when either is unknown. Reports,
        exceptions and predecessors name a case by it; the file is only where it was read from."""
        if self.number is None or self.date_start is None:
            return None
        from ..jp import DateSpan, fiscal_year_name

        fy = fiscal_year_name(DateSpan(self.date_start, self.date_end, self.date or ""))
        return f"{fy}№{self.number}" if fy else None

    @property
    def label(self) -> str:
        """№28 件名, or the 件名 alone."""
        return f"№{self.number} {self.title}" if self.number is not None else self.title


def counts_of(verdicts) -> dict:
    c = Counter(v.verdict for v in verdicts)
    return {k: c.get(k, 0) for k in VERDICTS}


def summary_text(counts: dict) -> str:
    return "　".join(f"{k} {counts.get(k, 0)}" for k in VERDICTS)


def to_write(v) -> list[str]:
    """The entries of the case file a 要確認 lacks, as the department writes them (Verdict.to_write)."""
    return v.to_write()


def missing_by_fact(verdicts) -> tuple[dict[str, list[str]], list]:
    """The 要確認 verdicts by the fact they lack: ({fact path: [rule ids]} in first-seen order, the 要確認
    that lack no fact (the 付議日 cannot choose the rule's version, …)). One fact often decides many rules
    (業務委託.特記事項の添付: 特記事項 第1〜19項): a department adds it once."""
    by_fact: dict[str, list[str]] = {}
    other = []
    for v in verdicts:
        if v.verdict != UNKNOWN:
            continue
        missing = to_write(v)
        if not missing:
            other.append(v)
        for path in missing:
            by_fact.setdefault(path, []).append(v.rule_id)
    return by_fact, other


def finding(v) -> str:
    """What the verdict says: the rule's message for a 不適合, what could not be decided for a 要確認."""
    if v.verdict == UNKNOWN:
        return v.reason or f"判断できません: {v.rule.title}"
    return v.explanation()


def todo(v) -> str:
    """What to do about a verdict: the remedy of a 不適合, the facts a 要確認 lacks."""
    if v.verdict == FAIL:
        return v.rule.remedy
    if v.verdict == UNKNOWN:
        return v.lacking("不明と書かれている事実（分かれば書く）", "記載する事実") or v.explanation()
    return ""


def ask_text(path: str, ids: list[str], rewrite: bool = False, unknown: bool = False) -> str:
    """One item of 直すこと for an entry that 要確認 verdicts lack: what to do, what to write (model.form: its form and an
    example, the words of the workbook's help) and the rules it decides. rewrite: a 根拠 that is written but could not
    be read or judged; unknown: an entry written 不明."""
    from ..model.form import how_to_write

    rules = f"判断に使うルール {len(ids)} 件: {' '.join(ids)}"
    if rewrite:
        return f"{path} を書き直す（根拠の読み を見る。{rules}）"
    how = how_to_write(path)
    how = f"{how}。" if how else ""
    if unknown:
        return f"{path} は「不明」と書かれている: 分かれば書く（{how}{rules}）"
    return f"{path} を記載する（{how}{rules}）"


@dataclass
class CaseDetail:
    info: CaseInfo
    verdicts: list  # Verdict, in rule order
    counts: dict = field(default_factory=dict)
    readings: list = field(default_factory=list)  # BasisReading: how each 根拠 was read (checker/engine/bases.py)
    unknown: frozenset = frozenset()  # the entries the case file wrote as 不明
    # verdict → its explanation (a document.Document: the version the 付議日 chose, the condition trees), given by the
    # run layer (checker/run/explain.py Explainer) and built when the html asks; None: not explained
    explain: object = None
    # the section 前回からの変更 of a case that names its predecessor (run.diff.sections): blocks of the document model
    # (report.document), rendered by its block renderers in text, md and html, and the same comparison as data for json
    changes: list = field(default_factory=list)
    changes_data: dict | None = None

    @classmethod
    def of(cls, run) -> "CaseDetail":
        return cls(CaseInfo.of(run.case_id, run.case), list(run.verdicts), counts_of(run.verdicts), basis_readings(run.case),
                   getattr(run.case, "written_unknown", frozenset()))

    def ask_items(self) -> list[tuple[str, str]]:
        """(entry, 直すこと) for each entry the 要確認 lack (ask_text), in first-seen order."""
        rewrite = frozenset(r.place for r in self.readings)
        return [(path, ask_text(path, ids, path in rewrite, path in self.unknown))
                for path, ids in missing_by_fact(self.verdicts)[0].items()]

    def asks(self) -> list[str]:
        """直すこと for the 要確認: one item per entry they lack."""
        return [text for _, text in self.ask_items()]

    @property
    def findings(self) -> list:
        """不適合 and 要確認, in rule order."""
        return [v for v in self.verdicts if v.verdict in (FAIL, UNKNOWN)]

    @property
    def waived(self) -> list:
        """The verdicts the case file records an exception for (承諾・免除), in rule order."""
        return [v for v in self.verdicts if v.waiver is not None]

    def waiver_summary(self) -> str:
        """One line under the counts when the case records exceptions: how many, and how many 不適合 they excuse."""
        ws = self.waived
        if not ws:
            return ""
        excused = sum(v.excused for v in ws)
        return f"{WAIVERS_HEAD} {len(ws)} 件（うち期限内の免除で終了コードに数えない不適合 {excused}）"


@dataclass(frozen=True)
class BasisReading:
    """One provision a 根拠 names, as the checker read and judged it (for a person to see how the text was read)."""

    place: str  # 番号法.個人番号利用事務[1].根拠, 外部提供.根拠規定
    text: str  # the 根拠 as written
    act: str  # what it must permit
    provision: str  # 番号法 第19条第8号
    outcome: str  # 許す / 許さない / 確かめる
    reason: str
    unverified: bool


def basis_readings(case) -> list[BasisReading]:
    out = []

    def add(place, text, rows):
        for r in rows or []:
            out.append(BasisReading(place, str(text), r.act or "", r.provision or "", r.outcome or "", r.reason or "", r.status == "unverified"))

    mn = getattr(case, "mynumber", None)
    if mn is not None:
        for label, attr in (("個人番号利用事務", "uses"), ("庁内連携", "internal_links"), ("情報連携", "network_links")):
            for i, e in enumerate(getattr(mn, attr, None) or [], 1):
                add(f"番号法.{label}[{i}].根拠", e.basis, getattr(e, "readings", None))
    tk = getattr(case, "teikyo", None)
    if tk is not None:
        add("外部提供.根拠規定", tk.legal_basis, getattr(tk, "readings", None))
    return out


@dataclass
class CheckReport:
    cases: list[CaseDetail]
    show_all: bool = False
    generated: str | None = None
    kind: str = "check"
    ward: str = "新宿区"  # whose rules judged it (RuleBook.ward): named in the html footer
    fail_on: tuple = ()  # the outcomes the exit code counts (--fail-on)

    @property
    def title(self) -> str:
        return "自己点検" if len(self.cases) != 1 else f"自己点検: {self.cases[0].info.title}"

    def shown(self, d: CaseDetail) -> list:
        """The verdicts listed in a case section: all but 対象外 (all with --all)."""
        return [v for v in d.verdicts if self.show_all or v.verdict != NA]


@dataclass
class MeetingReport:
    date: _dt.date
    name: str | None  # 令和5年度第6回個人情報保護管理運営会議, when known
    year: str  # 令和5年度
    agenda: list[list[str]]  # rows of the 審議案件一覧 (LIST_HEADERS)
    cases: list[CaseDetail]
    source: str = ""  # the meeting list the cases were read from (cases/令和5年度/_meetings.yaml)
    generated: str | None = None
    kind: str = "meeting"
    ward: str = "新宿区"  # whose rules judged it (RuleBook.ward): named in the html footer
    show_all: bool = False
    fail_on: tuple = ()  # the outcomes the exit code counts (--fail-on)

    @property
    def title(self) -> str:
        head = self.name or f"{self.year} 個人情報保護管理運営会議"
        return f"{head}（{wareki(self.date)}）"

    @property
    def key(self) -> str:
        return self.date.isoformat()

    def shown(self, d: CaseDetail) -> list:
        """A meeting report lists only what needs attention (不適合, 要確認)."""
        return [v for v in d.verdicts if self.show_all or v.verdict in (FAIL, UNKNOWN)]


@dataclass(frozen=True, slots=True)
class RuleCol:
    id: str
    pack: str
    title: str
    cite: str  # as printed (〔未検証〕 when unverified)
    citation: str
    citation_status: str
    severity: str
    remedy: str


NO_FOOTING = "・"  # a verdict whose deciding facts are all transcribed


@dataclass(slots=True)
class AuditRow:
    info: CaseInfo
    marks: str  # one of ○ × ? ー per rule, in AuditReport.rules order
    footing: str = ""  # per rule: 図 / 推 when a deciding fact is read off a diagram / assumed (出所), else ・; "" = none
    has_findings: bool = False  # some verdict is 不適合 or 要確認
    outcomes: frozenset = frozenset()  # the outcomes among its verdicts that the exit policy may count (not those excused)
    waivers: tuple = ()  # (column, verdict.Waived) of each exception the case records (承諾・免除), in column order

    @property
    def excused(self) -> frozenset:
        """The columns of the 不適合 under an exception in force (not counted by the exit policy)."""
        return frozenset(k for k, w in self.waivers if w.excused)

    def counted(self, outcomes) -> int:
        """How many of its verdicts the exit policy counts (outcomes: --fail-on), excused ones left out."""
        c = self.counts()
        return sum(c[o] for o in outcomes) - sum(1 for k in self.excused if VERDICT_OF[self.marks[k]] in outcomes)

    def counts(self) -> dict:
        return {v: self.marks.count(MARKS[v]) for v in VERDICTS}

    def footings(self) -> dict:
        """How many of this case's verdicts rest on a fact read off a diagram (図) or assumed (推定)."""
        return {DIAGRAM: self.footing.count(SHORT[DIAGRAM]), ASSUMED: self.footing.count(SHORT[ASSUMED])}

    def cell(self, k: int) -> str:
        """The matrix cell of column k: the mark, then 図 / 推 when the verdict is not on transcribed facts, then 免 when an
        exception in force covers it."""
        f = self.footing[k] if self.footing else NO_FOOTING
        out = self.marks[k] if f == NO_FOOTING else self.marks[k] + f
        return out + WAIVER_MARK if self.waivers and k in self.excused else out

    def cells(self) -> list[str]:
        return [self.cell(k) for k in range(len(self.marks))]

    def findings(self, rules: list[RuleCol]) -> tuple[list[str], list[str]]:
        """The ids of the rules this case fails (×) and of those it leaves 要確認 (?), in column order."""
        fails, unknown = [], []
        for col, m in zip(rules, self.marks):
            if m == FAIL.glyph:
                fails.append(col.id)
            elif m == UNKNOWN.glyph:
                unknown.append(col.id)
        return fails, unknown


def _share(pack: str, c: dict, fig: int, ass: int) -> dict:
    applicable = c[PASS] + c[FAIL] + c[UNKNOWN]
    pct = f"{100 * c[UNKNOWN] / applicable:.1f}%" if applicable else "ー"
    return {"pack": pack, "counts": c, "applicable": applicable, "unknown_share": pct, DIAGRAM: fig, ASSUMED: ass}


@dataclass
class AuditReport:
    rules: list[RuleCol]  # columns, grouped by pack
    packs: list[tuple[str, str, int]]  # (pack, title, number of columns), in column order
    rows: list[AuditRow]
    filters: dict
    source: list[str]  # the paths audited, as given
    generated: str | None = None
    kind: str = "audit"
    ward: str = "新宿区"  # whose rules judged it (RuleBook.ward): named in the html footer
    _totals: list | None = None
    fail_on: tuple = ()  # the outcomes the exit code counts (--fail-on)
    on: _dt.date | None = None  # --on: the day exceptions (承諾・免除) were judged on; None: each case's 付議日

    title = "監査（全案件 × 全ルール）"
    key = "audit"

    def rule_totals(self) -> list[dict]:
        """Per column: {適合: n, 不適合: n, 要確認: n, 対象外: n}."""
        if self._totals is None:
            c: Counter = Counter()
            for r in self.rows:
                c.update(enumerate(r.marks))  # counted in C: (column, mark) pairs
            self._totals = [{v: c.get((i, MARKS[v]), 0) for v in VERDICTS} for i in range(len(self.rules))]
        return self._totals

    def totals(self) -> dict:
        t = {v: 0 for v in VERDICTS}
        for col in self.rule_totals():
            for v in VERDICTS:
                t[v] += col[v]
        return t

    def pack_totals(self) -> list[dict]:
        """Per pack: the counts, the applicable cells (all but 対象外), the share of those that are 要確認,
        and how many verdicts rest on a fact read off a diagram (図) or assumed (推定)."""
        out, start = [], 0
        for pack, _title, n in self.packs:
            c = {v: 0 for v in VERDICTS}
            for col in self.rule_totals()[start:start + n]:
                for v in VERDICTS:
                    c[v] += col[v]
            fig = sum(r.footing[start:start + n].count(SHORT[DIAGRAM]) for r in self.rows if r.footing)
            ass = sum(r.footing[start:start + n].count(SHORT[ASSUMED]) for r in self.rows if r.footing)
            out.append(_share(pack, c, fig, ass))
            start += n
        c = self.totals()
        fig = sum(x[DIAGRAM] for x in out)
        ass = sum(x[ASSUMED] for x in out)
        out.append(_share("計", c, fig, ass))
        return out

    def top_failed(self, n: int = 10) -> list[tuple[RuleCol, dict]]:
        """The rules most often 不適合 (ties: more 要確認 first, then column order); rules never failed are left out."""
        cols = [(i, r, t) for i, (r, t) in enumerate(zip(self.rules, self.rule_totals())) if t[FAIL] > 0]
        cols.sort(key=lambda x: (-x[2][FAIL], -x[2][UNKNOWN], x[0]))
        return [(r, t) for _, r, t in cols[:n]]

    def cases_with_findings(self):
        """(row, failed rule ids, 要確認 rule ids) of every case with either, in row order; a 不適合 under an exception in
        force is named with （免除）."""
        for r in self.rows:
            fails, unknown = r.findings(self.rules)
            if r.waivers and fails:
                excused = {self.rules[k].id for k in r.excused}
                fails = [f"{x}（{EXCUSED}）" if x in excused else x for x in fails]
            if fails or unknown:
                yield r, fails, unknown

    def waivers(self) -> list[tuple]:
        """(row, column index, rule column, verdict.Waived) of every exception the audited cases record, in row then
        column order."""
        return [(r, k, self.rules[k], w) for r in self.rows for k, w in r.waivers]

    def expiring(self) -> list[tuple]:
        """The exceptions in force whose 期限 comes within EXPIRING_DAYS days of the reference date (as waivers())."""
        return [x for x in self.waivers() if x[3].expiring]

    def reference_text(self) -> str:
        """The day exceptions were judged on, in words."""
        return f"基準日 {wareki(self.on)}（指定した日）" if self.on else "各案件の付議日"

    def expiring_head(self) -> str:
        return f"{EXPIRING_DAYS} 日以内に期限が来る承諾・免除（{self.reference_text()}から）"

    def filter_text(self) -> str:
        f = self.filters
        parts = []
        if f.get("categories"):
            parts.append("区分: " + "・".join(f["categories"]))
        if f.get("department"):
            parts.append(f"担当課: 「{f['department']}」を含む")
        if f.get("from") or f.get("to"):
            parts.append(f"付議日: {f.get('from') or ''}〜{f.get('to') or ''}")
        return "、".join(parts)


@dataclass
class RulesReport:
    """checker rules: every version of every rule, in book order (pack by pack), with its citation."""

    versions: list  # rules.Rule
    n_rules: int
    kind: str = "rules"
    detail: bool = False  # checker rules ID…: each version in full, with its 出典 and 注


@dataclass
class ListReport:
    """checker list --year: the 審議案件一覧 of a 年度 (LIST_HEADERS), meeting by meeting."""

    rows: list[list[str]]
    source: str = ""  # the meeting list the rows were read from (cases/令和5年度/_meetings.yaml)
    kind: str = "list"
