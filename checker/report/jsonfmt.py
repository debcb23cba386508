"""JSON reports; the schema is docs/report.schema.json (described in docs/report-formats.md).

Every report is one object whose "schema" names its kind: checker/verdicts/v1 (check),
checker/meeting/v1 (meeting), checker/audit/v1 (audit). Keys are in a fixed order, lists in report order.
The audit report is written case by case (one line per case), so it never exists whole in memory.
"""
from __future__ import annotations

import json

from ..verdict import FAIL, UNKNOWN
from .model import MARK_NOTES, MARK_OF, VERDICT_OF, VERDICTS, marks_in, to_write, todo, waiver_note


def _dumps(x, indent=None) -> str:
    return json.dumps(x, ensure_ascii=False, indent=indent)


def info_json(i) -> dict:
    return {
        "ref": i.ref,
        "file": i.file,
        "number": i.number,
        "title": i.title,
        "categories": list(i.categories),
        "departments": list(i.departments),
        "date": i.date_iso,
        "meeting": i.meeting,
        "result": i.result,
    }


def verdict_json(v) -> dict:
    r = v.rule
    return {
        "rule": v.rule_id,
        "verdict": v.verdict,
        "mark": v.mark,
        "title": r.title,
        "citation": r.citation,
        "citation_status": r.citation_status,
        "cite": v.cite,
        "also_cite": list(r.also_cite),
        "pack": r.pack,
        "severity": r.severity,
        "source": r.source,
        "message": v.explanation(),
        "remedy": r.remedy if v.verdict == FAIL else None,
        "missing": to_write(v) if v.verdict == UNKNOWN else [],
        "todo": todo(v) or None,
        "facts": [{"path": p, "value": val} for p, val in v.facts],
        "provenance": [{"path": p, "kind": x.kind, "note": x.note} for p, x in v.provenance],
        **({"waiver": waiver_json(v.waiver, v.verdict)} if v.waiver is not None else {}),
    }


def waiver_json(w, verdict: str) -> dict:
    """A recorded exception (承諾・免除) as applied to its rule's verdict; only on a verdict the case records one for."""
    return {
        "rule": w.rule,
        "reason": w.reason,
        "approver": w.approver,
        "date": w.approved.isoformat(),
        "expiry": w.expiry.isoformat() if w.expiry else None,
        "state": w.state,
        "excused": w.excused,  # a 不適合 the exit code does not count
        "reference": w.reference.isoformat() if w.reference else None,
        "reference_text": w.reference_text,
        "note": waiver_note(w, verdict),
    }


def case_json(d) -> dict:
    out = info_json(d.info)
    out["summary"] = dict(d.counts)
    out["verdicts"] = [verdict_json(v) for v in d.verdicts]
    if d.readings:
        out["readings"] = [{"place": r.place, "text": r.text, "act": r.act, "provision": r.provision, "outcome": r.outcome,
                            "reason": r.reason, "unverified": r.unverified} for r in d.readings]
    if d.changes_data is not None:  # the section 前回からの変更: the case names its predecessor (run.diff)
        out["changes"] = d.changes_data
    return out


def _head(report, schema: str) -> dict:
    out = {"schema": schema}
    if report.generated:
        out["generated"] = report.generated
    if getattr(report, "fail_on", None) is not None:
        out["fail_on"] = [str(o) for o in report.fail_on]  # the outcomes the exit code counted (--fail-on)
    return out


def _legend(out: dict, cites) -> None:
    """legend: {mark: what it means} for the marks its cite strings show (〔未検証〕); no key when none."""
    marks = marks_in(*cites)
    if marks:
        out["legend"] = {m: MARK_NOTES[m] for m in marks}


def check_json(report):
    out = _head(report, "checker/verdicts/v1")
    out["cases"] = [case_json(d) for d in report.cases]
    _legend(out, (v["cite"] for c in out["cases"] for v in c["verdicts"]))
    yield _dumps(out, 2) + "\n"


def meeting_json(report):
    out = _head(report, "checker/meeting/v1")
    out["meeting"] = {"date": report.date.isoformat(), "name": report.name, "year": report.year, "title": report.title,
                      "source": report.source}
    # the 審議案件一覧 rows (model.LIST_HEADERS: №, 事業名, 担当課, 区分, 付議日, 審議結果), as printed
    out["agenda"] = [dict(zip(("no", "title", "departments", "categories", "date", "result"), row)) for row in report.agenda]
    out["cases"] = [case_json(d) for d in report.cases]
    _legend(out, (v["cite"] for c in out["cases"] for v in c["verdicts"]))
    yield _dumps(out, 2) + "\n"


def audit_json(report):
    rules, totals = report.rules, report.rule_totals()
    head = _head(report, "checker/audit/v1")
    head["source"] = list(report.source)
    head["filters"] = report.filters
    head["marks"] = {MARK_OF[v]: v for v in VERDICTS}
    packs, start = [], 0
    for pack, title, n in report.packs:
        packs.append({"pack": pack, "title": title, "rules": [x.id for x in rules[start:start + n]]})
        start += n
    head["packs"] = packs
    head["rules"] = [{"id": x.id, "pack": x.pack, "title": x.title, "citation": x.citation,
                      "citation_status": x.citation_status, "cite": x.cite, "severity": x.severity,
                      "counts": tt} for x, tt in zip(rules, totals)]
    head["totals"] = {"cases": len(report.rows), "rules": len(rules), "counts": report.totals()}
    head["pack_totals"] = report.pack_totals()
    head["top_failed"] = [{"rule": x.id, "failed": tt[FAIL], "unknown": tt[UNKNOWN]} for x, tt in report.top_failed()]
    _legend(head, (x["cite"] for x in head["rules"]))
    if report.on is not None:
        head["on"] = report.on.isoformat()  # --on: the day exceptions were judged on
    ws = report.waivers()
    if ws:  # every exception the cases record (承諾・免除), and those ending soon; no key when none
        head["waivers"] = [{"file": r.info.file, "number": r.info.number, "title": r.info.title,
                            **waiver_json(w, VERDICT_OF[r.marks[k]])} for r, k, _, w in ws]
        head["expiring"] = [{"file": r.info.file, "rule": w.rule, "expiry": w.expiry.isoformat(),
                             "days": (w.expiry - w.reference).days} for r, _, _, w in report.expiring()]
    text = _dumps(head, 2)
    yield text[:-2] + ',\n  "cases": ['  # the head without its closing brace, then the cases one per line
    sep = "\n    "
    for r in report.rows:
        c = info_json(r.info)
        c["marks"] = r.marks
        c["footing"] = r.footing or None
        c["counts"] = r.counts()
        c["footings"] = r.footings()
        c["failed"], c["unknown"] = r.findings(rules)
        if r.waivers:
            c["excused"] = [rules[k].id for k in sorted(r.excused)]  # 不適合 the exit code does not count (承諾・免除)
        yield sep + _dumps(c)
        sep = ",\n    "
    yield "\n  ]\n}\n"
