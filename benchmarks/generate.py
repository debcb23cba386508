"""A seeded generator of synthetic case files shaped like the real ones (seed 003/004).

Used by the differential test (engine vs independent evaluator) and by the benchmark.
Every value the rules read is drawn from what real cases write — and from what people
get wrong: blanks, ー without a reason, 不明, missing sheets.
"""
from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import yaml

KETSU_OPS = ["個人情報保護法等の遵守", "立入調査等及び状況報告", "個人情報の消去", "事故等への対応体制及び手順の整備", "事故発生時等の協議"]
KETSU_SYS = ["特定相手以外との通信不可", "ネットワーク機器やサーバの制御", "通信内容の暗号化", "外部からの攻撃防御", "ウイルス対策",
             "ID・パスワード等による認証", "アクセス制御", "監視及びアクセスログ取得", "サーバ冗長化及びバックアップ", "入退室管理及び国内法が適用されるサーバ環境"]
ITAKU_ROWS = ["特記事項等の遵守", "立入調査等及び状況報告", "責任者及び取扱者の報告", "区が作成した業務フローに基づく業務の履行", "データの暗号化",
              "個人情報の返却及び消去", "事故等への対応体制及び手順の整備", "事故発生時等の協議", "鍵付きカバン等による運搬", "受渡し時の管理簿への記載", "鍵付キャビネット等での保管"]
HANDLING = ["個人情報への接触", "収集", "本人からの直接収集", "本人以外からの収集の承諾", "要配慮事項の収集", "要配慮事項の収集の承諾",
            "持ち出し", "持ち出しの承諾", "複写", "複写の承諾", "受託者の電子計算機の使用", "紙・媒体の受渡し"]
DATES = ["令和5年7月28日", "令和5年12月21日", "令和6年1月15日", "令和6年度", "令和5年度", "令和4年度", "平成27年度", "平成29年7月18日",
         "2023-03-31", "2023-04-01", "令和6年5月27日", "令和6年5月", "不明"]
DEPTS = ["情報システム課", "戸籍住民課", "医療保険年金課", "子ども家庭課", "保育課", "税務課", "健康づくり課", "地域福祉課"]


def _answer(rng: random.Random, good: float):
    r = rng.random()
    if r < good:
        return "○"
    return rng.choice(["ー（対策不要のため）", "ー", "", "不明", "×", None, "ー（LGWAN 内に限る）"])


def _rows(rng, labels, good):
    out = {}
    for label in labels:
        if rng.random() < 0.08:
            continue  # the row is missing from the sheet
        a = _answer(rng, good)
        if a is None:
            a = ""
        out[label] = a
    return out


def _flag(rng):
    return rng.choice(["あり", "なし", "不明", True, False])


TEIKYO_ROWS = ["相当又は特別な理由の協議", "書面の取り交わし", "利用目的又は方法の制限", "取扱者の範囲の限定", "第三者への再提供の制限又は禁止",
               "消去、返却等利用後の取扱いの指定", "取扱状況に関する所要の報告の要求", "訂正への対応",
               "適切な情報保護対策、情報セキュリティ対策の実施", "実地の調査等", "取扱者の指定", "保存期間の設定", "情報の更新"]
COUNTS = ["約4,300人", "３４６，３１３人", 1200, "不明", 999, 1000, 9999, 10000, 99999, 100000, 300000, "約35万人", 0]


@lru_cache(maxsize=None)
def _catalog(name: str) -> tuple[str, ...]:
    """事務 names of a catalogue under rules/catalog/ (the generator draws real names and made-up ones)."""
    path = Path(__file__).resolve().parent.parent / "rules" / "catalog" / f"{name}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return tuple(e["name"] for e in data.get("entries", []))
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        return ()


def _jimu(rng, *catalogs: str) -> str:
    names = [n for c in catalogs for n in _catalog(c)]
    if names and rng.random() < 0.75:
        return rng.choice(names)
    return rng.choice(["架空の給付事務", "区独自の見舞金事務", "不明"])


# periods as forms write them: in order, reversed, ended before most 付議日, open, 継続, unreadable, an undated start
PERIODS = ["令和6年4月1日から令和7年3月31日まで", "令和7年3月31日から令和6年4月1日まで", "令和4年4月1日から令和5年3月31日まで",
           "令和６年１０月～", "（継続）", "契約締結日から令和7年3月31日まで", "未定", "令和6年度から令和5年度まで", "令和5年度から令和6年度まで"]


