"""Hashed character n-grams within words, with the n-grams of each word computed once per process.

Same features as scikit-learn's `HashingVectorizer(analyzer="char_wb", alternate_sign=False, lowercase=True)`:
each lower-cased word, padded with a space on each side, gives its n-grams; each n-gram is hashed with MurmurHash3
into `n_features` columns; rows are L2-normalised. Because char_wb n-grams never cross a word, a word's column
indices can be cached; a page's words are mostly words seen before, so a block costs a few dictionary lookups
instead of hundreds of string slices.
"""
import functools

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

WORD_CACHE_SIZE = 1 << 16       # words whose columns are kept (≈ 25 MB: an int32 array of ~25 columns each)


@functools.lru_cache(maxsize=WORD_CACHE_SIZE)
def word_columns(word, min_n, max_n, n_features):
    """Column indices of the char_wb n-grams of one lower-cased word (an int32 array, duplicates kept)."""
    padded = f" {word} "
    grams = []
    for n in range(min_n, max_n + 1):
        grams.extend(padded[i:i + n] for i in range(max(len(padded) - n + 1, 1)))
        if len(padded) <= n:
            break  # a word no longer than n counts once, as a whole, and not again for larger n
    return np.fromiter((abs(murmurhash3_32(g, seed=0)) % n_features for g in grams), dtype=np.int32,
                       count=len(grams))


class CharNgramHasher(TransformerMixin, BaseEstimator):
    """Stateless: `fit` learns nothing. Input: a list of strings; output: a CSR matrix (n_samples × n_features)."""

    def __init__(self, ngram_range=(2, 4), n_features=2 ** 18):
        self.ngram_range = ngram_range
        self.n_features = n_features

    def fit(self, X, y=None):
        return self

    def __sklearn_is_fitted__(self):
        return True  # stateless, like HashingVectorizer

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.requires_fit = False
        tags.input_tags.string = True
        return tags

    def transform(self, X):
        min_n, max_n = self.ngram_range
        columns, lengths = [], []
        for text in X:
            words = [word_columns(word, min_n, max_n, self.n_features) for word in text.lower().split()]
            columns += words
            lengths.append(sum(len(w) for w in words))
        indices = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int32)
        indptr = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
        data = np.ones(len(indices), dtype=np.float64)
        matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(lengths), self.n_features))
        matrix.sum_duplicates()
        return normalize(matrix, norm="l2", copy=False)

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"char_ngram_{i}" for i in range(self.n_features)], dtype=object)
