"""The 令和5年度 corpus (seed 003): every case file loads, and `checker list` reproduces the 審議案件一覧."""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.input.corpus import load_meetings, load_year
from checker.input.loader import case_files, load_case

ROOT = Path(__file__).resolve().parent.parent / "cases"
YEAR_DIR = ROOT / "令和5年度"

# seeds/003_4c38fdec3a8dbe73.txt 「１　個人情報保護管理運営会議における審議案件及び結果」 (seed-digest §1), as written.
# Columns: № | 事業名 | 担当課 | 区分 | 付議日 | 審議結果
SEED_TABLE = """\
| 1 | 東京共同電子申請・届出サービスの利用に係る外部結合等について（手続の追加） | 行政管理課、情報システム課、子ども家庭支援課、保健予防課、ごみ減量リサイクル課、防災都市づくり課 | 外部結合、業務委託 | 7月28日 | 承認 |
| 2 | 広報新宿個別配達のＬＩＮＥを活用した電子申請に係るシステムの構築等について | 区政情報課 | 電算処理、外部結合、業務委託 | 7月28日 | 承認 |
| 3 | 地方公共団体情報システム標準化に対応した住民記録及び印鑑登録システムへの移行等について | 戸籍住民課 | 電算処理、外部結合、業務委託 | 7月28日 | 承認 |
| 4 | 地方公共団体情報システム標準化に対応した国民年金システムへの移行等について | 医療保険年金課 | 電算処理、外部結合、業務委託 | 7月28日 | 承認 |
| 5 | 新宿区要保護児童対策地域協議会における児童虐待に関する情報の警視庁への提供について | 子ども家庭支援課 | 外部提供 | 7月28日 | 承認 |
| 6 | 次期国保情報集約システム（クラウド移行後のシステム）との外部結合等について | 医療保険年金課 | 外部結合、業務委託 | 7月28日 | 承認 |
| 7 | 東京共同電子申請・届出サービスの利用に係る外部結合等について（手続の追加） | 行政管理課、情報システム課、区政情報課、生涯学習スポーツ課、消費生活就労支援課、保健予防課 | 外部結合、業務委託 | 9月1日 | 承認 |
| 8 | ふるさと納税返礼品の導入に係る外部結合等について | 総務課 | 外部結合、業務委託 | 9月1日 | 承認 |
| 9 | 新宿区物価高騰対策臨時給付金給付事業に係るシステム改修について（特定個人情報保護評価の報告） | 総務課 | 電算処理 | 9月1日 | 承認 |
| 10 | 税務システムの再整備等について | 税務課 | 電算処理、業務委託 | 9月1日 | 承認 |
| 11 | 地方公共団体情報システム標準化に対応した国保標準システムへの移行等について | 医療保険年金課 | 電算処理、外部結合、業務委託 | 9月1日 | 承認 |
| 12 | 地方公共団体情報システム標準化に対応した住民記録システムへの移行について（特定個人情報保護評価の報告） | 戸籍住民課 | 電算処理 | 9月6日 | 承認 |
| 13 | 地方公共団体情報システム標準化に対応した国民年金システムへの移行について（特定個人情報保護評価の報告） | 医療保険年金課 | 電算処理 | 9月6日 | 承認 |
| 14 | 地方公共団体情報システム標準化に対応した国保標準システムへの移行等について（特定個人情報保護評価の報告） | 医療保険年金課 | 電算処理 | 9月6日 | 承認 |
| 15 | 地方公共団体情報システム標準化に対応した保健情報システム（事務名：予防接種）への移行について（特定個人情報保護評価の報告） | 保健予防課 | 電算処理 | 9月6日 | 承認 |
| 16 | 東京共同電子申請・届出サービスの利用に係る外部結合等について（情報項目の追加） | 行政管理課、情報システム課、子ども家庭支援課 | 外部結合、業務委託 | 10月20日 | 承認 |
| 17 | 税務システムの再整備について（特定個人情報保護評価の報告） | 税務課 | 電算処理 | 10月20日 | 承認 |
| 18 | 新宿区立大久保公園周辺における防犯カメラの設置等について | 危機管理課 | 防犯カメラ | 10月20日 | 承認 |
| 19 | 医療扶助におけるオンライン資格確認導入に係る生活保護システムの改修等について（委託内容の変更） | 生活福祉課、保護担当課、情報システム課 | 業務委託 | 10月20日 | 承認 |
| 20 | 管理計画認定手続支援システムの利用に係る外部結合について | 住宅課 | 外部結合 | 10月20日 | 承認 |
| 21 | 児童・生徒の健全育成に関する警察と新宿区立学校との相互連絡制度の協定に基づく外部提供について | 教育指導課 | 外部提供 | 10月20日 | 承認 |
| 22 | マイナポータルぴったり電子申請サービスの利用に係る外部結合について（手続の追加） | 学校運営課 | 外部結合 | 10月20日 | 承認 |
| 23 | 心電図データの学術研究目的のための外部提供について | 学校運営課 | 外部提供 | 10月20日 | 承認 |
| 24 | 区立幼稚園・区立学校一斉連絡事業に係る外部結合等について | 学校運営課 | 外部結合、業務委託 | 10月20日 | 承認 |
| 25 | ふるさと納税返礼品の導入に係る業務の委託について（委託内容の追加） | 総務課 | 業務委託 | 11月16日 | 承認 |
| 26 | 保健情報システム（対人系）等の地方公共団体情報システム標準化に対応した健康管理システムへの移行について | 健康政策課、健康づくり課、保健予防課、牛込保健センター、四谷保健センター、東新宿保健センター、落合保健センター | 電算処理、外部結合、業務委託 | 11月16日 | 承認 |
| 27 | 地域広帯域移動無線アクセス（地域BWA）システムによる無料公衆無線LAN環境の運用保守業務の委託等について | 行政管理課、区政情報課 | 業務委託 | 12月21日 | 承認 |
| 28 | 新宿区物価高騰対策臨時給付金給付事業に係るシステム改修等について（対象要件の変更等） | 総務課 | 電算処理、外部結合、業務委託 | 12月21日 | 承認 |
| 29 | 新宿区物価高騰対策臨時給付金給付事業に係るシステム改修について（特定個人情報保護評価のパブリック・コメント等の実施結果） | 総務課 | 電算処理 | 12月21日 | 承認 |
| 30 | 税務システムの再整備等について（特定個人情報保護評価のパブリック・コメント等の実施結果） | 税務課 | 電算処理 | 12月21日 | 承認 |
| 31 | 地方公共団体情報システム標準化に対応した住民記録及び印鑑登録システムへの移行等について（委託内容の変更） | 戸籍住民課 | 業務委託 | 12月21日 | 承認 |
| 32 | 地方公共団体情報システム標準化に対応した住民記録システムへの移行について（特定個人情報保護評価のパブリック・コメント等の実施結果） | 戸籍住民課 | 電算処理 | 12月21日 | 承認 |
| 33 | 地方公共団体情報システム標準化に対応した生活保護システムへの移行等について | 生活福祉課、保護担当課 | 電算処理、外部結合、業務委託 | 12月21日 | 承認 |
| 34 | 生活困窮者自立支援法に基づく子どもの学習・生活支援事業の業務の委託について（対象者の拡充及び委託内容の変更） | 生活福祉課、保護担当課、子ども家庭課、子ども家庭支援課 | 業務委託 | 12月21日 | 承認 |
| 35 | 社会保障・税番号制度の導入に伴う団体内統合宛名等システム及び新宿区自治体中間サーバの開発について（事務の追加） | 生活福祉課、保護担当課、子ども家庭課、情報システム課 | 電算処理、外部結合、業務委託 | 12月21日 | 承認 |
| 36 | 健康診査・がん検診業務等の外部結合等について（一部変更） | 健康づくり課 | 外部結合、業務委託 | 12月21日 | 承認 |
| 37 | 特定健康診査受診者に対する保健指導及び利用勧奨業務等の委託について（情報項目の追加及び委託内容の変更） | 健康づくり課 | 業務委託 | 12月21日 | 承認 |
| 38 | 地方公共団体情報システム標準化に対応した国民年金システムへの移行等について（委託内容の変更） | 医療保険年金課 | 業務委託 | 12月21日 | 承認 |
| 39 | 地方公共団体情報システム標準化に対応した国民年金システムへの移行について（特定個人情報保護評価のパブリックコメント等の実施結果） | 医療保険年金課 | 電算処理 | 12月21日 | 承認 |
| 40 | 地方公共団体情報システム標準化に対応した国保標準システムへの移行等について（特定個人情報保護評価のパブリック・コメント等の実施結果） | 医療保険年金課 | 電算処理、外部結合 | 12月21日 | 承認 |
| 41 | 予防接種予診票等の印字業務の委託について（委託内容の追加） | 保健予防課 | 業務委託 | 12月21日 | 承認 |
| 42 | 東京共同電子申請・届出サービスの利用に係る外部結合等について（手続の追加） | 行政管理課、情報システム課、交通対策課、教育支援課 | 外部結合、業務委託 | 1月15日 | 承認 |
| 43 | クラウド型研修システム（eラーニング）の導入等に係るシステム開発等について | 人材育成等担当課 | 電算処理、外部結合 | 1月15日 | 承認 |
| 44 | 一時保育システム導入及びコンビニ収納等に係る外部結合等について | 保育課 | 電算処理、外部結合、業務委託 | 1月15日 | 承認 |
| 45 | 保育業務支援システムの開発等について | 保育課 | 電算処理、外部結合、業務委託 | 1月15日 | 承認 |
| 46 | （仮称）児童相談システムの開発等について | 子ども家庭支援課 | 電算処理、業務委託 | 1月15日 | 承認 |
| 47 | バースデーサポート事業に係る業務の委託について | 健康づくり課 | 業務委託 | 1月15日 | 承認 |
| 48 | 狂犬病予防注射済票交付等業務の委託について | 衛生課 | 業務委託 | 1月15日 | 承認 |
| 49 | 自転車用ヘルメット購入費助成事業委託について（委託内容の変更） | 交通対策課 | 業務委託 | 1月15日 | 承認 |
| 50 | 地方公共団体情報システム標準化に対応した選挙人名簿管理システムへの移行等について | 選挙管理委員会事務局 | 電算処理、外部結合、業務委託 | 1月15日 | 承認 |
| 51 | 私立学校就学者等支援給付金給付事業に係るシステム構築等について | 教育調整課 | 電算処理、業務委託 | 1月15日 | 承認 |
"""


