"""Starting and stopping the real service (gunicorn via `promo-detector serve`) on a free loopback port, for tests."""
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 60


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_service(env_overrides, stdout=subprocess.DEVNULL, workers=2):
    """Yield (base URL, process) once /readyz answers; SIGTERM (then kill) on exit."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{os.environ.get('PYTHONPATH', '')}", **env_overrides}
    process = subprocess.Popen([sys.executable, "-m", "detector", "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--workers", str(workers)], cwd=ROOT, env=env, stdout=stdout,
                               stderr=subprocess.PIPE, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(process, base)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_ready(process, base):
    deadline = time.time() + READY_TIMEOUT_S
    while time.time() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            if requests.get(base + "/readyz", timeout=1).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"server not ready in {READY_TIMEOUT_S} s")
