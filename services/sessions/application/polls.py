"""Polls command handlers: one unit of work per command, one append to one stream; except
ballots, which the ballot intake commits together (``check_ballots`` and ``record_ballots``,
application/ballot_intake.py).

The lock modes (told here once; the intake, the read model and the docs point here): a ballot
is appended to its own stream (``vote-<poll>-<member>``) at version 0: its handler reads the
poll's stream under the poll's lock in shared mode (``poll_for_ballots``), and whether the
member is present now (read model), and never writes the poll's stream, so 400 members vote at
once without contention, alone or in the intake's batches. The closing takes the poll's lock in
exclusive mode: it waits for the ballots in flight, counts every committed one, and no ballot
commits after it.

A secret ballot writes the voter roll (the member's stream, no choice) and drops the sealed
ballot into the box (adapters/ballot_box.py) in the same transaction, always with the other
ballots of its batch (at least the anonymity set: the ballot intake); the closing opens the
box, and the domain checks it against the roll in the event store and publishes it shuffled
(docs/secret-ballot.md).
"""

from __future__ import annotations

import contextlib
import random
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import structlog
from sqlalchemy.exc import IntegrityError

from services.sessions import projections
from services.sessions.adapters.ballot_box import BallotBox, BallotBoxLost, BallotKeyRefused
from services.sessions.application.acting import member_id_of
from services.sessions.application.sessions import sessions
from services.sessions.domain.commands import (
    CastVote,
    ClosePoll,
    OpenPoll,
    RecordAddressPublication,
)
from services.sessions.domain.errors import (
    AlreadyVoted,
    BallotBoxMismatch,
    BallotNotRecorded,
    PollAlreadyOpen,
    PollNotFound,
    SecretBallotNotReplayable,
)
from services.sessions.domain.events import BoxFailure, VoteMethod
from services.sessions.domain.poll import BoxCheck, Poll, PollStatus, Vote
from shared import roster
from shared.application import CommandResult, CommandRunner, Repository, UnitOfWork, violates
from shared.assemblies import ensure_may_act_for
from shared.context import Actor
from shared.errors import Forbidden, InvalidInput, KelisimError, NotFound
from shared.eventstore.model import EventMetadata

log = structlog.get_logger(__name__)
T = TypeVar("T")

polls = Repository(Poll)
votes = Repository(Vote)

ONE_OPEN_POLL_PER_ITEM = "polls_one_open_per_item"
SHUFFLER = random.SystemRandom()
"""Shuffles a secret poll's ballots for publication: the operating system's CSPRNG."""


async def _poll(uow: UnitOfWork, poll_id: uuid.UUID, expected: int | None = None) -> Poll:
    """The poll, under its stream's exclusive lock (a command that changes it)."""
    try:
        return await polls.load(uow, str(poll_id), expected)
    except NotFound:
        raise PollNotFound(None, resource="poll", id=str(poll_id)) from None


async def open_poll(command: OpenPoll, uow: UnitOfWork, box: BallotBox) -> Poll:
    session = await sessions.load(uow, str(command.session_id), lock=False)  # read only
    ensure_may_act_for(uow.actor, session.assembly)
    total = (
        0
        if session.sitting_on is None
        else await roster.count_on(uow.db, session.assembly, session.sitting_on)
    )
    poll = Poll.open(
        uuid.uuid4(),
        session,
        command.item_id,
        command.method,
        command.motion,
        command.decision_kind,
        total,
        await projections.polls.item_has_open_poll(uow.db, command.item_id),
        command.now,
        command.deadline,
    )
    try:
        await polls.save(uow, poll)
    except IntegrityError as exc:  # a concurrent opening on the same item
        if violates(exc, ONE_OPEN_POLL_PER_ITEM):
            raise PollAlreadyOpen(None, item_id=str(command.item_id)) from exc
        raise
    if poll.method is VoteMethod.SECRET:
        await box.install(uow.db, uuid.UUID(poll.id))
    return poll


@dataclass(frozen=True)
class Ballot:
    """A member's CastVote, with what its events record: who cast it (the token's subject, a
    member votes for themself) and its request's correlation and Idempotency-Key."""

    command: CastVote
    voter: str
    metadata: EventMetadata


CastOutcome = tuple[Vote, str | None] | KelisimError
"""A ballot's vote and, for a secret poll, the voter's receipt; or why it was refused."""


