"""Early warning (Strategy2002 §6): the versioned rules, evaluations, the alerts the
Secretariat acknowledges and closes with reasons."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response
from pydantic import Field

from services.monitoring import projections
from services.monitoring.api.auth import Officials, RegionalReaders, Secretariat
from services.monitoring.api.common import (
    AlertRow,
    CommandState,
    Format,
    Limit,
    Offset,
    listing,
    reader_region,
    rows_answer,
    today,
)
from services.monitoring.application import early_warning, evaluator
from services.monitoring.domain.commands import (
    AlertStep,
    PublishRules,
)
from services.monitoring.domain.early_warning import RegionWatch, RuleSet
from services.monitoring.domain.events import AlertLevel, Code, Reason, Rule
from shared.api.deps import CommandsDep, IfMatch, PlatformDep, parse_if_match
from shared.api.schemas import RequestBody
from shared.application import JsonDict
from shared.bounds import Filter
from shared.dates import CalendarDay
from shared.errors import NotFound
from shared.service import Platform

rules_router = APIRouter(prefix="/v1/early-warning", tags=["early warning"])
alerts_router = APIRouter(prefix="/v1/alerts", tags=["early warning"])


class RulesRequest(RequestBody):
    rules: list[Rule] = Field(min_length=1, max_length=100)
    reason: Reason


class EvaluationRequest(RequestBody):
    as_of: CalendarDay | None = None
    regions: list[Code] | None = Field(default=None, max_length=20)


class AlertStepRequest(RequestBody):
    text: Reason
    on: CalendarDay | None = None


@rules_router.get("/rules")
async def get_rules(_: Officials, platform: PlatformDep) -> dict[str, Any]:
    """Every version of the rules; the last is in force."""
    async with platform.sessions() as db:
        versions = await projections.monitoring.rules_versions(db)
    return {"current": versions[-1]["version"] if versions else None, "versions": versions}


@rules_router.post("/rules", status_code=201, response_model=CommandState)
async def publish_rules(
    body: RulesRequest, _: Secretariat, commands: CommandsDep, if_match: IfMatch = None
) -> JSONResponse:
    command = PublishRules(tuple(body.rules), body.reason, parse_if_match(if_match))
    return await commands.execute(early_warning.publish_rules, command, _published, 201)


def _published(ruleset: RuleSet) -> JsonDict:
    """The rules' stream, its version and the rules' version now in force."""
    state = CommandState(id=ruleset.id, version=ruleset.version)
    return {**state.model_dump(), "rules_version": ruleset.rules_version}


@rules_router.post("/evaluations")
async def evaluate_rules(
    body: EvaluationRequest, _: Secretariat, commands: CommandsDep, platform: PlatformDep
) -> dict[str, Any]:
    """Evaluate the rules in force for the regions (all by default) as of a day (today by
    default); each region is its own unit of work. Answers the region's alerts not closed."""
    as_of = body.as_of or today(platform)
    results = await evaluator.evaluate_regions(platform, as_of, body.regions, commands.actor)
    regions = [str(r["region"]) for r in results]
    async with platform.sessions() as db:
        active = [a for region in regions for a in await _open_alerts(db, region)]
    return {"as_of": as_of, "regions": results, "active_alerts": active}


_ALERTS_PAGE = 500


async def _open_alerts(db: Any, region: str) -> list[dict[str, Any]]:
    """Every alert of ``region`` not closed: page after page, none left out."""
    found: list[dict[str, Any]] = []
    offset = 0
    while True:
        page = await projections.monitoring.list_alerts(
            db, region=region, limit=_ALERTS_PAGE, offset=offset
        )
        found += [dict(a) for a in page if a["status"] != "closed"]
        if len(page) < _ALERTS_PAGE:
            return found
        offset += _ALERTS_PAGE


ALERT_CSV = (
    "alert_id", "region", "rule_id", "rules_version", "level", "status", "facts",
    "raised_as_of", "escalated_as_of", "acknowledged_by", "acknowledged_on", "closed_by",
    "closed_reason", "closed_on",
)  # fmt: skip


@alerts_router.get("", response_model=None, responses=rows_answer(AlertRow))
async def list_alerts(
    actor: RegionalReaders,
    platform: PlatformDep,
    region: Filter | None = None,
    status: Filter | None = None,
    level: AlertLevel | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    region = reader_region(actor, region)
    async with platform.sessions() as db:
        rows = await projections.monitoring.list_alerts(
            db, region=region, status=status, level=level, limit=limit, offset=offset
        )
    return listing(rows, fmt, ALERT_CSV, "alerts")


@alerts_router.get("/{alert_id}")
async def get_alert(
    alert_id: uuid.UUID, actor: RegionalReaders, platform: PlatformDep
) -> dict[str, Any]:
    async with platform.sessions() as db:
        row = await projections.monitoring.alert(db, alert_id)
    if row is None:
        raise NotFound(None, resource="alert", id=str(alert_id))
    reader_region(actor, row["region"])
    return row


def _alert_step(
    platform: Platform, alert_id: uuid.UUID, step: str, body: AlertStepRequest
) -> AlertStep:
    """A step's command: on the day given, or today."""
    day = today(platform)
    return AlertStep(alert_id, step, body.text, body.on or day, day)


def _alert_state(alert_id: uuid.UUID) -> Callable[[RegionWatch], JsonDict]:
    """A step's answer: the alert's id and status, its region's watch's version."""

    def state(watch: RegionWatch) -> JsonDict:
        return CommandState(
            id=str(alert_id), version=watch.version, status=watch.alerts[alert_id].status
        ).model_dump()

    return state


@alerts_router.post("/{alert_id}/acknowledgement", response_model=CommandState)
async def acknowledge_alert(
    alert_id: uuid.UUID, body: AlertStepRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    command = _alert_step(commands.platform, alert_id, "acknowledge", body)
    return await commands.execute(early_warning.alert_step, command, _alert_state(alert_id))


@alerts_router.post("/{alert_id}/closure", response_model=CommandState)
async def close_alert(
    alert_id: uuid.UUID, body: AlertStepRequest, _: Secretariat, commands: CommandsDep
) -> JSONResponse:
    """Close an alert with the reasons; its evidence is settled, new evidence raises again."""
    command = _alert_step(commands.platform, alert_id, "close", body)
    return await commands.execute(early_warning.alert_step, command, _alert_state(alert_id))
