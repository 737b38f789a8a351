"""Evaluation: block metrics on site-disjoint dev pages, the snippet scorer on gold files, and the quality gate."""
import importlib.util
import json
import tempfile
from pathlib import Path

from .metrics import grouped_report, label_report
from .output import verdict_record

GATE_TOLERANCE = 0.02          # a gated figure may fall this much below the committed baseline
GATED = (("all", "promo_f1", "min"), ("all", "promo_recall", "min"), ("all", "editorial_false_flag_rate", "max"))


def predict_pages(detector, pages, batch_pages=8):
    """Each page's block labels, classified `batch_pages` pages per pipeline call (Detector.classify_pages)."""
    batches = (detector.classify_pages([page.blocks for page in pages[k:k + batch_pages]])
               for k in range(0, len(pages), batch_pages))
    return [labels for batch in batches for labels, _ in batch]


def block_metrics(pages, predictions):
    gold = [g for page in pages for g in page.labels]
    pred = [p for preds in predictions for p in preds]
    kept = [(g, p) for g, p in zip(gold, pred) if g is not None]
    return {"labels": label_report([g for g, _ in kept], [p for _, p in kept]),
            "groups": grouped_report(pages, predictions)}


def load_score_gold(shared_dir):
    path = Path(shared_dir) / "eval" / "score_gold.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("score_gold", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def gold_files(shared_dir):
    """Every snippet-gold file under shared/ (the sealed holdout excluded: it cannot be read)."""
    root = Path(shared_dir)
    return sorted(p for p in root.rglob("*gold*.jsonl") if "holdout" not in p.parts)


def score_gold_file(detector, scorer, gold_path):
    """Run the official snippet scorer on one gold file with this detector's predictions."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for line in Path(gold_path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                page = Path(gold_path).parent / json.loads(line)["file"]
                verdict = detector.score(page.read_bytes())
                out.write(json.dumps(verdict_record(str(page), verdict), ensure_ascii=False) + "\n")
    try:
        return scorer.score(str(gold_path), out.name)
    finally:
        Path(out.name).unlink()


def authored_gold(pages, directory):
    """Write snippet gold for authored dev pages (their own text), so the official scorer can judge them too."""
    path = Path(directory) / "authored_dev_gold.jsonl"
    with open(path, "w", encoding="utf-8") as f:
        for page in pages:
            if page.source != "authored":
                continue
            html_file = Path(directory) / (page.page_id.replace("/", "__") + ".html")
            html_file.write_text(page.html, encoding="utf-8")
            texts = lambda lab: sorted({b.text for b, g in zip(page.blocks, page.labels) if g == lab})  # noqa: E731
            f.write(json.dumps({"id": page.page_id, "file": html_file.name, "lang": page.lang,
                                "promo": texts("promo"), "editorial": texts("editorial")}, ensure_ascii=False) + "\n")
    return path


def snippet_metrics(detector, dev_pages, shared_dir):
    scorer = load_score_gold(shared_dir) if shared_dir else None
    if scorer is None:
        return {}
    results = {str(p.relative_to(Path(shared_dir))): _compact(score_gold_file(detector, scorer, p))
               for p in gold_files(shared_dir)}
    with tempfile.TemporaryDirectory() as tmp:
        results["authored dev pages"] = _compact(score_gold_file(detector, scorer, authored_gold(dev_pages, tmp)))
    return results


def _compact(result):
    keys = ("pages", "promo", "promo_found", "editorial", "editorial_flagged", "promo_recall", "promo_precision",
            "promo_f1", "editorial_false_flag_rate", "editorial_dropped_rate", "per_lang")
    return {k: (round(result[k], 4) if isinstance(result.get(k), float) else result.get(k)) for k in keys}


def gate(current, baseline, tolerance=GATE_TOLERANCE):
    """Failures (list of strings) where current metrics fall below the baseline by more than the tolerance."""
    failures = []
    for group, key, direction in GATED:
        now = current["dev"]["groups"].get(group, {}).get(key)
        then = baseline["dev"]["groups"].get(group, {}).get(key)
        if now is None or then is None:
            continue
        worse = now < then - tolerance if direction == "min" else now > then + tolerance
        if worse:
            failures.append(f"{group} {key}: {now} vs baseline {then} (tolerance {tolerance})")
    return failures