async def poll_for_ballots(uow: UnitOfWork, poll_id: uuid.UUID) -> Poll | None:
    """The poll, under its lock in shared mode (the lock modes: this module's docstring), read
    only: the instance shared by ballots, caught up with its stream."""
    return await polls.read(uow, str(poll_id), lock="shared")


async def check_ballots(
    uow: UnitOfWork, poll: Poll, ballots: Sequence[Ballot]
) -> list[Vote | KelisimError]:
    """Each ballot checked on its own, under the poll's shared lock: its vote (not yet
    saved), or why it is refused (not a member's token, not present, the poll closed or past
    its deadline, an Idempotency-Key on a secret ballot, the member's second ballot here)."""
    assert poll.session_id is not None
    secret = poll.method is VoteMethod.SECRET
    members = set()
    for ballot in ballots:
        with contextlib.suppress(Forbidden):  # refused below
            members.add(member_id_of(ballot.voter))
    present = await projections.polls.present_at_open_sitting(
        uow.db, poll.session_id, list(members)
    )
    # A secret ballot may wait for its batch: one of a member already on the roll is refused
    # now (an open one is refused by its append).
    voted = set()
    if secret:
        voted = await projections.polls.on_secret_roll(uow.db, uuid.UUID(poll.id), list(members))
    checked: list[Vote | KelisimError] = []
    for ballot in ballots:
        try:
            voter = member_id_of(ballot.voter)
            if voter in voted:  # on the roll, or the member's second ballot here
                raise AlreadyVoted(None, poll_id=poll.id, member_id=str(voter))
            voted.add(voter)
            if secret and ballot.metadata.idempotency_key is not None:
                raise SecretBallotNotReplayable()
            checked.append(
                Vote.cast(poll, voter, ballot.command.choice, voter in present, ballot.command.now)
            )
        except KelisimError as error:
            checked.append(error)
    return checked


async def record_ballots(
    uow: UnitOfWork, box: BallotBox, poll: Poll, ballots: Sequence[tuple[Ballot, Vote]]
) -> list[CastOutcome]:
    """Checked ballots on one poll, in this transaction: each on its own stream at version 0,
    all in one append (a member whose ballot is in the stream already, concurrent or earlier,
    is refused as already voted); a secret poll's ballots sealed into its box in the same
    transaction, so the box and the roll are committed together, batch by batch."""
    saved = await votes.save_each(uow, [(vote, ballot.metadata) for ballot, vote in ballots])
    outcomes: list[CastOutcome] = []
    for (ballot, vote), ok in zip(ballots, saved, strict=True):
        voter = str(member_id_of(ballot.voter))
        outcomes.append(
            (vote, None) if ok else AlreadyVoted(None, poll_id=poll.id, member_id=voter)
        )
    kept = [i for i, ok in enumerate(saved) if ok]
    if poll.method is VoteMethod.SECRET and kept:
        batch = uow.recorded[-1].transaction_id  # the roll's transaction: the ballots' batch
        receipts = await box.drop_in(
            uow.db, uuid.UUID(poll.id), batch, [ballots[i][0].command.choice for i in kept]
        )
        for i, receipt in zip(kept, receipts, strict=True):
            outcomes[i] = (ballots[i][1], receipt)
    return outcomes


async def cast_vote(command: CastVote, uow: UnitOfWork, box: BallotBox) -> tuple[Vote, str | None]:
    """The acting member votes for themself (the token's subject), once, in a transaction of
    its own: an open or roll-call ballot (with an Idempotency-Key, or its batch failed). A
    secret ballot is never recorded alone, which would pair its voter with it: with a key it
    is refused, otherwise it goes through the ballot intake (application/ballot_intake.py)."""
    ballot = Ballot(command, uow.actor.subject, uow.metadata())
    poll = await poll_for_ballots(uow, command.poll_id)
    if poll is None:
        raise PollNotFound(None, resource="poll", id=str(command.poll_id))
    [checked] = await check_ballots(uow, poll, [ballot])
    if isinstance(checked, KelisimError):
        raise checked
    if poll.method is VoteMethod.SECRET:
        raise BallotNotRecorded(None, poll_id=poll.id)
    [outcome] = await record_ballots(uow, box, poll, [(ballot, checked)])
    if isinstance(outcome, KelisimError):
        raise outcome
    return outcome


