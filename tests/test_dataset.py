"""Training samples of real pages: every promo block, every hard negative, a capped sample of the rest."""
import random

from detector.context import add_context
from detector.corpus import Page
from detector.dataset import page_samples, samples
from detector.segment import segment

NAV = "".join(f"<li><a href='/section-{i}'>Section number {i}</a></li>" for i in range(40))
HARD = ["<li><a href='/pricing'>Pricing from $9 a month</a></li>",
        "<li><a href='/trial'>Start your free trial</a></li>"]
HTML = f"<html><body><ul>{NAV}{''.join(HARD)}</ul><p>Claim your 50 € bonus now!</p></body></html>"


def real_page(source="wcxb-dev"):
    blocks = add_context(segment(HTML), HTML)
    labels = ["promo" if "bonus" in b.text else "boilerplate" for b in blocks]
    return Page(page_id=f"{source}/1", site="example.com", lang="en", source=source, blocks=blocks, labels=labels)


def test_real_pages_keep_promo_and_hard_negatives_and_cap_the_rest():
    page = real_page()
    refs, labels = page_samples(page, random.Random(0), cap=5)
    texts = [ref.block.text for ref in refs]
    assert "Claim your 50 € bonus now!" in texts and labels[texts.index("Claim your 50 € bonus now!")] == "promo"
    assert {"Pricing from $9 a month", "Start your free trial"} <= set(texts)   # commercial, not promo: always kept
    assert sum(t.startswith("Section number") for t in texts) == 5                 # plain navigation: capped
    assert [ref.i for ref in refs] == sorted(ref.i for ref in refs)                 # document order


def test_authored_pages_keep_every_labelled_block_and_sampling_is_seeded():
    authored = real_page(source="authored")
    refs, _ = page_samples(authored, random.Random(0), cap=5)
    assert len(refs) == len(authored.blocks)
    first, second = samples([real_page()], seed=3), samples([real_page()], seed=3)
    assert [r.i for r in first[0]] == [r.i for r in second[0]] and first[1:] == second[1:]
