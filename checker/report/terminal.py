"""Terminal output (tabulate) and JSON for `checker check`."""
from __future__ import annotations

import json
from collections import Counter

from tabulate import tabulate

from ..verdict import FAIL, NA, ORDER, PASS, UNKNOWN


def summary(verdicts) -> str:
    c = Counter(v.verdict for v in verdicts)
    return "　".join(f"{k} {c.get(k, 0)}" for k in (PASS, FAIL, UNKNOWN, NA))


def case_table(run, show_na: bool = False) -> str:
    case = run.case
    head = [
        f"■ {case.title}",
        f"  ファイル: {run.case_id}",
        f"  区分: {'、'.join(case.categories)}　担当課: {'、'.join(case.departments)}　付議日: {case.date.text if case.date else '不明'}",
        f"  判定: {summary(run.verdicts)}",
    ]
    rows = []
    for v in run.verdicts:
        if v.verdict == NA and not show_na:
            continue
        rows.append([v.rule_id, f"{v.mark} {v.verdict}", v.cite, v.explanation()])
    table = tabulate(rows, headers=["ルール", "判定", "根拠", "内容"], tablefmt="simple") if rows else "  （適用されるルールはありません）"
    fixes = [v for v in run.verdicts if v.verdict in (FAIL, UNKNOWN)]
    tail = []
    if fixes:
        tail.append("")
        tail.append("  直すこと:")
        for v in fixes:
            if v.verdict == FAIL:
                tail.append(f"  × {v.rule_id}（{v.cite}）: {v.rule.remedy}")
            else:
                missing = [p for p, val in v.facts if val is None]
                what = "、".join(missing) if missing else "判断に必要な事実"
                tail.append(f"  ? {v.rule_id}（{v.cite}）: {what} を記載する")
    return "\n".join(head) + "\n" + table + "\n" + "\n".join(tail)


def verdict_json(v) -> dict:
    r = v.rule
    return {
        "rule": v.rule_id,
        "verdict": v.verdict,
        "title": r.title,
        "citation": r.citation,
        "citation_status": r.citation_status,
        "also_cite": list(r.also_cite),
        "pack": r.pack,
        "severity": r.severity,
        "source": r.source,
        "message": v.explanation(),
        "remedy": r.remedy if v.verdict == FAIL else None,
        "facts": [{"path": p, "value": val} for p, val in v.facts],
    }


def runs_json(runs) -> str:
    out = []
    for run in runs:
        c = run.case
        out.append({
            "file": run.case_id,
            "title": c.title,
            "categories": list(c.categories),
            "departments": list(c.departments),
            "date": c.date.iso() if c.date else None,
            "summary": dict(Counter(v.verdict for v in run.verdicts)),
            "verdicts": [verdict_json(v) for v in run.verdicts],
        })
    return json.dumps({"schema": "checker/verdicts/v1", "cases": out}, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
