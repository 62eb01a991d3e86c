"""Regional assemblies' periodic reports on interethnic relations in their region
(Law 2008 Art. 14; Reg2024 §18–19): submitted by the assembly for its own region, or by the
Secretariat on its behalf, in one command with the region's indicator values and incidents;
corrected by a new report that supersedes the earlier one (both are kept)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from services.monitoring.api.auth import RegionalReaders, Reporters
from services.monitoring.api.common import (
    CommandState,
    Format,
    Limit,
    Offset,
    listing,
    now,
    reader_region,
    rows_answer,
    today,
)
from services.monitoring.api.indicators import rows_problem
from services.monitoring.application import regional_reports
from services.monitoring.domain.commands import (
    ReportedIncidentIn,
    SubmitRegionalReport,
)
from services.monitoring.domain.errors import RowError
from services.monitoring.domain.events import (
    Code,
    IncidentCategory,
    LongText,
    Reason,
    Severity,
    Text,
)
from services.monitoring.domain.indicators import RawRow
from services.monitoring.domain.regional_report import MAX_INCIDENTS, MAX_VALUES, RegionalReport
from services.monitoring.projections import regional_reports as read_model
from shared.api.deps import CommandsDep, PlatformDep
from shared.api.schemas import RequestBody
from shared.application import JsonDict
from shared.bounds import Filter
from shared.dates import CalendarDay, Instant
from shared.errors import NotFound

router = APIRouter(prefix="/v1/regional-reports", tags=["regional reports"])

Period = Annotated[
    str,
    Field(
        pattern=r"^\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]))?$",
        max_length=7,
        description="The period reported on: a year (`2026`), a half (`2026-H1`), a quarter "
        "(`2026-Q2`) or a month (`2026-03`).",
    ),
]


class ReportValueIn(RequestBody):
    indicator: str = Field(max_length=64, description="The indicator's code.")
    value: str = Field(max_length=40, description="The value, a decimal number (`87.5`).")


class ReportIncidentIn(RequestBody):
    place: Text = Field(description="Where it happened (private: shown masked to others).")
    occurred_on: CalendarDay = Field(description="The day it happened (Asia/Almaty).")
    category: IncidentCategory = Field(description="What kind of incident it was.")
    ethnic_groups: list[Code] = Field(
        default_factory=list, max_length=50, description="The ethnic groups involved (codes)."
    )
    severity: Severity = Field(description="How serious it is.")
    description: LongText = Field(
        description="What happened (private: the people involved; shown masked to others)."
    )


_EXAMPLE: dict[str, Any] = {
    "region": "zhambyl",
    "period": "2026-Q2",
    "values": [
        {"indicator": "trust_index", "value": "71.5"},
        {"indicator": "conflict_potential", "value": "12"},
    ],
    "incidents": [
        {
            "place": "Қордай ауданы, Масанчи ауылы",
            "occurred_on": "2026-05-14",
            "category": "domestic_conflict",
            "ethnic_groups": ["kazakh", "dungan"],
            "severity": "medium",
            "description": "Тұрмыстық жанжал ақсақалдар алқасының қатысуымен реттелді.",
        }
    ],
}


class RegionalReportRequest(RequestBody):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                _EXAMPLE,
                {
                    "region": "zhambyl",
                    "period": "2026-Q2",
                    "values": [
                        {"indicator": "trust_index", "value": "69.0"},
                        {"indicator": "conflict_potential", "value": "12"},
                    ],
                    "supersedes": "0b5e3f0e-6a0c-4c4e-9d55-6f1a2f3b4c5d",
                    "reason": "Пересчёт индекса по уточнённой выборке опроса",
                },
            ]
        },
    )

    region: Code = Field(description="The region whose assembly reports (its code).")
    period: Period
    values: list[ReportValueIn] = Field(
        default_factory=list, max_length=MAX_VALUES, description="The indicator values."
    )
    incidents: list[ReportIncidentIn] = Field(
        default_factory=list, max_length=MAX_INCIDENTS, description="The incidents reported."
    )
    supersedes: uuid.UUID | None = Field(
        default=None,
        description="A correction: the id of the region's current report for the period.",
    )
    reason: Reason | None = Field(default=None, description="Why a correction is made.")


class RegionalReportAnswer(CommandState):
    """The report recorded: the stream of its region and period, its version (1 for the
    first report, more for a correction) and the report's own id."""

    report_id: uuid.UUID
    incident_ids: list[uuid.UUID] = Field(description="The incidents it reported.")


