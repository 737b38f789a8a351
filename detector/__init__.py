"""promo-detector: find promotional and affiliate inserts inside publishers' article pages.

    from detector import Detector
    verdict = Detector.load("models/promo-detector-v1").score(html_bytes)

`Detector` and `segment` are imported on first use, so that light users of the package (the audit's coordinating
process, the CLI's argument parser) do not load scikit-learn.
"""
from .errors import InputError, ModelError

__version__ = "1.0.0"
__all__ = ["Detector", "InputError", "ModelError", "segment", "__version__"]


def __getattr__(name):
    if name == "Detector":
        from .model import Detector

        return Detector
    if name == "segment":
        from .segment import segment

        return segment
    raise AttributeError(f"module 'detector' has no attribute {name!r}")
