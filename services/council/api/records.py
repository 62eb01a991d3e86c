"""Recording the Council's past from its protocols (the Secretariat): a meeting held before
(its votes are then recorded with ``POST /v1/council/meetings/{id}/items/{item}/vote``, as at a
live meeting) and a written poll held before. Each is judged by the rulebook in force on its
own date; its read model shows its protocol and when it was recorded."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import Field

from services.council.api.auth import Secretariat
from services.council.api.schemas import CommandState, CouncilIn
from services.council.application import records
from services.council.domain.commands import (
    RecordMeeting,
    RecordWrittenPoll,
)
from services.council.domain.events import (
    AgendaItem,
    Content,
    ConvenedBy,
    Counts,
    DecisionRef,
    PersonName,
    Text,
    Title,
)
from services.council.domain.meeting import Meeting
from services.council.domain.resolution import Resolution
from shared.api.deps import CommandsDep
from shared.application import JsonDict
from shared.dates import CalendarDay

router = APIRouter(prefix="/v1/council", tags=["council records"])

Count = Annotated[int, Field(ge=0, le=100_000)]


class RecordMeetingRequest(CouncilIn):
    number: str = Field(min_length=1, max_length=100, description="The protocol's number.")
    held_on: CalendarDay
    place: str = Field(min_length=1, max_length=500)
    agenda: list[Title] = Field(min_length=1, max_length=100)
    chair: PersonName | None = None
    convened_by: ConvenedBy = ConvenedBy.CHAIRMAN
    present: Count = Field(description="The members present, as the protocol states.")
    council_total: Annotated[int, Field(ge=1, le=100_000)] | None = Field(
        default=None,
        description="The Council's members that day as the protocol states; checked against "
        "the composition of the day, which decides when it is known.",
    )
    source: DecisionRef = Field(description="The protocol: its number and date.")


class RecordWrittenPollRequest(CouncilIn):
    number: str = Field(min_length=1, max_length=100)
    text: Text
    content: Content
    held_on: CalendarDay = Field(
        description="The day the poll's result was established: a calendar day in Asia/Almaty."
    )
    counts: Counts
    council_total: Annotated[int, Field(ge=1, le=100_000)] | None = None
    source: DecisionRef


def _recorded(aggregate: Meeting | Resolution) -> JsonDict:
    """A record's answer: the meeting's or the resolution's id, version and status."""
    return CommandState(
        id=uuid.UUID(aggregate.id), version=aggregate.version, status=str(aggregate.status)
    ).model_dump(mode="json")


@router.post("/meetings/records", status_code=201, response_model=CommandState)
async def record_meeting(
    body: RecordMeetingRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Record a meeting held before, from its protocol: its quorum is judged under the rulebook
    in force on its date (Reg2024 §14; Law 2008 Art. 10; Reg2002 §9)."""
    command = RecordMeeting(
        council=body.council(body.held_on),
        number=body.number,
        held_on=body.held_on,
        place=body.place,
        agenda=tuple(AgendaItem(item_id=uuid.uuid4(), title=t) for t in body.agenda),
        chair=body.chair,
        convened_by=body.convened_by,
        present=body.present,
        council_total=body.council_total,
        source=body.source,
        today=commands.platform.clock.today(),
    )
    return await commands.execute(records.record_meeting, command, _recorded, 201)


@router.post("/written-polls/records", status_code=201, response_model=CommandState)
async def record_written_poll(
    body: RecordWrittenPollRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Record a written poll held before, from its protocol: adopted with at least two thirds
    of ALL the Council's members that day (Reg2011 §9; Reg2002 §9); refused where the rulebook
    of its date has no written poll (Reg2024 §15)."""
    command = RecordWrittenPoll(
        council=body.council(body.held_on),
        number=body.number,
        text=body.text,
        content=body.content,
        held_on=body.held_on,
        counts=body.counts,
        council_total=body.council_total,
        source=body.source,
        today=commands.platform.clock.today(),
    )
    return await commands.execute(records.record_written_poll, command, _recorded, 201)
