"""ApiError and the ONE error handler that turns every exception into `{"error": {"code", "message"}}`.

No Flask import here (a Flask error handler may return a (dict, status, headers) tuple), so the Flask-free
scoring module can raise ApiError too.
"""
import logging

from werkzeug.exceptions import HTTPException

from detector.errors import InputError

log = logging.getLogger("promo_detector.service")

INPUT_STATUS = {"input_too_large": 413}      # other InputError codes (empty_input, not_html, ...) are 422
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 408: "request_timeout",
              411: "length_required", 413: "body_too_large", 414: "uri_too_long", 415: "unsupported_media_type",
              422: "unprocessable", 429: "too_many_requests", 431: "headers_too_large"}


class ApiError(Exception):
    """An error answer: HTTP status, stable machine-readable code, human message, extra headers."""

    def __init__(self, status, code, message, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = dict(headers or {})


def as_api_error(exc):
    """Any exception → ApiError (unexpected ones become a 500 with no detail for the client)."""
    if isinstance(exc, ApiError):
        return exc
    if isinstance(exc, InputError):
        return ApiError(INPUT_STATUS.get(exc.code, 422), exc.code, str(exc))
    if isinstance(exc, HTTPException) and exc.code and exc.code < 500:
        allow = {"Allow": exc.valid_methods and ", ".join(exc.valid_methods)} if exc.code == 405 else {}
        return ApiError(exc.code, HTTP_CODES.get(exc.code, "http_error"), exc.description or exc.name,
                        {k: v for k, v in allow.items() if v})
    return None


def handle_error(exc):
    """The app's one error handler (registered for Exception)."""
    error = as_api_error(exc)
    if error is None:
        log.exception("unhandled error: %s", type(exc).__name__)
        error = ApiError(500, "internal_error", "internal error; the server log has the details")
    return {"error": {"code": error.code, "message": error.message}}, error.status, error.headers
