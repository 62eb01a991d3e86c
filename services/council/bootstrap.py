"""The council service's composition root (the platform only, until its issue lands)."""

from __future__ import annotations

from services.council.domain.events import registry
from services.council.settings import CouncilSettings
from shared.service import Platform, build_platform


def build(settings: CouncilSettings | None = None) -> Platform:
    return build_platform(settings or CouncilSettings(), registry)
