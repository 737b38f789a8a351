"""scikit-learn transformers from blocks-in-their-page to feature matrices.

A sample is a `BlockRef`: one block and the page it sits in, so that neighbour features stay available when
training keeps only some blocks of a page. All transformers are stateless: `fit` learns nothing and returns self.
"""
import functools

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import HashingVectorizer
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import FunctionTransformer

from .hashing import CharNgramHasher, TokenHasher
from .page_signals import BOILERPLATE_TOKENS, PROMO_TOKENS, SIGNAL_NAMES, page_signal_matrix

MAX_TEXT_CHARS = 200          # n-gram features read at most this much of a block (a 50 MB text node costs nothing)
GROUP_LEVELS = 5              # enclosing elements whose blocks' mean signals describe a block's box
# Markup words that mean the same on every site; a class/id token counts through the words it contains
# ("rr-navigation" → nav, "entry-content" → entry, content), so the model cannot memorise one site's class names.
MARKUP_WORDS = tuple(sorted(BOILERPLATE_TOKENS | PROMO_TOKENS | frozenset(
    "article content entry post body text story main lead intro caption figure box card callout aside list item "
    "table title heading byline date meta label notice disclaimer disclosure note info tip highlight inline "
    "recommend recommended recirc more read also popular trending latest newsletter signup login account "
    "price pricing buy store review rating rank compare comparison cashback casino betting crypto broker vpn "
    "gallery video embed slider carousel modal popup overlay sticky".split())))
SHORT_MARKUP_WORD = 4
NEIGHBOUR_WINDOW = 2
NEIGHBOUR_SIGNALS = ("affiliate", "cta", "disclosure", "own_appeal", "ad_label", "fine_print", "bonus", "money",
                     "emoji", "link_density", "in_main", "short", "sentence_end", "promo_tokens", "boilerplate_tokens")
NEIGHBOUR_COLUMNS = [SIGNAL_NAMES.index(name) for name in NEIGHBOUR_SIGNALS]


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


def ancestor_path(path, levels):
    """The path `levels` elements above a block's owner ('' above the root)."""
    return path.rsplit("/", levels)[0] if path.count("/") > levels else ""


def ancestor_chain(path, levels):
    """[ancestor_path(path, 1), ..., ancestor_path(path, levels)], each cut from the one below it."""
    chain = []
    for _ in range(levels):
        path = path[:max(path.rfind("/"), 0)]
        chain.append(path)
    return chain


