"""Detector.score_many: the same verdicts as scoring each page alone, and a bad document stays its own error."""
from pathlib import Path

from detector import InputError

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
