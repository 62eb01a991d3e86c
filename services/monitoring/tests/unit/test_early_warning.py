"""Early-warning rules and a region's alerts (Strategy2002 §6)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest

from services.monitoring.domain.early_warning import (
    DEFAULT_RULES,
    IncidentFact,
    OverdueAppeal,
    Reading,
    RegionInputs,
    RegionWatch,
    RuleSet,
    evaluate,
)
from services.monitoring.domain.errors import AlertAlreadyClosed, RuleIdsNotUnique
from services.monitoring.domain.events import (
    AlertClosed,
    AlertEscalated,
    AlertLevel,
    AlertRaised,
    AppealTopic,
    EarlyWarningRulesPublished,
    GoodDirection,
    Severity,
    Thresholds,
)

AS_OF = date(2026, 6, 30)
TRUST = Thresholds(watch=Decimal(60), pre_conflict=Decimal(50), conflict=Decimal(40))


def reading(value: str, period: str = "2026-Q2") -> Reading:
    return Reading("trust_index", period, Decimal(value), GoodDirection.HIGHER, TRUST)


def incidents(days_ago: list[int], severity: Severity = Severity.MEDIUM) -> list[IncidentFact]:
    return [
        IncidentFact(f"i{n}", AS_OF - timedelta(days=d), severity, dismissed=False)
        for n, d in enumerate(days_ago)
    ]


def test_the_migration_seeds_the_default_rules() -> None:
    from importlib import import_module

    migration = import_module("services.monitoring.migrations.versions.0002_monitoring")
    published = EarlyWarningRulesPublished.model_validate(migration.RULES_V1)
    assert published.rules == DEFAULT_RULES


def test_an_indicator_crossing_a_threshold() -> None:
    assert evaluate(DEFAULT_RULES, RegionInputs(readings=[reading("61")]), AS_OF) == []
    (condition,) = evaluate(DEFAULT_RULES, RegionInputs(readings=[reading("49")]), AS_OF)
    assert condition.level is AlertLevel.PRE_CONFLICT
    assert condition.key == "indicator_thresholds:trust_index"
    assert condition.facts["threshold"] == "50"


def test_incidents_above_the_baseline() -> None:
    # Baseline: 6 incidents in the 365 days before the window ≈ 0.49 per 30 days.
    baseline = [40 + 50 * k for k in range(6)]
    assert evaluate(DEFAULT_RULES, RegionInputs(incidents=incidents([3, *baseline])), AS_OF) == []
    (watch,) = evaluate(DEFAULT_RULES, RegionInputs(incidents=incidents([3, 9, *baseline])), AS_OF)
    assert watch.level is AlertLevel.WATCH and watch.evidence == ("i0", "i1")
    (conflict,) = evaluate(
        DEFAULT_RULES, RegionInputs(incidents=incidents([1, 2, 3, 4, 5, *baseline])), AS_OF
    )
    assert conflict.level is AlertLevel.CONFLICT
    # A busy baseline raises the bar: 2 in the window against ~2 per window is no alert.
    busy = [31 + 6 * k for k in range(24)]
    assert evaluate(DEFAULT_RULES, RegionInputs(incidents=incidents([3, 9, *busy])), AS_OF) == []


def test_dismissed_incidents_do_not_count() -> None:
    facts = [
        IncidentFact("a", AS_OF, Severity.HIGH, True),
        IncidentFact("b", AS_OF, Severity.HIGH, True),
    ]
    assert evaluate(DEFAULT_RULES, RegionInputs(incidents=facts), AS_OF) == []


def test_an_overdue_appeal_on_an_interethnic_topic() -> None:
    overdue = [
        OverdueAppeal("a1", "APK-2026-000001", AppealTopic.LANGUAGE_USE, date(2026, 6, 1)),
        OverdueAppeal("a2", "APK-2026-000002", AppealTopic.OTHER, date(2026, 6, 1)),
    ]
    (condition,) = evaluate(DEFAULT_RULES, RegionInputs(overdue_appeals=overdue), AS_OF)
    assert condition.key == "overdue_interethnic_appeal:a1"


def test_alerts_are_raised_escalated_and_closed_with_reasons() -> None:
    watch = RegionWatch("abai")
    watch.apply_conditions(
        evaluate(DEFAULT_RULES, RegionInputs(readings=[reading("59")]), AS_OF), 1, AS_OF
    )
    (raised,) = watch.pending_events
    assert isinstance(raised, AlertRaised) and raised.level is AlertLevel.WATCH
    watch.mark_saved()
    # The same condition again: nothing new. A worse value: escalated.
    watch.apply_conditions(
        evaluate(DEFAULT_RULES, RegionInputs(readings=[reading("58")]), AS_OF), 1, AS_OF
    )
    assert watch.pending_events == ()
    watch.apply_conditions(
        evaluate(DEFAULT_RULES, RegionInputs(readings=[reading("39")]), AS_OF), 1, AS_OF
    )
    (escalated,) = watch.pending_events
    assert isinstance(escalated, AlertEscalated) and escalated.level is AlertLevel.CONFLICT
    watch.mark_saved()
    watch.acknowledge(raised.alert_id, "secretariat-1", "Выезд рабочей группы", AS_OF)
    watch.close(raised.alert_id, "secretariat-1", "Проведены встречи, ситуация стабильна", AS_OF)
    assert isinstance(watch.pending_events[-1], AlertClosed)
    watch.mark_saved()
    with pytest.raises(AlertAlreadyClosed):
        watch.close(raised.alert_id, "secretariat-1", "Ещё раз", AS_OF)
    # The same evidence is settled; a new period's value raises a new alert.
    watch.apply_conditions(
        evaluate(DEFAULT_RULES, RegionInputs(readings=[reading("39")]), AS_OF), 1, AS_OF
    )
    assert watch.pending_events == ()
    watch.apply_conditions(
        evaluate(DEFAULT_RULES, RegionInputs(readings=[reading("45", "2026-Q3")]), AS_OF), 1, AS_OF
    )
    (again,) = watch.pending_events
    assert isinstance(again, AlertRaised) and again.alert_id != raised.alert_id


def test_rules_are_versioned_and_their_ids_unique() -> None:
    rules = RuleSet("current")
    rules.publish(DEFAULT_RULES, "Первые правила")
    rules.publish(DEFAULT_RULES[:1], "Только пороги")
    assert [e.version for e in rules.pending_events] == [1, 2]  # type: ignore[attr-defined]
    with pytest.raises(RuleIdsNotUnique):
        rules.publish([DEFAULT_RULES[0], DEFAULT_RULES[0]], "Дубль")


def test_an_unknown_alert() -> None:
    from shared.errors import NotFound

    with pytest.raises(NotFound):
        RegionWatch("abai").acknowledge(uuid.uuid4(), "s", "note", AS_OF)
