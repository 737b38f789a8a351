"""From labelled pages to training samples: site-disjoint splits and per-page block sampling."""
import hashlib
import random

from .features import BlockRef
from .page_signals import SIGNAL_NAMES, page_signal_matrix

DEV_SHARE_BUCKETS = 5          # one site in five goes to the dev split (by a hash of the site name)
MAX_REAL_BLOCKS_PER_LABEL = 25  # real pages: at most this many editorial and boilerplate blocks each per page ...
COMMERCIAL_SIGNALS = ("cta", "bonus", "money", "percent", "affiliate", "sponsored_rel", "disclosure", "ad_label",
                      "fine_print")   # ... besides every block with one of these signals (the hard negatives)
_COMMERCIAL_COLUMNS = [SIGNAL_NAMES.index(name) for name in COMMERCIAL_SIGNALS]


def site_fold(site, folds=DEV_SHARE_BUCKETS):
    """The fold of a site, by a hash of its name: every page of a site is in the same fold."""
    return int(hashlib.sha1(site.encode("utf-8")).hexdigest(), 16) % folds


def is_dev_site(site):
    """The dev split is fold 0 of the site folds."""
    return site_fold(site) == 0


def split_by_site(pages):
    """(train, dev) with no site on both sides."""
    train = [p for p in pages if not is_dev_site(p.site)]
    dev = [p for p in pages if is_dev_site(p.site)]
    return train, dev


def commercial_blocks(blocks):
    """Indices of the blocks with a commercial signal of their own (a call to action, an amount, an affiliate link,
    a disclosure or ad label, fine print)."""
    if not blocks:
        return set()
    hot = (page_signal_matrix(blocks)[:, _COMMERCIAL_COLUMNS] > 0).any(axis=1)
    return set(hot.nonzero()[0].tolist())


def page_samples(page, rng, cap=MAX_REAL_BLOCKS_PER_LABEL):
    """(refs, labels) of one page: every labelled block of authored pages; for real pages every promo block, every
    editorial and boilerplate block with a commercial signal (the navigation "Pricing" link and the reported price
    the model must learn to leave alone), and a sample of the others (real pages hold hundreds of navigation
    blocks)."""
    blocks = tuple(page.blocks)
    chosen = [i for i, label in enumerate(page.labels) if label is not None]
    if page.source != "authored":
        kept = commercial_blocks(blocks) | {i for i in chosen if page.labels[i] == "promo"}
        by_label = {}
        for i in chosen:
            if i not in kept:
                by_label.setdefault(page.labels[i], []).append(i)
        sampled = {i for idx in by_label.values() for i in (idx if len(idx) <= cap else rng.sample(idx, cap))}
        chosen = [i for i in chosen if i in kept or i in sampled]
    return [BlockRef(blocks, i) for i in chosen], [page.labels[i] for i in chosen]


def samples(pages, seed=0):
    """(refs, labels, groups) for a list of pages; deterministic for a seed."""
    rng = random.Random(seed)
    refs, labels, groups = [], [], []
    for page in pages:
        r, y = page_samples(page, rng)
        refs += r
        labels += y
        groups += [page.site] * len(r)
    return refs, labels, groups
