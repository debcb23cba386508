"""Terminal output for `checker check`, `meeting`, `audit` and `list`: plain tables within a width (wide characters count 2;
a column is folded or cut by jp.fold and jp.cut, which tabulate cannot do)."""
from __future__ import annotations

from ..jp import cells as _cells, cut as _cut, fold as _fold, wareki
from ..verdict import FAIL, NA, PASS, UNKNOWN

WIDTH = 80  # text reports written to a file or a pipe; a terminal gets its own width (render(…, width=))


def _asks(d) -> list[str]:
    """One line per entry of the form that the case's 要確認 verdicts lack (CaseDetail.asks: what to write, the rules)."""
    return [f"  ? {a}" for a in d.asks()]


def _hang(first: str, width: int, hang: str = "      ") -> str:
    """A line folded at width, its continuation lines indented by hang."""
    if _cells(first) <= width:
        return first
    head = _fold(first, width)[0]
    rest = first[len(head):].lstrip()
    return "\n".join([head, *_fold(rest, width, hang)])


def case_table(d, show_all: bool = False, width: int = 80) -> str:
    """One case of `checker check`: its head, one line per finding (不適合, 要確認: rule, verdict, citation) with what
    it says folded below it and one line counting the rest (every verdict with show_all), then what to fix; every line
    within width."""
    from .model import missing_by_fact, summary_text, waiver_note

    i = d.info
    head = [
        _hang(f"■ {i.title}", width, "  "),
        "  ファイル: " + _cut_left(i.file, width - 12),
        *_where(i, width),
        f"  判定: {summary_text(d.counts)}",
        *([_hang(f"  {d.waiver_summary()}", width, "    ")] if d.waived else []),
    ]
    shown = [v for v in d.verdicts if show_all or v.verdict in (FAIL, UNKNOWN)]
    rest = {k: n for k, n in d.counts.items() if n and not show_all and k not in (FAIL, UNKNOWN)}
    rest_line = f"ほかに {'・'.join(f'{k} {n}' for k, n in rest.items())}（すべては --all）" if rest else ""
    if shown:
        rows = [[v.rule_id, v.label, v.cite] for v in shown]
        theads, lines = _table(["ルール", "判定", "根拠"], rows, width, fold=True)
        body = list(theads)
        for v, line in zip(shown, lines):
            body.append(line)
            body.extend(_fold(v.explanation(), width, "      "))
            if v.waiver is not None:
                body.extend(_fold(waiver_note(v.waiver, v.verdict), width, "      "))
        if rest_line:
            body.extend(_fold(rest_line, width, "  "))
        table = "\n".join(body)
    elif rest_line:
        table = "\n".join(_fold(f"（不適合・要確認はありません。{rest_line}）", width, "  "))
    else:
        table = "  （適用されるルールはありません）"
    fails = [v for v in d.verdicts if v.verdict == FAIL]
    by_fact, other = missing_by_fact(d.verdicts)
    tail = []
    if d.readings:  # how each 根拠 was read: the provisions named and what each allows on the 付議日
        tail.append("")
        tail.append("  根拠の読み:")
        last = None
        for r in d.readings:
            if (r.place, r.text) != last:
                tail.append(_hang(f"  {r.place}: {r.text}", width, "      "))
                last = (r.place, r.text)
            mark = "〔未検証〕" if r.unverified else ""
            tail.append(_hang(f"    {r.act} ← {r.provision}{mark}: {r.outcome}" + (f"（{r.reason}）" if r.reason else ""), width, "      "))
    if fails or by_fact or other:
        tail.append("")
        tail.append("  直すこと:")
        for v in fails:
            tail.append(_hang(f"  {FAIL.glyph} {v.rule_id}（{v.cite}）: {v.rule.remedy}{_excused(v)}", width))
        tail.extend(_hang(a, width) for a in _asks(d))
        for v in other:
            tail.append(_hang(f"  ? {v.rule_id}（{v.cite}）: {v.explanation()}", width))
    tail.extend(_waiver_block(d, width))
    return "\n".join(head) + "\n" + table + "\n" + "\n".join(tail) + _changes(d, width)