def _where(rng) -> dict:
    """Where a 委託先 / 再委託先 keeps the data (each entry left out now and then)."""
    out = {}
    if rng.random() < 0.8:
        out["データの所在"] = rng.choice(["国内", "国内", "国外", "不明"])
    if rng.random() < 0.8:
        out["データの保管場所"] = rng.choice(["自社", "データセンター", "クラウド"])
    return out


def _some(rng, make, most: int = 3):
    return [make() for _ in range(rng.choice([1, 1, 2, most]))]


# 根拠 as departments write them, right and wrong (issue 18): read against rules/法令/ on each case's 付議日
USE_BASES = ["番号法 別表", "番号法別表第一の十五の項", "番号法別表二十三の項", "番号法第19条第99号", "利用条例施行規則",
             "新宿区における個人番号の利用及び特定個人情報の提供に関する条例施行規則（改正して追加）", "利用条例第3条",
             "新宿区子どもの医療費の助成に関する条例", "第9条", "なし"]
ORGAN_BASES = ["利用条例施行規則 別表", "番号法第19条第11号", "番号法第19条第11号、利用条例第4条", "番号法第19条第8号", "利用条例"]
LINK_BASES = ["番号法第19条第8号・別表第二", "番号法第19条第8号に基づく利用特定個人情報の提供に関する命令", "番号法別表第二",
              "番号法第19条第9号、利用条例施行規則", "番号法第19条第9号", "番号法第19条第99号", "情報提供ネットワークシステムによる"]
TEIKYO_BASES = ["個人情報保護法 第69条第2項第3号", "個人情報保護法 第69条第2項第4号", "個人情報保護法 第69条第1項",
                "個人情報保護法 第69条第2項第2号", "個人情報保護法第69条第2項第3号及び第71条第1項", "個人情報保護法 第69条第2項第5号",
                "番号法第19条第8号", "番号法第19条第11号、利用条例第4条", "番号法第19条第15号", "番号法第19条第3号",
                "児童虐待の防止等に関する法律第13条の4", "新宿区個人情報保護条例", "条例", "不明"]


def _mynumber(rng) -> dict:
    kinds = ["法定事務", "独自利用事務"]
    out: dict = {}
    if rng.random() < 0.85:
        out["個人番号利用事務"] = _some(rng, lambda: {k: v for k, v in (
            ("事務", _jimu(rng, "法定事務", "独自利用事務")), ("種別", rng.choice(kinds)), ("根拠", rng.choice(USE_BASES)),
            ("施行日", "令和6年10月1日")) if (rng.random() < 0.9 if k != "施行日" else rng.random() < 0.2)})
    if rng.random() < 0.4:
        out["庁内連携"] = _some(rng, lambda: {k: v for k, v in (
            ("事務", _jimu(rng, "庁内連携事務")), ("提供元", "税務課"), ("提供先", "保育課"),
            ("他の機関への提供", _flag(rng)), ("根拠", rng.choice(ORGAN_BASES))) if k in ("事務", "提供元", "提供先") or rng.random() < 0.8})
    if rng.random() < 0.5:
        out["情報連携"] = _some(rng, lambda: {k: v for k, v in (
            ("事務", _jimu(rng, "別表第二事務", "主務省令事務", "独自利用事務")), ("種別", rng.choice(kinds)),
            ("根拠", rng.choice(LINK_BASES)), ("個人情報保護委員会への届出", _flag(rng))) if rng.random() < 0.9})
    if rng.random() < 0.4:
        out["特定個人情報ファイルの取扱いの委託"] = _some(rng, lambda: {k: v for k, v in (
            ("委託事項", "システム運用保守"), ("委託先", "委託事業者"), ("特定個人情報へのアクセス", _flag(rng)),
            ("再委託の有無", _flag(rng)), ("再委託の許諾", _flag(rng)), ("委託先の監督", _flag(rng))) if rng.random() < 0.85})
    return out


