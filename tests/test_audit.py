"""The archive audit: every input format, row-by-row checks, Dask equals local, corrupt inputs, templates."""
import datetime as dt
import gzip
import json

import pandas as pd
import pyarrow.parquet as pq
import pytest

from detector.audit.audit import AuditOptions, audit
from detector.audit.sources import Columns, expand_inputs, iter_records
from detector.audit.templates import TemplateIndex, fingerprint
from detector.cli import build_parser, main
from detector.model import Detector
from test_audit_helpers import MODEL, authored_pages, build_archive, page_rows, write_csv, write_jsonl, write_warc


@pytest.fixture(scope="module")
def pages():
    return authored_pages(12)


@pytest.fixture(scope="module")
def detector():
    return Detector.load(MODEL)


@pytest.fixture(scope="module")
def archive(tmp_path_factory, pages):
    return build_archive(tmp_path_factory.mktemp("archive"), pages)


@pytest.fixture(scope="module")
def local_run(archive, tmp_path_factory):
    inputs, _ = archive
    out = tmp_path_factory.mktemp("local")
    summary = audit(AuditOptions(inputs=inputs, out=str(out), model=str(MODEL), workers=2, scheduler="processes",
                                 chunk_size=3, progress=False))
    return out, summary


def read(out, name):
    return pq.read_table(out / f"{name}.parquet").to_pylist()


def test_expand_inputs_walks_directories_and_globs(archive):
    inputs, _ = archive
    kinds = [kind for _, kind in expand_inputs(inputs)]
    assert kinds == ["html"] * 4 + ["jsonl", "csv", "parquet", "warc"]
    assert not any(p.endswith("notes.txt") for p, _ in expand_inputs(inputs))


def test_outputs_exist(local_run):
    out, summary = local_run
    for name in ("articles.parquet", "inserts.parquet", "templates.parquet", "summary.json", "report.html"):
        assert (out / name).stat().st_size > 0, name
    assert json.loads((out / "summary.json").read_text())["articles"] == summary["articles"] == 12
    assert not (out / ".audit" / "parts").exists()


def test_article_rows_match_direct_scoring(local_run, archive, detector):
    out, _ = local_run
    _, expected = archive
    rows = read(out, "articles")
    assert len(rows) == len(expected) == 12
    assert len({r["source"] for r in rows}) == 12
    for row in rows:
        key = row["url"] or row["source"]
        verdict = detector.score(expected[key], url=row["url"])
        assert row["status"] == "ok" and row["error_code"] is None
        assert row["blocks"] == len(verdict.blocks)
        assert row["promo_blocks"] == sum(b.label == "promo" for b in verdict.blocks)
        assert row["promo_share"] == pytest.approx(verdict.promo_share, abs=1e-6)
        assert row["inserts"] == len(verdict.inserts)
        assert row["undisclosed_inserts"] == sum(not i.disclosed for i in verdict.inserts)
        assert row["has_promo"] == verdict.has_promo
        assert row["model_version"] == verdict.model["version"]


def test_insert_rows_match_direct_scoring(local_run, archive, detector):
    out, _ = local_run
    _, expected = archive
    inserts = read(out, "inserts")
    articles = read(out, "articles")
    assert sum(a["inserts"] for a in articles) == len(inserts) > 0
    for article in articles:
        mine = [i for i in inserts if i["source"] == article["source"]]
        verdict = detector.score(expected[article["url"] or article["source"]], url=article["url"])
        assert [i["insert_index"] for i in mine] == list(range(len(verdict.inserts)))
        for row, insert in zip(mine, verdict.inserts):
            assert row["article_id"] == article["id"]
            assert row["text"] == insert.text[:4000]
            assert row["disclosed"] == insert.disclosed
            assert row["link_domains"] == list(insert.link_hosts)
            assert row["networks"] == list(insert.networks)
            assert row["template_id"].startswith("T")


def test_ids_and_metadata_per_format(local_run, archive):
    out, _ = local_run
    inputs, _ = archive
    rows = {r["source"]: r for r in read(out, "articles")}
    jsonl = rows[f"{inputs[1]}#1"]
    assert (jsonl["id"], jsonl["url"], jsonl["date"], jsonl["section"]) == (
        "art-4", "https://news.example/4", dt.date(2024, 5, 15), "money")
    assert rows[f"{inputs[2]}#2"]["id"] == "art-7" and rows[f"{inputs[2]}#2"]["author"] == "Author 1"
    assert rows[f"{inputs[3]}#1"]["date"] == dt.date(2024, 9, 15)
    warc = [r for s, r in rows.items() if s.split("#")[0].endswith("d.warc.gz")]
    assert [r["url"] for r in warc] == ["https://news.example/10", "https://news.example/11"]
    assert all(r["date"] is not None for r in warc)  # the crawl date when the page has none
    assert sum(s.endswith(".html") or s.endswith(".html.gz") for s in rows) == 4


