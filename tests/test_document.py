"""report.document: one model (diff, explain) that every format renders; a changed entry is marked in each format."""
import json

from checker.report import render
from checker.report.document import CHANGED, Changed, Document, Fields, Heading, Node, Para, Table, Tree


def doc(changed=True):
    value = Changed("令和5年12月21日") if changed else "令和5年12月21日"
    return Document("explain", "説明: ITAKU-05", [
        Heading("案件"), Fields((("件名", "団体内統合宛名"), ("付議日", value))),
        Table(("ルール", "前回", "今回"), (("TOKKI-10", "○", "×"),)),
        Tree((Node("すべて", "不明", (Node("業務委託.再委託 = あり", "真", note="案件ファイル 12 行目"),)),)),
    ], {"rule": "ITAKU-05"}, key="k")


def out(d, fmt):
    return "".join(render(d, fmt))


def test_every_format_renders_every_block():
    for fmt in ("text", "md", "html"):
        s = out(doc(), fmt)
        for piece in ("説明: ITAKU-05", "団体内統合宛名", "TOKKI-10", "業務委託.再委託 = あり", "案件ファイル 12 行目", "不明"):
            assert piece in s, (fmt, piece)
    assert json.loads(out(doc(), "json")) == {"schema": "checker/explain/v1", "rule": "ITAKU-05"}


def test_changed_entry_is_bold_and_underlined_in_html_and_marked_in_text_and_md():
    assert '<b class="changed"><u>令和5年12月21日</u></b>' in out(doc(), "html")
    assert f"付議日: {CHANGED}令和5年12月21日" in out(doc(), "text")
    assert f"{CHANGED}**<u>令和5年12月21日</u>**" in out(doc(), "md")
    for fmt in ("text", "md", "html"):  # the legend says what the mark means, only when one is shown
        assert "前回の承認から変わった記載" in out(doc(), fmt)
        assert "前回の承認から変わった記載" not in out(doc(changed=False), fmt)
        assert CHANGED not in out(doc(changed=False), fmt)


def test_same_document_same_bytes():
    for fmt in ("text", "md", "html", "json"):
        assert out(doc(), fmt) == out(doc(), fmt)


def test_html_escapes_text():
    d = Document("diff", "差分", [Para("<script>"), Para(Changed("a&b"))])
    s = out(d, "html")
    assert "<script>" not in s.split("<body", 1)[1] and "&lt;script&gt;" in s and "a&amp;b" in s
