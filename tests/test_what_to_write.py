"""Issue 19.6: every message says what to write. A 要確認 and each item of 直すこと give the entry's form and allowed values
(model.form, the words of the workbook's help) and, where the form has one, an example; an entry written 不明 is said as
「不明と書かれている」, never as 「記載されていない」. One fact of seed 004 is changed at a time."""
from __future__ import annotations

from conftest import SEED004

from checker.input.loader import load_case_text
from checker.report import render
from checker.report.model import CaseDetail, CheckReport, todo

TEXT = SEED004.read_text(encoding="utf-8")
ROW = "      入退室管理及び国内法が適用されるサーバ環境: ○\n    結合先・運用上:"


def _run(engine, text):
    case = load_case_text(text, "x.yaml")
    (run,) = engine.run([("x.yaml", case)])
    return {v.rule_id: v for v in run.verdicts}, CaseDetail.of(run)


def _with_server(value: str | None) -> str:
    line = "" if value is None else f"  結合先のサーバの所在: {value}\n"
    return TEXT.replace("  情報保護対策: 別紙チェックリストのとおり\n", f"  情報保護対策: 別紙チェックリストのとおり\n{line}")


def test_an_entry_not_written_says_its_form(engine):
    v, d = _run(engine, _with_server(None))
    assert v["FORM-KETSU-06"].verdict == "要確認"
    assert v["FORM-KETSU-06"].explanation() == ("次の事実が記載されていないため判断できません: "
                                                "外部結合.結合先のサーバの所在（国内／国外）、外部結合.結合先のサーバの設置場所（自社／データセンター／クラウド）")
    assert "外部結合.結合先のサーバの所在 を記載する（国内／国外。判断に使うルール 1 件: FORM-KETSU-06）" in d.asks()
    assert todo(v["FORM-KETSU-06"]).startswith("記載する事実: 外部結合.結合先のサーバの所在（国内／国外）")


def test_an_entry_written_unknown_is_said_so(engine):
    v, d = _run(engine, _with_server("不明"))
    assert v["FORM-KETSU-06"].verdict == "要確認"  # 不明 decides nothing, like an entry not written
    said = v["FORM-KETSU-06"].explanation()
    assert said.startswith("不明と書かれているため判断できません: 外部結合.結合先のサーバの所在（国内／国外）。")
    assert "記載されていないため判断できません: 外部結合.結合先のサーバの設置場所" in said
    assert "記載されていないため判断できません: 外部結合.結合先のサーバの所在" not in said
    assert "外部結合.結合先のサーバの所在 は「不明」と書かれている: 分かれば書く（国内／国外。判断に使うルール 1 件: FORM-KETSU-06）" in d.asks()
    assert "外部結合.結合先のサーバの所在=（不明と記載）" in v["FORM-KETSU-06"].facts_text()
    # written 国内, the same rule no longer lacks it
    v, d = _run(engine, _with_server("国内"))
    assert "結合先のサーバの所在" not in v["FORM-KETSU-06"].explanation()


def test_a_checklist_row_written_unknown_either_way(engine):
    path = "外部結合.チェックリスト.区・システム上.ウイルス対策"
    for written in ("不明", "{回答: 不明}"):
        text = TEXT.replace("      ウイルス対策: ○\n      ID・パスワード", f"      ウイルス対策: {written}\n      ID・パスワード", 1)
        assert text != TEXT
        v, d = _run(engine, text)
        assert v["KETSU-KU-SYS-05"].verdict == "要確認"
        assert v["KETSU-KU-SYS-05"].explanation() == f"不明と書かれているため判断できません: {path}（○／ー（理由））"
        assert f"{path} は「不明」と書かれている: 分かれば書く（○／ー（理由）。判断に使うルール 1 件: KETSU-KU-SYS-05）" in d.asks()
    v, d = _run(engine, TEXT.replace("      ウイルス対策: ○\n      ID・パスワード", "      ID・パスワード", 1))
    assert v["KETSU-KU-SYS-05"].explanation() == f"次の事実が記載されていないため判断できません: {path}（○／ー（理由））"


def test_a_text_entry_gives_the_forms_help_and_an_example(engine):
    _, d = _run(engine, TEXT)
    ask = next(a for a in d.asks() if a.startswith("番号法.個人番号利用事務[1].根拠 "))
    assert ask == ("番号法.個人番号利用事務[1].根拠 を記載する（利用の根拠（番号法 別表の項、利用条例・施行規則の定め。"
                   "本件で改正して加えるなら「（改正して追加）」）。例: 番号法第9条第1項 別表の94の項。判断に使うルール 1 件: MN-USE-HOTEI）")


def test_every_format_gives_the_same_words(engine):
    _, d = _run(engine, _with_server("不明"))
    report = CheckReport([d])
    ask = "外部結合.結合先のサーバの所在 は「不明」と書かれている: 分かれば書く（国内／国外。判断に使うルール 1 件: FORM-KETSU-06）"
    for fmt in ("md", "html"):
        assert ask in "".join(render(report, fmt)), fmt
    text = "".join(render(report, "text", width=200))
    assert f"  ? {ask}" in text


def test_a_wrong_shape_shows_the_whole_shape_once():
    """委託先 written as one line: the message says at once that it is a list of mappings and every key an entry holds."""
    import pytest

    from checker.errors import InputError

    head = "件名: t\n区分: [業務委託]\n担当課: [a]\n付議日: 令和6年10月1日\n"
    keys = "名称・契約方式・認証・業務・データの所在・データの保管場所"
    for body, where, shape in (
        ("業務委託:\n  委託先: 富士通\n", "業務委託.委託先", f"リスト（1 件ごとに - で始め、各件に キー: 値）。書けるキー: {keys}"),
        ("業務委託:\n  委託先:\n    - 富士通\n", "業務委託.委託先[1]", f"マッピング（キー: 値）。書けるキー: {keys}"),
    ):
        with pytest.raises(InputError) as e:
            load_case_text(head + body, "x.yaml")
        assert e.value.format().endswith(f"{where}: 「富士通」の形が違います（期待される形: {shape}）"), e.value.format()
