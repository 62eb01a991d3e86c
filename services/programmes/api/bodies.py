"""Working bodies (Reg2024 §20–26) and the Assembly's public structures in the regions
(seed 003), and the people without membership who sit in them.

The Secretariat acts for every body, a regional assembly for its region's structures. A
body's composition on any day: its seats in force; for the Scientific-Expert Council its posts
as membership keeps them, beside the experts it draws on (Reg2024 §22, §24). An expert's IIN
is read only by the Secretariat and auditors, and only masked.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse, Response
from pydantic import Field, model_validator

from services.programmes import projections
from services.programmes.api.auth import Organisers, Readers, Secretariat
from services.programmes.api.common import (
    PRIVATE_READERS,
    CodeQuery,
    CommandAnswer,
    Format,
    Limit,
    Offset,
    Today,
    listing,
    state,
    with_new,
)
from services.programmes.application import bodies, experts
from services.programmes.domain.body import WorkingBody
from services.programmes.domain.commands import (
    ApproveBodyStatute,
    DissolveBody,
    EndSeat,
    EstablishBody,
    FillSeat,
    HoldMeeting,
    RegisterExpert,
)
from services.programmes.domain.events import (
    Act,
    Attachment,
    Authority,
    BodyKind,
    Code,
    DocumentText,
    Line,
    Number,
    PersonName,
    SeatEndGround,
    SeatRole,
    Title,
)
from services.programmes.domain.procedures import procedure_on
from shared.api.auth import CurrentActor
from shared.api.deps import CommandsDep, PlatformDep
from shared.api.schemas import RequestBody
from shared.dates import CalendarDay
from shared.errors import NotFound

router = APIRouter(prefix="/v1/bodies", tags=["bodies"])
experts_router = APIRouter(prefix="/v1/experts", tags=["experts"])


class BodyRequest(RequestBody):
    kind: BodyKind
    name: Title
    region: Code | None = None
    established_on: CalendarDay
    decided_by: Authority
    act: Act


class StatuteRequest(RequestBody):
    text: DocumentText
    attachments: list[Attachment] = Field(default_factory=list, max_length=50)
    approved_on: CalendarDay
    approved_by: Authority
    act: Act


class SeatRequest(RequestBody):
    role: SeatRole
    member_id: uuid.UUID | None = None
    """A member of the Assembly on ``start_on``."""
    expert_id: uuid.UUID | None = None
    """A person without membership (``/v1/experts``)."""
    start_on: CalendarDay
    act: Act

    @model_validator(mode="after")
    def _one(self) -> SeatRequest:
        if (self.member_id is None) == (self.expert_id is None):
            raise ValueError("give either member_id or expert_id")
        return self


class SeatEndRequest(RequestBody):
    end_on: CalendarDay
    ground: SeatEndGround
    act: Act | None = None


class MeetingRequest(RequestBody):
    number: Number
    held_on: CalendarDay
    place: Line
    agenda: list[Title] = Field(min_length=1, max_length=100)
    documents: list[uuid.UUID] = Field(default_factory=list, max_length=100)
    present: int = Field(ge=0, le=10_000)


class DissolutionRequest(RequestBody):
    dissolved_on: CalendarDay
    act: Act


class ExpertRequest(RequestBody):
    name: PersonName
    affiliation: Title | None = None
    citizenship: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "KZ"
    iin: Annotated[str, Field(pattern=r"^[0-9]{12}$")] | None = None
    document: Annotated[str, Field(min_length=1, max_length=50, pattern=r"^[^\x00]*$")] | None = (
        None
    )
    """A foreigner's identity document, where there is no IIN."""


def _state(body: WorkingBody, **extra: Any) -> dict[str, Any]:
    status = "dissolved" if body.dissolved_on is not None else "active"
    return state(body.id, body.version, status, **extra)


@router.post("", status_code=201, response_model=CommandAnswer)
async def establish_body(
    body: BodyRequest, _: Organisers, commands: CommandsDep, day: Today
) -> JSONResponse:
    """Created by the authority the rulebook of ``established_on`` names (Reg2024 §20, §21,
    §24, §25; the regional structures: their region's assembly)."""
    command = EstablishBody(
        body.kind, body.name, body.region, body.established_on, body.decided_by, body.act, day
    )
    return await commands.execute(bodies.establish_body, command, _state, 201)


