"""Records from every input kind, read lazily: (record_id, html bytes or RecordError, meta dict).

Record ids are stable across runs (the checkpoint relies on it): "<path>" for one HTML file, "<path>#<line>"
for JSONL (1-based line), "<path>#<row>" for CSV and Parquet (1-based data row), "<path>#<offset>" for WARC
(byte offset of the record in the file, compressed offset for .warc.gz).
"""
import csv
import glob
import gzip
import io
import json
import os
import sys
import zlib
from dataclasses import dataclass

from ..encoding import DEFAULT_MAX_BYTES

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml")
KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl", ".csv": "csv",
         ".csv.gz": "csv", ".parquet": "parquet", ".pq": "parquet", ".warc": "warc", ".warc.gz": "warc",
         **{suffix: "html" for suffix in HTML_SUFFIXES}}
GLOB_CHARS = set("*?[")
PARQUET_BATCH = 64


@dataclass(frozen=True)
class Columns:
    """Column names in tabular inputs (JSONL, CSV, Parquet). None: the first of the candidates that is present."""

    html: str = "html"
    id: str | None = "id"
    url: str | None = "url"
    date: str | None = None
    section: str | None = None
    author: str | None = None


CANDIDATES = {"date": ("date", "published", "published_date", "published_at", "pubdate", "datePublished"),
              "section": ("section", "category", "rubric"), "author": ("author", "byline", "authors")}
META_FIELDS = ("url", "date", "section", "author")


@dataclass(frozen=True)
class RecordError:
    """Why a record has no HTML to score; becomes an error row."""

    code: str
    message: str


def kind_of(path):
    name = str(path).lower()
    for suffix in sorted(KINDS, key=len, reverse=True):
        if name.endswith(suffix):
            return KINDS[suffix]
    return None


def expand_inputs(inputs):
    """[(path, kind)] in a stable order: directories walked (known suffixes only), globs expanded, sorted.

    An explicit file with an unknown suffix is read as one HTML page (it becomes an error row if it is not one).
    A pattern or path that matches nothing is reported as ("<input>", "missing")."""
    found = []
    for item in inputs:
        if any(ch in GLOB_CHARS for ch in item):
            paths = sorted(glob.glob(item, recursive=True))
            found += [(p, kind_of(p) or "html") for p in paths if os.path.isfile(p)] or [(item, "missing")]
        elif os.path.isdir(item):
            found += [(p, kind_of(p)) for p in _walk(item)]
        elif os.path.exists(item):
            found.append((item, kind_of(item) or "html"))
        else:
            found.append((item, "missing"))
    return list(dict.fromkeys(found))


def _walk(directory):
    paths = []
    for root, dirs, files in os.walk(directory):
        dirs.sort()
        paths += [os.path.join(root, f) for f in sorted(files) if kind_of(f)]
    return paths


def iter_records(path, kind, columns=Columns(), max_bytes=DEFAULT_MAX_BYTES):
    """Lazily yield (record_id, html bytes | RecordError, meta) for one input."""
    readers = {"html": _html_file, "jsonl": _jsonl, "csv": _csv, "parquet": _parquet, "warc": _warc,
               "missing": _missing}
    yield from readers[kind](path, columns, max_bytes)


def _missing(path, columns, max_bytes):
    yield path, RecordError("not_found", f"no such file or no file matches: {path}"), {}


def _html_file(path, columns, max_bytes):
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            data = _read_limited(gzip.GzipFile(fileobj=raw) if gzipped else raw, max_bytes)
    except _TooLarge:
        yield path, RecordError("input_too_large", f"more than {max_bytes:,} bytes after decompression"), {}
        return
    except (OSError, EOFError, zlib.error) as exc:
        yield path, RecordError("unreadable", f"cannot read {path}: {_gzip_message(exc)}"), {}
        return
    yield path, data, {}


class _TooLarge(Exception):
    pass


def _read_limited(stream, max_bytes):
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _TooLarge()
    return data


def _gzip_message(exc):
    text = str(exc) or type(exc).__name__
    if isinstance(exc, EOFError) or "end-of-stream" in text:
        return f"truncated gzip data ({text})"
    if isinstance(exc, (zlib.error, gzip.BadGzipFile)) or "gzip" in text.lower():
        return f"corrupt gzip data ({text})"
    return text


