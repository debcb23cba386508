"""checker rules: the rule list; --verify: every fault of the rule packs (file:line: what is wrong)."""
from __future__ import annotations

from pathlib import Path

from ..errors import EXIT_INPUT, EXIT_OK
from . import Result, load_book


def command(rule_paths=(), *, verify: bool = False) -> Result:
    if verify:
        from .lint import verify as lint
        from ..rules import default_rule_dir

        faults = lint([Path(p) for p in rule_paths] or [default_rule_dir()])
        if faults:
            return Result(None, EXIT_INPUT, errors=faults, summary=f"ルールの検査: {len(faults)} 件の誤り")
    book = load_book(rule_paths)
    if verify:
        files = sorted({r.file for r in book.all()})
        return Result(None, EXIT_OK, summary=f"ルールの検査: 誤りなし（{len(files)} ファイル、{len(book.ids())} ルール、{len(book.all())} 版）")
    from ..report.model import RulesReport

    return Result(RulesReport(book.all(), len(book.ids())), EXIT_OK)
