"""One document model for the reports that are not a verdict list (checker diff, checker explain, …), and its renderings.

A command builds a Document: a title, a list of blocks, and the data a tool reads (json). Every format renders any
Document, so a new report kind is a new builder, not one function per format:

    Heading(text, level)      a section title (level 1 under the document's title)
    Para(text)                a paragraph
    Fields([(label, value)])  label: value lines (a case's 件名, 付議日 …)
    Table(headers, rows)      a table (wide: its cells may be paragraphs; in text, row by row when too wide)
    Tree([Node])              a tree (a rule's condition: each node with its value)

A text piece (a Para's text, a Fields value, a Table cell, a Node's text or value) is a str, or a Changed(str) when it is
an entry changed since the previous approval: the forms print those 「太字・下線」; html does the same, text and md put
CHANGED before it, and the document's legend says what it means.

    render_document(doc, fmt, width) -> iterator of str    fmt: text, md, html, json

A report of another kind that holds blocks (the section 前回からの変更 of a case in check and meeting) renders them with
the same functions: text_blocks(blocks, width), md_blocks(blocks), and in html the macro `blocks` of
templates/_document.html.j2; legend(blocks) gives the legend lines they need.

json writes doc.data (what the command decided, in English keys for tools) under "schema": checker/<name>/v1; the other
formats write the blocks. Same document, same bytes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from .model import MARK_NOTES

CHANGED = "◆"
CHANGED_NOTE = f"※{CHANGED} 前回の承認から変わった記載（様式の「太字・下線」）"
FORMATS = ("text", "md", "html", "json")


class Changed(str):
    """A text piece that changed since the previous approval (rendered bold and underlined, or after CHANGED)."""

    __slots__ = ()


Text = Union[str, Changed]


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: Text


@dataclass(frozen=True)
class Fields:
    items: tuple  # ((label, value), …)


@dataclass(frozen=True)
class Table:
    headers: tuple
    rows: tuple  # tuples of Text
    right: tuple = ()  # indexes of right-aligned (numeric) columns
    wide: bool = False  # cells as long as a paragraph (a text as written): in text, row by row when the columns do not fit


@dataclass(frozen=True)
class Node:
    text: Text
    value: str = ""  # 真 / 偽 / 不明, or what the node came to
    children: tuple = ()
    note: str = ""  # where the fact came from (案件ファイル 12 行目), a version's reason …


@dataclass(frozen=True)
class Tree:
    nodes: tuple  # Node


@dataclass
class Document:
    name: str  # the command (diff, explain): json's schema checker/<name>/v1, the default file reports/<name>-<key>.<ext>
    title: str
    blocks: list = field(default_factory=list)
    data: dict = field(default_factory=dict)
    key: str | None = None
    generated: str | None = None
    kind: str = "document"
    ward: str = "新宿区"  # whose rules (RuleBook.ward): named in the html footer

    def legend(self) -> list[str]:
        """One line per mark the blocks show (〔未検証〕〔図〕〔推定〕, and CHANGED), only those."""
        return legend(self.blocks)


def legend(blocks) -> list[str]:
    """The legend of a list of blocks: one line per mark they show (〔未検証〕〔図〕〔推定〕, and CHANGED), only those."""
    texts = list(_texts(blocks))
    lines = [f"※{m} {MARK_NOTES[m]}" for m in MARK_NOTES if any(m in t for t in texts)]
    if shows_changed(blocks):
        lines.append(CHANGED_NOTE)
    return lines


def shows_changed(blocks) -> bool:
    """Whether the blocks show a changed entry (so a report that holds them says what CHANGED means)."""
    return any(isinstance(t, Changed) for t in _texts(blocks))


def texts(blocks) -> list[str]:
    """Every text piece of the blocks (for a report that holds them: the marks it shows)."""
    return [str(t) for t in _texts(blocks) if t]


def _texts(blocks):
    def node(n):
        yield n.text
        yield n.value
        yield n.note
        for c in n.children:
            yield from node(c)

    for b in blocks:
        if isinstance(b, (Heading, Para)):
            yield b.text
        elif isinstance(b, Fields):
            for label, value in b.items:
                yield label
                yield value
        elif isinstance(b, Table):
            yield from b.headers
            for row in b.rows:
                yield from row
        elif isinstance(b, Tree):
            for n in b.nodes:
                yield from node(n)


def _plain(t) -> str:
    """A piece as text and md print it: CHANGED before a changed piece."""
    if t is None:
        return ""
    return f"{CHANGED}{t}" if isinstance(t, Changed) else str(t)


def render_document(doc: Document, fmt: str, width: int | None = None):
    return {"text": _text, "md": _md, "html": _html, "json": _json}[fmt](doc, width or 80)


# --- text ---------------------------------------------------------------------------------------------------------

def _text(doc: Document, width: int):
    from .terminal import _hang

    yield _hang(doc.title, width, "  ") + "\n"
    yield from text_blocks(doc.blocks, width)
    lines = doc.legend()
    if lines:
        yield "\n" + "\n".join(_hang(x, width, "  ") for x in lines) + "\n"
    if doc.generated:
        yield f"\n作成日時: {doc.generated}\n"


HEADING_MARKS = ("■ ", "□ ", "・")  # a text heading of level 1, 2, 3 and below


def text_blocks(blocks, width: int):
    """The blocks as text within width (a document's body, or a section inside another report: check, meeting)."""
    from .terminal import _hang

    for b in blocks:
        if isinstance(b, Heading):
            yield "\n" + _hang(HEADING_MARKS[min(b.level, 3) - 1] + b.text, width, "  ") + "\n"
        elif isinstance(b, Para):
            yield _hang("  " + _plain(b.text), width, "  ") + "\n"
        elif isinstance(b, Fields):
            for label, value in b.items:
                yield _hang(f"  {label}: {_plain(value)}", width, "      ") + "\n"
        elif isinstance(b, Table):
            yield _text_table(b, width)
        elif isinstance(b, Tree):
            for line in _tree_lines(b.nodes, "  ", "  "):
                yield _hang(line[0], width, line[1]) + "\n"


TABLE_ROOM = 24  # the least width a text table leaves its last (folded) column; narrower, the rows are written as records


def _text_table(b: Table, width: int) -> str:
    """A table within width: as columns (the last folded); a wide table (Table.wide) whose columns but the last leave the
    last less than TABLE_ROOM is written row by row instead (its first cell on a line, then each other cell after its
    header, folded: a value as long as a paragraph stays whole and within width)."""
    from ..jp import cells

    from .terminal import _hang, _table

    rows = [[_plain(c) for c in r] for r in b.rows]
    n = len(b.headers)
    widths = [max(cells(str(x)) for x in [b.headers[k], *(r[k] for r in rows)]) for k in range(n)]
    if not b.wide or n == 1 or sum(widths[:-1]) + 2 * (n - 1) + TABLE_ROOM <= width - 2:
        heads, lines = _table(list(b.headers), rows, width - 2, right=b.right, fold=True)
        return "\n".join("  " + line.replace("\n", "\n  ") for line in [*heads, *lines]) + "\n"
    out = []
    for r in rows:
        out.append(_hang(f"  {r[0]}", width, "    "))
        out.extend(_hang(f"      {h}: {c}", width, "        ") for h, c in zip(b.headers[1:], r[1:]) if c)
    return "\n".join(out) + "\n"


def _node_line(n: Node) -> str:
    s = _plain(n.text)
    if n.value:
        s += f" → {n.value}"
    if n.note:
        s += f"（{n.note}）"
    return s


def _tree_lines(nodes, first: str, rest: str):
    """(line, continuation indent) per node, drawn with ├─ └─ │."""
    for k, n in enumerate(nodes):
        last = k == len(nodes) - 1
        yield first + ("└ " if last else "├ ") + _node_line(n), rest + ("   " if last else "│  ")
        yield from _tree_lines(n.children, rest + ("   " if last else "│  "), rest + ("   " if last else "│  "))


# --- md -----------------------------------------------------------------------------------------------------------

def _md_piece(t) -> str:
    from .markdown import cell

    return f"{CHANGED}**<u>{cell(t)}</u>**" if isinstance(t, Changed) else cell(t)


def _md(doc: Document, width: int):
    from .markdown import cell

    yield f"# {cell(doc.title)}\n"
    yield from md_blocks(doc.blocks)
    for line in doc.legend():
        yield f"{cell(line)}\n\n"
    if doc.generated:
        yield f"作成日時: {doc.generated}\n"


def md_blocks(blocks):
    """The blocks as Markdown (a document's body, or a section inside another report: check, meeting)."""
    from .markdown import cell

    for b in blocks:
        if isinstance(b, Heading):
            yield f"\n{'#' * (b.level + 1)} {cell(b.text)}\n\n"
        elif isinstance(b, Para):
            yield f"{_md_piece(b.text)}\n\n"
        elif isinstance(b, Fields):
            yield "".join(f"- {cell(label)}: {_md_piece(value)}\n" for label, value in b.items) + "\n"
        elif isinstance(b, Table):
            align = ["---:" if k in b.right else "---" for k in range(len(b.headers))]
            out = ["| " + " | ".join(cell(h) for h in b.headers) + " |", "|" + "|".join(align) + "|"]
            out.extend("| " + " | ".join(_md_piece(c) for c in r) + " |" for r in b.rows)
            yield "\n".join(out) + "\n\n"
        elif isinstance(b, Tree):
            yield "".join(_md_tree(b.nodes, 0)) + "\n"


def _md_tree(nodes, depth: int):
    for n in nodes:
        value = f" → **{n.value}**" if n.value else ""
        note = f"（{_md_escape(n.note)}）" if n.note else ""
        yield f"{'  ' * depth}- {_md_piece(n.text)}{value}{note}\n"
        yield from _md_tree(n.children, depth + 1)


def _md_escape(t: str) -> str:
    from .markdown import cell

    return cell(t)


# --- html ---------------------------------------------------------------------------------------------------------

def _html(doc: Document, width: int):
    from .html import env
    from .model import LEGEND

    yield from env().get_template("document.html.j2").generate(report=doc, notes=doc.legend(), legend=LEGEND)


# --- json ---------------------------------------------------------------------------------------------------------

def _json(doc: Document, width: int):
    import json

    out = {"schema": f"checker/{doc.name}/v1"}
    if doc.generated:
        out["generated"] = doc.generated
    out.update(doc.data)
    yield json.dumps(out, ensure_ascii=False, indent=2) + "\n"
