"""Markdown reports (GitHub-flavoured pipe tables) for check, meeting and audit."""
from __future__ import annotations

from ..jp import wareki
from ..verdict import FAIL, UNKNOWN
from .model import (LEGEND, LIST_HEADERS, VERDICT_OF, VERDICTS, WAIVERS_HEAD, finding, legended, matrix_note, summary_text, todo,
                    waiver_counted, waiver_head, waiver_note, waiver_terms)


def cell(text) -> str:
    s = "" if text is None else str(text)
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def table(headers, rows, align=None) -> str:
    out = ["| " + " | ".join(cell(h) for h in headers) + " |",
           "|" + "|".join(align or ["---"] * len(headers)) + "|"]
    out.extend("| " + " | ".join(cell(c) for c in r) + " |" for r in rows)
    return "\n".join(out) + "\n"


def _case(d, shown, empty: str):
    i = d.info
    yield f"\n## {cell(i.label)}\n\n"
    yield f"- ファイル: `{i.file}`\n"
    yield f"- 区分: {cell('、'.join(i.categories))}　担当課: {cell('、'.join(i.departments))}　付議日: {cell(i.date or '不明')}"
    yield (f"　審議結果: {cell(i.result)}\n" if i.result else "\n")
    yield f"- 判定: **{summary_text(d.counts)}**\n"
    if d.waived:
        yield f"- {cell(d.waiver_summary())}\n"
    yield "\n"
    if shown:
        yield table(["判定", "ルール", "根拠", "指摘", "直すこと"],
                    [[_label(v), v.rule_id, v.cite, finding(v), todo(v)] for v in shown])
        asks = d.asks()
        if asks:
            yield "\n記載する事実（要確認を解く）:\n\n"
            for a in asks:
                yield f"- {cell(a)}\n"
    else:
        yield f"{empty}\n"
    if d.readings:
        yield "\n根拠の読み（法令の表で付議日に読んだもの）:\n\n"
        yield table(["場所", "書かれた根拠", "行為", "規定", "読み", "理由"],
                    [[r.place, r.text, r.act, r.provision + ("〔未検証〕" if r.unverified else ""), r.outcome, r.reason] for r in d.readings])
    if d.waived:
        yield f"\n{cell(waiver_head(v.waiver.reference_text for v in d.waived))}:\n\n"
        yield table(["ルール", "判定", "免除", "承認者", "承認日", "期限", "理由"],
                    [[v.rule_id, v.label, f"{v.waiver.state}（{waiver_counted(v.waiver)}）: {waiver_note(v.waiver, v.verdict)}",
                      v.waiver.approver, wareki(v.waiver.approved), wareki(v.waiver.expiry) if v.waiver.expiry else "なし",
                      v.waiver.reason] for v in d.waived])
    if d.changes:  # the section 前回からの変更 (the document model's blocks)
        from .document import md_blocks

        yield from md_blocks(d.changes)


def _label(v) -> str:
    """The verdict as the 判定 column shows it: its label, and under it what a recorded exception does to it."""
    return v.label if v.waiver is None else f"{v.label}\n{waiver_note(v.waiver, v.verdict)}"


def _legend(lines: list[str]) -> str:
    """The legend under a report: one paragraph per mark it showed (※〔未検証〕 …)."""
    return "".join(f"\n{cell(line)}\n" for line in lines)


def _legended(render=None, *, matrix: bool = False):
    """A md renderer whose report ends with the legend of the marks it printed (and, for the audit, its matrix's 図・推)."""
    import functools

    def deco(fn):
        @functools.wraps(fn)
        def wrapped(report):
            from .model import changes_legend

            return legended(fn(report), _legend, matrix_note(report) if matrix else changes_legend(report))
        return wrapped
    return deco(render) if render else deco


@_legended
def check_md(report):
    yield f"# {cell(report.title)}\n"
    if report.generated:
        yield f"\n作成: {report.generated}\n"
    yield f"\n{len(report.cases)} 件。{LEGEND}\n"
    for d in report.cases:
        yield from _case(d, report.shown(d), "（適用されるルールはありません）")


@_legended
def meeting_md(report):
    yield f"# {cell(report.title)}\n"
    yield f"\n対象: `{report.source}`\n"
    if report.generated:
        yield f"\n作成: {report.generated}\n"
    yield f"\n## 審議案件一覧（{len(report.agenda)} 件）\n\n"
    yield table(LIST_HEADERS, report.agenda, ["--:", "---", "---", "---", "---", "---"])
    for d in report.cases:
        yield from _case(d, report.shown(d), "（不適合・要確認はありません）")


