"""A small progress line on stderr (count, rate, ETA), shown only at a terminal."""
import sys
import time

MIN_INTERVAL_S = 0.2


class Progress:
    def __init__(self, total=None, label="pages", stream=None, enabled=None):
        self.total, self.label = total, label
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.done = 0
        self.started = self._last = time.monotonic()

    def update(self, n=1):
        self.done += n
        now = time.monotonic()
        if self.enabled and now - self._last >= MIN_INTERVAL_S:
            self._last = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now=None):
        elapsed = max((now or time.monotonic()) - self.started, 1e-9)
        rate = self.done / elapsed
        text = f"{self.done:,}" + (f"/{self.total:,}" if self.total else "") + f" {self.label}, {rate:,.1f}/s"
        if self.total and rate > 0:
            text += f", ETA {max(self.total - self.done, 0) / rate:,.0f}s"
        return text

    def close(self):
        if self.enabled:
            self.stream.write("\r" + self.line() + "\n")
            self.stream.flush()
