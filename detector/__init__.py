"""promo-detector: find promotional and affiliate inserts inside publishers' article pages.

    from detector import Detector
    verdict = Detector.load("models/promo-detector-v1").score(html_bytes)
"""
from .errors import InputError, ModelError
from .model import Detector
from .segment import segment

__version__ = "1.0.0"
__all__ = ["Detector", "InputError", "ModelError", "segment", "__version__"]
