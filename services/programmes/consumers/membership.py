"""What programmes keeps of membership (``kelisim.membership.v1``): the Assembly's roster
(``MemberIncluded``, ``MembershipEnded``, ``MemberNameCorrected``): a seat in a body goes to a
member on the day; and the Scientific-Expert Council's posts (``PostTermStarted`` /
``PostTermEnded`` of its body): its composition on any day (Reg2024 §22, §24).

The platform's consumer applies each message once (inbox and per-stream positions); each
handler's statement is idempotent besides.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.contracts import InboundContract, reads
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

MEMBERSHIP_TOPIC = topic_of("membership")
EXPERT_COUNCIL_BODY = "scientific_expert_council"
"""Membership's body of the Scientific-Expert Council's posts."""

_INCLUDED = text(
    """
    INSERT INTO assembly_members (member_id, name_kk, name_ru, included_on, ended_on)
    VALUES (:id, :kk, :ru, :on, NULL)
    ON CONFLICT (member_id) DO UPDATE SET name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru,
        included_on = EXCLUDED.included_on, ended_on = NULL
    """
)
_ENDED = text("UPDATE assembly_members SET ended_on = :on WHERE member_id = :id")
_RENAMED = text("UPDATE assembly_members SET name_kk = :kk, name_ru = :ru WHERE member_id = :id")
_POST_STARTED = text(
    """
    INSERT INTO expert_council_posts (term_id, post, member_id, name_kk, name_ru, start_on)
    VALUES (:id, :post, :member, :kk, :ru, :on)
    ON CONFLICT (term_id) DO NOTHING
    """
)
_POST_ENDED = text("UPDATE expert_council_posts SET end_on = :on WHERE term_id = :id")


class Text(InboundContract):
    kk: str
    ru: str


class MemberIncluded(InboundContract):
    member_id: uuid.UUID
    name: Text
    effective_on: date


class MembershipEnded(InboundContract):
    member_id: uuid.UUID
    effective_on: date


class MemberNameCorrected(InboundContract):
    member_id: uuid.UUID
    name: Text


class PostTermStarted(InboundContract):
    term_id: uuid.UUID
    body: str
    post: str
    member_id: uuid.UUID | None = None
    name: Text
    start_on: date


class PostTermEnded(InboundContract):
    term_id: uuid.UUID
    body: str
    end_on: date


@reads(MemberIncluded)
async def member_included(event: MemberIncluded, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(
        _INCLUDED,
        {"id": event.member_id, "kk": event.name.kk, "ru": event.name.ru, "on": event.effective_on},
    )


@reads(MembershipEnded)
async def membership_ended(event: MembershipEnded, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(_ENDED, {"id": event.member_id, "on": event.effective_on})


@reads(MemberNameCorrected)
async def member_renamed(
    event: MemberNameCorrected, message: InboundEvent, uow: UnitOfWork
) -> None:
    await uow.db.execute(
        _RENAMED, {"id": event.member_id, "kk": event.name.kk, "ru": event.name.ru}
    )


@reads(PostTermStarted)
async def post_term_started(event: PostTermStarted, message: InboundEvent, uow: UnitOfWork) -> None:
    """Kept when it is a post of the Scientific-Expert Council."""
    if event.body != EXPERT_COUNCIL_BODY:
        return
    await uow.db.execute(
        _POST_STARTED,
        {
            "id": event.term_id,
            "post": event.post,
            "member": event.member_id,
            "kk": event.name.kk,
            "ru": event.name.ru,
            "on": event.start_on,
        },
    )


@reads(PostTermEnded)
async def post_term_ended(event: PostTermEnded, message: InboundEvent, uow: UnitOfWork) -> None:
    if event.body != EXPERT_COUNCIL_BODY:
        return
    await uow.db.execute(_POST_ENDED, {"id": event.term_id, "on": event.end_on})


MEMBERSHIP_HANDLERS: dict[str, Handler] = {
    "MemberIncluded": member_included,
    "MembershipEnded": membership_ended,
    "MemberNameCorrected": member_renamed,
    "PostTermStarted": post_term_started,
    "PostTermEnded": post_term_ended,
}
