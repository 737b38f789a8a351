"""Production serving: gunicorn with the model loaded once in the master (preload_app) and forked to workers."""
import os

from gunicorn.app.base import BaseApplication

from . import create_app
from .config import Config

DEFAULT_TIMEOUT = 60


class ServiceApplication(BaseApplication):
    """gunicorn's programmatic application: our options, our already-built WSGI app."""

    def __init__(self, app, options):
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


def default_workers():
    return int(os.environ.get("PROMO_DETECTOR_WORKERS") or os.cpu_count() or 1)


def limit_threads(workers):
    """A post_fork hook: each worker's BLAS/OpenMP pools get cores/workers threads (no oversubscription)."""
    def post_fork(server, worker):
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            return
        threadpool_limits(max(1, (os.cpu_count() or 1) // workers))
    return post_fork


def gunicorn_options(host, port, workers, config):
    return {"bind": f"{host}:{port}", "workers": workers, "worker_class": "sync", "preload_app": True,
            "timeout": int(os.environ.get("PROMO_DETECTOR_TIMEOUT") or DEFAULT_TIMEOUT), "graceful_timeout": 10,
            "keepalive": 2, "accesslog": None, "errorlog": "-", "loglevel": config.log_level.lower(),
            "proc_name": "promo-detector", "post_fork": limit_threads(workers)}


def serve(host="127.0.0.1", port=8000, workers=None, model=None):
    """Run the service under gunicorn until it is stopped; returns the exit status."""
    config = Config.from_env(**({"model_path": str(model)} if model else {}))
    workers = workers or default_workers()
    app = create_app(config)                       # loads the model once, before the fork
    ServiceApplication(app, gunicorn_options(host, port, workers, config)).run()
    return 0