@router.post("/{body_id}/statutes", response_model=CommandAnswer)
async def approve_statute(
    body_id: uuid.UUID, body: StatuteRequest, _: Organisers, commands: CommandsDep, day: Today
) -> JSONResponse:
    command = ApproveBodyStatute(
        body_id, body.text, tuple(body.attachments), body.approved_on, body.approved_by, body.act,
        day,
    )  # fmt: skip
    return await commands.execute(bodies.approve_body_statute, command, _state)


@router.post("/{body_id}/seats", status_code=201, response_model=CommandAnswer)
async def fill_seat(
    body_id: uuid.UUID, body: SeatRequest, _: Organisers, commands: CommandsDep, day: Today
) -> JSONResponse:
    command = FillSeat(
        body_id, body.role, body.member_id, body.expert_id, body.start_on, body.act, day
    )
    return await commands.execute(bodies.fill_seat, command, with_new(_state, "seat_id"), 201)


@router.post("/{body_id}/seats/{seat_id}/end", response_model=CommandAnswer)
async def end_seat(
    body_id: uuid.UUID,
    seat_id: uuid.UUID,
    body: SeatEndRequest,
    _: Organisers,
    commands: CommandsDep,
    day: Today,
) -> JSONResponse:
    command = EndSeat(body_id, seat_id, body.end_on, body.ground, body.act, day)
    return await commands.execute(bodies.end_seat, command, _state)


@router.post("/{body_id}/meetings", status_code=201, response_model=CommandAnswer)
async def hold_meeting(
    body_id: uuid.UUID, body: MeetingRequest, _: Organisers, commands: CommandsDep, day: Today
) -> JSONResponse:
    command = HoldMeeting(
        body_id, body.number, body.held_on, body.place, tuple(body.agenda),
        tuple(body.documents), body.present, day,
    )  # fmt: skip
    return await commands.execute(bodies.hold_meeting, command, with_new(_state, "meeting_id"), 201)


@router.post("/{body_id}/dissolution", response_model=CommandAnswer)
async def dissolve_body(
    body_id: uuid.UUID, body: DissolutionRequest, _: Organisers, commands: CommandsDep, day: Today
) -> JSONResponse:
    command = DissolveBody(body_id, body.dissolved_on, body.act, day)
    return await commands.execute(bodies.dissolve_body, command, _state)


BODY_CSV = (
    "body_id", "kind", "name_kk", "name_ru", "region", "established_on", "decided_by",
    "act_number", "act_date", "dissolved_on", "statute_version", "rulebook", "rule",
)  # fmt: skip
SEAT_CSV = ("seat_id", "role", "member_id", "expert_id", "name_kk", "name_ru", "start_on", "end_on",
            "source")  # fmt: skip


