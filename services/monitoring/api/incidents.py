"""Incidents and conflict situations: reported by a regional assembly (its own region) or the
Secretariat; verified or dismissed by the Secretariat; mediation and resolution; the
recommendations to state bodies (Reg2024 §4.10, §4.15)."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from services.monitoring import projections
from services.monitoring.api.auth import RegionalReaders, Reporters, Secretariat
from services.monitoring.api.common import (
    CSV,
    CommandState,
    Format,
    IncidentRow,
    Limit,
    Offset,
    listing,
    reader_region,
    rows_answer,
    today,
)
from services.monitoring.application import incidents, scope
from services.monitoring.domain.commands import (
    IncidentStepCommand,
    IssueRecommendation,
    ReportIncident,
)
from services.monitoring.domain.events import (
    Code,
    IncidentCategory,
    LongText,
    Reason,
    Severity,
    Text,
)
from services.monitoring.domain.incident import Incident
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.api.schemas import RequestBody
from shared.application import JsonDict
from shared.bounds import Filter
from shared.dates import CalendarDay
from shared.errors import NotFound
from shared.service import Platform

router = APIRouter(prefix="/v1/incidents", tags=["incidents"])


class IncidentRequest(RequestBody):
    region: Code
    place: Text
    occurred_on: CalendarDay
    category: IncidentCategory
    ethnic_groups: list[Code] = Field(default_factory=list, max_length=50)
    severity: Severity
    description: LongText
    reported_on: CalendarDay | None = None
    """When it was reported, if entered later (not before it occurred, not after today)."""


class StepRequest(RequestBody):
    reason: Reason
    on: CalendarDay | None = None


class MediationRequest(StepRequest):
    mediator: Text


class RecommendationRequest(RequestBody):
    addressee: Text
    """The state body the recommendation is addressed to."""
    text: LongText
    resolution_id: uuid.UUID | None = None
    """The Council resolution it rests on, if any (received on ``kelisim.council.v1``)."""
    respond_by: CalendarDay | None = None
    issued_on: CalendarDay | None = None


def _state(incident: Incident) -> JsonDict:
    return CommandState(
        id=incident.id, version=incident.version, status=str(incident.status)
    ).model_dump(mode="json")


@router.post("", status_code=201, response_model=CommandState)
async def report_incident(
    body: IncidentRequest, _: Reporters, commands: CommandsDep
) -> JSONResponse:
    day = today(commands.platform)
    command = ReportIncident(
        body.region, body.place, body.occurred_on, body.category, tuple(body.ethnic_groups),
        body.severity, body.description, body.reported_on or day, day,
    )  # fmt: skip
    return await commands.execute(incidents.report_incident, command, _state, 201)


def _step(
    platform: Platform,
    incident_id: uuid.UUID,
    step: str,
    body: StepRequest,
    if_match: str | None,
    mediator: str | None = None,
) -> IncidentStepCommand:
    """A step's command: on the day given, or today."""
    day = today(platform)
    return IncidentStepCommand(
        incident_id, step, body.reason, body.on or day, day, mediator, parse_if_match(if_match)
    )


@router.post("/{incident_id}/verification", response_model=CommandState)
async def verify_incident(
    incident_id: uuid.UUID,
    body: StepRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = _step(commands.platform, incident_id, "verify", body, if_match)
    return await commands.execute(incidents.incident_step, command, _state)


@router.post("/{incident_id}/dismissal", response_model=CommandState)
async def dismiss_incident(
    incident_id: uuid.UUID,
    body: StepRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = _step(commands.platform, incident_id, "dismiss", body, if_match)
    return await commands.execute(incidents.incident_step, command, _state)


@router.post("/{incident_id}/mediation", response_model=CommandState)
async def mediate_incident(
    incident_id: uuid.UUID,
    body: MediationRequest,
    _: Reporters,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """Mediation in the dispute (Reg2024 §4.15): the Secretariat or the region's assembly."""
    command = _step(commands.platform, incident_id, "mediate", body, if_match, body.mediator)
    return await commands.execute(incidents.incident_step, command, _state)


@router.post("/{incident_id}/resolution", response_model=CommandState)
async def resolve_incident(
    incident_id: uuid.UUID,
    body: StepRequest,
    _: Reporters,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    command = _step(commands.platform, incident_id, "resolve", body, if_match)
    return await commands.execute(incidents.incident_step, command, _state)


@router.post("/{incident_id}/recommendations", status_code=201, response_model=CommandState)
async def recommend_on_incident(
    incident_id: uuid.UUID,
    body: RecommendationRequest,
    _: Secretariat,
    commands: CommandsDep,
    if_match: IfMatch = None,
) -> JSONResponse:
    """A recommendation to a state body to settle the dispute or prevent a conflict
    (Reg2024 §4.10); a cited Council resolution must be one the service has received."""
    day = today(commands.platform)
    command = IssueRecommendation(
        incident_id, body.addressee, body.text, body.resolution_id, body.respond_by,
        body.issued_on or day, day, parse_if_match(if_match),
    )  # fmt: skip
    return await commands.execute(incidents.issue_recommendation, command, _state, 201)


INCIDENT_CSV = (
    "incident_id", "region", "place", "occurred_on", "category", "ethnic_groups", "severity",
    "status", "reported_by", "reported_on",
)  # fmt: skip
RECOMMENDATION_CSV = (
    "recommendation_id", "incident_id", "addressee", "text", "resolution_id", "respond_by",
    "issued_on", "issued_by",
)  # fmt: skip


@router.get("", response_model=None, responses=rows_answer(IncidentRow))
async def list_incidents(
    actor: RegionalReaders,
    platform: PlatformDep,
    region: Filter | None = None,
    status: Filter | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    region = reader_region(actor, region)
    async with platform.sessions() as db:
        rows = await projections.monitoring.list_incidents(
            db, region=region, status=status, limit=limit, offset=offset
        )
    return listing(rows, fmt, INCIDENT_CSV, "incidents")


@router.get("/recommendations", response_model=None, responses=CSV)
async def list_recommendations(
    _: RegionalReaders, platform: PlatformDep, fmt: Format = "json"
) -> list[dict[str, Any]] | Response:
    async with platform.sessions() as db:
        rows = await projections.monitoring.recommendations(db)
    return listing(rows, fmt, RECOMMENDATION_CSV, "recommendations")


@router.get("/{incident_id}")
async def get_incident(
    incident_id: uuid.UUID, actor: RegionalReaders, platform: PlatformDep
) -> dict[str, Any]:
    async with platform.sessions() as db:
        row = await projections.monitoring.incident(db, incident_id)
        if row is None:
            raise NotFound(None, resource="incident", id=str(incident_id))
        reader_region(actor, row["region"])
        if scope.may_read_incident_text(actor, row["region"]):
            row.update(await projections.monitoring.incident_text(db, incident_id))
        steps = await projections.monitoring.incident_steps(db, incident_id)
        recommendations = await projections.monitoring.recommendations(db, incident_id)
    return {**row, "steps": steps, "recommendations": recommendations}
