"""The scoring service through Flask's test client: every route, status code and error; OpenAPI + schemathesis."""
import gzip
import io
import json
import logging
import re
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from conftest import SHARED
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from detector import Detector
from detector.segment import segment
from service import create_app
from service.config import Config, ConfigError
from service.logs import JsonFormatter
from service.scoring import Limits, score_document

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "promo-detector-v1"
EXTENSION = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"
CMS = "https://cms.example.com"
PAGE = ("<html><head><title>Kettles</title></head><body><article><h1>Ten kettles, tested</h1>"
        "<p>Our editors tested ten kettles over a month of daily use, timing each boil and measuring noise.</p>"
        "<p>The best one was quiet, quick and easy to clean; the worst leaked after a week.</p>"
        "<div class='affiliate-box sponsored'><p>Sponsored: buy the Kettlemaster 3000 now at "
        "<a href='https://amzn.to/kettle' rel='sponsored'>Amazon</a> and save 20% with code SAVE20!</p></div>"
        "<p>We will keep testing kettles and report back on how they age.</p></article></body></html>")


@pytest.fixture(scope="module")
def detector():
    return Detector.load(MODEL)


@pytest.fixture(scope="module")
def make_app(detector):
    def make(**overrides):
        app = create_app(Config(**overrides), detector=detector)
        app.testing = False          # errors go through the one handler, as in production
        return app
    return make


@pytest.fixture(scope="module")
def client(make_app):
    return make_app(cors_origins=(EXTENSION, CMS)).test_client()


@pytest.fixture(scope="module")
def keyed(make_app):
    return make_app(api_keys=("change-me", "second-key"), cors_origins=(EXTENSION,)).test_client()


@pytest.fixture(scope="module")
def real_page():
    return (SHARED / "examples" / "seed" / "article_plain.html").read_bytes()  # a page with inserts


