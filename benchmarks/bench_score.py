"""Throughput of `Detector.score` (a page per call, as the CLI and the service score) and `Detector.score_many`
(--batch pages per call, as the audit scores) beside trafilatura.extract on the same real pages, in one process
and one run.

    python benchmarks/bench_score.py [--pages 400] [--rounds 3] [--batch 8] [--corpus ../shared/corpora] [--model DIR]

Pages are a fixed sample of the corpora mix (wcxb-dev, trafilatura-eval, article-extraction-benchmark,
readability-testpages), decoded once up front. Each round times each tool over all pages, interleaved, and the
figures are the median round. Not a test: the machine is shared and noisy, so read medians and the ratio. promo-detector
keeps per-process caches (each word's n-gram columns, link facts, markup rows), so its later rounds run warm; round
1's rate, with the caches empty, is printed too.
"""
import argparse
import gzip
import random
import statistics
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
CORPUS_GLOBS = ("wcxb-dev/html/*.html.gz", "trafilatura-eval/pages/*.gz", "article-extraction-benchmark/html/*.html.gz",
                "readability-testpages/*/source.html.gz")


def sample_pages(corpus, n, seed=0):
    files = sorted(p for pattern in CORPUS_GLOBS for p in Path(corpus).glob(pattern))
    random.Random(seed).shuffle(files)
    return [gzip.open(p).read() for p in files[:n]]


def time_round(function, pages):
    started = time.perf_counter()
    per_page = []
    for page in pages:
        t = time.perf_counter()
        try:
            function(page)
        except Exception:  # a page one tool refuses still costs its time; count it, do not stop
            pass
        per_page.append(time.perf_counter() - t)
    return time.perf_counter() - started, per_page


def time_batches(score_many, pages, size):
    """Like time_round for a batch scorer: each page is charged its batch's mean time."""
    started = time.perf_counter()
    per_page = []
    for k in range(0, len(pages), size):
        batch = pages[k:k + size]
        t = time.perf_counter()
        score_many([(page, None, None) for page in batch])
        per_page += [(time.perf_counter() - t) / len(batch)] * len(batch)
    return time.perf_counter() - started, per_page


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--corpus", default=str(PROJECT.parent / "shared" / "corpora"))
    parser.add_argument("--model", default=str(PROJECT / "models" / "promo-detector-v1"))
    parser.add_argument("--batch", type=int, default=8, help="pages per pipeline call of Detector.score_many")
    args = parser.parse_args()

    import trafilatura

    from detector import Detector

    detector = Detector.load(args.model)
    pages = sample_pages(args.corpus, args.pages)
    sizes = sorted(len(p) for p in pages)
    print(f"{len(pages)} pages, median {sizes[len(sizes) // 2] / 1024:.0f} KiB; {args.rounds} rounds")
    tools = {"promo-detector score": lambda: time_round(detector.score, pages),
             f"promo-detector batch {args.batch}": lambda: time_batches(detector.score_many, pages, args.batch),
             "trafilatura.extract": lambda: time_round(trafilatura.extract, pages)}
    results = {name: [] for name in tools}
    for _ in range(args.rounds):
        for name, timed_round in tools.items():
            results[name].append(timed_round())
    print(f"{'tool':26s} {'pages/s':>9s} {'ms/page (mean)':>15s} {'ms/page (median)':>17s} "
          f"{'pages/s, round 1 (cold caches)':>31s}")
    rates = {}
    for name, rounds in results.items():
        total, per_page = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
        rates[name] = len(pages) / total
        print(f"{name:26s} {rates[name]:9.1f} {1000 * total / len(pages):15.2f} "
              f"{1000 * statistics.median(per_page):17.2f} {len(pages) / rounds[0][0]:31.1f}")
    for name in list(rates)[:2]:
        print(f"ratio ({name} / trafilatura.extract throughput): {rates[name] / rates['trafilatura.extract']:.2f}x")


if __name__ == "__main__":
    main()