def _open_text(path):
    raw = open(path, "rb")
    if raw.read(2) == b"\x1f\x8b":
        raw.seek(0)
        return io.TextIOWrapper(gzip.GzipFile(fileobj=raw), encoding="utf-8", errors="replace", newline="")
    raw.seek(0)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="replace", newline="")


def resolve_columns(names, columns):
    """Column name for each field, from the explicit option or the first candidate present in `names`."""
    present = set(names)
    chosen = {"html": columns.html}
    for field in ("id", "url", "date", "section", "author"):
        explicit = getattr(columns, field)
        if explicit is not None:
            chosen[field] = explicit if explicit in present else None
        else:
            chosen[field] = next((c for c in CANDIDATES.get(field, ()) if c in present), None)
    return chosen


def table_record(record_id, row, chosen, max_bytes):
    """(record_id, html | RecordError, meta) from one row (a dict) of a JSONL/CSV/Parquet input."""
    meta = {field: _scalar(row.get(chosen[field])) for field in ("id",) + META_FIELDS if chosen.get(field)}
    meta = {k: v for k, v in meta.items() if v not in (None, "")}
    html = row.get(chosen["html"])
    if html is None or (isinstance(html, str) and not html.strip()) or html == b"":
        present = chosen["html"] in row and html is not None
        what = "an empty" if present else "no"
        return record_id, RecordError("missing_html", f"{what} '{chosen['html']}' value in this row"), meta
    if isinstance(html, str):
        data = html.encode("utf-8")
    elif isinstance(html, (bytes, bytearray)):
        data = bytes(html)
    else:
        message = f"'{chosen['html']}' is a {type(html).__name__}, not text"
        return record_id, RecordError("bad_html_value", message), meta
    if len(data) > max_bytes:
        return record_id, RecordError("input_too_large", f"{len(data):,} bytes, the limit is {max_bytes:,}"), meta
    return record_id, data, meta


def _scalar(value):
    if value is None:
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value != value:
        return None
    return str(value) if not isinstance(value, str) else value


def _stream_errors(path, what, unit, position, read):
    """Run a reader generator; a corrupt or truncated stream ends the input with one error row, whose id is the
    number of the first record that could not be read."""
    try:
        yield from read()
    except (OSError, EOFError, zlib.error, UnicodeDecodeError, csv.Error) as exc:
        done = position()
        message = f"{what} unreadable after {unit} {done}: {_gzip_message(exc)}"
        yield f"{path}#{done + 1}", RecordError("corrupt_input", message), {}


def _jsonl(path, columns, max_bytes):
    state = {"line": 0}

    def read():
        with _open_text(path) as lines:
            chosen = None
            for line in lines:
                state["line"] += 1
                if not line.strip():
                    continue
                rid = f"{path}#{state['line']}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield rid, RecordError("bad_json", f"line {state['line']} is not JSON: {exc}"), {}
                    continue
                if not isinstance(row, dict):
                    yield rid, RecordError("bad_json", f"line {state['line']} is not a JSON object"), {}
                    continue
                chosen = resolve_columns(row.keys(), columns) if chosen is None else chosen
                yield table_record(rid, row, _fill(chosen, row, columns), max_bytes)

    yield from _stream_errors(path, "JSONL", "line", lambda: state["line"], read)


def _fill(chosen, row, columns):
    """JSON objects may differ in keys: re-resolve automatic columns missing from the first object."""
    if all(chosen.get(f) for f in ("date", "section", "author")):
        return chosen
    return resolve_columns(set(row.keys()), columns)


def _csv(path, columns, max_bytes):
    csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))
    state = {"row": 0}

    def read():
        with _open_text(path) as text:
            reader = csv.DictReader(text)
            chosen = resolve_columns(reader.fieldnames or [], columns)
            for row in reader:
                state["row"] += 1
                rid = f"{path}#{state['row']}"
                if None in row:
                    row.pop(None)
                yield table_record(rid, row, chosen, max_bytes)

    yield from _stream_errors(path, "CSV", "row", lambda: state["row"], read)