def _seed_rows() -> list[list[str]]:
    rows = []
    for line in SEED_TABLE.strip().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        assert len(cells) == 6, line
        rows.append(cells)
    return rows


SEED_ROWS = _seed_rows()


def _run(*args):
    r = CliRunner().invoke(main, ["list", "--year", "令和5", "--cases", str(ROOT), *args])
    assert r.exit_code == 0, r.output
    return r


def test_seed_table_has_51_rows():
    assert [int(r[0]) for r in SEED_ROWS] == list(range(1, 52))


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_list_reproduces_seed_table_exactly(fmt):
    raw = _run("--format", fmt).stdout_bytes
    if fmt == "csv":
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0] == ["№", "事業名", "担当課", "区分", "付議日", "審議結果"]
    assert len(rows[1:]) == 51
    for got, want in zip(rows[1:], SEED_ROWS):
        assert got == want, f"№{want[0]}"


def test_list_md_carries_every_row():
    lines = _run("--format", "md").output.splitlines()
    for row in SEED_ROWS:
        hit = [ln for ln in lines if ln.strip().strip("|").split()[:1] == [row[0]]]
        assert len(hit) == 1, f"№{row[0]}"
        assert [c.strip() for c in hit[0].strip().strip("|").split("|")] == row, f"№{row[0]}"
    assert lines[-1] == f"（51 件。対象: `{YEAR_DIR / '_meetings.yaml'}`）"


