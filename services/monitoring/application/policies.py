"""Reactions to monitoring's own events, run in-process after the unit of work that appended
them has committed (``CommandRunner.react``, wired in ``bootstrap.py``).

A change to a region's values or incidents re-evaluates that region's early-warning rules as of
today (Strategy2002 §6; ``application/evaluator.py``), each region in a unit of work of its own:
new indicator values (``IndicatorValuesReported``, also those a regional report carries), a new
incident and each step of one (its region from the incidents read model), a regional report
(``RegionalReportSubmitted``). An evaluation that fails is logged and left to the periodic one.
"""

from __future__ import annotations

from collections.abc import Sequence

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from services.monitoring import projections
from services.monitoring.application import evaluator
from services.monitoring.domain.events import (
    IncidentDismissed,
    IncidentMediationStarted,
    IncidentReported,
    IncidentResolved,
    IncidentVerified,
    IndicatorValuesReported,
    RegionalReportSubmitted,
    registry,
)
from shared.errors import KelisimError
from shared.eventstore.model import DomainEvent, RecordedEvent
from shared.service import Platform

log = structlog.get_logger(__name__)

INCIDENT_STEPS = (IncidentVerified, IncidentDismissed, IncidentMediationStarted, IncidentResolved)
CHANGES = frozenset(
    kind.event_type
    for kind in (
        IndicatorValuesReported,
        IncidentReported,
        RegionalReportSubmitted,
        *INCIDENT_STEPS,
    )
)


async def _regions_of(db: AsyncSession, event: DomainEvent) -> set[str]:
    match event:
        case IndicatorValuesReported(rows=rows):
            return {row.region for row in rows}
        case IncidentReported(region=region) | RegionalReportSubmitted(region=region):
            return {region}
        case (
            IncidentVerified()
            | IncidentDismissed()
            | IncidentMediationStarted()
            | IncidentResolved()
        ):
            incident = await projections.monitoring.incident(db, event.incident_id)
            return set() if incident is None else {incident["region"]}
    return set()


class EvaluateAfterChange:
    """Re-evaluates the regions whose values or incidents a committed command changed."""

    def __init__(self, platform: Platform) -> None:
        self.platform = platform

    async def __call__(self, events: Sequence[RecordedEvent]) -> None:
        changes = [registry.load(e) for e in events if e.event_type in CHANGES]
        if not changes:
            return
        regions: set[str] = set()
        async with self.platform.sessions() as db:
            for change in changes:
                regions |= await _regions_of(db, change)
        try:
            await evaluator.evaluate_regions(self.platform, self.platform.clock.today(), regions)
        except KelisimError as exc:
            log.warning("evaluation after change failed", error=exc.code)
