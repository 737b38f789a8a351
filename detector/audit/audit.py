"""The audit as a library call: inputs → chunks → workers → checkpoint → final outputs."""
import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..progress import Progress
from .checkpoint import Checkpoint
from .finalize import finalize
from .runner import CHUNK_BYTES, DEFAULT_CHUNK, plan_chunks, run
from .sources import Columns, count_records, expand_inputs


@dataclass
class AuditOptions:
    inputs: list
    out: str
    model: str
    workers: int | None = None
    scheduler: str = "processes"
    resume: bool = False
    chunk_size: int = DEFAULT_CHUNK
    max_bytes: int = 20 * 1024 * 1024
    columns: Columns = field(default_factory=Columns)
    keep_parts: bool = False
    count: bool = True
    progress: bool | None = None     # None: at a terminal only


def check_scheduler(scheduler):
    if scheduler in ("local", "processes") or "://" in scheduler:
        return scheduler
    raise ValueError(f"--scheduler must be local, processes or dask://HOST:PORT, not {scheduler!r}")


def run_config(options, inputs):
    """What a resumed run must match: the expanded inputs and everything that changes the chunks or rows."""
    return {"inputs": [[path, kind] for path, kind in inputs], "chunk_size": options.chunk_size,
            "chunk_bytes": CHUNK_BYTES,
            "max_bytes": options.max_bytes, "columns": vars(options.columns), "model": os.path.abspath(options.model)}


def audit(options):
    """Run (or resume) an audit; returns the summary dict written to summary.json."""
    check_scheduler(options.scheduler)
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    inputs = expand_inputs(options.inputs)
    checkpoint = Checkpoint(out)
    done = checkpoint.start(run_config(options, inputs), options.resume)
    started = time.monotonic()
    total = sum(count_records(p, k) for p, k in inputs) - sum(done.values()) if options.count else None
    progress = Progress(total=total, label="pages", enabled=options.progress)
    scored = {"pages": 0}

    def on_result(result, size):
        checkpoint.record(result)
        scored["pages"] += size
        progress.update(size)

    chunks = plan_chunks(inputs, options.columns, options.chunk_size, options.max_bytes, done)
    run(chunks, options.model, on_result, scheduler=options.scheduler, workers=options.workers)
    progress.close()
    elapsed = time.monotonic() - started
    run_info = {"inputs": [str(i) for i in options.inputs], "files": len(inputs), "scheduler": options.scheduler,
                "workers": options.workers or os.cpu_count(), "resumed_chunks": len(done),
                "pages_this_run": scored["pages"], "seconds": round(elapsed, 2),
                "pages_per_second": round(scored["pages"] / elapsed, 1) if elapsed > 0 else None,
                "finished": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    summary = finalize(checkpoint, out, run_info)
    if not options.keep_parts:
        checkpoint.remove_parts()
    return summary
