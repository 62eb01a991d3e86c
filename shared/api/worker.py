"""A service's background work in a process of its own: the outbox relay, the consumer and the
audit tree builder (with the service's own workers, which every process runs), without serving
HTTP.

    python -m shared.api.worker membership      (or services.membership.main:create_app)

With ``background_in_worker`` on (``KELISIM_<SERVICE>_BACKGROUND_IN_WORKER=true``) the API
processes leave that work to this process: ``python -m shared.api.server`` starts one beside
them and stops it with them (``kelisim up --api-processes N``, one host). Kubernetes already
runs it apart, with the ``RUN_*`` settings: the ``<service>-worker`` Deployment
(docs/operations.md).
The app is built by the service's own factory (the same platform, settings and workers) and
only its lifespan is run, until SIGTERM or SIGINT. Several of them may run: the relay keeps a
leader lease, the consumers share the topic's partitions in their group, and the tree builder
takes an advisory lock.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import signal
from collections.abc import Sequence

from fastapi import FastAPI

from shared.api.app import RUN_BACKGROUND
from shared.api.server import service_of


def build_app(factory: str) -> FastAPI:
    """The service's app from its factory (``module:function``), flagged as the worker."""
    module, _, name = factory.partition(":")
    app = getattr(importlib.import_module(module), name)()
    assert isinstance(app, FastAPI)
    setattr(app.state, RUN_BACKGROUND, True)
    return app


async def run(app: FastAPI) -> None:
    """Run the app's lifespan (its background work) until SIGTERM or SIGINT."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    async with app.router.lifespan_context(app):
        await stop.wait()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m shared.api.worker", description=__doc__)
    parser.add_argument("app", help="a service's app factory or name (membership)")
    args = parser.parse_args(argv)
    asyncio.run(run(build_app(service_of(args.app).app_factory)))


if __name__ == "__main__":
    main()
