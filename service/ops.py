"""Operations routes: /healthz, /readyz, /metrics, /openapi.json and /docs (the spec as a human page)."""
from flask import Blueprint, Response, current_app, jsonify

from .docs_page import render_docs
from .errors import ApiError
from .metrics import CONTENT_TYPE
from .openapi import build_spec

bp = Blueprint("ops", __name__)


def state():
    return current_app.extensions["promo_detector"]


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    detector = state().detector
    if detector is None:
        raise ApiError(503, "not_ready", "the model is not loaded")
    manifest = detector.manifest
    return jsonify({"status": "ready", "model": {"name": manifest.get("name", "unnamed"),
                                                 "version": manifest.get("version", "0"),
                                                 "sha256": manifest.get("sha256", "")}})


@bp.get("/metrics")
def metrics():
    return Response(state().metrics.render(), content_type=CONTENT_TYPE)


@bp.get("/openapi.json")
def openapi():
    return jsonify(build_spec(state().config))


@bp.get("/docs")
def docs():
    page = render_docs(build_spec(state().config))
    return Response(page, content_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"})
