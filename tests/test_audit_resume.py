"""Kill -9 an audit midway (a real subprocess and its workers), resume it: nothing lost, nothing duplicated."""
import json
import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq

from detector.audit.audit import AuditOptions, audit
from detector.audit.checkpoint import Checkpoint
from detector.cli import main
from test_audit_helpers import MODEL, ROOT, authored_pages, page_rows, write_jsonl

CHUNK = 4


def ledger_lines(out):
    path = out / ".audit" / "done.jsonl"
    return path.read_text().count("\n") if path.exists() else 0


def audit_command(source, out, *extra):
    return [sys.executable, "-m", "detector", "audit", str(source), "--out", str(out), "--workers", "2",
            "--chunk-size", str(CHUNK), "--model", str(MODEL), "--quiet", *extra]


def kill_midway(command, out, after_chunks, timeout=60):
    """Start the audit in its own session; SIGKILL the whole process group once `after_chunks` chunks are done."""
    proc = subprocess.Popen(command, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + timeout
    while ledger_lines(out) < after_chunks:
        assert proc.poll() is None, f"audit ended before it could be killed: {proc.stderr.read().decode()[-500:]}"
        assert time.monotonic() < deadline, "audit made no progress"
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return proc.returncode


def test_kill_9_then_resume_loses_and_duplicates_nothing(tmp_path):
    rows = page_rows(authored_pages(40) * 4)
    source = tmp_path / "archive.jsonl"
    write_jsonl(source, rows)
    out = tmp_path / "out"
    total_chunks = -(-len(rows) // CHUNK)

    assert kill_midway(audit_command(source, out), out, after_chunks=5) == -signal.SIGKILL
    done_at_kill = len(Checkpoint(out).read_ledger())
    assert 5 <= done_at_kill < total_chunks, "the kill must land midway"
    assert not (out / "articles.parquet").exists()

    resumed = subprocess.run(audit_command(source, out, "--resume"), cwd=ROOT, capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["run"]["resumed_chunks"] >= done_at_kill
    assert summary["run"]["pages_this_run"] == len(rows) - CHUNK * summary["run"]["resumed_chunks"]

    articles = pq.read_table(out / "articles.parquet").to_pylist()
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids)) == len(rows)
    assert set(ids) == {r["id"] for r in rows}
    inserts = pq.read_table(out / "inserts.parquet").to_pylist()
    keys = [(i["source"], i["insert_index"]) for i in inserts]
    assert len(keys) == len(set(keys)) == sum(a["inserts"] for a in articles)

    clean = tmp_path / "clean"
    audit(AuditOptions(inputs=[str(source)], out=str(clean), model=str(MODEL), workers=2, chunk_size=CHUNK,
                       progress=False))
    for name in ("articles", "inserts", "templates"):
        assert pq.read_table(out / f"{name}.parquet").to_pylist() == \
            pq.read_table(clean / f"{name}.parquet").to_pylist(), name


def test_resume_refuses_other_inputs(tmp_path, capsys):
    rows = page_rows(authored_pages(2))
    write_jsonl(tmp_path / "a.jsonl", rows)
    write_jsonl(tmp_path / "b.jsonl", rows)
    out = tmp_path / "out"
    checkpoint = Checkpoint(out)
    checkpoint.start({"inputs": [[str(tmp_path / "a.jsonl"), "jsonl"]]}, resume=False)
    assert main(audit_command(tmp_path / "b.jsonl", out, "--resume")[3:]) == 1
    assert "interrupted audit of other inputs" in capsys.readouterr().err


def test_torn_ledger_line_is_ignored(tmp_path):
    checkpoint = Checkpoint(tmp_path)
    checkpoint.start({"x": 1}, resume=False)
    checkpoint.record({"chunk": "00000000", "articles": [{"id": "a", "source": "a", "status": "ok"}], "inserts": []})
    with open(checkpoint.ledger, "a") as f:
        f.write('{"chunk": "0000')
    assert checkpoint.start({"x": 1}, resume=True) == {"00000000": 1}
    assert checkpoint.ledger.read_text() == '{"chunk": "00000000", "articles": 1}\n'
