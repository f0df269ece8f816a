"""How `gainsay serve` runs its worker processes: gunicorn's process manager with uvicorn workers,
each listening on a socket of its own (`SO_REUSEPORT`), so that the kernel spreads connections
over the workers however the clients open them. bench/serve.py serves the benchmarks' apps
through `run` too."""

import importlib
import os
import signal
import socket
from collections.abc import Callable
from typing import Any, ClassVar

from gunicorn.app.base import BaseApplication
from uvicorn_worker import UvicornWorker

# uvicorn's keep-alive timeout, which `gainsay serve` used before gunicorn (whose own is 2 s).
KEEP_ALIVE_S = 5
# After SIGTERM (or SIGINT), the seconds a worker has to finish the requests it holds before
# it is killed; also how long a worker's event loop may go without a tick before gunicorn takes
# it for hung, kills it and starts another.
GRACEFUL_S = 30
HUNG_S = 30


class Worker(UvicornWorker):
    """A uvicorn worker that sends no Server header and believes X-Forwarded-* only from the
    addresses the configuration names (gunicorn's `forwarded_allow_ips`)."""

    CONFIG_KWARGS: ClassVar[dict[str, Any]] = {
        "loop": "auto",
        "http": "auto",
        "server_header": False,
        "proxy_headers": True,
    }

    def handle_exit(self, sig: int, frame: object) -> None:
        # gunicorn's quick shutdown (SIGINT or SIGQUIT to the manager) sends the workers SIGQUIT,
        # which uvicorn-worker routes here; gunicorn's own handler only marks the worker as
        # stopping, which uvicorn's server never reads, so the worker would run on until the
        # manager kills it after `graceful_timeout`. Pass it on as the SIGTERM uvicorn stops on.
        super().handle_exit(sig, frame)
        os.kill(os.getpid(), signal.SIGTERM)


class _Application(BaseApplication):
    def __init__(self, factory: str, options: dict[str, Any]) -> None:
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Callable[..., Any]:
        # In each worker: the app is built there, from the settings the environment gives it.
        module, _, name = self.factory.partition(":")
        return getattr(importlib.import_module(module), name)()


def port_is_free(host: str, port: int) -> bool:
    """Whether `host:port` can be listened on. Each worker binds its own socket with
    SO_REUSEPORT, so a port already taken would fail only in the workers, and over and over
    as gunicorn restarts them; this probe (without SO_REUSEPORT, so another such server's
    sockets count as taken) turns that into one clear error first."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the workers' sockets
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def run(
    factory: str,
    *,
    host: str,
    port: int,
    workers: int,
    forwarded_allow_ips: str,
    access_log: bool = True,
    log_level: str = "info",
) -> None:
    """Serve the ASGI app that `factory` ("module:function") builds, in `workers` processes,
    until SIGTERM or SIGINT; gunicorn starts a worker again when one dies."""
    host_part = f"[{host}]" if ":" in host else host
    _Application(
        factory,
        {
            "bind": [f"{host_part}:{port}"],
            "workers": workers,
            "worker_class": f"{Worker.__module__}.{Worker.__qualname__}",
            "reuse_port": True,
            "keepalive": KEEP_ALIVE_S,
            "graceful_timeout": GRACEFUL_S,
            "timeout": HUNG_S,
            "forwarded_allow_ips": forwarded_allow_ips,
            "accesslog": "-" if access_log else None,
            "errorlog": "-",
            "loglevel": log_level,
            # gunicorn's control socket (one path per user's home: servers side by side would
            # share it) is a way in that nothing here uses.
            "control_socket_disable": True,
        },
    ).run()
