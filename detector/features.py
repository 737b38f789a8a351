"""scikit-learn transformers from blocks-in-their-page to feature matrices.

A sample is a `BlockRef`: one block and the page it sits in, so that neighbour features stay available when
training keeps only some blocks of a page. All transformers are stateless: `fit` learns nothing and returns self.
"""
import math

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import FunctionTransformer

from . import signals
from .types import Block

MAX_TEXT_CHARS = 400          # text features read at most this much of a block (a 50 MB text node costs nothing)
COUNT_CAP = 5.0               # counts are capped so a long list of links does not dominate
BLOCK_TAG_GROUPS = {
    "p": "p", "li": "li", "td": "cell", "th": "cell", "dt": "li", "dd": "li", "blockquote": "quote",
    "figcaption": "caption", "caption": "caption", "h1": "heading", "h2": "heading", "h3": "heading",
    "h4": "heading", "h5": "heading", "h6": "heading", "button": "button", "pre": "code",
}
TAG_GROUPS = ("p", "li", "cell", "quote", "caption", "heading", "button", "code", "container")
BOILERPLATE_TOKENS = frozenset("nav navbar menu footer header sidebar aside breadcrumb breadcrumbs related share "
                               "sharing social comment comments widget cookie newsletter subscribe tags author bio "
                               "copyright pagination".split())
PROMO_TOKENS = frozenset("ad ads advert advertisement advertorial sponsor sponsored promo promotion affiliate partner "
                         "deal deals offer coupon voucher product shop cta button btn teaser native taboola outbrain "
                         "commercial anzeige werbung pub publicite banner bonus".split())
NEIGHBOUR_WINDOW = 2
NEIGHBOUR_SIGNALS = ("affiliate", "cta", "disclosure", "ad_label", "bonus", "money", "emoji", "link_density",
                     "in_main", "short", "sentence_end", "promo_tokens")


class BlockRef:
    """One block of a page (a tuple of Blocks), as a sample for the features."""

    __slots__ = ("page", "i")

    def __init__(self, page, i):
        self.page, self.i = page, i

    @property
    def block(self):
        return self.page[self.i]


def refs_of(page):
    page = tuple(page)
    return [BlockRef(page, i) for i in range(len(page))]


def _cap(value):
    return min(float(value), COUNT_CAP)


def block_signals(block):
    """The curated signals of one block, as a dict of floats (names are the feature names)."""
    text = block.text[:2000]
    n = max(len(text), 1)
    links = block.links[:20]
    affiliate = sum(bool(signals.affiliate_reasons(link, block.page_host)) for link in links)
    external = sum(signals.is_external(link, block.page_host) for link in links)
    group = BLOCK_TAG_GROUPS.get(block.tag, "container")
    token_set = set(block.tokens)
    values = {
        "log_chars": math.log1p(len(block.text)),
        "log_words": math.log1p(text.count(" ") + 1),
        "link_density": min(block.link_chars / n, 1.0),
        "links": _cap(len(block.links)),
        "affiliate": _cap(affiliate),
        "external": _cap(external),
        "sponsored_rel": float(any("sponsored" in link.rel for link in links)),
        "cta": _cap(len(signals.CALL_TO_ACTION.findall(text))),
        "disclosure": float(bool(signals.DISCLOSURE.search(text))),
        "ad_label": float(bool(signals.AD_LABEL.match(text[:60]))),
        "bonus": _cap(len(signals.BONUS_WORDS.findall(text))),
        "money": _cap(len(signals.MONEY.findall(text))),
        "percent": _cap(len(signals.PERCENT.findall(text))),
        "emoji": _cap(len(signals.EMOJI.findall(text))),
        "exclamation": _cap(text.count("!")),
        "upper_share": sum(c.isupper() for c in text) / n,
        "digit_share": sum(c.isdigit() for c in text) / n,
        "log_repeats": math.log(block.repeats),
        "in_main": float(block.in_main),
        "position": block.position,
        "depth": min(block.depth / 30.0, 1.0),
        "short": float(len(block.text) < 40),
        "sentence_end": float(text.rstrip()[-1:] in ".!?»\"”:"),
        "boilerplate_tokens": _cap(len(token_set & BOILERPLATE_TOKENS)),
        "promo_tokens": _cap(len(token_set & PROMO_TOKENS)),
    }
    for name in TAG_GROUPS:
        values[f"tag_{name}"] = float(group == name)
    return values


