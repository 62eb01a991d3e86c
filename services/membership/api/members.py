"""The Member's resources: candidacies, memberships, the roster and the composition on any
day. Thin routes: validate, authorise, make one call, shape the answer."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response

from services.membership.api.auth import (
    Decider,
    DeciderOrMember,
    DeputyChairmen,
    OfficialsOrRegional,
    Recorder,
    Secretariat,
)
from services.membership.api.schemas import (
    CODE_PATTERN,
    ApproveRequest,
    AssembliesComposition,
    CorrectNameRequest,
    CouncilReviewRequest,
    EndMembershipRequest,
    HistoryEntry,
    IncludeMemberRequest,
    MemberPublicView,
    MemberState,
    MemberView,
    NominateRequest,
    PersonIn,
    RejectRequest,
    Roster,
    SubmitRequest,
)
from services.membership.application import members
from services.membership.domain.commands import (
    ApproveCandidacy,
    CorrectMemberName,
    EndMembership,
    IncludeMember,
    NominateCandidate,
    RecordCouncilReview,
    RejectCandidacy,
    SubmitCandidacy,
)
from services.membership.domain.events import Person, ReviewSource, registry
from services.membership.domain.iin import mask_iin
from services.membership.domain.member import Member, check_assembly
from services.membership.projections import members as members_read_model
from shared.api.auth import CurrentActor
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.application import JsonDict
from shared.assemblies import ASSEMBLIES, NATIONAL, ensure_may_act_for, scope_of
from shared.bounds import Offset
from shared.context import Actor
from shared.dates import CalendarDay
from shared.errors import NotFound

members_router = APIRouter(prefix="/v1/members", tags=["members"])
candidacies_router = APIRouter(prefix="/v1/candidacies", tags=["candidacies"])
roster_router = APIRouter(tags=["roster"])


# Who reads more than names, regions and posts: the Assembly's officials and auditors.
FULL_VIEW_ROLES = frozenset({"chairman", "deputy_chairman", "secretariat", "auditor"})

Code = Annotated[str | None, Query(pattern=CODE_PATTERN, max_length=40)]
AssemblyFilter = Annotated[
    str | None,
    Query(
        pattern=CODE_PATTERN,
        max_length=40,
        description="Only this assembly's: `national` or a region's code.",
        json_schema_extra={"enum": list(ASSEMBLIES)},
    ),
]


Format = Annotated[
    Literal["json", "csv"],
    Query(alias="format", description="`csv`: the rows as CSV (UTF-8 with a byte-order mark)."),
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(rows: Sequence[MemberView | MemberPublicView], name: str) -> Response:
    """Rows as CSV, one column per field of the caller's view (the ``assembly`` included),
    UTF-8 with a byte-order mark so that spreadsheets read Kazakh letters."""
    columns = list(type(rows[0]).model_fields) if rows else list(MemberPublicView.model_fields)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(getattr(row, column)) for column in columns])
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def _assembly(value: str | None) -> str | None:
    """A membership's assembly (``national`` or a region's code), or 422
    ``unknown_assembly``."""
    if value is not None:
        check_assembly(value)
    return value


def _person(body: PersonIn) -> Person:
    return Person(name=body.name, iin=body.iin, gender=body.gender, ethnic_group=body.ethnic_group)


def _view(actor: Actor, row: dict[str, Any]) -> MemberView | MemberPublicView:
    if actor.roles & FULL_VIEW_ROLES:
        return MemberView.model_validate(row)
    return MemberPublicView.model_validate(row)


def _state(member: Member) -> JsonDict:
    """A command's answer: the member's id, stream version and status."""
    state = MemberState(
        member_id=uuid.UUID(member.id), version=member.version, status=str(member.status)
    )
    return state.model_dump(mode="json")


# -- candidacies ---------------------------------------------------------------------------


@candidacies_router.post("", status_code=201, response_model=MemberState)
async def nominate_candidate(
    body: NominateRequest, _: Recorder, commands: CommandsDep
) -> JSONResponse:
    """Record a nomination by a nominating body's decision (Reg2002 §14), for the Assembly or
    (``assembly``) for a regional assembly, whose own secretariat may record it (Law 2008
    Art. 14)."""
    command = NominateCandidate(
        _person(body.person),
        body.region,
        body.category,
        body.association_id,
        body.route,
        body.nominating_region,
        body.decision,
        body.nominated_on,
        body.assembly,
    )
    return await commands.execute(members.nominate_candidate, command, _state, 201)


@candidacies_router.post("/{member_id}/council-review", response_model=MemberState)
async def record_council_review(
    member_id: uuid.UUID,
    body: CouncilReviewRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Back-fill the Council's review from its protocol (Reg2024 §13.2). Normally the review
    arrives with the Council's resolution on ``kelisim.council.v1``."""
    command = RecordCouncilReview(
        member_id,
        body.recommended,
        body.protocol,
        ReviewSource.SECRETARIAT_BACKFILL,
        None,
        parse_if_match(if_match),
    )
    return await commands.execute(members.record_council_review, command, _state)