def _parquet(path, columns, max_bytes):
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
        names = pf.schema_arrow.names
    except Exception as exc:  # pyarrow raises ArrowInvalid and friends for anything that is not Parquet
        yield path, RecordError("corrupt_input", f"not a readable Parquet file: {exc}"), {}
        return
    chosen = resolve_columns(names, columns)
    if chosen["html"] not in names:
        yield path, RecordError("missing_html", f"no '{chosen['html']}' column (columns: {', '.join(names)})"), {}
        return
    wanted = sorted({c for c in chosen.values() if c})
    row_number = 0
    try:
        for batch in pf.iter_batches(batch_size=PARQUET_BATCH, columns=wanted):
            for row in batch.to_pylist():
                row_number += 1
                yield table_record(f"{path}#{row_number}", row, chosen, max_bytes)
    except Exception as exc:
        message = f"Parquet unreadable after row {row_number}: {exc}"
        yield f"{path}#{row_number + 1}", RecordError("corrupt_input", message), {}


def _warc(path, columns, max_bytes):
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    offset = {"at": 0}
    try:
        stream = open(path, "rb")
    except OSError as exc:
        yield path, RecordError("unreadable", f"cannot read {path}: {exc}"), {}
        return
    with stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if record.format != "warc":
                    raise _NotWarc(f"not a WARC file: no WARC/1.x record header at offset {offset['at']}")
                item = _warc_item(record, max_bytes)   # read the payload first: get_record_offset() skips it
                offset["at"] = records.get_record_offset()
                if record.raw_stream.limit > 0:
                    raise EOFError(f"record cut short, {record.raw_stream.limit:,} bytes missing")
                if item:
                    yield (f"{path}#{offset['at']}",) + item
            cut = _cut_gzip_tail(stream, offset["at"])
            if cut is not None:
                offset["at"] = cut
                raise EOFError("the last gzip member is cut short (warcio reads it as the end of the archive)")
        except (ArchiveLoadFailed, _NotWarc, OSError, EOFError, zlib.error, ValueError) as exc:
            yield f"{path}#{offset['at']}", RecordError("corrupt_input", f"truncated or corrupt WARC at offset "
                                                                         f"{offset['at']}: {_gzip_message(exc)}"), {}


class _NotWarc(Exception):
    pass


def _cut_gzip_tail(stream, last_record_offset):
    """For a gzipped WARC: the offset of a gzip member after the last record that does not end (a record cut in its
    first bytes, which warcio takes for the end of the archive), else None. Reads only the last record and what
    follows it."""
    stream.seek(last_record_offset)
    if stream.read(2) != b"\x1f\x8b":
        return None
    stream.seek(last_record_offset)
    data, member = stream.read(), last_record_offset
    while data:
        inflater = zlib.decompressobj(wbits=31)
        try:
            inflater.decompress(data)
        except zlib.error:
            return member
        if not inflater.eof:
            return member
        member += len(data) - len(inflater.unused_data)
        data = inflater.unused_data
    return None


def _warc_item(record, max_bytes):
    """(html, meta) of the HTML response in a WARC record; None for records that are not HTML pages (requests,
    images, redirects, ...)."""
    if record.rec_type not in ("response", "resource"):
        return None
    ctype = ""
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or "200"
        if not status.startswith("2"):
            return None
        ctype = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "response":
        return None
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    if ctype and "html" not in ctype.lower():
        return None
    meta = {"url": record.rec_headers.get_header("WARC-Target-URI"),
            "crawl_date": record.rec_headers.get_header("WARC-Date"), "content_type": ctype or None}
    meta = {k: v for k, v in meta.items() if v}
    data = record.content_stream().read(max_bytes + 1)
    if len(data) > max_bytes:
        return RecordError("input_too_large", f"more than {max_bytes:,} bytes"), meta
    return data, meta


def count_records(path, kind):
    """How many records an input holds (for the progress bar's ETA); cheap except for WARC/CSV (one pass)."""
    try:
        if kind in ("html", "missing"):
            return 1
        if kind == "parquet":
            import pyarrow.parquet as pq

            return pq.ParquetFile(path).metadata.num_rows
        if kind == "jsonl":
            with _open_text(path) as lines:
                return sum(1 for line in lines if line.strip())
        if kind == "csv":
            csv.field_size_limit(min(sys.maxsize, 2 ** 31 - 1))
            with _open_text(path) as text:
                return sum(1 for _ in csv.reader(text)) - 1
        return _count_warc(path)
    except Exception:  # a corrupt input is reported when it is read; the count is only for the ETA
        return 1


def _count_warc(path):
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.format != "warc":
                break
            count += record.rec_type in ("response", "resource")
    return max(count, 1)
