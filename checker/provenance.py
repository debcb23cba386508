"""Where a fact comes from (出所): transcribed (the default), read off a diagram or annex, or assumed.

A case file says it in one top-level mapping keyed by fact paths (docs/corpus-reading.md):

    出所:
      外部結合.チェックリスト: 図（別紙の対策の一覧）
      個人番号の取扱い: 推定（別紙の情報項目に個人番号がない）

A path covers every fact under it. The facts the rules see are unchanged; a verdict that a
non-transcribed fact decided carries it (Verdict.provenance), and every report shows it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TRANSCRIBED, DIAGRAM, ASSUMED = "転記", "図", "推定"
KINDS = (TRANSCRIBED, DIAGRAM, ASSUMED)
SHORT = {DIAGRAM: "図", ASSUMED: "推"}  # the letter after a mark in a csv matrix cell
EXPECTED = "転記、図、図（どこから読んだか）、推定（理由）"

_FORM = re.compile(r"^(転記|図|推定)\s*(?:[（(](.*)[）)])?$", re.S)


@dataclass(frozen=True, slots=True)
class Provenance:
    kind: str  # 転記 | 図 | 推定
    note: str | None = None

    @property
    def text(self) -> str:
        return f"{self.kind}（{self.note}）" if self.note else self.kind


def parse(value) -> Provenance:
    if isinstance(value, Provenance):
        return value
    if not isinstance(value, str):
        raise ValueError(f"出所は {EXPECTED} のどれかで書いてください")
    m = _FORM.match(value.strip())
    if not m:
        raise ValueError(f"「{value:.30}」は出所として読めません")
    kind, note = m.group(1), (m.group(2) or "").strip() or None
    if kind == ASSUMED and not note:
        raise ValueError("推定 には理由が必要です（推定（理由））")
    return Provenance(kind, note)


def _bare(path: str) -> str:
    return re.sub(r"\[\d+\]", "", path)


def covering(table: dict[str, Provenance] | None, path: str) -> tuple[str, Provenance] | None:
    """The 出所 entry (key, provenance) that covers a fact path, the longest key first; None if transcribed."""
    if not table:
        return None
    for p in (path, _bare(path)):
        parts = p.split(".")
        for n in range(len(parts), 0, -1):
            key = ".".join(parts[:n])
            prov = table.get(key)
            if prov is not None:
                return (key, prov) if prov.kind != TRANSCRIBED else None
    return None


class Cover:
    """covering() of one case's table, memoised: a case's verdicts read the same few paths again and again, and each
    call runs a regex (one per case: the table is the case's own)."""

    __slots__ = ("table", "_memo")

    def __init__(self, table: dict[str, Provenance] | None):
        self.table = table
        self._memo: dict = {}

    def __call__(self, path: str) -> tuple[str, Provenance] | None:
        try:
            return self._memo[path]
        except KeyError:
            hit = self._memo[path] = covering(self.table, path)
            return hit


def marked_keys(table: dict[str, Provenance] | None) -> frozenset[str]:
    """The table's keys that can mark a fact (not 転記), without item indices: covering() finds an entry for a fact
    path only if one of these is the path or a dotted prefix of it (without indices). A rule none of whose fact paths
    lies under one of them has no non-transcribed deciding fact, whatever the case says."""
    if not table:
        return frozenset()
    return frozenset(_bare(k) for k, p in table.items() if p.kind != TRANSCRIBED)


def strongest(items) -> str | None:
    """推定 over 図: the weakest footing a verdict stands on."""
    kinds = {p.kind for _, p in items}
    return ASSUMED if ASSUMED in kinds else DIAGRAM if DIAGRAM in kinds else None
