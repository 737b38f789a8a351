"""Shared builders for the audit tests: small archives of the same pages in every input format (no tests here)."""
import csv
import gzip
import io
import json
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "models" / "promo-detector-v1"
SECTIONS = ("sport", "money", "tech")


def authored_pages(n):
    """n committed authored pages (bytes), a stable selection: every page has promo or editorial text."""
    listed = subprocess.run(["git", "ls-files", "training_data/authored"], cwd=ROOT, capture_output=True, text=True)
    paths = sorted(p for p in listed.stdout.split() if p.endswith(".html")) if listed.returncode == 0 else []
    if not paths:
        paths = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "training_data" / "authored").rglob("*.html"))
    step = max(len(paths) // n, 1)
    return [(ROOT / p).read_bytes() for p in paths[::step][:n]]


def page_rows(pages, offset=0):
    """Table rows with html and metadata columns for pages."""
    return [{"id": f"art-{offset + i}", "url": f"https://news.example/{offset + i}", "html": html.decode("utf-8"),
             "published": f"2024-{(offset + i) % 12 + 1:02d}-15", "section": SECTIONS[(offset + i) % 3],
             "author": f"Author {(offset + i) % 2}"} for i, html in enumerate(pages)]


def write_jsonl(path, rows, gz=False):
    text = "".join(json.dumps(r) + "\n" for r in rows)
    path.write_bytes(gzip.compress(text.encode()) if gz else text.encode())


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_parquet(path, rows):
    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=2)


def write_warc(path, rows, extra_records=True):
    """A .warc.gz with one HTML response per row (plus a request and a non-HTML response, which are skipped)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=str(path).endswith(".gz"))
        for row in rows:
            html = row["html"].encode("utf-8")
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(row["url"], "response", payload=io.BytesIO(html),
                                                          http_headers=headers))
            if extra_records:
                request = io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
                writer.write_record(writer.create_warc_record(row["url"], "request", payload=request))
        if extra_records:
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record("https://news.example/logo.png", "response",
                                                          payload=io.BytesIO(b"\x89PNG...."), http_headers=image))


def build_archive(root, pages):
    """The same kind of pages in every input kind; returns (inputs, {url or path: html bytes})."""
    root.mkdir(parents=True, exist_ok=True)
    html_dir = root / "pages"
    (html_dir / "sub").mkdir(parents=True)
    expected = {}
    for i, html in enumerate(pages[:4]):
        target = html_dir / ("sub" if i % 2 else "") / (f"page{i}.html.gz" if i % 2 else f"page{i}.html")
        target.write_bytes(gzip.compress(html) if i % 2 else html)
        expected[str(target)] = html
    (html_dir / "notes.txt").write_text("not an input")
    groups = [page_rows(pages[k:k + 2], k) for k in range(4, 12, 2)]
    write_jsonl(root / "a.jsonl", groups[0])
    write_csv(root / "b.csv", groups[1])
    write_parquet(root / "c.parquet", groups[2])
    write_warc(root / "d.warc.gz", groups[3])
    for rows in groups:
        expected.update({r["url"]: r["html"].encode("utf-8") for r in rows})
    inputs = [str(html_dir), str(root / "a.jsonl"), str(root / "b.csv"), str(root / "c.parquet"),
              str(root / "*.warc.gz")]
    return inputs, expected
