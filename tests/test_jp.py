import pytest

from checker import jp


@pytest.mark.parametrize("text,start,end", [
    ("令和5年12月21日", "2023-12-21", "2023-12-21"),
    ("令和５年１２月２１日", "2023-12-21", "2023-12-21"),
    ("R5.12.21", "2023-12-21", "2023-12-21"),
    ("2023-12-21", "2023-12-21", "2023-12-21"),
    ("令和元年5月1日", "2019-05-01", "2019-05-01"),
    ("平成31年4月30日", "2019-04-30", "2019-04-30"),
    ("令和6年10月", "2024-10-01", "2024-10-31"),
    ("令和6年度", "2024-04-01", "2025-03-31"),
    ("平成27年度", "2015-04-01", "2016-03-31"),
    ("令和5年10月20日(金)", "2023-10-20", "2023-10-20"),
])
def test_dates(text, start, end):
    d = jp.parse_date(text)
    assert (d.start.isoformat(), d.end.isoformat()) == (start, end)


@pytest.mark.parametrize("text", ["令和6年13月", "平成32年", "平成31年5月1日", "令和元年4月30日", "令和5年2月30日", "きのう"])
def test_impossible_dates(text):
    with pytest.raises(ValueError):
        jp.parse_date(text)


@pytest.mark.parametrize("text,value,approx", [
    ("３４６，３１３人", 346313, False),
    ("約4,300人", 4300, True),
    ("約３４万人", 340000, True),
    ("664人 (令和5年10月末時点)", 664, False),
    (2000, 2000, False),
])
def test_counts(text, value, approx):
    c = jp.parse_count(text)
    assert (c.value, c.approx) == (value, approx)


@pytest.mark.parametrize("text", ["-5人", "たくさん", "3,45人"])
def test_bad_counts(text):
    with pytest.raises(ValueError):
        jp.parse_count(text)


def _ranges(chars: str):
    """The (first, last) code points of a character class written as a-b pairs (jp._NARROW_CHARS, jp._WIDE_CHARS)."""
    assert len(chars) % 3 == 0 and all(chars[k + 1] == "-" for k in range(0, len(chars), 3))
    return [(ord(chars[k]), ord(chars[k + 2])) for k in range(0, len(chars), 3)]


def test_cells_measures_as_wcwidth_does(monkeypatch):
    """Every character jp.cells measures itself is given the width wcwidth gives it, and texts of them measure as
    wcwidth.wcswidth measures them; any other text is measured by wcwidth itself."""
    from wcwidth import wcswidth, wcwidth

    monkeypatch.setattr(jp, "_counted", 0)  # measured by jp itself, whatever ran before in this process
    monkeypatch.setattr(jp, "_wcswidth", None)

    known = []
    for chars, w in ((jp._NARROW_CHARS, 1), (jp._WIDE_CHARS, 2)):
        for first, last in _ranges(chars):
            assert first <= last
            for cp in range(first, last + 1):
                assert wcwidth(chr(cp)) == w, hex(cp)
                known.append(chr(cp))
    text = "".join(known)
    assert jp.cells(text) == wcswidth(text)
    for k in range(0, len(text), 97):  # pieces of every kind side by side
        piece = text[k:k + 20] + text[-k - 20:len(text) - k]
        assert jp.cells(piece) == wcswidth(piece)
    assert jp._wcswidth is None  # all measured by jp
    assert jp._counted < jp.MEASURED_HERE
    for other in ("", "改行\nあり", "タブ\tあり", "が\u3099", "e\u0301", "👍", "❤\ufe0f", "👨\u200d👩", "\x1b[1m太字"):
        assert jp.cells(other) == wcswidth(other), other
    assert jp._wcswidth is wcswidth  # measured by wcwidth from the first text jp does not measure on
    assert jp.cells(text) == wcswidth(text)
