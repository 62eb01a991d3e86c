"""The ``post_terms`` read model (one row per term of a post) and its queries.

A term holds on day D when ``start_on <= D`` and (``end_on`` is null or ``D < end_on``), and
its holder, an Assembly member, is a member that day (``members.term_held_on``). Rows
are inserted when a term starts and completed when it ends; the names follow the member's
name corrections (the events keep the name as it was on the day of appointment).
``post_bodies`` keeps each body stream's version, for ``If-Match``.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.membership.domain.events import (
    BodyKind,
    DecisionRef,
    MemberNameCorrected,
    PostKind,
    PostTermEnded,
    PostTermStarted,
    registry,
)
from services.membership.domain.posts import add_months
from services.membership.projections.members import term_held_on
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies

_STARTED = text(
    """
    INSERT INTO post_terms (term_id, body_key, body, region, post, member_id, name_kk, name_ru,
                            start_on, document_number, document_date, rotation_period_months,
                            rotation_due_on, recommendation_number, recommendation_date,
                            proposal_number, proposal_date, version)
    VALUES (:id, :key, :body, :region, :post, :member, :kk, :ru, :start, :num, :dd, :months,
            :due, :rec_num, :rec_date, :prop_num, :prop_date, :v)
    """
)
_ENDED = text(
    "UPDATE post_terms SET end_on = :end, end_ground = :ground, end_reason = :reason,"
    " end_document_number = :num, end_document_date = :dd, version = :v WHERE term_id = :id"
)
_BODY_VERSION = text(
    "INSERT INTO post_bodies (body_key, body, region, version) VALUES (:key, :body, :region, :v)"
    " ON CONFLICT (body_key) DO UPDATE SET version = excluded.version"
)
_RENAMED = text("UPDATE post_terms SET name_kk = :kk, name_ru = :ru WHERE member_id = :id")


def _ref(value: DecisionRef | None) -> tuple[str | None, date | None]:
    return (value.number, value.date) if value is not None else (None, None)


class PostTermsProjection(EventProjection):
    name = "post_terms"
    tables = ("post_terms", "post_bodies")
    registry = registry

    @applies(MemberNameCorrected)
    async def renamed(
        self, db: AsyncSession, event: MemberNameCorrected, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _RENAMED, {"id": event.member_id, "kk": event.name.kk, "ru": event.name.ru}
        )

    async def _body_version(
        self, db: AsyncSession, event: PostTermStarted | PostTermEnded, recorded: RecordedEvent
    ) -> str:
        key = recorded.stream_id.removeprefix("body-")
        await db.execute(
            _BODY_VERSION,
            {"key": key, "body": event.body, "region": event.region, "v": recorded.version},
        )
        return key

    @applies(PostTermStarted)
    async def started(
        self, db: AsyncSession, event: PostTermStarted, recorded: RecordedEvent
    ) -> None:
        key = await self._body_version(db, event, recorded)
        months = event.rotation_period_months
        num, dd = _ref(event.document)
        rec_num, rec_date = _ref(event.recommendation)
        prop_num, prop_date = _ref(event.proposal)
        await db.execute(
            _STARTED,
            {
                "id": event.term_id,
                "key": key,
                "body": event.body,
                "region": event.region,
                "post": event.post,
                "member": event.member_id,
                "kk": event.name.kk,
                "ru": event.name.ru,
                "start": event.start_on,
                "num": num,
                "dd": dd,
                "months": months,
                "due": add_months(event.start_on, months) if months is not None else None,
                "rec_num": rec_num,
                "rec_date": rec_date,
                "prop_num": prop_num,
                "prop_date": prop_date,
                "v": recorded.version,
            },
        )

    @applies(PostTermEnded)
    async def ended(self, db: AsyncSession, event: PostTermEnded, recorded: RecordedEvent) -> None:
        await self._body_version(db, event, recorded)
        num, dd = _ref(event.document)
        await db.execute(
            _ENDED,
            {
                "id": event.term_id,
                "end": event.end_on,
                "ground": event.ground,
                "reason": event.reason,
                "num": num,
                "dd": dd,
                "v": recorded.version,
            },
        )


# -- queries --------------------------------------------------------------------------------

_COLUMNS = (
    "t.term_id, t.body_key, t.body, t.region, t.post, t.member_id, t.name_kk, t.name_ru,"
    " t.start_on, t.end_on, t.document_number, t.document_date, t.rotation_period_months,"
    " t.rotation_due_on, t.recommendation_number, t.recommendation_date, t.proposal_number,"
    " t.proposal_date, t.end_ground, t.end_reason, t.end_document_number, t.end_document_date,"
    " b.version AS body_version"
)
_FROM = "FROM post_terms t JOIN post_bodies b ON b.body_key = t.body_key"
# A term holds on the day, and its holder is a member that day (see
# ``terms_outliving_membership``).
_HOLDS_ON = term_held_on(":day")
_ORDER = " ORDER BY t.body_key, t.post, t.start_on, t.name_kk, t.term_id"


async def _rows(db: AsyncSession, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(row._mapping) for row in await db.execute(text(sql), params)]


async def holders_on(
    db: AsyncSession,
    day: date,
    *,
    body: BodyKind | None = None,
    post: PostKind | None = None,
    region: str | None = None,
) -> list[dict[str, Any]]:
    """Who held which post on ``day`` (of one body, post or region if given)."""
    return await _rows(
        db,
        f"SELECT {_COLUMNS} {_FROM} WHERE {_HOLDS_ON}"
        " AND (CAST(:body AS text) IS NULL OR t.body = :body)"
        " AND (CAST(:post AS text) IS NULL OR t.post = :post)"
        " AND (CAST(:region AS text) IS NULL OR t.region = :region)" + _ORDER,
        {
            "day": day,
            "body": body.value if body else None,
            "post": post.value if post else None,
            "region": region,
        },
    )


async def council_composition(db: AsyncSession, day: date) -> list[dict[str, Any]]:
    """The Council's members on ``day`` (its quorum is counted from their number, Reg2024 §14)."""
    return await holders_on(db, day, post=PostKind.COUNCIL_MEMBER)


