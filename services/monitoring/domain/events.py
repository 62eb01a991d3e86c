"""Monitoring events: immutable, versioned, past-tense facts.

Published on ``kelisim.monitoring.v1`` without personal data: an appeal's applicant (name,
IIN or BIN, address, contact), its text and the hash of its status secret are private fields,
kept in this service's store and never published (APPC 2020 Art. 63).

Free text that officials type is checked for personal identifiers (``shared.personal_data``)
before it becomes an event. Per field, one of two policies:

- **Private**: text that is about a person by its nature, and may rightly name them, is kept
  whole in a private field: how the applicant was told (``ApplicantNotified.private_means``:
  "SMS to +7 701 ..."), the answer given to them (``AppealAnswered.private_summary``: it
  answers the appeal's text, which is private too), where an incident happened and what
  happened (``IncidentReported.private_place``, ``private_description``: the people involved
  and their ethnicity; names cannot be told from other words without a list of them). The
  incident read model shows the text masked to readers who may not see it; the means and the
  answer are in no read model.
- **Refused** (422 naming the field, never the identifier): text that records an official's
  act or names a body, where an identifier has no place: the competent body and the reason
  of a forwarding, the reason of an extension (also the applicant's own name and contact),
  the officer an appeal is assigned to, the reasons of an incident's steps and its mediator,
  a recommendation's addressee and text, an alert's notes, the reasons of rules, thresholds,
  value revisions and calendar days.

A private field has a name of its own (``private_...``), not the name of the public field of
the type's earlier version: which fields are private is part of an event type's schema, and
the leaves of events already recorded committed to the public ones in clear
(``shared.audit.canonical``). The upcasters read an earlier version's text as private.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.calendars import DayKind
from shared.dates import CalendarDay
from shared.eventstore.model import DomainEvent, EventRegistry
from shared.identity import IdKind

registry = EventRegistry()

Code = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{1,63}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
Reason = Annotated[str, StringConstraints(min_length=3, max_length=2000)]
Actor = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Names(_Value):
    kk: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    ru: Annotated[str, StringConstraints(min_length=1, max_length=500)]
    en: Annotated[str, StringConstraints(min_length=1, max_length=500)]


class Source(_Value):
    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=1000)]


# -- the working-day calendar ------------------------------------------------------------------


class CalendarEntry(_Value):
    day: CalendarDay
    kind: DayKind
    name: Names


@registry.register
class CalendarYearPublished(DomainEvent):
    """A year's days off and transfers (Labour Code Art. 85), with the sources they come from.
    Publishing a year again replaces its entries."""

    event_type = "CalendarYearPublished"

    year: Annotated[int, Field(ge=2000, le=2100)]
    status: Literal["published", "derived"]
    days: tuple[CalendarEntry, ...]
    sources: tuple[Source, ...]


@registry.register
class CalendarDayDeclared(DomainEvent):
    """One day set by a later act (a government transfer of days off, a religious holiday's
    date announced): it replaces whatever the calendar said about that day."""

    event_type = "CalendarDayDeclared"

    entry: CalendarEntry
    source: Source
    reason: Reason


@registry.register
class CalendarDayWithdrawn(DomainEvent):
    """A day's entry was withdrawn (the day is an ordinary weekday or weekend again)."""

    event_type = "CalendarDayWithdrawn"

    day: date
    reason: Reason


# -- appeals (APPC 2020 Art. 63, 64, 76; Reg2024 §17.3) ----------------------------------------


class AppealChannel(StrEnum):
    ONLINE = "online"
    IN_PERSON = "in_person"
    POST = "post"
    EMAIL = "email"


class AppealTopic(StrEnum):
    INTERETHNIC_RELATIONS = "interethnic_relations"
    LANGUAGE_USE = "language_use"
    DISCRIMINATION = "discrimination"
    ETHNOCULTURAL_ASSOCIATIONS = "ethnocultural_associations"
    OTHER = "other"


INTERETHNIC_TOPICS = frozenset(
    {AppealTopic.INTERETHNIC_RELATIONS, AppealTopic.LANGUAGE_USE, AppealTopic.DISCRIMINATION}
)


class Applicant(_Value):
    """Who appeals (APPC 2020 Art. 63). Without name, IIN or BIN and address the appeal is
    anonymous."""

    name: Annotated[str, StringConstraints(max_length=500)] | None = None
    id_kind: IdKind | None = None
    id_number: Annotated[str, StringConstraints(pattern=r"^[0-9]{12}$")] | None = None
    address: Annotated[str, StringConstraints(max_length=1000)] | None = None
    contact: Annotated[str, StringConstraints(max_length=500)] | None = None


