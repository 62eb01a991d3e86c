"""The sessions service's composition root."""

from __future__ import annotations

from services.sessions.adapters.ballot_box import BALLOT_BOX, BallotBox
from services.sessions.adapters.membership_consumer import HANDLERS, MEMBERSHIP_TOPIC
from services.sessions.domain.events import registry
from services.sessions.projections.polls import PollsProjection
from services.sessions.projections.sessions import SessionsProjection
from services.sessions.settings import SessionsSettings
from shared.service import Platform, build_platform


def build(settings: SessionsSettings | None = None) -> Platform:
    settings = settings or SessionsSettings()
    platform = build_platform(
        settings,
        registry,
        projections=[SessionsProjection(), PollsProjection()],
        consumes={MEMBERSHIP_TOPIC: HANDLERS},
    )
    platform.extras[BALLOT_BOX] = BallotBox(settings.resolved_ballot_key())
    return platform
