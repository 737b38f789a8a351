"""promo-detector's scoring service: a Flask app built by `create_app(config=None, detector=None)`.

The factory lives in service.app; this wrapper imports Flask only when called, so the Flask-free parts
(service.scoring, service.config) can be imported and tested without it.
"""


def create_app(config=None, detector=None):
    from .app import create_app as factory

    return factory(config, detector)


__all__ = ["create_app"]
