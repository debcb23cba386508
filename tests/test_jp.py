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
