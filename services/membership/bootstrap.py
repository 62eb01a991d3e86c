"""The membership service's composition root: the one place that picks its adapters."""

from __future__ import annotations

from services.membership.domain.events import registry
from services.membership.projections.members import MembersProjection
from services.membership.settings import MembershipSettings
from shared.service import Platform, build_platform


def build(settings: MembershipSettings | None = None) -> Platform:
    settings = settings or MembershipSettings()
    return build_platform(settings, registry, projections=[MembersProjection()])
