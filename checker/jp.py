"""Japanese input as ward staff write it: 和暦 dates, full-width digits, 約 counts, あり/なし.

Every parser here returns a value or raises ValueError with a message that says
what was expected; the loader turns that into "file:line: message".
"""
from __future__ import annotations

import calendar
import math
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# era: (first day, last day or None)
ERAS = {
    "明治": (dt.date(1868, 10, 23), dt.date(1912, 7, 29)),
    "大正": (dt.date(1912, 7, 30), dt.date(1926, 12, 24)),
    "昭和": (dt.date(1926, 12, 25), dt.date(1989, 1, 7)),
    "平成": (dt.date(1989, 1, 8), dt.date(2019, 4, 30)),
    "令和": (dt.date(2019, 5, 1), None),
}
ERA_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}

DATE_EXPECTED = "令和5年12月21日・R5.12.21・2023-12-21、または 令和6年10月（月）・令和6年度（年度）"


def wareki(d: dt.date) -> str:
    """2023-12-21 → 令和5年12月21日 (元年 for the first year)."""
    for era, (start, end) in reversed(ERAS.items()):
        if d >= start and (end is None or d <= end):
            y = d.year - start.year + 1
            return f"{era}{'元' if y == 1 else y}年{d.month}月{d.day}日"
    return d.isoformat()


def ymd(d: dt.date) -> int:
    """A date as the number yyyymmdd (how facts and rule periods compare dates)."""
    return d.year * 10000 + d.month * 100 + d.day


def nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation to half-width (３４６，３１３ → 346,313)."""
    return unicodedata.normalize("NFKC", text)


@dataclass(frozen=True)
class DateSpan:
    """A date as written: one day, or a month / year / 年度 when only that is known."""

    start: dt.date
    end: dt.date
    text: str

    @property
    def exact(self) -> bool:
        return self.start == self.end

    def iso(self) -> str:
        if self.exact:
            return self.start.isoformat()
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def __str__(self) -> str:
        return self.text


def fiscal_year_name(span: DateSpan) -> str | None:
    """The 年度 a date or span lies in, as the ward writes it (2023-12-21 → 令和5年度; 2019 → 令和元年度), None when
    the span straddles two 年度. The era is the newest that began by the year the 年度 starts in (2019: 令和元年度; 1988: 昭和63年度)."""
    ys = {d.year if d.month >= 4 else d.year - 1 for d in (span.start, span.end)}
    if len(ys) != 1:
        return None
    y = ys.pop()
    for era, (first, _) in reversed(list(ERAS.items())):
        n = y - first.year + 1  # the newest era that had begun by the 年度's first calendar year
        if n >= 1:
            return f"{era}{'元' if n == 1 else n}年度"
    return None


def _era_year(era: str, year_text: str) -> tuple[int, str]:
    if era not in ERAS:
        raise ValueError(f"元号「{era}」は使えません")
    n = 1 if year_text == "元" else int(year_text)
    if n < 1:
        raise ValueError(f"{era}{year_text}年はありません")
    first, last = ERAS[era]
    year = first.year + n - 1
    if last is not None and year > last.year:
        raise ValueError(f"{era}{year_text}年はありません（{era}は{last.year - first.year + 1}年まで）")
    return year, era


def _check_in_era(era: str | None, day: dt.date, text: str) -> None:
    if era is None:
        return
    first, last = ERAS[era]
    if day < first or (last is not None and day > last):
        raise ValueError(f"「{text}」は{era}の期間外です")


def _make(y: int, m: int | None, d: int | None, text: str, era: str | None, fiscal: bool = False) -> DateSpan:
    if not 1 <= y <= 9998:
        raise ValueError(f"「{text}」の年 {y} は扱えません")
    if fiscal:
        span = DateSpan(dt.date(y, 4, 1), dt.date(y + 1, 3, 31), text)
        if era:
            first, last = ERAS[era]
            if span.end < first or (last is not None and span.start > last):
                raise ValueError(f"「{text}」は{era}の期間外です")
        return span
    if m is None:
        span = DateSpan(dt.date(y, 1, 1), dt.date(y, 12, 31), text)
        return span
    if not 1 <= m <= 12:
        raise ValueError(f"「{text}」の月 {m} はありません")
    if d is None:
        last_day = calendar.monthrange(y, m)[1]
        span = DateSpan(dt.date(y, m, 1), dt.date(y, m, last_day), text)
        if era:
            first, last = ERAS[era]
            if span.end < first or (last is not None and span.start > last):
                raise ValueError(f"「{text}」は{era}の期間外です")
        return span
    try:
        day = dt.date(y, m, d)
    except ValueError:
        raise ValueError(f"「{text}」という日はありません") from None
    _check_in_era(era, day, text)
    return DateSpan(day, day, text)


# patterns kept as text, compiled by re on their first use (and kept in its cache): a check whose case comes from
# checker's cache parses no date nor count, and compiling them all at import cost some 3 ms of every start
_WAREKI = r"^(明治|大正|昭和|平成|令和)\s*(元|\d{1,2})\s*年\s*(度)?\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?$"
_WAREKI_LETTER = r"(?i)^([MTSHR])\s*(\d{1,2})(?:[./-](\d{1,2})(?:[./-](\d{1,2}))?)?$"
_SEIREKI = r"^(\d{4})\s*(?:[-/.]\s*(\d{1,2})\s*(?:[-/.]\s*(\d{1,2}))?)?$"
_SEIREKI_KANJI = r"^(\d{4})\s*年\s*(度)?\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?$"
_WEEKDAY = r"[（(][月火水木金土日][)）]$"


def parse_date(value) -> DateSpan:
    """Parse 和暦 / 西暦 dates, months, years and 年度; raise ValueError if impossible."""
    if isinstance(value, dt.date):
        return DateSpan(value, value, value.isoformat())
    if not isinstance(value, str):
        raise ValueError(f"日付ではありません: {value!r}")
    original = value
    text = re.sub(_WEEKDAY, "", nfkc(value).strip()).strip()
    if not text:
        raise ValueError("日付が空です")
    parts = re.split(r"\s*[〜~]\s*", text)
    if len(parts) == 2:
        # a range when only bounds are known (令和6年5月27日〜令和7年2月15日): the span from the first to the last day
        a, b = parse_date(parts[0]), parse_date(parts[1])
        if a.start > b.end:
            raise ValueError(f"「{original}」は始まりが終わりより後です")
        # one spelling of the range mark (〜, ～ from a CP932 file, ~), so twins of one file report alike
        return DateSpan(a.start, b.end, f"{a.text.strip()}〜{b.text.strip()}")
    if len(parts) > 2:
        raise ValueError(f"「{original}」は日付として読めません")
    m = re.match(_WAREKI, text)
    if m:
        era, ytxt, fiscal, mo, d = m.groups()
        if fiscal and mo:
            raise ValueError(f"「{original}」は年度と月が混ざっています")
        y, era = _era_year(era, ytxt)
        return _make(y, int(mo) if mo else None, int(d) if d else None, original, era, bool(fiscal))
    m = re.match(_WAREKI_LETTER, text)
    if m:
        letter, ytxt, mo, d = m.groups()
        era = ERA_LETTERS[letter.upper()]
        y, era = _era_year(era, ytxt)
        return _make(y, int(mo) if mo else None, int(d) if d else None, original, era)
    m = re.match(_SEIREKI, text)
    if m:
        y, mo, d = m.groups()
        return _make(int(y), int(mo) if mo else None, int(d) if d else None, original, None)
    m = re.match(_SEIREKI_KANJI, text)
    if m:
        y, fiscal, mo, d = m.groups()
        if fiscal and mo:
            raise ValueError(f"「{original}」は年度と月が混ざっています")
        return _make(int(y), int(mo) if mo else None, int(d) if d else None, original, None, bool(fiscal))
    raise ValueError(f"「{original}」は日付として読めません")


@dataclass(frozen=True)
class Count:
    """A number of people or items as written: 約4,300人, ３４６，３１３人, 約３４万人."""

    value: int
    approx: bool
    unit: str
    text: str

    def __str__(self) -> str:
        return self.text


_COUNT = r"^(約|概ね|およそ)?\s*(\d[\d,]*(?:\.\d+)?)\s*(万|千|億)?\s*([^\d\s(（]*)\s*(?:[(（].*[)）])?\s*(程度|以上|見込み|予定)?$"
_MULT = {None: 1, "千": 1_000, "万": 10_000, "億": 100_000_000}
COUNT_EXPECTED = "346,313人・３４６，３１３人・約4,300人・約34万人 のような数"


def parse_count(value) -> Count:
    if isinstance(value, bool):
        raise ValueError(f"数ではありません: {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"負の数は使えません: {value}")
        return Count(value, False, "", str(value))
    if isinstance(value, float):
        if value < 0 or value != int(value):
            raise ValueError(f"人数・件数は 0 以上の整数です: {value}")
        return Count(int(value), False, "", str(value))
    if not isinstance(value, str):
        raise ValueError(f"数ではありません: {value!r}")
    text = nfkc(value).strip()
    if text.startswith("-") or text.startswith("−"):
        raise ValueError(f"負の数は使えません: {value}")
    m = re.match(_COUNT, text)
    if not m:
        raise ValueError(f"「{value}」は数として読めません")
    approx_word, num, mult, unit, qualifier = m.groups()
    digits = num.replace(",", "")
    if "," in num and not re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", num):
        raise ValueError(f"「{value}」の桁区切りが正しくありません")
    amount = float(digits) * _MULT[mult]
    if not math.isfinite(amount):
        raise ValueError(f"「{value}」は大きすぎて数として読めません")
    if amount != int(amount):
        raise ValueError(f"「{value}」は整数になりません")
    approx = bool(approx_word) or qualifier in ("程度", "見込み")
    return Count(int(amount), approx, unit or "", value)


TRUE_WORDS = {"あり", "有", "有り", "はい", "する", "済", "済み", "添付", "承諾", "承諾済", "承諾済み", "○", "〇", "true", "yes"}
FALSE_WORDS = {"なし", "無", "無し", "いいえ", "しない", "未", "添付なし", "false", "no"}
FLAG_EXPECTED = "あり／なし（はい／いいえ、true／false でも可）"


def parse_flag(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        t = nfkc(value).strip().lower()
        if t in TRUE_WORDS:
            return True
        if t in FALSE_WORDS:
            return False
    raise ValueError(f"「{value}」は あり／なし として読めません")


def normalize_mark(value: str) -> str:
    """Checklist marks: ○ 〇 ◯ → ○; ー - ― － ‐ — → ー; anything else kept as written."""
    t = value.strip()
    if t in {"○", "〇", "◯", "o", "O"}:
        return "○"
    if t in {"ー", "-", "―", "－", "‐", "—", "–", "ｰ", "−"}:
        return "ー"
    return t


# ---- periods written as free text (委託の開始時期及び期限, 結合の開始時期と期間) ----

@dataclass(frozen=True)
class Period:
    """A period as a form writes it in words, read into a start and an end.

    `parts` are the (start, end) pairs the text names, in order (a text may give several: 【開発】…【保守】…); either side
    of a pair may be None (「契約締結日から令和7年3月31日まで」 has no dated start; 「令和6年10月 利用開始」 no end).
    `open_end` is True when the text says the period runs on: 「…から」「…〜」 with no end after it, or 継続 with no end at
    all. A stated end followed by 「次年度以降も同様の…を行う」 / 「以降継続」 is still the end of this period (a
    renewal is another contract or another proposal)."""

    parts: tuple
    open_end: bool
    text: str

    @property
    def start(self) -> DateSpan | None:
        starts = [a for a, _ in self.parts if a is not None]
        return min(starts, key=lambda d: (d.start, d.end)) if starts else None

    @property
    def end(self) -> DateSpan | None:
        """The last end, when every part has one and the text does not leave the period open."""
        if self.open_end or not self.parts or any(b is None for _, b in self.parts):
            return None
        return max((b for _, b in self.parts), key=lambda d: (d.end, d.start))


_ERA_RE = "明治|大正|昭和|平成|令和"
_PDATE = (
    rf"(?:(?P<era>{_ERA_RE})\s*(?P<ey>元|\d{{1,2}})\s*年|(?P<y>\d{{4}})\s*年)?"
    r"\s*(?:(?P<fy>度)|(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?"
)
_PDATE_LETTER = r"(?i)(?<![A-Za-z0-9])(?P<l>[HR])\s*(?P<ly>\d{1,2})\.(?P<lm>\d{1,2})(?:\.(?P<ld>\d{1,2}))?(?![0-9])"
_PAREN = r"[(（][^()（）]*[)）]"
_FROM = r"^\s*(?:から|より|[〜~～]|-|－|ー)\s*"
_UNTIL = r"^\s*(?:まで|迄)"
_ONGOING = ("継続", "以降", "随時", "無期限", "期限なし", "定めなし")


def _period_dates(text: str) -> list[tuple[int, int, DateSpan]]:
    """(position, end position, date) of every date the text names; a month (and day) without a year takes the year of
    the date before it (「令和５年１０月５日から１１月６日まで」)."""
    out: list[tuple[int, int, DateSpan]] = []
    last_year: tuple[int, str | None] | None = None
    i = 0
    while i < len(text):
        m = re.compile(_PDATE_LETTER).match(text, i)
        if m:
            era = ERA_LETTERS[m.group("l").upper()]
            y, _ = _era_year(era, m.group("ly"))
            span = _make(y, int(m.group("lm")), int(m.group("ld")) if m.group("ld") else None, m.group(0), era)
            out.append((m.start(), m.end(), span))
            last_year = (y, era)
            i = m.end()
            continue
        m = re.compile(_PDATE).match(text, i)
        has_year = m and (m.group("era") or m.group("y"))
        has_month = m and m.group("m")
        if m and (has_year or has_month) and (has_month or m.group("fy") or has_year):
            if m.group("era"):
                y, era = _era_year(m.group("era"), m.group("ey"))
            elif m.group("y"):
                y, era = int(m.group("y")), None
            elif last_year is not None:
                y, era = last_year
            else:
                i += 1
                continue
            if has_year and not has_month and not m.group("fy"):
                # 「令和6年」 alone: a year
                span = _make(y, None, None, m.group(0).strip(), era)
            else:
                span = _make(y, int(m.group("m")) if has_month else None, int(m.group("d")) if m.group("d") else None,
                             m.group(0).strip(), era, bool(m.group("fy")))
            out.append((m.start(), m.end(), span))
            last_year = (y, era)
            i = m.end()
            continue
        i += 1
    return out


def parse_period(value) -> Period | None:
    """Read a period from free text; None when the text names no date and says no 継続 (or names an impossible date)."""
    if value is None:
        return None
    text = nfkc(str(value)).strip()
    if not text:
        return None
    bare = text
    while True:  # notes in brackets (「(※)」「（次年度以降も…）」「（木）」) are not the period
        stripped = re.sub(_PAREN, " ", bare)
        if stripped == bare:
            break
        bare = stripped
    try:
        dates = _period_dates(bare)
    except ValueError:
        return None
    ongoing = any(w in text for w in _ONGOING)
    if not dates:
        return Period((), True, str(value)) if ongoing else None
    parts: list[tuple] = []
    open_end = False
    j = 0
    while j < len(dates):
        pos, end_pos, d = dates[j]
        if re.search(r"(?:から|より|[〜~～])\s*$", bare[dates[j - 1][1] if j else 0:pos]):
            parts.append((None, d))  # an end with no dated start: 「契約締結日から令和7年3月31日まで」
            j += 1
            continue
        after = bare[end_pos:]
        f = re.match(_FROM, after)
        if f:
            rest_start = end_pos + f.end()
            if j + 1 < len(dates) and not bare[rest_start:dates[j + 1][0]].strip():
                parts.append((d, dates[j + 1][2]))
                j += 2
                continue
            parts.append((d, None))
            open_end = True
            j += 1
            continue
        if re.match(_UNTIL, after):
            parts.append((None, d))
            j += 1
            continue
        parts.append((d, None))  # a date that starts something (「令和6年10月 利用開始」): no end said
        j += 1
    return Period(tuple(parts), open_end, str(value))


# --- text within a width (wide characters count 2): terminal reports and help screens ----------------------------

# Where wcwidth gives every character 1 or 2 cells and none of them joins another (no control, combining mark, ZWJ or
# variation selector among them), so a text of them measures as the sum: ASCII, Latin-1, punctuation, arrows, circled
# numbers, shapes, half-width kana (1); CJK punctuation, kana, kanji, full-width forms (2). tests/test_jp.py checks
# every one against wcwidth.
_WIDE_CHARS = "\u3000-\u3029\u3030-\u303e\u3041-\u3096\u309b-\u30ff\u3220-\u3247\u3250-\ua48c\uff01-\uff60\uffe0-\uffe6"
_NARROW_CHARS = "\x20-\x7e\xa0-\u02ff\u2010-\u2027\u2030-\u205e\u2100-\u2319\u2460-\u25fc\uff61-\uff9f"
MEASURED_HERE = 5_000  # texts measured here at most: past them (a meeting, an audit, many cases), wcwidth's C wcswidth,
# some 1.5 µs a text quicker, pays for its import
_counted = 0
_wcswidth = None  # wcwidth.wcswidth, once imported


@lru_cache(maxsize=1)
def _measured() -> tuple[re.Pattern, re.Pattern]:
    """(a text of those characters, a run of narrow ones): compiled when first needed (some 2 ms: a large class)."""
    return re.compile(f"[{_NARROW_CHARS}{_WIDE_CHARS}]*"), re.compile(f"[{_NARROW_CHARS}]+")


def cells(text: str) -> int:
    """The columns a text takes on a terminal (wide characters count 2), as wcwidth.wcswidth measures it: a text of the
    characters above is measured here, without importing wcwidth (some 30 ms of a start); any other text, and every
    text once wcwidth is imported (by such a text, or past MEASURED_HERE texts), by wcwidth."""
    if text.isascii() and text.isprintable():
        return len(text)
    if _wcswidth is not None:
        return _wcswidth(text)
    global _counted
    _counted += 1
    if _counted <= MEASURED_HERE:
        known, narrow = _measured()
        if known.fullmatch(text):
            return 2 * len(text) - sum(map(len, narrow.findall(text)))
    return _import_wcswidth()(text)


def _import_wcswidth():
    global _wcswidth
    from wcwidth import wcswidth

    _wcswidth = wcswidth
    return wcswidth


def fold(text: str, width: int, indent: str = "") -> list[str]:
    """A text folded into lines of at most width columns (wide characters count 2). Lines break at spaces and after
    、。：） (a fact path or a rule id stays whole); a piece longer than a line breaks where the line is full."""
    room = max(10, width - cells(indent))
    pieces = []
    for tok in re.findall(r"\s+|[^\s]+", text):
        if tok.isspace():
            pieces.append(tok)
            continue
        pieces.extend(p for p in re.split(r"(?<=[、。：）」])(?![、。：）」』，．])", tok) if p)  # no line starts with 。
    lines, cur = [], ""
    for tok in pieces:
        if cur and cells(cur + tok) > room and cells(tok) <= room and cells(cur) >= room // 3:
            lines.append(cur.rstrip())
            cur = "" if tok.isspace() else tok
        else:  # it fits, or it is longer than any line: fill this one and break it below
            cur += tok
        while cells(cur) > room:  # a piece longer than a line
            head = cut(cur, room + 1)[:-1]
            if len(head) > 1 and cur[len(head)] in "）」』、。，．：":  # no line starts with a closing mark
                head = head[:-1]
            lines.append(head)
            cur = cur[len(head):]
    if cur.strip() or not lines:
        lines.append(cur.rstrip())
    return [indent + ln for ln in lines]


def cut(text: str, width: int) -> str:
    """The text cut to width columns (wide characters count 2), ending in … when cut."""
    if cells(text) <= width:
        return text
    out = ""
    for ch in text:
        if cells(out + ch + "…") > width:
            return out + "…"
        out += ch
    return out
