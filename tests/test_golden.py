"""The golden matrix: the reviewed verdict of every (real case, rule) pair, as one table in review.

tests/golden/matrix.tsv holds, for every case file under cases/ and every rule: the verdict, the footing of its
deciding facts (転記 / 図 / 推定, from the case file's 出所), and for a 要確認 the entries of the form it lacks.
A change of any real verdict shows as a diff of that file, never silently. After a reviewed change:

    CHECKER_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""
from __future__ import annotations

import os

from conftest import CASES, ROOT

GOLDEN = ROOT / "tests" / "golden" / "matrix.tsv"
HEAD = "ファイル\tルール\t判定\t出所\t記載のない項目（要確認）\n"


def matrix(engine) -> str:
    from checker.input.loader import case_files, load_case
    from checker.input.pia import link_reports
    from checker.report.model import to_write

    files = case_files([CASES])
    cases = [(str(p.relative_to(ROOT)), load_case(p)) for p in files]
    link_reports(cases)
    out = [HEAD]
    for run in engine.run(cases):
        for v in run.verdicts:
            missing = ("、".join(to_write(v)) or v.reason or v.explanation()) if v.verdict == "要確認" else ""
            out.append(f"{run.case_id}\t{v.rule_id}\t{v.verdict}\t{v.footing or '転記'}\t{missing}\n")
    return "".join(out)


def _reviewed(path, got: str, what: str) -> None:
    """got must be the reviewed table at path; CHECKER_UPDATE_GOLDEN=1 writes it instead (after review).
    A difference is shown as the lines gone (-) and come (+), at most 20 of each."""
    if os.environ.get("CHECKER_UPDATE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    want = path.read_text(encoding="utf-8")
    if got != want:
        a, b = set(want.splitlines()), set(got.splitlines())
        diff = [f"- {x}" for x in sorted(a - b)][:20] + [f"+ {x}" for x in sorted(b - a)][:20]
        raise AssertionError(f"{what} changed (review, then CHECKER_UPDATE_GOLDEN=1):\n" + "\n".join(diff))


def test_the_real_matrix_is_the_reviewed_one(engine):
    _reviewed(GOLDEN, matrix(engine), "the verdicts on the real cases")


def test_every_unknown_names_what_the_seed_lacks():
    for line in GOLDEN.read_text(encoding="utf-8").splitlines()[1:]:
        file, rule, verdict, footing, missing = line.split("\t")
        assert footing in ("転記", "図", "推定"), line
        assert (verdict == "要確認") == bool(missing), line


CITATIONS = ROOT / "tests" / "golden" / "citations.tsv"


def citations(book) -> str:
    out = ["ルール\t版\t有効期間\t根拠\t確かさ\n"]
    for rid, versions in book.rules.items():
        for r in versions:
            span = f"{r.valid_from or ''}〜{r.valid_to or ''}" if r.dated else ""
            out.append(f"{rid}\t{r.version}\t{span}\t{r.cite}\t{r.citation_status}\n")
    return "".join(out)


def test_every_citation_is_the_reviewed_one(book):
    """The citation of every rule version, as printed (〔未検証〕 included): a changed citation shows in review."""
    _reviewed(CITATIONS, citations(book), "the citations")
