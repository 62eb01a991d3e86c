"""Monitoring commands: imperative requests that may be refused.

``today`` is the server's date when the command arrives: act dates may record an earlier
day, never a later one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from services.monitoring.domain.events import (
    AppealChannel,
    AppealTopic,
    Applicant,
    CalendarEntry,
    GoodDirection,
    IncidentCategory,
    Names,
    NotificationSubject,
    Rule,
    Severity,
    Source,
    Thresholds,
    ValueSource,
)
from services.monitoring.domain.indicators import RawRow


@dataclass(frozen=True)
class RegisterAppeal:
    received_at: datetime
    channel: AppealChannel
    received_by: str
    region: str
    topic: AppealTopic
    language: str
    applicant: Applicant
    text: str
    now: datetime


@dataclass(frozen=True)
class AssignAppeal:
    appeal_id: uuid.UUID
    officer: str
    assigned_on: date
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class ForwardAppeal:
    appeal_id: uuid.UUID
    body: str
    reason: str
    forwarded_on: date
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class ExtendAppeal:
    appeal_id: uuid.UUID
    decided_on: date
    reason: str
    new_due: date
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class NotifyApplicant:
    appeal_id: uuid.UUID
    subject: NotificationSubject
    notified_on: date
    means: str
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class AnswerAppeal:
    appeal_id: uuid.UUID
    answered_on: date
    summary: str
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class DefineIndicator:
    code: str
    name: Names
    unit: str
    good_direction: GoodDirection
    thresholds: Thresholds


@dataclass(frozen=True)
class ChangeThresholds:
    code: str
    thresholds: Thresholds
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True)
class ReportValues:
    source: ValueSource
    rows: tuple[RawRow, ...]
    revision: bool
    reason: str | None
    file_name: str | None = None
    shape_errors: tuple[dict[str, object], ...] = ()


@dataclass(frozen=True)
class ReportIncident:
    region: str
    place: str
    occurred_on: date
    category: IncidentCategory
    ethnic_groups: tuple[str, ...]
    severity: Severity
    description: str
    reported_on: date
    today: date


@dataclass(frozen=True)
class IncidentStepCommand:
    incident_id: uuid.UUID
    step: str
    """``verify``, ``dismiss``, ``mediate`` or ``resolve``."""
    reason: str
    on: date
    today: date
    mediator: str | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class IssueRecommendation:
    incident_id: uuid.UUID
    addressee: str
    text: str
    resolution_id: uuid.UUID | None
    respond_by: date | None
    issued_on: date
    today: date
    expected_version: int | None = None


@dataclass(frozen=True)
class PublishRules:
    rules: tuple[Rule, ...]
    reason: str
    expected_version: int | None = None


@dataclass(frozen=True)
class EvaluateRegion:
    region: str
    as_of: date


@dataclass(frozen=True)
class AlertStep:
    alert_id: uuid.UUID
    step: str
    """``acknowledge`` or ``close``."""
    text: str
    on: date
    today: date


@dataclass(frozen=True)
class PublishCalendarYear:
    year: int
    status: str
    days: tuple[CalendarEntry, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class DeclareCalendarDay:
    entry: CalendarEntry
    source: Source
    reason: str


@dataclass(frozen=True)
class WithdrawCalendarDay:
    day: date
    reason: str


@dataclass(frozen=True)
class ReportedIncidentIn:
    """An incident as a regional report gives it (its place and description are private)."""

    place: str
    occurred_on: date
    category: IncidentCategory
    ethnic_groups: tuple[str, ...]
    severity: Severity
    description: str


@dataclass(frozen=True)
class SubmitRegionalReport:
    region: str
    period: str
    values: tuple[RawRow, ...]
    incidents: tuple[ReportedIncidentIn, ...]
    supersedes: uuid.UUID | None
    reason: str | None
    now: datetime
    today: date
