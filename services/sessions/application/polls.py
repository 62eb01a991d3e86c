"""Polls command handlers: one unit of work per command, one append to one stream; except
ballots, which the ballot intake commits together (``cast_votes``, application/ballot_intake.py).

A ballot is appended to its own stream (``vote-<poll>-<member>``) at version 0: its handler
reads the poll's stream under the poll's lock in shared mode, and whether the member is present
now (read model), and never writes the poll's stream, so 400 members vote at once without
contention. The closing takes the poll's lock in exclusive mode: it waits for the ballots in
flight, counts every committed one, and no ballot commits after it.

A secret ballot writes the voter roll (the member's stream, no choice) and drops the sealed
ballot into the box (adapters/ballot_box.py); the closing opens the box, and the domain checks
it against the roll and publishes it shuffled (docs/secret-ballot.md).
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from services.sessions.adapters.ballot_box import BallotBox
from services.sessions.application.handlers import member_id_of, sessions
from services.sessions.domain.commands import (
    CastVote,
    ClosePoll,
    OpenPoll,
    RecordAddressPublication,
)
from services.sessions.domain.errors import (
    AlreadyVoted,
    PollAlreadyOpen,
    PollNotFound,
    SecretBallotNotReplayable,
)
from services.sessions.domain.events import VoteMethod
from services.sessions.domain.poll import Poll, Vote
from services.sessions.projections import poll_queries, roster
from shared.application import Repository, UnitOfWork
from shared.errors import Forbidden, InvalidInput, KelisimError, NotFound
from shared.eventstore.model import EventMetadata

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
    total = 0 if session.sitting_on is None else await roster.count_on(uow.db, session.sitting_on)
    poll = Poll.open(
        uuid.uuid4(),
        session,
        command.item_id,
        command.method,
        command.motion,
        command.decision_kind,
        total,
        await poll_queries.item_has_open_poll(uow.db, command.item_id),
        command.now,
        command.deadline,
    )
    try:
        await polls.save(uow, poll)
    except IntegrityError as exc:  # a concurrent opening on the same item
        if ONE_OPEN_POLL_PER_ITEM in str(exc.orig):
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


async def cast_votes(
    uow: UnitOfWork, box: BallotBox, poll_id: uuid.UUID, ballots: Sequence[Ballot]
) -> list[CastOutcome]:
    """Ballots on one poll, in one transaction: each is checked and refused on its own (its
    outcome is then the error), the others are appended together, one stream each. A single
    command is a batch of one; the ballot intake (application/ballot_intake.py) commits the
    ballots that arrive while the previous batch commits in one transaction.

    The poll's lock in shared mode: ballots run side by side and never past a closing; the poll
    is only read (the instance shared by ballots, caught up with its stream). A ballot is
    appended to its own stream at version 0 without reading it first: a second ballot of the
    same member, concurrent or later, fails that append, and is refused as already cast."""
    poll = await polls.read(uow, str(poll_id), lock="shared")
    if poll is None:
        return [PollNotFound(None, resource="poll", id=str(poll_id)) for _ in ballots]
    assert poll.session_id is not None
    secret = poll.method is VoteMethod.SECRET
    refused: dict[int, KelisimError] = {}
    voters: dict[int, uuid.UUID] = {}
    for i, ballot in enumerate(ballots):
        try:
            voters[i] = member_id_of(ballot.voter)
        except Forbidden as error:
            refused[i] = error
    present = await poll_queries.present_at_open_sitting(
        uow.db, poll.session_id, list(voters.values())
    )
    cast: dict[int, Vote] = {}
    for i, voter in voters.items():
        ballot = ballots[i]
        try:
            if secret and ballot.metadata.idempotency_key is not None:
                raise SecretBallotNotReplayable()
            cast[i] = Vote.cast(
                poll, voter, ballot.command.choice, voter in present, ballot.command.now
            )
        except KelisimError as error:
            refused[i] = error
    saved = await votes.save_each(uow, [(vote, ballots[i].metadata) for i, vote in cast.items()])
    for i, ok in zip(list(cast), saved, strict=True):
        if not ok:  # the member's ballot is in the stream already
            refused[i] = AlreadyVoted(None, poll_id=str(poll_id), member_id=str(voters[i]))
    kept = [i for i in cast if i not in refused]
    receipts: dict[int, str] = {}
    if secret and kept:
        dropped = await box.drop_in(uow.db, poll_id, [ballots[i].command.choice for i in kept])
        receipts = dict(zip(kept, dropped, strict=True))
    return [refused[i] if i in refused else (cast[i], receipts.get(i)) for i in range(len(ballots))]


async def cast_vote(command: CastVote, uow: UnitOfWork, box: BallotBox) -> tuple[Vote, str | None]:
    """The acting member votes for themself (the token's subject), once. A secret ballot also
    returns the voter's receipt (shown once, stored nowhere with the voter)."""
    ballot = Ballot(command, uow.actor.subject, uow.metadata())
    [outcome] = await cast_votes(uow, box, command.poll_id, [ballot])
    if isinstance(outcome, KelisimError):
        raise outcome
    return outcome


async def close_poll(command: ClosePoll, uow: UnitOfWork, box: BallotBox) -> Poll:
    """Close with every ballot committed so far (the exclusive lock waits for those in flight).
    A secret poll's box is opened, checked against the roll, published shuffled and emptied."""
    poll = await _poll(uow, command.poll_id, command.expected_version)
    if poll.method is VoteMethod.SECRET:
        ballots = await box.open(uow.db, command.poll_id)
        roll = await poll_queries.turnout(uow.db, command.poll_id)
        poll.close_secret(ballots, roll, command.now, command.today, SHUFFLER)
        await polls.save(uow, poll)
        await box.destroy(uow.db, command.poll_id)
        return poll
    poll.close(await poll_queries.tally(uow.db, command.poll_id), command.now, command.today)
    await polls.save(uow, poll)
    return poll


async def record_address_publication(command: RecordAddressPublication, uow: UnitOfWork) -> Poll:
    if command.published_on > command.today:
        raise InvalidInput(
            None, reason="date_in_future", field="published_on", day=str(command.published_on)
        )
    found = await poll_queries.decision(uow.db, command.decision_id)
    if found is None:
        raise NotFound(None, resource="decision", id=str(command.decision_id))
    poll = await _poll(uow, found["poll_id"])
    poll.publish_address(command.outlet, command.published_on)
    await polls.save(uow, poll)
    return poll
