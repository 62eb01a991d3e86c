"""The membership service's composition root: the one place that picks its adapters."""

from __future__ import annotations

from services.membership.consumers.council import COUNCIL_TOPIC
from services.membership.consumers.council import HANDLERS as COUNCIL_HANDLERS
from services.membership.domain.events import registry
from services.membership.projections.associations import AssociationsProjection
from services.membership.projections.ethnic_groups import EthnicGroupsProjection
from services.membership.projections.members import MembersProjection
from services.membership.projections.post_terms import PostTermsProjection
from services.membership.projections.regions import RegionsProjection
from services.membership.projections.rulebooks import RulebookPublicationsProjection
from services.membership.settings import MembershipSettings
from shared.messaging.consumer import Handler
from shared.rulebooks.publications import RulebookSource
from shared.service import Platform, build_platform


def consumes(rulebooks: RulebookSource) -> dict[str, dict[str, Handler]]:
    """The topics this service reads and, on each, the event types it handles (its AsyncAPI
    document and every publisher's list who reads their events)."""
    return {COUNCIL_TOPIC: dict(COUNCIL_HANDLERS)}


def build(settings: MembershipSettings | None = None) -> Platform:
    settings = settings or MembershipSettings()
    return build_platform(
        settings,
        registry,
        projections=[
            MembersProjection(),
            RegionsProjection(),
            EthnicGroupsProjection(),
            AssociationsProjection(),
            PostTermsProjection(),
            RulebookPublicationsProjection(),
        ],
        consumes=consumes(RulebookSource()),
    )