def _changes(d, width: int) -> str:
    """The case's section 前回からの変更 (the document model's blocks), '' for a case that names no predecessor."""
    if not d.changes:
        return ""
    from .document import text_blocks

    return "\n" + "".join(text_blocks(d.changes, width)).rstrip("\n")


def _excused(v) -> str:
    """After a 不適合's remedy in 直すこと: that an exception in force covers it."""
    return "（承諾・免除あり: 終了コードに数えない）" if v.excused else ""


def _waiver_block(d, width: int) -> list[str]:
    """The case's exceptions (承諾・免除), each with its rule's verdict, what it does to it and why it was given; none
    when the case records none."""
    from .model import waiver_counted, waiver_head, waiver_note

    if not d.waived:
        return []
    out = ["", f"  {waiver_head(v.waiver.reference_text for v in d.waived)}:"]
    for v in d.waived:
        w = v.waiver
        out.append(_hang(f"  {v.rule_id}  {v.mark} {v.verdict}  {w.state}（{waiver_counted(w)}）", width))
        out.extend(_fold(waiver_note(w, v.verdict), width, "      "))
        out.extend(_fold(f"理由: {w.reason}", width, "      "))
    return out


# --- text (terminal) reports for check, meeting and audit --------------------------------------------------
# Each render function yields the report in pieces (str); the caller writes them (stdout or a file).

def _finding_rows(verdicts) -> list[list[str]]:
    from .model import finding, todo

    return [[v.label, v.rule_id, v.cite, finding(v), todo(v)] for v in verdicts]


FINDING_HEADERS = ["判定", "ルール", "根拠", "指摘", "直すこと"]


def _legend(lines: list[str], width: int) -> str:
    """The legend under a report: a blank line, then one line per mark it showed (※〔未検証〕 …), folded to the width."""
    return "\n" + "\n".join(_hang(x, width, "  ") for x in lines) + "\n"


def _legended(render):
    """A text renderer whose report ends with the legend of the marks it printed (model.legended)."""
    import functools

    from .model import legended

    from .model import changes_legend

    @functools.wraps(render)
    def wrapped(report, width: int = WIDTH):
        return legended(render(report, width), lambda lines: _legend(lines, max(60, width)), changes_legend(report))
    return wrapped


def check_text(report, width: int = WIDTH):
    """The text of `checker check`: one table per case, then what to fix, then the legend of the marks it shows."""
    width = max(60, width)
    from .model import legend, marks_in

    from .model import changes_legend

    body = "\n\n".join(case_table(d, report.show_all, width) for d in report.cases) + "\n"
    yield body
    lines = legend(marks_in(body)) + changes_legend(report)
    if lines:  # under the cases, before the time
        yield _legend(lines, width)
    if report.generated:
        yield f"\n作成: {report.generated}\n"


def _where(i, width: int, result: str = "") -> list[str]:
    """区分・担当課・付議日 (・審議結果) on one line when it fits, else 付議日 on a line of its own."""
    what = f"  区分: {'、'.join(i.categories)}　担当課: {'、'.join(i.departments)}"
    when = f"付議日: {i.date or '不明'}{result}"
    if _cells(what + "　" + when) <= width:
        return [what + "　" + when]
    return [*_hang(what, width, "    ").split("\n"), "  " + when]


def _case_head(d, width: int = 80) -> list[str]:
    i = d.info
    from .model import summary_text

    return [
        f"■ {i.label}",
        f"  ファイル: {i.file}",
        *_where(i, width, f"　審議結果: {i.result}" if i.result else ""),
        f"  判定: {summary_text(d.counts)}",
        *([f"  {d.waiver_summary()}"] if d.waived else []),
    ]


