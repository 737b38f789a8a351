"""Final outputs from the checkpoint's parts: articles/inserts/templates.parquet, summary.json, report.html.

Parts are streamed in chunk order (one part in memory at a time); templates are assigned here, in that order.
"""
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from . import schema
from .checkpoint import atomic_write_bytes
from .report import render_report
from .summary import Aggregate
from .templates import TemplateIndex


class _Writer:
    """A ParquetWriter to a temporary name, moved into place on close (readers never see a half file)."""

    def __init__(self, path, table_schema):
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.tmp")
        self.writer = pq.ParquetWriter(self.tmp, table_schema, compression="zstd")

    def write(self, table):
        if table.num_rows:
            self.writer.write_table(table)

    def close(self):
        self.writer.close()
        self.tmp.replace(self.path)


def write_articles(checkpoint, out, aggregate):
    writer = _Writer(out / "articles.parquet", schema.ARTICLES)
    for part in checkpoint.iter_parts("articles"):
        part = part.cast(schema.ARTICLES)
        writer.write(part)
        aggregate.add_articles(part)
    writer.close()


def with_templates(part, index):
    """An inserts part (with template_key/signature) → the final inserts table (with template_id)."""
    ids = []
    for key, sig, text, article, date, disclosed, score, domains, networks in zip(
            *(part.column(c).to_pylist() for c in ("template_key", "signature", "text", "article_id", "date",
                                                    "disclosed", "score", "link_domains", "networks"))):
        template = index.assign(key, sig, text)
        template.add(article, date, disclosed, score, domains, networks)
        ids.append(template.id)
    kept = part.drop_columns(["template_key", "signature"])
    return kept.append_column("template_id", pa.array(ids, pa.string())).cast(schema.INSERTS)


def write_inserts(checkpoint, out, aggregate, index):
    writer = _Writer(out / "inserts.parquet", schema.INSERTS)
    for part in checkpoint.iter_parts("inserts"):
        final = with_templates(part, index)
        writer.write(final)
        aggregate.add_inserts(final)
    writer.close()


def finalize(checkpoint, out, run_info):
    """Write every output; returns the summary dict."""
    out = Path(out)
    aggregate, index = Aggregate(), TemplateIndex()
    write_articles(checkpoint, out, aggregate)
    write_inserts(checkpoint, out, aggregate, index)
    templates = index.rows()
    writer = _Writer(out / "templates.parquet", schema.TEMPLATES)
    writer.write(schema.table(templates, schema.TEMPLATES))
    writer.close()
    summary = {"run": run_info, **aggregate.to_dict(templates)}
    atomic_write_bytes(out / "summary.json", json.dumps(summary, indent=1, ensure_ascii=False, default=str).encode())
    atomic_write_bytes(out / "report.html", render_report(summary).encode("utf-8"))
    return summary