def test_templates_table_counts_inserts(local_run):
    out, summary = local_run
    templates, inserts = read(out, "templates"), read(out, "inserts")
    assert sum(t["count"] for t in templates) == len(inserts)
    assert {t["template_id"] for t in templates} == {i["template_id"] for i in inserts}
    for t in templates:
        members = [i for i in inserts if i["template_id"] == t["template_id"]]
        assert t["disclosure_rate"] == pytest.approx(sum(i["disclosed"] for i in members) / len(members))
        assert t["recurring"] == (len({i["source"] for i in members}) > 1)
    assert summary["templates"] == len(templates)


def test_summary_breakdowns(local_run):
    out, summary = local_run
    dated = [a for a in read(out, "articles") if a["date"] is not None]
    assert summary["inserts"] == summary["undisclosed_inserts"] + round(summary["inserts"] * summary["disclosure_rate"])
    assert {g["name"] for g in summary["by_section"]} == {"sport", "money", "tech"}
    assert sum(m["articles"] for m in summary["by_month"]) == len(dated) >= 8
    assert summary["errors"] == 0


def test_dask_local_cluster_equals_local_run(local_run, archive, tmp_path):
    distributed = pytest.importorskip("distributed")
    inputs, _ = archive
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        audit(AuditOptions(inputs=inputs, out=str(tmp_path), model=str(MODEL), chunk_size=3, progress=False,
                           scheduler=f"dask://{cluster.scheduler_address.removeprefix('tcp://')}"))
    out, _ = local_run
    for name in ("articles", "inserts", "templates"):
        assert read(tmp_path, name) == read(out, name), name


def test_scheduler_local_equals_processes(local_run, archive, tmp_path):
    inputs, _ = archive
    audit(AuditOptions(inputs=inputs, out=str(tmp_path), model=str(MODEL), scheduler="local", chunk_size=5,
                       progress=False))
    out, _ = local_run
    for name in ("articles", "inserts", "templates"):
        assert read(tmp_path, name) == read(out, name), name


def corrupt_archive(root, pages):
    root.mkdir()
    (root / "bad.html.gz").write_bytes(b"\x1f\x8b\x08\x00" + b"definitely not deflate data" * 4)
    (root / "cut.html.gz").write_bytes(gzip.compress(pages[0])[:-40])
    (root / "empty.html").write_bytes(b"")
    (root / "image.html").write_bytes(bytes(range(256)) * 8)
    (root / "blob.bin").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    rows = page_rows(pages[:3])
    rows[1]["html"] = ""
    write_csv(root / "rows.csv", rows)
    write_jsonl(root / "lines.jsonl", page_rows(pages[:1]))
    with open(root / "lines.jsonl", "a") as f:
        f.write("{not json\n" + json.dumps({"id": "x", "body": "<p>no html key</p>"}) + "\n")
    write_warc(root / "whole.warc.gz", page_rows(pages[:4]), extra_records=False)
    data = (root / "whole.warc.gz").read_bytes()
    (root / "cut.warc.gz").write_bytes(data[:int(len(data) * 0.7)])
    (root / "whole.warc.gz").unlink()
    (root / "fake.warc").write_bytes(b"this is not a WARC file at all\n" * 10)
    return root


def test_corrupt_inputs_become_error_rows(tmp_path, pages):
    root = corrupt_archive(tmp_path / "in", pages)
    inputs = [str(p) for p in sorted(root.iterdir())] + [str(root / "missing.jsonl")]
    summary = audit(AuditOptions(inputs=inputs, out=str(tmp_path / "out"), model=str(MODEL), scheduler="local",
                                 progress=False))
    rows = read(tmp_path / "out", "articles")
    by_source = {r["source"]: r for r in rows}
    errors = {r["source"].replace(str(root) + "/", ""): (r["error_code"], r["error"]) for r in rows
              if r["status"] == "error"}
    assert errors["bad.html.gz"][0] == "unreadable" and "gzip" in errors["bad.html.gz"][1]
    assert errors["cut.html.gz"][0] == "unreadable" and "truncated gzip" in errors["cut.html.gz"][1]
    assert errors["empty.html"] == ("empty_input", "empty input: no bytes to score")
    assert errors["image.html"][0] == "binary_input"
    assert errors["blob.bin"][0] == "binary_input"
    assert errors["rows.csv#2"] == ("missing_html", "an empty 'html' value in this row")
    assert errors["lines.jsonl#2"][0] == "bad_json"
    assert errors["lines.jsonl#3"] == ("missing_html", "no 'html' value in this row")
    warc_errors = [k for k in errors if k.startswith("cut.warc.gz")]
    assert len(warc_errors) == 1 and errors[warc_errors[0]][0] == "corrupt_input"
    assert "truncated or corrupt WARC" in errors[warc_errors[0]][1]
    assert errors["fake.warc#0"][0] == "corrupt_input" and "not a WARC file" in errors["fake.warc#0"][1]
    assert errors["missing.jsonl"][0] == "not_found"
    ok_warc = [s for s, r in by_source.items() if "cut.warc.gz#" in s and r["status"] == "ok"]
    assert 1 <= len(ok_warc) < 4  # the records before the cut are still audited
    assert by_source[f"{root}/rows.csv#1"]["status"] == "ok" and by_source[f"{root}/lines.jsonl#1"]["status"] == "ok"
    assert summary["errors"] == len(errors) and summary["errors_by_code"]["missing_html"] == 2
    assert "Pages that could not be read" in (tmp_path / "out" / "report.html").read_text()


