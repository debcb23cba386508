"""Terminal output (tabulate) for `checker check`, `meeting` and `audit`."""
from __future__ import annotations

from tabulate import tabulate

from ..verdict import FAIL, NA, UNKNOWN


def _asks(by_fact: dict) -> list[str]:
    """One line per entry of the form that 要確認 verdicts lack, with the rules it decides."""
    return [f"  ? {path} を記載する（判断に使うルール {len(ids)} 件: {' '.join(ids)}）" for path, ids in by_fact.items()]


def case_table(d, show_na: bool = False) -> str:
    """One case of `checker check`: its head, the table of verdicts, then what to fix."""
    from .model import missing_by_fact, summary_text

    i = d.info
    head = [
        f"■ {i.title}",
        f"  ファイル: {i.file}",
        f"  区分: {'、'.join(i.categories)}　担当課: {'、'.join(i.departments)}　付議日: {i.date or '不明'}",
        f"  判定: {summary_text(d.counts)}",
    ]
    rows = [[v.rule_id, v.label, v.cite, v.explanation()]
            for v in d.verdicts if v.verdict != NA or show_na]
    table = tabulate(rows, headers=["ルール", "判定", "根拠", "内容"], tablefmt="simple") if rows else "  （適用されるルールはありません）"
    fails = [v for v in d.verdicts if v.verdict == FAIL]
    by_fact, other = missing_by_fact(d.verdicts)
    tail = []
    if fails or by_fact or other:
        tail.append("")
        tail.append("  直すこと:")
        for v in fails:
            tail.append(f"  × {v.rule_id}（{v.cite}）: {v.rule.remedy}")
        tail.extend(_asks(by_fact))
        for v in other:
            tail.append(f"  ? {v.rule_id}（{v.cite}）: {v.explanation()}")
    return "\n".join(head) + "\n" + table + "\n" + "\n".join(tail)


# --- text (terminal) reports for check, meeting and audit --------------------------------------------------
# Each render function yields the report in pieces (str); the caller writes them (stdout or a file).

def _finding_rows(verdicts) -> list[list[str]]:
    from .model import finding, todo

    return [[v.label, v.rule_id, v.cite, finding(v), todo(v)] for v in verdicts]


FINDING_HEADERS = ["判定", "ルール", "根拠", "指摘", "直すこと"]


def check_text(report):
    """The text of `checker check`: one table per case, then what to fix."""
    yield "\n\n".join(case_table(d, report.show_all) for d in report.cases) + "\n"
    if report.generated:
        yield f"\n作成: {report.generated}\n"


def _case_head(d) -> list[str]:
    i = d.info
    from .model import summary_text

    return [
        f"■ {i.label}",
        f"  ファイル: {i.file}",
        f"  区分: {'、'.join(i.categories)}　担当課: {'、'.join(i.departments)}　付議日: {i.date or '不明'}"
        + (f"　審議結果: {i.result}" if i.result else ""),
        f"  判定: {summary_text(d.counts)}",
    ]


def meeting_text(report):
    from ..corpus import LIST_HEADERS
    from .model import missing_by_fact

    yield f"{report.title}\n"
    if report.generated:
        yield f"作成: {report.generated}\n"
    yield f"\n審議案件一覧（{len(report.agenda)} 件）\n"
    yield tabulate(report.agenda, headers=LIST_HEADERS, tablefmt="simple", disable_numparse=True) + "\n"
    for d in report.cases:
        shown = report.shown(d)
        yield "\n" + "\n".join(_case_head(d)) + "\n"
        if shown:
            yield tabulate(_finding_rows(shown), headers=FINDING_HEADERS, tablefmt="simple",
                           maxcolwidths=[None, None, 30, 40, 40], disable_numparse=True) + "\n"
            for line in _asks(missing_by_fact(d.verdicts)[0]):
                yield line + "\n"
        else:
            yield "  （不適合・要確認はありません）\n"


