"""The periodic worker loop: a failed round does not end it; cancelling does."""

from __future__ import annotations

import asyncio

import pytest

from shared.workers import every


async def test_a_failed_round_is_logged_and_the_next_one_runs() -> None:
    rounds: list[int] = []
    third = asyncio.Event()

    async def round_() -> None:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("the first round fails")
        if len(rounds) == 3:
            third.set()

    task = asyncio.create_task(every(0.001, round_, name="test"))
    await asyncio.wait_for(third.wait(), timeout=30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert rounds[:3] == [0, 1, 2]


async def test_an_interval_must_be_positive() -> None:
    async def round_() -> None:
        return None

    with pytest.raises(ValueError, match="positive"):
        await every(0, round_, name="test")