def _agenda(rows, width: int) -> str:
    """The 審議案件一覧 within width: one line per case without its 事業名 (the 担当課 takes what is left), the 事業名
    folded below it, and the whole 担当課 below that when the line had to cut it (nothing is lost)."""
    from .model import LIST_HEADERS

    rest = [k for k in range(len(LIST_HEADERS)) if k != 1]
    head, lines = _table([LIST_HEADERS[k] for k in rest], [[r[k] for k in rest] for r in rows], width, flex=1)
    out = [f"（{LIST_HEADERS[1]}は各行の下）", *head]
    for r, line in zip(rows, lines):
        out.append(line)
        out.extend(_fold(r[1], width, "    "))
        if r[2] not in line:
            out.extend(_fold(f"{LIST_HEADERS[2]}: {r[2]}", width, "    "))
    return "\n".join(out)


@_legended
def meeting_text(report, width: int = WIDTH):
    """The meeting report for a terminal: the agenda (事業名 cut to the width), then per case its findings, each on a
    line (verdict, rule, citation) with what is wrong and what to do folded below it."""
    from .model import finding, todo, waiver_note

    width = max(60, width)
    yield f"{report.title}\n"
    yield "\n".join(_fold(f"対象: {report.source}", width)) + "\n"
    if report.generated:
        yield f"作成: {report.generated}\n"
    yield f"\n審議案件一覧（{len(report.agenda)} 件）\n"
    yield _agenda(report.agenda, width) + "\n"
    for d in report.cases:
        shown = report.shown(d)
        yield "\n" + "\n".join(_hang(x, width, "    ") for x in _case_head(d, width)) + "\n"
        if shown:
            head, lines = _table(["判定", "ルール", "根拠"], [[v.label, v.rule_id, v.cite] for v in shown], width, fold=True)
            out = list(head)
            for v, line in zip(shown, lines):
                out.append(line)
                out.extend(_fold(f"指摘: {finding(v)}", width, "      "))
                out.extend(_fold(f"直すこと: {todo(v)}{_excused(v)}", width, "      "))
                if v.waiver is not None:
                    out.extend(_fold(waiver_note(v.waiver, v.verdict), width, "      "))
            yield "\n".join(out) + "\n"
            for line in _asks(d):
                yield _hang(line, width) + "\n"
        else:
            yield "  （不適合・要確認はありません）\n"
        block = _waiver_block(d, width)
        if block:
            yield "\n".join(block) + "\n"
        if d.changes:
            from .document import text_blocks

            yield from text_blocks(d.changes, width)


def _cut_left(text: str, width: int) -> str:
    """The end of a text within width (a file path keeps its file name): …/51_私立学校….yaml."""
    if _cells(text) <= width:
        return text
    out = ""
    for ch in reversed(text):
        if _cells("…" + ch + out) > width:
            return "…" + out
        out = ch + out
    return out


def _table(headers: list[str], rows: list[list[str]], width: int, right=(), flex: int = -1, fold: bool = False):
    """A plain table within width, as (its two header lines, one text per row): the flex column (the last by default) gets what the others leave (wide characters
    count 2) and is cut with …, or, with fold (a citation, whose 〔未検証〕 must never be lost), the last column is
    folded onto continuation lines under itself. One row is one line unless folded."""
    n = len(headers)
    flex %= n
    widths = [max(_cells(str(x)) for x in [headers[k], *(r[k] for r in rows)]) for k in range(n)]
    others = sum(w for k, w in enumerate(widths) if k != flex) + 2 * (n - 1)
    widths[flex] = min(widths[flex], max(8, width - others))
    start = sum(widths[:n - 1]) + 2 * (n - 1)

    def line(cells: list[str]) -> str:
        out, more = [], []
        for k, c in enumerate(cells):
            c = str(c)
            if k == flex and fold and k == n - 1:
                parts = _fold(c, widths[k])
                c, more = parts[0], parts[1:]
            elif k == flex:
                c = _cut(c, widths[k])
            pad = " " * (widths[k] - _cells(c))
            out.append(pad + c if k in right else c + pad)
        return "\n".join(["  ".join(out).rstrip(), *(" " * start + m for m in more)])

    return [line(headers), "  ".join("-" * w for w in widths)], [line(r) for r in rows]


