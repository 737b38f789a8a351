from detector.context import add_context, main_region
from detector.segment import segment

LONG = "This is a long editorial paragraph that says a great deal about the news of the day. " * 2
PAGE = f"""<html><body><nav><a href="/">Home</a></nav><article class="post"><div class="body">
<p>{LONG}</p><p>Buy the widget now with 20% off!</p><p>{LONG} Second.</p><p>Buy the widget now with 20% off!</p>
<p>{LONG} Third.</p></div></article><footer>Footer text here</footer></body></html>"""


def test_repeats_counted_within_page():
    blocks = add_context(segment(PAGE))
    assert [b.repeats for b in blocks if "widget" in b.text] == [2, 2]
    assert all(b.repeats == 1 for b in blocks if "widget" not in b.text)


def test_main_region_holds_the_long_paragraphs_not_the_footer():
    blocks = add_context(segment(PAGE))
    assert main_region(blocks) == "/html/body/article/div"
    assert [b.in_main for b in blocks] == [False, True, True, True, True, True, False]


def test_position_spans_zero_to_one():
    blocks = add_context(segment(PAGE))
    assert blocks[0].position == 0.0 and blocks[-1].position == 1.0


def test_page_host_from_canonical_then_url():
    html = '<html><head><link rel="canonical" href="https://www.news.example/a"></head><body><p>x</p></body></html>'
    assert add_context(segment(html), html)[0].page_host == "news.example"
    assert add_context(segment(html), html, url="https://other.example/b")[0].page_host == "other.example"