class ContextSignals(TransformerMixin, BaseEstimator):
    """Dense curated signals of each block, of its neighbours (±window), their window mean (jusText's 'revise
    with neighbours', as features: inserts are runs of blocks between editorial paragraphs), and the mean signals
    of the blocks sharing its enclosing elements 1..group_levels up (a table, list or box is promo as a whole)."""

    def __init__(self, window=NEIGHBOUR_WINDOW, group_levels=GROUP_LEVELS):
        self.window = window
        self.group_levels = group_levels

    def fit(self, X, y=None):
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        """Each page's matrix is computed once, however many of its blocks X holds; X's rows are taken from it."""
        by_page = {}
        for position, ref in enumerate(X):
            page, positions, indices = by_page.setdefault(id(ref.page), (ref.page, [], []))
            positions.append(position)
            indices.append(ref.i)
        if not by_page:
            return np.zeros((0, len(self.get_feature_names_out())))
        out = None
        for page, positions, indices in by_page.values():
            matrix = self.page_matrix(page)
            out = np.zeros((len(X), matrix.shape[1])) if out is None else out
            out[positions] = matrix[indices]
        return out

    def page_matrix(self, page):
        own = page_signal_matrix(page)
        key = own[:, NEIGHBOUR_COLUMNS]
        parts = [own, *self.neighbours(key), self.window_mean(key)]
        chains = [ancestor_chain(b.path, self.group_levels) for b in page]
        parts += [self.group_means([chain[level - 1] for chain in chains], key)
                  for level in range(1, self.group_levels + 1)]
        return np.hstack(parts)

    def offsets(self):
        return [*range(-self.window, 0), *range(1, self.window + 1)]

    def neighbours(self, key):
        n, w = len(key), self.window
        padded = np.vstack([np.zeros((w, key.shape[1])), key, np.zeros((w, key.shape[1]))])
        return [padded[w + offset: w + offset + n] for offset in self.offsets()]

    def window_mean(self, key):
        n, w = len(key), self.window
        cumulative = np.vstack([np.zeros((1, key.shape[1])), np.cumsum(key, axis=0)])
        lo = np.clip(np.arange(n) - w, 0, n)
        hi = np.clip(np.arange(n) + w + 1, 0, n)
        return (cumulative[hi] - cumulative[lo]) / (hi - lo)[:, None]

    @staticmethod
    def group_means(boxes, key):
        """Per block, the mean of `key` over the blocks in the same box (enclosing element), and log(box size)."""
        ids = {}
        group = np.array([ids.setdefault(box, len(ids)) for box in boxes])
        sums = np.zeros((len(ids), key.shape[1]))
        np.add.at(sums, group, key)
        counts = np.bincount(group, minlength=len(ids)).astype(np.float64)
        return np.hstack([sums[group] / counts[group][:, None], np.log(counts[group])[:, None]])

    def get_feature_names_out(self, input_features=None):
        names = list(SIGNAL_NAMES)
        for offset in self.offsets():
            names += [f"n{offset:+d}_{s}" for s in NEIGHBOUR_SIGNALS]
        names += [f"window_mean_{s}" for s in NEIGHBOUR_SIGNALS]
        for level in range(1, self.group_levels + 1):
            names += [f"group{level}_mean_{s}" for s in NEIGHBOUR_SIGNALS] + [f"group{level}_log_blocks"]
        return np.asarray(names, dtype=object)


def block_text(refs, max_chars=MAX_TEXT_CHARS):
    return [ref.block.text[:max_chars] for ref in refs]


@functools.lru_cache(maxsize=1 << 16)
def markup_words(token):
    """The MARKUP_WORDS inside one class/id token: short words (≤ SHORT_MARKUP_WORD letters) only as the whole
    token or its start ("nav" in "navbar", not "ad" in "download"), longer words anywhere ("sidebar" in "mysidebar")."""
    return tuple(w for w in MARKUP_WORDS if _contains_word(token, w))


def _contains_word(token, word):
    if len(word) > SHORT_MARKUP_WORD:
        return word in token
    return token == word or (len(word) > 2 and token.startswith(word))


def markup_tokens(refs):
    """Tag, parent tag and the generic markup words of ancestor class/id tokens (nearest first: "cls0_" for the
    block's own element and parent, "cls_" further up), as one string for a hashing vectorizer."""
    return [markup_string(ref.block.tag, ref.block.container.rsplit("/", 1)[-1].split("[")[0], ref.block.tokens)
            for ref in refs]


@functools.lru_cache(maxsize=1 << 15)
def markup_string(tag, parent_tag, tokens):
    """One block's markup tokens; cached because the blocks of a list or a menu share their ancestors' tokens."""
    near = {f"cls0_{w}" for t in tokens[:6] for w in markup_words(t)}
    far = {f"cls_{w}" for t in tokens[:30] for w in markup_words(t)}
    return " ".join([f"tag_{tag}", f"parent_{parent_tag}", *sorted(near), *sorted(far)])


def build_features(text_features=2 ** 18, markup_features=2 ** 14, window=NEIGHBOUR_WINDOW):
    """The FeatureUnion used by the model: hashed character and word n-grams, markup tokens, curated signals."""
    return FeatureUnion([
        ("chars", make_pipeline(FunctionTransformer(block_text),
                                CharNgramHasher(ngram_range=(2, 4), n_features=text_features))),
        ("words", make_pipeline(FunctionTransformer(block_text),
                                HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=text_features,
                                                  alternate_sign=False, lowercase=True, token_pattern=r"(?u)\b\w+\b"))),
        ("markup", make_pipeline(FunctionTransformer(markup_tokens), TokenHasher(n_features=markup_features))),
        ("signals", make_pipeline(ContextSignals(window=window), FunctionTransformer(sparse.csr_matrix))),
    ])
