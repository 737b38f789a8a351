"""detector.clean.clean_html: reader mode and highlight mode on hand-labelled verdicts and on the real model."""
from pathlib import Path

import pytest

from conftest import SHARED
from lxml import html as lxml_html

from detector.clean import MODES, clean_html
from detector.segment import segment
from detector.types import BlockVerdict, Verdict

PAGE = ("<!doctype html><html><head><title>t</title></head><body><article>"
        "<div>Editorial intro. <a href='/x'>a link</a> more editorial"
        "<p>Para one is editorial.</p>Shop <b>the deal</b> now!<br><br>Closing editorial words.</div>"
        "<aside><p>Ad one</p><p>Ad two</p></aside>"
        "<p>Middle <span>editorial</span> paragraph.</p>"
        "<section><p>Sponsored: buy this</p>Also sponsored text</section>tail text"
        "</article></body></html>")
PROMO = {"Shop the deal now!", "Ad one", "Ad two", "Sponsored: buy this", "Also sponsored text"}


def verdict_for(html, promo_texts):
    blocks = tuple(BlockVerdict(index=b.index, text=b.text, label="promo" if b.text in promo_texts else "editorial",
                                score=0.9 if b.text in promo_texts else 0.1, tag=b.tag, path=b.path,
                                reasons=("affiliate link",) if b.text in promo_texts else ())
                   for b in segment(html))
    return Verdict(model={"name": "test", "version": "0"}, blocks=blocks)


def texts(html):
    return [b.text for b in segment(html)]


def test_remove_drops_promo_blocks_and_keeps_every_editorial_block():
    verdict = verdict_for(PAGE, PROMO)
    cleaned = clean_html(PAGE, verdict)
    editorial = [b.text for b in verdict.blocks if b.label != "promo"]
    assert texts(cleaned) == editorial
    assert cleaned.lower().startswith("<!doctype html>")


def test_remove_a_text_run_keeps_the_editorial_parent():
    cleaned = clean_html(PAGE, verdict_for(PAGE, {"Shop the deal now!"}))
    root = lxml_html.fromstring(cleaned)
    div = root.xpath("//article/div")[0]
    assert "Shop" not in div.text_content() and "Closing editorial words." in div.text_content()
    assert div.xpath("./p")[0].text == "Para one is editorial."


def test_highlight_marks_whole_elements_and_wraps_text_runs():
    verdict = verdict_for(PAGE, PROMO)
    cleaned = clean_html(PAGE, verdict, mode="highlight")
    root = lxml_html.fromstring(cleaned)
    marked = root.xpath("//*[@data-promo]")
    marked_text = [" ".join(el.text_content().split()) for el in marked]
    assert "Shop the deal now!" in marked_text                     # the run, wrapped in a span
    assert root.xpath("//span[@data-promo]")[0].getparent().tag == "div"
    assert "Ad one" in marked_text and "Ad two" in marked_text
    assert any("Sponsored: buy this" in t and "Also sponsored text" in t for t in marked_text)  # section whole
    assert all("outline" in el.get("style") for el in marked)
    assert root.xpath("//head/style[@data-promo-style]")
    assert texts(cleaned) == [b.text for b in verdict.blocks]      # nothing lost, nothing reordered
    assert marked[0].get("data-promo-reasons") == "affiliate link"


def test_whole_element_removal_keeps_its_tail_text():
    html = "<html><body><div>Before <p>Ad</p>after the ad.</div></body></html>"
    cleaned = clean_html(html, verdict_for(html, {"Ad"}))
    assert texts(cleaned) == ["Before after the ad."]          # the two runs around the ad become one


def test_no_promo_leaves_the_page_unchanged_and_adds_no_doctype():
    html = "<html><body><p>Only editorial.</p></body></html>"
    verdict = verdict_for(html, set())
    assert clean_html(html, verdict) == html
    assert clean_html(html, verdict, mode="highlight") == html


def test_br_separated_runs_are_told_apart():
    html = "<html><body><div>Editorial one.<br><br>Buy now at the shop<br><br>Editorial two.</div></body></html>"
    cleaned = clean_html(html, verdict_for(html, {"Buy now at the shop"}))
    assert texts(cleaned) == ["Editorial one.", "Editorial two."]


def test_unknown_mode_is_refused():
    with pytest.raises(ValueError):
        clean_html(PAGE, verdict_for(PAGE, set()), mode="explode")
    assert MODES == ("remove", "highlight")


def test_with_the_real_model_removes_exactly_the_promo_blocks():
    from detector import Detector

    page = SHARED / "examples" / "seed" / "article_plain.html"
    if not page.is_file():
        pytest.skip("the seed article is not available")
    detector = Detector.load(Path(__file__).resolve().parents[1] / "models" / "promo-detector-v1")
    html = page.read_text(encoding="utf-8")
    verdict = detector.score(html)
    assert verdict.has_promo
    cleaned = clean_html(html, verdict)
    kept = texts(cleaned)
    for block in verdict.blocks:
        if block.label != "promo":
            assert block.text in kept
    assert not any(b.text in kept for b in verdict.blocks if b.label == "promo"
                   and sum(x.text == b.text for x in verdict.blocks) == 1)


@pytest.mark.parametrize("mode", MODES)
def test_the_scored_tree_cleans_like_a_fresh_parse(committed_detector, mode):
    page = SHARED / "examples" / "seed" / "article_plain.html"
    if not page.is_file():
        pytest.skip("the seed article is not available")
    html = page.read_text(encoding="utf-8")
    verdict, root = committed_detector.score_with_tree(html)
    assert verdict.has_promo
    assert clean_html(html, verdict, mode, root=root) == clean_html(html, verdict, mode)
