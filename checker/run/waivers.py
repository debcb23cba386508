"""承諾・免除: the exceptions a case file records (Case.waivers), applied to its verdicts after the engine.

The engine and the independent evaluator decide every verdict first, and agree (checker.engine); only then is each
recorded exception set on its rule's verdict (Verdict.waiver), never inside the rules. The verdict stays its own
(適合・不適合・要確認・対象外); what the exception does to it (verdict.WAIVER_STATES):

- a 不適合 under an exception in force on the reference date is 免除: shown as it is, not counted by the exit policy
  (run.exit_code, the audit's counting) nor as a junit failure;
- a 不適合 whose exception ended before the reference date (期限切れ), was approved after it (承認前), or cannot be judged
  on it (判断できない: no 付議日, or a 付議日 written as a span that holds the 承認日 or the 期限) stays counted;
- a 要確認 stays counted (事実が必要): an exception never stands for a fact the case does not state;
- on a 適合 or 対象外 the exception is not needed (不要).

The reference date is `--on DATE` when given, else the case's 付議日. An exception naming a rule the loaded rule book
has not is an input error at its place (the loader keeps where each names its rule: Case.waiver_places).
"""
from __future__ import annotations

import datetime as _dt
import difflib

from .. import jp
from ..errors import InputError, InputErrors
from ..verdict import (EXCUSED, EXPIRED, FAIL, NOT_A_FACT, NOT_YET, UNDECIDED, UNKNOWN, UNUSED, Waived)

ON_EXPECTED = "2023-12-21・令和5年12月21日・R5.12.21 のような 1 日"


def parse_on(text: str | None) -> _dt.date | None:
    """--on DATE: the day the exceptions are judged on (None: each case's 付議日). The dates meeting's DATE takes."""
    if text is None:
        return None
    try:
        span = jp.parse_date(text)
    except ValueError as e:
        raise InputError("--on", None, f"日付「{text}」が読めません: {e}", ON_EXPECTED) from None
    if not span.exact:
        raise InputError("--on", None, f"「{text}」は 1 日を指していません", ON_EXPECTED)
    return span.start


def unknown_rules(file: str, case, book) -> list[InputError]:
    """An InputError for each exception of the case that names a rule the rule book has not, at the line naming it."""
    if not getattr(case, "waivers", None):
        return []
    out = []
    places = case.waiver_places or (None,) * len(case.waivers)
    for w, place in zip(case.waivers, places):
        if w.rule not in book.rules:
            said = jp.nfkc(w.rule).upper()  # ｔｏｋｋｉ－１０ means TOKKI-10; it is still not written as an id
            near = [said] if said in book.rules else difflib.get_close_matches(said, list(book.rules), n=1, cutoff=0.6)
            hint = f"。もしかして「{near[0]}」ですか" if near else ""
            out.append(InputError(file, place, f"承諾・免除: ルール「{w.rule}」はありません{hint}",
                                  "ルールの ID（checker rules で一覧できる）"))
    return out


def check_rules(cases, book) -> None:
    """Every exception of the cases [(file, Case)] names a rule of the book; else every bad one, as input errors."""
    errors = [e for file, case in cases for e in unknown_rules(file, case, book)]
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)


def _reference(case, on: _dt.date | None) -> tuple[_dt.date, _dt.date, str] | None:
    """(first day, last day, in words) of the day the exceptions are judged on: --on, else the 付議日 (a span when it is
    written as a month or a 年度); None when there is neither."""
    if on is not None:
        return on, on, f"基準日 {jp.wareki(on)}"
    d = getattr(case, "date", None)
    if d is None:
        return None
    return d.start, d.end, f"付議日 {d.text}"


def _validity(approved: _dt.date, expiry: _dt.date | None, ref) -> tuple[str | None, str]:
    """Whether an exception holds on the reference: (None: in force | EXPIRED | NOT_YET | UNDECIDED, why undecided)."""
    if ref is None:
        return UNDECIDED, "付議日が書かれていないため、期限を判断できません（基準日を --on で指定すれば判断できる）"
    start, end, said = ref
    if approved > end:
        return NOT_YET, ""
    if expiry is not None and expiry < start:
        return EXPIRED, ""
    if approved > start:
        return UNDECIDED, f"{said} が期間で、承認日 {jp.wareki(approved)} がその中にあるため、承認の前か後か判断できません"
    if expiry is not None and expiry < end:
        return UNDECIDED, f"{said} が期間で、期限 {jp.wareki(expiry)} がその中にあるため、期限内か判断できません"
    return None, ""


def waived(w, verdict: str, ref) -> Waived:
    """One exception (model.case.Waiver) as applied to its rule's verdict on the reference (see _reference)."""
    approved = w.approved.start
    expiry = w.expiry.end if w.expiry is not None else None
    validity, why = _validity(approved, expiry, ref)
    if verdict == FAIL:
        state = validity or EXCUSED
    elif verdict == UNKNOWN:
        state = NOT_A_FACT
    else:
        state = UNUSED
    return Waived(rule=w.rule, reason=str(w.reason), approver=str(w.approver), approved=approved, expiry=expiry,
                  state=state, reference=ref[1] if ref else None, reference_text=ref[2] if ref else "",
                  why=why if state == UNDECIDED else "", in_force=validity is None)


def apply(run, on: _dt.date | None = None):
    """The run's verdicts with the case's exceptions set on them (Verdict.waiver), after the engine; the run itself."""
    waivers = getattr(run.case, "waivers", None)
    if not waivers:
        return run
    by_rule = {w.rule: w for w in waivers}
    ref = _reference(run.case, on)
    for v in run.verdicts:
        w = by_rule.get(v.rule_id)
        if w is not None:
            v.waiver = waived(w, v.verdict, ref)
    return run


def apply_all(runs, on: _dt.date | None = None) -> list:
    return [apply(r, on) for r in runs]
