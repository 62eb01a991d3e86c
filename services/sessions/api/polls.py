"""Polls routes: votes on agenda items, their results, the Session's decisions and members'
voting records.

Permissions: the Secretariat runs the sitting (opens and closes polls, records an Address's
publication); members vote only for themselves (the token's subject); auditors and officials
read everything; the public reads decisions and results (counts; each member's vote of a
roll-call poll). A member's voting record: open and roll-call polls for the member, officials
and auditors; roll-call polls only for anyone else.

Secret polls (docs/secret-ballot.md): a member's ballot answers a random receipt, not the
choice, once its batch is committed (at least the anonymity set of ballots together, or at the
close); results carry the turnout only until the close, then the counts and every ballot with
its receipt in shuffled order. An Idempotency-Key is refused on a secret ballot (nothing pairs
the voter with the answer that could be replayed). A voter looks their receipt up in a
request's body, never in its URL, which access logs keep.

Deadlines: votes at or after the deadline are refused; the service's deadline worker
(application/deadlines.py) closes the poll within seconds of it, recording the deadline as the
closing time (reason ``deadline``), as does a Secretariat's closing after it; in between the
results report ``deadline_passed`` with the final tally (no later vote counts).
"""

from __future__ import annotations

import contextlib
import functools
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, computed_field

from services.sessions.adapters.ballot_box import BallotBox, ballot_box_of
from services.sessions.api import messages_polls  # noqa: F401  (registers the messages)
from services.sessions.api.schemas import ASSEMBLY_PATTERN, CommandState
from services.sessions.application import polls as handlers
from services.sessions.application.ballot_intake import GroupCommitFailed, ballot_intake_of
from services.sessions.domain import commands as c
from services.sessions.domain.errors import BallotNotFound
from services.sessions.domain.events import Choice, DecisionKind, Motion, VoteMethod
from services.sessions.domain.poll import Poll, Vote
from services.sessions.projections import poll_queries
from shared.api.auth import CurrentActor, require_roles
from shared.api.correlation import log_route_template
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.application import CommandResult, UnitOfWork
from shared.assemblies import REGIONAL_ROLE
from shared.bounds import Offset
from shared.context import Actor
from shared.dates import CalendarDay, Instant
from shared.errors import KelisimError, NotFound
from shared.rulebooks import provisional as provisional_verdict
from shared.service import Platform

polls_router = APIRouter(tags=["polls"])
decisions_router = APIRouter(prefix="/v1/decisions", tags=["decisions"])

Secretariat = Annotated[Actor, Depends(require_roles("secretariat", REGIONAL_ROLE))]
"""The Secretariat, or a regional assembly's token for its own assembly's polls."""
Member = Annotated[Actor, Depends(require_roles("member"))]
RECORD_READERS = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor"})


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OpenPollRequest(Body):
    item_id: uuid.UUID
    method: VoteMethod
    motion: Motion
    decision_kind: DecisionKind = DecisionKind.OTHER
    deadline: Instant | None = Field(default=None, description="With a time zone.")


class VoteRequest(Body):
    choice: Choice


class PublicationRequest(Body):
    outlet: str = Field(min_length=1, max_length=500)
    published_on: CalendarDay | None = Field(default=None, description="Default: today.")


RECEIPT_PATTERN = "^[a-z2-7]+$"


class ReceiptLookup(Body):
    receipt: str = Field(min_length=16, max_length=64, pattern=RECEIPT_PATTERN)


class ReceiptLookupMoved(KelisimError):
    """A receipt sent in a URL: lookups take it in the body, since URLs are written to logs."""

    code = "receipt_lookup_moved"
    status = 410


class VoteReceipt(BaseModel):
    """An open or roll-call vote, as recorded."""

    poll_id: uuid.UUID
    member_id: uuid.UUID
    choice: Choice
    cast_at: Instant


class SecretBallotReceipt(BaseModel):
    """A secret ballot went into the box: keep the receipt to find the ballot, with its choice,
    among those published at the close. It is shown once and stored nowhere with the voter."""

    poll_id: uuid.UUID
    receipt: str
    cast_at: Instant


class PublishedBallotView(BaseModel):
    receipt: str
    choice: Choice


class BallotView(BaseModel):
    member_id: uuid.UUID
    name_kk: str | None
    name_ru: str | None
    choice: Choice


