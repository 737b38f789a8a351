"""The CLI contract (--format jsonl is read by external scripts) and its handling of bad input."""
import gzip
import json
import subprocess
import sys

import pytest

from conftest import COMMITTED_MODEL, SEED

CLI = [sys.executable, "-m", "detector"]


def run(*args, stdin=None):
    return subprocess.run([*CLI, *args], input=stdin, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def seed_record():
    result = run("score", "--format", "jsonl", str(SEED / "article_plain.html"))
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.decode().splitlines()
    return json.loads(line)


def test_jsonl_contract(seed_record):
    assert set(seed_record) == {"source", "model", "has_promo", "promo_share", "blocks", "inserts"}
    assert seed_record["source"] == str(SEED / "article_plain.html")
    assert set(seed_record["model"]) >= {"name", "version"}
    assert isinstance(seed_record["has_promo"], bool) and 0 <= seed_record["promo_share"] <= 1
    for i, block in enumerate(seed_record["blocks"]):
        assert set(block) == {"index", "text", "label", "score", "tag", "path", "reasons"}
        assert block["index"] == i and block["label"] in {"editorial", "promo", "boilerplate"}
        assert 0 <= block["score"] <= 1 and isinstance(block["reasons"], list)
        assert bool(block["reasons"]) == (block["label"] == "promo")
    for insert in seed_record["inserts"]:
        assert set(insert) == {"blocks", "text", "score", "disclosed", "repeat_of"}
        assert all(seed_record["blocks"][i]["label"] == "promo" for i in insert["blocks"])


def test_seed_article_passes_the_official_scorer(seed_record, tmp_path):
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(json.dumps(seed_record) + "\n")
    scorer = subprocess.run([sys.executable, str(SEED.parents[1] / "eval" / "score_gold.py"),
                             str(SEED / "gold.jsonl"), str(predictions), "--json"], capture_output=True, timeout=60)
    result = json.loads(scorer.stdout)
    assert result["promo_recall"] == 1.0 and result["editorial_false_flag_rate"] == 0.0
    assert result["unmatched"] == 0


def test_seed_insert_is_found_three_times_as_one_repeated_insert(seed_record):
    inserts = seed_record["inserts"]
    assert len(inserts) == 3 and [i["repeat_of"] for i in inserts] == [None, 0, 0]
    assert sum(b["label"] == "promo" for b in seed_record["blocks"]) == 9


def test_gz_and_stdin_inputs(tmp_path, seed_record):
    gz = tmp_path / "page.html.gz"
    gz.write_bytes(gzip.compress((SEED / "article_plain.html").read_bytes()))
    from_gz = json.loads(run("score", "--format", "jsonl", str(gz)).stdout)
    from_stdin = json.loads(run("score", "--format", "jsonl", "-", stdin=(SEED / "article_plain.html").read_bytes()).stdout)
    assert from_gz["blocks"] == seed_record["blocks"] == from_stdin["blocks"]
    assert from_stdin["source"] == "-"


def test_bad_files_fail_alone_with_one_line_each(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "plain.html").write_bytes(b"no markup here, only words")
    (tmp_path / "bad.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (tmp_path / "good.html").write_bytes(b"<html><body><p>A short editorial paragraph.</p></body></html>")
    names = ["empty.html", "binary.html", "plain.html", "bad.html.gz", "missing.html", "good.html"]
    result = run("score", "--format", "jsonl", *(str(tmp_path / n) for n in names))
    assert result.returncode == 1
    errors = result.stderr.decode().strip().splitlines()
    assert len(errors) == 5
    for name, code_word in zip(names, ["empty", "binary", "not HTML", "cannot read", "no such file"]):
        assert any(name in line and code_word in line for line in errors), (name, errors)
    (record,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert record["source"].endswith("good.html")


def test_text_and_json_formats(tmp_path):
    text = run("score", "--format", "text", str(SEED / "article_plain.html")).stdout.decode()
    assert text.count("[PROMO") == 9 and "Pavel Durov" in text
    records = json.loads(run("score", "--format", "json", str(SEED / "article_plain.html")).stdout)
    assert isinstance(records, list) and records[0]["has_promo"] is True


def test_tampered_model_is_a_clear_error(tmp_path):
    import shutil

    shutil.copytree(COMMITTED_MODEL, tmp_path / "m")
    (tmp_path / "m" / "model.joblib").write_bytes(b"not a model")
    result = run("score", "--model", str(tmp_path / "m"), str(SEED / "article_plain.html"))
    assert result.returncode == 2 and b"does not match its manifest" in result.stderr