def test_record_ids_are_stable(archive):
    inputs, _ = archive
    first = [(rid, meta) for path, kind in expand_inputs(inputs) for rid, _, meta in iter_records(path, kind)]
    second = [(rid, meta) for path, kind in expand_inputs(inputs) for rid, _, meta in iter_records(path, kind)]
    assert first == second and len({rid for rid, _ in first}) == 12


def test_configurable_column_names(tmp_path, pages):
    rows = [{"doc": f"d{i}", "body": r["html"], "link": r["url"], "when": "2023-02-03", "desk": "politics"}
            for i, r in enumerate(page_rows(pages[:2]))]
    write_jsonl(tmp_path / "x.jsonl.gz", rows, gz=True)
    columns = Columns(html="body", id="doc", url="link", date="when", section="desk")
    audit(AuditOptions(inputs=[str(tmp_path / "x.jsonl.gz")], out=str(tmp_path / "out"), model=str(MODEL),
                       scheduler="local", columns=columns, progress=False))
    got = read(tmp_path / "out", "articles")
    assert [(r["id"], r["url"], r["date"], r["section"], r["status"]) for r in got] == [
        ("d0", rows[0]["link"], dt.date(2023, 2, 3), "politics", "ok"), ("d1", rows[1]["link"], dt.date(2023, 2, 3),
                                                                         "politics", "ok")]


def test_templates_group_near_duplicates():
    index = TemplateIndex()
    texts = ["Jetzt 100 € Bonus sichern bei BetKing – nur heute, nur für Neukunden, AGB gelten. Anzeige",
             "Jetzt 50 € Bonus sichern bei BetKing – nur heute, nur für Neukunden, AGB gelten. Anzeige",
             "Jetzt 50 € Bonus sichern bei BetKing – nur heute, nur für Neukunden, AGB gelten!",
             "Our verdict: the Pixel 9 is the best phone under 800 dollars, and it is on sale at Amazon this week."]
    ids = [index.assign(*fingerprint(t), t).id for t in texts]
    assert ids[0] == ids[1] == ids[2] != ids[3]
    again = TemplateIndex()
    assert [again.assign(*fingerprint(t), t).id for t in texts] == ids


def test_cli_audit_end_to_end(tmp_path, pages, capsys):
    write_jsonl(tmp_path / "in.jsonl", page_rows(pages[:2]))
    code = main(["audit", str(tmp_path / "in.jsonl"), "--out", str(tmp_path / "out"), "--workers", "1", "--quiet"])
    assert code == 0 and "audited 2 articles" in capsys.readouterr().out
    assert len(pd.read_parquet(tmp_path / "out" / "articles.parquet")) == 2


def test_cli_rejects_bad_scheduler(tmp_path, capsys):
    assert main(["audit", str(tmp_path), "--out", str(tmp_path / "o"), "--scheduler", "yarn"]) == 1
    assert "--scheduler" in capsys.readouterr().err


def test_parser_has_audit_options():
    args = build_parser().parse_args(["audit", "a", "b", "--out", "o", "--workers", "3", "--resume",
                                      "--scheduler", "dask://127.0.0.1:8786"])
    assert (args.inputs, args.workers, args.resume, args.scheduler) == (["a", "b"], 3, True, "dask://127.0.0.1:8786")


def test_chunks_are_bounded_by_count_and_bytes_and_stable(archive):
    from detector.audit.runner import plan_chunks

    inputs = expand_inputs(archive[0])
    by_bytes = list(plan_chunks(inputs, Columns(), 5, 1 << 20, chunk_bytes=15_000))
    assert sum(map(len, by_bytes)) == 12 and max(map(len, by_bytes)) < 5
    assert [c.id for c in by_bytes] == [f"{i:08d}" for i in range(len(by_bytes))]
    skipped = list(plan_chunks(inputs, Columns(), 5, 1 << 20, done={"00000001"}, chunk_bytes=15_000))
    assert [c.id for c in skipped] == [c.id for c in by_bytes if c.id != "00000001"]
    kept = [r[0] for c in by_bytes if c.id != "00000001" for r in c.records]
    assert [r[0] for c in skipped for r in c.records] == kept


def test_truncated_gzip_jsonl_ends_with_one_error_row(tmp_path, pages):
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in page_rows(pages[:6])).encode())
    (tmp_path / "cut.jsonl.gz").write_bytes(data[:len(data) // 2])
    records = list(iter_records(str(tmp_path / "cut.jsonl.gz"), "jsonl"))
    last_id, error, _ = records[-1]
    assert error.code == "corrupt_input" and "JSONL unreadable after line" in error.message
    assert "truncated gzip" in error.message
    assert last_id == f"{tmp_path / 'cut.jsonl.gz'}#{len(records)}"
    assert all(isinstance(r[1], bytes) for r in records[:-1])
