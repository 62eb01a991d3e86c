"""Applies ``kelisim.membership.v1`` to the council's own projections of membership.

- the Assembly's roster (``MemberIncluded``, ``MembershipEnded``, ``MemberNameCorrected``): a
  term in a body counts only while its holder is a member;
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
from typing import Any

from sqlalchemy import text

from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

MEMBERSHIP_TOPIC = topic_of("membership")

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


def _member(value: str | None) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(value)


def _named_member(d: dict[str, Any], day: str) -> dict[str, Any]:
    """A member's id and name (kk, ru) and the event's day ``day`` as statement parameters."""
    return {
        "id": uuid.UUID(d["member_id"]),
        "kk": d["name"]["kk"],
        "ru": d["name"]["ru"],
        "on": date.fromisoformat(d[day]),
    }


async def member_included(event: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(_INCLUDED, _named_member(event.data, "effective_on"))


async def membership_ended(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await uow.db.execute(
        _ENDED, {"id": uuid.UUID(d["member_id"]), "on": date.fromisoformat(d["effective_on"])}
    )


async def member_renamed(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await uow.db.execute(
        _RENAMED, {"id": uuid.UUID(d["member_id"]), "kk": d["name"]["kk"], "ru": d["name"]["ru"]}
    )


async def post_term_started(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await uow.db.execute(
        _TERM_STARTED,
        {
            "id": uuid.UUID(d["term_id"]),
            "body": _body_key(event),
            "post": d["post"],
            "member": _member(d.get("member_id")),
            "kk": d["name"]["kk"],
            "ru": d["name"]["ru"],
            "on": date.fromisoformat(d["start_on"]),
        },
    )


async def post_term_ended(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await uow.db.execute(
        _TERM_ENDED, {"id": uuid.UUID(d["term_id"]), "on": date.fromisoformat(d["end_on"])}
    )


async def candidacy_nominated(event: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(_NOMINATED, _named_member(event.data, "nominated_on"))


async def candidacy_reviewed(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await uow.db.execute(_REVIEWED, {"id": uuid.UUID(d["member_id"]), "rec": d["recommended"]})


HANDLERS: dict[str, Handler] = {
    "MemberIncluded": member_included,
    "MembershipEnded": membership_ended,
    "MemberNameCorrected": member_renamed,
    "PostTermStarted": post_term_started,
    "PostTermEnded": post_term_ended,
    "CandidacyNominated": candidacy_nominated,
    "CandidacyReviewed": candidacy_reviewed,
}
