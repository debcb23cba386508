"""Issue 18.5 "fact holes closed": facts that decide verdicts and lived in free text or nowhere.

Each mutation takes a real case file under cases/, changes one fact (after `base` edits that both sides share, where the
point needs a case that would otherwise pass), and asserts exactly which verdicts change, from what to what (the style of
tests/test_mutations.py):
- P: periods read from 委託の開始時期及び期限 / 結合の開始時期と期間 (SEI-09〜12): reversed, ended before the 付議日,
  open-ended, 継続, unreadable, an undated start;
- L: where the data is kept, for 委託先, 再委託先 and 結合先 (FORM-ITAKU-06/07, FORM-KETSU-06, ITAKU-LOC, KETSU-LOC-PEER,
  KETSU-CONS-07);
- S: a 再委託 without 範囲 or 理由 (TOKKI-10);
- C: the certificate of erasure (TOKKI-12 reads 業務委託.消去・返却の証明書);
- E: SEI-04 compares 業務委託 and 番号法 both ways.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from conftest import run_text
from test_mutations import _apply, _path


@dataclass(frozen=True)
class Hole:
    id: str
    case: str
    note: str
    edits: list
    changes: dict
    base: list = field(default_factory=list)


# №35's 委託 and 外部結合 both write 「令和6年10月 利用及び情報連携開始(予定)」: the 委託 line, named by its label
ITAKU_35 = "  委託の開始時期及び期限: 令和6年10月 利用及び情報連携開始(予定)"
KETSU_002 = "1 電子申請 平成29年10月から平成30年3月31日まで"
KETSU_004 = "  結合の開始時期と期間: 令和7年2月16日から（次年度以降も同様の外部結合を行う。）"
MEDIA_41 = "  記録媒体: CD-R、DVD-R等・手渡し\n"
# №27: one named 委託先 (株式会社ジェイコム東京, bound by the 特記事項: its row 特記事項等の遵守 is ○) and one 再委託 with a 範囲
CONTRACTOR_27 = "  - 名称: 株式会社ジェイコム東京\n"
SUB_27 = "  - 再委託先: 株式会社ワイヤ・アンド・ワイヤレス（Wi2）\n"
SCOPE_27 = "    範囲: 利用認証設備の運用保守、認証情報の管理業務\n"
# the 再委託 of №27 completed as TOKKI-10 asks (理由, the ward's consent, the 特記事項 applied to the subcontractor)
SUB_27_DONE = [(SCOPE_27, SCOPE_27 + "    理由: 認証設備の運用に専門の事業者が要るため\n    区の承諾: あり\n    特記事項の適用: あり\n")]
LINE_20 = "  回線:\n  - インターネット\n"


def mynumber_27(contractor: str, access: str) -> tuple:
    """№27 with a 番号法 sheet naming one 委託 (the case handles no 個人番号: the 番号法 rules stay out of scope)."""
    return ("\n業務委託:\n", f"\n番号法:\n  特定個人情報ファイルの取扱いの委託:\n  - 委託先: {contractor}\n"
            f"    特定個人情報へのアクセス: {access}\n業務委託:\n")


HOLES = [
    # --- P: periods ------------------------------------------------------------------------------------------------
    Hole("P1", "35", "a 委託 whose 期限 is before its start: SEI-09 refuses it (the 期限 is still after the 付議日)",
         edits=[(ITAKU_35, "  委託の開始時期及び期限: 令和7年3月31日から令和6年4月1日まで")],
         changes={"SEI-09": ("対象外", "不適合")}),
    Hole("P2", "35", "a 委託 that ends before the 付議日 (令和5年12月21日)",
         edits=[(ITAKU_35, "  委託の開始時期及び期限: 令和5年4月1日から令和5年9月30日まで")],
         changes={"SEI-09": ("対象外", "適合"), "SEI-10": ("適合", "不適合")}),
    Hole("P3", "41", "a period written as the 003 texts write periods (全角, 年の省かれた期限, 曜日): read, and both rules pass",
         base=[], edits=[(MEDIA_41, MEDIA_41 + "  委託の開始時期及び期限: 令和６年４月１日（月）から１２月２７日（金）まで\n")],
         changes={"FORM-ITAKU-05": ("要確認", "適合"), "SEI-09": ("要確認", "適合"), "SEI-10": ("要確認", "適合")}),
    Hole("P4", "35", "text that names no date: FORM-ITAKU-05 still sees an entry, SEI-09/10 cannot read a period → 要確認",
         edits=[(ITAKU_35, "  委託の開始時期及び期限: 契約締結日から一年間")],
         changes={"SEI-09": ("対象外", "要確認"), "SEI-10": ("適合", "要確認")}),
    Hole("P5", "41", "「令和６年１０月～」: open-ended. Nothing can be reversed (SEI-09 対象外); it does not end before the 付議日",
         edits=[(MEDIA_41, MEDIA_41 + "  委託の開始時期及び期限: 令和６年１０月～\n")],
         changes={"FORM-ITAKU-05": ("要確認", "適合"), "SEI-09": ("要確認", "対象外"), "SEI-10": ("要確認", "適合")}),
    Hole("P6", "41", "「（継続）」 alone (№6's wording): a continuing 委託, no date to reverse, not ended",
         edits=[(MEDIA_41, MEDIA_41 + "  委託の開始時期及び期限: （継続）\n")],
         changes={"FORM-ITAKU-05": ("要確認", "適合"), "SEI-09": ("要確認", "対象外"), "SEI-10": ("要確認", "適合")}),
    Hole("P7", "35", "「契約締結日から令和7年3月31日まで」: no dated start → order 要確認; the 期限 is after the 付議日 → 適合",
         edits=[(ITAKU_35, "  委託の開始時期及び期限: 契約締結日から令和7年3月31日まで")],
         changes={"SEI-09": ("対象外", "要確認")}),
    Hole("P8", "002", "one of two 結合 periods reversed (seed 002 lists 電子申請 and お知らせ・アンケート機能)",
         edits=[(KETSU_002, "1 電子申請 平成30年10月から平成30年3月31日まで")],
         changes={"SEI-11": ("適合", "不適合")}),
    Hole("P9", "004", "a 結合 that ends before the 付議日 (seed 004: 令和6年5月27日〜令和7年2月15日)",
         edits=[(KETSU_004, "  結合の開始時期と期間: 令和6年4月1日から令和6年5月1日まで")],
         changes={"SEI-11": ("対象外", "適合"), "SEI-12": ("適合", "不適合")}),
    # --- L: where the data is kept ------------------------------------------------------------------------------------
    Hole("L1", "27", "the 委託先 keeps the data abroad, in a cloud: the form entry is answered; ITAKU-LOC asks (〔未検証〕 standard)",
         edits=[(CONTRACTOR_27, CONTRACTOR_27 + "    データの所在: 国外\n    データの保管場所: クラウド\n")],
         changes={"FORM-ITAKU-06": ("要確認", "適合"), "ITAKU-LOC": ("対象外", "要確認")}),
    Hole("L2", "27", "委託先 and 再委託先 both in Japan: every location rule passes",
         edits=[(CONTRACTOR_27, CONTRACTOR_27 + "    データの所在: 国内\n    データの保管場所: 自社\n"),
                (SUB_27, SUB_27 + "    データの所在: 国内\n    データの保管場所: データセンター\n")],
         changes={"FORM-ITAKU-06": ("要確認", "適合"), "FORM-ITAKU-07": ("要確認", "適合"), "ITAKU-LOC": ("対象外", "適合")}),
    Hole("L3", "27", "only the 再委託先 abroad (its 保管場所 not said): ITAKU-LOC asks; FORM-ITAKU-07 still asks for the 保管場所",
         edits=[(SUB_27, SUB_27 + "    データの所在: 国外\n")],
         changes={"ITAKU-LOC": ("対象外", "要確認")}),
    Hole("L4", "20", "the 結合先's server abroad, in a cloud: KETSU-LOC-PEER refuses; KETSU-CONS-07 asks for 結合先・運用上 1 (not written)",
         edits=[(LINE_20, "  結合先のサーバの所在: 国外\n  結合先のサーバの設置場所: クラウド\n" + LINE_20)],
         changes={"FORM-KETSU-06": ("要確認", "適合"), "KETSU-LOC-PEER": ("対象外", "不適合"), "KETSU-CONS-07": ("対象外", "要確認")}),
    Hole("L5", "20", "the 結合先's server in Japan, in its own data centre: the form entry answered, the cross-check passes",
         edits=[(LINE_20, "  結合先のサーバの所在: 国内\n  結合先のサーバの設置場所: データセンター\n" + LINE_20)],
         changes={"FORM-KETSU-06": ("要確認", "適合"), "KETSU-LOC-PEER": ("対象外", "適合")}),
    # --- S: 再委託 範囲・理由 ------------------------------------------------------------------------------------------
    Hole("S1", "27", "the 再委託 completed as TOKKI-10's remedy asks: 適合",
         edits=SUB_27_DONE, changes={"TOKKI-10": ("要確認", "適合")}),
    Hole("S2", "27", "the same 再委託 without its 範囲: the consent cannot be checked → 要確認",
         base=SUB_27_DONE, edits=[(SCOPE_27, "")], changes={"TOKKI-10": ("適合", "要確認")}),
    Hole("S3", "27", "the same 再委託 with 範囲 なし (no bounded scope): outside the consent the ward can give → 不適合",
         base=SUB_27_DONE, edits=[(SCOPE_27, "    範囲: なし\n")], changes={"TOKKI-10": ("適合", "不適合")}),
    Hole("S4", "27", "the same 再委託 without its 理由 → 要確認",
         base=SUB_27_DONE, edits=[("    理由: 認証設備の運用に専門の事業者が要るため\n", "")], changes={"TOKKI-10": ("適合", "要確認")}),
    # --- C: the certificate of erasure ----------------------------------------------------------------------------------
    Hole("C1", "27", "the certificate of erasure stated: 第12項 passes (the row 個人情報の返却及び消去 is ○ from the diagram)",
         edits=[("  チェックリスト:\n", "  消去・返却の証明書: あり\n  チェックリスト:\n")],
         changes={"TOKKI-12": ("要確認", "適合")}),
    Hole("C2", "27", "no certificate (なし): 第12項 refuses; 第11項 (return and erasure) is the row's alone and does not move",
         edits=[("  チェックリスト:\n", "  消去・返却の証明書: なし\n  チェックリスト:\n")],
         changes={"TOKKI-12": ("要確認", "不適合")}),
    # --- E: SEI-04 both ways ----------------------------------------------------------------------------------------
    Hole("E1", "27", "業務委託 says the 委託先 touches the data; 番号法 says the same 委託先 has no access → 不一致",
         edits=[mynumber_27("株式会社ジェイコム東京", "なし")], changes={"SEI-04": ("対象外", "不適合")}),
    Hole("E2", "27", "the same 委託先 with access on both sheets → 一致",
         edits=[mynumber_27("株式会社ジェイコム東京", "あり")], changes={"SEI-04": ("対象外", "適合")}),
    Hole("E3", "27", "the 番号法 委託 names another party (the cloud operator, seed 003) with no access: not comparable, not 一致",
         edits=[mynumber_27("クラウドサービス事業者", "なし")], changes={}),
]


@pytest.mark.parametrize("h", HOLES, ids=[h.id for h in HOLES])
def test_fact_hole(engine, h: Hole):
    path = _path(h.case)
    text = _apply(path.read_text(encoding="utf-8"), h.base)
    before = run_text(engine, text, path.name)
    after = run_text(engine, _apply(text, h.edits), path.name)
    got = {r: (before[r].verdict, after[r].verdict) for r in before if before[r].verdict != after[r].verdict}
    assert got == h.changes, h.note


def _verdicts(engine, no: str, edits: list = ()):
    path = _path(no)
    return run_text(engine, _apply(path.read_text(encoding="utf-8"), list(edits)), path.name)


def test_a_server_abroad_said_only_in_a_checklist_reason_does_not_pass_every_rule(engine):
    """Issue 18: 「a server abroad stated only in a checklist reason passes every rule」. The row itself (ー with a reason)
    passes by the checklist's legend, but the form now asks where the 結合先 keeps the data, naming the entries."""
    row = "      入退室管理及び国内法が適用されるサーバ環境: ○\n"
    text = _path("20").read_text(encoding="utf-8")
    assert text.count(row) == 2
    i = text.rindex(row)  # the 結合先・システム上 block is the second
    mutated = text[:i] + "      入退室管理及び国内法が適用されるサーバ環境: ー（結合先のサーバは国外にあるため対象外）\n" + text[i + len(row):]
    v = run_text(engine, mutated, "20.yaml")
    assert v["KETSU-SAKI-SYS-10"].verdict == "適合"
    form = v["FORM-KETSU-06"]
    assert form.verdict == "要確認"
    assert {p for p, val in form.facts if val is None} == {"外部結合.結合先のサーバの所在", "外部結合.結合先のサーバの設置場所"}