def error_of(response, status, code=None):
    assert response.status_code == status, response.data[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert "Traceback" not in response.get_data(as_text=True)
    if code:
        assert body["error"]["code"] == code
    return body["error"]


# -- ops ------------------------------------------------------------------------------------------------------

def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_names_the_model(client, detector):
    body = client.get("/readyz").get_json()
    assert body["status"] == "ready"
    assert body["model"] == {"name": detector.manifest["name"], "version": detector.manifest["version"],
                             "sha256": detector.manifest["sha256"]}


def test_metrics_count_requests_latency_and_promo_blocks(make_app, real_page):
    c = make_app().test_client()
    c.post("/v1/score", data=real_page, content_type="text/html")
    c.post("/v1/score", data=b"", content_type="text/html")
    response = c.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert re.search(r'promo_detector_requests_total\{method="POST",route="/v1/score",status="200",pid="\d+"} 1', text)
    assert re.search(r'promo_detector_requests_total\{method="POST",route="/v1/score",status="422",pid="\d+"} 1', text)
    assert re.search(r'promo_detector_request_duration_seconds_bucket\{route="/v1/score",status="200",pid="\d+",'
                     r'le="\+Inf"} 1', text)
    assert "# TYPE promo_detector_request_duration_seconds histogram" in text
    promo = int(re.search(r"promo_detector_promo_blocks_total\{pid=\"\d+\"} (\d+)", text).group(1))
    assert promo >= 1
    assert re.search(r'promo_detector_documents_scored_total\{has_promo="true",pid="\d+"} 1', text)


def test_openapi_is_valid_31_and_matches_the_routes(client, make_app):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    validate(spec)
    app = make_app()
    routes = {(rule.rule, method.lower()) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, item in spec["paths"].items() for method in item}
    assert routes == described
    assert spec["paths"]["/v1/batch"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    keyed_spec = make_app(api_keys=("k",)).test_client().get("/openapi.json").get_json()
    assert keyed_spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert keyed_spec["paths"]["/v1/score"]["post"]["security"] == [{"bearerAuth": []}]


def test_docs_page_is_self_contained(client):
    response = client.get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    for route in ("/v1/score", "/v1/clean", "/v1/batch", "/healthz", "/readyz", "/metrics", "/openapi.json"):
        assert route in page
    assert "<script" not in page and not re.search(r"""(src|href)=['"]https?://""", page)
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


# -- /v1/score ------------------------------------------------------------------------------------------------

def test_score_html_body_returns_the_jsonl_contract(client, detector, real_page):
    response = client.post("/v1/score", data=real_page, content_type="text/html")
    assert response.status_code == 200
    body = response.get_json()
    assert body == detector.score(real_page).to_dict("all")      # the CLI's record without "source"
    assert "source" not in body and body["has_promo"] is True
    assert set(body["blocks"][0]) == {"index", "text", "label", "score", "tag", "path", "reasons"}


@pytest.mark.parametrize("blocks", ["all", "promo", "none"])
def test_score_blocks_parameter_sizes_the_answer(client, real_page, blocks):
    body = client.post(f"/v1/score?blocks={blocks}", data=real_page, content_type="text/html").get_json()
    labels = {b["label"] for b in body["blocks"]}
    assert {"all": len(labels) > 1, "promo": labels == {"promo"}, "none": body["blocks"] == []}[blocks]
    assert body["inserts"]


def test_score_json_body_with_url_and_options(client, detector):
    body = client.post("/v1/score", json={"html": PAGE, "url": "https://news.example/k",
                                          "options": {"blocks": "promo"}}).get_json()
    assert body == detector.score(PAGE, url="https://news.example/k").to_dict("promo")
    overridden = client.post("/v1/score?blocks=none", json={"html": PAGE, "options": {"blocks": "all"}})
    assert overridden.get_json()["blocks"] == []


@pytest.mark.parametrize("data, code", [
    (b"{not json", "invalid_json"),
    (b'["html"]', "invalid_field"),
    (b'{"url": "https://x"}', "missing_field"),
    (b'{"html": 42}', "invalid_field"),
    (b'{"html": "<p>x</p>", "url": 7}', "invalid_field"),
    (b'{"html": "<p>x</p>", "extra": 1}', "invalid_field"),
    (b'{"html": "<p>x</p>", "options": {"blocks": "some"}}', "invalid_field"),
    (b'{"html": "<p>x</p>", "options": {"colour": "red"}}', "invalid_field"),
    (b'{"html": "<p>x</p>", "options": []}', "invalid_field"),
])
def test_score_malformed_json_or_fields_is_400(client, data, code):
    error_of(client.post("/v1/score", data=data, content_type="application/json"), 400, code)


def test_score_bad_query_parameters_are_400(client):
    error_of(client.post("/v1/score?blocks=some", data=PAGE, content_type="text/html"), 400, "invalid_parameter")
    error_of(client.post("/v1/score?blocks=all&blocks=none", data=PAGE, content_type="text/html"), 400,
             "invalid_parameter")


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/xml", "multipart/form-data; boundary=x"])
def test_score_wrong_media_type_is_415(client, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    error_of(client.post("/v1/score", data=PAGE, headers=headers), 415, "unsupported_media_type")


@pytest.mark.parametrize("data, code", [
    (b"", "empty_input"), (b"   \n\t ", "empty_input"),
    (b"just some words, no markup at all", "not_html"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary_input"),
])
def test_score_empty_or_non_html_is_422(client, data, code):
    error_of(client.post("/v1/score", data=data, content_type="text/html"), 422, code)
    if data.strip():
        as_json = json.dumps({"html": data.decode("latin-1")})
        error_of(client.post("/v1/score", data=as_json, content_type="application/json"), 422, code)


@pytest.mark.parametrize("encoding, content_type, bom", [
    ("utf-8", "text/html; charset=utf-8", b""), ("cp1252", "text/html; charset=windows-1252", b""),
    ("latin-1", "text/html", b""), ("utf-16-le", "text/html", b"\xff\xfe"), ("shift_jis", "text/html; charset=shift_jis", b""),
    ("iso-8859-7", "text/html; charset=iso-8859-7", b""),
])
def test_score_any_encoding(client, encoding, content_type, bom):
    text = "Crème brûlée à Zürich, über Ελλάδα" if encoding != "shift_jis" else "日本語の記事です"
    if encoding in ("cp1252", "latin-1"):
        text = "Crème brûlée à Zürich, €uro" if encoding == "cp1252" else "Crème brûlée à Zürich"
    if encoding == "iso-8859-7":
        text = "Ελλάδα και Αθήνα"
    meta = '<meta charset="iso-8859-1">' if encoding == "latin-1" else ""
    html = f"<html><head>{meta}</head><body><p>{text}</p></body></html>"
    response = client.post("/v1/score", data=bom + html.encode(encoding), content_type=content_type)
    assert response.status_code == 200
    assert [b["text"] for b in response.get_json()["blocks"]] == [text]


def test_score_is_flask_free_and_testable_alone(detector):
    result = score_document(detector, PAGE.encode(), "text/html", {"blocks": "none"}, Limits())
    assert result["blocks"] == [] and "has_promo" in result
    code = "import sys, service.scoring, service.config; assert 'flask' not in sys.modules, 'flask imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# -- size limits, compression, pathological HTML -------------------------------------------------------------

def test_body_over_the_limit_is_413(make_app):
    c = make_app(max_body_bytes=64 * 1024).test_client()
    big = ("<html><body>" + "<p>word word word</p>" * 5000 + "</body></html>").encode()
    error_of(c.post("/v1/score", data=big, content_type="text/html"), 413, "body_too_large")
    error_of(c.post("/v1/score", json={"html": big.decode()}), 413)
    small = ("<html><body>" + "<p>word word word</p>" * 100 + "</body></html>").encode()
    assert c.post("/v1/score", data=small, content_type="text/html").status_code == 200


@pytest.mark.parametrize("compress, encoding", [(gzip.compress, "gzip"), (zlib.compress, "deflate"),
                                                (gzip.compress, "x-gzip")])
def test_compressed_bodies_are_accepted(client, detector, compress, encoding):
    response = client.post("/v1/score", data=compress(PAGE.encode()), content_type="text/html",
                           headers={"Content-Encoding": encoding})
    assert response.status_code == 200
    assert response.get_json() == detector.score(PAGE).to_dict()


def test_gzip_json_body(client):
    data = gzip.compress(json.dumps({"html": PAGE}).encode())
    response = client.post("/v1/score", data=data, content_type="application/json",
                           headers={"Content-Encoding": "gzip"})
    assert response.status_code == 200


def test_decompression_bomb_is_413_while_streaming(make_app):
    c = make_app(max_body_bytes=1024 * 1024).test_client()
    bomb = gzip.compress(b"<html><body><p>" + b"a" * (200 * 1024 * 1024) + b"</p></body></html>", 9)
    assert len(bomb) < 1024 * 1024
    started = time.perf_counter()
    error_of(c.post("/v1/score", data=bomb, content_type="text/html", headers={"Content-Encoding": "gzip"}),
             413, "input_too_large")
    assert time.perf_counter() - started < 2.0      # inflating all 200 MB would take longer (and 200 MB)


def test_bad_compression_is_400_and_unknown_encoding_415(client):
    error_of(client.post("/v1/score", data=b"not gzip at all", content_type="text/html",
                         headers={"Content-Encoding": "gzip"}), 400, "bad_encoding")
    error_of(client.post("/v1/score", data=gzip.compress(PAGE.encode())[:-20], content_type="text/html",
                         headers={"Content-Encoding": "gzip"}), 400, "bad_encoding")
    error_of(client.post("/v1/score", data=PAGE.encode(), content_type="text/html",
                         headers={"Content-Encoding": "br"}), 415, "unsupported_encoding")


def timed(client, data, limit=5.0, **kwargs):
    started = time.perf_counter()
    response = client.post("/v1/score", data=data, content_type="text/html", **kwargs)
    assert time.perf_counter() - started < limit
    return response


def test_pathological_100000_nested_elements(client):
    html = "<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000 + "</body></html>"
    error_of(timed(client, html), 422, "too_complex")


def test_deep_nesting_under_the_element_limit_is_answered_in_bounded_time(client):
    html = "<html><body>" + "<div>" * 20_000 + "deep text here" + "</div>" * 20_000 + "</body></html>"
    response = timed(client, html)                 # the detector may refuse very deep pages itself (422)
    assert response.status_code == 200 or error_of(response, 422)
    shallow = "<html><body>" + "<div>" * 200 + "deep text here" + "</div>" * 200 + "</body></html>"
    assert timed(client, shallow).status_code == 200


def test_pathological_50_mb_single_text_node(client):
    html = b"<html><body><p>" + b"x" * (50 * 1024 * 1024) + b"</p></body></html>"
    error_of(timed(client, html), 413)
    error_of(timed(client, gzip.compress(html, 6), headers={"Content-Encoding": "gzip"}), 413, "input_too_large")


def test_large_text_node_under_the_limit_is_answered(client):
    html = b"<html><body><p>" + b"word " * (1024 * 1024) + b"</p></body></html>"
    assert timed(client, html).status_code == 200


def test_pathological_many_attributes(client):
    attrs = " ".join(f'data-a{i}="v{i}"' for i in range(100_000))
    error_of(timed(client, f"<html><body><p {attrs}>hello there</p></body></html>"), 422, "too_complex")
    few = " ".join(f'data-a{i}="v{i}"' for i in range(500))
    assert timed(client, f"<html><body><p {few}>hello there</p></body></html>").status_code == 200


# -- /v1/clean ------------------------------------------------------------------------------------------------

def test_clean_removes_promo(client, real_page, detector):
    response = client.post("/v1/clean", data=real_page, content_type="text/html")
    assert response.status_code == 200 and response.mimetype == "text/html"
    verdict = detector.score(real_page)
    assert response.headers["X-Promo-Inserts"] == str(len(verdict.inserts))
    page = response.get_data(as_text=True)
    kept = {b.text for b in segment(page)}
    editorial = {b.text for b in verdict.blocks if b.label != "promo"}
    promo_only = {b.text for b in verdict.blocks if b.label == "promo"} - editorial
    assert promo_only and not promo_only & kept and editorial <= kept
    assert "data-promo" not in page


def test_clean_highlight_marks_promo(client, detector):
    response = client.post("/v1/clean?mode=highlight", json={"html": PAGE})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if detector.score(PAGE).has_promo:
        assert "data-promo=" in page and "outline" in page
    assert "Our editors tested ten kettles" in page


def test_clean_errors(client):
    error_of(client.post("/v1/clean?mode=explode", data=PAGE, content_type="text/html"), 400, "invalid_parameter")
    error_of(client.post("/v1/clean", json={"html": PAGE, "options": {"mode": "explode"}}), 400, "invalid_field")
    error_of(client.post("/v1/clean", data=b"", content_type="text/html"), 422, "empty_input")
    error_of(client.post("/v1/clean", data=PAGE, content_type="text/plain"), 415)


# -- /v1/batch ------------------------------------------------------------------------------------------------

def test_batch_scores_in_order_with_per_document_errors(client, detector):
    body = {"documents": [{"id": "a", "html": PAGE}, {"html": "no markup here"}, {"id": "c", "html": PAGE,
                                                                                    "url": "https://x.example/"}],
            "options": {"blocks": "promo"}}
    response = client.post("/v1/batch", json=body)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["id"] for r in results] == ["a", "1", "c"]
    assert results[0] == {"id": "a", **detector.score(PAGE).to_dict("promo")}
    assert results[1]["error"]["code"] == "not_html"
    assert client.post("/v1/batch?blocks=none", json=body).get_json()["results"][0]["blocks"] == []


def test_batch_limits_and_errors(make_app):
    c = make_app(max_batch=2, max_batch_elements=50).test_client()
    error_of(c.post("/v1/batch", json={"documents": [{"html": PAGE}] * 3}), 413, "batch_too_large")
    error_of(c.post("/v1/batch", json={"documents": [{"html": "<p>x</p>" * 30}] * 2}), 413, "batch_too_large")
    error_of(c.post("/v1/batch", json={"documents": []}), 400, "invalid_field")
    error_of(c.post("/v1/batch", json={"docs": []}), 400, "missing_field")
    error_of(c.post("/v1/batch", json={"documents": [{"url": "x"}]}), 400, "missing_field")
    error_of(c.post("/v1/batch", json={"documents": [{"html": "<p>x</p>", "id": 5}]}), 400, "invalid_field")
    error_of(c.post("/v1/batch", data=b"{", content_type="application/json"), 400, "invalid_json")
    error_of(c.post("/v1/batch", data=PAGE, content_type="text/html"), 415, "unsupported_media_type")


# -- access: keys and CORS -----------------------------------------------------------------------------------

@pytest.mark.parametrize("route", ["/v1/score", "/v1/clean", "/v1/batch"])
@pytest.mark.parametrize("authorization", [None, "Bearer wrong", "Basic Y2hhbmdlLW1l", "Bearer", "change-me"])
def test_keys_refuse_requests_without_a_valid_key(keyed, route, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = keyed.post(route, json={"html": PAGE} if route != "/v1/batch" else {"documents": [{"html": PAGE}]},
                          headers=headers)
    error_of(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_keys_accept_any_configured_key_and_leave_ops_open(keyed):
    for key in ("change-me", "second-key"):
        assert keyed.post("/v1/score", json={"html": PAGE}, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    for route in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"):
        assert keyed.get(route).status_code == 200


def test_key_comparison_is_constant_time():
    import inspect

    from service import access

    assert "compare_digest" in inspect.getsource(access.key_is_valid)
    assert access.key_is_valid("b", ("a", "b")) and not access.key_is_valid("c", ("a", "b"))


def preflight(client, origin, route="/v1/score"):
    return client.open(route, method="OPTIONS", headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"})


def test_cors_preflight_for_an_allowed_extension_origin_needs_no_key(keyed):
    response = preflight(keyed, EXTENSION)
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == EXTENSION
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()
    assert response.headers["Vary"] == "Origin"


def test_cors_allowed_origin_gets_the_header_also_on_errors(keyed, client):
    ok = keyed.post("/v1/score", json={"html": PAGE},
                    headers={"Origin": EXTENSION, "Authorization": "Bearer change-me"})
    assert ok.status_code == 200 and ok.headers["Access-Control-Allow-Origin"] == EXTENSION
    assert "X-Request-Id" in ok.headers["Access-Control-Expose-Headers"]
    refused = keyed.post("/v1/score", json={"html": PAGE}, headers={"Origin": EXTENSION})
    assert refused.status_code == 401 and refused.headers["Access-Control-Allow-Origin"] == EXTENSION
    assert client.post("/v1/score", json={"html": PAGE}, headers={"Origin": CMS}).status_code == 200


@pytest.mark.parametrize("origin", ["chrome-extension://otherextensionid", "https://evil.example",
                                    "https://cms.example.com.evil.example", "null"])
def test_cors_other_origins_are_refused(client, origin):
    response = preflight(client, origin)
    error_of(response, 403, "origin_not_allowed")
    assert "Access-Control-Allow-Origin" not in response.headers
    error_of(client.post("/v1/score", json={"html": PAGE}, headers={"Origin": origin}), 403, "origin_not_allowed")


def test_cors_wildcard_and_no_origin(make_app):
    c = make_app(cors_origins=("*",)).test_client()
    assert preflight(c, "moz-extension://1234").headers["Access-Control-Allow-Origin"] == "moz-extension://1234"
    closed = make_app().test_client()
    assert closed.post("/v1/score", json={"html": PAGE}).status_code == 200      # no Origin: not a browser
    error_of(preflight(closed, EXTENSION), 403)


# -- errors in general ---------------------------------------------------------------------------------------

def test_unknown_route_and_method_are_json(client):
    error_of(client.get("/nope"), 404, "not_found")
    response = client.get("/v1/score")
    error_of(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]
    error_of(client.post("/healthz"), 405)


class BrokenDetector:
    manifest = {"name": "broken", "version": "0", "sha256": "0"}
    model_info = {"name": "broken", "version": "0"}

    def score(self, *args, **kwargs):
        raise RuntimeError("secret internal detail at /srv/model/path")


def test_unexpected_errors_are_500_json_without_details():
    app = create_app(Config(), detector=BrokenDetector())
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logging.getLogger("promo_detector").addHandler(handler)
    try:
        response = app.test_client().post("/v1/score", data=PAGE, content_type="text/html")
    finally:
        logging.getLogger("promo_detector").removeHandler(handler)
    error = error_of(response, 500, "internal_error")
    assert "secret" not in response.get_data(as_text=True) and "secret" not in error["message"]
    logged = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert any("secret internal detail" in entry.get("exception", "") for entry in logged)


def test_access_log_is_one_json_line_per_request(make_app):
    c = make_app().test_client()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("promo_detector.access")
    logger.addHandler(handler)
    try:
        c.post("/v1/score", json={"html": PAGE}, headers={"X-Request-Id": "req-42"})
    finally:
        logger.removeHandler(handler)
    entry = json.loads(stream.getvalue().splitlines()[-1])
    assert entry["event"] == "access" and entry["route"] == "/v1/score" and entry["status"] == 200
    assert entry["request_id"] == "req-42" and entry["duration_ms"] > 0 and entry["level"] == "info"


# -- configuration --------------------------------------------------------------------------------------------

def test_config_from_the_environment():
    env = {"PROMO_DETECTOR_MODEL": "/models/x", "PROMO_DETECTOR_MAX_BODY_BYTES": "1_048_576",
           "PROMO_DETECTOR_MAX_BATCH": "4", "PROMO_DETECTOR_API_KEYS": "k1, k2,",
           "PROMO_DETECTOR_CORS_ORIGINS": f"{EXTENSION},{CMS}", "PROMO_DETECTOR_LOG_LEVEL": "debug",
           "PROMO_DETECTOR_MAX_ELEMENTS": "100"}
    config = Config.from_env(env)
    assert (config.model_path, config.max_body_bytes, config.max_batch, config.max_elements) == \
        ("/models/x", 1_048_576, 4, 100)
    assert config.api_keys == ("k1", "k2") and config.cors_origins == (EXTENSION, CMS)
    assert config.log_level == "DEBUG"
    assert Config.from_env({}) == Config()
    for bad in ({"PROMO_DETECTOR_MAX_BATCH": "many"}, {"PROMO_DETECTOR_MAX_BATCH": "0"},
                {"PROMO_DETECTOR_LOG_LEVEL": "loud"}):
        with pytest.raises(ConfigError):
            Config.from_env(bad)


def test_create_app_loads_the_model_from_config(monkeypatch):
    monkeypatch.setenv("PROMO_DETECTOR_MAX_BATCH", "3")
    app = create_app({"model_path": str(MODEL)})
    state = app.extensions["promo_detector"]
    assert state.config.max_batch == 3 and state.detector.manifest["sha256"]


# -- the docs' browser-extension fetch() example -------------------------------------------------------------

def test_docs_fetch_example_works_from_an_extension_origin(make_app, detector):
    doc = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    js = re.search(r"```js\n(.*?)```", doc, re.S).group(1)
    path = re.search(r"fetch\(`\$\{PROMO_DETECTOR}(/v1/[^`]+)`", js).group(1)
    headers = json.loads(re.search(r"headers: (\{.*?}),", js).group(1))
    assert re.search(r"body: JSON\.stringify\(\{html: document\.documentElement\.outerHTML, url: location\.href}\)",
                     js)
    c = make_app(api_keys=("change-me",), cors_origins=(EXTENSION,)).test_client()
    pre = preflight(c, EXTENSION, path.split("?")[0])
    assert pre.status_code == 204
    assert {h.lower() for h in headers} <= {h.strip().lower() for h in
                                            pre.headers["Access-Control-Allow-Headers"].split(",")}
    response = c.post(path, data=json.dumps({"html": PAGE, "url": "https://news.example/k"}),
                      headers={**headers, "Origin": EXTENSION})
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == EXTENSION
    assert response.get_json() == detector.score(PAGE, url="https://news.example/k").to_dict("promo")


# -- schemathesis: the OpenAPI description against the app ---------------------------------------------------

@pytest.fixture(scope="module")
def api_schema(make_app):
    # 413 (too many documents: maxItems) is as much a rejection of invalid data as a 400.
    config = schemathesis.config.SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {
        "expected-statuses": [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]}}})
    return schemathesis.openapi.from_wsgi("/openapi.json", make_app(max_batch=3), config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_openapi_conformance(case):
    from schemathesis.checks import (content_type_conformance, negative_data_rejection, not_a_server_error,
                                     response_schema_conformance, status_code_conformance)

    case.call_and_validate(checks=[not_a_server_error, status_code_conformance, content_type_conformance,
                                   response_schema_conformance, negative_data_rejection])
