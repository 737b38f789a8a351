"""Save and load a model directory: `model.joblib` (a plain sklearn Pipeline) + `manifest.json`.

Loading checks the artefact's sha256 against the manifest and refuses a mismatch before unpickling anything.
"""
import hashlib
import json
from pathlib import Path

import joblib
import sklearn

from .errors import ModelError

ARTEFACT = "model.joblib"
MANIFEST = "manifest.json"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def save_model(directory, pipeline, manifest):
    """Write the pipeline and a manifest (sha256 and sklearn version added here); return the manifest."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    joblib.dump(pipeline, directory / ARTEFACT, compress=3)
    manifest = {**manifest, "artefact": ARTEFACT, "sha256": sha256_of(directory / ARTEFACT),
                "sklearn_version": sklearn.__version__}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def read_manifest(directory):
    path = Path(directory) / MANIFEST
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"no model at {directory}: {MANIFEST} is missing") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"model manifest {path} is not valid JSON: {exc}") from None


def load_model(directory):
    """(pipeline, manifest) from a model directory; ModelError on a missing, tampered or corrupt model."""
    manifest = read_manifest(directory)
    artefact = Path(directory) / manifest.get("artefact", ARTEFACT)
    if not artefact.is_file():
        raise ModelError(f"model artefact {artefact} is missing")
    actual = sha256_of(artefact)
    if actual != manifest.get("sha256"):
        raise ModelError(f"model artefact {artefact} does not match its manifest: sha256 {actual[:12]}… "
                         f"!= {str(manifest.get('sha256'))[:12]}…; refusing to load it")
    try:
        pipeline = joblib.load(artefact)
    except Exception as exc:  # unpickling can fail in many ways; all mean the same to the caller
        raise ModelError(f"model artefact {artefact} could not be loaded: {exc}") from None
    return pipeline, manifest
