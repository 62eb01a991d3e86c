"""Wakes the outbox relays after commits, without slowing the commits down.

A NOTIFY sent inside the writing transaction makes PostgreSQL serialise the commits of all
notifying transactions (it takes a global lock until the commit record is flushed): measured
here, that cost a third of the append throughput with 16 writers. So the unit of work pokes
this notifier after its commit instead; it sends ``NOTIFY`` from its own connection, coalescing
a burst of commits into one notification. A relay that misses one (the process died between
commit and poke) still finds the events on its safety poll.

A lone commit is notified at once; under a burst, at most one notification goes out per
``min_interval`` (the relay reads everything committed by then). Measured on 400 concurrent
ballots, a notification per commit cost as much as the ballots' own statements.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.eventstore.schema import NOTIFY_CHANNEL

log = structlog.get_logger(__name__)

_NOTIFY = text(f"SELECT pg_notify('{NOTIFY_CHANNEL}', '')")


class CommitNotifier:
    def __init__(self, engine: AsyncEngine, min_interval: float = 0.05) -> None:
        self.engine = engine
        self.min_interval = min_interval
        self._pending = False
        self._task: asyncio.Task[None] | None = None

    def poke(self) -> None:
        """Events were committed: make sure a notification goes out (soon, once)."""
        self._pending = True
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._send())

    async def _send(self) -> None:
        while self._pending:
            self._pending = False
            try:
                async with self.engine.connect() as conn:
                    await conn.execute(_NOTIFY)
                    await conn.commit()
            except Exception as exc:
                log.warning("could not notify the relay; it will poll", error=str(exc))
                return
            await asyncio.sleep(self.min_interval)  # pokes meanwhile go out as one

    async def close(self) -> None:
        if self._task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._task, 5)