class NotificationSubject(StrEnum):
    FORWARDING = "forwarding"
    EXTENSION = "extension"


@registry.register
class AppealRegistered(DomainEvent):
    """An appeal was registered with a unique number (APPC 2020 Art. 64): the day it is
    registered, the time limits that follow from it, and who or what received it."""

    event_type = "AppealRegistered"
    private_fields = frozenset({"applicant", "text", "secret_hash"})

    appeal_id: uuid.UUID
    number: str
    received_at: datetime
    registered_on: date
    channel: AppealChannel
    received_by: Actor
    region: Code
    topic: AppealTopic
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}$")]
    anonymous: bool
    answer_due: date
    """The last day of the answer period: 15 working days (APPC 2020 Art. 76)."""
    forward_by: date
    """The last day to forward it to a competent body: 3 working days (APPC 2020 Art. 76)."""
    applicant: Applicant
    text: LongText
    secret_hash: str


@registry.register
class AppealClosedUnconsidered(DomainEvent):
    """A registered appeal closed without consideration, with the reason (an anonymous appeal
    is not considered, APPC 2020 Art. 63)."""

    event_type = "AppealClosedUnconsidered"

    appeal_id: uuid.UUID
    reason: Literal["anonymous"]
    rule: str
    closed_on: date


@registry.register
class AppealAssigned(DomainEvent):
    event_type = "AppealAssigned"

    appeal_id: uuid.UUID
    officer: Actor
    assigned_on: date
    assigned_by: Actor


@registry.register
class AppealForwarded(DomainEvent):
    """Outside the Assembly's competence: forwarded to the competent body; due within 3
    working days of registration, the applicant told (APPC 2020 Art. 76)."""

    event_type = "AppealForwarded"

    appeal_id: uuid.UUID
    body: Text
    reason: Reason
    forwarded_on: date
    forwarded_by: Actor
    within_limit: bool
    notify_by: date


@registry.register
class AppealDeadlineExtended(DomainEvent):
    """The head's reasoned decision extended the answer period, by two months at most in all;
    the applicant is told within 3 working days (APPC 2020 Art. 76)."""

    event_type = "AppealDeadlineExtended"

    appeal_id: uuid.UUID
    decided_on: date
    decided_by: Actor
    reason: Reason
    previous_due: date
    new_due: date
    limit: date
    notify_by: date


@registry.register
class ApplicantNotified(DomainEvent):
    """The applicant was told of a forwarding or an extension (APPC 2020 Art. 76); how (by
    which phone, address or e-mail) is private."""

    event_type = "ApplicantNotified"
    schema_version = 2
    private_fields = frozenset({"private_means"})

    appeal_id: uuid.UUID
    subject: NotificationSubject
    notified_on: date
    on_time: bool
    private_means: Text


@registry.upcaster("ApplicantNotified", 1, renamed={"private_means": "means"})
def _applicant_notified_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # v1 published the means; it names the applicant's phone or address, so it is private now.
    data["private_means"] = data.pop("means")
    return data


@registry.register
class AppealAnswered(DomainEvent):
    """The appeal was answered; what the answer said is private, like the appeal's text."""

    event_type = "AppealAnswered"
    schema_version = 2
    private_fields = frozenset({"private_summary"})

    appeal_id: uuid.UUID
    answered_on: date
    answered_by: Actor
    private_summary: Text
    on_time: bool


@registry.upcaster("AppealAnswered", 1, renamed={"private_summary": "summary"})
def _appeal_answered_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    data["private_summary"] = data.pop("summary")
    return data


# -- indicators (Reg2024 §4.9; Strategy2002 §4.3, §6) -----------------------------------------


class AlertLevel(StrEnum):
    WATCH = "watch"
    PRE_CONFLICT = "pre_conflict"
    CONFLICT = "conflict"


LEVEL_ORDER: dict[AlertLevel, int] = {
    AlertLevel.WATCH: 1,
    AlertLevel.PRE_CONFLICT: 2,
    AlertLevel.CONFLICT: 3,
}


