"""Meeting and written-poll command handlers: one unit of work per command, one append to one
stream.

Handlers read the composition (the consumer's projection of membership) and pass its numbers to
the pure domain: how many Council members there are on the meeting's day, whether one is. A
regional assembly's council counts the holders of ``regional_council_member`` in
``regional_assembly.<region>`` (``council_for``). Every command on a meeting or a resolution
is refused to a regional token acting for another assembly (403 ``assembly_scope``,
``shared.assemblies``), before anything else is judged.
A vote at a meeting takes the meeting stream's lock (no write: the append to the resolution's
stream stays the transaction's first write), so attendance cannot change under it.
"""

from __future__ import annotations

import uuid

from sqlalchemy.exc import IntegrityError

from services.council import projections
from services.council.domain.commands import (
    CastPollBallot,
    CloseMeeting,
    ClosePollAtDeadline,
    ConveneMeeting,
    CouncilBody,
    OpenMeeting,
    OpenWrittenPoll,
    PutSenateProposalsOnAgenda,
    RecordAttendance,
    VoteOnItem,
    WithdrawAttendance,
)
from services.council.domain.errors import (
    ItemAlreadyDecided,
    MeetingNotFound,
    ResolutionNotFound,
    SenateProposalNotFound,
    SenateProposalNotPending,
)
from services.council.domain.events import (
    AgendaItem,
    CandidacyReviews,
    Content,
    NamedPerson,
    PersonName,
)
from services.council.domain.meeting import Meeting, convener
from services.council.domain.resolution import Resolution
from services.council.projections import composition, senate
from shared.application import Repository, UnitOfWork, violates
from shared.assemblies import council_post, ensure_may_act_for
from shared.errors import Forbidden, NotFound

meetings = Repository(Meeting)
resolutions = Repository(Resolution)

ONE_VOTE_PER_ITEM = "resolutions_one_per_item"
ONE_AGENDA_PER_PROPOSAL = "senate_proposal_agenda_pkey"


def council_of(meeting: Meeting) -> CouncilBody:
    return CouncilBody(
        assembly=meeting.assembly, body=meeting.body, member_post=council_post(meeting.assembly)
    )


async def _meeting(
    uow: UnitOfWork, meeting_id: uuid.UUID, expected: int | None = None, *, lock: bool = True
) -> Meeting:
    try:
        meeting = await meetings.load(uow, str(meeting_id), expected, lock=lock)
    except NotFound:
        raise MeetingNotFound(None, resource="meeting", id=str(meeting_id)) from None
    ensure_may_act_for(uow.actor, meeting.assembly)
    return meeting


async def _resolution(uow: UnitOfWork, resolution_id: uuid.UUID) -> Resolution:
    try:
        resolution = await resolutions.load(uow, str(resolution_id))
    except NotFound:
        raise ResolutionNotFound(None, resource="resolution", id=str(resolution_id)) from None
    ensure_may_act_for(uow.actor, resolution.assembly)
    return resolution


async def awaiting_review(uow: UnitOfWork, content: Content) -> set[uuid.UUID]:
    if isinstance(content, CandidacyReviews):
        ids = [r.member_id for r in content.reviews]
        return await composition.awaiting_review(uow.db, ids)
    return set()


async def with_names(uow: UnitOfWork, content: Content) -> Content:
    """A candidacy review names each candidate (as membership published the name)."""
    if not isinstance(content, CandidacyReviews):
        return content
    names = await composition.candidacy_names(uow.db, [r.member_id for r in content.reviews])
    reviews = tuple(
        r if r.name is not None or r.member_id not in names
        else r.model_copy(update={"name": PersonName(**names[r.member_id])})
        for r in content.reviews
    )  # fmt: skip
    return content.model_copy(update={"reviews": reviews})


# -- meetings --------------------------------------------------------------------------------


async def convene_meeting(command: ConveneMeeting, uow: UnitOfWork) -> Meeting:
    ensure_may_act_for(uow.actor, command.council.assembly)
    meeting = Meeting.convene(
        uuid.uuid4(),
        assembly=command.council.assembly,
        body=command.council.body,
        number=command.number,
        held_on=command.held_on,
        place=command.place,
        agenda=command.agenda,
        chair=command.chair,
        convened_by=convener(uow.actor.roles, command.council.assembly),
        consent=command.consent,
        convened_on=command.today,
    )
    await meetings.save(uow, meeting)
    return meeting


async def open_meeting(command: OpenMeeting, uow: UnitOfWork) -> Meeting:
    meeting = await _meeting(uow, command.meeting_id, command.expected_version)
    assert meeting.held_on is not None
    council = council_of(meeting)
    total = await composition.count_on(uow.db, council.body, council.member_post, meeting.held_on)
    meeting.open(total, command.today)
    await meetings.save(uow, meeting)
    return meeting


async def record_attendance(command: RecordAttendance, uow: UnitOfWork) -> Meeting:
    meeting = await _meeting(uow, command.meeting_id, command.expected_version)
    assert meeting.held_on is not None
    council = council_of(meeting)
    name = await composition.member_on(
        uow.db, council.body, council.member_post, command.member_id, meeting.held_on
    )
    meeting.record_attendance(command.member_id, PersonName(**name) if name else None)
    await meetings.save(uow, meeting)
    return meeting


