"""Recording the Council's past: meetings and written polls held before they were entered
here, each from its protocol, judged by the rulebook in force on its own date.

The number of Council members that day comes from the composition (membership's record of the
Council's members) when it knows the day; the protocol's own figure is checked against it, and
stands in for it when the composition of that day was never loaded. The votes of a recorded
meeting are recorded after it by the same command as a live meeting's
(``meetings.vote_on_item``): the meeting's recorded quorum stands for its attendance.
"""

from __future__ import annotations

import uuid
from datetime import date

from services.council.application.meetings import (
    awaiting_review,
    meetings,
    resolutions,
    with_names,
)
from services.council.domain.commands import CouncilBody, RecordMeeting, RecordWrittenPoll
from services.council.domain.errors import CouncilTotalDiffers, CouncilTotalUnknown
from services.council.domain.meeting import Meeting
from services.council.domain.resolution import Resolution
from services.council.projections import composition
from shared.application import UnitOfWork
from shared.assemblies import ensure_may_act_for


async def council_total_on(
    uow: UnitOfWork, council: CouncilBody, day: date, stated: int | None
) -> int:
    """The Council's members on ``day``: the composition's count, which the protocol's figure
    must match; the protocol's figure where the composition has nobody that day."""
    known = await composition.count_on(uow.db, council.body, council.member_post, day)
    if known and stated is not None and stated != known:
        raise CouncilTotalDiffers(stated, known, day)
    total = known or stated
    if not total:
        raise CouncilTotalUnknown(day)
    return total


async def record_meeting(command: RecordMeeting, uow: UnitOfWork) -> Meeting:
    council = command.council
    ensure_may_act_for(uow.actor, council.assembly)
    meeting = Meeting.record(
        uuid.uuid4(),
        assembly=council.assembly,
        body=council.body,
        number=command.number,
        held_on=command.held_on,
        place=command.place,
        agenda=command.agenda,
        chair=command.chair,
        convened_by=command.convened_by,
        present=command.present,
        council_total=await council_total_on(uow, council, command.held_on, command.council_total),
        source=command.source,
        today=command.today,
    )
    await meetings.save(uow, meeting)
    return meeting


async def record_written_poll(command: RecordWrittenPoll, uow: UnitOfWork) -> Resolution:
    council = command.council
    ensure_may_act_for(uow.actor, council.assembly)
    content = await with_names(uow, command.content)
    resolution = Resolution.record_written_poll(
        uuid.uuid4(),
        assembly=council.assembly,
        body=council.body,
        number=command.number,
        text=command.text,
        content=content,
        held_on=command.held_on,
        counts=command.counts,
        council_total=await council_total_on(uow, council, command.held_on, command.council_total),
        source=command.source,
        today=command.today,
        awaiting_review=await awaiting_review(uow, content),
    )
    await resolutions.save(uow, resolution)
    return resolution