class GoodDirection(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


class Thresholds(_Value):
    """The value at which each alert level starts (reached or passed in the bad direction)."""

    watch: Decimal | None = None
    pre_conflict: Decimal | None = None
    conflict: Decimal | None = None

    def by_level(self) -> dict[AlertLevel, Decimal]:
        values = {
            AlertLevel.WATCH: self.watch,
            AlertLevel.PRE_CONFLICT: self.pre_conflict,
            AlertLevel.CONFLICT: self.conflict,
        }
        return {level: value for level, value in values.items() if value is not None}


@registry.register
class IndicatorDefined(DomainEvent):
    event_type = "IndicatorDefined"

    code: Code
    name: Names
    unit: Annotated[str, StringConstraints(min_length=1, max_length=50)]
    good_direction: GoodDirection
    thresholds: Thresholds


@registry.register
class IndicatorThresholdsChanged(DomainEvent):
    event_type = "IndicatorThresholdsChanged"

    code: Code
    thresholds: Thresholds
    reason: Reason


class ValueSource(StrEnum):
    REGIONAL_ASSEMBLY = "regional_assembly"
    SECRETARIAT = "secretariat"
    SURVEY_IMPORT = "survey_import"


class ValueRow(_Value):
    indicator: Code
    region: Code
    period: str
    value: Decimal


@registry.register
class IndicatorValuesReported(DomainEvent):
    """Values for regions and periods, submitted by a regional assembly or the Secretariat, or
    imported from a survey file; a revision replaces values already reported."""

    event_type = "IndicatorValuesReported"

    report_id: uuid.UUID
    source: ValueSource
    rows: tuple[ValueRow, ...]
    revision: bool
    reason: Reason | None
    file_name: str | None
    reported_by: Actor


# -- incidents and conflict situations (Reg2024 §4.10, §4.15) ---------------------------------


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


SEVERITY_ORDER: dict[Severity, int] = {
    Severity.LOW: 1,
    Severity.MEDIUM: 2,
    Severity.HIGH: 3,
    Severity.CRITICAL: 4,
}


class IncidentCategory(StrEnum):
    DOMESTIC_CONFLICT = "domestic_conflict"
    MASS_BRAWL = "mass_brawl"
    HATE_SPEECH = "hate_speech"
    DISCRIMINATION = "discrimination"
    LANGUAGE_DISPUTE = "language_dispute"
    LAND_OR_RESOURCE_DISPUTE = "land_or_resource_dispute"
    PROTEST = "protest"
    OTHER = "other"


@registry.register
class IncidentReported(DomainEvent):
    """An incident was reported: published by region, day, category, ethnic groups and
    severity; where exactly and what happened (the people involved) stay private."""

    event_type = "IncidentReported"
    schema_version = 2
    private_fields = frozenset({"private_place", "private_description"})

    incident_id: uuid.UUID
    region: Code
    occurred_on: date
    category: IncidentCategory
    ethnic_groups: tuple[Code, ...]
    severity: Severity
    reported_by: Actor
    reported_on: date
    private_place: Text
    private_description: LongText


@registry.upcaster(
    "IncidentReported",
    1,
    renamed={"private_place": "place", "private_description": "description"},
)
def _incident_reported_v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    data["private_place"] = data.pop("place")
    data["private_description"] = data.pop("description")
    return data


class IncidentStep(_Value):
    by: Actor
    reason: Reason
    on: date


@registry.register
class IncidentVerified(DomainEvent):
    event_type = "IncidentVerified"

    incident_id: uuid.UUID
    step: IncidentStep


@registry.register
class IncidentDismissed(DomainEvent):
    event_type = "IncidentDismissed"

    incident_id: uuid.UUID
    step: IncidentStep


@registry.register
class IncidentMediationStarted(DomainEvent):
    """Mediation in a dispute (Reg2024 §4.15)."""

    event_type = "IncidentMediationStarted"

    incident_id: uuid.UUID
    step: IncidentStep
    mediator: Text


@registry.register
class IncidentResolved(DomainEvent):
    event_type = "IncidentResolved"

    incident_id: uuid.UUID
    step: IncidentStep


@registry.register
class RecommendationIssued(DomainEvent):
    """A recommendation to settle a dispute or prevent a conflict situation, addressed to a
    state body (Reg2024 §4.10); it may rest on a Council resolution."""

    event_type = "RecommendationIssued"

    incident_id: uuid.UUID
    recommendation_id: uuid.UUID
    addressee: Text
    text: LongText
    resolution_id: uuid.UUID | None
    respond_by: date | None
    issued_on: date
    issued_by: Actor


# -- early warning (Strategy2002 §6) -----------------------------------------------------------

Ratio = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]*(/[1-9][0-9]*)?$")]


