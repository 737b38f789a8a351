"""From labelled pages to training samples: site-disjoint splits and per-page block sampling."""
import hashlib
import random

from .features import BlockRef

DEV_SHARE_BUCKETS = 5          # one site in five goes to the dev split (by a hash of the site name)
MAX_REAL_BLOCKS_PER_LABEL = 25  # real pages: at most this many editorial and boilerplate blocks each per page


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


def page_samples(page, rng, cap=MAX_REAL_BLOCKS_PER_LABEL):
    """(refs, labels) of one page: every labelled block of authored pages; for real pages every promo block and a
    sample of editorial and boilerplate blocks (real pages hold hundreds of navigation blocks)."""
    blocks = tuple(page.blocks)
    chosen = [i for i, label in enumerate(page.labels) if label is not None]
    if page.source != "authored":
        by_label = {}
        for i in chosen:
            by_label.setdefault(page.labels[i], []).append(i)
        chosen = sorted(i for label, idx in by_label.items()
                        for i in (idx if label == "promo" or len(idx) <= cap else rng.sample(idx, cap)))
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
