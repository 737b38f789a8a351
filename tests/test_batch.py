"""Detector.score_many: the same verdicts as scoring each page alone, and a bad document stays its own error."""
from pathlib import Path

from detector import InputError
from detector.errors import map_in_place

from conftest import SEED

VARIANTS = Path(__file__).parent / "data" / "variants"


def test_batch_verdicts_equal_single_page_verdicts(committed_detector):
    pages = [(SEED / "article_plain.html").read_bytes()] + [p.read_bytes() for p in sorted(VARIANTS.glob("*.html"))]
    batch = committed_detector.score_many([(page, None, None) for page in pages], batch_pages=5)
    assert len(batch) == len(pages) > 5
    for page, verdict in zip(pages, batch):
        assert verdict == committed_detector.score(page)
    assert {verdict.has_promo for verdict in batch} == {True, False}   # pages with and without inserts


def test_bad_documents_keep_their_place_and_do_not_stop_the_batch(committed_detector):
    seed = (SEED / "article_plain.html").read_bytes()
    documents = [(b"", None, None), (seed, None, None), (b"\x00\x01\x02" * 500, None, None), (seed, None, None),
                 ("<p>just a sentence of text</p>", None, None)]
    empty, first, binary, second, fragment = committed_detector.score_many(documents)
    assert isinstance(empty, InputError) and isinstance(binary, InputError)
    assert empty.code != binary.code or str(empty) != str(binary)
    assert first == second == committed_detector.score(seed)
    assert fragment == committed_detector.score("<p>just a sentence of text</p>")
    assert committed_detector.score_many([]) == []


def test_map_in_place_keeps_refused_items_where_they_were():
    refused = ValueError("not a page")
    calls = []

    def double(batch):
        calls.append(list(batch))
        return [2 * x for x in batch]

    assert map_in_place(double, [1, refused, 3]) == [2, refused, 6]
    assert calls == [[1, 3]]                       # the batch function never saw the refused item
    assert map_in_place(double, ["a", 5], refused=str) == ["a", 10]
