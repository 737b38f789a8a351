"""Scheduling chunks of records: inline, on a local process pool, or on a Dask cluster — one chunk function.

The driver reads the inputs lazily and keeps at most `in_flight` chunks outstanding, so memory stays bounded
whatever the archive size; results come back to the driver, which writes them to the checkpoint.
"""
import itertools
import multiprocessing
import os
import uuid
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from .rows import Chunk, audit_chunk, load_detector, release_memory, warm_worker
from .sources import iter_records

DEFAULT_CHUNK = 32
CHUNK_BYTES = 8 << 20   # a chunk also ends once it holds this much HTML (bounds the driver's in-flight memory)


class AuditAborted(RuntimeError):
    """The pool or cluster failed (not a page): the run can be continued with --resume."""


def chunk_id(seq):
    return f"{seq:08d}"


def plan_chunks(inputs, columns, chunk_size, max_bytes, done=(), chunk_bytes=CHUNK_BYTES):
    """Chunks over all inputs in order, numbered from 0; chunks in `done` are read past but not yielded.

    A chunk holds chunk_size records, or fewer once they reach chunk_bytes of HTML: the same inputs always give
    the same chunks (resume relies on it)."""
    records = itertools.chain.from_iterable(iter_records(path, kind, columns, max_bytes) for path, kind in inputs)
    batch, size, seq = [], 0, 0
    for record in records:
        batch.append(record)
        size += len(record[1]) if isinstance(record[1], bytes) else 0
        if len(batch) >= chunk_size or size >= chunk_bytes:
            if chunk_id(seq) not in done:
                yield Chunk(chunk_id(seq), tuple(batch))
            batch, size, seq = [], 0, seq + 1
    if batch and chunk_id(seq) not in done:
        yield Chunk(chunk_id(seq), tuple(batch))


def run_inline(chunks, model_path, on_result):
    load_detector(model_path)
    for chunk in chunks:
        on_result(audit_chunk(chunk, model_path), len(chunk))


def run_processes(chunks, model_path, on_result, workers, in_flight=None):
    """A ProcessPoolExecutor of `workers` processes, each loading the model once (initializer)."""
    in_flight = in_flight or 2 * workers
    context = pool_context()
    with ProcessPoolExecutor(workers, mp_context=context, initializer=warm_worker, initargs=(model_path,)) as pool:
        pending = {}
        try:
            for chunk in chunks:
                pending[pool.submit(audit_chunk, chunk, model_path)] = len(chunk)
                while len(pending) >= in_flight:
                    _drain(pending, on_result, FIRST_COMPLETED)
            while pending:
                _drain(pending, on_result, FIRST_COMPLETED)
        except BaseException:   # Ctrl-C or a failed write: don't wait for queued chunks (--resume redoes them)
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def pool_context():
    """fork where the platform has it (workers share the driver's imported modules: less memory, fast start);
    the driver starts no threads before the pool. Elsewhere spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _drain(pending, on_result, when):
    finished, _ = wait(list(pending), return_when=when)
    for future in finished:
        size = pending.pop(future)
        try:
            result = future.result()
        except Exception as exc:
            raise AuditAborted(f"a worker failed ({type(exc).__name__}: {exc}); rerun with --resume") from exc
        on_result(result, size)
        release_memory()


def dask_address(scheduler):
    return scheduler[len("dask://"):] if scheduler.startswith("dask://") else scheduler


def run_dask(chunks, model_path, on_result, address, in_flight=None):
    """The same chunk function on a Dask cluster; workers need the package and the model at the same path."""
    from distributed import Client, as_completed

    with Client(address, set_as_default=False) as client:
        threads = sum(client.nthreads().values()) or 1
        limit = in_flight or 2 * threads
        run = uuid.uuid4().hex[:8]
        futures = as_completed(loop=client.loop)
        inputs = {}
        for chunk in chunks:
            data = client.scatter(chunk, hash=False)   # HTML goes to a worker, not through the scheduler
            future = client.submit(audit_chunk, data, model_path, key=f"audit-{run}-{chunk.id}", pure=False)
            inputs[future.key] = data
            futures.add(future)
            while futures.count() >= limit:
                _take(next(futures), inputs, on_result)
        for future in futures:
            _take(future, inputs, on_result)


def _take(future, inputs, on_result):
    try:
        result = future.result()
    except Exception as exc:
        raise AuditAborted(f"a Dask task failed ({type(exc).__name__}: {exc}); rerun with --resume") from exc
    future.release()
    inputs.pop(future.key).release()
    on_result(result, len(result["articles"]))


def run(chunks, model_path, on_result, scheduler="processes", workers=None):
    """Dispatch on --scheduler: 'local' (this process), 'processes' (default), 'dask://HOST:PORT'."""
    workers = workers or os.cpu_count() or 1
    model_path = os.path.abspath(model_path)
    if scheduler == "local" or (scheduler == "processes" and workers == 1):
        return run_inline(chunks, model_path, on_result)
    if scheduler == "processes":
        return run_processes(chunks, model_path, on_result, workers)
    return run_dask(chunks, model_path, on_result, dask_address(scheduler))
