"""Shared fixtures: paths, a tiny deterministic test model, and the committed model."""
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
SHARED = PROJECT.parent / "shared"
SEED = SHARED / "examples" / "seed"
COMMITTED_MODEL = PROJECT / "models" / "promo-detector-v1"
AUTHORED = PROJECT / "training_data" / "authored"
TINY_SITES = 12


@pytest.fixture(scope="session")
def committed_detector():
    from detector import Detector

    return Detector.load(COMMITTED_MODEL)


@pytest.fixture(scope="session")
def tiny_pages():
    """Authored pages of a fixed handful of sites (sorted), for fast, deterministic model tests."""
    from detector.corpus import load_authored

    pages = load_authored(AUTHORED)
    sites = sorted({p.site for p in pages})[:TINY_SITES]
    return [p for p in pages if p.site in sites]


@pytest.fixture(scope="session")
def tiny_pipeline(tiny_pages):
    from detector.train import fit

    return fit(tiny_pages, seed=0)
