"""Block-level and insert-level quality figures for pages with gold labels."""
from collections import defaultdict

from sklearn.metrics import precision_recall_fscore_support

from .inserts import promo_runs
from .types import LABELS


def label_report(gold, predicted):
    p, r, f, n = precision_recall_fscore_support(gold, predicted, labels=list(LABELS), zero_division=0)
    return {label: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4), "f1": round(float(f[i]), 4),
                    "support": int(n[i])} for i, label in enumerate(LABELS)}


def page_counts(gold, predicted):
    """Counts from one page: editorial flagged, promo found, inserts (gold runs) with any block found."""
    pairs = [(g, p) for g, p in zip(gold, predicted) if g is not None]
    runs = promo_runs([g if g is not None else "boilerplate" for g in gold])
    return {
        "editorial": sum(g == "editorial" for g, _ in pairs),
        "editorial_flagged": sum(g == "editorial" and p == "promo" for g, p in pairs),
        "promo": sum(g == "promo" for g, _ in pairs),
        "promo_found": sum(g == "promo" and p == "promo" for g, p in pairs),
        "predicted_promo": sum(p == "promo" for _, p in pairs),
        "inserts": len(runs),
        "inserts_found": sum(any(predicted[i] == "promo" for i in run) for run in runs),
    }


def summarise(counts):
    c = counts
    tp, fp = c["promo_found"], c["predicted_promo"] - c["promo_found"]
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / c["promo"] if c["promo"] else None
    f1 = 2 * precision * recall / (precision + recall) if precision and recall else (0.0 if c["promo"] else None)
    out = {"promo_precision": precision, "promo_recall": recall, "promo_f1": f1,
           "insert_recall": c["inserts_found"] / c["inserts"] if c["inserts"] else None,
           "editorial_false_flag_rate": c["editorial_flagged"] / c["editorial"] if c["editorial"] else None,
           **{k: c[k] for k in ("promo", "editorial", "inserts")}}
    return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in out.items()}


def grouped_report(pages, predictions):
    """Overall, per-language and per-source summaries for (page, predicted labels) pairs."""
    groups = defaultdict(lambda: defaultdict(int))
    for page, predicted in zip(pages, predictions):
        counts = page_counts(page.labels, predicted)
        for key in ("all", f"lang:{page.lang}", f"source:{page.source}"):
            for name, value in counts.items():
                groups[key][name] += value
    return {key: summarise(c) for key, c in sorted(groups.items())}
