"""A tiny Prometheus text exposition (format 0.0.4): request counters, latency histograms, promo blocks found.

One Metrics object per app, so per process: under gunicorn each worker counts its own requests (see docs).
"""
import os
import threading
from collections import defaultdict

BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
PREFIX = "promo_detector"


def labels(**pairs):
    escaped = (f'{k}="{str(v).replace(chr(92), chr(92) * 2).replace(chr(34), chr(92) + chr(34))}"'
               for k, v in pairs.items())
    return "{" + ",".join(escaped) + "}"


def number(value):
    return repr(float(value)) if isinstance(value, float) else str(value)


class Histogram:
    def __init__(self):
        self.counts = [0] * len(BUCKETS)
        self.total = 0.0
        self.count = 0

    def observe(self, value):
        for i, bound in enumerate(BUCKETS):
            if value <= bound:
                self.counts[i] += 1
        self.total += value
        self.count += 1

    def lines(self, name, **pairs):
        for bound, count in zip(BUCKETS, self.counts):
            yield f"{name}_bucket{labels(**pairs, le=number(bound))} {count}"
        yield f"{name}_bucket{labels(**pairs, le='+Inf')} {self.count}"
        yield f"{name}_sum{labels(**pairs)} {number(self.total)}"
        yield f"{name}_count{labels(**pairs)} {self.count}"


class Metrics:
    """Counters and histograms of one process, safe under threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self.requests = defaultdict(int)           # (method, route, status) → count
        self.latency = defaultdict(Histogram)      # (route, status) → Histogram
        self.documents = defaultdict(int)          # has_promo ("true"/"false") → count
        self.promo_blocks = 0

    def observe_request(self, method, route, status, seconds):
        with self._lock:
            self.requests[(method, route, str(status))] += 1
            self.latency[(route, str(status))].observe(seconds)

    def observe_document(self, verdict_dict):
        """Count one scored page: its promo blocks are the blocks of its inserts (whatever `blocks=` chose)."""
        promo = sum(len(insert["blocks"]) for insert in verdict_dict.get("inserts", ()))
        with self._lock:
            self.documents["true" if verdict_dict.get("has_promo") else "false"] += 1
            self.promo_blocks += promo

    def render(self):
        with self._lock:
            return "\n".join(self._lines()) + "\n"

    def _lines(self):
        pid = str(os.getpid())
        yield f"# HELP {PREFIX}_requests_total HTTP requests handled by this worker, by route and status."
        yield f"# TYPE {PREFIX}_requests_total counter"
        for (method, route, status), count in sorted(self.requests.items()):
            yield f"{PREFIX}_requests_total{labels(method=method, route=route, status=status, pid=pid)} {count}"
        yield f"# HELP {PREFIX}_request_duration_seconds Request latency, by route and status."
        yield f"# TYPE {PREFIX}_request_duration_seconds histogram"
        for (route, status), histogram in sorted(self.latency.items()):
            yield from histogram.lines(f"{PREFIX}_request_duration_seconds", route=route, status=status, pid=pid)
        yield f"# HELP {PREFIX}_documents_scored_total Pages scored, by whether promo was found."
        yield f"# TYPE {PREFIX}_documents_scored_total counter"
        for has_promo, count in sorted(self.documents.items()):
            yield f"{PREFIX}_documents_scored_total{labels(has_promo=has_promo, pid=pid)} {count}"
        yield f"# HELP {PREFIX}_promo_blocks_total Promo blocks found in scored pages."
        yield f"# TYPE {PREFIX}_promo_blocks_total counter"
        yield f"{PREFIX}_promo_blocks_total{labels(pid=pid)} {self.promo_blocks}"
