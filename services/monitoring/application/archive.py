"""Monitoring's archive vocabulary for the bulk path (``kelisim archive load monitoring``):
appeals and incidents of the past, each with its own dates, recorded by the same handlers (and
checks) as the API. Their time limits follow the working-day calendar of their year (APPC 2020
Art. 64, 76), so the archive covers the years the calendar has data for.

- ``appeal``: an appeal received at ``received_at`` (by post, e-mail or in person) and, if the
  record has it, its answer (``answered_on``, ``summary``);
- ``incident``: an incident with the day it occurred and the day it was reported.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from services.monitoring.application import appeals, incidents
from services.monitoring.domain.commands import (
    AnswerAppeal,
    RegisterAppeal,
    ReportIncident,
)
from services.monitoring.domain.events import (
    AppealChannel,
    AppealTopic,
    Applicant,
    IncidentCategory,
    Severity,
)
from shared.application import UnitOfWork
from shared.archive.loader import Act
from shared.clock import Clock

STAFF = "kelisim-archive"


class _Line(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AppealLine(_Line):
    received_at: datetime
    channel: AppealChannel = AppealChannel.POST
    region: str = Field(min_length=1, max_length=40)
    topic: AppealTopic
    language: str = Field(pattern=r"^[a-z]{2,3}$")
    applicant: Applicant
    text: str = Field(min_length=1, max_length=20000)
    answered_on: date | None = None
    summary: str | None = Field(default=None, min_length=1, max_length=5000)


class IncidentLine(_Line):
    region: str = Field(min_length=1, max_length=40)
    place: str = Field(min_length=1, max_length=500)
    occurred_on: date
    category: IncidentCategory
    ethnic_groups: list[str] = Field(default_factory=list, max_length=50)
    severity: Severity
    description: str = Field(min_length=1, max_length=20000)
    reported_on: date


async def _appeal(line: AppealLine, uow: UnitOfWork, clock: Clock) -> None:
    appeal, _ = await appeals.register_appeal(
        RegisterAppeal(
            received_at=line.received_at, channel=line.channel, received_by=STAFF,
            region=line.region, topic=line.topic, language=line.language,
            applicant=line.applicant, text=line.text, now=clock.now(),
        ),
        uow,
    )  # fmt: skip
    if line.answered_on is not None:
        await appeals.answer_appeal(
            AnswerAppeal(uuid.UUID(appeal.id), line.answered_on, line.summary or "", clock.today()),
            uow,
        )


async def _incident(line: IncidentLine, uow: UnitOfWork, clock: Clock) -> None:
    await incidents.report_incident(
        ReportIncident(
            region=line.region, place=line.place, occurred_on=line.occurred_on,
            category=line.category, ethnic_groups=tuple(line.ethnic_groups),
            severity=line.severity, description=line.description,
            reported_on=line.reported_on, today=clock.today(),
        ),
        uow,
    )  # fmt: skip


ACTS: dict[str, Act] = {
    "appeal": Act(AppealLine, _appeal),
    "incident": Act(IncidentLine, _incident),
}
