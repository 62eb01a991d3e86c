"""Applies ``kelisim.membership.v1`` to the council's own projections of membership.

- the membership replica (``shared.roster``: ``MemberIncluded``, ``MembershipEnded``,
  ``MemberNameCorrected``): a term in a body counts only while its holder is a member of the
  body's assembly;
- the terms of posts of every body (``PostTermStarted``/``PostTermEnded`` on ``body-<key>``
  streams): the Council's composition on any day is the terms of its member post holding that
  day (Reg2024 §14), and the same tables serve a regional assembly's council by its body key;
- the candidacies (``CandidacyNominated``, ``CandidacyReviewed``): what awaits the Council's
  review (Reg2024 §13.2).

The platform's consumer applies each message once (inbox and per-stream positions).
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from shared import roster
from shared.application import UnitOfWork
from shared.assemblies import is_national, of_event
from shared.messaging.consumer import Handler
from shared.messaging.contracts import InboundContract, reads
from shared.messaging.envelope import InboundEvent
from shared.roster import Name
from shared.settings import topic_of

MEMBERSHIP_TOPIC = topic_of("membership")

_TERM_STARTED = text(
    """
    INSERT INTO post_terms (term_id, body_key, post, member_id, name_kk, name_ru, start_on)
    VALUES (:id, :body, :post, :member, :kk, :ru, :on)
    ON CONFLICT (term_id) DO NOTHING
    """
)
_TERM_ENDED = text("UPDATE post_terms SET end_on = :on WHERE term_id = :id")
_NOMINATED = text(
    """
    INSERT INTO candidacies (member_id, name_kk, name_ru, nominated_on)
    VALUES (:id, :kk, :ru, :on)
    ON CONFLICT (member_id) DO NOTHING
    """
)
_REVIEWED = text("UPDATE candidacies SET reviewed = TRUE, recommended = :rec WHERE member_id = :id")


def _body_key(event: InboundEvent) -> str:
    """The body's key from its stream ``body-<key>`` (e.g. ``council``,
    ``regional_assembly.abai``)."""
    prefix = f"{event.stream_type}-"
    return event.stream_id.removeprefix(prefix)


class PostTermStarted(InboundContract):
    term_id: uuid.UUID
    post: str
    member_id: uuid.UUID | None = None
    """None for a holder who is not a member of the Assembly."""
    name: Name
    start_on: date


class PostTermEnded(InboundContract):
    term_id: uuid.UUID
    end_on: date


class CandidacyNominated(InboundContract):
    member_id: uuid.UUID
    assembly: str | None = None
    """The assembly the candidacy is for; None (an event before regional memberships):
    national."""
    name: Name
    nominated_on: date


class CandidacyReviewed(InboundContract):
    member_id: uuid.UUID
    recommended: bool


@reads(PostTermStarted)
async def post_term_started(event: PostTermStarted, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(
        _TERM_STARTED,
        {
            "id": event.term_id,
            "body": _body_key(message),
            "post": event.post,
            "member": event.member_id,
            "kk": event.name.kk,
            "ru": event.name.ru,
            "on": event.start_on,
        },
    )


@reads(PostTermEnded)
async def post_term_ended(event: PostTermEnded, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(_TERM_ENDED, {"id": event.term_id, "on": event.end_on})


@reads(CandidacyNominated)
async def candidacy_nominated(
    event: CandidacyNominated, message: InboundEvent, uow: UnitOfWork
) -> None:
    # Only the Assembly's candidacies await the Council's review (Reg2024 §13.2); a regional
    # assembly decides on its own (Law 2008 Art. 14).
    if not is_national(of_event(event.assembly)):
        return
    await uow.db.execute(
        _NOMINATED,
        {"id": event.member_id, "kk": event.name.kk, "ru": event.name.ru, "on": event.nominated_on},
    )


@reads(CandidacyReviewed)
async def candidacy_reviewed(
    event: CandidacyReviewed, message: InboundEvent, uow: UnitOfWork
) -> None:
    await uow.db.execute(_REVIEWED, {"id": event.member_id, "rec": event.recommended})


HANDLERS: dict[str, Handler] = {
    **roster.HANDLERS,
    "PostTermStarted": post_term_started,
    "PostTermEnded": post_term_ended,
    "CandidacyNominated": candidacy_nominated,
    "CandidacyReviewed": candidacy_reviewed,
}