def _pia(rng) -> dict:
    out: dict = {}
    for key, make in (
        ("評価の種類", lambda: rng.choice(["全項目評価", "重点項目評価", "基礎項目評価", ["基礎項目評価", "全項目評価"], "不明"])),
        ("段階", lambda: rng.choice(["素案", "実施結果"])),
        ("対象人数", lambda: rng.choice(COUNTS)),
        ("取扱者数", lambda: rng.choice([10, 499, 500, 1000, "約600人", "不明"])),
        ("重大事故", lambda: _flag(rng)),
        ("重要な変更", lambda: _flag(rng)),
        ("再実施", lambda: _flag(rng)),
        ("パブリック・コメント", lambda: dict(zip(("開始", "終了", "日数"), ("令和5年10月2日",) + rng.choice(
            [("令和5年10月31日", 30), ("令和5年10月20日", 19), ("令和5年11月1日", 31)])))),
        ("第三者点検", lambda: {"開始": "令和5年11月6日", "終了": rng.choice(["令和5年11月20日", "令和6年2月1日"])}),
        ("素案報告", lambda: {"案件": "№12", "付議日": rng.choice(["令和5年9月6日", "令和5年10月20日", "令和5年12月21日"])}),
        ("前回公表日", lambda: rng.choice(["平成29年3月1日", "令和元年6月1日", "令和4年3月1日"])),
    ):
        if rng.random() < 0.75:
            out[key] = make()
    return out


def _teikyo(rng, good) -> dict:
    out: dict = {"提供先": ["警視庁"]}
    if rng.random() < 0.8:
        out["根拠規定"] = rng.choice(TEIKYO_BASES)
    for key, make in (
        ("提供先の種別", lambda: rng.choice(["行政機関等", "区の他の機関", "その他", "不明"])),
        ("提供先の所在", lambda: rng.choice(["国内", "国内", "国外"])),
        ("情報提供ネットワークシステムの使用", lambda: _flag(rng)),
        ("利用目的の範囲内", lambda: rng.choice(["あり", "なし"])),
        ("提供の時期", lambda: rng.choice(["随時または例月", "令和5年8月1日から令和6年3月31日まで", "令和6年4月1日から令和5年3月31日まで", "いつか"])),
        ("提供の目的", lambda: rng.choice(["法令の定める事務", "学術研究", "統計の作成", "本人の利益", "その他"])),
        ("相当の理由", lambda: _flag(rng)),
        ("特別の理由", lambda: _flag(rng)),
        ("特定個人情報の提供", lambda: _flag(rng)),
    ):
        if rng.random() < 0.7:
            out[key] = make()
    if rng.random() < 0.7:
        out["協定書等"] = _flag(rng)
    if rng.random() < 0.8:
        out["チェックリスト"] = _rows(rng, TEIKYO_ROWS, good)
    return out


def _densan(rng) -> dict:
    out: dict = {"保有課": ["情報システム課"]}
    for key, make in (
        ("登録業務の名称", lambda: "住民記録事務"),
        ("記録される情報項目", lambda: rng.choice(["氏名、住所、生年月日", "不明"])),
        ("新規開発・追加・変更の理由", lambda: "制度改正のため"),
        ("新規開発・追加・変更の内容", lambda: "事務の追加"),
        ("新規開発・追加・変更の時期", lambda: "令和6年4月"),
        ("開発等の委託", lambda: _flag(rng)),
        ("開発等を委託する場合における個人情報保護対策", lambda: "特記事項を付す"),
        ("委託先による個人情報への接触", lambda: _flag(rng)),
        ("ダミーデータによるテスト", lambda: _flag(rng)),
        ("実データによる検証の実施者", lambda: rng.choice(["区職員", "委託先"])),
        ("委託先への遵守の義務付け", lambda: _flag(rng)),
        ("特定個人情報の安全管理措置", lambda: _flag(rng)),
        ("記録するコンピュータ", lambda: ["住民情報系サーバ"]),
    ):
        if rng.random() < 0.8:
            out[key] = make()
    return out


def _camera(rng) -> dict:
    out: dict = {}
    for key, make in (
        ("目的", lambda: "犯罪の防止"),
        ("設置場所", lambda: "大久保公園"),
        ("台数", lambda: rng.choice([4, "４台", "不明"])),
        ("設置予定日", lambda: rng.choice(["令和5年12月", "令和6年1月15日"])),
        ("撮影範囲", lambda: "公園内"),
        ("依拠する承認", lambda: "防犯カメラの設置（包括承認）"),
        ("設置予定図", lambda: _flag(rng)),
    ):
        if rng.random() < 0.8:
            out[key] = make()
    return out