def test_list_text_fits_80_columns_and_loses_nothing():
    """Issue 20.5: in a pipe the list is 80 columns wide; each row's 事業名 is folded below it, and a 担当課 the line
    had to cut is given whole below that (folding drops only the spaces it breaks at)."""
    from wcwidth import wcswidth

    out = _run().output
    lines = out.splitlines()
    assert max(wcswidth(ln) for ln in lines) <= 80
    rows, cur = [], None
    for ln in lines[3:]:
        if re.match(r"\d+ ", ln):
            no, dept, *rest = re.split(r"\s{2,}", ln.strip())
            cur = [no, "", dept, *rest] + [""] * (6 - 3 - len(rest))
            rows.append(cur)
            where = 1
        elif ln.startswith("    担当課: "):
            cur[2], where = ln[len("    担当課: "):], 2
        elif ln.startswith("    ") and cur is not None:
            cur[where] += ln.strip()
        elif not ln.strip():
            cur = None
    nospace = [[c.replace(" ", "").replace("　", "") for c in r] for r in SEED_ROWS]
    assert [[c.replace(" ", "") for c in r] for r in rows] == nospace
    assert lines[-1] == f"（51 件。対象: {YEAR_DIR / '_meetings.yaml'}）"


@pytest.mark.parametrize("path", case_files([YEAR_DIR]), ids=lambda p: p.name)
def test_every_corpus_file_loads(path):
    case = load_case(path)
    assert case.result == "承認"
    assert any("003_4c38fdec3a8dbe73" in s for s in case.sources)


