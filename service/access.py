"""Who may call /v1: optional API keys (Bearer, compared in constant time) and the CORS allow-list."""
import hmac

from .errors import ApiError

ALLOW_METHODS = "POST, OPTIONS"
ALLOW_HEADERS = "Authorization, Content-Type, Content-Encoding, X-Request-Id"
EXPOSE_HEADERS = "X-Request-Id, X-Promo-Inserts, X-Promo-Blocks"
PREFLIGHT_MAX_AGE = "600"


def bearer_token(authorization):
    scheme, _, token = (authorization or "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def key_is_valid(token, keys):
    """True when `token` equals one of `keys`; every key is compared, each in constant time."""
    given = token.encode("utf-8")
    found = False
    for key in keys:
        found |= hmac.compare_digest(given, key.encode("utf-8"))
    return found


def check_api_key(authorization, keys):
    """Raise 401 unless keys are off or the Authorization header carries a valid Bearer key."""
    if not keys:
        return
    token = bearer_token(authorization)
    if token is None or not key_is_valid(token, keys):
        raise ApiError(401, "unauthorized", "a valid API key is required: Authorization: Bearer <key>",
                       {"WWW-Authenticate": 'Bearer realm="promo-detector"'})


def origin_allowed(origin, allowed):
    return "*" in allowed or origin in allowed


def check_origin(origin, allowed):
    """Refuse (403) a browser request from an origin not on the allow-list; requests with no Origin pass."""
    if origin and not origin_allowed(origin, allowed):
        raise ApiError(403, "origin_not_allowed", f"origin {origin!r} is not allowed to call this service")


def cors_headers(origin, preflight=False):
    headers = {"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": EXPOSE_HEADERS,
               "Vary": "Origin"}
    if preflight:
        headers.update({"Access-Control-Allow-Methods": ALLOW_METHODS, "Access-Control-Allow-Headers": ALLOW_HEADERS,
                        "Access-Control-Max-Age": PREFLIGHT_MAX_AGE})
    return headers
