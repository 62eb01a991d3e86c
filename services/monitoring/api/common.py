"""What every monitoring route shares: the rows it answers, CSV export."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import Query
from fastapi.responses import Response
from pydantic import BaseModel, TypeAdapter

from services.monitoring.api.auth import OFFICIALS
from shared.bounds import Offset as Offset  # the listings' offset, as every service's
from shared.context import Actor
from shared.dates import CalendarDay, Instant
from shared.errors import Forbidden
from shared.service import Platform

Format = Annotated[Literal["json", "csv"], Query(alias="format")]
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {"schema": {"type": "string"}}}}
}
"""The answer of a listing with ``format=csv`` (``responses=`` of its route)."""


def rows_answer(row: type[BaseModel]) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a listing whose JSON rows ``row`` describes, or CSV: the
    document shows the rows' schema (the rows are answered as the read model has them)."""
    schema = TypeAdapter(list[row]).json_schema()  # type: ignore[valid-type]
    return {
        200: {
            "content": {
                "application/json": {"schema": schema},
                "text/csv": {"schema": {"type": "string"}},
            }
        }
    }


class AppealRow(BaseModel):
    """An appeal as an official lists it (the applicant's number masked)."""

    appeal_id: uuid.UUID
    number: str
    received_at: Instant
    registered_on: CalendarDay
    channel: str
    received_by: str
    region: str
    topic: str
    language: str
    anonymous: bool
    applicant_name: str | None
    applicant_id_kind: str | None
    applicant_id_masked: str | None
    applicant_address: str | None
    applicant_contact: str | None
    status: str
    officer: str | None
    original_due: CalendarDay
    answer_due: CalendarDay
    forward_by: CalendarDay
    forwarded_to: str | None
    forwarded_on: CalendarDay | None
    forwarded_within_limit: bool | None
    extensions: int
    answered_on: CalendarDay | None
    answered_on_time: bool | None
    closed_on: CalendarDay | None
    closed_reason: str | None
    version: int


class IndicatorRow(BaseModel):
    code: str
    name_kk: str
    name_ru: str
    name_en: str
    unit: str
    good_direction: str
    watch: float | None
    pre_conflict: float | None
    conflict: float | None
    version: int


class IncidentRow(BaseModel):
    incident_id: uuid.UUID
    region: str
    place: str | None
    occurred_on: CalendarDay
    category: str
    ethnic_groups: list[str]
    severity: str
    description: str | None
    status: str
    reported_by: str
    reported_on: CalendarDay
    version: int


class AlertRow(BaseModel):
    alert_id: uuid.UUID
    region: str
    rule_id: str
    rules_version: int
    rule_kind: str
    level: str
    key: str
    evidence: dict[str, Any] | list[Any]
    facts: dict[str, Any] | list[Any]
    status: str
    raised_as_of: CalendarDay
    escalated_as_of: CalendarDay | None
    acknowledged_by: str | None
    acknowledged_note: str | None
    acknowledged_on: CalendarDay | None
    closed_by: str | None
    closed_reason: str | None
    closed_on: CalendarDay | None


Limit = Annotated[int, Query(ge=1, le=1000)]


class CommandState(BaseModel):
    id: str
    version: int
    status: str | None = None


def today(platform: Platform) -> date:
    """Today in Kazakhstan, by the service's clock."""
    return platform.clock.today()


def now(platform: Platform) -> datetime:
    return platform.clock.now()


def reader_region(actor: Actor, requested: str | None) -> str | None:
    """A regional assembly reads its own region only (Reg2024 §18–19); officials any."""
    if actor.roles.isdisjoint(OFFICIALS):
        if requested is not None and requested != actor.region:
            raise Forbidden(None, reason="monitoring_region_scope", region=requested)
        return actor.region
    return requested


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def csv_response(rows: Sequence[dict[str, Any]], columns: Sequence[str], name: str) -> Response:
    """A list as CSV (UTF-8 with a byte-order mark, so spreadsheets read Kazakh letters)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )


def listing(
    rows: list[dict[str, Any]], fmt: str, columns: Sequence[str], name: str
) -> list[dict[str, Any]] | Response:
    """A list as JSON, or as CSV (``format=csv``) with ``columns`` in a file ``name``.csv."""
    if fmt == "csv":
        return csv_response(rows, columns, name)
    return rows
