"""Model round trip: save, load, identical predictions; tampered or missing artefacts are refused."""
import json

import pytest

from detector import Detector, ModelError
from detector.features import refs_of
from detector.persist import load_model, save_model


@pytest.fixture()
def saved(tmp_path, tiny_pipeline):
    save_model(tmp_path, tiny_pipeline, {"name": "tiny", "version": "0.1", "labels": list(tiny_pipeline.classes_)})
    return tmp_path


def test_round_trip_predicts_the_same(saved, tiny_pipeline, tiny_pages):
    pipeline, manifest = load_model(saved)
    refs = refs_of(tiny_pages[0].blocks)
    assert (pipeline.predict_proba(refs) == tiny_pipeline.predict_proba(refs)).all()
    assert manifest["name"] == "tiny" and len(manifest["sha256"]) == 64 and manifest["sklearn_version"]
    assert type(pipeline).__name__ == "Pipeline"


def test_tampered_artefact_is_refused(saved):
    with open(saved / "model.joblib", "ab") as f:
        f.write(b"tampered")
    with pytest.raises(ModelError, match="does not match its manifest"):
        Detector.load(saved)


def test_manifest_with_wrong_sha_is_refused(saved):
    manifest = json.loads((saved / "manifest.json").read_text())
    manifest["sha256"] = "0" * 64
    (saved / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(ModelError, match="refusing to load"):
        Detector.load(saved)


def test_missing_and_corrupt_manifests(tmp_path, saved):
    with pytest.raises(ModelError, match="manifest.json is missing"):
        Detector.load(tmp_path / "nowhere")
    (saved / "manifest.json").write_text("{not json")
    with pytest.raises(ModelError, match="not valid JSON"):
        Detector.load(saved)


def test_committed_model_loads_and_names_itself(committed_detector):
    assert committed_detector.model_info["name"] == "promo-detector"
    assert set(committed_detector.pipeline.classes_) == {"editorial", "promo", "boilerplate"}