SIGNAL_NAMES = tuple(block_signals(Block(index=0, text="probe", tag="p", path="/p")))


class ContextSignals(TransformerMixin, BaseEstimator):
    """Dense curated signals of each block, of its neighbours (±window) and their window mean (jusText's
    'revise with neighbours' as features: inserts are runs of blocks between editorial paragraphs)."""

    def __init__(self, window=NEIGHBOUR_WINDOW):
        self.window = window

    def fit(self, X, y=None):
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        pages = {}
        rows = []
        neighbour_idx = [SIGNAL_NAMES.index(name) for name in NEIGHBOUR_SIGNALS]
        for ref in X:
            matrix = pages.get(id(ref.page))
            if matrix is None:
                matrix = np.array([[v for v in block_signals(b).values()] for b in ref.page], dtype=np.float64)
                matrix = matrix.reshape(len(ref.page), len(SIGNAL_NAMES))
                pages[id(ref.page)] = matrix
            rows.append(self._row(matrix, ref.i, neighbour_idx))
        return np.vstack(rows) if rows else np.zeros((0, len(self.get_feature_names_out())))

    def _row(self, matrix, i, neighbour_idx):
        n = len(matrix)
        parts = [matrix[i]]
        for offset in [*range(-self.window, 0), *range(1, self.window + 1)]:
            j = i + offset
            parts.append(matrix[j, neighbour_idx] if 0 <= j < n else np.zeros(len(neighbour_idx)))
        lo, hi = max(0, i - self.window), min(n, i + self.window + 1)
        parts.append(matrix[lo:hi, neighbour_idx].mean(axis=0))
        return np.concatenate(parts)

    def get_feature_names_out(self, input_features=None):
        names = list(SIGNAL_NAMES)
        for offset in [*range(-self.window, 0), *range(1, self.window + 1)]:
            names += [f"n{offset:+d}_{s}" for s in NEIGHBOUR_SIGNALS]
        names += [f"window_mean_{s}" for s in NEIGHBOUR_SIGNALS]
        return np.asarray(names, dtype=object)


def block_text(refs, max_chars=MAX_TEXT_CHARS):
    return [ref.block.text[:max_chars] for ref in refs]


def markup_tokens(refs):
    """Tag, parent tag and ancestor class/id tokens of each block, as one string for a hashing vectorizer."""
    out = []
    for ref in refs:
        b = ref.block
        parent_tag = b.container.rsplit("/", 1)[-1].split("[")[0]
        out.append(" ".join([f"tag_{b.tag}", f"parent_{parent_tag}", *(f"cls_{t}" for t in b.tokens[:20])]))
    return out


def build_features(text_features=2 ** 18, markup_features=2 ** 14, window=NEIGHBOUR_WINDOW):
    """The FeatureUnion used by the model: hashed character and word n-grams, markup tokens, curated signals."""
    return FeatureUnion([
        ("chars", make_pipeline(FunctionTransformer(block_text),
                                HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=text_features,
                                                  alternate_sign=False, lowercase=True))),
        ("words", make_pipeline(FunctionTransformer(block_text),
                                HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=text_features,
                                                  alternate_sign=False, lowercase=True, token_pattern=r"(?u)\b\w+\b"))),
        ("markup", make_pipeline(FunctionTransformer(markup_tokens),
                                 HashingVectorizer(analyzer="word", n_features=markup_features, alternate_sign=False,
                                                   lowercase=False, token_pattern=r"\S+"))),
        ("signals", make_pipeline(ContextSignals(window=window), FunctionTransformer(sparse.csr_matrix))),
    ])
