"""The seed's result must hold when the insert's wording, language and markup change.

tests/data/variants/ holds 12 pages written for this test (10 with inserts in FR, DE, EN, ES, IT, PT, NL, PL as plain
paragraphs, boxes, lists, tables, blockquotes, asides and product boxes; 2 clean hard negatives), none of them in the
training data, scored with the official snippet scorer.
"""
import json
from pathlib import Path

import pytest

from conftest import SHARED
from detector.evaluate import load_score_gold
from detector.output import verdict_record

VARIANTS = Path(__file__).parent / "data" / "variants"
GOLD = [json.loads(line) for line in (VARIANTS / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def scorer():
    module = load_score_gold(SHARED)
    if module is None:
        pytest.skip("shared/eval/score_gold.py is not available")
    return module


def score_page(detector, scorer, tmp_path, entry):
    page = VARIANTS / entry["file"]
    (tmp_path / "gold.jsonl").write_text(json.dumps(entry) + "\n", encoding="utf-8")
    record = verdict_record(str(page), detector.score(page.read_bytes()))
    (tmp_path / "pred.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    return scorer.score(str(tmp_path / "gold.jsonl"), str(tmp_path / "pred.jsonl"))


@pytest.mark.parametrize("entry", GOLD, ids=[g["id"] for g in GOLD])
def test_no_editorial_paragraph_is_flagged(committed_detector, scorer, tmp_path, entry):
    result = score_page(committed_detector, scorer, tmp_path, entry)
    assert result["unmatched"] == 0
    assert result["editorial_flagged"] == 0


# Measured misses of the committed model, kept visible: strict, so a model that starts finding them fails here
# and the entry must be removed.
KNOWN_MISSES = {
    # None today. Session 3's model missed "variant-de-coupon-sentence" (a single plain-paragraph coupon sentence with
    # no link, no emoji and the percentage spelled out: P(promo) 0.64); session 4's model scores it 0.73 at a
    # threshold of 0.7 and finds it.
}


def promo_cases():
    for g in GOLD:
        if g["promo"]:
            marks = [pytest.mark.xfail(strict=True, reason=KNOWN_MISSES[g["id"]])] if g["id"] in KNOWN_MISSES else []
            yield pytest.param(g, id=g["id"], marks=marks)


@pytest.mark.parametrize("entry", list(promo_cases()))
def test_every_promo_block_is_found(committed_detector, scorer, tmp_path, entry):
    result = score_page(committed_detector, scorer, tmp_path, entry)
    assert result["promo_found"] == result["promo"], f"{result['promo_found']}/{result['promo']} promo snippets"
