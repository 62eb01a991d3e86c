"""Polls close at their deadline (Reg2024 §10).

A worker of the sessions service closes every open poll whose deadline has passed, as the
Secretariat would by command: the closing records the deadline as its time (reason
``deadline``), counts every ballot committed before it, and, for a secret poll, opens the
ballot box, checks it and publishes it (a box that fails its check is recorded and logged, and
the poll stays open). Several replicas may run it: the poll's stream lock lets one close
and the others find it closed. The composition root runs :func:`run_periodically` as the worker
``poll-deadline-closer`` (``shared.workers.every``).
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime

import structlog

from services.sessions import projections
from services.sessions.adapters.ballot_box import BallotBox
from services.sessions.application.polls import close_poll, closing
from services.sessions.domain.commands import ClosePoll
from services.sessions.domain.errors import BallotBoxMismatch, PollNotOpen
from shared.application import CommandResult, UnitOfWork
from shared.context import Actor, bound_correlation, new_correlation_id
from shared.service import Platform
from shared.workers import every

log = structlog.get_logger(__name__)

CLOSER = Actor(subject="kelisim-sessions:deadline", roles=frozenset({"secretariat"}))
"""Who closes a poll at its deadline: the service itself, in the Secretariat's stead."""


WORKER = "poll-deadline-closer"


async def run_periodically(platform: Platform, interval: float) -> None:
    """Close the polls due every ``interval`` seconds, until cancelled."""
    box = platform.part(BallotBox)
    await every(interval, lambda: close_due_polls(platform, box, platform.clock.now()), name=WORKER)


async def close_due_polls(platform: Platform, box: BallotBox, now: datetime) -> list[uuid.UUID]:
    """Close every open poll whose deadline is at or before ``now``; the polls closed."""
    async with platform.sessions() as db:
        due = await projections.polls.due_polls(db, now)
    closed = []
    for poll_id in due:
        command = ClosePoll(poll_id, now, platform.clock.day_of(now))

        async def close_due(uow: UnitOfWork, command: ClosePoll = command) -> CommandResult:
            await close_poll(command, uow, box)
            return CommandResult(200, {})

        with bound_correlation(new_correlation_id()):
            try:
                await closing(
                    functools.partial(platform.runner.run, close_due, CLOSER),
                    platform.runner,
                    box,
                    poll_id,
                    CLOSER,
                )
            except PollNotOpen:  # closed meanwhile, by command or by another replica
                continue
            except BallotBoxMismatch:  # recorded and logged; it stays open, to investigate
                continue
        log.info("poll closed at its deadline", poll_id=str(poll_id))
        closed.append(poll_id)
    return closed