@candidacies_router.post("/{member_id}/submission", response_model=MemberState)
async def submit_candidacy(
    member_id: uuid.UUID,
    body: SubmitRequest,
    _: DeputyChairmen,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """The Deputy Chairmen present a recommended candidacy to the Chairman (Reg2002 §14)."""
    command = SubmitCandidacy(member_id, body.submitted_on, body.decision, parse_if_match(if_match))
    return await commands.execute(members.submit_candidacy, command, _state)


@candidacies_router.post("/{member_id}/approval", response_model=MemberState)
async def approve_candidacy(
    member_id: uuid.UUID,
    body: ApproveRequest,
    _: Decider,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """The Chairman approves a submitted candidacy: the person becomes a member. A regional
    candidacy is approved by its regional assembly's decision, recorded by its secretariat
    (Law 2008 Art. 14)."""
    command = ApproveCandidacy(
        member_id, body.decision, body.effective_on, parse_if_match(if_match)
    )
    return await commands.execute(members.approve_candidacy, command, _state)


@candidacies_router.post("/{member_id}/rejection", response_model=MemberState)
async def reject_candidacy(
    member_id: uuid.UUID,
    body: RejectRequest,
    _: Decider,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """The Chairman rejects a candidacy presented to him (Reg2002 §14); a regional assembly
    rejects a candidacy for itself by its decision (Law 2008 Art. 14)."""
    command = RejectCandidacy(member_id, body.decision, body.rejected_on, parse_if_match(if_match))
    return await commands.execute(members.reject_candidacy, command, _state)


@candidacies_router.get("/waiting")
async def list_waiting_candidacies(
    actor: OfficialsOrRegional, platform: PlatformDep, assembly: AssemblyFilter = None
) -> dict[str, list[MemberView]]:
    """Candidacies waiting at each step: the Council's review, submission, the Chairman's
    decision (the Assembly's), a regional assembly's decision (a regional candidacy's). A
    regional assembly's secretariat sees its own assembly's only."""
    of = _assembly(assembly)
    if (scope := scope_of(actor)) is not None:
        ensure_may_act_for(actor, of or scope)
        of = scope
    async with platform.sessions() as db:
        steps = await members_read_model.candidacies_waiting(db, of)
    return {step: [MemberView.model_validate(r) for r in rows] for step, rows in steps.items()}


# -- members -------------------------------------------------------------------------------


@members_router.post("", status_code=201, response_model=MemberState)
async def include_member(
    body: IncludeMemberRequest, _: Decider, commands: CommandsDep
) -> JSONResponse:
    """The Chairman includes a person in the Assembly at his discretion, without nomination
    (Reg2002 §14); a regional assembly's secretariat records its assembly's decision including
    a person (``assembly``: the region's code; Law 2008 Art. 14). The same person (IIN) gets
    the same ``person_id`` in every assembly."""
    command = IncludeMember(
        _person(body.person),
        body.region,
        body.category,
        body.decision,
        body.effective_on,
        body.association_id,
        assembly=body.assembly,
    )
    return await commands.execute(members.include_member, command, _state, 201)


@members_router.post("/{member_id}/end", response_model=MemberState)
async def end_membership(
    member_id: uuid.UUID,
    body: EndMembershipRequest,
    _: DeciderOrMember,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """End a membership: by the Chairman on a ground, or by the member's own wish (Reg2002 §20);
    a regional membership by its regional assembly's decision, recorded by its secretariat
    (Law 2008 Art. 14), also when the member moved permanently to another region
    (``moved_to_another_region``, Law 2008 Art. 17: refused for the Assembly's membership)."""
    command = EndMembership(
        member_id, body.ground, body.effective_on, body.decision, parse_if_match(if_match)
    )
    return await commands.execute(members.end_membership, command, _state)


@members_router.post("/{member_id}/name-corrections", response_model=MemberState)
async def correct_name(
    member_id: uuid.UUID,
    body: CorrectNameRequest,
    _: Recorder,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Correct a member's name; the history keeps every earlier spelling. A regional
    assembly's secretariat corrects its own members' names only."""
    command = CorrectMemberName(member_id, body.name, body.reason, parse_if_match(if_match))
    return await commands.execute(members.correct_member_name, command, _state)


@members_router.get(
    "",
    response_model=list[MemberView] | list[MemberPublicView],
    responses={200: {"content": {"text/csv": {"schema": {"type": "string"}}}}},
)
async def list_members(
    actor: CurrentActor,
    platform: PlatformDep,
    region: Code = None,
    ethnic_group: Code = None,
    association_id: uuid.UUID | None = None,
    category: Code = None,
    status: Literal["nominated", "reviewed", "submitted", "rejected", "active", "ended"]
    | None = None,
    assembly: AssemblyFilter = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[MemberView] | list[MemberPublicView] | Response:
    """Candidacies and memberships of every assembly (``assembly``: of one), each with the
    assembly it is of; ``format=csv`` for a spreadsheet."""
    async with platform.sessions() as db:
        rows = await members_read_model.list_members(
            db,
            region=region,
            ethnic_group=ethnic_group,
            association_id=association_id,
            category=category,
            status=status,
            assembly=_assembly(assembly),
            limit=limit,
            offset=offset,
        )
    views = [_view(actor, r) for r in rows]
    if fmt == "csv":
        return _csv(views, f"members-{assembly or 'all'}")
    return views


@members_router.get("/{member_id}", response_model=MemberView | MemberPublicView)
async def get_member(
    member_id: uuid.UUID, actor: CurrentActor, platform: PlatformDep
) -> MemberView | MemberPublicView:
    async with platform.sessions() as db:
        row = await members_read_model.get_member(db, member_id)
    if row is None:
        raise NotFound(None, resource="member", id=str(member_id))
    return _view(actor, row)


@members_router.get("/{member_id}/history", response_model=list[HistoryEntry])
async def member_history(
    member_id: uuid.UUID, actor: CurrentActor, platform: PlatformDep
) -> list[HistoryEntry]:
    """Every step of a candidacy and membership, from its events. Personal fields appear
    only to auditors, and the IIN only masked."""
    async with platform.sessions() as db:
        events = await platform.store.read_stream(db, f"member-{member_id}")
    if not events:
        raise NotFound(None, resource="member", id=str(member_id))
    entries = []
    for event in events:
        if "auditor" in actor.roles:
            data = dict(event.data)
            if data.get("iin"):
                data["iin"] = mask_iin(data["iin"])
        else:
            data = registry.public_data(event.event_type, event.data)
        entries.append(
            HistoryEntry(
                version=event.version,
                event_type=event.event_type,
                recorded_at=event.recorded_at.isoformat(),
                actor=str(event.metadata.get("actor")),
                data=data,
            )
        )
    return entries


# -- the roster on a date ------------------------------------------------------------------


@roster_router.get("/v1/roster", response_model=Roster)
async def get_roster(
    actor: CurrentActor,
    platform: PlatformDep,
    as_of: CalendarDay | None = None,
    region: Code = None,
    ethnic_group: Code = None,
    association_id: uuid.UUID | None = None,
    category: Code = None,
    assembly: AssemblyFilter = None,
) -> Roster:
    """The members of the Assembly (``assembly``: of that assembly) on ``as_of`` (today by
    default), from the effective dates. Regional members are never on the national roster."""
    day = as_of or platform.clock.today()
    of = _assembly(assembly) or NATIONAL
    async with platform.sessions() as db:
        rows = await members_read_model.roster(
            db,
            day,
            region=region,
            ethnic_group=ethnic_group,
            association_id=association_id,
            category=category,
            assembly=of,
        )
    views = [_view(actor, r) for r in rows]
    return Roster(as_of=day, assembly=of, total=len(views), members=views)


@roster_router.get("/v1/composition")
async def get_composition(
    platform: PlatformDep, as_of: CalendarDay | None = None, assembly: AssemblyFilter = None
) -> dict[str, Any]:
    """Counts and shares of the Assembly's roster (``assembly``: of that assembly's) on
    ``as_of`` by region, ethnic group, category, sex."""
    async with platform.sessions() as db:
        return await members_read_model.composition(
            db, as_of or platform.clock.today(), _assembly(assembly) or NATIONAL
        )


@roster_router.get("/v1/assemblies/composition", response_model=AssembliesComposition)
async def get_assemblies_composition(
    platform: PlatformDep, on: CalendarDay | None = None
) -> AssembliesComposition:
    """The composition of every assembly on ``on``: its members, its chair of the day (a
    regional assembly's is the akim, Law 2008 Art. 14) and its council's size; and the totals
    across them, each natural person counted once however many assemblies they are in."""
    async with platform.sessions() as db:
        found = await members_read_model.assemblies_composition(db, on or platform.clock.today())
    return AssembliesComposition.model_validate(found)


ROUTERS = (members_router, candidacies_router, roster_router)
