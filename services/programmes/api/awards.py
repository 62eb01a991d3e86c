"""Public awards (Reg2024 §13.5): established and their statutes approved by the Council's
resolutions, as received on ``kelisim.council.v1``; conferrals, each under the statute in force
on its day. Awards are public."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from services.programmes import projections
from services.programmes.api.auth import Secretariat
from services.programmes.api.common import (
    CommandAnswer,
    Format,
    Limit,
    Offset,
    Today,
    listing,
    state,
    with_new,
)
from services.programmes.application import awards
from services.programmes.domain.award import Award
from services.programmes.domain.commands import AmendStatute, ConferAward, EstablishAward
from services.programmes.domain.events import Act, Authority, Recipient
from shared.api.deps import CommandsDep, PlatformDep
from shared.api.schemas import RequestBody
from shared.dates import CalendarDay
from shared.errors import NotFound

router = APIRouter(prefix="/v1/awards", tags=["awards"])


class EstablishRequest(RequestBody):
    resolution_id: uuid.UUID
    """The Council's ``public_award`` resolution: the award's name and statute are its own."""


class StatuteRequest(RequestBody):
    resolution_id: uuid.UUID
    """The Council's ``public_award`` resolution naming this award (``award_id``)."""
    effective_from: CalendarDay | None = None
    """Default: the resolution's day."""


class ConferralRequest(RequestBody):
    recipient: Recipient
    decided_by: Authority
    decision: Act
    resolution_id: uuid.UUID | None = None
    """When the Council decided it: its resolution."""
    conferred_on: CalendarDay | None = None


def _state(award: Award, **extra: Any) -> dict[str, Any]:
    return state(award.id, award.version, f"statute v{award.statutes[-1].version}", **extra)


@router.post("", status_code=201, response_model=CommandAnswer)
async def establish_award(
    body: EstablishRequest, _: Secretariat, commands: CommandsDep, day: Today
) -> JSONResponse:
    command = EstablishAward(body.resolution_id, day)
    return await commands.execute(awards.establish_award, command, _state, 201)


@router.post("/{award_id}/statutes", response_model=CommandAnswer)
async def amend_statute(
    award_id: uuid.UUID, body: StatuteRequest, _: Secretariat, commands: CommandsDep, day: Today
) -> JSONResponse:
    command = AmendStatute(award_id, body.resolution_id, body.effective_from, day)
    return await commands.execute(awards.amend_statute, command, _state)


@router.post("/{award_id}/conferrals", status_code=201, response_model=CommandAnswer)
async def confer_award(
    award_id: uuid.UUID, body: ConferralRequest, _: Secretariat, commands: CommandsDep, day: Today
) -> JSONResponse:
    command = ConferAward(
        award_id, body.recipient, body.decided_by, body.decision, body.resolution_id,
        body.conferred_on or day, day,
    )  # fmt: skip
    return await commands.execute(
        awards.confer_award, command, with_new(_state, "conferral_id"), 201
    )


@router.get("")
async def list_awards(
    platform: PlatformDep, limit: Limit = 100, offset: Offset = 0
) -> list[dict[str, Any]]:
    async with platform.sessions() as db:
        return await projections.awards.awards(db, limit, offset)


async def _award(platform: PlatformDep, award_id: uuid.UUID) -> dict[str, Any]:
    async with platform.sessions() as db:
        row = await projections.awards.award(db, award_id)
        if row is None:
            raise NotFound(None, resource="award", id=str(award_id))
        row["statutes"] = await projections.awards.statutes(db, award_id)
    return row


@router.get("/{award_id}")
async def get_award(
    award_id: uuid.UUID, platform: PlatformDep, day: Today, as_of: CalendarDay | None = None
) -> dict[str, Any]:
    """An award with every version of its statute and the one in force on ``as_of``."""
    row = await _award(platform, award_id)
    when = as_of or day
    in_force = [s for s in row["statutes"] if s["effective_from"] <= when]
    return {**row, "as_of": when, "statute_in_force": in_force[-1] if in_force else None}


CONFERRAL_CSV = (
    "conferral_id", "recipient_kk", "recipient_ru", "member_id", "decided_by", "decision_number",
    "decision_date", "resolution_id", "conferred_on", "statute_version",
)  # fmt: skip


@router.get("/{award_id}/conferrals", response_model=None)
async def list_conferrals(
    award_id: uuid.UUID,
    platform: PlatformDep,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    """Conferrals, each with the statute it was conferred under."""
    await _award(platform, award_id)
    async with platform.sessions() as db:
        rows = await projections.awards.conferrals(db, award_id, limit, offset)
    return listing(rows, fmt, CONFERRAL_CSV, f"conferrals-{award_id}")