def test_a_missing_period_is_asked_for_by_its_written_entry(engine):
    """The derived facts stand on the entry the department writes: 直すこと names 委託の開始時期及び期限, not 整合性.…"""
    from checker.report.model import to_write

    v = _verdicts(engine, "41")
    for rid in ("SEI-09", "SEI-10"):
        assert v[rid].verdict == "要確認"
        assert to_write(v[rid]) == ["業務委託.委託の開始時期及び期限"]
    v = _verdicts(engine, "20")
    for rid in ("SEI-11", "SEI-12"):
        assert v[rid].verdict == "要確認"
        assert to_write(v[rid]) == ["外部結合.結合の開始時期と期間"]


def test_a_reversed_period_names_both_dates(engine):
    v = _verdicts(engine, "35", [(ITAKU_35, "  委託の開始時期及び期限: 令和7年3月31日から令和6年4月1日まで")])["SEI-09"]
    assert v.verdict == "不適合"
    assert ("整合性.委託の開始時期と期限", "不一致：期限 令和6年4月1日 が 開始 令和7年3月31日 より前") in v.facts


@pytest.mark.parametrize("key", ["委託の開始時期", "委託の期限", "国外でのデータの保管"])
def test_derived_itaku_facts_cannot_be_written(key):
    from checker.errors import InputError
    from checker.input.loader import load_case_text

    text = _path("41").read_text(encoding="utf-8").replace(MEDIA_41, MEDIA_41 + f"  {key}: 令和6年4月1日\n")
    with pytest.raises(InputError, match=key):
        load_case_text(text, "41.yaml")