class PollResult(BaseModel):
    poll_id: uuid.UUID
    session_id: uuid.UUID
    item_id: uuid.UUID
    method: VoteMethod
    motion_kk: str
    motion_ru: str
    decision_kind: DecisionKind
    sitting_on: CalendarDay
    present: int = Field(description="Members present at the opening: the majority's basis.")
    roster_total: int
    required: int = Field(description="Votes for needed to adopt.")
    rulebook: str
    rule: str
    opened_at: Instant | None
    """None for a vote recorded from its protocol (``source_*``, ``recorded_at``)."""
    deadline: Instant | None
    deadline_passed: bool
    status: str
    closed_at: Instant | None
    close_reason: str | None
    adopted: bool | None
    turnout: int = Field(description="Ballots cast so far.")
    votes_for: int | None = Field(description="Null for a secret poll until its close.")
    against: int | None
    abstain: int | None
    source_number: str | None = None
    source_date: CalendarDay | None = None
    recorded_at: Instant | None = None
    version: int
    ballots: list[BallotView] | None = Field(
        description="Each member's vote, for a roll-call poll; null for an open one."
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The majority applied is a provisional value (not yet in a legal text at hand)."""
        return provisional_verdict(self.rulebook, self.rule)


class DecisionView(BaseModel):
    decision_id: uuid.UUID
    poll_id: uuid.UUID
    session_id: uuid.UUID
    item_id: uuid.UUID
    assembly: str
    kind: DecisionKind
    text_kk: str
    text_ru: str
    adopted_on: CalendarDay
    method: VoteMethod
    votes_for: int
    against: int
    abstain: int
    present: int
    required: int
    rulebook: str
    rule: str
    published_in: str | None
    published_on: CalendarDay | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The majority applied is a provisional value (not yet in a legal text at hand)."""
        return provisional_verdict(self.rulebook, self.rule)


class RecordEntry(BaseModel):
    poll_id: uuid.UUID
    session_id: uuid.UUID
    item_id: uuid.UUID
    method: VoteMethod
    motion_kk: str
    motion_ru: str
    choice: Choice
    cast_at: Instant
    status: str
    adopted: bool | None


def _now(platform: Platform) -> datetime:
    return platform.clock.now()


def _box(commands: CommandsDep) -> BallotBox:
    return ballot_box_of(commands.platform)


async def _run_poll(
    commands: CommandsDep,
    handler: Callable[[Any, UnitOfWork], Awaitable[Poll]],
    command: Any,
    status: int = 200,
) -> JSONResponse:
    async def work(uow: UnitOfWork) -> CommandResult:
        poll = await handler(command, uow)
        label = str(poll.status)
        if poll.adopted is not None:
            label = "adopted" if poll.adopted else "rejected"
        state = CommandState(id=uuid.UUID(poll.id), version=poll.version, status=label)
        return CommandResult(status, state.model_dump(mode="json"))

    return await commands.run(work)


@polls_router.post("/v1/sessions/{session_id}/polls", status_code=201, response_model=CommandState)
async def open_poll(
    session_id: uuid.UUID, body: OpenPollRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Open a vote on an agenda item at a quorate open sitting (Reg2024 §9–10), by the method
    the Session chose: open, roll-call or secret."""
    command = c.OpenPoll(
        session_id, body.item_id, body.method, body.motion, body.decision_kind,
        _now(commands.platform), body.deadline,
    )  # fmt: skip
    handler = functools.partial(handlers.open_poll, box=_box(commands))
    return await _run_poll(commands, handler, command, 201)


@polls_router.post(
    "/v1/polls/{poll_id}/votes",
    status_code=201,
    response_model=VoteReceipt | SecretBallotReceipt,
)
async def cast_vote(
    poll_id: uuid.UUID, body: VoteRequest, _: Member, commands: CommandsDep
) -> JSONResponse:
    """The member votes for themself, once; a cast vote cannot change (409 ``already_voted``).
    A secret ballot answers the voter's receipt, never the choice, when its batch commits: with
    enough others (the service's anonymity set), or when the poll closes; 503
    ``ballot_not_recorded`` if its batch could not be committed (the member has not voted)."""
    command = c.CastVote(poll_id, body.choice, _now(commands.platform))
    box = _box(commands)

    def answer(vote: Vote, secret_receipt: str | None) -> dict[str, Any]:
        receipt: BaseModel
        if secret_receipt is not None:
            receipt = SecretBallotReceipt(
                poll_id=poll_id, receipt=secret_receipt, cast_at=command.now
            )
        else:
            assert vote.choice is not None
            receipt = VoteReceipt(
                poll_id=poll_id, member_id=uuid.UUID(commands.actor.subject), choice=vote.choice,
                cast_at=command.now,
            )  # fmt: skip
        return receipt.model_dump(mode="json")

    if commands.idempotency is None:  # committed with others arriving (a secret one always)
        with contextlib.suppress(GroupCommitFailed):  # an open one to cast alone, below
            cast = await ballot_intake_of(commands.platform).cast(command, commands.actor)
            return JSONResponse(answer(*cast), status_code=201)

    async def work(uow: UnitOfWork) -> CommandResult:
        return CommandResult(201, answer(*await handlers.cast_vote(command, uow, box)))

    return await commands.run(work)


@polls_router.post("/v1/polls/{poll_id}/closing", response_model=CommandState)
async def close_poll(
    poll_id: uuid.UUID, _: Secretariat, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    """Close the poll with its tally; adopted, the decision is recorded with it. A secret poll's
    ballot box is opened and checked against the voter roll, and its ballots published in
    shuffled order; a box that fails the check (409 ``ballot_box_mismatch``, naming what
    failed) publishes nothing and leaves the poll open, and the check is recorded either way.
    A closed poll answers 409 ``poll_not_open``."""
    command = c.ClosePoll(
        poll_id, _now(commands.platform), commands.platform.clock.today(), parse_if_match(if_match)
    )
    box = _box(commands)
    handler = functools.partial(handlers.close_poll, box=box)
    return await handlers.closing(
        lambda: _run_poll(commands, handler, command),
        commands.platform.runner,
        box,
        poll_id,
        commands.actor,
    )


@polls_router.get("/v1/polls/{poll_id}", response_model=PollResult)
async def get_poll(poll_id: uuid.UUID, platform: PlatformDep) -> PollResult:
    """A poll's result (public): counts; and each member's vote for a roll-call poll."""
    async with platform.sessions() as db:
        row = await poll_queries.poll(db, poll_id, _now(platform))
    if row is None:
        raise NotFound(None, resource="poll", id=str(poll_id))
    return PollResult.model_validate(row)


@polls_router.get("/v1/polls/{poll_id}/ballots", response_model=list[PublishedBallotView])
async def list_published_ballots(
    poll_id: uuid.UUID, platform: PlatformDep
) -> list[PublishedBallotView]:
    """A closed secret poll's ballots with their receipts, in the published (shuffled) order
    (public): anyone can recount them. Empty while the poll is open."""
    async with platform.sessions() as db:
        if await poll_queries.poll(db, poll_id, _now(platform)) is None:
            raise NotFound(None, resource="poll", id=str(poll_id))
        rows = await poll_queries.published_ballots(db, poll_id)
    return [PublishedBallotView.model_validate(r) for r in rows]


@polls_router.post("/v1/polls/{poll_id}/ballots/lookup", response_model=PublishedBallotView)
async def look_up_published_ballot(
    poll_id: uuid.UUID, body: ReceiptLookup, platform: PlatformDep
) -> PublishedBallotView:
    """A voter checks their receipt, sent in the body: their ballot as counted (404 until the
    close). Never in the URL: access logs keep URLs, and a receipt next to anything that names
    the voter would pair them with their published choice."""
    async with platform.sessions() as db:
        row = await poll_queries.published_ballot(db, poll_id, body.receipt)
    if row is None:
        raise BallotNotFound(None, poll_id=str(poll_id))
    return PublishedBallotView.model_validate(row)


@polls_router.get("/v1/polls/{poll_id}/ballots/{receipt}", status_code=410, include_in_schema=False)
@log_route_template
async def published_ballot_by_url(poll_id: uuid.UUID, receipt: str) -> None:
    """The former lookup, with the receipt in the URL: gone (410), pointing to the lookup by
    body; its access line records the route's template, never the receipt."""
    raise ReceiptLookupMoved(None, poll_id=str(poll_id))


@polls_router.get("/v1/sessions/{session_id}/polls", response_model=list[PollResult])
async def session_polls(session_id: uuid.UUID, platform: PlatformDep) -> list[PollResult]:
    """A Session's polls with their counts (public), in the order opened."""
    async with platform.sessions() as db:
        rows = await poll_queries.session_polls(db, session_id, _now(platform))
    return [PollResult.model_validate(r) for r in rows]


@polls_router.get("/v1/members/{member_id}/votes", response_model=list[RecordEntry])
async def voting_record(
    member_id: uuid.UUID, actor: CurrentActor, platform: PlatformDep
) -> list[RecordEntry]:
    """A member's voting record in open and roll-call polls: all of it for the member,
    officials and auditors; roll-call polls only for anyone else."""
    full = bool(actor.roles & RECORD_READERS) or actor.subject == str(member_id)
    async with platform.sessions() as db:
        rows = await poll_queries.voting_record(db, member_id, roll_call_only=not full)
    return [RecordEntry.model_validate(r) for r in rows]


@decisions_router.get("", response_model=list[DecisionView])
async def list_decisions(
    platform: PlatformDep,
    session_id: uuid.UUID | None = None,
    kind: DecisionKind | None = None,
    assembly: Annotated[str | None, Query(pattern=ASSEMBLY_PATTERN, max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[DecisionView]:
    """The Sessions' decisions, latest first, of one assembly with ``assembly`` (public)."""
    async with platform.sessions() as db:
        rows = await poll_queries.decisions(
            db, session_id=session_id, kind=kind, assembly=assembly, limit=limit, offset=offset
        )
    return [DecisionView.model_validate(r) for r in rows]


@decisions_router.get("/{decision_id}", response_model=DecisionView)
async def get_decision(decision_id: uuid.UUID, platform: PlatformDep) -> DecisionView:
    async with platform.sessions() as db:
        row = await poll_queries.decision(db, decision_id)
    if row is None:
        raise NotFound(None, resource="decision", id=str(decision_id))
    return DecisionView.model_validate(row)


@decisions_router.post("/{decision_id}/publication", response_model=CommandState)
async def record_publication(
    decision_id: uuid.UUID, body: PublicationRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """The publication record of an adopted Address: outlet and date, once."""
    today = commands.platform.clock.today()
    command = c.RecordAddressPublication(
        decision_id, body.outlet, body.published_on or today, today
    )
    return await _run_poll(commands, handlers.record_address_publication, command)


ROUTERS = (polls_router, decisions_router)
