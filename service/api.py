"""The /v1 blueprint: score, clean, batch. Thin: read the body, call service.scoring, answer."""
from flask import Blueprint, Response, current_app, jsonify, request

from . import scoring
from .access import check_api_key
from .errors import ApiError

bp = Blueprint("v1", __name__, url_prefix="/v1")


def state():
    return current_app.extensions["promo_detector"]


@bp.before_request
def require_key():
    if request.method != "OPTIONS":
        check_api_key(request.headers.get("Authorization"), state().config.api_keys)


def body():
    return scoring.read_body(request.stream, request.headers.get("Content-Encoding"), state().limits.max_bytes)


def query_options(*names):
    """Query parameters among `names`, with a 400 for a repeated one."""
    options = {}
    for name in names:
        values = request.args.getlist(name)
        if len(values) > 1:
            raise ApiError(400, "invalid_parameter", f"query parameter {name} is given more than once")
        if values:
            options[name] = values[0]
    return options


@bp.post("/score")
def score():
    s = state()
    options = query_options("blocks")
    result = scoring.score_document(s.detector, body(), request.content_type, options, s.limits,
                                    url=request.args.get("url"))
    s.metrics.observe_document(result)
    return jsonify(result)


@bp.post("/clean")
def clean():
    s = state()
    html, verdict = scoring.clean_document(s.detector, body(), request.content_type, query_options("mode"),
                                           s.limits, url=request.args.get("url"))
    s.metrics.observe_document(verdict.to_dict("none"))
    promo_blocks = sum(1 for b in verdict.blocks if b.label == "promo")
    return Response(html, content_type="text/html; charset=utf-8",
                    headers={"X-Promo-Inserts": str(len(verdict.inserts)), "X-Promo-Blocks": str(promo_blocks)})


@bp.post("/batch")
def batch():
    s = state()
    result = scoring.score_batch(s.detector, body(), request.content_type, query_options("blocks"), s.limits)
    for item in result["results"]:
        if "error" not in item:
            s.metrics.observe_document(item)
    return jsonify(result)