PERIODS = [
    ("令和6年4月1日から令和7年3月31日まで", "2024-04-01", "2025-03-31", False),
    ("令和６年１０月～", "2024-10-01/2024-10-31", None, True),
    ("契約締結日から令和7年3月31日まで", None, "2025-03-31", False),
    ("令和５年１０月５日（木）から１１月６日（月）まで", "2023-10-05", "2023-11-06", False),
    ("R6.4.1〜R7.3.31", "2024-04-01", "2025-03-31", False),
    ("令和7年2月16日から（次年度以降も同様の外部結合を行う。）", "2025-02-16", None, True),
    ("令和6年10月 利用及び情報連携開始(予定)", "2024-10-01/2024-10-31", None, False),
    ("平成29年10月(※)から平成30年3月31日まで(次年度以降も、同様の業務委託を行う。)", "2017-10-01/2017-10-31", "2018-03-31", False),
    ("【開発・整備業務】平成27年4月1日から平成28年3月31日まで(平成29年7月1日の情報連携時までを予定) 【保守業務】平成27年4月1日から平成28年3月31日まで(以降継続)",
     "2015-04-01", "2016-03-31", False),
    ("（継続）", None, None, True),
]


@pytest.mark.parametrize("text,start,end,open_end", PERIODS)
def test_parse_period(text, start, end, open_end):
    from checker.jp import parse_period

    p = parse_period(text)
    assert (p.start and p.start.iso(), p.end and p.end.iso(), p.open_end) == (start, end, open_end)


