"""Reading a 根拠 as people write it: instruments, 条, 項, 号, 別表 and its 項.

    read("番号法第19条第8号及び第11号", names)  → [番号法 第19条第8号, 番号法 第19条第11号]
    read("法第9条第1項・別表第1の18の項", names, default="番号法")
    read("個人情報の保護に関する法律第６９条第２項第３号", names)
    read("新宿区における個人番号の利用及び特定個人情報の提供に関する条例施行規則（改正して追加）", names)

`names` maps each way of writing an instrument's name to its canonical name (the provisions table,
rules/法令/, gives them; this module holds no law). A name that is not in `names` but ends like a
law's name (…法律, …法, …条例, …規則, …命令) is kept as written, as another instrument. 「法」 alone
and 「同法」 stand for the instrument of the context (`default`, the sheet's own law) or the one named
before; 「同条」 for the article before. Numbers may be written 19, １９ or 十九; lists join with
及び・並びに・又は・若しくは・「・」・「、」, and 「第1号から第3号まで」 is a range.

A reference says what was read, nothing about whether the provision exists or what it allows: that is
judged against the dated table (checker/rules/provisions.py). Pure: no file is read here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import jp

_KANJI = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUM = r"[0-9]+|[〇零一二三四五六七八九十百千]+"


def number(text: str) -> int:
    """19, 十九, 百二十, 一〇 → int."""
    if text.isdigit():
        return int(text)
    if all(c in _KANJI for c in text):  # 一〇 written digit by digit
        return int("".join(str(_KANJI[c]) for c in text))
    total, cur = 0, 0
    for c in text:
        if c in _KANJI:
            cur = _KANJI[c]
        elif c in _UNITS:
            total += (cur or 1) * _UNITS[c]
            cur = 0
        else:
            raise ValueError(text)
    return total + cur


@dataclass(frozen=True)
class Ref:
    """One provision a 根拠 names. article is 「19」 or 「13の4」 (枝番); table is 別表／別表第一／別表第二."""

    instrument: str | None  # canonical name (or the name as written, for one not in the table); None: not said
    article: str | None = None
    paragraph: int | None = None
    item: int | None = None
    table: str | None = None
    table_item: str | None = None  # 別表の項: 「18」 or 「18の2」
    amended: bool = False  # the text says this proposal adds or changes it (「改正して追加」…)

    @property
    def provision(self) -> str:
        """The provision inside its instrument: 第19条第8号, 第9条第1項, 別表第一の18の項, 別表 (or "" for the instrument)."""
        if self.table:
            return self.table + (f"の{self.table_item}の項" if self.table_item else "")
        if self.article is None:
            return ""
        base, _, branch = self.article.partition("の")
        return f"第{base}条" + (f"の{branch}" if branch else "") + (f"第{self.paragraph}項" if self.paragraph else "") + (f"第{self.item}号" if self.item else "")

    def __str__(self) -> str:
        name = self.instrument or "（法令名なし）"
        p = self.provision
        return f"{name} {p}".strip() + ("（本件の改正による）" if self.amended else "")


@dataclass
class Reading:
    """What a 根拠 text was read as: its references, and the parts that could not be read."""

    text: str
    refs: list[Ref] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # e.g. 「第19条第8号」 with no law named, a 別表 of no instrument


_AMEND = re.compile(r"改正して追加|改正し[、,]?て?加え|改正により追加|を追加する|新たに追加|改正して定め|改正後の|追加予定|改正(予定|案)")
_LIST = r"(?:及び|並びに|又は|若しくは|・|、|,|から|乃至|ないし)"
_ART = rf"(?:第\s*)?({NUM})\s*条((?:\s*の\s*(?:{NUM}))*)"
_PARA = rf"(?:第\s*)?({NUM})\s*項"
_ITEM = rf"(?:第\s*)?({NUM})\s*号"
_TABLE = rf"別表\s*(?:第\s*([一二三1-3])(?![0-9一二三四五六七八九十]*\s*(?:項|号)))?(?:\s*(?:の|第)?\s*({NUM})((?:\s*の\s*(?:{NUM}))*)\s*(?:の\s*)?項)?"
_LAW_NUMBER = rf"(?:明治|大正|昭和|平成|令和)(?:元|{NUM})年[^第()（）]{{0,20}}?(?:法律|政令|省令|府令|規則|条例|命令|告示)第(?:{NUM})号"  # 法令番号: skipped
_NAME_END = r"(?:法律|法|条例|施行規則|規則|命令|省令|政令|要綱)"
_GENERIC = r"([^、。,（）()「」『』]+?(?:法律|条例|施行規則|規則|命令|省令|政令))(?=$|[、。,（）()「」『』]|に基づ|による|により|の規定|で定め)"
_CUT = re.compile(r".*(?:、|。|,|（|\(|「|」|『|』|\s|及び|並びに|又は|若しくは|に基づく|による|により|について|に係る|に関する規定|◇|◆|※|:|：)")


def _branch(text: str) -> str:
    """「の4」「の2の3」 → 「の4」「の2の3」 with numbers as digits."""
    return "".join(f"の{number(n)}" for n in re.findall(NUM, text))


def _norm(text: str) -> str:
    t = jp.nfkc(text)
    return re.sub(r"[\u3000 \t\r\n]+", "", t)


def read(text: str | None, names: dict[str, str], default: str | None = None) -> Reading:
    """Read a 根拠 text into references (see the module docstring)."""
    raw = "" if text is None else str(text)
    t = _norm(raw)
    reading = Reading(raw.strip())
    if not t:
        return reading
    where: dict = {}  # reference → where in the text it was named
    # longest names first, so 「…条例施行規則」 wins over 「…条例」
    aliases = sorted(names, key=len, reverse=True)
    alias_re = "|".join(re.escape(_norm(a)) for a in aliases) or r"(?!x)x"
    token = re.compile(
        rf"(?P<lawno>{_LAW_NUMBER})"
        rf"|(?P<alias>{alias_re})"
        rf"|(?P<rule>(?:同条例|同)?施行規則)"
        rf"|(?P<same>同(?:法|条例|規則|命令|省令))"
        rf"|(?P<tbl>{_TABLE})"
        rf"|(?P<samearticle>同条)"
        rf"|(?P<art>{_ART})"
        rf"|(?P<para>{_PARA})"
        rf"|(?P<item>{_ITEM})"
        rf"|(?P<list>{_LIST})"
    )
    current: str | None = None  # the instrument named last
    art: str | None = None
    para: int | None = None
    pending_range = False
    lost = False  # an article whose law was not named: its 項 and 号 are part of what could not be read
    refs: list[Ref] = []
    pos = 0

    def instrument_before(start: int) -> str | None:
        """A name written just before a provision that is not in `names`: 「児童虐待の防止等に関する法律」."""
        before = t[pos:start]
        m = re.search(rf"([^\s]*?{_NAME_END})$", before)
        if not m:
            return None
        name = m.group(1)
        cut = _CUT.match(name)
        if cut:
            name = name[cut.end():]
        if not name or name in ("法", "条例", "規則", "命令", "省令", "政令"):
            return "法" if name == "法" else None
        return names.get(name, name)

    here = [0]

    def add(ref: Ref) -> None:
        if ref not in refs:
            refs.append(ref)
            where.setdefault(ref, here[0])

    for m in token.finditer(t):
        kind = m.lastgroup
        here[0] = m.start()
        if kind == "lawno":
            pos = m.end()
            continue
        if kind == "alias":
            lost = False
            current = names[_alias_of(m.group("alias"), names)]
            art, para = None, None
            pos = m.end()
            # the instrument itself is a reference until a provision of it follows
            add(Ref(current))
            continue
        if kind == "rule":  # 「利用条例（施行規則を改正して追加）」: the 施行規則 of the 条例 named before
            inst = names.get(f"{current}施行規則") if current else None
            if inst is None:
                reading.unread.append(m.group(0) + "（どの条例の施行規則か書かれていない）")
            else:
                current = inst
                art, para = None, None
                add(Ref(current))
            pos = m.end()
            continue
        if kind == "same":
            pos = m.end()
            continue
        if kind == "list":
            if m.group("list") in ("から", "乃至", "ないし"):
                pending_range = True
            continue
        if kind == "tbl":
            inst = _resolve(instrument_before(m.start()), current, default)
            if inst is not None:
                current = inst
            g = re.match(_TABLE, m.group("tbl"))
            table = "別表" + (f"第{'一二三'[int(g.group(1)) - 1] if g.group(1).isdigit() else g.group(1)}" if g.group(1) else "")
            ti = (str(number(g.group(2))) + _branch(g.group(3) or "")) if g.group(2) else None
            _drop_bare(refs, current)
            if current is None:
                reading.unread.append(m.group(0) + "（どの法令の別表か書かれていない）")
            else:
                add(Ref(current, table=table, table_item=ti))
            pos = m.end()
            continue
        if kind in ("art", "samearticle"):
            if kind == "art":
                g = re.match(_ART, m.group("art"))
                named = instrument_before(m.start())
                inst = _resolve(named, current, default)
                art = str(number(g.group(1))) + _branch(g.group(2) or "")
            else:
                inst = current
            para = None
            if inst is None:
                reading.unread.append(_snippet(t, m) + "（どの法令の条か書かれていない）")
                current = None
                lost = True
                pos = m.end()
                continue
            lost = False
            current = inst
            _drop_bare(refs, current)
            add(Ref(current, art))
            pos = m.end()
            continue
        if kind in ("para", "item"):  # 第2項 / 第8号 of the article named before (a 号 under its 項 when one was named)
            what = "項" if kind == "para" else "号"
            n = number(re.match(_PARA if kind == "para" else _ITEM, m.group(kind)).group(1))
            if current is None or art is None:
                if not lost:
                    reading.unread.append(m.group(0) + f"（どの条の{what}か書かれていない）")
                continue
            if kind == "para":
                _drop_parent(refs, current, art, None)
                prev, make = para, (lambda k: Ref(current, art, k))
                para = n
            else:
                _drop_parent(refs, current, art, para)
                prev = refs[-1].item if refs and refs[-1].article == art and refs[-1].item else None
                make = (lambda k, p=para: Ref(current, art, p, k))
            for k in range(prev + 1, n + 1) if pending_range and prev and prev < n else [n]:  # 第1号から第3号まで
                add(make(k))
            pending_range = False
            pos = m.end()
            continue
    if not refs:  # an instrument named without any provision: 「新宿区子どもの医療費の助成に関する条例」
        for g in re.finditer(_GENERIC, t):
            name = g.group(1)
            cut = _CUT.match(name)
            name = name[cut.end():] if cut else name
            if len(name) > 2:
                add(Ref(names.get(name, name)))
    marks = [m.start() for m in _AMEND.finditer(t)]
    if marks:
        refs = [_amend(r) if any(where.get(r, 0) <= k and not any(where.get(o, 0) <= k and where.get(o, 0) > where.get(r, 0) for o in refs)
                                 for k in marks) else r for r in refs]
    reading.refs = refs
    if not refs and not reading.unread:
        reading.unread.append(raw.strip())  # no law, article or table named anywhere
    return reading


def _amend(r: Ref) -> Ref:
    from dataclasses import replace

    return replace(r, amended=True)


def _alias_of(matched: str, names: dict[str, str]) -> str:
    for a in names:
        if _norm(a) == matched:
            return a
    return matched


def _resolve(named: str | None, current: str | None, default: str | None) -> str | None:
    if named == "法":
        return default if current is None else (current if _is_law(current) else default)
    if named:
        return named
    return current if current is not None else default


def _is_law(name: str) -> bool:
    return name.endswith("法") or name.endswith("法律")


def _drop_bare(refs: list[Ref], inst: str) -> None:
    """A bare mention of an instrument gives way to the provision of it that follows."""
    for i in range(len(refs) - 1, -1, -1):
        r = refs[i]
        if r.instrument == inst and r.article is None and r.table is None:
            del refs[i]


def _drop_parent(refs: list[Ref], inst: str, art: str, para: int | None) -> None:
    """「第19条」 then 「第8号」: the article alone gives way to its 項／号."""
    for i in range(len(refs) - 1, -1, -1):
        r = refs[i]
        if r.instrument == inst and r.article == art and r.item is None and r.paragraph in (None, para):
            del refs[i]


def _snippet(t: str, m: re.Match) -> str:
    """The article as written with the 項 and 号 that follow it: 「第19条第8号」."""
    tail = re.match(rf"(?:(?:第\s*)?(?:{NUM})\s*[項号])*", t[m.end():])
    return t[m.start():m.end()] + (tail.group(0) if tail else "")
