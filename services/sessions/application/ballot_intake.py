"""The ballot intake: the ballots of a poll committed together, a secret poll's only in
batches of at least the anonymity set. :func:`cast_vote` is the route's one call and decides
which way.

Each ballot stays a command of its own (its own stream and event, actor and correlation id),
checked and refused on its own (not present, already voted, the poll closed). The ballots of a
poll that arrive while its previous batch commits go in the next batch: one transaction, one
statement per step, whatever their number (``polls.record_ballots``), so the some 400 ballots of
a plenary vote take a few transactions, not one each.

Open and roll-call polls: the first ballot of a quiet poll commits at once, alone; under load
the batches grow up to ``max_batch``. A batch that fails as a whole is cast again ballot by
ballot (``GroupCommitFailed``).

Secret polls: a batch commits only with at least ``anonymity_set`` (k) ballots and keeps the
last k back until every member who may vote has voted or the poll closes, so whoever reads the
database can pair a voter only with the ballots of their batch. A batch that fails is tried once
more whole, then refused (``BallotNotRecorded``: the members may vote again), never split. How
a close makes the gathering batches commit first, and when a batch holds fewer than k:
docs/secret-ballot.md; why a batch and a close never overlap: the lock modes, told in
``application/polls.py``.

Ballots with an Idempotency-Key do not come here (open ones are stored per command by
``CommandRunner``; secret ones are refused).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import structlog
from prometheus_client import Counter, Histogram

from services.sessions import projections
from services.sessions.adapters.ballot_box import BallotBox, BallotBoxLost, BallotKeyRefused
from services.sessions.application import polls
from services.sessions.domain.commands import CastVote
from services.sessions.domain.errors import AlreadyVoted, BallotNotRecorded, PollNotFound
from services.sessions.domain.events import VoteMethod
from services.sessions.domain.poll import Poll, PollStatus, Vote
from shared.application import (
    CommandResult,
    CommandRunner,
    Idempotency,
    JsonDict,
    UnitOfWork,
    command_metadata,
)
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
    "Ballot batches that did not commit (open polls' ballots were then cast one by one, a "
    "secret poll's batch tried once more whole).",
)

INTAKE_ACTOR = Actor.system("ballot-intake")
"""The batch's unit of work acts as the intake: each event records its own voter."""


@dataclass
class _Waiting:
    ballot: polls.Ballot
    outcome: asyncio.Future[polls.CastOutcome] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    def answer(self, outcome: polls.CastOutcome) -> None:
        if not self.outcome.done():  # not if its request was cancelled
            self.outcome.set_result(outcome)


@dataclass
class _Batch:
    """The ballots a batch has checked and accepted so far, with their votes."""

    accepted: list[tuple[_Waiting, Vote]] = field(default_factory=list)
    voters: set[str] = field(default_factory=set)


class GroupCommitFailed(Exception):
    """An open or roll-call ballot to cast on its own: its batch did not commit, or ballots of
    its poll are committed one per transaction (``group_open_ballots`` off)."""


