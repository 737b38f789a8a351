"""Reproducible training: load labelled pages, evaluate on a site-disjoint dev split, fit on all, save.

The committed model is fitted on every labelled page; its reported figures come from a model fitted on the
training sites only and scored on the dev sites (no site on both sides).
"""
import hashlib
import json
import logging
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.pipeline import Pipeline

from .corpus import load_authored, load_real
from .dataset import is_dev_site, samples, site_fold, split_by_site
from .evaluate import block_metrics, predict_pages, snippet_metrics
from .model import PROMO_THRESHOLD, Detector, build_pipeline
from .model_card import write_model_card
from .persist import save_model

log = logging.getLogger(__name__)
PROJECT = Path(__file__).resolve().parents[1]
DEFAULTS = {
    "authored": PROJECT / "training_data" / "authored",
    "real_labels": PROJECT / "training_data" / "real",
    "corpus": PROJECT.parent / "shared" / "corpora",
    "shared": PROJECT.parent / "shared",
    "out": PROJECT / "models" / "promo-detector-v1",
}
MODEL_NAME = "promo-detector"
MODEL_VERSION = "1.0.0"
SEED = 0


def fingerprint(authored_dir, labels_dir):
    """sha256 over the training data files (names and bytes), so a manifest names the data it came from."""
    digest = hashlib.sha256()
    for path in sorted([*Path(authored_dir).glob("*/*.html"), *Path(labels_dir).glob("*.jsonl")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_pages(authored_dir, labels_dir, corpus_root):
    pages = load_authored(authored_dir)
    real, unresolved = [], 0
    for labels_file in sorted(Path(labels_dir).glob("*.jsonl")):
        more, missing = load_real(labels_file, corpus_root)
        real += more
        unresolved += missing
    if not real:
        log.warning("no real pages loaded (corpus %s absent or no labels): training on authored pages only",
                    corpus_root)
    return pages + real, unresolved


def describe(pages):
    return {"pages": len(pages), "sites": len({p.site for p in pages}),
            "blocks": dict(Counter(label for p in pages for label in p.labels if label)),
            "pages_per_source": dict(Counter(p.source for p in pages)),
            "pages_per_lang": dict(Counter(p.lang for p in pages))}


def fit(pages, seed=SEED):
    """A fitted Pipeline for these pages (the block features are computed once, inside)."""
    refs, labels, groups = samples(pages, seed)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The max_iter was reached")  # tol 1e-3 reached in practice
        return build_pipeline(random_state=seed).fit(refs, labels, classifier__groups=groups)


def fit_on_rows(pipeline, X, labels, groups, rows, seed=SEED):
    """A Pipeline sharing the (stateless, fitted) features of `pipeline`, whose classifier is fitted on the given
    rows of the precomputed feature matrix: how train fits the dev model and the final model from one pass."""
    classifier = clone(pipeline.named_steps["classifier"]).set_params(random_state=seed)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The max_iter was reached")
        classifier.fit(X[rows], np.asarray(labels)[rows], groups=np.asarray(groups)[rows])
    return Pipeline([("features", pipeline.named_steps["features"]), ("classifier", classifier)])


def featurise(pages, seed=SEED):
    """(template pipeline, X, labels, groups): the block features of every page's samples, computed once."""
    refs, labels, groups = samples(pages, seed)
    template = build_pipeline(random_state=seed)
    return template, template.named_steps["features"].fit_transform(refs), labels, groups


def dev_evaluation(template, X, labels, groups, dev_pages, shared, seed=SEED):
    """Fit on the training sites' rows, score the dev sites' pages: block metrics and snippet metrics."""
    train_rows = np.flatnonzero([not is_dev_site(site) for site in groups])
    detector = Detector(fit_on_rows(template, X, labels, groups, train_rows, seed))
    return {"dev": block_metrics(dev_pages, predict_pages(detector, dev_pages)),
            "snippets": snippet_metrics(detector, dev_pages, shared if Path(shared).is_dir() else None)}


def cross_validation(template, X, labels, groups, pages, folds, seed=SEED):
    """Site-disjoint cross-validation: sites hashed into `folds` folds (fold 0 is the dev split); each fold scored
    by a model fitted on the other folds' rows. Block metrics pooled over all pages, and each fold's promo F1."""
    row_folds = np.array([site_fold(site, folds) for site in groups])
    scored_pages, predictions, per_fold = [], [], []
    for fold in range(folds):
        detector = Detector(fit_on_rows(template, X, labels, groups, np.flatnonzero(row_folds != fold), seed))
        fold_pages = [p for p in pages if site_fold(p.site, folds) == fold]
        fold_predictions = predict_pages(detector, fold_pages)
        per_fold.append(block_metrics(fold_pages, fold_predictions)["groups"]["all"]["promo_f1"])
        scored_pages += fold_pages
        predictions += fold_predictions
        log.info("fold %d/%d: promo F1 %.3f", fold + 1, folds, per_fold[-1])
    return {"folds": folds, "promo_f1_per_fold": per_fold, **block_metrics(scored_pages, predictions)}


def cross_validate(folds, authored=DEFAULTS["authored"], real_labels=DEFAULTS["real_labels"],
                   corpus=DEFAULTS["corpus"], seed=SEED):
    pages, _ = load_pages(authored, real_labels, corpus)
    return cross_validation(*featurise(pages, seed), pages, folds, seed)


def evaluate_only(authored=DEFAULTS["authored"], real_labels=DEFAULTS["real_labels"], corpus=DEFAULTS["corpus"],
                  shared=DEFAULTS["shared"], seed=SEED):
    """The dev-split evaluation alone, exactly as `train` runs it (same samples, same fit), writing nothing."""
    pages, _ = load_pages(authored, real_labels, corpus)
    _, dev_pages = split_by_site(pages)
    return dev_evaluation(*featurise(pages, seed), dev_pages, shared, seed)


def train(authored=DEFAULTS["authored"], real_labels=DEFAULTS["real_labels"], corpus=DEFAULTS["corpus"],
          shared=DEFAULTS["shared"], out=DEFAULTS["out"], seed=SEED, evaluate=True):
    """Train, evaluate on the dev sites, fit the final model on all pages and write the model directory."""
    started = time.perf_counter()
    pages, unresolved = load_pages(authored, real_labels, corpus)
    train_pages, dev_pages = split_by_site(pages)
    log.info("pages: %d train, %d dev; %d real-page labels did not resolve", len(train_pages), len(dev_pages),
             unresolved)
    metrics = {"data": {"all": describe(pages), "train": describe(train_pages), "dev": describe(dev_pages),
                        "unresolved_real_labels": unresolved}}
    template, X, labels, groups = featurise(pages, seed)
    log.info("features: %d samples × %d columns in %.0f s", X.shape[0], X.shape[1], time.perf_counter() - started)
    if evaluate and dev_pages:
        metrics.update(dev_evaluation(template, X, labels, groups, dev_pages, shared, seed))
        log.info("dev evaluation done at %.0f s", time.perf_counter() - started)
    final = fit_on_rows(template, X, labels, groups, np.arange(len(labels)), seed)
    metrics["training_seconds"] = round(time.perf_counter() - started, 1)
    manifest = {"name": MODEL_NAME, "version": MODEL_VERSION, "labels": list(final.classes_),
                "promo_threshold": PROMO_THRESHOLD, "seed": seed,
                "training_data_sha256": fingerprint(authored, real_labels), "data": metrics["data"],
                "dev_metrics": metrics.get("dev", {}).get("groups", {}).get("all", {})}
    manifest = save_model(out, final, manifest)
    (Path(out) / "metrics.json").write_text(json.dumps(metrics, indent=1, ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    write_model_card(Path(out) / "MODEL_CARD.md", manifest, metrics)
    return manifest, metrics
