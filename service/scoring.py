"""The service's work, Flask-free: request body → document → Verdict dict / cleaned HTML / batch results.

Everything here takes bytes, a Content-Type string and plain dicts, and raises ApiError or
detector.errors.InputError (both mapped to JSON errors by the one handler), so it is testable without Flask.
"""
import json
import re
import zlib
from dataclasses import dataclass

from detector.clean import MODES, clean_html
from detector.encoding import read_document
from detector.errors import InputError, InputTooLarge, map_in_place
from detector.sources import read_limited

from .errors import ApiError

BLOCK_CHOICES = ("all", "promo", "none")
HTML_TYPES = ("text/html", "application/xhtml+xml")
JSON_TYPE = "application/json"
COMPRESSED = ("gzip", "x-gzip", "deflate")
INFLATE_CHUNK = 1 << 16
SCORE_OPTIONS = {"blocks": BLOCK_CHOICES}
CLEAN_OPTIONS = {"mode": MODES}
_ELEMENT = re.compile(r"<[a-zA-Z]")
_LONG_TAG = re.compile(r"<[a-zA-Z][^<>]{4096,}")
_ATTRIBUTE = re.compile(r"""[\s"'][^\s"'<>/=]+\s*=""")


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_elements: int = 30_000
    max_attributes: int = 1_000
    max_batch: int = 16
    max_batch_elements: int = 100_000

    @classmethod
    def of(cls, config):
        return cls(config.max_body_bytes, config.max_elements, config.max_attributes, config.max_batch,
                   config.max_batch_elements)


@dataclass(frozen=True)
class Document:
    html: object                 # bytes (raw body) or str (from JSON)
    url: str | None = None
    content_type: str | None = None
    options: tuple = ()          # ((name, value), ...)


# -- request bodies -------------------------------------------------------------------------------------------

def media_type(content_type):
    return (content_type or "").split(";", 1)[0].strip().lower()


def read_body(stream, content_encoding, max_bytes):
    """The request body from a binary stream, inflated when Content-Encoding is gzip/deflate; ≤ max_bytes."""
    encoding = (content_encoding or "identity").strip().lower()
    if encoding in ("", "identity"):
        return read_limited(stream, max_bytes)
    if encoding not in COMPRESSED:
        raise ApiError(415, "unsupported_encoding",
                       f"Content-Encoding {encoding!r} is not supported; use gzip, deflate or none")
    return inflate_limited(read_limited(stream, max_bytes), max_bytes)


def inflate_limited(data, max_bytes):
    """gzip/zlib bytes → bytes, refusing (InputTooLarge) as soon as the output passes max_bytes.

    The inflate is streamed in INFLATE_CHUNK pieces, so a decompression bomb costs at most max_bytes of memory.
    """
    chunks, size, pending = [], 0, data
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)          # gzip or zlib header, detected
    try:
        while pending:
            chunk = inflater.decompress(pending, INFLATE_CHUNK)
            size += len(chunk)
            if size > max_bytes:
                raise InputTooLarge(f"input too large: more than {max_bytes:,} bytes after decompression")
            chunks.append(chunk)
            pending = inflater.unconsumed_tail
            if inflater.eof and inflater.unused_data.strip(b"\0"):  # another gzip member follows
                pending, inflater = inflater.unused_data, zlib.decompressobj(zlib.MAX_WBITS | 32)
    except zlib.error as exc:
        raise ApiError(400, "bad_encoding", f"the compressed body cannot be decompressed: {exc}") from None
    if not inflater.eof:
        raise ApiError(400, "bad_encoding", "the compressed body is truncated")
    return b"".join(chunks)


def parse_json(body):
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "invalid_json", f"the body is not valid JSON: {exc}") from None


def checked_options(raw, allowed, where="options"):
    """A dict of options ({name: value}) checked against the allowed choices."""
    if not isinstance(raw, dict):
        raise ApiError(400, "invalid_field", f"{where} must be an object")
    for name, value in raw.items():
        if name not in allowed:
            raise ApiError(400, "invalid_field", f"unknown option {name!r}; known: {', '.join(allowed)}")
        if value not in allowed[name]:
            raise ApiError(400, "invalid_field", f"option {name} must be one of {', '.join(allowed[name])}")
    return dict(raw)


def document_from_json(obj, allowed, where="body"):
    if not isinstance(obj, dict):
        raise ApiError(400, "invalid_field", f"the {where} must be a JSON object")
    unknown = set(obj) - {"html", "url", "options", "id"}
    if unknown:
        raise ApiError(400, "invalid_field", f"unknown field(s) in the {where}: {', '.join(sorted(unknown))}")
    if "html" not in obj:
        raise ApiError(400, "missing_field", f"the {where} has no \"html\" field")
    if not isinstance(obj["html"], str):
        raise ApiError(400, "invalid_field", "\"html\" must be a string")
    url = obj.get("url")
    if "url" in obj and not isinstance(url, str):
        raise ApiError(400, "invalid_field", "\"url\" must be a string")
    options = checked_options(obj.get("options", {}), allowed)
    return Document(html=obj["html"], url=url, options=tuple(options.items()))


def parse_document(body, content_type, allowed, url=None):
    """A Document from a text/html or application/json body; 415 for any other media type."""
    kind = media_type(content_type)
    if kind in HTML_TYPES:
        return Document(html=body, url=url, content_type=content_type)
    if kind == JSON_TYPE:
        document = document_from_json(parse_json(body), allowed)
        return Document(document.html, document.url or url, None, document.options)
    raise ApiError(415, "unsupported_media_type",
                   f"Content-Type must be text/html or application/json, not {kind or 'missing'!r}")


