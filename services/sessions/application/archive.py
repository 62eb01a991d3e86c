"""The Sessions' archive vocabulary for the bulk path (``kelisim archive load sessions``):
Sessions of the past, each from its protocol, with their votes and their elections of Mazhilis
deputies, judged by the rulebook of their date and recorded by the same handlers (and checks)
as the API.

- ``session``: its sitting's day, place, kind, the members present and on the roster (as the
  protocol states them), its protocol, its agenda with each item's ``votes`` (Reg2024 §9–10;
  Reg2002 §8), and its ``mazhilis_elections`` (2007–2022: Reg2011 §8; Election Law Art. 9).
"""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.sessions.application import records
from services.sessions.domain.commands import (
    RecordMazhilisElection,
    RecordSession,
    RecordSessionVote,
)
from services.sessions.domain.election import Candidate
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
from shared.application import UnitOfWork
from shared.archive.loader import Act
from shared.clock import Clock
from shared.rulebooks.registry import NATIONAL_ASSEMBLY


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Vote(_Part):
    method: VoteMethod = VoteMethod.OPEN
    motion: Motion
    decision_kind: DecisionKind = DecisionKind.OTHER
    votes_for: int = Field(ge=0)
    against: int = Field(ge=0)
    abstain: int = Field(ge=0)


class Item(_Part):
    title: Title
    votes: list[Vote] = Field(default_factory=list, max_length=50)


class CandidateIn(_Part):
    name: PersonName
    member_id: uuid.UUID | None = None
    votes_for: int = Field(ge=0)


class Election(_Part):
    participants: int = Field(ge=0)
    candidates: list[CandidateIn] = Field(min_length=1, max_length=100)
    term_from: date
    term_until: date | None = None
    source: SourceDocument


class SessionLine(_Part):
    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=r"^[a-z0-9_-]{2,40}$")
    kind: SessionKind = SessionKind.REGULAR
    sitting_on: date
    place: str = Field(min_length=1, max_length=500)
    present: int = Field(ge=0)
    roster_total: int | None = Field(default=None, ge=1)
    source: SourceDocument
    items: list[Item] = Field(min_length=1, max_length=100)
    mazhilis_elections: list[Election] = Field(default_factory=list, max_length=5)


async def _session(line: SessionLine, uow: UnitOfWork, clock: Clock) -> None:
    agenda = tuple(AgendaItem(item_id=uuid.uuid4(), title=item.title) for item in line.items)
    session = await records.record_session(
        RecordSession(
            kind=line.kind, sitting_on=line.sitting_on, place=line.place, agenda=agenda,
            present=line.present, roster_total=line.roster_total, source=line.source,
            today=clock.today(), assembly=line.assembly,
        ),
        uow,
    )  # fmt: skip
    session_id = uuid.UUID(session.id)
    for entry, item in zip(agenda, line.items, strict=True):
        for vote in item.votes:
            await records.record_session_vote(
                RecordSessionVote(
                    session_id, entry.item_id, vote.method, vote.motion, vote.decision_kind,
                    vote.votes_for, vote.against, vote.abstain,
                ),
                uow,
            )  # fmt: skip
    for election in line.mazhilis_elections:
        await records.record_mazhilis_election(
            RecordMazhilisElection(
                session_id, election.participants,
                tuple(Candidate(c.name, c.votes_for, c.member_id) for c in election.candidates),
                election.term_from, election.term_until, election.source,
            ),
            uow,
        )  # fmt: skip


ACTS: dict[str, Act] = {"session": Act(SessionLine, _session)}
