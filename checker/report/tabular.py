"""CSV reports: UTF-8 with a BOM and CRLF line ends, so Excel (Japanese Windows) opens them without mojibake.

check / meeting: one row per (case, rule), every rule (対象外 too). A legend row would break the table: the marks are
explained in their rows (根拠の状態 says in words what 〔未検証〕 means, 出所 what 〔図〕 〔推定〕 stand on).
audit: the matrix, one row per case, one column per rule (its mark), then the case's counts.
A text cell that Excel would read as a formula (starting with = + - @) is written with a leading ' so that it
stays text (case files are data, never code).
"""
from __future__ import annotations

import csv
import io

from ..jp import wareki
from .model import STATUS_WORDS, VERDICTS, finding, todo, waiver_counted, waiver_note, waiver_terms

BOM = "\ufeff"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def safe(cell):
    """A text cell Excel would take for a formula (=, +, -, @ first) is prefixed with ' (shown as text)."""
    if isinstance(cell, str) and cell.startswith(FORMULA):
        return "'" + cell
    return cell

VERDICT_HEADERS = ["ファイル", "№", "件名", "付議日", "区分", "担当課", "ルール", "分類", "判定", "記号",
                   "根拠", "根拠の状態", "指摘", "直すこと", "判定を決めた事実", "出所（転記でない事実）"]


class _Rows:
    def __init__(self):
        self.buf = io.StringIO()
        self.w = csv.writer(self.buf, lineterminator="\r\n")

    def __call__(self, row) -> str:
        self.buf.seek(0)
        self.buf.truncate()
        self.w.writerow([safe(c) for c in row])
        return self.buf.getvalue()


# written only when a case of the report records an exception (承諾・免除): a report without any keeps its columns
WAIVER_HEADERS = ["承諾・免除", "免除の説明", "免除の承認者", "免除の承認日", "免除の期限", "免除の理由"]


def _waiver_cells(v) -> list:
    w = v.waiver
    if w is None:
        return [""] * len(WAIVER_HEADERS)
    return [f"{w.state}（{waiver_counted(w)}）", waiver_note(w, v.verdict), w.approver, wareki(w.approved),
            wareki(w.expiry) if w.expiry else "なし", w.reason]


def _verdict_rows(report):
    row = _Rows()
    waived = any(d.waived for d in report.cases)
    yield BOM + row(VERDICT_HEADERS + (WAIVER_HEADERS if waived else []))
    for d in report.cases:
        i = d.info
        base = [i.file, "" if i.number is None else str(i.number), i.title, i.date or "",
                "、".join(i.categories), "、".join(i.departments)]
        for v in d.verdicts:
            r = v.rule
            yield row([*base, v.rule_id, r.pack, v.verdict, v.mark, v.cite, STATUS_WORDS.get(r.citation_status, r.citation_status),
                       finding(v), todo(v), v.facts_text(), v.provenance_text(), *(_waiver_cells(v) if waived else [])])


check_csv = _verdict_rows
meeting_csv = _verdict_rows


def audit_csv(report):
    row = _Rows()
    waived = any(r.waivers for r in report.rows)  # a column of the cases' exceptions only when some case records one
    yield BOM + row(["ファイル", "№", "件名", "付議日", "区分", "担当課", *[x.id for x in report.rules], *VERDICTS,
                     "図による判定", "推定による判定", *(["承諾・免除"] if waived else [])])
    for r in report.rows:
        i, c, f = r.info, r.counts(), r.footings()
        extra = ["；".join(f"{report.rules[k].id} {w.state}（{waiver_counted(w)}。{waiver_terms(w)}）" for k, w in r.waivers)]
        yield row([i.file, "" if i.number is None else str(i.number), i.title, i.date or "",
                   "、".join(i.categories), "、".join(i.departments), *r.cells(), *[c[v] for v in VERDICTS],
                   f["図"], f["推定"], *(extra if waived else [])])


def list_csv(report):
    """The 審議案件一覧: UTF-8 with BOM, CRLF (Excel)."""
    from .model import LIST_HEADERS

    row = _Rows()
    yield BOM + row(LIST_HEADERS)
    for r in report.rows:
        yield row(r)


def list_tsv(report):
    """The 審議案件一覧 as tab-separated lines (no BOM, LF): for pasting and for scripts."""
    from .model import LIST_HEADERS

    buf = io.StringIO()
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(LIST_HEADERS)
    w.writerows([[safe(c) for c in r] for r in report.rows])
    yield buf.getvalue()
