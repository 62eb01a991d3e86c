"""What long-lived responses (server-sent event streams) need from the server: to be told
that the process is shutting down.

uvicorn lets the open responses finish before it runs the app's shutdown, and a stream never
finishes by itself; so ``shared.api.server`` calls :func:`begin_shutdown` when the server
starts its graceful shutdown, and every stream ends on :func:`shutdown_requested` with a
last event instead of holding the process until it is killed.
"""

from __future__ import annotations

import asyncio

__all__ = ["begin_shutdown", "is_shutting_down", "shutdown_requested"]

_event: asyncio.Event | None = None


def _get() -> asyncio.Event:
    global _event
    if _event is None:
        _event = asyncio.Event()
    return _event


def begin_shutdown() -> None:
    """The server is shutting down: every stream waiting on :func:`shutdown_requested` ends."""
    _get().set()


def is_shutting_down() -> bool:
    return _event is not None and _event.is_set()


async def shutdown_requested() -> None:
    """Returns once the server has begun its shutdown."""
    await _get().wait()
