"""Monitoring command handlers: one unit of work per command, one append to one stream.

Handlers read what the pure domain needs (the calendar, the reference data, the read models
an evaluation looks at) and pass it in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import date, timedelta

from sqlalchemy import text

from services.monitoring.domain import commands as c
from services.monitoring.domain.appeal import Appeal
from services.monitoring.domain.calendar import CALENDAR_ID, Calendar
from services.monitoring.domain.early_warning import (
    RULES_ID,
    IncidentFact,
    OverdueAppeal,
    Reading,
    RegionInputs,
    RegionWatch,
    RuleSet,
    evaluate,
    lookback_days,
)
from services.monitoring.domain.errors import (
    UnknownEthnicGroup,
    UnknownRegion,
    UnknownResolution,
    date_in_future,
)
from services.monitoring.domain.events import (
    AppealTopic,
    GoodDirection,
    IncidentStep,
    OverdueAppealRule,
    Severity,
)
from services.monitoring.domain.incident import Incident
from services.monitoring.domain.indicators import Indicator, IndicatorReport, ReportContext
from services.monitoring.projections import queries
from shared.application import Repository, UnitOfWork
from shared.assemblies import ensure_may_act_for
from shared.calendars import WorkingCalendar
from shared.context import Actor
from shared.errors import Forbidden, NotFound
from shared.reference_cache import KnownCodes

calendars = Repository(Calendar)
appeals = Repository(Appeal)
indicators = Repository(Indicator)
reports = Repository(IndicatorReport)
incidents = Repository(Incident)
rulesets = Repository(RuleSet)
watches = Repository(RegionWatch)

SECRETARIAT = "secretariat"
REGIONAL = "regional_assembly"
_NUMBERING_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended('appeal-numbering', 0))")


def not_after(field: str, day: date, today: date) -> None:
    if day > today:
        raise date_in_future(field, day)


def in_scope(uow: UnitOfWork, region: str) -> None:
    """The Secretariat acts for every region; a regional assembly for its own only
    (Reg2024 §18–19): 403 ``assembly_scope`` otherwise, as in every service
    (``shared.assemblies``; a region's code names its assembly)."""
    actor = uow.actor
    if SECRETARIAT in actor.roles:
        return
    if REGIONAL in actor.roles:
        ensure_may_act_for(actor, region)
        return
    raise Forbidden(None, reason="role_required", roles=f"{SECRETARIAT}, {REGIONAL}")


def may_read_incident_text(actor: Actor, region: str) -> bool:
    """Where an incident happened and what happened name the people involved: read whole by
    the Secretariat, which verifies the incident (Reg2024 §17), and by the assembly of its
    region, which reports it and mediates (Reg2024 §4.15, §18–19); masked for the others."""
    if SECRETARIAT in actor.roles:
        return True
    return REGIONAL in actor.roles and actor.region == region


def scope_of(uow: UnitOfWork) -> str | None:
    """The region a regional assembly acts for; None for the Secretariat."""
    if SECRETARIAT in uow.actor.roles:
        return None
    if REGIONAL in uow.actor.roles and uow.actor.region:
        return uow.actor.region
    raise Forbidden(None, reason="assembly_scope", assembly="")


# Regions come from membership's events and are never removed: served from memory once seen.
known_regions = KnownCodes(queries.region_exists)


async def known_region(uow: UnitOfWork, region: str) -> None:
    if not await known_regions.exists(uow, region):
        raise UnknownRegion(region)  # Reg2024 §18–19


async def working_calendar(uow: UnitOfWork) -> WorkingCalendar:
    # Read only: the instance kept between commands, caught up with one indexed lookup.
    calendar = await calendars.read(uow, CALENDAR_ID, lock=False)
    if calendar is None:
        raise NotFound(None, resource="calendar", id=CALENDAR_ID)
    return calendar.working_calendar()


def secret_hash(secret: str) -> str:
    return hashlib.sha256(f"kelisim-appeal-secret:{secret}".encode()).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(secret_hash(secret), stored_hash)


# -- calendar -----------------------------------------------------------------------------------


async def _calendar_for_change(uow: UnitOfWork) -> Calendar:
    return await calendars.get(uow, CALENDAR_ID) or Calendar(CALENDAR_ID)


async def publish_calendar_year(command: c.PublishCalendarYear, uow: UnitOfWork) -> Calendar:
    calendar = await _calendar_for_change(uow)
    calendar.publish_year(command.year, command.status, command.days, command.sources)
    await calendars.save(uow, calendar)
    return calendar


async def declare_calendar_day(command: c.DeclareCalendarDay, uow: UnitOfWork) -> Calendar:
    calendar = await _calendar_for_change(uow)
    calendar.declare_day(command.entry, command.source, command.reason)
    await calendars.save(uow, calendar)
    return calendar


async def withdraw_calendar_day(command: c.WithdrawCalendarDay, uow: UnitOfWork) -> Calendar:
    calendar = await _calendar_for_change(uow)
    calendar.withdraw_day(command.day, command.reason)
    await calendars.save(uow, calendar)
    return calendar


# -- appeals ------------------------------------------------------------------------------------


async def register_appeal(command: c.RegisterAppeal, uow: UnitOfWork) -> tuple[Appeal, str]:
    """Register an appeal under the next number of its year (APPC 2020 Art. 64); the secret
    is returned once, only its hash is kept."""
    if command.received_at > command.now + timedelta(minutes=5):
        raise date_in_future("received_at", command.received_at.date())
    await known_region(uow, command.region)
    calendar = await working_calendar(uow)
    secret = secrets.token_urlsafe(24)
    # Numbers are given one at a time: the lock (no write, so the append stays first) queues
    # concurrent registrations, and each reads the count its predecessor committed.
    await uow.db.execute(_NUMBERING_LOCK)
    registered_on = calendar.registration_day(command.received_at)
    number = await queries.next_appeal_number(uow.db, registered_on.year)
    appeal = Appeal.register(
        uuid.uuid4(),
        number,
        command.received_at,
        command.channel,
        command.received_by,
        command.region,
        command.topic,
        command.language,
        command.applicant,
        command.text,
        secret_hash(secret),
        calendar,
    )
    await appeals.save(uow, appeal)
    return appeal, secret


async def _appeal(uow: UnitOfWork, appeal_id: uuid.UUID, expected: int | None) -> Appeal:
    return await appeals.load(uow, str(appeal_id), expected)


async def assign_appeal(command: c.AssignAppeal, uow: UnitOfWork) -> Appeal:
    not_after("assigned_on", command.assigned_on, command.today)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.assign(command.officer, command.assigned_on, uow.actor.subject)
    await appeals.save(uow, appeal)
    return appeal


async def forward_appeal(command: c.ForwardAppeal, uow: UnitOfWork) -> Appeal:
    not_after("forwarded_on", command.forwarded_on, command.today)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.forward(command.body, command.reason, command.forwarded_on, uow.actor.subject)
    await appeals.save(uow, appeal)
    return appeal


async def extend_appeal(command: c.ExtendAppeal, uow: UnitOfWork) -> Appeal:
    not_after("decided_on", command.decided_on, command.today)
    calendar = await working_calendar(uow)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.extend(command.decided_on, uow.actor.subject, command.reason, command.new_due, calendar)
    await appeals.save(uow, appeal)
    return appeal


async def notify_applicant(command: c.NotifyApplicant, uow: UnitOfWork) -> Appeal:
    not_after("notified_on", command.notified_on, command.today)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.notify(command.subject, command.notified_on, command.means)
    await appeals.save(uow, appeal)
    return appeal


async def answer_appeal(command: c.AnswerAppeal, uow: UnitOfWork) -> Appeal:
    not_after("answered_on", command.answered_on, command.today)
    appeal = await _appeal(uow, command.appeal_id, command.expected_version)
    appeal.answer(command.answered_on, uow.actor.subject, command.summary)
    await appeals.save(uow, appeal)
    return appeal


# -- indicators ---------------------------------------------------------------------------------


async def define_indicator(command: c.DefineIndicator, uow: UnitOfWork) -> Indicator:
    existing = await indicators.get(uow, command.code)
    indicator = Indicator.define(
        existing,
        command.code,
        command.name,
        command.unit,
        command.good_direction,
        command.thresholds,
    )
    await indicators.save(uow, indicator)
    return indicator


async def change_thresholds(command: c.ChangeThresholds, uow: UnitOfWork) -> Indicator:
    indicator = await indicators.load(uow, command.code, command.expected_version)
    indicator.change_thresholds(command.thresholds, command.reason)
    await indicators.save(uow, indicator)
    return indicator


async def report_values(command: c.ReportValues, uow: UnitOfWork) -> IndicatorReport:
    """All rows or none (a report is one append): every row checked against the indicators,
    the regions, the reporter's region and what is already on record."""
    scope = scope_of(uow)
    for row in command.rows:
        if scope is not None and row.region != scope and row.region:
            in_scope(uow, row.region)  # a row for another region: 403 before any row check
    known = {r["code"] for r in await queries.indicators(uow.db)}
    keys = [(r.indicator, r.region, r.period) for r in command.rows]
    reported = await queries.reported_keys(uow.db, keys)
    context = ReportContext(
        indicators=known,
        regions=await queries.region_codes(uow.db),
        reported=lambda i, r, p: (i, r, p) in reported,
        scope_region=scope,
    )
    report = IndicatorReport.file(
        uuid.uuid4(),
        command.source,
        list(command.rows),
        context,
        command.revision,
        command.reason,
        command.file_name,
        uow.actor.subject,
        list(command.shape_errors),
    )
    await reports.save(uow, report)
    return report


# -- incidents ----------------------------------------------------------------------------------


async def report_incident(command: c.ReportIncident, uow: UnitOfWork) -> Incident:
    not_after("reported_on", command.reported_on, command.today)
    in_scope(uow, command.region)
    await known_region(uow, command.region)
    groups = await queries.ethnic_group_codes(uow.db)
    for code in command.ethnic_groups:
        if code not in groups:
            raise UnknownEthnicGroup(code)
    incident = Incident.report(
        uuid.uuid4(),
        command.region,
        command.place,
        command.occurred_on,
        command.category,
        command.ethnic_groups,
        command.severity,
        command.description,
        uow.actor.subject,
        command.reported_on,
    )
    await incidents.save(uow, incident)
    return incident


async def incident_step(command: c.IncidentStepCommand, uow: UnitOfWork) -> Incident:
    not_after("on", command.on, command.today)
    incident = await incidents.load(uow, str(command.incident_id), command.expected_version)
    step = IncidentStep(by=uow.actor.subject, reason=command.reason, on=command.on)
    if command.step in ("verify", "dismiss"):
        # Verification is the Secretariat's (Reg2024 §17).
        if SECRETARIAT not in uow.actor.roles:
            raise Forbidden(None, reason="role_required", roles=SECRETARIAT)
    else:
        in_scope(uow, incident.region)
    match command.step:
        case "verify":
            incident.verify(step)
        case "dismiss":
            incident.dismiss(step)
        case "mediate":
            incident.start_mediation(step, command.mediator or uow.actor.subject)
        case _:
            incident.resolve(step)
    await incidents.save(uow, incident)
    return incident


async def issue_recommendation(command: c.IssueRecommendation, uow: UnitOfWork) -> Incident:
    not_after("issued_on", command.issued_on, command.today)
    if command.resolution_id is not None:
        found = await queries.resolution(uow.db, command.resolution_id)
        # Reg2024 §4.10: a recommendation rests on a resolution received and not rejected.
        if found is None or found["adopted"] is False:
            raise UnknownResolution(str(command.resolution_id))
    incident = await incidents.load(uow, str(command.incident_id), command.expected_version)
    incident.recommend(
        uuid.uuid4(),
        command.addressee,
        command.text,
        command.resolution_id,
        command.respond_by,
        command.issued_on,
        uow.actor.subject,
    )
    await incidents.save(uow, incident)
    return incident


# -- early warning ------------------------------------------------------------------------------


async def publish_rules(command: c.PublishRules, uow: UnitOfWork) -> RuleSet:
    ruleset = await rulesets.get(uow, RULES_ID) or RuleSet(RULES_ID)
    if command.expected_version is not None:
        ruleset = await rulesets.load(uow, RULES_ID, command.expected_version)
    ruleset.publish(command.rules, command.reason)
    await rulesets.save(uow, ruleset)
    return ruleset


async def region_inputs(
    uow: UnitOfWork, ruleset: RuleSet, region: str, as_of: date
) -> RegionInputs:
    readings = [
        Reading(
            indicator=r["indicator"],
            period=r["period"],
            value=r["value"],
            good_direction=GoodDirection(r["good_direction"]),
            thresholds=r["thresholds"],
        )
        for r in await queries.latest_readings(uow.db, region, as_of)
    ]
    lookback = lookback_days(ruleset.rules)
    facts = []
    if lookback:
        facts = [
            IncidentFact(
                incident_id=str(r["incident_id"]),
                occurred_on=r["occurred_on"],
                severity=Severity(r["severity"]),
                dismissed=r["status"] == "dismissed",
            )
            for r in await queries.incidents_since(
                uow.db, region, as_of - timedelta(days=lookback), as_of
            )
        ]
    topics = sorted(
        {
            t.value
            for rule in ruleset.rules
            if isinstance(rule, OverdueAppealRule)
            for t in rule.topics
        }
    )
    overdue = []
    if topics:
        overdue = [
            OverdueAppeal(
                appeal_id=str(r["appeal_id"]),
                number=r["number"],
                topic=AppealTopic(r["topic"]),
                answer_due=r["answer_due"],
            )
            for r in await queries.overdue_interethnic(uow.db, region, as_of, topics)
        ]
    return RegionInputs(readings=readings, incidents=facts, overdue_appeals=overdue)


async def evaluate_region(command: c.EvaluateRegion, uow: UnitOfWork) -> RegionWatch:
    """Raise or escalate the region's alerts by the rules in force (Strategy2002 §6)."""
    await known_region(uow, command.region)
    ruleset = await rulesets.load(uow, RULES_ID, lock=False)
    watch = await watches.get(uow, command.region) or RegionWatch(command.region)
    inputs = await region_inputs(uow, ruleset, command.region, command.as_of)
    conditions = evaluate(ruleset.rules, inputs, command.as_of)
    watch.apply_conditions(conditions, ruleset.rules_version, command.as_of)
    if watch.pending_events:
        await watches.save(uow, watch)
    return watch


async def alert_step(command: c.AlertStep, uow: UnitOfWork) -> RegionWatch:
    not_after("on", command.on, command.today)
    found = await queries.alert(uow.db, command.alert_id)
    if found is None:
        raise NotFound(None, resource="alert", id=str(command.alert_id))
    watch = await watches.load(uow, found["region"])
    if command.step == "acknowledge":
        watch.acknowledge(command.alert_id, uow.actor.subject, command.text, command.on)
    else:
        watch.close(command.alert_id, uow.actor.subject, command.text, command.on)
    await watches.save(uow, watch)
    return watch
