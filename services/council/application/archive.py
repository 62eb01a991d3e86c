"""The Council's archive vocabulary for the bulk path (``kelisim archive load council``):
meetings and written polls of the past, each from its protocol, judged by the rulebook of its
date, recorded by the same handlers (and checks) as the API.

- ``meeting``: a meeting with its date, place, the members present and of the Council (as the
  protocol states them), its protocol, and its agenda; an item's ``vote``, if any, is recorded
  with it (Reg2024 §14–15; Law 2008 Art. 10; Reg2002 §9);
- ``written_poll``: a poll's counts and protocol (Reg2011 §9; Reg2002 §9; none after Reg2024).
"""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from services.council.application import meetings, records
from services.council.domain.commands import (
    CouncilBody,
    RecordMeeting,
    RecordWrittenPoll,
    VoteOnItem,
)
from services.council.domain.events import (
    COUNCIL_BODY,
    AgendaItem,
    Content,
    ConvenedBy,
    Counts,
    DecisionRef,
    PersonName,
    Text,
    Title,
)
from shared.application import UnitOfWork
from shared.archive.loader import Act
from shared.clock import Clock
from shared.rulebooks.registry import NATIONAL_ASSEMBLY


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")

    assembly: str = Field(default=NATIONAL_ASSEMBLY, pattern=r"^[a-z0-9-]{2,40}$")
    body: str = Field(default=COUNCIL_BODY, pattern=r"^[a-z][a-z0-9_.]{1,80}$")

    def council(self) -> CouncilBody:
        return CouncilBody(assembly=self.assembly, body=self.body)


class Vote(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Text
    content: Content
    counts: Counts


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Title
    vote: Vote | None = None


class MeetingLine(_Line):
    number: str = Field(min_length=1, max_length=100)
    held_on: date
    place: str = Field(min_length=1, max_length=500)
    chair: PersonName | None = None
    convened_by: ConvenedBy = ConvenedBy.CHAIRMAN
    present: int = Field(ge=0)
    council_total: int | None = Field(default=None, ge=1)
    source: DecisionRef
    items: list[Item] = Field(min_length=1, max_length=100)


class WrittenPollLine(_Line):
    number: str = Field(min_length=1, max_length=100)
    text: Text
    content: Content
    held_on: date
    counts: Counts
    council_total: int | None = Field(default=None, ge=1)
    source: DecisionRef


async def _meeting(line: MeetingLine, uow: UnitOfWork, clock: Clock) -> None:
    agenda = tuple(AgendaItem(item_id=uuid.uuid4(), title=item.title) for item in line.items)
    meeting = await records.record_meeting(
        RecordMeeting(
            council=line.council(), number=line.number, held_on=line.held_on, place=line.place,
            agenda=agenda, chair=line.chair, convened_by=line.convened_by, present=line.present,
            council_total=line.council_total, source=line.source, today=clock.today(),
        ),
        uow,
    )  # fmt: skip
    for entry, item in zip(agenda, line.items, strict=True):
        if item.vote is not None:
            vote = item.vote
            await meetings.vote_on_item(
                VoteOnItem(
                    uuid.UUID(meeting.id), entry.item_id, vote.text, vote.content, vote.counts
                ),
                uow,
            )


async def _written_poll(line: WrittenPollLine, uow: UnitOfWork, clock: Clock) -> None:
    await records.record_written_poll(
        RecordWrittenPoll(
            council=line.council(), number=line.number, text=line.text, content=line.content,
            held_on=line.held_on, counts=line.counts, council_total=line.council_total,
            source=line.source, today=clock.today(),
        ),
        uow,
    )  # fmt: skip


ACTS: dict[str, Act] = {
    "meeting": Act(MeetingLine, _meeting),
    "written_poll": Act(WrittenPollLine, _written_poll),
}