async def withdraw_attendance(command: WithdrawAttendance, uow: UnitOfWork) -> Meeting:
    meeting = await _meeting(uow, command.meeting_id, command.expected_version)
    meeting.withdraw_attendance(command.member_id)
    await meetings.save(uow, meeting)
    return meeting


async def vote_on_item(command: VoteOnItem, uow: UnitOfWork) -> Resolution:
    meeting = await _meeting(uow, command.meeting_id)  # locked, read only
    content = await with_names(uow, command.content)
    resolution = Resolution.vote_at_meeting(
        uuid.uuid4(),
        meeting,
        command.item_id,
        command.text,
        content,
        command.counts,
        item_decided=await projections.meetings.item_decided(
            uow.db, command.meeting_id, command.item_id
        ),
        awaiting_review=await awaiting_review(uow, content),
    )
    try:
        await resolutions.save(uow, resolution)
    except IntegrityError as exc:  # a concurrent vote on the same item
        if violates(exc, ONE_VOTE_PER_ITEM):
            raise ItemAlreadyDecided(None, item_id=str(command.item_id)) from exc
        raise
    return resolution


async def close_meeting(command: CloseMeeting, uow: UnitOfWork) -> Meeting:
    """Closed, with the Council members of the day who were absent as named now: the protocol
    states them as the meeting saw them."""
    meeting = await _meeting(uow, command.meeting_id, command.expected_version)
    meeting.close(command.today)
    assert meeting.held_on is not None
    council = council_of(meeting)
    absent = tuple(
        NamedPerson(member_id=m["member_id"], name=PersonName(kk=m["name_kk"], ru=m["name_ru"]))
        for m in await composition.members_on(
            uow.db, council.body, council.member_post, meeting.held_on
        )
        if m["member_id"] not in meeting.present
    )
    meeting.record_absence(absent)
    await meetings.save(uow, meeting)
    return meeting


# -- written polls ---------------------------------------------------------------------------


async def open_written_poll(command: OpenWrittenPoll, uow: UnitOfWork) -> Resolution:
    council = command.council
    ensure_may_act_for(uow.actor, council.assembly)
    electorate = [
        r["member_id"]
        for r in await composition.members_on(
            uow.db, council.body, council.member_post, command.today
        )
    ]
    content = await with_names(uow, command.content)
    resolution = Resolution.open_written_poll(
        uuid.uuid4(),
        assembly=council.assembly,
        body=council.body,
        number=command.number,
        text=command.text,
        content=content,
        opened_on=command.today,
        now=command.now,
        deadline=command.deadline,
        electorate=electorate,
        awaiting_review=await awaiting_review(uow, content),
    )
    await resolutions.save(uow, resolution)
    return resolution


def _member_id(uow: UnitOfWork) -> uuid.UUID:
    try:
        return uuid.UUID(uow.actor.subject)
    except ValueError:
        raise Forbidden(None, reason="members_act_for_themselves") from None


async def cast_poll_ballot(command: CastPollBallot, uow: UnitOfWork) -> Resolution:
    """A Council member votes for themself (the token's subject); ballots queue on the
    resolution's stream (a Council is tens of members)."""
    resolution = await _resolution(uow, command.resolution_id)
    resolution.cast(_member_id(uow), command.choice, command.now, command.today)
    await resolutions.save(uow, resolution)
    return resolution


async def close_poll_at_deadline(command: ClosePollAtDeadline, uow: UnitOfWork) -> Resolution:
    resolution = await _resolution(uow, command.resolution_id)
    resolution.close_at_deadline(command.now, command.today)
    await resolutions.save(uow, resolution)
    return resolution


# -- Senate-candidate proposals on a national meeting's agenda -------------------------------


async def put_senate_proposals_on_agenda(
    command: PutSenateProposalsOnAgenda, uow: UnitOfWork
) -> Meeting:
    """Pending proposals of the regional assemblies (Law 2008 Art. 14) become one item of a
    national meeting's agenda (Reg2024 §13); each goes on one agenda only (a concurrent second
    placement fails on the read model's key)."""
    meeting = await _meeting(uow, command.meeting_id, command.expected_version)
    found = await senate.senate_proposal_statuses(uow.db, command.proposals)
    for proposal_id in command.proposals:
        status = found.get(proposal_id)
        if status is None:
            raise SenateProposalNotFound(None, resource="senate_proposal", id=str(proposal_id))
        if status != "pending":
            raise SenateProposalNotPending(None, proposal_id=str(proposal_id))
    item = AgendaItem(item_id=uuid.uuid4(), title=command.title)
    meeting.put_senate_proposals(item, command.proposals, command.today)
    try:
        await meetings.save(uow, meeting)
    except IntegrityError as exc:
        if violates(exc, ONE_AGENDA_PER_PROPOSAL):
            raise SenateProposalNotPending(None, proposal_id="") from exc
        raise
    return meeting
