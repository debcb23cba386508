"""JUnit XML reports (for CI): one <testsuite> per case, one <testcase> per rule.

The outcomes the exit policy counts (--fail-on; by default 不適合 and 要確認) are <failure type="不適合|要確認">; a 要確認 it
does not count passes with its text in <system-out>; a text that shows 〔未検証〕 〔図〕 〔推定〕 ends with one line per mark saying
what it means (the legend); 対象外 is <skipped/>, 適合 passes. The policy is the property
fail_on of every <testsuite>. No time attributes (nothing is timed), so the same input gives the same bytes.
"""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..verdict import FAIL, NA, UNKNOWN, Outcome
from .model import VERDICT_OF, finding, legend, marks_in, todo, waiver_note

EXCUSED_OUT = "不適合（期限内の承諾・免除があるので終了コードに数えない）"  # a waived 不適合: it passes, and says so

FAIL_MARKS = {FAIL.glyph: FAIL, UNKNOWN.glyph: UNKNOWN}


def _attrs(**kw) -> str:
    return "".join(f" {k}={quoteattr(str(v))}" for k, v in kw.items() if v is not None)


def _props(i, policy=None) -> str:
    props = [("ファイル", i.file), ("№", i.number), ("件名", i.title), ("付議日", i.date),
             ("区分", "、".join(i.categories)), ("担当課", "、".join(i.departments)),
             ("fail_on", None if policy is None else ("・".join(map(str, policy)) or "なし"))]  # what the exit code counted
    body = "".join(f"      <property{_attrs(name=k, value=v)}/>\n" for k, v in props if v is not None)
    return f"    <properties>\n{body}    </properties>\n"


def _suites_head(name: str, tests: int, failures: int, skipped: int, generated: str | None) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<testsuites{_attrs(name=name, tests=tests, failures=failures, errors=0, skipped=skipped, timestamp=generated)}>\n")


def _counted(report) -> tuple:
    got = getattr(report, "fail_on", None)
    return (FAIL, UNKNOWN) if got is None else tuple(got)


def _verdict_suites(report, name: str):
    counted = _counted(report)
    all_v = [v for d in report.cases for v in d.verdicts]
    fails = sum(v.counted(counted) for v in all_v)
    skipped = sum(v.verdict == NA for v in all_v)
    yield _suites_head(name, len(all_v), fails, skipped, report.generated)
    for d in report.cases:
        c = d.counts
        failures = sum(v.counted(counted) for v in d.verdicts)
        yield (f"  <testsuite{_attrs(name=d.info.ref or d.info.file, tests=len(d.verdicts), failures=failures, errors=0, skipped=c[NA])}>\n")
        yield _props(d.info, getattr(report, "fail_on", None))
        for v in d.verdicts:
            r = v.rule
            head = f"    <testcase{_attrs(classname=r.pack, name=f'{v.rule_id} {r.title}')}"
            if Outcome(v.verdict).findings:
                lines = [f"根拠: {v.cite}", f"指摘: {finding(v)}", f"直すこと: {todo(v)}"]
                if v.verdict == FAIL and v.facts:
                    lines.append(f"事実: {v.facts_text()}")
                if v.provenance:
                    lines.append(f"出所: {v.provenance_text()}")
                if v.waiver is not None:
                    lines.append(f"承諾・免除: {waiver_note(v.waiver, v.verdict)}")
                lines += legend(marks_in(*lines))  # what its 〔未検証〕 〔図〕 〔推定〕 mean, one line each
                if v.counted(counted):
                    yield (f"{head}>\n      <failure{_attrs(type=v.verdict, message=f'{v.verdict}: {r.title}')}>"
                           f"{escape(chr(10).join(lines))}</failure>\n    </testcase>\n")
                else:  # a finding the exit policy does not count (or an exception in force covers): it passes, and says what it is
                    said = EXCUSED_OUT if v.excused else f"{v.verdict}（終了コードに数えない）"
                    yield f"{head}>\n      <system-out>{escape(chr(10).join([said, *lines]))}</system-out>\n    </testcase>\n"
            elif v.verdict == NA:
                note = f"（出所: {v.provenance_text()}）" if v.provenance else ""
                note += f"（承諾・免除: {waiver_note(v.waiver, v.verdict)}）" if v.waiver is not None else ""
                yield f"{head}>\n      <skipped{_attrs(message=f'対象外: {v.explanation()}{note}')}/>\n    </testcase>\n"
            elif v.provenance or v.waiver is not None:
                out = ([f"出所: {v.provenance_text()}"] if v.provenance else []) + \
                      ([f"承諾・免除: {waiver_note(v.waiver, v.verdict)}"] if v.waiver is not None else [])
                yield f"{head}>\n      <system-out>{escape(chr(10).join(out))}</system-out>\n    </testcase>\n"
            else:
                yield f"{head}/>\n"
        yield "  </testsuite>\n"
    yield "</testsuites>\n"


FOOTING_LINE = {"図": "出所: 判定を決めた事実に図から読んだものがある", "推": "出所: 判定を決めた事実に推定したものがある"}


def check_junit(report):
    yield from _verdict_suites(report, "checker check")


def meeting_junit(report):
    yield from _verdict_suites(report, f"checker meeting {report.date.isoformat()}")


def audit_junit(report):
    rules = report.rules
    t = report.totals()
    counted = _counted(report)
    yield _suites_head("checker audit", len(rules) * len(report.rows), sum(r.counted(counted) for r in report.rows), t[NA],
                       report.generated)
    cases = [(f"    <testcase{_attrs(classname=x.pack, name=f'{x.id} {x.title}')}", x) for x in rules]
    for row in report.rows:
        c = row.counts()
        yield (f"  <testsuite{_attrs(name=row.info.ref or row.info.file, tests=len(rules), failures=row.counted(counted), errors=0, skipped=c[NA])}>\n")
        yield _props(row.info, getattr(report, "fail_on", None))
        waived = dict(row.waivers)
        excused = row.excused
        for k, ((head, x), m) in enumerate(zip(cases, row.marks)):
            foot = FOOTING_LINE.get(row.footing[k], "") if row.footing else ""
            if k in waived:
                foot = "\n".join(filter(None, [foot, f"承諾・免除: {waiver_note(waived[k], VERDICT_OF[m])}"]))
            if m in FAIL_MARKS:
                v = FAIL_MARKS[m]
                body = f"根拠: {x.cite}" + (f"\n直すこと: {x.remedy}" if v == FAIL else "\n判断に必要な事実が記載されていません")
                body += f"\n{foot}" if foot else ""
                body += "".join(f"\n{x}" for x in legend(marks_in(body)))
                if k in excused:
                    yield f"{head}>\n      <system-out>{escape(EXCUSED_OUT + chr(10) + body)}</system-out>\n    </testcase>\n"
                elif v in counted:
                    yield f"{head}>\n      <failure{_attrs(type=v, message=f'{v}: {x.title}')}>{escape(body)}</failure>\n    </testcase>\n"
                else:
                    yield f"{head}>\n      <system-out>{escape(f'{v}（終了コードに数えない）' + chr(10) + body)}</system-out>\n    </testcase>\n"
            elif m == NA.glyph:
                msg = f"{NA}（{foot}）" if foot else str(NA)
                yield f"{head}>\n      <skipped{_attrs(message=msg)}/>\n    </testcase>\n"
            elif foot:
                yield f"{head}>\n      <system-out>{escape(foot)}</system-out>\n    </testcase>\n"
            else:
                yield f"{head}/>\n"
        yield "  </testsuite>\n"
    yield "</testsuites>\n"
