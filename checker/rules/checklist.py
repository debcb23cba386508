"""The checklist-row form of the rule language: one rule per row of a checklist, written as one line.

A checklist (外部結合・業務委託・外部提供) is a list of measures, each answered ○ (done) or ー (not needed, with a
reason). Every row is the same rule with other words: its requirement is always "○, or ー with a reason", read
from one place of the case file (the list's path and the row's 項目). In a pack's `rules:` such a list is one entry:

    - checklist: 外部結合.チェックリスト.区・運用上       # where the case file holds the answers
      title: '{項目}（区・運用上）'                       # every rule key the rows share, as a template
      citation: 外部結合チェックリスト 区・運用上 {番号}
      source: seed 004 …【運用上の対策】 {番号}行目
      text: '{対策}'
      message: チェックリスト「{項目}」（区・運用上 {番号}）が ○ でなく、ー（対策不要）の理由も書かれていない
      remedy: 「{対策}」の対策を講じて ○ とするか、対策が不要な理由を添えて ー とする
      severity: 中
      rows:
      - {id: KETSU-KU-UN-01, 番号: 1, 項目: 個人情報保護法等の遵守, 対策: 個人情報保護法及び…}
      - {id: KETSU-KU-SYS-01, 番号: 1, 項目: …, 対策: …, severity: 高}    # a row may set its own severity or note

Each row becomes the rule the long form would be: its id, the templates filled with the row's words ({番号},
{項目}, {対策}, {直し方}), and

    requires:
      any:
      - {<checklist>.<項目>: ○}
      - all: [{<checklist>.<項目>: ー}, {<checklist>.<項目>.理由あり: true}]

The entry may not state requires (it is the checklist's) nor versions. A fault is reported at the line of the row
or of the template key it comes from.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import InputError

WORDS = ("番号", "項目", "対策", "直し方")  # a row's words, used in the templates as {番号} …
ROW_KEYS = {"id", *WORDS, "severity", "note"}
ROW_REQUIRED = ("id", "番号", "項目")
NOT_IN_BLOCK = {"id", "requires", "versions"}
_PLACE = re.compile(r"\{([^{}]*)\}")
DONE, NOT_NEEDED, REASON = "○", "ー", "理由あり"


def is_checklist(entry: Any) -> bool:
    return isinstance(entry, dict) and "checklist" in entry


class _RowLines:
    """Line numbers for one row's rule: the rule itself and its row keys are on the row's line, a template key
    on the checklist's, the requirement on the row's."""

    def __init__(self, lines, loc: tuple, row_loc: tuple, row_keys: set):
        self.lines, self.loc, self.row_loc, self.row_keys = lines, loc, row_loc, row_keys

    def line_for(self, loc: tuple) -> int | None:
        loc = tuple(loc)
        n = len(self.loc)
        if loc == self.loc or (loc[:n] == self.loc and loc[n] == "requires"):
            return self.lines.line_for(self.row_loc)
        if loc[:n] == self.loc and loc[n] in self.row_keys:
            return self.lines.line_for(self.row_loc + loc[n:])
        return self.lines.line_for(loc)


def expand(entry: dict, file: str, lines, loc: tuple, rule_keys: set) -> tuple[list[tuple[dict, Any]], list[InputError]]:
    """A checklist entry → ([(rule data, its line numbers)], one per sound row, in row order; [the faults of the
    other rows]). A fault of the entry itself (its path, keys, rows) is raised."""
    answers = entry["checklist"]
    if not isinstance(answers, str) or not answers:
        raise InputError(file, lines.line_for(loc + ("checklist",)), "checklist には回答の置き場所（事実のパス）を書きます",
                         "checklist: 外部結合.チェックリスト.区・運用上")
    allowed = (rule_keys - NOT_IN_BLOCK) | {"checklist", "rows"}
    for k in entry:
        if k not in allowed:
            why = "（チェックリストの行の規則は checklist から作られます）" if k in NOT_IN_BLOCK else ""
            raise InputError(file, lines.line_for(loc + (k,)), f"チェックリストに「{k}」は書けません{why}", "、".join(sorted(allowed)))
    rows = entry.get("rows")
    if not isinstance(rows, list) or not rows:
        raise InputError(file, lines.line_for(loc + ("rows",)) or lines.line_for(loc), "チェックリストには rows: に行のリストを書きます",
                         "rows: [{id: …, 番号: 1, 項目: …, 対策: …}]")
    templates = {k: v for k, v in entry.items() if k not in ("checklist", "rows")}
    out, faults = [], []
    for j, row in enumerate(rows):
        try:
            out.append(_row(row, j, answers, templates, file, lines, loc))
        except InputError as e:
            faults.append(e)
    return out, faults


def _row(row: Any, j: int, answers: str, templates: dict, file: str, lines, loc: tuple) -> tuple[dict, Any]:
    rloc = loc + ("rows", j)
    rline = lines.line_for(rloc)
    if not isinstance(row, dict):
        raise InputError(file, rline, "チェックリストの行はマッピングで書きます", "{id: …, 番号: 1, 項目: …, 対策: …}")
    bad = sorted(set(row) - ROW_KEYS)
    if bad:
        raise InputError(file, lines.line_for(rloc + (bad[0],)), f"チェックリストの行に「{bad[0]}」は書けません", "、".join(sorted(ROW_KEYS)))
    for k in ROW_REQUIRED:
        if row.get(k) in (None, ""):
            raise InputError(file, rline, f"チェックリストの行に「{k}」がありません", "{id: …, 番号: 1, 項目: …, 対策: …}")
    words = {k: str(row[k]) for k in WORDS if row.get(k) not in (None, "")}
    data: dict = {}
    for k, t in templates.items():
        data[k] = _fill(t, words, file, lines.line_for(loc + (k,)), rline, k) if isinstance(t, str) else t
    data["id"] = row["id"]
    for k in ("severity", "note"):
        if k in row:
            data[k] = row[k]
    p = f"{answers}.{words['項目']}"
    data["requires"] = {"any": [{p: DONE}, {"all": [{p: NOT_NEEDED}, {f"{p}.{REASON}": True}]}]}
    return data, _RowLines(lines, loc, rloc, set(row) | {"id"})


def _fill(template: str, words: dict, file: str, tline: int | None, rline: int | None, key: str) -> str:
    def one(m):
        w = m.group(1)
        if w not in WORDS:
            raise InputError(file, tline, f"{key} の「{{{w}}}」は使えません", "、".join(f"{{{x}}}" for x in WORDS))
        if w not in words:
            raise InputError(file, rline, f"この行に「{w}」がありません（{key} の {{{w}}} に入れる言葉）")
        return words[w]

    return _PLACE.sub(one, template)
