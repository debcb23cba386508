"""One 付議事項 (proposal) as a case file: the common part and one sheet per 区分."""

from typing import Annotated, Literal

from pydantic import PlainValidator, PrivateAttr, field_validator, model_validator

from .. import provenance as _prov

from .base import F, Count, Date, Flag, Items, R, Sheet, StrList, Text
from .camera import Camera
from .consistency import KEY as CONSISTENCY_KEY
from .consistency import Consistency
from .consistency import derive as derive_consistency
from .densan import Densan
from .itaku import Itaku
from .ketsugo import Ketsugo
from .mynumber import PIA, MyNumber, derive
from .teikyo import Teikyo

Category = Literal["電算処理", "外部結合", "業務委託", "外部提供", "防犯カメラ"]
PiaReport = Literal["報告", "パブリック・コメント等の実施結果"]


class Overview(Sheet):
    """事業の概要."""

    project: Text | None = F("事業名")
    purpose: Text | None = F("目的")
    subjects: Text | None = F("対象者")
    subject_count: Count | None = F("対象者数")
    subject_counts: dict[str, Count] | None = F("対象者数の内訳")
    content: Text | None = F("事業内容")


class Waiver(Sheet):
    """One recorded exception (承諾・免除): a rule of this case set aside with the ward's consent, who gave it and when, and
    until when. Never a fact: the rules do not read it; it is applied to their verdicts afterwards (checker/run/waivers.py)."""

    rule: Text = R("ルール")
    reason: Text = R("理由")
    approver: Text = R("承認者")
    approved: Date = R("承認日")
    expiry: Date | None = F("期限")  # not written: 期限なし; a month or a 年度 runs to its last day

    @field_validator("approved")
    @classmethod
    def _one_day(cls, v):
        if not v.exact:
            raise ValueError(f"承認日「{v.text}」は 1 日を指していません（承認した日を書く）")
        return v

    @model_validator(mode="after")
    def _expiry_after_approval(self):
        if self.expiry is not None and self.expiry.end < self.approved.start:
            raise ValueError(f"期限「{self.expiry.text}」が承認日「{self.approved.text}」より前です")
        return self


WAIVERS_KEY = "承諾・免除"


class Case(Sheet):
    # the entries the case file wrote as 不明 (written paths: 外部結合.結合先のサーバの所在, a checklist row, 番号法.個人番号利用事務[1].根拠):
    # dropped from the facts like an entry not written, but said as 「不明と書かれている」 (set by the loader)
    _written_unknown: frozenset = PrivateAttr(default=frozenset())

    @property
    def written_unknown(self) -> frozenset:
        return self._written_unknown

    # where each 承諾・免除 names its rule (a line, or a workbook's sheet!cell; set by the loader): an unknown rule id is
    # found where the rule book is known (run.waivers), and said at its place
    _waiver_places: tuple = PrivateAttr(default=())

    @property
    def waiver_places(self) -> tuple:
        return self._waiver_places

    # the file 前回の案件 names (resolved against this case file's folder) and where it is named (line, or sheet!cell):
    # set by the loader once it has checked that the file is there (loader.check_predecessor)
    _predecessor_at: tuple | None = PrivateAttr(default=None)

    @property
    def predecessor_at(self) -> tuple | None:
        """(the predecessor's file, the line that names it), or None when the case names none."""
        return self._predecessor_at

    # where a corpus case was transcribed from (cases/: tests/test_corpus.py requires it there); a department's own file need not say
    sources: StrList | None = F("出典", min_length=1)
    # 件名 and 担当課 are keys every case file has; written empty (a fresh template) they are unknown: FORM-01, FORM-02 ask for them
    title: Text | None = R("件名")
    categories: list[Category] = R("区分", min_length=1)
    pia_report: PiaReport | None = F("特定個人情報保護評価の報告")
    departments: StrList | None = R("担当課")  # なし: no department (FORM-02 不適合)
    date: Date | None = R("付議日")
    meeting: Text | None = F("会議")
    number: int | None = F("番号", ge=1)
    basis: StrList | None = F("根拠")
    prior_approvals: StrList | None = F("先行承認")
    result: Text | None = F("審議結果")
    # the case file of the earlier approval this case changes, relative to this file (checker diff, the section 前回からの変更
    # of check and meeting): where to compare from, not a fact (rules never read it; the loader checks the file is there)
    predecessor: Text | None = F("前回の案件")
    overview: Overview | None = F("事業の概要")
    handles_mynumber: Flag | None = F("個人番号の取扱い")
    densan: Densan | None = F("電算処理")
    ketsugo: Ketsugo | None = F("外部結合")
    itaku: Itaku | None = F("業務委託")
    teikyo: Teikyo | None = F("外部提供")
    camera: Camera | None = F("防犯カメラ")
    mynumber: MyNumber | None = F("番号法")
    pia: PIA | None = F("特定個人情報保護評価")
    note: Text | None = F("備考")
    # exceptions recorded with the ward's consent, per rule (承諾・免除): not facts; applied to the verdicts after the engine
    waivers: Items(Waiver) | None = F(WAIVERS_KEY)
    # where each fact comes from (docs/corpus-reading.md); not a fact itself: rules never read it
    provenance: dict[str, Annotated[_prov.Provenance, PlainValidator(_prov.parse)]] | None = F("出所")
    # derived: two statements of the case compared (consistency.py), never written
    consistency: Consistency | None = F(CONSISTENCY_KEY)
    DERIVED = {CONSISTENCY_KEY: "案件の記載どうしを比べて求める項目なので書けません"}

    @field_validator("categories", mode="before")
    @classmethod
    def _one_category(cls, v):
        if isinstance(v, str):
            return [x.strip() for x in v.replace("、", ",").split(",") if x.strip()]
        return v

    @field_validator("categories")
    @classmethod
    def _no_duplicate_category(cls, v):
        if len(set(v)) != len(v):
            raise ValueError("区分が重複しています")
        return v

    @model_validator(mode="after")
    def _derived(self):
        # 特定個人情報保護評価.手続の順序 compares the steps' dates with this case's 付議日 (see mynumber.derive)
        derive(self)
        derive_consistency(self)
        return self