@router.get("", response_model=None)
async def list_bodies(
    platform: PlatformDep,
    kind: Annotated[BodyKind | None, Query()] = None,
    region: CodeQuery = None,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    """Bodies by kind and region (the public structures of every region, seed 003)."""
    async with platform.sessions() as db:
        rows = await projections.bodies.bodies(
            db, kind=kind, region=region, limit=limit, offset=offset
        )
    return listing(rows, fmt, BODY_CSV, "bodies")


async def _body(platform: PlatformDep, body_id: uuid.UUID) -> dict[str, Any]:
    async with platform.sessions() as db:
        row = await projections.bodies.body(db, body_id)
    if row is None:
        raise NotFound(None, resource="body", id=str(body_id))
    return row


def _from_membership(row: dict[str, Any], day: CalendarDay) -> bool:
    rule = procedure_on(day).bodies[BodyKind(row["kind"])].value
    return rule is not None and rule.composition_by_membership


@router.get("/{body_id}")
async def get_body(body_id: uuid.UUID, platform: PlatformDep, day: Today) -> dict[str, Any]:
    """A body: its statute's versions (without texts), today's composition, its meetings and
    the opinions it gave on documents (the first 500 of each; the lists have pages of their
    own)."""
    row = await _body(platform, body_id)
    async with platform.sessions() as db:
        statutes = await projections.bodies.body_statutes(db, body_id, with_text=False)
        members = await projections.bodies.composition(
            db, body_id, day, _from_membership(row, day), 500, 0
        )
        meetings = await projections.bodies.meetings(db, body_id, 500, 0)
        opinions = await projections.documents.opinions(db, body_id=body_id)
    return {
        **row, "statutes": statutes, "composition": members, "meetings": meetings,
        "opinions": opinions,
    }  # fmt: skip


@router.get("/{body_id}/statutes")
async def list_statutes(
    body_id: uuid.UUID, platform: PlatformDep, limit: Limit = 20, offset: Offset = 0
) -> list[dict[str, Any]]:
    """The versions of the statute with their texts."""
    await _body(platform, body_id)
    async with platform.sessions() as db:
        return await projections.bodies.body_statutes(db, body_id, True, limit, offset)


@router.get("/{body_id}/meetings")
async def list_meetings(
    body_id: uuid.UUID, platform: PlatformDep, limit: Limit = 100, offset: Offset = 0
) -> list[dict[str, Any]]:
    await _body(platform, body_id)
    async with platform.sessions() as db:
        return await projections.bodies.meetings(db, body_id, limit, offset)


@router.get("/{body_id}/opinions")
async def list_opinions(
    body_id: uuid.UUID, platform: PlatformDep, limit: Limit = 100, offset: Offset = 0
) -> list[dict[str, Any]]:
    """The body's opinions on documents."""
    await _body(platform, body_id)
    async with platform.sessions() as db:
        return await projections.documents.opinions(db, body_id=body_id, limit=limit, offset=offset)


@router.get("/{body_id}/composition", response_model=None)
async def get_composition(
    body_id: uuid.UUID,
    platform: PlatformDep,
    day: Today,
    as_of: CalendarDay | None = None,
    limit: Limit = 500,
    offset: Offset = 0,
    fmt: Format = "json",
) -> dict[str, Any] | Response:
    """Who sits in the body on ``as_of`` (today by default), a page at a time."""
    row = await _body(platform, body_id)
    when = as_of or day
    from_membership = _from_membership(row, when)
    async with platform.sessions() as db:
        members = await projections.bodies.composition(
            db, body_id, when, from_membership, limit, offset
        )
    if fmt == "csv":
        response = listing(members, fmt, SEAT_CSV, f"composition-{body_id}-{when}")
        assert isinstance(response, Response)
        return response
    return {"body_id": body_id, "as_of": when, "members": members}


# -- people without membership --------------------------------------------------------------------


def _expert_view(row: dict[str, Any], actor: CurrentActor) -> dict[str, Any]:
    """The IIN's mask for the Secretariat and auditors; nothing of it for anyone else."""
    if actor.roles.isdisjoint(PRIVATE_READERS):
        return {k: v for k, v in row.items() if k != "iin_masked"}
    return row


@experts_router.post("", status_code=201, response_model=CommandAnswer)
async def register_expert(
    body: ExpertRequest, _: Secretariat, commands: CommandsDep, day: Today
) -> JSONResponse:
    """A person without membership, registered once for every assembly's bodies: the register
    is the Secretariat's (Reg2024 §17), names no region, and a regional assembly seats a
    registered expert in its own region's structures (``/v1/bodies/{body_id}/seats``)."""
    command = RegisterExpert(
        body.name, body.affiliation, body.citizenship, body.iin, body.document, day
    )
    return await commands.execute(
        experts.register_expert,
        command,
        lambda expert: state(expert.id, expert.version, "registered"),
        201,
    )


@experts_router.get("")
async def list_experts(
    actor: Readers, platform: PlatformDep, limit: Limit = 100, offset: Offset = 0
) -> list[dict[str, Any]]:
    async with platform.sessions() as db:
        rows = await projections.experts.experts(db, limit, offset)
    return [_expert_view(r, actor) for r in rows]


@experts_router.get("/{expert_id}")
async def get_expert(
    expert_id: uuid.UUID, actor: CurrentActor, platform: PlatformDep
) -> dict[str, Any]:
    async with platform.sessions() as db:
        row = await projections.experts.expert(db, expert_id)
    if row is None:
        raise NotFound(None, resource="expert", id=str(expert_id))
    return _expert_view(row, actor)
