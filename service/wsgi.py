"""WSGI entry point for gunicorn and other servers: `gunicorn service.wsgi:app` (config from the environment)."""
from . import create_app

app = create_app()
