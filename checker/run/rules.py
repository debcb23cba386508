"""checker rules: the rule list; --verify: every fault of the rule packs (file:line: what is wrong)."""
from __future__ import annotations

from ..errors import EXIT_INPUT, EXIT_OK
from . import Result, load_book


def command(rule_paths=(), *, verify: bool = False, ids=()) -> Result:
    if verify:
        from .lint import verify as lint
        from ..rules import rule_dirs

        faults = lint(rule_dirs(rule_paths))
        if faults:
            return Result(None, EXIT_INPUT, errors=faults, summary=f"ルールの検査: {len(faults)} 件の誤り")
    book = load_book(rule_paths)
    if verify:
        files = sorted({r.file for r in book.all()})
        return Result(None, EXIT_OK, summary=f"ルールの検査: 誤りなし（{len(files)} ファイル、{len(book.ids())} ルール、{len(book.all())} 版）")
    from ..report.model import RulesReport

    if ids:
        known = book.ids()
        wrong = [i for i in ids if i not in known]
        if wrong:
            import difflib

            from ..errors import InputError

            near = difflib.get_close_matches(wrong[0], sorted(known), n=1, cutoff=0.75)
            raise InputError(wrong[0], None, "そのようなルールはありません" + (f"。もしかして {near[0]} ですか" if near else ""),
                             "checker rules の一覧にある ID（TOKKI-10 など）")
        return Result(RulesReport([r for i in ids for r in book.rules[i]], len(ids), detail=True), EXIT_OK)
    return Result(RulesReport(book.all(), len(book.ids())), EXIT_OK)
