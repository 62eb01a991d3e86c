"""Recording the Session's past from its protocols (the Secretariat): a Session held before,
its votes, and the Session's elections of Mazhilis deputies (2007–2022). Each is judged by the
rulebook in force on its own date; its read model shows its protocol and when it was recorded.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, computed_field

from services.sessions.api import messages, messages_records  # noqa: F401  (registers them)
from services.sessions.api.schemas import ASSEMBLY_PATTERN, CommandState
from services.sessions.application import records
from services.sessions.domain import commands as c
from services.sessions.domain.election import Candidate, Election
from services.sessions.domain.events import (
    AgendaItem,
    DecisionKind,
    Motion,
    PersonName,
    SessionKind,
    SourceDocument,
    Title,
    VoteMethod,
)
from services.sessions.domain.poll import Poll
from services.sessions.domain.session import Session
from services.sessions.projections import elections as queries
from shared.api.auth import require_roles
from shared.api.deps import CommandsDep, PlatformDep
from shared.application import CommandResult, UnitOfWork
from shared.assemblies import REGIONAL_ROLE
from shared.context import Actor
from shared.dates import CalendarDay, Instant
from shared.errors import NotFound
from shared.rulebooks import provisional as provisional_verdict
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

router = APIRouter(tags=["records"])

Secretariat = Annotated[Actor, Depends(require_roles("secretariat", REGIONAL_ROLE))]
"""The Secretariat, or a regional assembly's token for its own assembly's Sessions."""
Count = Annotated[int, Field(ge=0, le=100_000)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RecordSessionRequest(_Request):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=ASSEMBLY_PATTERN)
    kind: SessionKind = SessionKind.REGULAR
    sitting_on: CalendarDay
    place: str = Field(min_length=1, max_length=500)
    agenda: list[Title] = Field(min_length=1, max_length=100)
    present: Count = Field(description="The members present, as the protocol states.")
    roster_total: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None,
        description="All members that day as the protocol states; checked against the roster "
        "of the day, which decides when it is known.",
    )
    source: SourceDocument = Field(description="The protocol: its number and date.")


class RecordVoteRequest(_Request):
    item_id: uuid.UUID
    method: VoteMethod
    motion: Motion
    decision_kind: DecisionKind = DecisionKind.OTHER
    votes_for: Count
    against: Count
    abstain: Count


class CandidateIn(_Request):
    name: PersonName
    member_id: uuid.UUID | None = None
    votes_for: Count


class RecordElectionRequest(_Request):
    participants: Count = Field(description="The members who took part in the vote.")
    candidates: list[CandidateIn] = Field(min_length=1, max_length=100)
    term_from: CalendarDay
    term_until: CalendarDay | None = None
    source: SourceDocument = Field(description="The counting commission's protocol.")


class CandidateView(BaseModel):
    name_kk: str
    name_ru: str
    member_id: uuid.UUID | None
    votes_for: int
    elected: bool


class ElectionView(BaseModel):
    election_id: uuid.UUID
    session_id: uuid.UUID
    assembly: str
    sitting_on: CalendarDay
    participants: int
    seats: int
    required: int = Field(description="The votes for a candidate needs to be elected.")
    rulebook: str
    rule: str
    majority_rule: str
    term_from: CalendarDay
    term_until: CalendarDay | None
    source_number: str
    source_date: CalendarDay
    recorded_at: Instant
    candidates: list[CandidateView]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def provisional(self) -> bool:
        """The seats applied are a provisional value (not yet in a legal text at hand)."""
        return provisional_verdict(self.rulebook, self.rule)


async def _run(
    commands: CommandsDep,
    work: Callable[[Any, UnitOfWork], Awaitable[Session | Poll | Election]],
    command: object,
) -> JSONResponse:
    async def unit(uow: UnitOfWork) -> CommandResult:
        aggregate = await work(command, uow)
        status = getattr(aggregate, "status", None)
        if isinstance(aggregate, Poll):
            status = "adopted" if aggregate.adopted else "rejected"
        state = CommandState(
            id=uuid.UUID(aggregate.id), version=aggregate.version,
            status=str(status) if status is not None else "recorded",
        )  # fmt: skip
        return CommandResult(201, state.model_dump(mode="json"))

    return await commands.run(unit)


@router.post("/v1/sessions/records", status_code=201, response_model=CommandState)
async def record_session(
    body: RecordSessionRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Record a Session held before, from its protocol: its quorum is judged under the
    rulebook in force on its sitting's day (Reg2024 §9; Reg2002 §8)."""
    command = c.RecordSession(
        kind=body.kind,
        sitting_on=body.sitting_on,
        place=body.place,
        agenda=tuple(AgendaItem(item_id=uuid.uuid4(), title=t) for t in body.agenda),
        present=body.present,
        roster_total=body.roster_total,
        source=body.source,
        today=commands.platform.clock.today(),
        assembly=body.assembly,
    )
    return await _run(commands, records.record_session, command)


@router.post(
    "/v1/sessions/{session_id}/polls/records", status_code=201, response_model=CommandState
)
async def record_vote(
    session_id: uuid.UUID, body: RecordVoteRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Record a vote of a recorded Session, from its protocol: adopted with more than half of
    the members present (Reg2024 §10; Reg2002 §8) under the rulebook of its day."""
    command = c.RecordSessionVote(
        session_id, body.item_id, body.method, body.motion, body.decision_kind,
        body.votes_for, body.against, body.abstain,
    )  # fmt: skip
    return await _run(commands, records.record_session_vote, command)


@router.post(
    "/v1/sessions/{session_id}/mazhilis-elections", status_code=201, response_model=CommandState
)
async def record_mazhilis_election(
    session_id: uuid.UUID, body: RecordElectionRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Record the Session's election of Mazhilis deputies by secret ballot, as the counting
    protocol gives it: elected with more than half of the votes of those who took part
    (Election Law Art. 9 p. 1), nine seats at most (Reg2011 §8); from 2007 until the
    amendments of 8 Jun 2022 only, refused otherwise citing the change."""
    command = c.RecordMazhilisElection(
        session_id,
        body.participants,
        tuple(Candidate(c.name, c.votes_for, c.member_id) for c in body.candidates),
        body.term_from,
        body.term_until,
        body.source,
    )
    return await _run(commands, records.record_mazhilis_election, command)


@router.get("/v1/sessions/{session_id}/mazhilis-elections", response_model=list[ElectionView])
async def session_elections(session_id: uuid.UUID, platform: PlatformDep) -> list[ElectionView]:
    """The Session's elections of Mazhilis deputies, with every candidate's votes (public)."""
    async with platform.sessions() as db:
        rows = await queries.session_elections(db, session_id)
    return [ElectionView.model_validate(r) for r in rows]


@router.get("/v1/mazhilis-elections/{election_id}", response_model=ElectionView)
async def get_election(election_id: uuid.UUID, platform: PlatformDep) -> ElectionView:
    async with platform.sessions() as db:
        row = await queries.election(db, election_id)
    if row is None:
        raise NotFound(None, resource="election", id=str(election_id))
    return ElectionView.model_validate(row)
