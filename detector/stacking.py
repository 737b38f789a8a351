"""A two-stage block classifier: jusText's "classify, then revise with context", learned.

Stage 1 is a linear model over everything (hashed n-grams, markup tokens, curated signals): good at wording.
Stage 2 is gradient boosting over stage 1's out-of-fold probabilities plus the dense curated signals (the block's,
its neighbours', its enclosing boxes'): it learns interactions a linear model cannot ("a repeated, short block with
a call to action inside the article is an insert"). Out-of-fold probabilities come from folds grouped by site, so
stage 2 learns how far to trust stage 1 on sites it has not seen.
"""
import functools

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict
from sklearn.preprocessing import MaxAbsScaler
from threadpoolctl import ThreadpoolController

DEFAULT_FOLDS = 3


@functools.lru_cache(maxsize=1)
def _threadpools():
    return ThreadpoolController()


def single_threaded():
    """A context that keeps OpenMP (gradient boosting's prediction) on one thread: a page is a few hundred rows,
    and on a busy machine OpenMP's thread team costs seconds where one thread takes milliseconds. Services and
    audits get their parallelism from processes."""
    return _threadpools().limit(limits=1, user_api="openmp")


class StackedBlockClassifier(ClassifierMixin, BaseEstimator):
    """Parameters only in __init__; learned attributes end in "_".

    `dense_columns` is the number of trailing columns of X that hold the dense curated signals.
    """

    def __init__(self, dense_columns=0, C=4.0, linear_max_iter=100, n_folds=DEFAULT_FOLDS, boost_iter=60,
                 learning_rate=0.15, random_state=0):
        self.dense_columns = dense_columns
        self.C = C
        self.linear_max_iter = linear_max_iter
        self.n_folds = n_folds
        self.boost_iter = boost_iter
        self.learning_rate = learning_rate
        self.random_state = random_state

    def _linear(self):
        return LogisticRegression(C=self.C, solver="saga", max_iter=self.linear_max_iter, tol=1e-3,
                                  class_weight="balanced", random_state=self.random_state)

    def _second_stage_input(self, linear_proba, X):
        dense = X[:, X.shape[1] - self.dense_columns:] if self.dense_columns else X[:, :0]
        dense = dense.toarray() if hasattr(dense, "toarray") else np.asarray(dense)
        return np.hstack([linear_proba, dense])

    def fit(self, X, y, groups=None):
        y = np.asarray(y)
        self.scaler_ = MaxAbsScaler().fit(X)
        scaled = self.scaler_.transform(X)
        groups = np.arange(len(y)) if groups is None else np.asarray(groups)
        folds = GroupKFold(n_splits=min(self.n_folds, len(np.unique(groups))))
        out_of_fold = cross_val_predict(self._linear(), scaled, y, groups=groups, cv=folds, method="predict_proba")
        self.linear_ = clone(self._linear()).fit(scaled, y)
        self.boost_ = HistGradientBoostingClassifier(max_iter=self.boost_iter, learning_rate=self.learning_rate,
                                                     class_weight="balanced", random_state=self.random_state)
        self.boost_.fit(self._second_stage_input(out_of_fold, X), y)
        self.classes_ = self.boost_.classes_
        return self

    def predict_proba(self, X):
        linear_proba = self.linear_.predict_proba(self.scaler_.transform(X))
        with single_threaded():
            return self.boost_.predict_proba(self._second_stage_input(linear_proba, X))

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]
