"""Segmentation on hand-made pages: every visible text in exactly one block, nothing invisible."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from detector.errors import InputError
from detector.segment import segment

PAGE = """<html><head><title>Title text</title><style>.x{color:red}</style><script>var hidden = 1;</script></head>
<body><nav><ul><li><a href="/a">Home</a></li><li><a href="/b">News</a></li></ul></nav>
<main class="entry-content" id="story"><h1>Headline here</h1>
<p>First paragraph with <b>bold</b> and <a href="https://shop.example/go/x?ref=abc" rel="sponsored nofollow">a link</a>.</p>
<div>Loose text in a div <span>with a span</span><p>Inner paragraph.</p>tail text after the paragraph</div>
<template><p>template text</p></template><noscript>noscript text</noscript>
<p style="display:none">hidden paragraph</p><p hidden>also hidden</p>
<!-- a comment --><table><tr><td>cell one</td><td>cell two</td></tr></table>
<p>line one<br>line two<br><br>after double break</p></main>
<footer>© Example</footer></body></html>"""


def texts(html):
    return [b.text for b in segment(html)]


def test_blocks_in_document_order():
    assert texts(PAGE) == ["Home", "News", "Headline here", "First paragraph with bold and a link.",
                           "Loose text in a div with a span", "Inner paragraph.", "tail text after the paragraph",
                           "cell one", "cell two", "line one line two", "after double break", "© Example"]


def test_invisible_content_in_no_block():
    joined = " ".join(texts(PAGE))
    for invisible in ("Title text", "color:red", "hidden = 1", "template text", "noscript text",
                      "hidden paragraph", "also hidden", "a comment"):
        assert invisible not in joined


def test_block_carries_tag_path_tokens_and_links():
    block = segment(PAGE)[3]
    assert block.tag == "p"
    assert block.path == "/html/body/main/p[1]"
    assert {"entry", "content", "story"} <= set(block.tokens)
    (link,) = block.links
    assert link.href == "https://shop.example/go/x?ref=abc" and link.text == "a link" and "sponsored" in link.rel


def test_indexes_are_consecutive():
    assert [b.index for b in segment(PAGE)] == list(range(len(segment(PAGE))))


def test_hostile_markup_does_not_crash():
    with pytest.raises(InputError, match="nested more than"):
        segment("<div>" * 100_000 + "deep" + "</div>" * 100_000)
    assert segment("<div>" * 1000 + "deep enough" + "</div>" * 1000)[0].text == "deep enough"
    assert len(segment("<p>" + "word " * 3_000_000 + "</p>")[0].text) == 15_000_000 - 1
    assert segment("<p " + " ".join(f'a{i}="v"' for i in range(20_000)) + ">many attributes</p>")[0].text == \
        "many attributes"
    assert segment("<<<>>><p>unclosed <b>tags <i>everywhere")[-1].text.endswith("everywhere")
    assert segment("") == [] and segment("<html></html>") == []


WORDS = st.text(alphabet="abcdefghij", min_size=1, max_size=6)
INLINE = st.sampled_from(["b", "i", "span", "a", "em"])
BLOCK = st.sampled_from(["p", "div", "li", "h2", "td", "section", "blockquote"])


@st.composite
def html_trees(draw, depth=0):
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["text", "inline", "block"] if depth < 4 else ["text"]))
        if kind == "text":
            parts.append(" " + draw(WORDS) + " ")
        else:
            tag = draw(INLINE if kind == "inline" else BLOCK)
            parts.append(f"<{tag}>{draw(html_trees(depth + 1))}</{tag}>")
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(html_trees())
def test_every_visible_word_lands_in_exactly_one_block(body):
    words = re.findall(r"[a-j]+", re.sub(r"<[^>]+>", " ", body))
    blocks = segment(f"<html><body>{body}</body></html>")
    assert sorted(w for b in blocks for w in b.text.split()) == sorted(words)