@router.post("", status_code=201, response_model=RegionalReportAnswer)
async def submit_regional_report(
    request: Request, body: RegionalReportRequest, _: Reporters, commands: CommandsDep
) -> JSONResponse:
    """A regional assembly's periodic information on interethnic relations in its region
    (Law 2008 Art. 14), by the assembly for its own region (403 ``assembly_scope`` for another)
    or by the Secretariat on its behalf: the indicator values of the period (checked like any
    other values: all or none, each bad row named) and the incidents, in one transaction.
    A second report for the same region and period is refused (409
    ``regional_report_exists``) unless it is a correction: ``supersedes`` names the current
    report and ``reason`` says why; the earlier report is kept, marked superseded."""
    day = today(commands.platform)
    command = SubmitRegionalReport(
        region=body.region,
        period=body.period,
        values=tuple(
            RawRow(n, v.indicator.strip(), body.region, body.period, v.value.strip())
            for n, v in enumerate(body.values, start=1)
        ),
        incidents=tuple(
            ReportedIncidentIn(
                i.place,
                i.occurred_on,
                i.category,
                tuple(i.ethnic_groups),
                i.severity,
                i.description,
            )
            for i in body.incidents
        ),
        supersedes=body.supersedes,
        reason=body.reason,
        now=now(commands.platform),
        today=day,
    )

    try:
        return await commands.execute(
            regional_reports.submit_regional_report, command, _submitted, 201
        )
    except RowError as error:
        return rows_problem(request, error)


def _submitted(report: RegionalReport) -> JsonDict:
    """The report recorded: its stream's version and the ids of the report and its incidents."""
    assert report.last is not None
    return RegionalReportAnswer(
        id=report.id,
        version=report.version,
        report_id=report.last.report_id,
        incident_ids=[i.incident_id for i in report.last.incidents],
    ).model_dump(mode="json")


class RegionalReportRow(BaseModel):
    """A report as listed: who reported, when, what it carried."""

    report_id: uuid.UUID
    assembly: str = Field(description="The assembly that reported (its region's code).")
    region: str
    period: str
    period_start: CalendarDay
    revision: int = Field(description="1: the period's first report; more: a correction.")
    source: str = Field(description="`regional_assembly`, or `secretariat` on its behalf.")
    reported_by: str
    reported_at: Instant
    reported_on: CalendarDay
    values: list[dict[str, Any]] = Field(description="The indicator values: indicator, value.")
    incidents: list[dict[str, Any]] = Field(
        description="The incidents: id, day, category, severity (place and description in "
        "`/v1/incidents/{incident_id}`)."
    )
    value_reports: list[uuid.UUID] = Field(description="The indicator reports of its values.")
    supersedes: uuid.UUID | None
    superseded_by: uuid.UUID | None
    reason: str | None


REPORT_CSV = (
    "report_id",
    "assembly",
    "region",
    "period",
    "revision",
    "source",
    "reported_by",
    "reported_at",
    "reported_on",
    "values",
    "incidents",
    "supersedes",
    "superseded_by",
    "reason",
)


@router.get("", response_model=None, responses=rows_answer(RegionalReportRow))
async def list_regional_reports(
    actor: RegionalReaders,
    platform: PlatformDep,
    region: Filter | None = None,
    period: Annotated[
        str | None, Query(max_length=16, description="Only the reports of this period.")
    ] = None,
    current: Annotated[
        bool, Query(description="Only the reports in force (none a correction superseded).")
    ] = False,
    limit: Limit = 100,
    offset: Offset = 0,
    fmt: Format = "json",
) -> list[dict[str, Any]] | Response:
    """The reports of a region (a regional assembly: its own), the latest period first, every
    correction with the reports it superseded (``current=true``: only the reports in force)."""
    region = reader_region(actor, region)
    async with platform.sessions() as db:
        rows = await read_model.listed(
            db, region=region, period=period, current=current, limit=limit, offset=offset
        )
    return listing(rows, fmt, REPORT_CSV, "regional-reports")


@router.get("/{report_id}", response_model=RegionalReportRow)
async def get_regional_report(
    report_id: uuid.UUID, actor: RegionalReaders, platform: PlatformDep
) -> dict[str, Any]:
    async with platform.sessions() as db:
        row = await read_model.one(db, report_id)
    if row is None:
        raise NotFound(None, resource="regional_report", id=str(report_id))
    reader_region(actor, row["region"])
    return row