def _columns(headers: list[str], rows: list[list[str]], width: int, right=(), flex: int = -1, fold: bool = False) -> str:
    head, body = _table(headers, rows, width, right, flex, fold)
    return "\n".join([*head, *body]) + "\n"


def _wrap(prefix: str, words: list[str], width: int) -> str:
    """Words after a prefix, wrapped at width (continuation lines indented under the first word)."""
    lines, cur = [], prefix
    indent = " " * _cells(prefix)
    for w in words:
        if cur not in (prefix, indent) and _cells(cur) + 1 + _cells(w) > width:
            lines.append(cur)
            cur = indent + w
        else:
            cur = cur + ("" if cur in (prefix, indent) else " ") + w
    lines.append(cur)
    return "\n".join(lines) + "\n"


@_legended
def audit_text(report, width: int = WIDTH):
    """The audit for a terminal: totals per pack, per case and per rule, each line within the width (80 when written to a
    file or a pipe). The full matrix (案件 × ルール) is in the other formats (csv, html, md, json)."""
    from .model import LEGEND, VERDICTS

    width = max(60, width)
    rules, totals = report.rules, report.rule_totals()
    yield f"{report.title}\n"
    if report.generated:
        yield f"作成: {report.generated}\n"
    yield _wrap("対象: ", [*report.source, f"{len(report.rows)} 件 × {len(rules)} ルール"], width)
    if report.filter_text():
        yield _wrap("絞り込み:", [report.filter_text()], width)
    t = report.totals()
    yield "判定の合計: " + "　".join(f"{k} {t[k]}" for k in VERDICTS) + "\n"
    yield f"（{LEGEND}）\n"

    yield "\n分類ごと（適用: 対象外を除く判定。図・推: 図から読んだ・推定した事実による判定）\n"
    prows = [[p["pack"], *[str(p["counts"][v]) for v in VERDICTS], str(p["applicable"]), p["unknown_share"], str(p["図"]), str(p["推定"])]
             for p in report.pack_totals()]
    yield _columns(["分類", *(v.glyph for v in VERDICTS), "適用", "要確認率", "図", "推"], prows, width, right=range(1, 9))

    yield f"\n案件ごと（{FAIL.glyph} 不適合、{UNKNOWN.glyph} 要確認、{PASS.glyph} 適合の数）\n"
    crows = [[str(r.info.number) if r.info.number is not None else "", _cut(r.info.date or "不明", 16),
              *(str(r.counts()[v]) for v in (FAIL, UNKNOWN, PASS)), r.info.title] for r in report.rows]
    yield _columns(["№", "付議日", FAIL.glyph, UNKNOWN.glyph, PASS.glyph, "件名"], crows, width, right=(0, 2, 3, 4))

    counted = (FAIL, UNKNOWN, PASS, NA)
    yield f"\nルールごとの合計（{' '.join(v.glyph for v in counted)} の数）\n"
    trows = [[x.id, *(str(tt[v]) for v in counted), x.cite] for x, tt in zip(rules, totals)]
    yield _columns(["ルール", *(v.glyph for v in counted), "根拠"], trows, width, right=(1, 2, 3, 4), fold=True)

    top = report.top_failed()
    yield "\n不適合の多いルール（上位 10）\n"
    if top:
        for k, (x, tt) in enumerate(top, 1):
            yield _hang(f"{k:>2}. {x.id}  {FAIL.glyph} {tt[FAIL]}  {UNKNOWN.glyph} {tt[UNKNOWN]}  {x.title}（{x.cite}）", width) + "\n"
    else:
        yield "  （不適合はありません）\n"

    yield "\n案件ごとの不適合・要確認\n"
    for r, fails, unknown in report.cases_with_findings():
        name = r.info.file
        if len(report.source) == 1 and name.startswith(report.source[0].rstrip("/") + "/"):
            name = name[len(report.source[0].rstrip("/")) + 1:]  # the path below the audited folder
        number = f"№{r.info.number} " if r.info.number is not None else ""
        yield "\n".join(_fold(f"{number}{name}", width - 2, "  ")) + "\n"
        if fails:
            yield _wrap(f"    {FAIL.glyph} {FAIL}: ", fails, width)
        if unknown:
            yield _wrap(f"    {UNKNOWN.glyph} {UNKNOWN}: ", unknown, width)
    yield from _audit_waivers(report, width)
    yield "\n判定表（案件 × ルールの全セル）は --format csv・html・md・json で出力する。\n"


