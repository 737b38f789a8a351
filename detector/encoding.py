"""Bytes → text for HTML documents, and the checks that refuse what is not an HTML page.

Decoding never raises on bad bytes: BOM first, then a charset from the HTTP header, then a <meta> charset
in the first bytes, then strict UTF-8, then windows-1252 (the web's default) with replacement characters.
"""
import codecs
import re

from .errors import BinaryInput, EmptyInput, InputTooLarge, NotHTML

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
META_SCAN_BYTES = 4096
BINARY_SCAN_CHARS = 8192
MAX_CONTROL_SHARE = 0.02

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([a-zA-Z0-9_.:-]{1,40})""", re.I)
_TAG = re.compile(r"<\s*(!doctype|html|head|body|p|div|span|a|h[1-6]|article|section|main|table|ul|li|br|meta|title)\b", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _codec(name):
    try:
        return codecs.lookup(name.decode("ascii", "ignore") if isinstance(name, bytes) else name).name
    except LookupError:
        return None


def sniff_encoding(data, content_type=None):
    """The codec name to decode `data` with, by BOM, HTTP header, <meta>, UTF-8 validity, windows-1252."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for match in (_HEADER_CHARSET.search(content_type or ""), _META_CHARSET.search(data[:META_SCAN_BYTES])):
        if match and _codec(match.group(1)):
            name = _codec(match.group(1))
            return "utf-8" if name.startswith("utf-16") else name  # a declared UTF-16 without a BOM is a lie
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


def decode_html(data, content_type=None):
    """Bytes (or str) → str; never raises on bad bytes."""
    if isinstance(data, str):
        return data
    encoding = sniff_encoding(data, content_type)
    text = data.decode(encoding, errors="replace")
    return text[1:] if text.startswith("\ufeff") else text


def read_document(data, content_type=None, max_bytes=DEFAULT_MAX_BYTES):
    """Decode and check one HTML document; raise an InputError subclass saying what is wrong with it."""
    if data is None or len(data) == 0:
        raise EmptyInput("empty input: no bytes to score")
    if len(data) > max_bytes:
        raise InputTooLarge(f"input too large: {len(data):,} bytes, the limit is {max_bytes:,}")
    text = decode_html(data, content_type)
    if not text.strip():
        raise EmptyInput("empty input: only whitespace")
    head = text[:BINARY_SCAN_CHARS]
    if "\x00" in head or len(_CONTROL.findall(head)) > MAX_CONTROL_SHARE * len(head):
        raise BinaryInput("binary input: this looks like a binary file, not an HTML page")
    if not _TAG.search(text[:65536]):
        raise NotHTML("not HTML: no HTML tag found in the input")
    return text