@pytest.mark.parametrize("text", ["未定です", "契約締結日から一年間", "令和5年2月30日から令和6年3月31日まで", ""])
def test_unreadable_periods_are_none(text):
    from checker.jp import parse_period

    assert parse_period(text) is None


@pytest.mark.parametrize("written", ["[不明]", "[情報政策課, 不明]", "[未定]"])
def test_a_list_that_holds_unknown_is_asked(written, tmp_path):
    """A list of words written with 不明 in it is not known whole: seed 001 with 電算処理.保有課 [不明] moves only DENSAN-01,
    適合 → 要確認 (it was read as the department 「不明」 and passed)."""
    import json

    from conftest import ROOT, invoke

    src = (ROOT / "cases" / "seeds" / "001_団体内統合宛名_平成27.yaml").read_text(encoding="utf-8")
    assert "保有課: [情報政策課]" in src

    def verdicts(text, name):
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        doc = json.loads(invoke("check", f, "--all", "--format", "json", cwd=None, text=True).stdout)
        return {v["rule"]: v["verdict"] for v in doc["cases"][0]["verdicts"]}

    a, b = verdicts(src, "a.yaml"), verdicts(src.replace("保有課: [情報政策課]", f"保有課: {written}"), "b.yaml")
    assert {k: (a[k], b[k]) for k in a if a[k] != b[k]} == {"DENSAN-01": ("適合", "要確認")}


def test_a_list_of_none_is_none(tmp_path):
    """[なし] says none as なし does: 電算処理.保有課 [なし] is the same input error as 保有課: なし (it was read as a name)."""
    from conftest import ROOT, invoke

    src = (ROOT / "cases" / "seeds" / "001_団体内統合宛名_平成27.yaml").read_text(encoding="utf-8")
    for written in ("なし", "[なし]"):
        f = tmp_path / "c.yaml"
        f.write_text(src.replace("保有課: [情報政策課]", f"保有課: {written}"), encoding="utf-8")
        r = invoke("check", f, cwd=None, text=True)
        assert r.returncode == 2 and "電算処理.保有課: 1 つ以上書いてください" in r.stderr, (written, r.stderr)
