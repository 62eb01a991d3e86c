"""The council service's composition root."""

from __future__ import annotations

from services.council.application.policies import OpenControlCards
from services.council.consumers.membership import HANDLERS, MEMBERSHIP_TOPIC
from services.council.consumers.programmes import PROGRAMMES_HANDLERS, PROGRAMMES_TOPIC
from services.council.consumers.sessions import SESSIONS_HANDLERS, SESSIONS_TOPIC
from services.council.domain.events import registry
from services.council.domain.meeting_record import MeetingProtocol  # noqa: F401  (its events)
from services.council.projections.control import ControlProjection
from services.council.projections.meetings import MeetingsProjection
from services.council.projections.senate import SenateProposalsProjection
from services.council.settings import CouncilSettings
from shared.messaging.consumer import Handler
from shared.protocols.projection import ProtocolRecordsProjection
from shared.rulebooks.publications import RulebookSource, publication_handlers
from shared.service import Platform, build_platform


def consumes(rulebooks: RulebookSource) -> dict[str, dict[str, Handler]]:
    """The topics this service reads and, on each, the event types it handles (its AsyncAPI
    document and every publisher's list who reads their events)."""
    return {
        MEMBERSHIP_TOPIC: {**HANDLERS, **publication_handlers(rulebooks)},
        SESSIONS_TOPIC: SESSIONS_HANDLERS,
        PROGRAMMES_TOPIC: PROGRAMMES_HANDLERS,
    }


def build(settings: CouncilSettings | None = None) -> Platform:
    """The council consumes membership (composition, candidacies, the rulebook versions the
    Secretariat publishes), sessions (adopted decisions open control cards) and programmes
    (coordinated action plans open control cards with their measures). Its own adopted
    resolutions open their control cards in-process (``application/policies.py``)."""
    rulebooks = RulebookSource()
    platform = build_platform(
        settings or CouncilSettings(),
        registry,
        projections=[
            MeetingsProjection(),
            ControlProjection(),
            ProtocolRecordsProjection(),
            SenateProposalsProjection(),
        ],
        rulebooks=rulebooks,
        consumes=consumes(rulebooks),
    )
    cards = OpenControlCards(platform.runner)
    platform.runner.react(cards)
    platform.add(cards)
    return platform
