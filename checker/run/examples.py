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
    return [(ex, next(v for v in r.verdicts if v.rule_id == ex.rule_id), r.facts) for (ex, _), r in zip(cases, runs)]


def command(rule_paths=(), *, coverage: bool = False, cases_root=None, generated: str | None = None) -> Result:
    from ..report.document import Document, Heading, Para, Table
    from ..rules.examples import missing_outcomes

    book = load_book(rule_paths)
    examples, packs = _examples(book, rule_paths)
    ran = run_examples(book, examples)
    results = [(ex, v) for ex, v, _ in ran]
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
        cov_blocks, cov_data = _coverage(book, ran, cases_root)
        blocks += cov_blocks
        data["coverage"] = cov_data
    doc = Document("test", "ルールの例の検査" + ("と網羅" if coverage else ""), blocks, data, key="rules", generated=generated, ward=book.ward)
    code = EXIT_FINDINGS if failed or missing else EXIT_OK
    summary = f"例の検査: {len(results)} 件、不合格 {len(failed)}、例の足りないルール {len(missing)}"
    return Result(doc, code, summary=summary)


BRANCH = {"T": "真", "F": "偽"}
NODE_WORDS = {"all": "すべて", "any": "いずれか", "not": "否定", "every": "どの項目も", "some": "ある項目が", "date_in": "付議日の期間"}


class _Branches:
    """Per rule: each node of its versions' applies and requires (an entry of a list counted as its `has`), and the
    values (T / F / U) it took on the facts seen. A branch is a node's 真 or 偽: one never taken is not reached."""

    def __init__(self, book):
        from ..engine.oracle import judge_traced

        self.book, self.judge = book, judge_traced
        self.seen: dict = {}  # (rule id, version, part, node key) -> {source: set of values}; source: examples / cases
        self.label: dict = {}
        self.source = "examples"

    def add(self, facts: dict, source: str) -> None:
        self.source = source
        for rid in self.book.ids():
            j = self.judge(self.book.versions(rid), facts)
            if j.chosen is None:
                continue
            for part, tree in (("applies", j.applies), ("requires", j.requires)):
                if part == "requires" and j.applies.value != "T":
                    continue  # the requires of a rule that does not apply decides nothing
                self._walk(rid, j.chosen.version, part, tree, ())

    def _walk(self, rid, version, part, t, key) -> None:
        k = (rid, version, part, key)
        self.seen.setdefault(k, {"examples": set(), "cases": set()})[self.source].add(t.value)
        if k not in self.label:
            from .explain import leaf_text

            import re

            words = leaf_text(t.path, t.op, t.arg) if t.kind == "atom" else NODE_WORDS.get(t.kind, t.kind) + (f"（{t.path}）" if t.path and t.kind != "all" else "")
            self.label[k] = re.sub(r"\[\d+\]", "", words)  # an entry of a list said as the list's label (業務委託.再委託.範囲)
        for i, c in enumerate(t.children):
            if c.kind == "item":  # one entry of an every / some list: its condition is the `has`, the same for every entry
                for cc in c.children:
                    self._walk(rid, version, part, cc, key + ("*",))
            else:
                self._walk(rid, version, part, c, key + (i,))

    def nodes(self, rid: str) -> list[tuple[str, set, set]]:
        """(where, values the examples gave it, values the real cases gave it) per node of the rule, in tree order."""
        out = []
        for (r, version, part, key), seen in self.seen.items():
            if r == rid:
                where = ("適用条件" if part == "applies" else "要件") + (f"（版 {version + 1}）" if len(self.book.versions(rid)) > 1 else "")
                out.append((f"{where}: {self.label[(r, version, part, key)]}", seen["examples"], seen["cases"]))
        return out


def _lost(values: set) -> list[str]:
    return [BRANCH[v] for v in ("T", "F") if v not in values]


def _coverage(book, ran, cases_root):
    """Per rule, the outcomes reached by the examples and by the real cases (cases/), the branches of its applies and
    requires (each node's 真 and 偽) the two never take, and the rules they never apply."""
    from ..engine import Engine
    from ..input.corpus import default_root
    from ..input.loader import iter_cases
    from ..report.document import Heading, Para, Table
    from ..verdict import FAIL, NA, PASS, UNKNOWN

    order = (PASS, FAIL, UNKNOWN, NA)
    branches = _Branches(book)
    by_example: dict[str, set] = {}
    seen_facts = set()
    for ex, v, facts in ran:
        by_example.setdefault(ex.rule_id, set()).add(v.verdict)
        if id(facts) not in seen_facts:
            seen_facts.add(id(facts))
            branches.add(facts, "examples")
    root = cases_root or default_root("checker test --coverage --cases 案件フォルダ")
    errors: list = []
    real: dict[str, set] = {}
    for run in Engine(book).iter_run(iter_cases([root], errors), explain=False):
        branches.add(run.facts, "cases")
        for v in run.verdicts:
            real.setdefault(v.rule_id, set()).add(v.verdict)
    if errors:
        raise errors[0] if len(errors) == 1 else InputErrors(errors)

    def marks(s: set) -> str:
        return " ".join(o.glyph if o in s else "・" for o in order)

    rows, data, lost_rows = [], {}, []
    for rid in book.ids():
        e, r = by_example.get(rid, set()), real.get(rid, set())
        never = [str(o) for o in order if o not in e and o not in r]
        nodes = branches.nodes(rid)
        by_ex = sum(len(_lost(x)) for _, x, _ in nodes)
        by_case = sum(len(_lost(c)) for _, _, c in nodes)
        lost = [(where, _lost(x | c)) for where, x, c in nodes if _lost(x | c)]
        n_lost = sum(len(b) for _, b in lost)
        rows.append((rid, marks(e), marks(r), "・".join(never) or "—", f"{by_ex}・{by_case}・{n_lost}"))
        lost_rows.extend((rid, where, "・".join(b)) for where, b in lost)
        data[rid] = {"examples": [str(o) for o in order if o in e], "cases": [str(o) for o in order if o in r], "never": never,
                     "branches": [{"node": where, "examples": [BRANCH[v] for v in ("T", "F") if v in x],
                                   "cases": [BRANCH[v] for v in ("T", "F") if v in c]} for where, x, c in nodes],
                     "branches_not_reached": [{"node": where, "branch": b} for where, b in lost]}
    unreached = [rid for rid in book.ids() if not (by_example.get(rid, set()) | real.get(rid, set())) - {NA}]
    blocks = [Heading("網羅（ルールごとに、例と実案件が出した判定と、通らなかった枝）"),
              Para(f"判定の記号の並びは {' '.join(f'{o.glyph} {o}' for o in order)}（・ はその判定が出ていない）。"
                   f"枝は、適用条件・要件の各条件が 真 になること・偽 になること（適用されない案件の要件は数えない）。"
                   f"通らない枝の数は 例で・実案件で・どちらでも の順。実案件: {root}"),
              Table(("ルール", "例", "実案件", "どちらにも出ない判定", "通らない枝"), tuple(rows))]
    if lost_rows:
        blocks += [Heading("例にも実案件にも通られていない枝", 2), Table(("ルール", "条件", "出ていない値"), tuple(lost_rows))]
    if unreached:
        blocks.append(Para(f"例も実案件も適用しないルール（対象外だけ）: {'、'.join(unreached)}"))
    return blocks, {"cases": str(root), "rules": data, "unreached": unreached}