async def rotations_due(db: AsyncSession, day: date) -> list[dict[str, Any]]:
    """Ethnocultural Deputy Chairmen still in post on ``day`` whose rotation period, counted
    from the start of their term, has run by then (Reg2024 §16)."""
    return await _rows(
        db,
        f"SELECT {_COLUMNS} {_FROM} WHERE {_HOLDS_ON}"
        " AND t.post = :post AND t.rotation_due_on <= :day"
        " ORDER BY t.rotation_due_on, t.name_kk, t.term_id",
        {"day": day, "post": PostKind.DEPUTY_CHAIRMAN_ETHNOCULTURAL.value},
    )


async def terms_outliving_membership(db: AsyncSession) -> list[dict[str, Any]]:
    """Open terms whose holder's Assembly membership has ended: for the Secretariat to close."""
    return await _rows(
        db,
        f"SELECT {_COLUMNS} {_FROM} JOIN members m ON m.member_id = t.member_id"
        " WHERE t.end_on IS NULL AND m.ended_on IS NOT NULL" + _ORDER,
        {},
    )


async def member_posts(db: AsyncSession, member_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every term a member of the Assembly held or holds, oldest first."""
    return await _rows(
        db,
        f"SELECT {_COLUMNS} {_FROM} WHERE t.member_id = :id ORDER BY t.start_on, t.term_id",
        {"id": member_id},
    )


async def get_term(db: AsyncSession, term_id: uuid.UUID) -> dict[str, Any] | None:
    rows = await _rows(db, f"SELECT {_COLUMNS} {_FROM} WHERE t.term_id = :id", {"id": term_id})
    return rows[0] if rows else None


async def body_of_term(db: AsyncSession, term_id: uuid.UUID) -> str | None:
    """The key of the body whose stream holds a term."""
    row = (
        await db.execute(
            text("SELECT body_key FROM post_terms WHERE term_id = :id"), {"id": term_id}
        )
    ).one_or_none()
    return str(row.body_key) if row is not None else None
