"""The YAML template of `checker new`: every key of the chosen sheets, in the form's order, each with one line of comment
(what to write, the values it takes), nothing filled in but the 区分 (and 特定個人情報保護評価の報告) asked for.

What a template writes means no more than leaving it out (tests/test_case_form.py holds it): a key written empty is
unknown. The two kinds of key whose empty value would say something are written commented out, for the department to
uncomment: a checklist row (written empty it is 空欄, a failed row) and an entry with a default (利用目的の範囲内); so is
the first entry of a table (委託先, 再委託 …), whose keys written empty would make one empty entry.
"""
from __future__ import annotations

from wcwidth import wcswidth

from ..model.form import (CATEGORY_KEY, CHECKLIST, ITEMS, PIA_FLAG_KEY, SECRETARIAT, SHEET, Entry, describe)

COMMENT_COLUMN = 40


def _width(s: str) -> int:
    w = wcswidth(s)
    return len(s) if w < 0 else w


def _comment(e: Entry) -> str:
    text = e.help
    if e.who == SECRETARIAT:
        text += "（事務局が書く。部署は空欄のまま）"
    if e.kind in (SHEET,):
        return text
    if e.kind == CHECKLIST:
        return text + "。答える行の先頭の「# 」を消す"
    if e.kind == ITEMS:
        return text + "。1 件ごとに先頭の「# 」を消した - から書く（写して増やす）"
    if e.kind == "text":
        return text
    return f"{text} ［{e.expected}］"


def _line(indent: int, key: str, value: str, comment: str, commented_at: int | None = None) -> str:
    """`key: value  # comment`; commented out (the # at the parent's indent, so removing "# " leaves the right indent)."""
    body = f"{key}:{' ' + value if value else ''}"
    if commented_at is None:
        head = " " * indent + body
    else:
        head = " " * commented_at + "# " + " " * (indent - commented_at) + body
    pad = max(COMMENT_COLUMN - _width(head), 2)
    return f"{head}{' ' * pad}# {comment}"


def _flow(values) -> str:
    return "[" + ", ".join(values) + "]"


def _emit(e: Entry, indent: int, out: list[str], filled: dict, commented_at: int | None = None, key_prefix: str = "") -> None:
    if e.kind == CHECKLIST:
        out.append(_line(indent, e.label, "", _comment(e), commented_at))
        for row in e.children:
            _emit(row, indent + 2, out, filled, commented_at=indent if commented_at is None else commented_at)
        return
    if e.kind == SHEET:
        out.append(_line(indent, e.label, "", _comment(e), commented_at))
        for c in e.children:
            _emit(c, indent + 2, out, filled, commented_at)
        return
    if e.kind == ITEMS:
        out.append(_line(indent, e.label, "", _comment(e), commented_at))
        at = indent if commented_at is None else commented_at
        for i, c in enumerate(e.children):
            _emit(c, indent + 2, out, filled, commented_at=at, key_prefix="- " if i == 0 else "  ")
        return
    if key_prefix:  # a key of a table's first entry: "- 名称:" at the list's indent, the others under it
        out.append(_line(indent - 2, key_prefix + e.label, "", _comment(e), commented_at))
        return
    value = filled.get(e.path, "")
    if commented_at is None and not e.blank_is_absent:
        commented_at = indent  # a key with a default (利用目的の範囲内): written empty it would no longer be the default
    out.append(_line(indent, e.label, value, _comment(e), commented_at))


def render_yaml(categories, pia: str | None = None, command: str = "checker new") -> str:
    """The template for these 区分 (in the form's order) and, for a 特定個人情報保護評価 report, its kind."""
    form = describe()
    cats = [c for c in form.categories if c in set(categories)]
    filled = {CATEGORY_KEY: _flow(cats)}
    if pia:
        filled[PIA_FLAG_KEY] = pia
    out = [
        f"# 付議事項（個人情報保護管理運営会議）の案件ファイル。{command} で作成。",
        "# 各項目の「:」の後ろに書く。# から行末は書くこと（消してもよい）。わからない項目は空欄のまま（要確認 になる）か 不明。",
        "# 先頭が「# 」の行（チェックリストの行、委託先などの 1 件）は、書くときに「# 」を消す。",
        "# 長い文は「|」を書き、次の行から字下げして続ける。書いたら checker check で確かめる。項目の一覧: docs/case-format.md",
    ]
    last_group = None
    for e in form.chosen(cats, pia):
        group = "sheet" if e.kind == SHEET and e.label != "事業の概要" else e.who
        if group != last_group and (group == "sheet" or e.who == SECRETARIAT):
            out.append("")
        last_group = group
        _emit(e, 0, out, filled)
    return "\n".join(out) + "\n"