# -- documents ------------------------------------------------------------------------------------------------

def count_elements(text, stop):
    """Start tags in the text, counted up to `stop` (every "<" when there are no more than `stop` of them)."""
    if text.count("<") <= stop:
        return len(_ELEMENT.findall(text))
    count = 0
    for _ in _ELEMENT.finditer(text):
        count += 1
        if count > stop:
            break
    return count


def check_complexity(text, limits, max_elements=None):
    """Refuse (422 too_complex) the HTML that would take the parser or the model unbounded time."""
    max_elements = max_elements or limits.max_elements
    elements = count_elements(text, max_elements)
    if elements > max_elements:
        raise ApiError(422, "too_complex", f"the page has more than {max_elements:,} HTML elements")
    for tag in _LONG_TAG.finditer(text):
        if len(_ATTRIBUTE.findall(tag.group())) > limits.max_attributes:
            raise ApiError(422, "too_complex",
                           f"an element has more than {limits.max_attributes:,} attributes")
    return elements


def document_text(document, limits, max_elements=None):
    """Decoded, checked text of a document (InputError / ApiError when it is not a page we can score)."""
    text = read_document(document.html, document.content_type, max_bytes=limits.max_bytes)
    check_complexity(text, limits, max_elements)
    return text


def blocks_choice(options):
    choice = options.get("blocks", "all")
    if choice not in BLOCK_CHOICES:
        raise ApiError(400, "invalid_parameter", f"blocks must be one of {', '.join(BLOCK_CHOICES)}")
    return choice


def score_document(detector, body, content_type, options=None, limits=Limits(), url=None):
    """POST /v1/score: body → the CLI's jsonl record without "source". `options` (query) win over the body's."""
    document = parse_document(body, content_type, SCORE_OPTIONS, url)
    merged = {**dict(document.options), **(options or {})}
    verdict = detector.score(document_text(document, limits), url=document.url)
    return verdict.to_dict(blocks_choice(merged))


def clean_document(detector, body, content_type, options=None, limits=Limits(), url=None):
    """POST /v1/clean: body → (HTML with promo removed or highlighted, Verdict)."""
    document = parse_document(body, content_type, CLEAN_OPTIONS, url)
    mode = {**dict(document.options), **(options or {})}.get("mode", "remove")
    if mode not in MODES:
        raise ApiError(400, "invalid_parameter", f"mode must be one of {', '.join(MODES)}")
    text = document_text(document, limits)
    verdict, root = detector.score_with_tree(text, url=document.url)
    return clean_html(text, verdict, mode, root=root), verdict


def batch_documents(obj, limits):
    if not isinstance(obj, dict) or "documents" not in obj:
        raise ApiError(400, "missing_field", "the body must be a JSON object with a \"documents\" array")
    unknown = set(obj) - {"documents", "options"}
    if unknown:
        raise ApiError(400, "invalid_field", f"unknown field(s): {', '.join(sorted(unknown))}")
    documents = obj["documents"]
    if not isinstance(documents, list) or not documents:
        raise ApiError(400, "invalid_field", "\"documents\" must be a non-empty array")
    if len(documents) > limits.max_batch:
        raise ApiError(413, "batch_too_large",
                       f"{len(documents)} documents in one batch; the limit is {limits.max_batch}")
    for i, item in enumerate(documents):
        document_from_json(item, SCORE_OPTIONS, where=f"document {i}")
        if "id" in item and not isinstance(item["id"], str):
            raise ApiError(400, "invalid_field", f"document {i}: \"id\" must be a string")
    return documents


def score_batch(detector, body, content_type, options=None, limits=Limits()):
    """POST /v1/batch: {"documents": [{"id"?, "html", "url"?}], "options"?} → {"results": [...]} in order.

    A document that cannot be scored gets {"id", "error"} in its place; the batch itself still succeeds.
    """
    if media_type(content_type) != JSON_TYPE:
        raise ApiError(415, "unsupported_media_type", "Content-Type must be application/json")
    obj = parse_json(body)
    documents = batch_documents(obj, limits)
    choice = blocks_choice({**checked_options(obj.get("options", {}), SCORE_OPTIONS), **(options or {})})
    budget = limits.max_batch_elements
    if sum(count_elements(d["html"], budget) for d in documents) > budget:
        raise ApiError(413, "batch_too_large", f"the batch holds more than {budget:,} HTML elements in all; "
                                               "split it into smaller batches")
    checked = [checked_document(item, limits) for item in documents]
    outcomes = map_in_place(detector.score_many, checked)
    results = [batch_result(i, item, outcome, choice) for i, (item, outcome) in enumerate(zip(documents, outcomes))]
    return {"model": dict(detector.model_info), "results": results}


def checked_document(item, limits):
    """A batch document as (checked text, url, None) for Detector.score_many, or the InputError / ApiError that
    refuses it."""
    try:
        return document_text(Document(html=item["html"], url=item.get("url")), limits), item.get("url"), None
    except (InputError, ApiError) as exc:
        return exc


def batch_result(index, item, outcome, choice):
    """One entry of a batch's results: the verdict's dict, or {"id", "error"} for a refused document. A failure
    that is not about the input is raised, as for a single page (a 500 from the one error handler)."""
    ident = item.get("id", str(index))
    if isinstance(outcome, (InputError, ApiError)):
        return {"id": ident, "error": {"code": outcome.code, "message": outcome.message}}
    if isinstance(outcome, Exception):
        raise outcome
    return {"id": ident, **outcome.to_dict((item.get("options") or {}).get("blocks", choice))}
