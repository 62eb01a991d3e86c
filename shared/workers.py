"""Periodic work beside a service's API: one loop for every such worker.

``every(interval, round_)`` runs ``round_`` now and then every ``interval`` seconds until it
is cancelled. A round that fails is logged and the next one runs on time: a worker never dies
of one bad round. Services register their workers by name with ``create_service_app``
(``workers=``), which starts and cancels them with the app.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import structlog

__all__ = ["every"]

log = structlog.get_logger(__name__)


async def every(interval: float, round_: Callable[[], Awaitable[object]], *, name: str) -> None:
    if interval <= 0:
        raise ValueError(f"{name}: the interval must be positive, not {interval}")
    while True:
        try:
            await round_()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("periodic round failed", worker=name, error=f"{type(exc).__name__}: {exc}")
        await asyncio.sleep(interval)
