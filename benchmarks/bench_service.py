"""Load benchmark of the scoring service (not a test): real gunicorn over loopback, driven from this process.

    python3 benchmarks/bench_service.py [--workers 2] [--levels 1:1000,8:5000,32:2000] [--pages 21]

Starts `python -m detector serve` on a free 127.0.0.1 port (a second process), waits for /readyz, then for each
level "CLIENTS:REQUESTS" sends REQUESTS POST /v1/score?blocks=promo requests with CLIENTS concurrent clients,
cycling through median-size real pages of wcxb-dev, and prints throughput, p50/p95/p99 latency and errors.
Also prints the model's own time per page (in this process, one thread) so the latency can be explained.
"""
import argparse
import gzip
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpora" / "wcxb-dev" / "html"


def median_pages(count):
    """The `count` pages of wcxb-dev closest to the median decompressed size."""
    pages = sorted((len(data), path.name, data) for path in CORPUS.glob("*.html.gz")
                   for data in [gzip.open(path).read()])
    mid = len(pages) // 2
    chosen = pages[max(0, mid - count // 2): mid - count // 2 + count]
    return [(name, data) for _, name, data in chosen], pages[mid][0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(port, body, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("POST", "/v1/score?blocks=promo", body=body, headers={"Content-Type": "text/html"})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def start_server(port, workers):
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
           "PROMO_DETECTOR_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([sys.executable, "-m", "detector", "serve", "--host", "127.0.0.1", "--port", str(port),
                               "--workers", str(workers)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not become ready within 60 s")


def run_level(port, pages, clients, total):
    """`total` requests from `clients` threads; (latencies in s, errors, wall seconds)."""
    latencies, errors, lock = [], [0], threading.Lock()
    counter = iter(range(total))

    def client():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            started = time.perf_counter()
            try:
                ok = request(port, pages[i % len(pages)][1]) == 200
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0], time.perf_counter() - started


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def model_time(pages, repeat=3):
    from detector import Detector

    detector = Detector.load(ROOT / "models" / "promo-detector-v1")
    times = []
    for _ in range(repeat):
        for _, data in pages:
            started = time.perf_counter()
            detector.score(data)
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--levels", default="1:1000,8:5000,32:2000", help="CLIENTS:REQUESTS,...")
    parser.add_argument("--pages", type=int, default=21, help="median-size pages to cycle through")
    args = parser.parse_args(argv)
    pages, median_size = median_pages(args.pages)
    sizes = sorted(len(d) for _, d in pages)
    print(f"pages: {len(pages)} wcxb-dev pages of {sizes[0]:,}-{sizes[-1]:,} bytes (corpus median {median_size:,})")
    print(f"model time per page (in-process, median): {model_time(pages) * 1000:.1f} ms")
    print(f"cpu cores: {os.cpu_count()}; gunicorn workers: {args.workers}; route: POST /v1/score?blocks=promo")
    port = free_port()
    server = start_server(port, args.workers)
    results = []
    try:
        for _ in range(10):
            request(port, pages[0][1])                                  # warm-up
        for level in args.levels.split(","):
            clients, total = (int(x) for x in level.split(":"))
            latencies, errors, wall = run_level(port, pages, clients, total)
            row = {"clients": clients, "requests": total, "errors": errors, "seconds": round(wall, 1),
                   "throughput_rps": round(total / wall, 1),
                   "p50_ms": round(percentile(latencies, 50) * 1000, 1),
                   "p95_ms": round(percentile(latencies, 95) * 1000, 1),
                   "p99_ms": round(percentile(latencies, 99) * 1000, 1)}
            results.append(row)
            print(json.dumps(row), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"{'clients':>7} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    for r in results:
        print(f"{r['clients']:>7} {r['requests']:>8} {r['errors']:>6} {r['throughput_rps']:>7} {r['p50_ms']:>7} "
              f"{r['p95_ms']:>7} {r['p99_ms']:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
