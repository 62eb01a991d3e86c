"""Incidents and conflict situations (Reg2024 §4.10, §4.15). Pure.

One stream per incident (``incident-<id>``). Its lifecycle: reported → verified or dismissed
→ (verified) in mediation → resolved; each step records who took it, when and why.
Recommendations to state bodies to settle the dispute or prevent a conflict (Reg2024 §4.10)
are linked to the incident, and may rest on a Council resolution.

Where it happened and what happened name the people involved: they are private (see
``events``). The steps' reasons, the mediator and the recommendations are published: an
IIN or BIN, a phone number or an e-mail address in them is refused.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

from services.monitoring.domain.errors import IncidentTransitionRefused, date_before
from services.monitoring.domain.events import (
    IncidentCategory,
    IncidentDismissed,
    IncidentMediationStarted,
    IncidentReported,
    IncidentResolved,
    IncidentStep,
    IncidentVerified,
    RecommendationIssued,
    Severity,
)
from shared.domain import Aggregate
from shared.personal_data import refuse_personal_data


class IncidentStatus(StrEnum):
    REPORTED = "reported"
    VERIFIED = "verified"
    DISMISSED = "dismissed"
    IN_MEDIATION = "in_mediation"
    RESOLVED = "resolved"


OPEN_STATUSES = frozenset(
    {IncidentStatus.REPORTED, IncidentStatus.VERIFIED, IncidentStatus.IN_MEDIATION}
)

# Which step may follow which status.
_ALLOWED: dict[str, frozenset[IncidentStatus]] = {
    "verify": frozenset({IncidentStatus.REPORTED}),
    "dismiss": frozenset({IncidentStatus.REPORTED}),
    "mediate": frozenset({IncidentStatus.VERIFIED}),
    "resolve": frozenset({IncidentStatus.IN_MEDIATION}),
    "recommend": frozenset(
        {IncidentStatus.VERIFIED, IncidentStatus.IN_MEDIATION, IncidentStatus.RESOLVED}
    ),
}


class Incident(Aggregate):
    stream_type = "incident"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.status: IncidentStatus | None = None
        self.region = ""
        self.occurred_on: date | None = None
        self.last_step_on: date | None = None
        self.recommendations: list[uuid.UUID] = []

    @classmethod
    def report(
        cls,
        incident_id: uuid.UUID,
        region: str,
        place: str,
        occurred_on: date,
        category: IncidentCategory,
        ethnic_groups: Sequence[str],
        severity: Severity,
        description: str,
        reported_by: str,
        reported_on: date,
    ) -> Incident:
        if reported_on < occurred_on:
            raise date_before("reported_on", reported_on, occurred_on)
        incident = cls(str(incident_id))
        incident._record(
            IncidentReported(
                incident_id=incident_id,
                region=region,
                occurred_on=occurred_on,
                category=category,
                ethnic_groups=tuple(sorted(set(ethnic_groups))),
                severity=severity,
                reported_by=reported_by,
                reported_on=reported_on,
                private_place=place,
                private_description=description,
            )
        )
        return incident

    def _step(self, name: str, step: IncidentStep) -> uuid.UUID:
        if self.status not in _ALLOWED[name]:
            raise IncidentTransitionRefused(str(self.status), name)
        assert self.last_step_on is not None
        if step.on < self.last_step_on:
            raise date_before("on", step.on, self.last_step_on)
        refuse_personal_data("reason", step.reason)
        return uuid.UUID(self.id)

    def verify(self, step: IncidentStep) -> None:
        self._record(IncidentVerified(incident_id=self._step("verify", step), step=step))

    def dismiss(self, step: IncidentStep) -> None:
        self._record(IncidentDismissed(incident_id=self._step("dismiss", step), step=step))

    def start_mediation(self, step: IncidentStep, mediator: str) -> None:
        """Mediation in the dispute (Reg2024 §4.15)."""
        incident_id = self._step("mediate", step)
        refuse_personal_data("mediator", mediator)
        self._record(
            IncidentMediationStarted(incident_id=incident_id, step=step, mediator=mediator)
        )

    def resolve(self, step: IncidentStep) -> None:
        self._record(IncidentResolved(incident_id=self._step("resolve", step), step=step))

    def recommend(
        self,
        recommendation_id: uuid.UUID,
        addressee: str,
        text: str,
        resolution_id: uuid.UUID | None,
        respond_by: date | None,
        issued_on: date,
        issued_by: str,
    ) -> None:
        """A recommendation to a state body on a verified incident (Reg2024 §4.10)."""
        if self.status not in _ALLOWED["recommend"]:
            raise IncidentTransitionRefused(str(self.status), "recommend")
        assert self.occurred_on is not None
        if issued_on < self.occurred_on:
            raise date_before("issued_on", issued_on, self.occurred_on)
        if respond_by is not None and respond_by < issued_on:
            raise date_before("respond_by", respond_by, issued_on)
        refuse_personal_data("addressee", addressee)
        refuse_personal_data("text", text)
        self._record(
            RecommendationIssued(
                incident_id=uuid.UUID(self.id),
                recommendation_id=recommendation_id,
                addressee=addressee,
                text=text,
                resolution_id=resolution_id,
                respond_by=respond_by,
                issued_on=issued_on,
                issued_by=issued_by,
            )
        )

    def when_IncidentReported(self, event: IncidentReported) -> None:
        self.status = IncidentStatus.REPORTED
        self.region = event.region
        self.occurred_on = event.occurred_on
        self.last_step_on = event.reported_on

    def when_IncidentVerified(self, event: IncidentVerified) -> None:
        self.status = IncidentStatus.VERIFIED
        self.last_step_on = event.step.on

    def when_IncidentDismissed(self, event: IncidentDismissed) -> None:
        self.status = IncidentStatus.DISMISSED
        self.last_step_on = event.step.on

    def when_IncidentMediationStarted(self, event: IncidentMediationStarted) -> None:
        self.status = IncidentStatus.IN_MEDIATION
        self.last_step_on = event.step.on

    def when_IncidentResolved(self, event: IncidentResolved) -> None:
        self.status = IncidentStatus.RESOLVED
        self.last_step_on = event.step.on

    def when_RecommendationIssued(self, event: RecommendationIssued) -> None:
        self.recommendations.append(event.recommendation_id)
