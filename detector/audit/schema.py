"""Arrow schemas of the audit's tables (part files and final outputs share them)."""
import pyarrow as pa

ARTICLES = pa.schema([
    ("id", pa.string()), ("source", pa.string()), ("url", pa.string()), ("date", pa.date32()),
    ("section", pa.string()), ("author", pa.string()), ("status", pa.string()), ("error_code", pa.string()),
    ("error", pa.string()), ("blocks", pa.int32()), ("promo_blocks", pa.int32()), ("promo_share", pa.float64()),
    ("inserts", pa.int32()), ("undisclosed_inserts", pa.int32()), ("has_promo", pa.bool_()),
    ("model_name", pa.string()), ("model_version", pa.string()),
])

_INSERT_FIELDS = [
    ("article_id", pa.string()), ("source", pa.string()), ("insert_index", pa.int32()), ("url", pa.string()),
    ("date", pa.date32()), ("text", pa.string()), ("score", pa.float64()), ("disclosed", pa.bool_()),
    ("link_domains", pa.list_(pa.string())), ("networks", pa.list_(pa.string())), ("blocks", pa.list_(pa.int32())),
    ("repeat_of", pa.int32()),
]
INSERT_PARTS = pa.schema(_INSERT_FIELDS + [("template_key", pa.string()), ("signature", pa.binary())])
INSERTS = pa.schema(_INSERT_FIELDS + [("template_id", pa.string())])

TEMPLATES = pa.schema([
    ("template_id", pa.string()), ("count", pa.int64()), ("articles", pa.int64()), ("recurring", pa.bool_()),
    ("first_date", pa.date32()), ("last_date", pa.date32()), ("example", pa.string()),
    ("link_domains", pa.list_(pa.string())), ("networks", pa.list_(pa.string())), ("disclosed", pa.int64()),
    ("disclosure_rate", pa.float64()), ("mean_score", pa.float64()),
])


def table(rows, schema):
    """A Table with exactly `schema`'s columns from a list of dicts (missing keys are nulls)."""
    return pa.Table.from_pylist([{name: row.get(name) for name in schema.names} for row in rows], schema=schema)
