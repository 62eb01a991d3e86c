"""What programmes keeps of other services' acts, to link its own to them by id.

- ``kelisim.council.v1`` ``ResolutionAdopted``: the Council's adopted resolutions, with their
  content (an award and its statute, Reg2024 §13.5; work-plan items, §13.4) and protocol; a
  document's Council discussion (§31), an award and a work-plan item cite one.
- ``kelisim.sessions.v1`` ``DecisionAdopted``: the Session's adopted decisions; a document's
  Session consideration (§31) and an action plan (§28) cite one.
- ``kelisim.membership.v1``: the Assembly's roster (``MemberIncluded``, ``MembershipEnded``,
  ``MemberNameCorrected``): a seat in a body goes to a member on the day; and the
  Scientific-Expert Council's posts (``PostTermStarted``/``PostTermEnded`` of its body): its
  composition on any day (Reg2024 §22, §24).

The platform's consumer applies each message once (inbox and per-stream positions); each
handler's statement is idempotent besides.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import text

from shared.application import UnitOfWork
from shared.messaging.consumer import Handler
from shared.messaging.envelope import InboundEvent
from shared.settings import topic_of

COUNCIL_TOPIC = topic_of("council")
SESSIONS_TOPIC = topic_of("sessions")
MEMBERSHIP_TOPIC = topic_of("membership")
EXPERT_COUNCIL_BODY = "scientific_expert_council"
"""Membership's body of the Scientific-Expert Council's posts."""

_RESOLUTION = text(
    """
    INSERT INTO council_resolutions (resolution_id, kind, text_kk, text_ru, content, adopted_on,
        protocol_number, protocol_date, meeting_id, rulebook, rule)
    VALUES (:id, :kind, :kk, :ru, CAST(:content AS jsonb), :on, :number, :protocol_date,
        :meeting, :rulebook, :rule)
    ON CONFLICT (resolution_id) DO NOTHING
    """
)
_DECISION = text(
    """
    INSERT INTO session_decisions (decision_id, session_id, kind, text_kk, text_ru, adopted_on,
        rulebook, rule)
    VALUES (:id, :session, :kind, :kk, :ru, :on, :rulebook, :rule)
    ON CONFLICT (decision_id) DO NOTHING
    """
)
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


def _day(value: str) -> date:
    return date.fromisoformat(value)


async def resolution_adopted(event: InboundEvent, uow: UnitOfWork) -> None:
    """Fields of the council's ``ResolutionAdopted`` (services/council/domain/events.py)."""
    d: dict[str, Any] = event.data
    meeting = d.get("meeting_id")
    await uow.db.execute(
        _RESOLUTION,
        {
            "id": uuid.UUID(d["resolution_id"]),
            "kind": d["kind"],
            "kk": d["text"]["kk"],
            "ru": d["text"]["ru"],
            "content": json.dumps(d["content"], ensure_ascii=False),
            "on": _day(d["adopted_on"]),
            "number": d["protocol"]["number"],
            "protocol_date": _day(d["protocol"]["date"]),
            "meeting": uuid.UUID(meeting) if meeting else None,
            "rulebook": d["rulebook"],
            "rule": d["rule"],
        },
    )


async def decision_adopted(event: InboundEvent, uow: UnitOfWork) -> None:
    """Fields of sessions' ``DecisionAdopted`` (services/sessions/domain/events.py)."""
    d: dict[str, Any] = event.data
    await uow.db.execute(
        _DECISION,
        {
            "id": uuid.UUID(d["decision_id"]),
            "session": uuid.UUID(d["session_id"]),
            "kind": d["kind"],
            "kk": d["text"]["kk"],
            "ru": d["text"]["ru"],
            "on": _day(d["adopted_on"]),
            "rulebook": d["rulebook"],
            "rule": d["rule"],
        },
    )


async def member_included(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await uow.db.execute(
        _INCLUDED,
        {
            "id": uuid.UUID(d["member_id"]),
            "kk": d["name"]["kk"],
            "ru": d["name"]["ru"],
            "on": _day(d["effective_on"]),
        },
    )


async def membership_ended(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await uow.db.execute(_ENDED, {"id": uuid.UUID(d["member_id"]), "on": _day(d["effective_on"])})


async def member_renamed(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    await uow.db.execute(
        _RENAMED, {"id": uuid.UUID(d["member_id"]), "kk": d["name"]["kk"], "ru": d["name"]["ru"]}
    )


async def post_term_started(event: InboundEvent, uow: UnitOfWork) -> None:
    """Membership's ``PostTermStarted``: kept when it is a post of the Scientific-Expert
    Council (services/membership/domain/posts.py)."""
    d = event.data
    if d.get("body") != EXPERT_COUNCIL_BODY:
        return
    member = d.get("member_id")
    await uow.db.execute(
        _POST_STARTED,
        {
            "id": uuid.UUID(d["term_id"]),
            "post": d["post"],
            "member": uuid.UUID(member) if member else None,
            "kk": d["name"]["kk"],
            "ru": d["name"]["ru"],
            "on": _day(d["start_on"]),
        },
    )


async def post_term_ended(event: InboundEvent, uow: UnitOfWork) -> None:
    d = event.data
    if d.get("body") != EXPERT_COUNCIL_BODY:
        return
    await uow.db.execute(_POST_ENDED, {"id": uuid.UUID(d["term_id"]), "on": _day(d["end_on"])})


COUNCIL_HANDLERS: dict[str, Handler] = {"ResolutionAdopted": resolution_adopted}
SESSIONS_HANDLERS: dict[str, Handler] = {"DecisionAdopted": decision_adopted}
MEMBERSHIP_HANDLERS: dict[str, Handler] = {
    "MemberIncluded": member_included,
    "MembershipEnded": membership_ended,
    "MemberNameCorrected": member_renamed,
    "PostTermStarted": post_term_started,
    "PostTermEnded": post_term_ended,
}
