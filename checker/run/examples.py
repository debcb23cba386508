"""checker test [RULES…]: every example beside the rules (rules/examples/, checker/rules/examples.py) run through the engine
(durable-rules and the independent evaluator agreeing); --coverage: per rule, the outcomes its examples and the real cases
reach, and the rules never reached.

A failure is said as file:line: the rule, the expected verdict, the verdict got and the facts that decided it. Exit 1 on any
failure, or when a rule has no example of 適合, 不適合 or 要確認 (nor says why it cannot: ありえない); 0 otherwise.
"""
from __future__ import annotations

from ..errors import EXIT_FINDINGS, EXIT_OK, InputError, InputErrors
from . import Result, load_book


def _examples(book, rule_paths):
    from ..rules import pack_files, rule_dirs
    from ..rules.examples import load_examples

    out, errors, packs = [], [], []
    for f in pack_files(rule_dirs(rule_paths)):
        ids = [rid for rid in book.ids() if book.latest(rid).file == str(f)]
        if not ids:
            continue
        packs.append((f, ids))
        try:
            out.extend(load_examples(f, ids))
        except InputError as e:
            errors.append(e)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    return out, packs


def run_examples(book, examples):
    """[(example, the Verdict its rule gave)] for the examples with a case, in order."""
    from ..engine import Engine
    from ..input.loader import case_from_data

    cases, errors = [], []
    for k, ex in enumerate(examples):
        if ex.data is None:
            continue
        try:
            cases.append((ex, case_from_data(ex.data, ex.lines, ex.file)))
        except InputError as e:
            errors.append(e)
        except InputErrors as e:
            errors.extend(e.errors)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)
    runs = Engine(book).run([(f"{ex.file}:{ex.line}", c) for ex, c in cases])
    return [(ex, next(v for v in r.verdicts if v.rule_id == ex.rule_id)) for (ex, _), r in zip(cases, runs)]


def command(rule_paths=(), *, coverage: bool = False, cases_root=None, generated: str | None = None) -> Result:
    from ..report.document import Document, Heading, Para, Table
    from ..rules.examples import missing_outcomes

    book = load_book(rule_paths)
    examples, packs = _examples(book, rule_paths)
    results = run_examples(book, examples)
    failed = [(ex, v) for ex, v in results if v.verdict != ex.expected]
    missing = missing_outcomes(book.ids(), examples)
    blocks = [Para(f"例 {len(results)} 件（ありえないと書かれた判定 {sum(ex.data is None for ex in examples)} 件）: "
                   f"合格 {len(results) - len(failed)}、不合格 {len(failed)}。例の足りないルール {len(missing)}")]
    data = {"examples": len(results), "failed": [
        {"file": ex.file, "line": ex.line, "rule": ex.rule_id, "expected": str(ex.expected), "got": str(v.verdict),
         "facts": [{"path": p, "value": val} for p, val in v.facts], "reason": v.explanation()} for ex, v in failed],
        "missing": missing}
    if failed:
        blocks.append(Heading("期待と違う判定"))
        blocks.append(Table(("場所", "ルール", "期待", "結果", "判定を決めた事実・理由"),
                            tuple((f"{ex.file}:{ex.line}", ex.rule_id, str(ex.expected), str(v.verdict),
                                   v.facts_text() or v.explanation()) for ex, v in failed)))
    if missing:
        blocks.append(Heading("例の足りないルール"))
        blocks.append(Table(("ルール", "例のない判定"), tuple((rid, "・".join(m)) for rid, m in missing.items())))
    if coverage:
        cov_blocks, cov_data = _coverage(book, results, examples, cases_root)
        blocks += cov_blocks
        data["coverage"] = cov_data
    doc = Document("test", "ルールの例の検査" + ("と網羅" if coverage else ""), blocks, data, key="rules", generated=generated, ward=book.ward)
    code = EXIT_FINDINGS if failed or missing else EXIT_OK
    summary = f"例の検査: {len(results)} 件、不合格 {len(failed)}、例の足りないルール {len(missing)}"
    return Result(doc, code, summary=summary)


def _coverage(book, results, examples, cases_root):
    """Per rule, the outcomes reached by its examples and by the real cases (cases/), and the rules a kind never reaches."""
    from ..input.corpus import default_root
    from ..input.loader import iter_cases
    from ..engine import Engine
    from ..report.document import Heading, Para, Table
    from ..verdict import FAIL, NA, PASS, UNKNOWN

    order = (PASS, FAIL, UNKNOWN, NA)
    by_example: dict[str, set] = {}
    for ex, v in results:
        by_example.setdefault(ex.rule_id, set()).add(v.verdict)
    root = cases_root or default_root("checker test --coverage --cases 案件フォルダ")
    errors: list = []
    real: dict[str, set] = {}
    for run in Engine(book).iter_run(iter_cases([root], errors), explain=False):
        for v in run.verdicts:
            real.setdefault(v.rule_id, set()).add(v.verdict)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)

    def marks(s: set) -> str:
        return " ".join(o.glyph if o in s else "・" for o in order)

    rows, data = [], {}
    for rid in book.ids():
        e, r = by_example.get(rid, set()), real.get(rid, set())
        never = [str(o) for o in order if o not in e and o not in r]
        rows.append((rid, marks(e), marks(r), "・".join(never) or "—"))
        data[rid] = {"examples": [str(o) for o in order if o in e], "cases": [str(o) for o in order if o in r], "never": never}
    unreached = [rid for rid in book.ids() if not by_example.get(rid) and not (real.get(rid, set()) - {NA})]
    blocks = [Heading("網羅（ルールごとに、例と実案件が出した判定）"),
              Para(f"記号の並びは {' '.join(f'{o.glyph} {o}' for o in order)}（・ はその判定が出ていない）。実案件: {root}"),
              Table(("ルール", "例", "実案件", "どちらにも出ない判定"), tuple(rows))]
    if unreached:
        blocks.append(Para(f"例も実案件も適用しないルール（対象外だけ）: {'、'.join(unreached)}"))
    return blocks, {"cases": str(root), "rules": data, "unreached": unreached}