@pytest.mark.parametrize("path", case_files([ROOT]), ids=lambda p: p.name)
def test_every_corpus_file_says_what_it_transcribes(path):
    """出典 is optional for a department's own file (issue 19.6) but every case of the corpus names the seed it is read from."""
    case = load_case(path)
    assert case.sources, f"{path.name}: no 出典"
    seeds = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
    for s in case.sources:
        name = s.split()[0]
        assert re.fullmatch(r"seeds/\d{3}_[0-9a-f]{16}\.txt", name), s
        if seeds.is_dir():  # the seeds sit beside the checkout on the project's machines
            assert (seeds / name.removeprefix("seeds/")).is_file(), s


def test_corpus_has_51_files_and_meetings_list_all():
    files = case_files([YEAR_DIR])
    assert len(files) == 51
    listed = [p for m in load_meetings("令和5年度", ROOT) for p in m.cases]
    assert sorted(listed) == sorted(files)
    assert [load_case(p).number for p in listed] == list(range(1, 52))


def test_counts_by_date():
    entries = load_year("令和5", ROOT)
    counts = Counter(e.meeting.date.isoformat() for e in entries)
    assert [counts[d] for d in sorted(counts)] == [6, 5, 4, 9, 2, 15, 10]
    assert sorted(counts) == ["2023-07-28", "2023-09-01", "2023-09-06", "2023-10-20", "2023-11-16", "2023-12-21", "2024-01-15"]
    # the meeting list and each case's own 付議日 agree
    for e in entries:
        assert e.case.date.exact and e.case.date.start == e.meeting.date, e.path.name


def test_meeting_names_where_known():
    names = {m.date.isoformat(): m.name for m in load_meetings("令和5", ROOT)}
    assert names["2023-07-28"] == "令和5年度第5回個人情報保護管理運営会議"
    assert names["2023-09-01"] == "令和5年度第6回個人情報保護管理運営会議"
    assert names["2023-10-20"] == "令和5年度第8回個人情報保護管理運営会議"
    assert names["2023-12-21"] is None


def test_unknown_year_is_input_error():
    r = CliRunner().invoke(main, ["list", "--year", "令和9", "--cases", str(ROOT)])
    assert r.exit_code == 2
    assert "令和9年度" in r.output


def test_no35_is_one_file_with_seed000_and_003():
    """№35's full form is seed 000: one case file in the corpus, carrying the facts of both documents."""
    no35 = [p for p in case_files([ROOT]) if load_case(p).title == SEED_ROWS[34][1]]
    assert [p.relative_to(ROOT).parts[:2] for p in no35] == [("令和5年度", "2023-12-21")]
    case = load_case(no35[0])
    assert case.number == 35 and case.result == "承認"
    assert {s.split()[0] for s in case.sources} == {"seeds/000_4abf83a8d43f11fa.txt", "seeds/003_4c38fdec3a8dbe73.txt"}
    assert case.densan is not None and case.ketsugo is not None and case.itaku is not None  # seed 000's sheets
    assert not list((ROOT / "seeds").glob("000_*"))
