"""The early-warning command handlers: the rules the Secretariat publishes and the watch of
each region, its evaluation and its alerts' steps (Strategy2002 §6)."""

from __future__ import annotations

from datetime import date, timedelta

from services.monitoring import projections
from services.monitoring.application.calendar import not_after
from services.monitoring.application.scope import known_region
from services.monitoring.domain.commands import (
    AlertStep,
    EvaluateRegion,
    PublishRules,
)
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
from services.monitoring.domain.events import (
    AppealTopic,
    GoodDirection,
    OverdueAppealRule,
    Severity,
)
from shared.application import Repository, UnitOfWork
from shared.errors import NotFound

rulesets = Repository(RuleSet)
watches = Repository(RegionWatch)


async def publish_rules(command: PublishRules, uow: UnitOfWork) -> RuleSet:
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
        for r in await projections.monitoring.latest_readings(uow.db, region, as_of)
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
            for r in await projections.monitoring.incidents_since(
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
            for r in await projections.appeals.overdue_interethnic(uow.db, region, as_of, topics)
        ]
    return RegionInputs(readings=readings, incidents=facts, overdue_appeals=overdue)


async def evaluate_region(command: EvaluateRegion, uow: UnitOfWork) -> RegionWatch:
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


async def alert_step(command: AlertStep, uow: UnitOfWork) -> RegionWatch:
    not_after("on", command.on, command.today)
    found = await projections.monitoring.alert(uow.db, command.alert_id)
    if found is None:
        raise NotFound(None, resource="alert", id=str(command.alert_id))
    watch = await watches.load(uow, found["region"])
    if command.step == "acknowledge":
        watch.acknowledge(command.alert_id, uow.actor.subject, command.text, command.on)
    else:
        watch.close(command.alert_id, uow.actor.subject, command.text, command.on)
    await watches.save(uow, watch)
    return watch
