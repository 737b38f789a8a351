"""The real gunicorn server (`promo-detector serve`) on a free loopback port, called over HTTP; the docs' curl
examples run against it verbatim (host and port substituted)."""
import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import requests

from conftest import SHARED
from live_server import running_service

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
KEY = "change-me"
DOCS_BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def server():
    with running_service({"PROMO_DETECTOR_API_KEYS": KEY, "PROMO_DETECTOR_CORS_ORIGINS": EXTENSION,
                          "PROMO_DETECTOR_MAX_BODY_BYTES": str(2 * 1024 * 1024), "PROMO_DETECTOR_LOG_LEVEL": "INFO"},
                         stdout=subprocess.PIPE) as (base, process):
        yield base, process


@pytest.fixture(scope="module")
def page():
    return (SHARED / "examples" / "seed" / "article_plain.html").read_bytes()  # a page with inserts


AUTH = {"Authorization": f"Bearer {KEY}"}


def test_live_ops_routes(server):
    base, _ = server
    assert requests.get(base + "/healthz").json() == {"status": "ok"}
    ready = requests.get(base + "/readyz").json()
    manifest = json.loads((ROOT / "models" / "promo-detector-v1" / "manifest.json").read_text())
    assert ready["model"]["sha256"] == manifest["sha256"]
    assert requests.get(base + "/openapi.json").json()["openapi"].startswith("3.1")
    assert "promo_detector_requests_total" in requests.get(base + "/metrics").text
    assert requests.get(base + "/docs").headers["Content-Type"].startswith("text/html")


def test_live_score_clean_batch(server, page):
    base, _ = server
    score = requests.post(base + "/v1/score?blocks=promo", data=page, headers={**AUTH, "Content-Type": "text/html"})
    assert score.status_code == 200 and score.json()["has_promo"]
    zipped = requests.post(base + "/v1/score", data=gzip.compress(page),
                           headers={**AUTH, "Content-Type": "text/html", "Content-Encoding": "gzip"})
    assert zipped.status_code == 200 and zipped.json()["inserts"] == score.json()["inserts"]
    clean = requests.post(base + "/v1/clean?mode=highlight", data=page, headers={**AUTH, "Content-Type": "text/html"})
    assert clean.status_code == 200 and "data-promo" in clean.text
    batch = requests.post(base + "/v1/batch", json={"documents": [{"html": page.decode("utf-8", "replace")}]},
                          headers=AUTH)
    assert batch.status_code == 200 and batch.json()["results"][0]["has_promo"]


def test_live_errors_are_json(server):
    base, _ = server
    cases = [
        (requests.post(base + "/v1/score", data=b"<p>x</p>", headers={"Content-Type": "text/html"}), 401),
        (requests.post(base + "/v1/score", data=b"{", headers={**AUTH, "Content-Type": "application/json"}), 400),
        (requests.post(base + "/v1/score", data=b"<p>x</p>", headers={**AUTH, "Content-Type": "text/plain"}), 415),
        (requests.post(base + "/v1/score", data=b"", headers={**AUTH, "Content-Type": "text/html"}), 422),
        (requests.post(base + "/v1/score", data=gzip.compress(b"<p>" + b"a" * (64 * 1024 * 1024)),
                       headers={**AUTH, "Content-Type": "text/html", "Content-Encoding": "gzip"}), 413),
        (requests.get(base + "/nope"), 404),
        (requests.options(base + "/v1/score", headers={"Origin": "https://evil.example",
                                                       "Access-Control-Request-Method": "POST"}), 403),
    ]
    for response, status in cases:
        assert response.status_code == status
        assert set(response.json()["error"]) == {"code", "message"}


def test_live_cors_preflight_for_the_extension(server):
    base, _ = server
    response = requests.options(base + "/v1/score", headers={
        "Origin": EXTENSION, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})
    assert response.status_code == 204 and response.headers["Access-Control-Allow-Origin"] == EXTENSION


def curl_examples():
    doc = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    return [block for block in re.findall(r"```sh\n(.*?)```", doc, re.S) if "curl " in block]


def test_docs_have_curl_examples_for_every_v1_route():
    examples = curl_examples()
    assert len(examples) >= 4
    for route in ("/v1/score", "/v1/clean", "/v1/batch"):
        assert any(route in example for example in examples)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("index", range(len(curl_examples())))
def test_docs_curl_example_runs_against_the_live_server(server, page, tmp_path, index):
    base, _ = server
    command = curl_examples()[index].replace(DOCS_BASE, base)
    (tmp_path / "article.html").write_bytes(page)
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=tmp_path, capture_output=True,
                            timeout=60)
    assert result.returncode == 0, result.stdout[-500:] + result.stderr[-500:]
    if " -o " in command:
        assert b"data-promo" in (tmp_path / "article.reviewed.html").read_bytes()
    else:
        body = json.loads(result.stdout)
        assert "results" in body or "has_promo" in body