@_legended(matrix=True)
def audit_md(report):
    rules, totals = report.rules, report.rule_totals()
    yield f"# {cell(report.title)}\n\n"
    if report.generated:
        yield f"作成: {report.generated}\n\n"
    yield f"対象: `{' '.join(report.source)}`　{len(report.rows)} 件 × {len(rules)} ルール"
    yield (f"（絞り込み: {cell(report.filter_text())}）\n\n" if report.filter_text() else "\n\n")
    t = report.totals()
    yield "判定の合計: " + "　".join(f"{k} {t[k]}" for k in VERDICTS) + f"（{LEGEND}）\n\n"
    yield "## 判定表\n\n"
    start = 0
    groups = []
    for pack, _, n in report.packs:
        groups.append(f"{pack}: {rules[start].id}〜{rules[start + n - 1].id}（{n}）")
        start += n
    yield "列はルールの分類ごと: " + cell("、".join(groups)) + "\n\n"
    head = ["№", "件名", "付議日", "区分", "担当課", *[x.id for x in rules], *VERDICTS]
    yield "| " + " | ".join(cell(h) for h in head) + " |\n"
    yield "|" + "|".join(["--:", "---", "---", "---", "---", *([":-:"] * len(rules)), *(["--:"] * 4)]) + "|\n"
    for r in report.rows:
        i, c = r.info, r.counts()
        cells = [str(i.number) if i.number is not None else "", cell(i.title), cell(i.date or "不明"),
                 cell("、".join(i.categories)), cell("、".join(i.departments)), *r.cells(), *[str(c[v]) for v in VERDICTS]]
        yield "| " + " | ".join(cells) + " |\n"
    for v in VERDICTS:
        cells = ["", f"**計 {v}**", "", "", "", *[str(tt[v]) for tt in totals], *["" for _ in VERDICTS]]
        cells[5 + len(rules) + VERDICTS.index(v)] = str(t[v])
        yield "| " + " | ".join(cells) + " |\n"

    yield "\n## 分類ごとの合計\n\n"
    yield "適用されるセル（対象外を除く）のうち要確認の割合と、図から読んだ事実（図）・推定した事実（推定）で決まった判定の数。\n\n"
    yield table(["分類", *VERDICTS, "適用", "要確認の割合", "図", "推定"],
                [[p["pack"], *[p["counts"][v] for v in VERDICTS], p["applicable"], p["unknown_share"], p["図"], p["推定"]]
                 for p in report.pack_totals()])

    yield "\n## ルール一覧と合計\n\n"
    yield table(["分類", "ルール", "ルール名", "根拠", *VERDICTS],
                [[x.pack, x.id, x.title, x.cite, *[tt[v] for v in VERDICTS]] for x, tt in zip(rules, totals)])

    yield "\n## 不適合の多いルール（上位 10）\n\n"
    top = report.top_failed()
    if top:
        yield table(["順位", "ルール", "ルール名", "根拠", FAIL, UNKNOWN],
                    [[k, x.id, x.title, x.cite, tt[FAIL], tt[UNKNOWN]] for k, (x, tt) in enumerate(top, 1)])
    else:
        yield "（不適合はありません）\n"

    yield "\n## 案件ごとの不適合・要確認\n\n"
    for r, fails, unknown in report.cases_with_findings():
        yield f"- `{r.info.file}`"
        if fails:
            yield f" × 不適合: {' '.join(fails)}"
            if unknown:
                yield "；"
        if unknown:
            yield f" ? 要確認: {' '.join(unknown)}"
        yield "\n"
    ws = report.waivers()
    if ws:
        yield f"\n## {WAIVERS_HEAD}の一覧（{len(ws)} 件。{report.reference_text()}で判断）\n\n"
        yield table(["№", "件名", "ファイル", "ルール", "判定", "免除", "承認者", "承認日", "期限", "理由"],
                    [[r.info.number if r.info.number is not None else "", r.info.title, r.info.file, col.id,
                      f"{r.marks[k]} {VERDICT_OF[r.marks[k]]}", f"{w.state}（{waiver_counted(w)}）", w.approver,
                      wareki(w.approved), wareki(w.expiry) if w.expiry else "なし", w.reason]
                     for r, k, col, w in ws])
        soon = report.expiring()
        yield f"\n## {cell(report.expiring_head())}\n\n"
        if soon:
            yield table(["№", "件名", "ファイル", "ルール", "期限", "残り日数", "承認者"],
                        [[r.info.number if r.info.number is not None else "", r.info.title, r.info.file, col.id,
                          wareki(w.expiry), f"{(w.expiry - w.reference).days} 日（{w.reference_text}から）", waiver_terms(w)]
                         for r, _, col, w in soon])
        else:
            yield "（ありません）\n"


def list_md(report):
    from tabulate import tabulate

    yield tabulate(report.rows, headers=LIST_HEADERS, tablefmt="pipe", disable_numparse=True) + "\n"
    yield f"\n（{len(report.rows)} 件。対象: `{report.source}`）\n"
