"""Early warning: rules kept as versioned data raise alerts per region (Strategy2002 §6). Pure.

The rules live in one stream (``early-warning-rules-current``); each publication is a new
version. An evaluation of a region as of a day turns the region's inputs (latest indicator
values, incidents, overdue appeals) into conditions, and the region's watch
(``early-warning-<region>``) turns conditions into alerts:

- a condition whose key has no open alert raises one, unless its evidence was all in an alert
  the Secretariat already closed (closing settles that evidence, new evidence raises again);
- a condition above its open alert's level escalates it;
- an alert stays until the Secretariat closes it, with reasons (it may acknowledge it first).

Levels: watch < pre-conflict < conflict.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from services.monitoring.domain.errors import AlertAlreadyClosed, RuleIdsNotUnique
from services.monitoring.domain.events import (
    LEVEL_ORDER,
    SEVERITY_ORDER,
    AlertAcknowledged,
    AlertClosed,
    AlertEscalated,
    AlertLevel,
    AlertRaised,
    AppealTopic,
    EarlyWarningRulesPublished,
    GoodDirection,
    IncidentRateRule,
    IndicatorThresholdRule,
    OverdueAppealRule,
    RateLevel,
    Rule,
    Severity,
    Thresholds,
)
from services.monitoring.domain.indicators import level_of
from shared.domain import Aggregate
from shared.errors import Conflict, NotFound
from shared.personal_data import refuse_personal_data

RULES_ID = "current"

DEFAULT_RULES: tuple[Rule, ...] = (
    IndicatorThresholdRule(id="indicator_thresholds"),
    IncidentRateRule(
        id="incident_rate_30d",
        window_days=30,
        baseline_days=365,
        min_severity=Severity.LOW,
        levels=(
            RateLevel(level=AlertLevel.WATCH, factor="3/2", min_count=2),
            RateLevel(level=AlertLevel.PRE_CONFLICT, factor="2", min_count=3),
            RateLevel(level=AlertLevel.CONFLICT, factor="3", min_count=5),
        ),
    ),
    OverdueAppealRule(
        id="overdue_interethnic_appeal",
        topics=(
            AppealTopic.INTERETHNIC_RELATIONS,
            AppealTopic.LANGUAGE_USE,
            AppealTopic.DISCRIMINATION,
        ),
        level=AlertLevel.WATCH,
    ),
)
"""Version 1, seeded by the migration; the Secretariat publishes later versions."""


class RuleSet(Aggregate):
    stream_type = "early-warning-rules"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.rules_version = 0
        self.rules: tuple[Rule, ...] = ()

    def publish(self, rules: Sequence[Rule], reason: str) -> None:
        refuse_personal_data("reason", reason)
        ids = set()
        for rule in rules:
            if rule.id in ids:
                raise RuleIdsNotUnique(rule.id)
            ids.add(rule.id)
        self._record(
            EarlyWarningRulesPublished(
                version=self.rules_version + 1, rules=tuple(rules), reason=reason
            )
        )

    def when_EarlyWarningRulesPublished(self, event: EarlyWarningRulesPublished) -> None:
        self.rules_version = event.version
        self.rules = event.rules


# -- inputs and conditions --------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """An indicator's latest value in the region on the evaluation day."""

    indicator: str
    period: str
    value: Decimal
    good_direction: GoodDirection
    thresholds: Thresholds


@dataclass(frozen=True)
class IncidentFact:
    incident_id: str
    occurred_on: date
    severity: Severity
    dismissed: bool


@dataclass(frozen=True)
class OverdueAppeal:
    appeal_id: str
    number: str
    topic: AppealTopic
    answer_due: date


@dataclass(frozen=True)
class RegionInputs:
    readings: Sequence[Reading] = ()
    incidents: Sequence[IncidentFact] = ()
    overdue_appeals: Sequence[OverdueAppeal] = ()


@dataclass(frozen=True)
class Condition:
    rule_id: str
    rule_kind: str
    key: str
    level: AlertLevel
    evidence: tuple[str, ...]
    facts: dict[str, str] = field(default_factory=dict)


def lookback_days(rules: Iterable[Rule]) -> int:
    """How far back incidents matter to these rules."""
    return max(
        (r.window_days + r.baseline_days for r in rules if isinstance(r, IncidentRateRule)),
        default=0,
    )


def _indicator_conditions(rule: IndicatorThresholdRule, inputs: RegionInputs) -> list[Condition]:
    result = []
    for reading in inputs.readings:
        if rule.indicators and reading.indicator not in rule.indicators:
            continue
        reached = level_of(reading.good_direction, reading.thresholds, reading.value)
        if reached is None:
            continue
        level, threshold = reached
        result.append(
            Condition(
                rule_id=rule.id,
                rule_kind=rule.kind,
                key=f"{rule.id}:{reading.indicator}",
                level=level,
                evidence=(f"{reading.indicator}@{reading.period}",),
                facts={
                    "indicator": reading.indicator,
                    "period": reading.period,
                    "value": str(reading.value),
                    "threshold": str(threshold),
                    "good_direction": reading.good_direction.value,
                },
            )
        )
    return result