class IndicatorThresholdRule(_Value):
    """An indicator's latest value reached a threshold of its level (empty ``indicators``:
    every indicator)."""

    kind: Literal["indicator_threshold"] = "indicator_threshold"
    id: Code
    indicators: tuple[Code, ...] = ()


class RateLevel(_Value):
    level: AlertLevel
    factor: Ratio
    """The window's count exceeds the baseline average by this factor (an exact fraction)."""
    min_count: Annotated[int, Field(ge=1)]


class IncidentRateRule(_Value):
    """Incidents reported in a rolling window rose above the region's baseline: the average
    count per window over the preceding baseline period."""

    kind: Literal["incident_rate"] = "incident_rate"
    id: Code
    window_days: Annotated[int, Field(ge=1, le=366)]
    baseline_days: Annotated[int, Field(ge=1, le=3660)]
    min_severity: Severity = Severity.LOW
    levels: tuple[RateLevel, ...]


class OverdueAppealRule(_Value):
    """An appeal on one of ``topics`` is past its answer period."""

    kind: Literal["overdue_appeal"] = "overdue_appeal"
    id: Code
    topics: tuple[AppealTopic, ...]
    level: AlertLevel


Rule = Annotated[
    IndicatorThresholdRule | IncidentRateRule | OverdueAppealRule, Field(discriminator="kind")
]


@registry.register
class EarlyWarningRulesPublished(DomainEvent):
    """A new version of the early-warning rules; it applies to evaluations from now on."""

    event_type = "EarlyWarningRulesPublished"

    version: Annotated[int, Field(ge=1)]
    rules: tuple[Rule, ...]
    reason: Reason


@registry.register
class AlertRaised(DomainEvent):
    event_type = "AlertRaised"

    alert_id: uuid.UUID
    region: Code
    rule_id: Code
    rules_version: int
    rule_kind: str
    level: AlertLevel
    key: str
    evidence: tuple[str, ...]
    facts: dict[str, str]
    as_of: date


@registry.register
class AlertEscalated(DomainEvent):
    event_type = "AlertEscalated"

    alert_id: uuid.UUID
    region: Code
    level: AlertLevel
    evidence: tuple[str, ...]
    facts: dict[str, str]
    as_of: date


@registry.register
class AlertAcknowledged(DomainEvent):
    event_type = "AlertAcknowledged"

    alert_id: uuid.UUID
    region: Code
    by: Actor
    note: Reason
    on: date


@registry.register
class AlertClosed(DomainEvent):
    event_type = "AlertClosed"

    alert_id: uuid.UUID
    region: Code
    by: Actor
    reason: Reason
    on: date


# -- regional assemblies' periodic reports (Law 2008 Art. 14; Reg2024 §18–19) ------------------


class ReportedValue(_Value):
    indicator: Code
    value: Decimal


class ReportedIncident(_Value):
    """An incident a report carried, as it is published (its place and description stay in
    the incident's own private fields, ``IncidentReported``)."""

    incident_id: uuid.UUID
    occurred_on: date
    category: IncidentCategory
    severity: Severity


@registry.register
class RegionalReportSubmitted(DomainEvent):
    """A regional assembly's periodic information on interethnic relations in its region
    (Law 2008 Art. 14), submitted by the assembly or by the Secretariat on its behalf: who
    reported and when, the indicator values for the period and the incidents it carried.

    The values and incidents themselves are recorded by the same command as monitoring's own
    events (``IndicatorValuesReported`` in ``value_reports``, one ``IncidentReported`` per
    incident), so they appear wherever values and incidents appear. One stream per region and
    period: a correction is a new report that names the one it ``supersedes``, with a reason;
    the earlier one stays in the history."""

    event_type = "RegionalReportSubmitted"

    report_id: uuid.UUID
    assembly: Code
    region: Code
    period: Annotated[str, StringConstraints(min_length=4, max_length=16)]
    source: ValueSource
    reported_by: Actor
    reported_at: datetime
    reported_on: date
    values: tuple[ReportedValue, ...]
    incidents: tuple[ReportedIncident, ...]
    value_reports: tuple[uuid.UUID, ...]
    supersedes: uuid.UUID | None = None
    reason: Reason | None = None