class BallotIntake:
    """Per process: at most one batch per poll in flight, the next one gathering meanwhile.
    ``anonymity_set``: the fewest ballots a secret batch commits (but see above);
    ``group_open_ballots``: off, open and roll-call ballots are each a transaction of their
    own; ``check_seconds``: how often a gathering secret batch reads the roll and looks for a
    close's mark."""

    def __init__(
        self,
        runner: CommandRunner,
        box: BallotBox,
        *,
        max_batch: int = 256,
        anonymity_set: int = 10,
        group_open_ballots: bool = True,
        check_seconds: float = 0.05,
    ) -> None:
        if max_batch < 1 or anonymity_set < 1 or check_seconds <= 0:
            raise ValueError("max_batch, anonymity_set and check_seconds must be positive")
        self._runner = runner
        self._box = box
        self._max_batch = max_batch
        self._k = anonymity_set
        self._group_open = group_open_ballots
        self._check_seconds = check_seconds
        self._methods: dict[uuid.UUID, VoteMethod] = {}  # a poll's method never changes
        self._waiting: dict[uuid.UUID, list[_Waiting]] = {}
        self._arrived: dict[uuid.UUID, asyncio.Event] = {}
        self._draining: dict[uuid.UUID, asyncio.Task[None]] = {}
        self._batches: dict[uuid.UUID, _Batch] = {}  # the batch each poll is gathering

    async def cast(self, command: CastVote, actor: Actor) -> tuple[Vote, str | None]:
        """Cast the actor's ballot; its vote and, in a secret poll, the voter's receipt. Raises
        the ballot's own refusal, as the command would alone; BallotNotRecorded when a secret
        ballot's batch did not commit; or GroupCommitFailed for an open or roll-call ballot to
        cast as a command of its own."""
        poll_id = command.poll_id
        method = self._methods.get(poll_id)
        if not self._group_open and method not in (None, VoteMethod.SECRET):
            raise GroupCommitFailed()
        waiting = _Waiting(polls.Ballot(command, actor.subject, command_metadata(actor)))
        self._waiting.setdefault(poll_id, []).append(waiting)
        self._arrived.setdefault(poll_id, asyncio.Event()).set()
        if poll_id not in self._draining:
            # A fresh context: the batch is nobody's request (each event has its own metadata).
            self._draining[poll_id] = asyncio.create_task(
                self._drain(poll_id), context=contextvars.Context()
            )
        outcome = await waiting.outcome
        if isinstance(outcome, KelisimError):
            raise outcome
        return outcome

    async def _drain(self, poll_id: uuid.UUID) -> None:
        queue = self._waiting[poll_id]
        try:
            while queue:
                await self._batch(poll_id, queue)
        finally:
            del self._draining[poll_id], self._waiting[poll_id], self._arrived[poll_id]
            self._fail(poll_id, queue)  # only if cancelled (the service stopping)

    def _fail(self, poll_id: uuid.UUID, waiting: Sequence[_Waiting]) -> None:
        """Ballots whose batch did not commit: a secret poll's are refused, never cast alone;
        an open poll's are each cast as a command of their own by their requests."""
        for w in waiting:
            if not w.outcome.done():
                if self._methods.get(poll_id) is VoteMethod.SECRET:
                    w.outcome.set_result(BallotNotRecorded(None, poll_id=str(poll_id)))
                else:
                    w.outcome.set_exception(GroupCommitFailed())

    async def _batch(self, poll_id: uuid.UUID, queue: list[_Waiting]) -> None:
        """One batch: gathered and checked in a transaction under the poll's shared lock, then
        recorded and committed. A secret poll's batch that fails is tried once more with the
        same ballots, checked again; if that fails too, it and every ballot still waiting are
        refused (an open poll's are cast alone)."""
        batch = self._batches[poll_id] = _Batch()
        outcomes: list[polls.CastOutcome] = []
        try:
            for attempt in (1, 2):
                try:
                    async with self._runner.unit_of_work(INTAKE_ACTOR) as uow:
                        poll = await polls.poll_for_ballots(uow, poll_id)
                        if poll is None:
                            refused = PollNotFound(None, resource="poll", id=str(poll_id))
                            for w in [*queue, *(w for w, _ in batch.accepted)]:
                                w.answer(refused)
                            queue.clear()
                            return
                        assert poll.method is not None
                        self._methods[poll_id] = poll.method
                        if batch.accepted:  # the same ballots again, on the fresh state
                            again = _Batch()
                            await self._check(uow, poll, [w for w, _ in batch.accepted], again)
                            batch = self._batches[poll_id] = again
                        elif poll.method is VoteMethod.SECRET:
                            await self._gather(uow, poll, queue, batch)
                        else:
                            await self._take(uow, poll, queue, self._max_batch, batch)
                        outcomes = await polls.record_ballots(
                            uow, self._box, poll, [(w.ballot, v) for w, v in batch.accepted]
                        )
                        await uow.commit()
                    break
                except (BallotKeyRefused, BallotBoxLost) as error:  # the same for every ballot
                    log.error("ballot_box_refused", poll_id=str(poll_id), code=error.code)
                    for w in [*(w for w, _ in batch.accepted), *queue]:
                        w.answer(error)
                    queue.clear()
                    return
                except Exception as error:
                    log.warning(  # the error's own message: a driver's also lists parameters
                        "ballot_batch_failed",
                        poll_id=str(poll_id),
                        ballots=len(batch.accepted),
                        attempt=attempt,
                        error=str(getattr(error, "orig", None) or type(error).__name__)[:200],
                    )
                    BALLOT_BATCH_FAILED.inc()
                    if attempt == 2 or self._methods.get(poll_id) is not VoteMethod.SECRET:
                        self._fail(poll_id, [*(w for w, _ in batch.accepted), *queue])
                        queue.clear()
                        return
        except BaseException:  # cancelled: the service is stopping
            self._fail(poll_id, [w for w, _ in batch.accepted])
            raise
        finally:
            del self._batches[poll_id]
        if batch.accepted:
            BALLOT_BATCH.observe(len(batch.accepted))
        for (waiting, _), outcome in zip(batch.accepted, outcomes, strict=True):
            waiting.answer(outcome)

    async def _take(
        self, uow: UnitOfWork, poll: Poll, queue: list[_Waiting], count: int, batch: _Batch
    ) -> None:
        """Take the first ``count`` waiting ballots into the batch, each checked on its own:
        refusals are answered at once, the others join the batch (a member's second ballot in
        it is refused as already voted). Nothing leaves the queue if the check fails."""
        arrivals = queue[:count]
        if not arrivals:
            return
        await self._check(uow, poll, arrivals, batch)
        del queue[: len(arrivals)]  # those arriving meanwhile were appended after them

    async def _check(
        self, uow: UnitOfWork, poll: Poll, arrivals: list[_Waiting], batch: _Batch
    ) -> None:
        checked = await polls.check_ballots(uow, poll, [w.ballot for w in arrivals])
        for waiting, vote in zip(arrivals, checked, strict=True):
            if isinstance(vote, KelisimError):
                waiting.answer(vote)
            elif waiting.ballot.voter in batch.voters:
                waiting.answer(AlreadyVoted(None, poll_id=poll.id, member_id=waiting.ballot.voter))
            else:
                batch.voters.add(waiting.ballot.voter)
                batch.accepted.append((waiting, vote))

    async def _gather(
        self, uow: UnitOfWork, poll: Poll, queue: list[_Waiting], batch: _Batch
    ) -> None:
        """Gather a secret poll's batch until it may commit: all of it once every member who
        may vote has voted or a close waits; else, holding at least 2k, all but the last k,
        which stay for the next batch (so the last batch holds k, whoever never votes).
        Arrivals are checked as they come (refusals answered at once); ballots kept back wait
        in front of the queue."""
        poll_id = uuid.UUID(poll.id)
        arrived = self._arrived[poll_id]
        loop = asyncio.get_running_loop()
        if poll.status is not PollStatus.OPEN:  # each ballot is refused on its own
            await self._take(uow, poll, queue, len(queue), batch)
            return
        await self._box.require_key(uow.db, poll_id)  # before anyone waits for a batch
        turnout, closing = await self._roll_and_close(uow, poll_id)
        checked_at = loop.time()
        while True:
            arrived.clear()
            await self._take(uow, poll, queue, len(queue), batch)
            held = len(batch.accepted)
            if held == 0 and not queue:
                return  # every arrival was refused
            coming = len(poll.electorate) - turnout - held  # may still vote, not here yet
            if closing or coming <= 0:
                return
            now = held - self._k
            if now >= self._k:
                kept = batch.accepted[now:]
                del batch.accepted[now:]
                queue[0:0] = [waiting for waiting, _ in kept]  # the next batch's first
                return
            wait = checked_at + self._check_seconds - loop.time()
            if wait > 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(arrived.wait(), wait)
                    continue  # a ballot arrived
            turnout, closing = await self._roll_and_close(uow, poll_id)
            checked_at = loop.time()

    async def _roll_and_close(self, uow: UnitOfWork, poll_id: uuid.UUID) -> tuple[int, bool]:
        """The roll so far (the event store) and whether a close announced itself (signed)."""
        roll = await projections.polls.roll_count(uow.db, poll_id)
        return roll, await self._box.close_announced(uow.db, poll_id)

    def waiting(self, poll_id: uuid.UUID) -> int:
        """How many ballots of the poll this process holds, not yet committed."""
        batch = self._batches.get(poll_id)
        return len(self._waiting.get(poll_id, [])) + (0 if batch is None else len(batch.accepted))


async def cast_vote(
    platform: Platform,
    command: CastVote,
    actor: Actor,
    idempotency: Idempotency | None,
    present: Callable[[Vote, str | None], JsonDict],
) -> CommandResult:
    """A member's ballot, answered (201) as ``present(vote, secret_receipt)``: committed with
    the others arriving (a secret one always), or, an open or roll-call ballot with an
    Idempotency-Key or whose batch failed, as a command of its own (``polls.cast_vote``, run by
    the command runner, which stores its answer for the key)."""
    if idempotency is None:
        with contextlib.suppress(GroupCommitFailed):
            return CommandResult(
                201, present(*await platform.part(BallotIntake).cast(command, actor))
            )
    box = platform.part(BallotBox)

    async def cast_alone(uow: UnitOfWork) -> CommandResult:
        return CommandResult(201, present(*await polls.cast_vote(command, uow, box)))

    return await platform.runner.run(cast_alone, actor, idempotency)
