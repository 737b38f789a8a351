"""What trafilatura, readability-lxml and jusText keep of promo and editorial blocks, beside promo-detector.

    python benchmarks/peer_comparison.py [--corpus ../shared/corpora]

Pages: the site-disjoint dev split (sites never seen in training) that carry at least one gold promo block, plus
the seed article. promo-detector here is the model `promo-detector evaluate` reports on: fitted on the training
sites' rows only, so no dev site was seen. A snippet is "kept" by an extractor when its whitespace-normalised text is in
the extractor's output; by promo-detector when its block is labelled editorial (what a reader view shows).
Lower is better for promo kept, higher for editorial kept. Not a test: a table for the README.
"""
import argparse
import json
import warnings
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
MIN_SNIPPET_CHARS = 15


def norm(text):
    return " ".join((text or "").split())


def extractors():
    import justext
    import trafilatura
    from lxml import html as lxml_html
    from readability import Document

    def readability_text(page):
        return lxml_html.fromstring(Document(page).summary()).text_content()

    def justext_text(page):
        paragraphs = justext.justext(page.encode("utf-8"), frozenset(), stopwords_low=0, stopwords_high=0,
                                     max_link_density=0.4)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return {"trafilatura": lambda page: trafilatura.extract(page) or "",
            "readability-lxml": readability_text, "jusText": justext_text}


def seed_page():
    """The seed article as a labelled Page, from its snippet gold."""
    from detector.context import add_context
    from detector.corpus import Page
    from detector.segment import segment

    html = (SHARED / "examples" / "seed" / "article_plain.html").read_text(encoding="utf-8")
    gold = json.loads((SHARED / "examples" / "seed" / "gold.jsonl").read_text(encoding="utf-8"))
    blocks = add_context(segment(html), html)
    labels = ["promo" if any(norm(s) in b.text for s in gold["promo"]) else
              "editorial" if any(norm(s)[:60] in b.text for s in gold["editorial"]) else None for b in blocks]
    return Page("seed", "journaldutoken.com", "fr", "seed", blocks, labels, html)


def dev_model_and_pages(corpus):
    """(the dev model of `promo-detector evaluate`, dev pages that carry promo + the seed): the same features,
    samples and fit as the reported dev figures, so the table and metrics.json describe one model."""
    import numpy as np

    from detector.dataset import is_dev_site, split_by_site
    from detector.model import Detector
    from detector.train import DEFAULTS, featurise, fit_on_rows, load_pages

    pages, _ = load_pages(DEFAULTS["authored"], DEFAULTS["real_labels"], corpus)
    template, X, labels, groups = featurise(pages)
    train_rows = np.flatnonzero([not is_dev_site(site) for site in groups])
    detector = Detector(fit_on_rows(template, X, labels, groups, train_rows))
    _, dev = split_by_site(pages)
    return detector, [p for p in dev if "promo" in p.labels] + [seed_page()]


def kept_share(pages, keeps):
    counts = {"promo": [0, 0], "editorial": [0, 0]}
    for page, kept in zip(pages, keeps):
        for block, label, keep in zip(page.blocks, page.labels, kept):
            if label in counts and len(block.text) >= MIN_SNIPPET_CHARS:
                counts[label][0] += keep
                counts[label][1] += 1
    return {label: (k / n if n else float("nan"), n) for label, (k, n) in counts.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(SHARED / "corpora"))
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    detector, pages = dev_model_and_pages(args.corpus)
    rows = {}
    for name, extract in extractors().items():
        keeps = []
        for page in pages:
            try:
                output = norm(extract(page.html))
            except Exception:  # an extractor that fails on a page keeps nothing of it
                output = ""
            keeps.append([norm(b.text) in output for b in page.blocks])
        rows[name] = kept_share(pages, keeps)
    rows["promo-detector (dev model)"] = kept_share(
        pages, [[label == "editorial" for label in detector.classify(p.blocks)[0]] for p in pages])
    n_promo, n_edit = rows["trafilatura"]["promo"][1], rows["trafilatura"]["editorial"][1]
    print(f"{len(pages)} pages with promo from dev sites + the seed; {n_promo} promo and {n_edit} editorial blocks")
    print("| tool | promo blocks kept (lower is better) | editorial blocks kept (higher is better) |")
    print("|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['promo'][0]:.1%} | {r['editorial'][0]:.1%} |")


if __name__ == "__main__":
    main()
