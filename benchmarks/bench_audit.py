"""Benchmark of `promo-detector audit` on real pages (not a test).

    python3 benchmarks/bench_audit.py [--sizes 2000 20000] [--workers N] [--corpora ../shared/corpora]

Pages come from the shared corpora (wcxb-dev/html/*.html.gz, trafilatura-eval/pages/*.gz, ...); the larger sizes
repeat them (a directory of symlinks, so no copy). Each size runs the real CLI in a subprocess; the peak memory is
the largest sum of RSS over the whole process tree (driver and forked workers; PSS too), and the tree's CPU
seconds (so that a machine shared with other jobs can be told apart from a slow audit: pages_per_cpu_s × cores is
what the audit would do on idle cores), sampled every 0.1 s.
A short in-process profile then splits one worker's time per page into the model's stages.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CORPUS_GLOBS = ("wcxb-dev/html/*.html.gz", "trafilatura-eval/pages/*.gz", "article-extraction-benchmark/html/*.gz",
                "readability-testpages/*/source.html.gz")


def real_pages(corpora):
    pages = []
    for pattern in CORPUS_GLOBS:
        pages += sorted(Path(corpora).glob(pattern))
    return pages


def link_archive(pages, size, directory):
    """A directory of `size` symlinks to the pages, repeating them as needed."""
    directory.mkdir(parents=True)
    for i in range(size):
        source = pages[i % len(pages)]
        (directory / f"{i:06d}.html.gz").symlink_to(source.resolve())
    return directory


def tree_sample(process, cpu_seen):
    """(RSS, PSS) summed over the process and all its descendants; records each process's CPU seconds in cpu_seen.
    RSS counts pages shared between the forked workers once per process (an over-estimate); PSS splits them."""
    rss = pss = 0
    for p in [process] + process.children(recursive=True):
        try:
            info = p.memory_full_info()
            times = p.cpu_times()
            rss, pss = rss + info.rss, pss + getattr(info, "pss", info.rss)
            cpu_seen[p.pid] = times.user + times.system
        except psutil.Error:
            pass
    return rss, pss


def run_audit(archive, out, workers):
    command = [sys.executable, "-m", "detector", "audit", str(archive), "--out", str(out), "--quiet"]
    command += ["--workers", str(workers)] if workers else []
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watched, peak, peak_pss, cpu_seen = psutil.Process(child.pid), 0, 0, {}
    load = os.getloadavg()[0]
    while child.poll() is None:
        rss, pss = tree_sample(watched, cpu_seen)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.1)
    wall = time.monotonic() - started
    stdout, stderr = child.communicate()
    if child.returncode:
        raise SystemExit(f"audit failed ({child.returncode}): {stderr.decode()[-2000:]}")
    summary = json.loads((out / "summary.json").read_text())
    cpu = sum(cpu_seen.values())
    cores = os.cpu_count()
    return {"pages": summary["articles"], "errors": summary["errors"], "wall_s": round(wall, 1),
            "pages_per_s": round(summary["articles"] / wall, 1),
            "scoring_pages_per_s": summary["run"]["pages_per_second"],
            "scoring_s": summary["run"]["seconds"], "peak_rss_mb": round(peak / 2 ** 20),
            "peak_pss_mb": round(peak_pss / 2 ** 20),
            "cpu_s": round(cpu, 1), "cpu_share_of_machine": round(cpu / (wall * cores), 2),
            "pages_per_cpu_s": round(summary["articles"] / cpu, 1) if cpu else None,
            "load_before": round(load, 2), "load_after": round(os.getloadavg()[0], 2)}


def profile_stages(pages, n=150):
    """Seconds per page spent in each stage of Detector.score, in one process."""
    sys.path.insert(0, str(ROOT))
    from detector.audit.rows import audit_record
    from detector.inserts import find_inserts
    from detector.model import Detector

    detector = Detector.load(ROOT / "models" / "promo-detector-v1")
    stages = dict.fromkeys(("read+gunzip", "decode+segment+context", "features+classifier", "inserts",
                            "audit rows (over score)"), 0.0)
    blocks_total, done = 0, 0
    for path in pages[:n]:
        t0 = time.perf_counter()
        html = gzip.open(path).read()
        t1 = time.perf_counter()
        try:
            blocks = detector.blocks_of(html)
        except ValueError:
            continue
        t2 = time.perf_counter()
        labels, scores = detector.classify(blocks)
        t3 = time.perf_counter()
        find_inserts(blocks, labels, scores)
        t4 = time.perf_counter()
        audit_record(detector, str(path), html, {})
        t5 = time.perf_counter()
        for stage, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, max((t5 - t4) - (t4 - t1), 0.0))):
            stages[stage] += seconds
        blocks_total += len(blocks)
        done += 1
    per_page = {k: round(1000 * v / done, 1) for k, v in stages.items()}
    return {"pages": done, "blocks_per_page": round(blocks_total / done), "ms_per_page": per_page}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    parser.add_argument("--keep", default=None, help="copy the last run's outputs to this directory")
    args = parser.parse_args()
    pages = real_pages(args.corpora)
    if len(pages) < 2000:
        raise SystemExit(f"need ≥2,000 real pages under {args.corpora}, found {len(pages)}")
    print(f"{len(pages):,} real pages found; {os.cpu_count()} cores", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        for size in args.sizes:
            archive = link_archive(pages, size, Path(tmp) / f"in-{size}")
            out = Path(tmp) / f"out-{size}"
            results[size] = run_audit(archive, out, args.workers)
            print(f"{size:>6,} pages: {json.dumps(results[size])}", flush=True)
            if args.keep:
                subprocess.run(["cp", "-r", str(out), args.keep], check=True)
    profile = profile_stages(pages)
    print(f"one worker, per page ({profile['pages']} pages, {profile['blocks_per_page']} blocks/page): "
          f"{json.dumps(profile['ms_per_page'])}")
    print(json.dumps({"sizes": results, "profile": profile}))


if __name__ == "__main__":
    main()
