"""Training data loading: authored labels, real-page label resolution, and training without the corpus."""
import json
import logging

from conftest import AUTHORED, SHARED
from detector.corpus import fold, ground_truth_label, load_authored, load_real, text_hash
from detector.train import load_pages


def test_text_hash_ignores_case_and_whitespace_only():
    assert text_hash("Jetzt  Deal\nsichern") == text_hash("jetzt deal sichern")
    assert text_hash("Jetzt Deal sichern") != text_hash("Jetzt Deal sichern!")
    assert len(text_hash("x")) == 16


def test_ground_truth_label_folds_typography():
    main = fold("He said it’s “fine” – really.")
    assert ground_truth_label("He said it's \"fine\" - really.", main, [], []) == "editorial"
    assert ground_truth_label("Subscribe to our newsletter today", main, [], []) == "boilerplate"
    assert ground_truth_label("fine", main, [], []) is None          # too short to decide
    assert ground_truth_label("a with snippet inside", None, ["with snippet"], []) == "editorial"
    assert ground_truth_label("unrelated block", None, ["with snippet"], []) is None


def test_authored_labels_come_from_data_pd_and_never_reach_the_blocks():
    pages = load_authored(AUTHORED)
    assert len({p.site for p in pages}) >= 50
    for page in pages[:20]:
        assert set(page.labels) <= {"editorial", "promo", "boilerplate"} and "editorial" in page.labels
        assert all(b.annotation is None for b in page.blocks)
        assert all("data-pd" not in t for b in page.blocks for t in b.tokens)


def test_real_labels_resolve_against_the_corpus(tmp_path):
    entry = {"page": "trafilatura-eval/" + sorted((SHARED / "corpora" / "trafilatura-eval" / "pages").iterdir())[0]
             .name[:-3], "site": "example.org", "lang": "de", "promo": ["0" * 16]}
    (tmp_path / "labels.jsonl").write_text(json.dumps(entry) + "\n")
    pages, unresolved = load_real(tmp_path / "labels.jsonl", SHARED / "corpora")
    assert len(pages) == 1 and pages[0].blocks and unresolved == 1   # the made-up hash resolves to no block


def test_training_data_loads_without_the_corpus_and_says_so(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        pages, unresolved = load_pages(AUTHORED, tmp_path / "no-labels", tmp_path / "no-corpus")
    assert pages and all(p.source == "authored" for p in pages) and unresolved == 0
    assert "training on authored pages only" in caplog.text
