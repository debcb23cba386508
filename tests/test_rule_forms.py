"""Issue 11.4: the checklist-row form, the pack premise and the pack defaults.

A row of a checklist entry is the rule its long form would be (every field, the same compiled ruleset); the pack's
applies is joined to every rule's own; defaults fill only what a rule does not say; every fault names its line.
"""
from __future__ import annotations

import dataclasses
import textwrap

import pytest

from checker.rules.conditions import All, Atom
from checker.errors import InputError
from checker.run.lint import verify as lint
from checker.rules import load_pack


def verify(paths) -> list[str]:
    """verify() without the examples it asks of every rule (the packs here are written to show their faults of form)."""
    return [m for m in lint(paths) if "の例がありません" not in m]


LONG = """\
pack: 外部結合チェックリスト
title: t
rules:
- id: KETSU-KU-UN-01
  title: 個人情報保護法等の遵守（区・運用上）
  citation: 外部結合チェックリスト 区・運用上 1
  citation_status: seed
  source: seed 004 【運用上の対策】 1行目
  text: 個人情報保護法及び新宿区情報セキュリティポリシーを遵守するよう指導する。
  applies:
    all:
    - {区分: {includes: 外部結合}}
    - {外部結合.回線: {includes: インターネット}}
  requires:
    any:
    - {外部結合.チェックリスト.区・運用上.個人情報保護法等の遵守: ○}
    - all:
      - {外部結合.チェックリスト.区・運用上.個人情報保護法等の遵守: ー}
      - {外部結合.チェックリスト.区・運用上.個人情報保護法等の遵守.理由あり: true}
  message: チェックリスト「個人情報保護法等の遵守」（区・運用上 1）が ○ でない
  remedy: 「個人情報保護法及び新宿区情報セキュリティポリシーを遵守するよう指導する。」の対策を講じる
  severity: 中
  valid: {from: '2023-04-01'}
"""

SHORT = """\
pack: 外部結合チェックリスト
title: t
applies: {区分: {includes: 外部結合}}
defaults: {valid: {from: '2023-04-01'}, citation_status: seed, severity: 高}
rules:
- checklist: 外部結合.チェックリスト.区・運用上
  title: '{項目}（区・運用上）'
  citation: 外部結合チェックリスト 区・運用上 {番号}
  source: seed 004 【運用上の対策】 {番号}行目
  text: '{対策}'
  message: チェックリスト「{項目}」（区・運用上 {番号}）が ○ でない
  remedy: 「{対策}」の対策を講じる
  applies:
    外部結合.回線: {includes: インターネット}
  rows:
  - {id: KETSU-KU-UN-01, 番号: 1, 項目: 個人情報保護法等の遵守, 対策: 個人情報保護法及び新宿区情報セキュリティポリシーを遵守するよう指導する。, severity: 中}
"""


def _pack(tmp_path, text, name="p.yaml"):
    f = tmp_path / name
    f.write_text(textwrap.dedent(text), encoding="utf-8")
    return f


def _fields(rule) -> dict:
    d = dataclasses.asdict(rule)
    d.pop("line"), d.pop("file"), d.pop("origins")  # origins: where its parts were written (a row's are the checklist's)
    return d


def test_a_checklist_row_is_its_long_form(tmp_path):
    (long_rule,) = load_pack(_pack(tmp_path, LONG, "long.yaml"))[2]
    (row_rule,) = load_pack(_pack(tmp_path, SHORT, "short.yaml"))[2]
    assert _fields(row_rule) == _fields(long_rule)
    assert row_rule.line == 16  # the row's own line
    assert row_rule.applies == All((Atom("区分", "includes", "外部結合"), Atom("外部結合.回線", "includes", "インターネット")))


def test_defaults_fill_only_what_a_rule_does_not_say(tmp_path):
    text = SHORT.replace(", severity: 中}", "}")
    (r,) = load_pack(_pack(tmp_path, text))[2]
    assert (r.severity, r.citation_status, r.valid_from) == ("高", "seed", 20230401)
    (r,) = load_pack(_pack(tmp_path, text.replace("  rows:\n", "  citation_status: unverified\n  rows:\n")))[2]
    assert r.citation_status == "unverified" and r.cite.endswith("〔未検証〕")


def test_the_pack_premise_alone_when_a_rule_has_no_applies(tmp_path):
    text = SHORT.replace("  applies:\n    外部結合.回線: {includes: インターネット}\n", "")
    (r,) = load_pack(_pack(tmp_path, text))[2]
    assert r.applies == Atom("区分", "includes", "外部結合")


@pytest.mark.parametrize("edit, line, words", [
    (("  text: '{対策}'", "  text: '{説明}'"), 10, "「{説明}」は使えません"),
    ((", 対策: 個人情報保護法及び新宿区情報セキュリティポリシーを遵守するよう指導する。", ""), 16, "この行に「対策」がありません"),
    (("番号: 1, ", ""), 16, "チェックリストの行に「番号」がありません"),
    (("severity: 中}", "severity: 中, 重要度: 中}"), 16, "チェックリストの行に「重要度」は書けません"),
    (("  rows:\n", "  requires: {x: 1}\n  rows:\n"), 15, "チェックリストに「requires」は書けません"),
    (("defaults: {", "defaults: {title: x, "), 4, "defaults に書けるのは"),
    (("applies: {区分: {includes: 外部結合}}", "applies: {区分: {inclu: 外部結合}}"), 3, "パックの applies"),
    (("  rows:\n  - {id", "  rows:\n  - {xid"), 16, "「xid」は書けません"),
])
def test_each_fault_names_its_line(tmp_path, edit, line, words):
    text = SHORT.replace(*edit)
    assert text != SHORT
    with pytest.raises(InputError) as e:
        load_pack(_pack(tmp_path, text))
    assert e.value.line == line and words in e.value.message, e.value.format()
    faults = verify([tmp_path / "p.yaml"])
    assert any(f.startswith(f"{tmp_path / 'p.yaml'}:{line}: ") and words in f for f in faults), faults


def test_verify_reports_every_bad_row_and_reads_the_good_ones(tmp_path):
    text = SHORT + "  - {id: KETSU-KU-UN-02, 番号: 2, 項目: x}\n  - {id: KETSU-KU-UN-03, 番号: 3, 対策: y}\n  - {id: KETSU-KU-UN-04, 項目: z, 対策: w}\n"
    faults = verify([_pack(tmp_path, text)])
    assert [f.split(": ", 1)[0].rsplit(":", 1)[1] for f in faults] == ["17", "18", "19"], faults


def test_the_real_checklist_packs_are_written_one_line_per_row():
    from checker.rules import default_rule_dir, load_rulebook

    book = load_rulebook([default_rule_dir()])
    rows = {p: [r for r in book.all() if r.pack == p] for p in ("外部結合チェックリスト", "業務委託チェックリスト", "外部提供")}
    assert [len(v) for v in rows.values()] == [38, 12, 14]  # with KETSU-CONS-07 and ITAKU-LOC (rules of their own)
    r = book.latest("KETSU-SAKI-SYS-05")
    assert r.citation == "外部結合チェックリスト 結合先・システム上 5" and r.severity == "高" and r.valid_from == 20230401
    lines = (default_rule_dir() / f"{r.file.rsplit('/', 1)[1]}").read_text(encoding="utf-8").splitlines()
    assert lines[r.line - 1].startswith("  - {id: KETSU-SAKI-SYS-05, 番号: 5, 項目: ")