def _incident_conditions(
    rule: IncidentRateRule, inputs: RegionInputs, as_of: date
) -> list[Condition]:
    window_start = as_of - timedelta(days=rule.window_days)
    baseline_start = window_start - timedelta(days=rule.baseline_days)
    counted = [
        i
        for i in inputs.incidents
        if not i.dismissed and SEVERITY_ORDER[i.severity] >= SEVERITY_ORDER[rule.min_severity]
    ]
    window = sorted(i.incident_id for i in counted if window_start < i.occurred_on <= as_of)
    baseline = sum(1 for i in counted if baseline_start < i.occurred_on <= window_start)
    # The baseline's average count per window of the same length.
    per_window = Fraction(baseline * rule.window_days, rule.baseline_days)
    for level in sorted(rule.levels, key=lambda lv: LEVEL_ORDER[lv.level], reverse=True):
        factor = Fraction(level.factor)
        if len(window) >= level.min_count and len(window) > per_window * factor:
            return [
                Condition(
                    rule_id=rule.id,
                    rule_kind=rule.kind,
                    key=rule.id,
                    level=level.level,
                    evidence=tuple(window),
                    facts={
                        "window_days": str(rule.window_days),
                        "count": str(len(window)),
                        "baseline_count": str(baseline),
                        "baseline_per_window": str(per_window),
                        "factor": level.factor,
                    },
                )
            ]
    return []


def _appeal_conditions(rule: OverdueAppealRule, inputs: RegionInputs) -> list[Condition]:
    return [
        Condition(
            rule_id=rule.id,
            rule_kind=rule.kind,
            key=f"{rule.id}:{appeal.appeal_id}",
            level=rule.level,
            evidence=(appeal.appeal_id,),
            facts={
                "appeal_id": appeal.appeal_id,
                "number": appeal.number,
                "topic": appeal.topic.value,
                "answer_due": appeal.answer_due.isoformat(),
            },
        )
        for appeal in inputs.overdue_appeals
        if appeal.topic in rule.topics
    ]


def evaluate(rules: Iterable[Rule], inputs: RegionInputs, as_of: date) -> list[Condition]:
    """The conditions the rules find in a region's inputs on ``as_of``."""
    result: list[Condition] = []
    for rule in rules:
        if isinstance(rule, IndicatorThresholdRule):
            result += _indicator_conditions(rule, inputs)
        elif isinstance(rule, IncidentRateRule):
            result += _incident_conditions(rule, inputs, as_of)
        else:
            result += _appeal_conditions(rule, inputs)
    return result


# -- a region's alerts ------------------------------------------------------------------------


@dataclass
class AlertState:
    alert_id: uuid.UUID
    key: str
    level: AlertLevel
    status: str
    evidence: frozenset[str]


class RegionWatch(Aggregate):
    stream_type = "early-warning"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.alerts: dict[uuid.UUID, AlertState] = {}
        self.open_by_key: dict[str, uuid.UUID] = {}
        self.settled: dict[str, frozenset[str]] = {}
        """Per key, the evidence of the alerts the Secretariat closed."""

    def apply_conditions(
        self,
        conditions: Iterable[Condition],
        rules_version: int,
        as_of: date,
        new_id: Callable[[], uuid.UUID] = uuid.uuid4,
    ) -> None:
        for condition in conditions:
            open_id = self.open_by_key.get(condition.key)
            if open_id is not None:
                current = self.alerts[open_id]
                if LEVEL_ORDER[condition.level] > LEVEL_ORDER[current.level]:
                    self._record(
                        AlertEscalated(
                            alert_id=open_id,
                            region=self.id,
                            level=condition.level,
                            evidence=condition.evidence,
                            facts=condition.facts,
                            as_of=as_of,
                        )
                    )
                continue
            if set(condition.evidence) <= self.settled.get(condition.key, frozenset()):
                continue
            self._record(
                AlertRaised(
                    alert_id=new_id(),
                    region=self.id,
                    rule_id=condition.rule_id,
                    rules_version=rules_version,
                    rule_kind=condition.rule_kind,
                    level=condition.level,
                    key=condition.key,
                    evidence=condition.evidence,
                    facts=condition.facts,
                    as_of=as_of,
                )
            )

    def _alert(self, alert_id: uuid.UUID) -> AlertState:
        alert = self.alerts.get(alert_id)
        if alert is None:
            raise NotFound(None, resource="alert", id=str(alert_id))
        if alert.status == "closed":
            raise AlertAlreadyClosed(str(alert_id))
        return alert

    def acknowledge(self, alert_id: uuid.UUID, by: str, note: str, on: date) -> None:
        alert = self._alert(alert_id)
        if alert.status == "acknowledged":
            raise Conflict(None, reason="alert_already_acknowledged", alert_id=str(alert_id))
        refuse_personal_data("text", note)
        self._record(AlertAcknowledged(alert_id=alert_id, region=self.id, by=by, note=note, on=on))

    def close(self, alert_id: uuid.UUID, by: str, reason: str, on: date) -> None:
        self._alert(alert_id)
        refuse_personal_data("text", reason)
        self._record(AlertClosed(alert_id=alert_id, region=self.id, by=by, reason=reason, on=on))

    def when_AlertRaised(self, event: AlertRaised) -> None:
        self.alerts[event.alert_id] = AlertState(
            event.alert_id, event.key, event.level, "open", frozenset(event.evidence)
        )
        self.open_by_key[event.key] = event.alert_id

    def when_AlertEscalated(self, event: AlertEscalated) -> None:
        alert = self.alerts[event.alert_id]
        alert.level = event.level
        alert.evidence = alert.evidence | frozenset(event.evidence)

    def when_AlertAcknowledged(self, event: AlertAcknowledged) -> None:
        self.alerts[event.alert_id].status = "acknowledged"

    def when_AlertClosed(self, event: AlertClosed) -> None:
        alert = self.alerts[event.alert_id]
        alert.status = "closed"
        self.open_by_key.pop(alert.key, None)
        self.settled[alert.key] = self.settled.get(alert.key, frozenset()) | alert.evidence
