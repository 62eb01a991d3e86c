"""The audit tree builder's loop: once a catch-up has read the feed to its end it waits for its
next poll (or a poke) instead of going round again at once while commands keep coming."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from shared.audit.log import TreeBuilder

BOUND = 30.0
"""Seconds a wait here may take at most (a bound, not a measurement)."""


class _Log:
    """An audit log whose catch-ups add ``added`` leaves each and are counted."""

    service = "things"

    def __init__(self, added: list[int]) -> None:
        self.added = added
        self.catch_ups = 0
        self.caught_up = asyncio.Event()

    async def catch_up(self, sessions: Any, limit: int = 2000, max_steps: int = 1000) -> int:
        await asyncio.sleep(0)  # as a catch-up's statements would: others run meanwhile
        self.catch_ups += 1
        self.caught_up.set()
        return self.added[min(self.catch_ups, len(self.added)) - 1]


def _no_database() -> Any:
    raise RuntimeError("no database in this test")


def _builder(log: _Log, batch_size: int = 2000) -> TreeBuilder:
    return TreeBuilder(
        log,  # type: ignore[arg-type]
        _no_database,  # type: ignore[arg-type]
        poll_seconds=BOUND,
        head_interval_seconds=10**9,
        batch_size=batch_size,
        status_interval_seconds=10**9,
    )


async def _ticks(count: int = 50) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


async def test_after_adding_leaves_it_waits_for_its_next_poll_or_a_poke() -> None:
    log = _Log(added=[3, 2, 0])  # commands keep coming: each catch-up finds a few events
    builder = _builder(log)
    task = asyncio.create_task(builder._loop())
    try:
        await asyncio.wait_for(log.caught_up.wait(), BOUND)
        await _ticks()
        assert log.catch_ups == 1  # level with the log: waiting, not spinning
        log.caught_up.clear()
        builder.poke()
        await asyncio.wait_for(log.caught_up.wait(), BOUND)
        await _ticks()
        assert log.catch_ups == 2
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_a_catch_up_stopped_at_its_bound_goes_on_at_once() -> None:
    full = 5 * TreeBuilder.CATCH_UP_STEPS  # every step full: the feed may hold more
    log = _Log(added=[full, full, 1])
    task = asyncio.create_task(_builder(log, batch_size=5)._loop())
    try:
        for _ in range(10_000):
            if log.catch_ups >= 3:
                break
            await asyncio.sleep(0)
        await _ticks()
        assert log.catch_ups == 3  # twice at once, then waiting
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
