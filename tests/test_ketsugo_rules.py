"""Every 外部結合 checklist rule holds on seed 004 and fails when its own row is left blank."""
from __future__ import annotations


import pytest

from conftest import SEED004, run_text

BASE = SEED004.read_text(encoding="utf-8")
GROUPS = {"KU-UN": "区・運用上", "KU-SYS": "区・システム上", "SAKI-UN": "結合先・運用上", "SAKI-SYS": "結合先・システム上"}


def _row_line(group: str, index: int) -> int:
    """Line number (0-based) of row `index` (1-based) inside checklist block `group` of the 004 text."""
    lines = BASE.splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip() == f"{group}:")
    return start + index


ITEMS = [(f"KETSU-{code}-{i:02d}", group, i) for code, group in GROUPS.items() for i in range(1, (5 if "UN" in code else 10) + 1)]


@pytest.mark.parametrize("rid,group,index", ITEMS)
def test_item_holds_on_seed_and_fails_when_blank(engine, rid, group, index):
    assert run_text(engine, BASE)[rid].verdict == "適合"
    lines = BASE.splitlines()
    n = _row_line(group, index)
    label = lines[n].split(":")[0]
    lines[n] = f"{label}:"
    v = run_text(engine, "\n".join(lines) + "\n")[rid]
    assert v.verdict == "不適合"
    assert v.cite == f"外部結合チェックリスト {group} {index}"


CONS = [
    ("KETSU-CONS-01", "区・システム上", 3, "回線: [インターネット]"),
    ("KETSU-CONS-02", "結合先・システム上", 3, "回線: [インターネット]"),
    ("KETSU-CONS-03", "区・システム上", 4, "回線: [インターネット]"),
    ("KETSU-CONS-04", "結合先・システム上", 4, "回線: [インターネット]"),
    ("KETSU-CONS-05", "区・システム上", 10, "回線: [LGWAN]\n  クラウドサービスの利用: あり"),
    ("KETSU-CONS-06", "結合先・システム上", 10, "回線: [LGWAN]\n  クラウドサービスの利用: あり"),
]


@pytest.mark.parametrize("rid,group,index,line_fact", CONS)
def test_consistency_rule_holds_and_fails(engine, rid, group, index, line_fact):
    # BASE: LGWAN, cloud use not stated, rows ○ → the internet rules do not apply; the cloud rules hold (○ settles them)
    assert run_text(engine, BASE)[rid].verdict == ("適合" if "クラウド" in line_fact else "対象外")
    triggered = BASE.replace("回線: [LGWAN]", line_fact, 1)
    assert run_text(engine, triggered)[rid].verdict == "適合"  # the row is ○
    lines = triggered.splitlines()
    n = _row_line(group, index) + line_fact.count("\n")
    label = lines[n].split(":")[0]
    assert label.strip() in {r for r, _ in (("通信内容の暗号化", 3), ("外部からの攻撃防御", 4), ("入退室管理及び国内法が適用されるサーバ環境", 10))}
    lines[n] = f"{label}: ー（不要と判断）"
    after = run_text(engine, "\n".join(lines) + "\n")
    assert after[rid].verdict == "不適合"
    # the row itself (ー with a reason) is fine by the sheet's own legend
    item = next(r for r, g, i in ITEMS if g == group and i == index)
    assert after[item].verdict == "適合"


def test_consistency_rules_without_internet_or_cloud(engine):
    text = BASE.replace("回線: [LGWAN]", "回線: [LGWAN]\n  クラウドサービスの利用: なし", 1)
    text = text.replace("      入退室管理及び国内法が適用されるサーバ環境: ○", "      入退室管理及び国内法が適用されるサーバ環境: ー（クラウドを使わない）")
    got = run_text(engine, text)
    assert {got[f"KETSU-CONS-0{i}"].verdict for i in range(1, 5)} == {"対象外"}
    assert {got[f"KETSU-CONS-0{i}"].verdict for i in (5, 6)} == {"適合"}  # no cloud: ー is consistent


def test_cloud_use_not_stated(engine):
    """Row 10 ○ settles the cloud rule whether or not a cloud is used; with ー it must be said whether one is."""
    assert run_text(engine, BASE)["KETSU-CONS-05"].verdict == "適合"
    text = BASE.replace("      入退室管理及び国内法が適用されるサーバ環境: ○", "      入退室管理及び国内法が適用されるサーバ環境: ー（不要）", 1)
    v = run_text(engine, text)["KETSU-CONS-05"]
    assert v.verdict == "要確認"
    assert ("外部結合.クラウドサービスの利用", None) in v.facts
