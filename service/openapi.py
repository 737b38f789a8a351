"""The OpenAPI 3.1 description of the service (a dict; served at /openapi.json, rendered at /docs)."""
from detector import __version__

from .scoring import BLOCK_CHOICES, MODES

ERROR_STATUSES = {
    "400": "Malformed JSON, a missing or invalid field, or an invalid query parameter.",
    "401": "API keys are configured and the request has no valid `Authorization: Bearer <key>`.",
    "403": "The request's Origin is not on the CORS allow-list.",
    "413": "The body (after decompression) or the batch is over the configured limit.",
    "415": "Unsupported Content-Type or Content-Encoding.",
    "422": "The body is empty, binary, not HTML, or too complex to score in bounded time.",
}
REF = "#/components/schemas/"


def error_responses(*statuses):
    return {status: {"description": ERROR_STATUSES[status],
             "content": {"application/json": {"schema": {"$ref": REF + "Error"}}}} for status in statuses}


def json_response(description, schema_name, headers=None):
    response = {"description": description, "content": {"application/json": {"schema": {"$ref": REF + schema_name}}}}
    if headers:
        response["headers"] = headers
    return response


def query(name, description, choices=None):
    schema = {"type": "string", "enum": list(choices)} if choices else {"type": "string"}
    return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}


def document_body(description, options_schema):
    return {
        "required": True, "description": description,
        "content": {
            "text/html": {"schema": {"type": "string", "description": "the raw page (any charset)"}},
            "application/json": {"schema": {
                "type": "object", "required": ["html"], "additionalProperties": False,
                "properties": {"html": {"type": "string"}, "url": {"type": "string"},
                               "options": options_schema}}},
        },
    }


