"""The application factory: config + detector → Flask app with the /v1 and ops blueprints and the hooks."""
import logging
import re
import time
import uuid
from dataclasses import dataclass, replace

from flask import Flask, current_app, g, request

from detector.model import Detector

from . import access, api, ops
from .config import Config
from .errors import handle_error
from .logs import setup_logging
from .metrics import Metrics
from .scoring import Limits

access_log = logging.getLogger("promo_detector.access")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


@dataclass
class State:
    """What the routes need, kept on app.extensions["promo_detector"] (one per app, no module globals)."""

    config: Config
    detector: Detector
    limits: Limits
    metrics: Metrics


def make_config(config):
    if config is None:
        return Config.from_env()
    if isinstance(config, Config):
        return config.checked()
    return replace(Config.from_env(), **dict(config)).checked()


def create_app(config=None, detector=None):
    """A Flask app. `config`: a Config, a dict of Config fields overriding the environment, or None (env only).
    `detector`: a loaded Detector, or None to load the model at config.model_path (once, here)."""
    config = make_config(config)
    setup_logging(config.log_level)
    app = Flask(__name__, static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=config.max_body_bytes, JSON_SORT_KEYS=False)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["promo_detector"] = State(config, detector or Detector.load(config.model_path),
                                             Limits.of(config), Metrics())
    app.register_blueprint(api.bp)
    app.register_blueprint(ops.bp)
    app.register_error_handler(Exception, handle_error)
    app.before_request(start_request)
    app.after_request(finish_request)
    return app


def start_request():
    g.start = time.perf_counter()
    given = request.headers.get("X-Request-Id", "")
    g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
    if request.path.startswith("/v1/"):
        return cors_preflight()
    return None


def cors_preflight():
    """Refuse an Origin that is not allowed (403); answer an allowed preflight here (before the key check)."""
    origin = request.headers.get("Origin")
    access.check_origin(origin, current_app.extensions["promo_detector"].config.cors_origins)
    if request.method == "OPTIONS" and origin and request.headers.get("Access-Control-Request-Method"):
        return "", 204, access.cors_headers(origin, preflight=True)
    return None


def finish_request(response):
    state = current_app.extensions["promo_detector"]
    origin = request.headers.get("Origin")
    if request.path.startswith("/v1/") and origin and access.origin_allowed(origin, state.config.cors_origins):
        for name, value in access.cors_headers(origin).items():
            response.headers.setdefault(name, value)
    response.headers["X-Request-Id"] = g.get("request_id", "")
    seconds = time.perf_counter() - g.get("start", time.perf_counter())
    route = request.url_rule.rule if request.url_rule else "unmatched"
    state.metrics.observe_request(request.method, route, response.status_code, seconds)
    access_log.info({"event": "access", "method": request.method, "path": request.path, "route": route,
                     "status": response.status_code, "duration_ms": round(seconds * 1000, 2),
                     "request_bytes": request.content_length, "response_bytes": response.content_length,
                     "remote": request.remote_addr, "request_id": g.get("request_id"),
                     "origin": origin})
    return response
