"""The programmes service's composition root."""

from __future__ import annotations

from services.programmes.adapters import consumers
from services.programmes.application.clock import EXTRA, KazakhstanClock
from services.programmes.domain.events import registry
from services.programmes.projections.programmes import PROJECTIONS
from services.programmes.settings import ProgrammesSettings
from shared.service import Platform, build_platform


def build(settings: ProgrammesSettings | None = None) -> Platform:
    """Programmes consumes the council (adopted resolutions), sessions (adopted decisions) and
    membership (the roster, the Scientific-Expert Council's posts)."""
    platform = build_platform(
        settings or ProgrammesSettings(),
        registry,
        projections=[projection() for projection in PROJECTIONS],
        consumes={
            consumers.COUNCIL_TOPIC: consumers.COUNCIL_HANDLERS,
            consumers.SESSIONS_TOPIC: consumers.SESSIONS_HANDLERS,
            consumers.MEMBERSHIP_TOPIC: consumers.MEMBERSHIP_HANDLERS,
        },
    )
    platform.extras[EXTRA] = KazakhstanClock()
    return platform