def _audit_waivers(report, width: int):
    """Every exception the audited cases record (承諾・免除), then those ending soon; nothing when none."""
    from .model import WAIVERS_HEAD, waiver_counted, waiver_terms

    ws = report.waivers()
    if not ws:
        return
    yield f"\n{WAIVERS_HEAD}の一覧（{len(ws)} 件。{report.reference_text()}で判断）\n"
    for r, _, col, w in ws:
        yield "\n".join(_fold(f"{r.info.label}（{r.info.file}）", width - 2, "  ")) + "\n"
        yield _hang(f"    {col.id}  {w.state}（{waiver_counted(w)}）  {waiver_terms(w)}", width) + "\n"
    soon = report.expiring()
    yield f"\n{report.expiring_head()}\n"
    if not soon:
        yield "  （ありません）\n"
    for r, _, col, w in soon:
        yield _hang(f"  {col.id}  期限 {wareki(w.expiry)}（{w.reference_text}から {(w.expiry - w.reference).days} 日）  "
                    f"{r.info.label}（{r.info.file}）", width) + "\n"


def rule_detail(r, width: int) -> str:
    """checker rules ID: one version as its author wrote it, with where it comes from (出典, 注) and its file:line."""
    period = r.period or "（期限なし）"
    status = {"seed": "区の資料の引用のとおり", "verified": "法令の本文で確認済み", "unverified": "未検証"}.get(r.citation_status, r.citation_status)
    lines = [
        f"■ {r.id} {r.title}",
        f"  分類: {r.pack}　有効期間: {period}　重要度: {r.severity}",
        f"  根拠: {r.cite}（{status}）",
        *([f"  あわせて引く根拠: {'、'.join(r.also_cite)}"] if r.also_cite else []),
        *([f"  置き換える共有のルール: {r.replaces}"] if r.replaces else []),
        f"  出典: {r.source}",
        *([f"  条文・様式の文言: {r.text}"] if r.text else []),
        *([f"  注: {r.note}"] if r.note else []),
        f"  指摘（不適合のとき）: {r.message}",
        f"  直し方: {r.remedy}",
        f"  ファイル: {r.file}:{r.line}",
        *(f"  由来: {what}（{where}）: {words}" for what, where, words in r.origins),
    ]
    return "\n".join(_hang(x, width, "      ") for x in lines)


@_legended
def rules_text(report, width: int = WIDTH):
    """checker rules: per pack a table (ID, 有効期間, 重要度, 根拠), each rule's title below its version; with ids, each
    version of those rules in full (rule_detail)."""
    width = max(60, width)
    if report.detail:
        yield "\n\n".join(rule_detail(r, width) for r in report.versions) + "\n"
        return
    for pack in dict.fromkeys(r.pack for r in report.versions):
        versions = [r for r in report.versions if r.pack == pack]
        out = ["", f"■ {pack}（{len({r.id for r in versions})} ルール、{len(versions)} 版）"]
        rows = [[r.id, r.period, r.severity, r.cite] for r in versions]
        head, lines = _table(["ID", "有効期間", "重要度", "根拠"], rows, width, fold=True)  # a citation is folded, never cut
        out.extend(head)
        for r, line in zip(versions, lines):
            out.append(line)
            out.extend(_fold(r.title, width, "      "))
        yield "\n".join(out) + "\n"
    yield f"\n{report.n_rules} ルール（{len(report.versions)} 版）\n"


def list_text(report, width: int = WIDTH):
    """The 審議案件一覧 within width (事業名 below each row, as in the meeting report), then the count and its source."""
    width = max(60, width)
    yield _agenda(report.rows, width) + "\n"
    yield "\n" + "\n".join(_fold(f"（{len(report.rows)} 件。対象: {report.source}）", width)) + "\n"
