"""Verdicts: one per (case, rule), with the rule's citation and the facts that decided it."""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from . import provenance as _prov


class Outcome(StrEnum):
    """The four verdicts. A member is its label (「適合」) wherever a string is expected: in reports, JSON, templates."""

    PASS = "適合"
    FAIL = "不適合"
    UNKNOWN = "要確認"
    NA = "対象外"

    @property
    def glyph(self) -> str:
        """○ × ? ー, as in every matrix."""
        return _GLYPHS[self]

    @property
    def rank(self) -> int:
        """Reading order of reports: 不適合, 要確認, 適合, 対象外."""
        return ORDER.index(self)

    @property
    def findings(self) -> bool:
        """Whether it is a finding (不適合 or 要確認: exit code 1, a failure in junit)."""
        return self in (Outcome.FAIL, Outcome.UNKNOWN)


PASS, FAIL, UNKNOWN, NA = Outcome.PASS, Outcome.FAIL, Outcome.UNKNOWN, Outcome.NA

# The exit policy (--fail-on): which outcomes make a command exit 1. 要確認 (the default) counts both findings: a fact a
# department has not stated is never a pass. 不適合 counts only what is wrong (a CI job that tolerates open questions);
# なし counts nothing (a report only). ASCII names for scripts.
FAIL_ON = {"不適合": (FAIL,), "要確認": (FAIL, UNKNOWN), "なし": ()}
FAIL_ON_ALIASES = {"fail": "不適合", "unknown": "要確認", "none": "なし"}
DEFAULT_FAIL_ON = "要確認"


def fail_on(name: str | None) -> tuple:
    """The outcomes an exit-policy name counts (不適合 / 要確認 / なし, or fail / unknown / none)."""
    key = FAIL_ON_ALIASES.get((name or DEFAULT_FAIL_ON).lower(), name or DEFAULT_FAIL_ON)
    return FAIL_ON[key]
ORDER = (FAIL, UNKNOWN, PASS, NA)
_GLYPHS = {PASS: "○", FAIL: "×", UNKNOWN: "?", NA: "ー"}
MARKS = dict(_GLYPHS)


# --- recorded exceptions (承諾・免除) ---------------------------------------------------------------------------------
# A case may record, per rule, an exception granted with the ward's consent. It is applied after the engine and the
# independent evaluator have agreed (checker/run/waivers.py), on the result: the verdict stays its own, and carries the
# exception as data (Verdict.waiver) with what it does to it, one of:
EXCUSED = "免除"  # a 不適合 under an exception in force on the reference date: shown, not counted by the exit policy
EXPIRED = "期限切れ"  # a 不適合 whose exception's 期限 is before the reference date: counted
NOT_YET = "承認前"  # a 不適合 whose exception is approved after the reference date: counted
UNDECIDED = "判断できない"  # a 不適合 whose exception cannot be judged (no 付議日; a 付議日 span holding the 期限): counted
NOT_A_FACT = "事実が必要"  # a 要確認: an exception never stands for a fact not written; counted
UNUSED = "不要"  # a 適合 or 対象外: the exception is not needed
WAIVER_STATES = (EXCUSED, EXPIRED, NOT_YET, UNDECIDED, NOT_A_FACT, UNUSED)
EXPIRING_DAYS = 90  # the audit lists the exceptions in force that end within this many days of the reference date


@dataclass(frozen=True, slots=True)
class Waived:
    """One 承諾・免除 of a case as applied to its rule's verdict."""

    rule: str
    reason: str
    approver: str
    approved: _dt.date
    expiry: _dt.date | None  # the last day it is in force (a 期限 written as a month or a 年度: its last day); None: 期限なし
    state: str  # WAIVER_STATES
    reference: _dt.date | None = None  # the day it was judged on (its last day when the 付議日 is a span); None: no date
    reference_text: str = ""  # that day as the reports say it: 付議日 令和5年12月21日, 基準日 令和6年4月1日
    why: str = ""  # UNDECIDED: why it cannot be judged
    in_force: bool = False  # in force on the reference date (whatever the verdict): for the audit's list of those ending soon

    @property
    def excused(self) -> bool:
        return self.state == EXCUSED

    @property
    def expiring(self) -> bool:
        """In force, and its 期限 within EXPIRING_DAYS days of the reference date."""
        return (self.in_force and self.expiry is not None and self.reference is not None
                and (self.expiry - self.reference).days <= EXPIRING_DAYS)


