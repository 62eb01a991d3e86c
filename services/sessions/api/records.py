"""Recording the Session's past from its protocols (the Secretariat): a Session held before,
its votes, and the Session's elections of Mazhilis deputies (2007–2022). Each is judged by the
rulebook in force on its own date; its read model shows its protocol and when it was recorded.
"""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from services.sessions import projections
from services.sessions.api.auth import Secretariat
from services.sessions.api.schemas import (
    CommandState,
    ElectionView,
    RecordElectionRequest,
    RecordSessionRequest,
    RecordVoteRequest,
)
from services.sessions.application import records
from services.sessions.domain.commands import (
    RecordMazhilisElection,
    RecordSession,
    RecordSessionVote,
)
from services.sessions.domain.election import Candidate, Election
from services.sessions.domain.events import (
    AgendaItem,
)
from services.sessions.domain.poll import Poll
from services.sessions.domain.session import Session
from shared.api.deps import CommandsDep, PlatformDep
from shared.application import JsonDict
from shared.errors import NotFound

router = APIRouter(tags=["records"])


def _recorded(aggregate: Session | Poll | Election) -> JsonDict:
    status = getattr(aggregate, "status", None)
    if isinstance(aggregate, Poll):
        status = "adopted" if aggregate.adopted else "rejected"
    state = CommandState(
        id=uuid.UUID(aggregate.id), version=aggregate.version,
        status=str(status) if status is not None else "recorded",
    )  # fmt: skip
    return state.model_dump(mode="json")


@router.post("/v1/sessions/records", status_code=201, response_model=CommandState)
async def record_session(
    body: RecordSessionRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Record a Session held before, from its protocol: its quorum is judged under the
    rulebook in force on its sitting's day (Reg2024 §9; Reg2002 §8)."""
    command = RecordSession(
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
    return await commands.execute(records.record_session, command, _recorded, 201)


@router.post(
    "/v1/sessions/{session_id}/polls/records", status_code=201, response_model=CommandState
)
async def record_vote(
    session_id: uuid.UUID, body: RecordVoteRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Record a vote of a recorded Session, from its protocol: adopted with more than half of
    the members present (Reg2024 §10; Reg2002 §8) under the rulebook of its day."""
    command = RecordSessionVote(
        session_id, body.item_id, body.method, body.motion, body.decision_kind,
        body.votes_for, body.against, body.abstain,
    )  # fmt: skip
    return await commands.execute(records.record_session_vote, command, _recorded, 201)


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
    command = RecordMazhilisElection(
        session_id,
        body.participants,
        tuple(Candidate(c.name, c.votes_for, c.member_id) for c in body.candidates),
        body.term_from,
        body.term_until,
        body.source,
    )
    return await commands.execute(records.record_mazhilis_election, command, _recorded, 201)


@router.get("/v1/sessions/{session_id}/mazhilis-elections", response_model=list[ElectionView])
async def session_elections(session_id: uuid.UUID, platform: PlatformDep) -> list[ElectionView]:
    """The Session's elections of Mazhilis deputies, with every candidate's votes (public)."""
    async with platform.sessions() as db:
        rows = await projections.elections.session_elections(db, session_id)
    return [ElectionView.model_validate(r) for r in rows]


@router.get("/v1/mazhilis-elections/{election_id}", response_model=ElectionView)
async def get_election(election_id: uuid.UUID, platform: PlatformDep) -> ElectionView:
    async with platform.sessions() as db:
        row = await projections.elections.election(db, election_id)
    if row is None:
        raise NotFound(None, resource="election", id=str(election_id))
    return ElectionView.model_validate(row)
