"""Council routes: composition, meetings, protocols, written polls and resolutions.

Permissions: the Chairman convenes, and a Deputy Chairman with the
Chairman's consent (Reg2024 §12); the Secretariat runs the meeting (opens and closes it,
records attendance and the Council's votes) and the written poll; Council members vote in a
written poll for themselves (the token's subject); officials and auditors read everything; the
public reads the composition, meetings and resolutions. Protocols: ``protocols.py``.

A regional assembly's council (``assembly``: the region's code; Law 2008 Art. 14) is held the
same way: its regional assembly's token convenes and runs it, for its own assembly only (403
``assembly_scope`` for any other, the national Council included); the Assembly's officials act
for every assembly. Lists carry the assembly and filter by ``?assembly=`` (``national``: the
Assembly's Council under any of its codes).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from services.council import projections
from services.council.api.auth import (
    OFFICIALS,
    Conveners,
    CouncilMember,
    NationalSecretariat,
    Officials,
    OfficialsOrRegional,
    Secretariat,
    SenateProposers,
)
from services.council.api.schemas import (
    ASSEMBLY_PATTERN,
    BODY_PATTERN,
    AssemblyCode,
    AssemblyGap,
    AssemblyGaps,
    AttendanceRequest,
    BallotRequest,
    CandidacyView,
    CommandState,
    Composition,
    ConveneRequest,
    MeetingDetail,
    MeetingGaps,
    MeetingView,
    ResolutionView,
    SenateAgendaRequest,
    SenateProposalRequest,
    SenateProposalView,
    VoteRequest,
    WrittenPollRequest,
    WrittenPollView,
    assembly_on,
)
from services.council.api.schemas import (
    CouncilMember as CouncilMemberView,
)
from services.council.application import meetings as handlers
from services.council.application import senate
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
    SubmitSenateProposal,
    VoteOnItem,
    WithdrawAttendance,
    council_for,
)
from services.council.domain.errors import CouncilBodyMismatch
from services.council.domain.events import AgendaItem
from services.council.domain.meeting import Meeting
from services.council.domain.resolution import Resolution
from services.council.domain.senate import SenateProposal
from services.council.projections import composition
from services.council.projections import senate as senate_read_model
from shared.api.auth import CurrentActor
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.application import JsonDict
from shared.assemblies import (
    REGIONAL_ASSEMBLIES,
    REGIONAL_BODY_KIND,
    body_key,
    scope_of,
)
from shared.bounds import Filter, Offset
from shared.dates import CalendarDay
from shared.errors import NotFound
from shared.rulebooks import NoRulebookInForce, council_quorum, rulebook_on
from shared.rulebooks.registry import NATIONAL_ASSEMBLY
from shared.service import Platform

router = APIRouter(prefix="/v1/council", tags=["council"])

Assembly = Annotated[AssemblyCode, Query(pattern=ASSEMBLY_PATTERN, max_length=40)]
Body = Annotated[str, Query(pattern=BODY_PATTERN, max_length=81)]
AssemblyFilter = Annotated[
    AssemblyCode | None,
    Query(
        pattern=ASSEMBLY_PATTERN,
        max_length=40,
        description="Only this assembly's (``national``: the Assembly's Council, any code);"
        " absent: every assembly's.",
    ),
]


def _council(assembly: str | None, body: str | None, day: date) -> CouncilBody:
    """The council asked for: by its assembly (``apk`` by default), or by its body key alone
    (``council``, ``regional_assembly.<region>``); both given, they must agree."""
    if assembly is None:
        region = (body or "").removeprefix(f"{REGIONAL_BODY_KIND}.")
        assembly = region if region in REGIONAL_ASSEMBLIES else NATIONAL_ASSEMBLY
    council = council_for(assembly_on(assembly, day))
    if body is not None and body != council.body:
        raise CouncilBodyMismatch(assembly, body, body_key(assembly))
    return council


def _now(platform: Platform) -> datetime:
    return platform.clock.now()


def _state(aggregate: Meeting | Resolution | SenateProposal) -> JsonDict:
    """A command's answer: the aggregate's id, version and status."""
    return CommandState(
        id=uuid.UUID(aggregate.id), version=aggregate.version, status=str(aggregate.status)
    ).model_dump(mode="json")


# -- composition -----------------------------------------------------------------------------


@router.get("/composition", response_model=Composition)
async def council_composition(
    platform: PlatformDep,
    as_of: CalendarDay | None = None,
    assembly: Assembly | None = None,
    body: Body | None = None,
) -> Composition:
    """The Council's members on ``as_of`` (today by default), as membership recorded them, and
    the quorum that number gives under the rulebook in force that day (Reg2024 §14); a
    regional assembly's council (``assembly``: the region's code): the holders of
    ``regional_council_member`` in ``regional_assembly.<region>`` (Law 2008 Art. 14)."""
    day = as_of or platform.clock.today()
    council = _council(assembly, body, day)
    async with platform.sessions() as db:
        rows = await composition.members_on(db, council.body, council.member_post, day)
    try:
        verdict = council_quorum(rulebook_on(day, council.assembly), 0, len(rows))
    except NoRulebookInForce:
        verdict = None
    return Composition(
        assembly=council.assembly,
        body=council.body,
        as_of=day,
        total=len(rows),
        quorum_required=verdict.required if verdict else None,
        rulebook=verdict.rulebook if verdict else None,
        rule=verdict.rule if verdict else None,
        members=[CouncilMemberView.model_validate(r) for r in rows],
    )


@router.get("/candidacies", response_model=list[CandidacyView])
async def list_candidacies(
    _: Officials, platform: PlatformDep, awaiting: bool = True
) -> list[CandidacyView]:
    """The candidacies nominated in membership; by default those awaiting review."""
    async with platform.sessions() as db:
        rows = await composition.candidacies(db, awaiting)
    return [CandidacyView.model_validate(r) for r in rows]


# -- meetings --------------------------------------------------------------------------------


@router.post("/meetings", status_code=201, response_model=CommandState)
async def convene_meeting(
    body: ConveneRequest, _: Conveners, commands: CommandsDep
) -> JSONResponse:
    """Convene a Council meeting: the Chairman, or a Deputy Chairman with the Chairman's
    consent recorded (Reg2024 §12); a regional assembly's council by that regional assembly
    (Law 2008 Art. 14)."""
    command = ConveneMeeting(
        council=body.council(body.held_on),
        number=body.number,
        held_on=body.held_on,
        place=body.place,
        agenda=tuple(AgendaItem(item_id=uuid.uuid4(), title=t) for t in body.agenda),
        chair=body.chair,
        consent=body.consent,
        today=commands.platform.clock.today(),
    )
    return await commands.execute(handlers.convene_meeting, command, _state, 201)


@router.post("/meetings/{meeting_id}/opening", response_model=CommandState)
async def open_meeting(
    meeting_id: uuid.UUID, _: Secretariat, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    command = OpenMeeting(meeting_id, commands.platform.clock.today(), parse_if_match(if_match))
    return await commands.execute(handlers.open_meeting, command, _state)


@router.post("/meetings/{meeting_id}/attendance", response_model=CommandState)
async def record_attendance(
    meeting_id: uuid.UUID,
    body: AttendanceRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Record a Council member of the meeting's day as present (Reg2024 §14)."""
    command = RecordAttendance(meeting_id, body.member_id, parse_if_match(if_match))
    return await commands.execute(handlers.record_attendance, command, _state)


