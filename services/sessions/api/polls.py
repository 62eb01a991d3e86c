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

import functools
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from services.sessions import projections
from services.sessions.adapters.ballot_box import BallotBox
from services.sessions.api.auth import RECORD_READERS, Member, Secretariat
from services.sessions.api.schemas import (
    ASSEMBLY_PATTERN,
    CommandState,
    DecisionView,
    OpenPollRequest,
    PollResult,
    PublicationRequest,
    PublishedBallotView,
    ReceiptLookup,
    RecordEntry,
    SecretBallotReceipt,
    VoteReceipt,
    VoteRequest,
)
from services.sessions.application import ballot_intake, polls
from services.sessions.domain.commands import (
    CastVote,
    ClosePoll,
    OpenPoll,
    RecordAddressPublication,
)
from services.sessions.domain.errors import BallotNotFound
from services.sessions.domain.events import DecisionKind
from services.sessions.domain.poll import Poll, Vote
from shared.api.auth import CurrentActor
from shared.api.correlation import log_route_template
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.application import JsonDict
from shared.bounds import Offset
from shared.errors import KelisimError, NotFound
from shared.service import Platform

polls_router = APIRouter(tags=["polls"])
decisions_router = APIRouter(prefix="/v1/decisions", tags=["decisions"])


class ReceiptLookupMoved(KelisimError):
    """A receipt sent in a URL: lookups take it in the body, since URLs are written to logs."""

    code = "receipt_lookup_moved"
    status = 410


def _now(platform: Platform) -> datetime:
    return platform.clock.now()


def _poll_state(poll: Poll) -> JsonDict:
    label = str(poll.status)
    if poll.adopted is not None:
        label = "adopted" if poll.adopted else "rejected"
    state = CommandState(id=uuid.UUID(poll.id), version=poll.version, status=label)
    return state.model_dump(mode="json")


@polls_router.post("/v1/sessions/{session_id}/polls", status_code=201, response_model=CommandState)
async def open_poll(
    session_id: uuid.UUID, body: OpenPollRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Open a vote on an agenda item at a quorate open sitting (Reg2024 §9–10), by the method
    the Session chose: open, roll-call or secret."""
    command = OpenPoll(
        session_id, body.item_id, body.method, body.motion, body.decision_kind,
        _now(commands.platform), body.deadline,
    )  # fmt: skip
    box = commands.platform.part(BallotBox)
    return await commands.execute(
        functools.partial(polls.open_poll, box=box), command, _poll_state, 201
    )


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
    command = CastVote(poll_id, body.choice, _now(commands.platform))

    def receipt(vote: Vote, secret_receipt: str | None) -> JsonDict:
        answer: BaseModel
        if secret_receipt is not None:
            answer = SecretBallotReceipt(
                poll_id=poll_id, receipt=secret_receipt, cast_at=command.now
            )
        else:
            assert vote.choice is not None
            answer = VoteReceipt(
                poll_id=poll_id, member_id=uuid.UUID(commands.actor.subject), choice=vote.choice,
                cast_at=command.now,
            )  # fmt: skip
        return answer.model_dump(mode="json")

    return commands.respond(
        await ballot_intake.cast_vote(
            commands.platform, command, commands.actor, commands.idempotency, receipt
        )
    )


@polls_router.post("/v1/polls/{poll_id}/closing", response_model=CommandState)
async def close_poll(
    poll_id: uuid.UUID, _: Secretariat, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    """Close the poll with its tally; adopted, the decision is recorded with it. A secret poll's
    ballot box is opened and checked against the voter roll, and its ballots published in
    shuffled order; a box that fails the check (409 ``ballot_box_mismatch``, naming what
    failed) publishes nothing and leaves the poll open, and the check is recorded either way.
    A closed poll answers 409 ``poll_not_open``."""
    command = ClosePoll(
        poll_id, _now(commands.platform), commands.platform.clock.today(), parse_if_match(if_match)
    )
    box = commands.platform.part(BallotBox)
    return await polls.closing(
        lambda: commands.execute(
            functools.partial(polls.close_poll, box=box), command, _poll_state
        ),
        commands.platform.runner,
        box,
        poll_id,
        commands.actor,
    )


@polls_router.get("/v1/polls/{poll_id}", response_model=PollResult)
async def get_poll(poll_id: uuid.UUID, platform: PlatformDep) -> PollResult:
    """A poll's result (public): counts; and each member's vote for a roll-call poll."""
    async with platform.sessions() as db:
        row = await projections.polls.poll(db, poll_id, _now(platform))
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
        if await projections.polls.poll(db, poll_id, _now(platform)) is None:
            raise NotFound(None, resource="poll", id=str(poll_id))
        rows = await projections.polls.published_ballots(db, poll_id)
    return [PublishedBallotView.model_validate(r) for r in rows]


@polls_router.post("/v1/polls/{poll_id}/ballots/lookup", response_model=PublishedBallotView)
async def look_up_published_ballot(
    poll_id: uuid.UUID, body: ReceiptLookup, platform: PlatformDep
) -> PublishedBallotView:
    """A voter checks their receipt, sent in the body: their ballot as counted (404 until the
    close). Never in the URL: access logs keep URLs, and a receipt next to anything that names
    the voter would pair them with their published choice."""
    async with platform.sessions() as db:
        row = await projections.polls.published_ballot(db, poll_id, body.receipt)
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
        rows = await projections.polls.session_polls(db, session_id, _now(platform))
    return [PollResult.model_validate(r) for r in rows]


@polls_router.get("/v1/members/{member_id}/votes", response_model=list[RecordEntry])
async def voting_record(
    member_id: uuid.UUID, actor: CurrentActor, platform: PlatformDep
) -> list[RecordEntry]:
    """A member's voting record in open and roll-call polls: all of it for the member,
    officials and auditors; roll-call polls only for anyone else."""
    full = bool(actor.roles & RECORD_READERS) or actor.subject == str(member_id)
    async with platform.sessions() as db:
        rows = await projections.polls.voting_record(db, member_id, roll_call_only=not full)
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
        rows = await projections.polls.decisions(
            db, session_id=session_id, kind=kind, assembly=assembly, limit=limit, offset=offset
        )
    return [DecisionView.model_validate(r) for r in rows]


@decisions_router.get("/{decision_id}", response_model=DecisionView)
async def get_decision(decision_id: uuid.UUID, platform: PlatformDep) -> DecisionView:
    async with platform.sessions() as db:
        row = await projections.polls.decision(db, decision_id)
    if row is None:
        raise NotFound(None, resource="decision", id=str(decision_id))
    return DecisionView.model_validate(row)


@decisions_router.post("/{decision_id}/publication", response_model=CommandState)
async def record_publication(
    decision_id: uuid.UUID, body: PublicationRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """The publication record of an adopted Address: outlet and date, once."""
    today = commands.platform.clock.today()
    command = RecordAddressPublication(decision_id, body.outlet, body.published_on or today, today)
    return await commands.execute(polls.record_address_publication, command, _poll_state)


ROUTERS = (polls_router, decisions_router)
