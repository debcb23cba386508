"""A seeded generator of synthetic case files shaped like the real ones (seed 003/004).

Used by the differential test (engine vs independent evaluator) and by the benchmark.
Every value the rules read is drawn from what real cases write — and from what people
get wrong: blanks, ー without a reason, 不明, missing sheets.
"""
from __future__ import annotations

import random

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
    if rng.random() < 0.3:
        d["個人番号の取扱い"] = _flag(rng)
    if "外部結合" in cats or rng.random() < 0.1:
        k: dict = {"結合の相手方": "地方公共団体情報システム機構(J-LIS)"}
        if rng.random() < 0.9:
            k["回線"] = rng.sample(["LGWAN", "専用回線", "インターネット", "VPN", "媒体"], k=rng.choice([1, 1, 2]))
        if rng.random() < 0.7:
            k["クラウドサービスの利用"] = _flag(rng)
        if rng.random() < 0.9:
            k["チェックリスト"] = {g: _rows(rng, KETSU_OPS if "運用" in g else KETSU_SYS, good)
                                for g in ("区・運用上", "区・システム上", "結合先・運用上", "結合先・システム上") if rng.random() < 0.95}
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
        d["業務委託"] = t
    return d


def cases(n: int, seed: int = 20231221) -> list[dict]:
    rng = random.Random(seed)
    return [case(rng, i) for i in range(n)]