@dataclass(slots=True)
class Verdict:
    case_id: str
    rule_id: str
    verdict: str
    rule: Any  # the Rule version that decided (or the latest, when no version could be chosen)
    facts: list = field(default_factory=list)  # [(path, value)]; value None = missing / 不明
    reason: str = ""
    provenance: list = field(default_factory=list)  # [(path, Provenance)]: deciding facts not transcribed (出所)
    unknown: frozenset = frozenset()  # the case's entries written 不明 (Case.written_unknown), for a 要確認's words
    waiver: Waived | None = None  # the case's 承諾・免除 for this rule, as applied (run.waivers); None: none recorded

    @property
    def excused(self) -> bool:
        """A 不適合 under an exception in force: shown as it is, not counted by the exit policy (nor a junit failure)."""
        return self.waiver is not None and self.waiver.state == EXCUSED

    def counted(self, outcomes) -> bool:
        """Whether the exit policy counts this verdict: its outcome is one it counts, and no exception in force covers it."""
        return self.verdict in outcomes and not self.excused

    @property
    def footing(self) -> str | None:
        """図 or 推定 when a deciding fact is not transcribed (推定 wins), else None."""
        return _prov.strongest(self.provenance)

    @property
    def mark(self) -> str:
        return MARKS[self.verdict]

    @property
    def cite(self) -> str:
        return self.rule.cite

    @property
    def label(self) -> str:
        """○ 適合, or ○ 適合〔図〕／〔推定〕 when a deciding fact is not transcribed."""
        f = self.footing
        return f"{MARKS[self.verdict]} {self.verdict}" + (f"〔{f}〕" if f else "")

    def provenance_text(self) -> str:
        return "、".join(f"{shown_path(path)}: {p.text}" for path, p in self.provenance)

    def facts_text(self) -> str:
        marked = {path: p.kind for path, p in self.provenance}
        parts = []
        for path, value in self.facts:
            if value is None:
                from .model.schema import written_as

                written = "不明と記載" if any(w in self.unknown for w in written_as(path)) else "記載なし"
                parts.append(f"{shown_path(path)}=（{written}）")
            else:
                parts.append(f"{shown_path(path)}={_show(value)}" + (f"〔{marked[path]}〕" if path in marked else ""))
        return "、".join(parts)

    def to_write(self) -> list[str]:
        """The entries of the case file a 要確認 lacks, as the department writes them (a checklist row, not its 回答; a
        derived fact as the entries it is read from)."""
        from .model.schema import written_as

        return list(dict.fromkeys(w for p, v in self.facts if v is None for w in written_as(p)))

    def lacking(self, unknown_head: str, missing_head: str) -> str:
        """What the verdict lacks, each entry with its form (model.form.expected_of): the entries written 不明 after
        unknown_head, the others after missing_head; '' when it lacks nothing."""
        from .model.form import expected_of

        def said(paths):
            return "、".join(p + (f"（{x}）" if (x := expected_of(p)) else "") for p in paths)

        entries = self.to_write()
        unknown = [p for p in entries if p in self.unknown]
        rest = [p for p in entries if p not in self.unknown]
        return "。".join(([f"{unknown_head}: {said(unknown)}"] if unknown else []) + ([f"{missing_head}: {said(rest)}"] if rest else []))

    def explanation(self) -> str:
        r = self.rule
        if self.verdict == FAIL:
            return r.message
        if self.verdict == UNKNOWN:
            if self.reason:
                return self.reason
            return self.lacking("不明と書かれているため判断できません", "次の事実が記載されていないため判断できません") or \
                "判断に必要な事実がありません"
        if self.verdict == NA:
            return self.reason or "適用条件に当たらない"
        return r.title


def shown_path(path: str) -> str:
    """A fact path as a report prints it: the length the engine gives a list («番号法.庁内連携#件数») is 「…の件数」."""
    return path.replace("#件数", "の件数")


def _show(v: Any) -> str:
    if v is True:
        return "あり"
    if v is False:
        return "なし"
    if isinstance(v, dict):
        if "始" in v and "終" in v:
            return str(v["始"]) if v["始"] == v["終"] else f"{v['始']}〜{v['終']}"
        if "回答" in v:
            return v["回答"] + ("（理由あり）" if v.get("理由あり") else "")
        if "値" in v:
            return ("約" if v.get("約") else "") + f"{v['値']:,}"
    if isinstance(v, list):
        if all(isinstance(x, (str, int)) for x in v):
            return "[" + "、".join(map(str, v)) + "]"
        return f"{len(v)}件"
    return str(v)
