r"""Hashing vectorizers whose expensive part is computed once per process: character n-grams per word, and whole
rows per repeated token string.

CharNgramHasher:
Same features as scikit-learn's `HashingVectorizer(analyzer="char_wb", alternate_sign=False, lowercase=True)`:
each lower-cased word, padded with a space on each side, gives its n-grams; each n-gram is hashed with MurmurHash3
into `n_features` columns; rows are L2-normalised. Because char_wb n-grams never cross a word, a word's column
indices can be cached; a page's words are mostly words seen before, so a block costs a few dictionary lookups
instead of hundreds of string slices.

TokenHasher: same features as `HashingVectorizer(analyzer="word", token_pattern=r"\S+", lowercase=False,
alternate_sign=False)`. Its inputs (a block's markup tokens) repeat across the blocks of a menu, a list or a site's
pages, so each distinct string's normalised row is kept.
"""
import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

WORD_CACHE_SIZE = 1 << 17       # words whose columns are kept per configuration (≈ 30 MB as int32 bytes)
ROW_CACHE_SIZE = 1 << 14        # distinct token strings whose rows are kept per configuration
_memos = {}                     # (function, configuration) → _Memo; caches, not state: rebuilt at will


class _Memo(dict):
    """key → function(key, *config), computed on a miss and kept; emptied when it reaches `size`."""

    def __init__(self, function, config, size):
        super().__init__()
        self.function, self.config, self.size = function, config, size

    def __missing__(self, key):
        if len(self) >= self.size:
            self.clear()
        value = self[key] = self.function(key, *self.config)
        return value


def memo(function, config, size):
    """The process-wide _Memo of `function` for one configuration."""
    found = _memos.get((function, config))
    if found is None:
        found = _memos[(function, config)] = _Memo(function, config, size)
    return found


def word_columns(word, min_n, max_n, n_features):
    """Column indices of the char_wb n-grams of one lower-cased word (int32 bytes, duplicates kept)."""
    padded = f" {word} "
    grams = []
    for n in range(min_n, max_n + 1):
        grams.extend(padded[i:i + n] for i in range(max(len(padded) - n + 1, 1)))
        if len(padded) <= n:
            break  # a word no longer than n counts once, as a whole, and not again for larger n
    return np.fromiter((abs(murmurhash3_32(g, seed=0)) % n_features for g in grams), dtype=np.int32,
                       count=len(grams)).tobytes()


def token_row(text, n_features):
    """The L2-normalised hashed-token row of one whitespace-separated string: (sorted columns, values)."""
    columns = np.fromiter((abs(murmurhash3_32(token, seed=0)) % n_features for token in text.split()),
                          dtype=np.int32)
    unique, counts = np.unique(columns, return_counts=True)
    values = counts.astype(np.float64)
    norm = np.sqrt((values ** 2).sum())
    return unique, (values / norm if norm else values)


class _StatelessHasher(TransformerMixin, BaseEstimator):
    """A hashing vectorizer: strings in, CSR out; `fit` learns nothing (like scikit-learn's HashingVectorizer)."""

    def fit(self, X, y=None):
        return self

    def __sklearn_is_fitted__(self):
        return True

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.string = True
        return tags


class CharNgramHasher(_StatelessHasher):
    """Input: a list of strings; output: a CSR matrix (n_samples × n_features)."""

    def __init__(self, ngram_range=(2, 4), n_features=2 ** 18):
        self.ngram_range = ngram_range
        self.n_features = n_features

    def transform(self, X):
        cache = memo(word_columns, (*self.ngram_range, self.n_features), WORD_CACHE_SIZE)
        words_per_text = [text.lower().split() for text in X]
        columns = list(map(cache.__getitem__, [w for text_words in words_per_text for w in text_words]))
        columns_per_word = np.fromiter(map(len, columns), dtype=np.int64, count=len(columns)) // 4
        words_before = np.cumsum([0, *map(len, words_per_text)])
        columns_before = np.concatenate([[0], np.cumsum(columns_per_word)])
        indptr = columns_before[words_before]
        indices = np.frombuffer(bytearray(b"".join(columns)), dtype=np.int32)  # writable: summed in place
        data = np.ones(len(indices), dtype=np.float64)
        matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(X), self.n_features))
        matrix.sum_duplicates()
        return normalize(matrix, norm="l2", copy=False) if len(X) else matrix

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"char_ngram_{i}" for i in range(self.n_features)], dtype=object)


class TokenHasher(_StatelessHasher):
    """Input: a list of whitespace-separated token strings; output: a CSR matrix (n_samples × n_features)."""

    def __init__(self, n_features=2 ** 14):
        self.n_features = n_features

    def transform(self, X):
        rows = list(map(memo(token_row, (self.n_features,), ROW_CACHE_SIZE).__getitem__, X))
        lengths = np.fromiter((len(columns) for columns, _ in rows), dtype=np.int64, count=len(rows))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        indices = np.concatenate([columns for columns, _ in rows]) if rows else np.zeros(0, dtype=np.int32)
        data = np.concatenate([values for _, values in rows]) if rows else np.zeros(0)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), self.n_features))

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"token_{i}" for i in range(self.n_features)], dtype=object)
