"""Resumable results: numbered part files written atomically plus a ledger of finished chunks.

Layout under DIR/.audit/: config.json (what the run audits), parts/articles-<chunk>.parquet and
parts/inserts-<chunk>.parquet, done.jsonl (one line per finished chunk, appended and fsync'ed after both parts
are in place). A chunk counts as done only once its ledger line is complete, so a kill -9 loses at most the
chunks in flight; --resume redoes them and overwrites their parts (same names), so nothing is duplicated.
"""
import json
import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from . import schema

STATE_DIR = ".audit"


class ResumeMismatch(RuntimeError):
    """--resume on an output directory whose interrupted run audited other inputs or options."""


def atomic_write_bytes(path, data):
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def atomic_write_table(path, table):
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


class Checkpoint:
    def __init__(self, out_dir):
        self.dir = Path(out_dir) / STATE_DIR
        self.parts = self.dir / "parts"
        self.ledger = self.dir / "done.jsonl"
        self.config_path = self.dir / "config.json"

    def start(self, config, resume):
        """Begin (or continue, with resume=True) a run; returns {chunk id: article count} already done."""
        if resume and self.config_path.exists():
            previous = json.loads(self.config_path.read_text(encoding="utf-8"))
            if previous != config:
                raise ResumeMismatch(f"{self.dir.parent} holds an interrupted audit of other inputs or options; "
                                     "run without --resume to start over, or use another --out")
            done = self.read_ledger()
            self._rewrite_ledger(done)
            return done
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.parts.mkdir(parents=True)
        atomic_write_bytes(self.config_path, json.dumps(config, indent=1, sort_keys=True).encode("utf-8"))
        atomic_write_bytes(self.ledger, b"")
        return {}

    def read_ledger(self):
        """Finished chunks; a torn last line (kill -9 while appending) and chunks whose parts are gone don't count."""
        done = {}
        if not self.ledger.exists():
            return done
        for line in self.ledger.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(entry, dict) and self._parts_exist(entry.get("chunk", "")):
                done[entry["chunk"]] = entry.get("articles", 0)
        return done

    def _parts_exist(self, chunk_id):
        return all(self.part_path(kind, chunk_id).exists() for kind in ("articles", "inserts"))

    def _rewrite_ledger(self, done):
        lines = "".join(json.dumps({"chunk": c, "articles": n}) + "\n" for c, n in sorted(done.items()))
        atomic_write_bytes(self.ledger, lines.encode("utf-8"))

    def part_path(self, kind, chunk_id):
        return self.parts / f"{kind}-{chunk_id}.parquet"

    def record(self, result):
        """Store one chunk's result: both parts atomically, then the ledger line."""
        chunk_id = result["chunk"]
        atomic_write_table(self.part_path("articles", chunk_id), schema.table(result["articles"], schema.ARTICLES))
        atomic_write_table(self.part_path("inserts", chunk_id), schema.table(result["inserts"], schema.INSERT_PARTS))
        line = json.dumps({"chunk": chunk_id, "articles": len(result["articles"])}) + "\n"
        with open(self.ledger, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())

    def iter_parts(self, kind):
        """Part tables of finished chunks, in chunk order."""
        for chunk_id in sorted(self.read_ledger()):
            yield pq.read_table(self.part_path(kind, chunk_id))

    def remove_parts(self):
        shutil.rmtree(self.parts, ignore_errors=True)
