"""Applies the Council's resolutions on candidacies from ``kelisim.council.v1`` (Reg2024 §13.2).

The contract with the council service: a resolution publishes one event per person it
decides about, in the resolution's stream, so that applying one message is one append here:

- ``CandidacyReviewAdopted``: ``{"resolution_id", "member_id" (the candidacy),
  "recommended": bool, "protocol": {"number", "date"}}`` — the Council's review of a
  candidacy (Reg2024 §13.2), applied to the candidacy's stream;
- ``DeputyChairmanRecommended``: ``{"resolution_id", "member_id", "protocol"}`` — the
  Council's recommendation of a member for an ethnocultural Deputy Chairman's seat
  (Reg2024 §16), kept in the Deputy Chairmen's stream for the President's order to rely on.

The platform's consumer applies each message once (inbox and per-stream positions).
"""

from __future__ import annotations

import uuid

import structlog

from services.membership.application.members import record_council_review
from services.membership.application.posts import record_deputy_chairman_recommendation
from services.membership.domain.commands import RecordCouncilReview
from services.membership.domain.errors import CandidacyAlreadyReviewed
from services.membership.domain.events import DecisionRef, ReviewSource
from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import InboundContract, reads
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

log = structlog.get_logger(__name__)

COUNCIL_TOPIC = topic_of("council")


class CandidacyReviewAdopted(InboundContract):
    """The part of the council's event membership relies on (extra fields are ignored)."""

    resolution_id: uuid.UUID
    member_id: uuid.UUID
    recommended: bool
    protocol: DecisionRef


@reads(CandidacyReviewAdopted)
async def candidacy_review_adopted(
    review: CandidacyReviewAdopted, message: InboundEvent, uow: UnitOfWork
) -> None:
    command = RecordCouncilReview(
        review.member_id,
        review.recommended,
        review.protocol,
        ReviewSource.COUNCIL_RESOLUTION,
        review.resolution_id,
    )
    try:
        await record_council_review(command, uow)
    except CandidacyAlreadyReviewed:
        # The Secretariat back-filled this review from the protocol before the resolution
        # arrived: the record exists, and the Council reviews a candidacy once.
        log.info("council review already recorded", member_id=str(review.member_id))


class DeputyChairmanRecommendation(InboundContract):
    resolution_id: uuid.UUID
    member_id: uuid.UUID
    protocol: DecisionRef


@reads(DeputyChairmanRecommendation)
async def deputy_chairman_recommended(
    recommendation: DeputyChairmanRecommendation, message: InboundEvent, uow: UnitOfWork
) -> None:
    await record_deputy_chairman_recommendation(
        recommendation.member_id, recommendation.protocol, recommendation.resolution_id, uow
    )


HANDLERS: dict[str, Handler] = {
    "CandidacyReviewAdopted": candidacy_review_adopted,
    "DeputyChairmanRecommended": deputy_chairman_recommended,
}