def _cut(text: str, width: int) -> str:
    from wcwidth import wcswidth

    if wcswidth(text) <= width:
        return text
    out = ""
    for ch in text:
        if wcswidth(out + ch + "…") > width:
            return out + "…"
        out += ch
    return out


def audit_text(report):
    from .model import LEGEND, VERDICTS

    rules, totals = report.rules, report.rule_totals()
    yield f"{report.title}\n"
    if report.generated:
        yield f"作成: {report.generated}\n"
    yield f"対象: {' '.join(report.source)}　{len(report.rows)} 件 × {len(rules)} ルール"
    yield (f"（絞り込み: {report.filter_text()}）\n" if report.filter_text() else "\n")
    t = report.totals()
    yield "判定の合計: " + "　".join(f"{k} {t[k]}" for k in VERDICTS) + f"　（{LEGEND}）\n"

    # the matrix: one column per pack, its rules' marks side by side (the order is listed below)
    spans, start = [], 0
    for _, _, n in report.packs:
        spans.append((start, start + n))
        start += n
    head = ["№", "件名", "付議日", "区分", "担当課", *[p for p, _, _ in report.packs], *VERDICTS, "図", "推定"]
    rows = []
    for r in report.rows:
        i, c, f = r.info, r.counts(), r.footings()
        rows.append([str(i.number) if i.number is not None else "", _cut(i.title, 30), i.date or "不明",
                     "、".join(i.categories), _cut("、".join(i.departments), 16),
                     *[r.marks[a:b] for a, b in spans], *[str(c[v]) for v in VERDICTS], str(f["図"]), str(f["推定"])])
    yield "\n判定表（行: 案件、列: ルールの分類ごとの判定。ルールの並びは下の「列の並び」）\n"
    yield tabulate(rows, headers=head, tablefmt="simple", disable_numparse=True) + "\n"
    yield "\n列の並び:\n"
    for (pack, _, _), (a, b) in zip(report.packs, spans):
        yield f"  {pack}: {' '.join(x.id for x in rules[a:b])}\n"

    yield "\n分類ごとの合計（適用 = 対象外を除くセル。図・推定 = 図から読んだ事実・推定した事実で決まった判定の数）\n"
    prows = [[p["pack"], *[str(p["counts"][v]) for v in VERDICTS], str(p["applicable"]), p["unknown_share"], str(p["図"]), str(p["推定"])]
             for p in report.pack_totals()]
    yield tabulate(prows, headers=["分類", *VERDICTS, "適用", "要確認の割合", "図", "推定"], tablefmt="simple",
                   disable_numparse=True) + "\n"

    yield "\nルールごとの合計\n"
    trows = [[x.id, x.pack, x.cite, *[str(tt[v]) for v in VERDICTS]] for x, tt in zip(rules, totals)]
    yield tabulate(trows, headers=["ルール", "分類", "根拠", *VERDICTS], tablefmt="simple", disable_numparse=True) + "\n"

    top = report.top_failed()
    yield "\n不適合の多いルール（上位 10）\n"
    if top:
        trows = [[str(k), x.id, x.title, x.cite, str(tt[FAIL]), str(tt[UNKNOWN])] for k, (x, tt) in enumerate(top, 1)]
        yield tabulate(trows, headers=["順位", "ルール", "ルール名", "根拠", FAIL, UNKNOWN], tablefmt="simple",
                       disable_numparse=True, maxcolwidths=[None, None, 40, 30, None, None]) + "\n"
    else:
        yield "  （不適合はありません）\n"

    yield "\n案件ごとの不適合・要確認\n"
    for r, fails, unknown in report.cases_with_findings():
        yield f"  {r.info.file}\n"
        if fails:
            yield f"    × 不適合: {' '.join(fails)}\n"
        if unknown:
            yield f"    ? 要確認: {' '.join(unknown)}\n"