def schemas(max_batch):
    error = {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"}}}}}
    block = {"type": "object", "required": ["index", "text", "label", "score", "tag", "path", "reasons"],
             "properties": {"index": {"type": "integer"}, "text": {"type": "string"},
                            "label": {"type": "string", "enum": ["editorial", "promo", "boilerplate"]},
                            "score": {"type": "number"}, "tag": {"type": "string"}, "path": {"type": "string"},
                            "reasons": {"type": "array", "items": {"type": "string"}}}}
    insert = {"type": "object", "required": ["blocks", "text", "score", "disclosed", "repeat_of"],
              "properties": {"blocks": {"type": "array", "items": {"type": "integer"}}, "text": {"type": "string"},
                             "score": {"type": "number"}, "disclosed": {"type": "boolean"},
                             "repeat_of": {"type": ["integer", "null"]}}}
    model = {"type": "object", "required": ["name", "version"],
             "properties": {"name": {"type": "string"}, "version": {"type": "string"}}}
    verdict = {"type": "object", "required": ["model", "has_promo", "promo_share", "blocks", "inserts"],
               "properties": {"model": {"$ref": REF + "Model"}, "has_promo": {"type": "boolean"},
                              "promo_share": {"type": "number", "minimum": 0, "maximum": 1},
                              "blocks": {"type": "array", "items": {"$ref": REF + "Block"}},
                              "inserts": {"type": "array", "items": {"$ref": REF + "Insert"}}}}
    score_options = {"type": "object", "additionalProperties": False,
                     "properties": {"blocks": {"type": "string", "enum": list(BLOCK_CHOICES)}}}
    batch_document = {"type": "object", "required": ["html"], "additionalProperties": False,
                      "properties": {"id": {"type": "string"}, "html": {"type": "string"}, "url": {"type": "string"},
                                     "options": {"$ref": REF + "ScoreOptions"}}}
    batch_request = {"type": "object", "required": ["documents"], "additionalProperties": False,
                     "properties": {"documents": {"type": "array", "minItems": 1, "maxItems": max_batch,
                                                  "items": {"$ref": REF + "BatchDocument"}},
                                    "options": {"$ref": REF + "ScoreOptions"}}}
    batch_result = {"oneOf": [
        {"allOf": [{"$ref": REF + "Verdict"}, {"type": "object", "required": ["id"],
                                                "properties": {"id": {"type": "string"}}}]},
        {"type": "object", "required": ["id", "error"],
         "properties": {"id": {"type": "string"}, "error": error["properties"]["error"]}}]}
    batch_response = {"type": "object", "required": ["model", "results"],
                      "properties": {"model": {"$ref": REF + "Model"},
                                     "results": {"type": "array", "items": {"$ref": REF + "BatchResult"}}}}
    return {"Error": error, "Block": block, "Insert": insert, "Model": model, "Verdict": verdict,
            "ScoreOptions": score_options, "BatchDocument": batch_document, "BatchRequest": batch_request,
            "BatchResult": batch_result, "BatchResponse": batch_response}


def v1_paths(config):
    errors = ("400", "401", "403", "413", "415", "422")
    security = [{"bearerAuth": []}] if config.api_keys else []
    clean_options = {"type": "object", "additionalProperties": False,
                     "properties": {"mode": {"type": "string", "enum": list(MODES)}}}
    score = {
        "operationId": "score", "summary": "Label every text block of a page; list the promo inserts",
        "description": "Body: the raw page as text/html (any charset; Content-Encoding gzip allowed), or JSON "
                       "{html, url?, options?}. The answer is the CLI's jsonl record without \"source\".",
        "parameters": [query("blocks", "which blocks to return (default all); wins over options.blocks",
                             BLOCK_CHOICES), query("url", "the page's URL (for text/html bodies)")],
        "requestBody": document_body("the page", {"$ref": REF + "ScoreOptions"}),
        "responses": {"200": json_response("the verdict", "Verdict"), **error_responses(*errors)},
        "security": security,
    }
    clean = {
        "operationId": "clean", "summary": "The page with its promo inserts removed (reader mode) or highlighted",
        "description": "mode=remove (default) drops the promo blocks; mode=highlight marks them with data-promo "
                       "attributes and a visible outline, for review in a CMS.",
        "parameters": [query("mode", "remove (default) or highlight", MODES),
                       query("url", "the page's URL (for text/html bodies)")],
        "requestBody": document_body("the page", clean_options),
        "responses": {"200": {"description": "the cleaned page, UTF-8",
                              "headers": {"X-Promo-Inserts": {"schema": {"type": "string"}},
                                          "X-Promo-Blocks": {"schema": {"type": "string"}}},
                              "content": {"text/html": {"schema": {"type": "string"}}}},
                      **error_responses(*errors)},
        "security": security,
    }
    batch = {
        "operationId": "batch", "summary": f"Score up to {config.max_batch} pages in one request",
        "description": "Results come back in order; a page that cannot be scored gets {id, error} in its place.",
        "parameters": [query("blocks", "which blocks to return for every page", BLOCK_CHOICES)],
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": REF + "BatchRequest"}}}},
        "responses": {"200": json_response("one result per document", "BatchResponse"), **error_responses(*errors)},
        "security": security,
    }
    return {"/v1/score": {"post": score}, "/v1/clean": {"post": clean}, "/v1/batch": {"post": batch}}


def ops_paths():
    def text(description, media):
        return {"description": description, "content": {media: {"schema": {"type": "string"}}}}

    status = {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}
    ready = {"type": "object", "required": ["status", "model"], "properties": {
        "status": {"type": "string"}, "model": {"type": "object", "required": ["name", "version", "sha256"],
                                                "properties": {"name": {"type": "string"},
                                                               "version": {"type": "string"},
                                                               "sha256": {"type": "string"}}}}}
    return {
        "/healthz": {"get": {"operationId": "healthz", "summary": "The process is alive",
                             "responses": {"200": {"description": "alive",
                                                   "content": {"application/json": {"schema": status}}}}}},
        "/readyz": {"get": {"operationId": "readyz", "summary": "The model is loaded (name, version, sha256)",
                            "responses": {"200": {"description": "ready",
                                                  "content": {"application/json": {"schema": ready}}},
                                          "503": json_response("not ready", "Error")}}},
        "/metrics": {"get": {"operationId": "metrics", "summary": "Prometheus text format (this worker's counts)",
                             "responses": {"200": text("metrics", "text/plain")}}},
        "/openapi.json": {"get": {"operationId": "openapi", "summary": "This description",
                                  "responses": {"200": {"description": "OpenAPI 3.1",
                                                        "content": {"application/json": {
                                                            "schema": {"type": "object"}}}}}}},
        "/docs": {"get": {"operationId": "docs", "summary": "This description as a self-contained HTML page",
                          "responses": {"200": text("HTML", "text/html")}}},
    }


def build_spec(config):
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "promo-detector", "version": __version__,
                 "description": "Finds promotional and affiliate inserts inside article pages."},
        "paths": {**v1_paths(config), **ops_paths()},
        "components": {"schemas": schemas(config.max_batch)},
    }
    if config.api_keys:
        spec["components"]["securitySchemes"] = {"bearerAuth": {"type": "http", "scheme": "bearer"}}
    return spec
