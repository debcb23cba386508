"""Issue 22.4: a ward is a folder of rule packs on the shared ones (rules/wards.py), chosen by --rules or checker.toml, with
no code change; a ward's rule replaces a shared one only by naming it."""
import json
from pathlib import Path

import pytest

from conftest import ROOT, invoke

CASE31 = next((ROOT / "cases" / "令和5年度" / "2023-12-21").glob("31_*.yaml"))  # 住民記録: 委託内容の変更＝再委託

OWN = """pack: 甲区特記事項
title: 甲区 個人情報取扱特記事項
source: テスト用の小さな区
rules:
- id: KOU-04
  title: 再委託（事前の承認）
  citation: 甲区特記事項 第4
  citation_status: unverified
  source: テスト
  applies: {区分: {includes: 業務委託}}
  requires:
    every: 業務委託.再委託
    has: {区の承諾: true}
  message: 再委託に区の事前の承認がない
  remedy: 再委託先を示して事前に承認を得る
  severity: 高
"""

OVERRIDE = """pack: 甲区の置き換え
title: 共有のルールの置き換え
source: テスト
rules:
- id: KOU-CONTRACT
  replaces: KOJIN-ITAKU-CONTRACT
  title: 委託先に個人情報の保護を義務づける（甲区は契約約款で）
  citation: 甲区契約約款 第8条
  citation_status: unverified
  source: テスト
  applies: {区分: {includes: 業務委託}}
  requires: {業務委託.特記事項による拘束: true}
  message: m
  remedy: r
  severity: 中
"""


def ward(tmp_path, manifest=None, own=OWN, override=OVERRIDE) -> Path:
    d = tmp_path / "甲区"
    d.mkdir()
    (d / "_ward.yaml").write_text(manifest or f"ward: 甲区\nbase: {ROOT / 'rules'}\nwithout: [特記事項]\n", encoding="utf-8")
    (d / "特記事項.yaml").write_text(own, encoding="utf-8")
    if override:
        (d / "置き換え.yaml").write_text(override, encoding="utf-8")
    return d


def verdicts(*args, cwd=None):
    r = invoke("check", CASE31, "--all", "--format", "json", *args, cwd=cwd, text=True)
    assert r.returncode in (0, 1), r.stderr
    return {v["rule"]: v for v in json.loads(r.stdout)["cases"][0]["verdicts"]}


def test_a_ward_folder_runs_with_its_own_pack_and_one_override(tmp_path):
    shinjuku = verdicts()
    d = ward(tmp_path)
    got = verdicts("--rules", d)
    # its own 特記事項 instead of the shared one; everything else shared
    assert not [r for r in got if r.startswith("TOKKI-")] and "TOKKI-10" in shinjuku
    assert got["KOU-04"]["verdict"] == "適合" and got["KOU-04"]["cite"] == "甲区特記事項 第4〔未検証〕"
    # the override: the shared rule is gone, the ward's is judged in its place
    assert "KOJIN-ITAKU-CONTRACT" not in got and got["KOU-CONTRACT"]["verdict"] == "適合"
    shared = {k: v["verdict"] for k, v in shinjuku.items() if not k.startswith("TOKKI-") and k != "KOJIN-ITAKU-CONTRACT"}
    assert {k: got[k]["verdict"] for k in shared} == shared
    # the same ward chosen by ./checker.toml
    (tmp_path / "checker.toml").write_text(f'rules = "{d.name}"\n', encoding="utf-8")
    assert verdicts(cwd=tmp_path).keys() == got.keys()


@pytest.mark.parametrize("manifest, override, want", [
    (None, OVERRIDE.replace("replaces: KOJIN-ITAKU-CONTRACT", "replaces: KOJIN-ITAKU-KEIYAKU"),
     "ルール KOU-CONTRACT の replaces: 置き換えるルール「KOJIN-ITAKU-KEIYAKU」は共有のルールにありません"),
    (None, OVERRIDE.replace("id: KOU-CONTRACT\n  replaces: KOJIN-ITAKU-CONTRACT", "id: KOJIN-ITAKU-CONTRACT"),
     "ルール id「KOJIN-ITAKU-CONTRACT」は別のパック"),
    ("ward: 甲区\nbase: {rules}\nwithout: [特記事項, 委託]\n", None, "共有のルールにパック「委託」はありません"),
    ("ward: 甲区\nbase: {rules}\nwithuot: [特記事項]\n", None, "キー「withuot」はありません"),
    ("base: {rules}\n", None, "区のルールフォルダの設定には ward: が必要です"),
])
def test_a_bad_ward_is_an_input_error_naming_the_place(tmp_path, manifest, override, want):
    d = ward(tmp_path, manifest and manifest.format(rules=ROOT / "rules"), override=override)
    for cmd in (["check", CASE31], ["rules", "--verify"]):
        r = invoke(*cmd, "--rules", d, cwd=None, text=True)
        assert r.returncode == 2 and want in r.stderr and str(d) in r.stderr, (cmd, r.stderr)


def test_two_overrides_of_one_rule(tmp_path):
    d = ward(tmp_path)
    (d / "z.yaml").write_text(OVERRIDE.replace("KOU-CONTRACT", "KOU-CONTRACT2").replace("pack: 甲区の置き換え", "pack: z"), encoding="utf-8")
    r = invoke("check", CASE31, "--rules", d, cwd=None, text=True)
    assert r.returncode == 2 and "ルール「KOJIN-ITAKU-CONTRACT」は" in r.stderr and "でも置き換えられています" in r.stderr


def test_reports_name_the_ward_whose_rules_judged(tmp_path):
    d = ward(tmp_path)
    for rules, name in (((), "新宿区"), (("--rules", d), "甲区")):
        r = invoke("check", CASE31, "--format", "html", *rules, cwd=None, text=True)
        assert f"<p>{name} 個人情報保護管理運営会議 付議事項のチェッカー" in r.stdout
