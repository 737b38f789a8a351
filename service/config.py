"""Service configuration: a plain dataclass read from PROMO_DETECTOR_* environment variables."""
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

PREFIX = "PROMO_DETECTOR_"
DEFAULT_MODEL = str(Path(__file__).resolve().parents[1] / "models" / "promo-detector-v1")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(ValueError):
    """An environment variable with a value the service cannot use."""


@dataclass(frozen=True)
class Config:
    model_path: str = DEFAULT_MODEL          # PROMO_DETECTOR_MODEL
    max_body_bytes: int = 10 * 1024 * 1024   # PROMO_DETECTOR_MAX_BODY_BYTES (after decompression)
    max_batch: int = 16                      # PROMO_DETECTOR_MAX_BATCH (documents per /v1/batch request)
    max_elements: int = 30_000               # PROMO_DETECTOR_MAX_ELEMENTS (HTML elements in one document)
    max_batch_elements: int = 100_000        # PROMO_DETECTOR_MAX_BATCH_ELEMENTS (all documents of one batch)
    max_attributes: int = 1_000              # PROMO_DETECTOR_MAX_ATTRIBUTES (attributes on one element)
    api_keys: tuple = ()                     # PROMO_DETECTOR_API_KEYS (comma-separated; empty = open)
    cors_origins: tuple = ()                 # PROMO_DETECTOR_CORS_ORIGINS (comma-separated; "*" = any)
    log_level: str = "INFO"                  # PROMO_DETECTOR_LOG_LEVEL

    ENV = {"model_path": "MODEL", "max_body_bytes": "MAX_BODY_BYTES", "max_batch": "MAX_BATCH",
           "max_elements": "MAX_ELEMENTS", "max_batch_elements": "MAX_BATCH_ELEMENTS",
           "max_attributes": "MAX_ATTRIBUTES", "api_keys": "API_KEYS", "cors_origins": "CORS_ORIGINS",
           "log_level": "LOG_LEVEL"}

    @classmethod
    def from_env(cls, environ=None, **overrides):
        """Defaults, then PROMO_DETECTOR_* variables, then keyword overrides."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(PREFIX + cls.ENV[f.name])
            if raw is not None and raw.strip() != "":
                values[f.name] = parse_value(f.name, raw.strip(), f.default)
        return replace(cls(**values), **overrides).checked()

    def checked(self):
        for name in ("max_body_bytes", "max_batch", "max_elements", "max_batch_elements", "max_attributes"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{PREFIX}{self.ENV[name]} must be a positive integer")
        if self.log_level.upper() not in LOG_LEVELS:
            raise ConfigError(f"{PREFIX}LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}")
        return replace(self, log_level=self.log_level.upper(), api_keys=tuple(self.api_keys),
                       cors_origins=tuple(self.cors_origins))


def parse_value(name, raw, default):
    if isinstance(default, tuple):
        return tuple(item.strip() for item in raw.split(",") if item.strip())
    if isinstance(default, int):
        try:
            return int(raw.replace("_", ""))
        except ValueError:
            raise ConfigError(f"{PREFIX}{Config.ENV[name]} must be an integer, not {raw!r}") from None
    return raw