@router.post(
    "/meetings/{meeting_id}/attendance/{member_id}/withdrawal", response_model=CommandState
)
async def withdraw_attendance(
    meeting_id: uuid.UUID,
    member_id: uuid.UUID,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = WithdrawAttendance(meeting_id, member_id, parse_if_match(if_match))
    return await commands.execute(handlers.withdraw_attendance, command, _state)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/vote", status_code=201, response_model=CommandState
)
async def vote_on_item(
    meeting_id: uuid.UUID,
    item_id: uuid.UUID,
    body: VoteRequest,
    _: Secretariat,
    commands: CommandsDep,
) -> JSONResponse:
    """Record the Council's vote on an agenda item with quorum (Reg2024 §14); adopted with at
    least two thirds of those present for (Reg2024 §15). Answers the resolution's id."""
    command = VoteOnItem(meeting_id, item_id, body.text, body.content, body.counts)
    return await commands.execute(handlers.vote_on_item, command, _state, 201)


@router.post("/meetings/{meeting_id}/closing", response_model=CommandState)
async def close_meeting(
    meeting_id: uuid.UUID, _: Secretariat, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    command = CloseMeeting(meeting_id, commands.platform.clock.today(), parse_if_match(if_match))
    return await commands.execute(handlers.close_meeting, command, _state)


@router.get("/meetings/gaps", response_model=MeetingGaps)
async def meeting_gaps(
    _: Officials,
    platform: PlatformDep,
    as_of: CalendarDay | None = None,
    assembly: Assembly | None = None,
    body: Body | None = None,
) -> MeetingGaps:
    """Flags the Council not having met for longer than the rulebook allows (six months, Law
    2008 Art. 10), now and between past meetings."""
    day = as_of or platform.clock.today()
    council = _council(assembly, body, day)
    async with platform.sessions() as db:
        result = await projections.meetings.meeting_gaps(db, council.assembly, council.body, day)
    return MeetingGaps.model_validate(result)


@router.get("/meetings/gaps/assemblies", response_model=AssemblyGaps)
async def meeting_gaps_by_assembly(
    actor: OfficialsOrRegional, platform: PlatformDep, as_of: CalendarDay | None = None
) -> AssemblyGaps:
    """The council of each of the 21 assemblies: its last meeting held (closed with quorum)
    on ``as_of`` (today by default) and whether the gap since exceeds the maximum of the
    rulebook in force that day (Law 2008 Art. 10: at least once every six months; a regional
    assembly's rulebook the same, Law 2008 Art. 14). A regional assembly sees its own."""
    day = as_of or platform.clock.today()
    async with platform.sessions() as db:
        rows = await projections.meetings.gaps_by_assembly(db, day)
    scope = scope_of(actor)
    if scope is not None:
        rows = [r for r in rows if r["assembly"] == scope]
    return AssemblyGaps(
        as_of=day,
        assemblies=[AssemblyGap.model_validate(r) for r in rows],
        overdue=sum(1 for r in rows if r["overdue"]),
    )


@router.get("/meetings", response_model=list[MeetingView])
async def list_meetings(
    platform: PlatformDep,
    assembly: AssemblyFilter = None,
    body: Body | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[MeetingView]:
    """Council meetings, latest first, each with its assembly (public)."""
    async with platform.sessions() as db:
        rows = await projections.meetings.meetings(db, assembly, body, limit, offset)
    return [MeetingView.model_validate(r) for r in rows]


@router.get("/meetings/{meeting_id}", response_model=MeetingDetail)
async def get_meeting(meeting_id: uuid.UUID, platform: PlatformDep) -> MeetingDetail:
    async with platform.sessions() as db:
        row = await projections.meetings.meeting(db, meeting_id)
        if row is None:
            raise NotFound(None, resource="meeting", id=str(meeting_id))
        agenda = await projections.meetings.agenda(db, meeting_id)
        attendance = await projections.meetings.attendance(db, meeting_id)
        resolutions = await projections.meetings.meeting_resolutions(db, meeting_id)
    quorum_now = (
        None if row["quorum_required"] is None else row["present"] >= row["quorum_required"]
    )
    return MeetingDetail.model_validate(
        {
            **row,
            "agenda": agenda,
            "attendance": attendance,
            "resolutions": resolutions,
            "quorum_now": quorum_now,
        }
    )


# -- written polls and resolutions -----------------------------------------------------------


@router.post("/written-polls", status_code=201, response_model=CommandState)
async def open_written_poll(
    body: WrittenPollRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Put a question to the Council members by written poll, where the rulebook in force
    provides one (Reg2011 §9; Reg2002 §9); refused under Reg2024 §15."""
    today = commands.platform.clock.today()
    command = OpenWrittenPoll(
        council=body.council(today),
        number=body.number,
        text=body.text,
        content=body.content,
        deadline=body.deadline,
        now=_now(commands.platform),
        today=commands.platform.clock.today(),
    )
    return await commands.execute(handlers.open_written_poll, command, _state, 201)


@router.post("/written-polls/{resolution_id}/ballots", status_code=201, response_model=CommandState)
async def cast_ballot(
    resolution_id: uuid.UUID, body: BallotRequest, _: CouncilMember, commands: CommandsDep
) -> JSONResponse:
    """A Council member votes for themself, once, before the deadline; the ballot after which
    the outcome cannot change closes the poll."""
    command = CastPollBallot(
        resolution_id, body.choice, _now(commands.platform), commands.platform.clock.today()
    )
    return await commands.execute(handlers.cast_poll_ballot, command, _state, 201)


@router.post("/written-polls/{resolution_id}/closing", response_model=CommandState)
async def close_written_poll(
    resolution_id: uuid.UUID, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Close at or after the deadline with the ballots cast."""
    command = ClosePollAtDeadline(
        resolution_id, _now(commands.platform), commands.platform.clock.today()
    )
    return await commands.execute(handlers.close_poll_at_deadline, command, _state)


@router.get("/written-polls/{resolution_id}", response_model=WrittenPollView)
async def get_written_poll(
    resolution_id: uuid.UUID, actor: CurrentActor, platform: PlatformDep
) -> WrittenPollView:
    """The poll's counts (public); each member's ballot for officials and auditors."""
    async with platform.sessions() as db:
        row = await projections.meetings.resolution(db, resolution_id)
        if row is None or row["method"] != "written_poll":
            raise NotFound(None, resource="written_poll", id=str(resolution_id))
        ballots = (
            await projections.meetings.ballots(db, resolution_id)
            if actor.roles & OFFICIALS
            else None
        )
    return WrittenPollView.model_validate({**row, "ballots": ballots})


@router.get("/resolutions", response_model=list[ResolutionView])
async def list_resolutions(
    platform: PlatformDep,
    assembly: AssemblyFilter = None,
    body: Body | None = None,
    kind: Filter | None = None,
    status: Annotated[
        str | None, Query(pattern=r"^(polling|adopted|rejected)$", max_length=8)
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[ResolutionView]:
    """The Council's resolutions, latest first (public)."""
    async with platform.sessions() as db:
        rows = await projections.meetings.resolutions(
            db, assembly=assembly, body=body, kind=kind, status=status, limit=limit,
            offset=offset,
        )  # fmt: skip
    return [ResolutionView.model_validate(r) for r in rows]


@router.get("/resolutions/{resolution_id}", response_model=ResolutionView)
async def get_resolution(resolution_id: uuid.UUID, platform: PlatformDep) -> ResolutionView:
    async with platform.sessions() as db:
        row = await projections.meetings.resolution(db, resolution_id)
    if row is None:
        raise NotFound(None, resource="resolution", id=str(resolution_id))
    return ResolutionView.model_validate(row)


# -- Senate-candidate proposals of the regional assemblies -----------------------------------


@router.post("/senate-proposals", status_code=201, response_model=CommandState)
async def submit_senate_proposal(
    body: SenateProposalRequest, _: SenateProposers, commands: CommandsDep
) -> JSONResponse:
    """A regional assembly proposes a Senate candidate to the Council by its decision (Law 2008
    Art. 14; Reg2024 §13): pending until the Secretariat puts it on a national meeting's
    agenda. Refused on and after 1 July 2026: the Constitution of 2026 leaves no Senate."""
    command = SubmitSenateProposal(
        assembly=body.assembly,
        candidate=body.candidate,
        decision=body.decision,
        today=commands.platform.clock.today(),
    )
    return await commands.execute(senate.submit_senate_proposal, command, _state, 201)


@router.get("/senate-proposals", response_model=list[SenateProposalView])
async def list_senate_proposals(
    platform: PlatformDep,
    assembly: AssemblyFilter = None,
    status: Annotated[str | None, Query(pattern=r"^(pending|on_agenda)$", max_length=9)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> list[SenateProposalView]:
    """The regional assemblies' Senate-candidate proposals (public); ``status=pending``: those
    the Secretariat has yet to put on a national meeting's agenda."""
    async with platform.sessions() as db:
        rows = await senate_read_model.senate_proposals(db, assembly, status, limit, offset)
    return [SenateProposalView.model_validate(r) for r in rows]


@router.post("/meetings/{meeting_id}/senate-proposals", response_model=CommandState)
async def put_senate_proposals_on_agenda(
    meeting_id: uuid.UUID,
    body: SenateAgendaRequest,
    _: NationalSecretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Put pending Senate-candidate proposals on a national meeting's agenda as one item that
    references them (Reg2024 §13; Law 2008 Art. 14); the Council then votes on the item with
    ``senate_candidates`` content. Refused for a regional council, a closed meeting, or on and
    after 1 July 2026 (Constitution 2026)."""
    command = PutSenateProposalsOnAgenda(
        meeting_id,
        body.title,
        tuple(dict.fromkeys(body.proposals)),
        commands.platform.clock.today(),
        parse_if_match(if_match),
    )
    return await commands.execute(handlers.put_senate_proposals_on_agenda, command, _state)
