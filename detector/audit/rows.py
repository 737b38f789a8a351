"""The per-chunk work (runs in the workers): records → article rows and insert rows.

Every record becomes exactly one article row; a record that cannot be scored becomes an error row
(status "error", error_code, error) and never stops the chunk.
"""
import ctypes
import ctypes.util
import datetime as dt
import email.utils
import functools
import re
import signal
from dataclasses import dataclass

from ..errors import InputError, map_in_place
from .sources import RecordError
from .templates import fingerprint

MAX_INSERT_CHARS = 4000
SNIFF_BYTES = 65536
_META = {
    "date": re.compile(rb"""<meta[^>]{0,120}?(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|"""
                       rb"""datePublished|pubdate|publishdate|date|dc\.date)["'][^>]{0,80}?"""
                       rb"""content\s*=\s*["']([^"']{4,40})""", re.I),
    "section": re.compile(rb"""<meta[^>]{0,120}?property\s*=\s*["']article:section["'][^>]{0,80}?content\s*=\s*["']"""
                          rb"""([^"']{1,80})""", re.I),
    "author": re.compile(rb"""<meta[^>]{0,120}?name\s*=\s*["']author["'][^>]{0,80}?content\s*=\s*["']([^"']{1,80})""",
                         re.I),
}
_TIME = re.compile(rb"""<time[^>]{0,80}?datetime\s*=\s*["']([^"']{4,40})""", re.I)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})")
_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")


@dataclass(frozen=True)
class Chunk:
    """Consecutive records of the archive; `id` orders chunks and names their part files."""

    id: str
    records: tuple

    def __len__(self):
        return len(self.records)


@functools.lru_cache(maxsize=2)
def load_detector(model_path):
    """One Detector per worker process (and per model path); threads of a Dask worker share it."""
    from ..model import Detector

    return Detector.load(model_path)


def parse_date(value):
    """A datetime.date from common date spellings (ISO 8601, RFC 2822, YYYYMMDD, DD.MM.YYYY), else None."""
    if value is None or isinstance(value, dt.date):
        return value.date() if isinstance(value, dt.datetime) else value
    text = str(value).strip()
    for pattern, order in ((_ISO, (0, 1, 2)), (_COMPACT, (0, 1, 2)), (_DMY, (2, 1, 0))):
        match = pattern.search(text)
        if match:
            parts = [int(match.group(i + 1)) for i in order]
            try:
                return dt.date(*parts)
            except ValueError:
                continue
    try:
        return email.utils.parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError):
        return None


def sniff_meta(html):
    """Published date, section and author from a page's <meta> tags (first 64 KiB only)."""
    head = html[:SNIFF_BYTES]
    found = {}
    for field, pattern in _META.items():
        match = pattern.search(head)
        if match:
            found[field] = match.group(1).decode("utf-8", "replace").strip()
    if "date" not in found:
        match = _TIME.search(head)
        if match:
            found["date"] = match.group(1).decode("ascii", "replace")
    return found


def article_meta(record_id, html, meta):
    """Row metadata: input columns first, then the page's own meta tags, then the crawl date (WARC-Date)."""
    sniffed = sniff_meta(html) if isinstance(html, bytes) else {}
    merged = {**sniffed, **{k: v for k, v in meta.items() if v not in (None, "")}}
    date = parse_date(merged.get("date")) or parse_date(sniffed.get("date")) or parse_date(meta.get("crawl_date"))
    return {"id": str(merged.get("id") or record_id), "source": record_id, "url": merged.get("url"), "date": date,
            "section": merged.get("section"), "author": merged.get("author")}


def error_row(base, code, message, model):
    return {**base, "status": "error", "error_code": code, "error": message, "model_name": model["name"],
            "model_version": model["version"]}


def verdict_rows(base, verdict):
    """(article row, insert rows) for one scored page."""
    inserts = [insert_row(base, k, insert) for k, insert in enumerate(verdict.inserts)]
    article = {**base, "status": "ok", "blocks": len(verdict.blocks),
               "promo_blocks": sum(b.label == "promo" for b in verdict.blocks),
               "promo_share": round(verdict.promo_share, 6), "inserts": len(verdict.inserts),
               "undisclosed_inserts": sum(not i.disclosed for i in verdict.inserts), "has_promo": verdict.has_promo,
               "model_name": verdict.model.get("name"), "model_version": verdict.model.get("version")}
    return article, inserts


def insert_row(base, index, insert):
    key, sig = fingerprint(insert.text)
    return {"article_id": base["id"], "source": base["source"], "insert_index": index, "url": base["url"],
            "date": base["date"], "text": insert.text[:MAX_INSERT_CHARS], "score": round(float(insert.score), 6),
            "disclosed": bool(insert.disclosed), "link_domains": list(insert.link_hosts),
            "networks": list(insert.networks), "blocks": list(insert.blocks), "repeat_of": insert.repeat_of,
            "template_key": key, "signature": sig}


def outcome_rows(base, outcome, model):
    """(article row, insert rows) for one record's outcome: a Verdict, or why it has none (an unreadable record,
    input that is not a page, or any other failure: a page the parser chokes on must not abort the archive)."""
    if isinstance(outcome, RecordError):
        return error_row(base, outcome.code, outcome.message, model), []
    if isinstance(outcome, InputError):
        return error_row(base, outcome.code, str(outcome), model), []
    if isinstance(outcome, Exception):
        return error_row(base, "internal_error", f"{type(outcome).__name__}: {outcome}", model), []
    return verdict_rows(base, outcome)


def audit_record(detector, record_id, payload, meta):
    """(article row, insert rows) for one record on its own."""
    return audit_records(detector, [(record_id, payload, meta)])[0]


def audit_records(detector, records):
    """[(article row, insert rows)] per record; the pages are scored together (Detector.score_many)."""
    bases = [article_meta(record_id, payload, meta) for record_id, payload, meta in records]
    documents = [payload if isinstance(payload, RecordError) else (payload, base["url"], meta.get("content_type"))
                 for (_, payload, meta), base in zip(records, bases)]
    outcomes = map_in_place(detector.score_many, documents, refused=RecordError)
    return [outcome_rows(base, outcome, detector.model_info) for base, outcome in zip(bases, outcomes)]


def audit_chunk(chunk, model_path):
    """The unit of work, the same for the process pool and for Dask: a Chunk → {chunk, articles, inserts}."""
    detector = load_detector(model_path)
    articles, inserts = [], []
    for article, rows in audit_records(detector, chunk.records):
        articles.append(article)
        inserts += rows
    release_memory()
    return {"chunk": chunk.id, "articles": articles, "inserts": inserts}


@functools.lru_cache(maxsize=1)
def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def release_memory():
    """Give freed heap back to the OS (glibc keeps it after a multi-megabyte page otherwise); no-op elsewhere."""
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):
        libc.malloc_trim(0)


def warm_worker(model_path):
    """ProcessPoolExecutor initializer: load the model once per worker process; Ctrl-C is the driver's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_detector(model_path)
