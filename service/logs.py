"""Structured logs: one JSON object per line on stderr for the `promo_detector` loggers."""
import json
import logging
import sys
import time
import traceback

LOGGER = "promo_detector"


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {"ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
                 "level": record.levelname.lower(), "logger": record.name}
        if isinstance(record.msg, dict):
            entry.update(record.msg)
        else:
            entry["message"] = record.getMessage()
        if record.exc_info:
            entry["exception"] = "".join(traceback.format_exception(*record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def setup_logging(level):
    """Give the promo_detector loggers one JSON-line stderr handler (idempotent) and the configured level."""
    logger = logging.getLogger(LOGGER)
    logger.setLevel(level)
    if not any(getattr(h, "promo_detector_json", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.promo_detector_json = True
        logger.addHandler(handler)
        logger.propagate = False
    return logger
