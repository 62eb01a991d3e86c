"""The programmes service's composition root."""

from __future__ import annotations

from services.programmes.consumers import council, membership, sessions
from services.programmes.domain.events import registry
from services.programmes.projections.action_plans import PlansProjection
from services.programmes.projections.awards import AwardsProjection
from services.programmes.projections.bodies import BodiesProjection
from services.programmes.projections.documents import DocumentsProjection
from services.programmes.projections.experts import ExpertsProjection
from services.programmes.projections.history import HistoryProjection
from services.programmes.projections.work_plan import WorkPlanProjection
from services.programmes.settings import ProgrammesSettings
from shared.messaging.consumer import Handler
from shared.rulebooks.publications import RulebookSource
from shared.service import Platform, build_platform


def consumes(rulebooks: RulebookSource) -> dict[str, dict[str, Handler]]:
    """The topics this service reads and, on each, the event types it handles (its AsyncAPI
    document and every publisher's list who reads their events)."""
    return {
        council.COUNCIL_TOPIC: dict(council.COUNCIL_HANDLERS),
        sessions.SESSIONS_TOPIC: dict(sessions.SESSIONS_HANDLERS),
        membership.MEMBERSHIP_TOPIC: dict(membership.MEMBERSHIP_HANDLERS),
    }


def build(settings: ProgrammesSettings | None = None) -> Platform:
    """Programmes consumes the council (adopted resolutions), sessions (adopted decisions) and
    membership (the roster, the Scientific-Expert Council's posts)."""
    return build_platform(
        settings or ProgrammesSettings(),
        registry,
        projections=[
            DocumentsProjection(),
            PlansProjection(),
            WorkPlanProjection(),
            AwardsProjection(),
            BodiesProjection(),
            ExpertsProjection(),
            HistoryProjection(),
        ],
        consumes=consumes(RulebookSource()),
    )