async def close_poll(command: ClosePoll, uow: UnitOfWork, box: BallotBox) -> Poll:
    """Close with every ballot committed so far (the exclusive lock waits for those in flight).
    A secret poll's box is opened and checked against the voter roll in the event store; if it
    matches it is published shuffled and dropped, else BallotBoxMismatch says what failed and
    nothing is closed (``record_box_failure`` then keeps the check in the audit log). A poll
    already closed is refused before its box is touched."""
    poll = await _poll(uow, command.poll_id, command.expected_version)
    ensure_may_act_for(uow.actor, poll.assembly)
    poll.require_open()
    if poll.method is VoteMethod.SECRET:
        check = await _box_check(uow, box, command.poll_id)
        poll.close_secret(check, command.now, command.today, SHUFFLER)
        await polls.save(uow, poll)
        await box.destroy(uow.db, command.poll_id)
        return poll
    poll.close(await projections.polls.tally(uow.db, command.poll_id), command.now, command.today)
    await polls.save(uow, poll)
    return poll


async def _box_check(uow: UnitOfWork, box: BallotBox, poll_id: uuid.UUID) -> BoxCheck:
    """The voter roll from the event store (append-only, in the audit log; not the read model)
    and the box opened against it, batch by batch."""
    roll = await projections.polls.roll_batches(uow.db, poll_id)
    try:
        opened = await box.open(uow.db, poll_id, roll)
    except BallotBoxLost:
        return BoxCheck(roll=roll, unreadable=BoxFailure.LOST)
    except BallotKeyRefused:
        return BoxCheck(roll=roll, unreadable=BoxFailure.KEY_REFUSED)
    return BoxCheck(roll=roll, sealed=opened.sealed, opened=opened.ballots)


async def record_box_failure(
    runner: CommandRunner, actor: Actor, failure: BallotBoxMismatch
) -> None:
    """Keep a failed check of a poll's box in the audit log (``BallotBoxChecked`` with what
    failed): the closing transaction that found it was rolled back, so this is a transaction
    of its own. The poll stays open; nothing is published."""
    log.error(
        "ballot_box_check_failed",
        poll_id=failure.poll_id,
        failure=failure.failure.value,
        **{k: failure.params[k] for k in ("roll", "sealed", "authentic")},
    )

    async def record_check(uow: UnitOfWork) -> CommandResult:
        poll = await _poll(uow, uuid.UUID(failure.poll_id))
        if poll.status is PollStatus.OPEN:
            poll.check_box(failure.check)
            await polls.save(uow, poll)
        return CommandResult(200, {})

    await runner.run(record_check, actor)


async def closing(
    close: Callable[[], Awaitable[T]],
    runner: CommandRunner,
    box: BallotBox,
    poll_id: uuid.UUID,
    actor: Actor,
) -> T:
    """A close (by command or at the deadline). A secret poll's is announced first, signed, to
    the batches gathering its ballots (each commits what it holds, and the close, waiting for
    the poll's lock, counts them); taken back if the close does not happen. A failed check of
    its box is recorded before the failure is raised again to the caller. An actor who may not
    act for the poll's assembly is refused before anything is announced."""
    async with runner.sessions() as db, db.begin():
        assembly = await projections.polls.assembly_of_poll(db, poll_id)
        if assembly is not None:
            ensure_may_act_for(actor, assembly)
        await box.announce_close(db, poll_id, closing=True)
    try:
        return await close()
    except BallotBoxMismatch as failure:
        await record_box_failure(runner, actor, failure)
        raise
    finally:
        async with runner.sessions() as db, db.begin():
            await box.announce_close(db, poll_id, closing=False)  # nothing once it is dropped


async def record_address_publication(command: RecordAddressPublication, uow: UnitOfWork) -> Poll:
    if command.published_on > command.today:
        raise InvalidInput(
            None, reason="date_in_future", field="published_on", day=str(command.published_on)
        )
    found = await projections.polls.decision(uow.db, command.decision_id)
    if found is None:
        raise NotFound(None, resource="decision", id=str(command.decision_id))
    poll = await _poll(uow, found["poll_id"])
    ensure_may_act_for(uow.actor, poll.assembly)
    poll.publish_address(command.outlet, command.published_on)
    await polls.save(uow, poll)
    return poll
