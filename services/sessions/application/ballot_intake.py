"""The ballot intake: group commit of the ballots of a poll.

In a plenary vote some 400 members vote within a second, each ballot its own command, its own
stream and its own event, with its own actor and correlation id. Committed one transaction per
ballot, the service spent most of each ballot's time on the database round trips around the
one row it writes (the poll's shared lock, its read, the presence check, the append, the read
model row, the commit: bench/plenary_vote.py). Here a ballot that arrives while the previous
batch of its poll is committing waits for that commit, and then goes in the next batch with
every other ballot that arrived meanwhile: one transaction, one statement per step, whatever
the number of ballots (``polls.cast_votes``). The first ballot of a quiet poll is committed
at once, alone; under load the batches grow by themselves, to at most ``max_batch``.

What the batch does not change: each ballot is checked on its own and refused on its own (its
member gets their own error: not present, already voted, the poll closed); each event records
its own voter and its request's correlation id; the poll's shared lock still keeps a batch and
the poll's closing apart. An auditor replaying the store finds the same events; they share a
transaction id (the feed orders by transaction, then by position).

A ballot whose batch fails as a whole (the database was unreachable, the batch's transaction
was aborted) is cast again by its request as a command of its own (``GroupCommitFailed``), so
one failure is reported to its own request only. Ballots with an Idempotency-Key do not come
here: their stored responses are kept per command (``CommandRunner``).
"""

from __future__ import annotations

import asyncio
import contextvars
import uuid
from dataclasses import dataclass, field

import structlog
from prometheus_client import Counter, Histogram

from services.sessions.adapters.ballot_box import BallotBox
from services.sessions.application import polls
from services.sessions.domain.commands import CastVote
from services.sessions.domain.poll import Vote
from shared.application import CommandRunner, command_metadata
from shared.context import Actor
from shared.errors import KelisimError
from shared.service import Platform

log = structlog.get_logger(__name__)

BALLOT_BATCH = Histogram(
    "kelisim_sessions_ballot_batch_size",
    "Ballots committed together by the ballot intake, per transaction.",
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 400),
)
BALLOT_BATCH_FAILED = Counter(
    "kelisim_sessions_ballot_batches_failed_total",
    "Ballot batches that did not commit (their ballots were then cast one by one).",
)

BALLOT_INTAKE = "ballot_intake"
"""The intake's key among the platform's extras (bootstrap.py puts it there, unless
``group_commit_ballots`` is off)."""

INTAKE_ACTOR = Actor.system("ballot-intake")
"""The batch's unit of work acts as the intake: each event records its own voter."""


@dataclass
class _Waiting:
    ballot: polls.Ballot
    outcome: asyncio.Future[polls.CastOutcome] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class GroupCommitFailed(Exception):
    """The batch a ballot was in did not commit: cast it again on its own."""


class BallotIntake:
    """Per process: at most one batch per poll in flight, the next one gathering meanwhile."""

    def __init__(self, runner: CommandRunner, box: BallotBox, max_batch: int = 256) -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._runner = runner
        self._box = box
        self._max_batch = max_batch
        self._waiting: dict[uuid.UUID, list[_Waiting]] = {}
        self._draining: dict[uuid.UUID, asyncio.Task[None]] = {}

    async def cast(self, command: CastVote, actor: Actor) -> tuple[Vote, str | None]:
        """Cast the actor's ballot; its vote and, in a secret poll, the voter's receipt. Raises
        the ballot's own refusal, as the command would alone; or GroupCommitFailed, when its
        batch did not commit: the caller then casts it as a command of its own."""
        ballot = polls.Ballot(command, actor.subject, command_metadata(actor))
        waiting = _Waiting(ballot)
        self._waiting.setdefault(command.poll_id, []).append(waiting)
        if command.poll_id not in self._draining:
            # A fresh context: the batch is nobody's request (each event has its own metadata).
            self._draining[command.poll_id] = asyncio.create_task(
                self._drain(command.poll_id), context=contextvars.Context()
            )
        outcome = await waiting.outcome  # GroupCommitFailed: the caller casts it alone
        if isinstance(outcome, KelisimError):
            raise outcome
        return outcome

    async def _drain(self, poll_id: uuid.UUID) -> None:
        queue = self._waiting[poll_id]
        try:
            while queue:
                batch = queue[: self._max_batch]
                del queue[: self._max_batch]
                await self._commit(poll_id, batch)
        finally:
            del self._draining[poll_id], self._waiting[poll_id]
            _failed(queue)  # only if cancelled (the service stopping): each goes on its own

    async def _commit(self, poll_id: uuid.UUID, batch: list[_Waiting]) -> None:
        try:
            async with self._runner.unit_of_work(INTAKE_ACTOR) as uow:
                outcomes = await polls.cast_votes(
                    uow, self._box, poll_id, [w.ballot for w in batch]
                )
                await uow.commit()
        except Exception as error:
            log.warning(  # the error's start only: a driver's message lists every parameter
                "ballot_batch_failed",
                poll_id=str(poll_id),
                ballots=len(batch),
                error=f"{type(error).__name__}: {str(error)[:300]}",
            )
            BALLOT_BATCH_FAILED.inc()
            _failed(batch)
            return
        except BaseException:  # cancelled: the service is stopping
            _failed(batch)
            raise
        BALLOT_BATCH.observe(len(batch))
        for waiting, outcome in zip(batch, outcomes, strict=True):
            if not waiting.outcome.done():  # not if its request was cancelled
                waiting.outcome.set_result(outcome)


def _failed(batch: list[_Waiting]) -> None:
    for waiting in batch:
        if not waiting.outcome.done():
            waiting.outcome.set_exception(GroupCommitFailed())


def ballot_intake_of(platform: Platform) -> BallotIntake | None:
    """The service's ballot intake, or None: one transaction per ballot."""
    intake = platform.extras.get(BALLOT_INTAKE)
    assert intake is None or isinstance(intake, BallotIntake)
    return intake