def case(rng: random.Random, i: int) -> dict:
    cats = rng.sample(["電算処理", "外部結合", "業務委託", "外部提供", "防犯カメラ"], k=rng.choice([1, 1, 2, 3]))
    good = rng.choice([0.99, 0.95, 0.8, 0.5])
    d: dict = {
        "出典": [f"synthetic #{i}"],
        "件名": f"合成案件 {i}",
        "区分": cats,
        "担当課": rng.sample(DEPTS, k=rng.choice([1, 2])),
        "付議日": rng.choice(DATES),
        "番号": i + 1,
        "事業の概要": {"事業名": f"事業 {i}", "対象者数": rng.choice(["約4,300人", "３４６，３１３人", 1200, "不明"])},
    }
    # a breakdown on a third of the cases, from its own generator so the rest of the stream is unchanged
    # (it matches the total, misses it by one, or cannot be compared)
    sub = random.Random(i * 7919)
    if sub.random() < 0.33:
        total = d["事業の概要"]["対象者数"]
        n = {"３４６，３１３人": 346313, 1200: 1200}.get(total, 4300)
        first = sub.randrange(1, n)
        d["事業の概要"]["対象者数の内訳"] = {"区分甲": first, "区分乙": n - first + sub.choice([0, 0, 1])}
    meeting = random.Random(i * 15485863 + 7)
    if meeting.random() < 0.5:
        d["会議"] = meeting.choice(["令和5年度第5回個人情報保護管理運営会議", "令和4年度第2回個人情報保護管理運営会議",
                                    "個人情報保護管理運営会議", "令和6年度第1回個人情報保護管理運営会議"])
    if rng.random() < 0.45:
        d["個人番号の取扱い"] = _flag(rng)
        if rng.random() < 0.8:
            d["番号法"] = _mynumber(rng)
    if rng.random() < 0.2:
        d["特定個人情報保護評価の報告"] = "報告"
        d["特定個人情報保護評価"] = _pia(rng)
        steps = random.Random(i * 32452843 + 3)  # a step not done (実施: なし), from its own generator
        for step in ("パブリック・コメント", "第三者点検"):
            if steps.random() < 0.15:
                d["特定個人情報保護評価"][step] = steps.choice(["なし", {"実施": "なし"}, {"実施": "あり"}])
    if "外部提供" in cats:
        d["外部提供"] = _teikyo(rng, good)
    if "電算処理" in cats:
        d["電算処理"] = _densan(rng)
    if "防犯カメラ" in cats:
        d["防犯カメラ"] = _camera(rng)
    if "外部結合" in cats or rng.random() < 0.1:
        k: dict = {"結合の相手方": "地方公共団体情報システム機構(J-LIS)"}
        if rng.random() < 0.9:
            k["回線"] = rng.sample(["LGWAN", "専用回線", "インターネット", "VPN", "媒体"], k=rng.choice([1, 1, 2]))
        if rng.random() < 0.7:
            k["クラウドサービスの利用"] = _flag(rng)
        if rng.random() < 0.9:
            k["チェックリスト"] = {g: _rows(rng, KETSU_OPS if "運用" in g else KETSU_SYS, good)
                                for g in ("区・運用上", "区・システム上", "結合先・運用上", "結合先・システム上") if rng.random() < 0.95}
        # facts added later draw from their own generator, so the rest of the stream (and older benchmarks) is unchanged
        later = random.Random(i * 104729 + 1)
        for key, values in (("結合先のサーバの所在", ["国内", "国外", "不明"]),
                            ("結合する理由", ["情報提供ネットワークシステムを介した情報連携のため", "なし"]),
                            ("情報保護対策", ["条例及び情報セキュリティポリシーに基づき次の措置を講ずる", "ー"])):
            if later.random() < 0.6:
                k[key] = later.choice(values)
        for key in ("結合される情報項目", "結合の形態", "結合の開始時期と期間"):
            if later.random() < 0.6:
                k[key] = later.choice(["LGWAN回線を介した結合", "令和6年4月から", "なし"])
        if later.random() < 0.2:
            k["結合の相手方"] = later.choice(["なし", "不明"])
        holes = random.Random(i * 86028121 + 13)  # issue 18.5's facts, from their own generator
        if holes.random() < 0.7:
            k["結合の開始時期と期間"] = holes.choice(PERIODS)
        if holes.random() < 0.7:
            k["結合先のサーバの設置場所"] = holes.choice(["自社", "データセンター", "クラウド", "不明"])
        d["外部結合"] = k
    if "業務委託" in cats or rng.random() < 0.1:
        t: dict = {"委託先": {"名称": "委託事業者", "認証": rng.choice([["プライバシーマーク"], ["ISMS"], [], "不明"])}}
        if rng.random() < 0.85:
            t["特記事項の添付"] = _flag(rng)
        if rng.random() < 0.8:
            t["個人情報の取扱い"] = {h: _flag(rng) for h in HANDLING if rng.random() < 0.7}
        if rng.random() < 0.8:
            t["チェックリスト"] = _rows(rng, ITAKU_ROWS, good)
        r = rng.random()
        if r < 0.4:
            t["再委託"] = "なし"
        elif r < 0.8:
            t["再委託"] = [
                {k: v for k, v in (("再委託先", "再委託事業者"), ("区の承諾", _flag(rng)), ("特記事項の適用", _flag(rng)),
                                    ("認証", ["ISO27001", "ISMS"])) if rng.random() < 0.85}
                for _ in range(rng.choice([1, 1, 2, 3]))
            ]
        form = random.Random(i * 49979687 + 5)  # the form's own entries, from their own generator
        for key in ("処理させる情報項目", "委託理由", "委託の内容", "委託の開始時期及び期限"):
            if form.random() < 0.6:
                t[key] = form.choice(["氏名、住所、生年月日", "令和6年4月1日から令和7年3月31日まで", "なし"])
        if form.random() < 0.2:
            t["委託先"] = form.choice([{"名称": "なし"}, {"契約方式": "随意契約"}])
        holes = random.Random(i * 86028121 + 11)  # issue 18.5's facts, from their own generator
        if holes.random() < 0.7:
            t["委託の開始時期及び期限"] = holes.choice(PERIODS)
        if isinstance(t["委託先"], dict) and holes.random() < 0.7:
            t["委託先"].update(_where(holes))
        for sub in t.get("再委託") if isinstance(t.get("再委託"), list) else []:
            sub.update(_where(holes))
            for key in ("範囲", "理由"):
                if holes.random() < 0.75:
                    sub[key] = holes.choice(["システム保守の一部", "専門の技術が要るため", "なし"])
        if holes.random() < 0.6:
            t["消去・返却の証明書"] = _flag(holes)
        d["業務委託"] = t
    # issue 19: 件名 and 担当課 left empty (a fresh template), 不明, or written なし (FORM-01/02), from their own generator
    head = random.Random(i * 15485863 + 13)
    for key in ("件名", "担当課"):
        if head.random() < 0.05:
            d[key] = head.choice([None, "不明", "なし"])
    if "外部提供" in cats:
        form = random.Random(i * 67867967 + 9)
        for key in ("提供する情報項目", "提供の理由"):
            if form.random() < 0.6:
                d["外部提供"][key] = form.choice(["児童氏名、生年月日", "法令の定める事務のため", "ー"])
        if form.random() < 0.2:
            d["外部提供"]["提供先"] = form.choice(["なし", "不明"])
    return d


def cases(n: int, seed: int = 20231221) -> list[dict]:
    rng = random.Random(seed)
    out = [case(rng, i) for i in range(n)]
    _name_drafts(out)
    return out


def _fiscal_year(value) -> int | None:
    from checker.jp import parse_date
    from checker.input.pia import span_fiscal_year

    try:
        return span_fiscal_year(parse_date(value))
    except ValueError:  # 不明
        return None


def _name_drafts(out: list[dict]) -> None:
    """Point each 素案報告 at a 素案 case of the same 年度 reported on that day, as a real pair does.

    Where the batch has no such case, the 素案報告 keeps its date and names no case (so `checker audit`
    has nothing to link and no notice to print). Only 素案報告.案件 changes: the random stream, and so every
    fact the rules read, stays the same (the differential test's cases are unchanged).
    """
    drafts: dict[tuple, int] = {}
    for d in out:
        pia = d.get("特定個人情報保護評価") or {}
        if pia.get("段階") == "素案" and (fy := _fiscal_year(d["付議日"])) is not None:
            drafts.setdefault((fy, str(d["付議日"])), d["番号"])
    for d in out:
        report = (d.get("特定個人情報保護評価") or {}).get("素案報告")
        if report is None:
            continue
        fy = _fiscal_year(d["付議日"])
        n = drafts.get((fy, report["付議日"])) if fy is not None and fy == _fiscal_year(report["付議日"]) else None
        if n is None or n == d["番号"]:
            del report["案件"]
        else:
            report["案件"] = f"№{n}"
