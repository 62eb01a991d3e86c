"""The ``post_terms`` read model (one row per term of a post) and its queries.

A term holds on day D when ``start_on <= D`` and (``end_on`` is null or ``D < end_on``). Rows
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

from services.membership.domain.events import BodyKind, PostKind, PostTermEnded, PostTermStarted
from services.membership.domain.posts import add_months
from shared.eventstore.model import RecordedEvent

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


def _ref(value: dict[str, Any] | None) -> tuple[str | None, date | None]:
    return (value["number"], date.fromisoformat(value["date"])) if value else (None, None)


class PostTermsProjection:
    name = "post_terms"
    tables: tuple[str, ...] = ("post_terms", "post_bodies")
    event_types = frozenset(
        {PostTermStarted.event_type, PostTermEnded.event_type, "MemberNameCorrected"}
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        if event.event_type == "MemberNameCorrected":
            await db.execute(
                _RENAMED,
                {"id": uuid.UUID(d["member_id"]), "kk": d["name"]["kk"], "ru": d["name"]["ru"]},
            )
            return
        key = event.stream_id.removeprefix("body-")
        await db.execute(
            _BODY_VERSION,
            {"key": key, "body": d["body"], "region": d["region"], "v": event.version},
        )
        if event.event_type == PostTermStarted.event_type:
            start = date.fromisoformat(d["start_on"])
            months = d["rotation_period_months"]
            num, dd = _ref(d["document"])
            rec_num, rec_date = _ref(d["recommendation"])
            prop_num, prop_date = _ref(d["proposal"])
            await db.execute(
                _STARTED,
                {
                    "id": uuid.UUID(d["term_id"]),
                    "key": key,
                    "body": d["body"],
                    "region": d["region"],
                    "post": d["post"],
                    "member": uuid.UUID(d["member_id"]) if d["member_id"] else None,
                    "kk": d["name"]["kk"],
                    "ru": d["name"]["ru"],
                    "start": start,
                    "num": num,
                    "dd": dd,
                    "months": months,
                    "due": add_months(start, months) if months is not None else None,
                    "rec_num": rec_num,
                    "rec_date": rec_date,
                    "prop_num": prop_num,
                    "prop_date": prop_date,
                    "v": event.version,
                },
            )
        elif event.event_type == PostTermEnded.event_type:
            num, dd = _ref(d["document"])
            await db.execute(
                _ENDED,
                {
                    "id": uuid.UUID(d["term_id"]),
                    "end": date.fromisoformat(d["end_on"]),
                    "ground": d["ground"],
                    "reason": d["reason"],
                    "num": num,
                    "dd": dd,
                    "v": event.version,
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
# A term holds on the day; a post held by an Assembly member also needs the membership to last
# that day: a member whose membership ended no longer sits in the Council (or elsewhere) even
# before the Secretariat records the end of the term (see ``terms_outliving_membership``).
_HOLDS_ON = (
    "t.start_on <= :day AND (t.end_on IS NULL OR :day < t.end_on)"
    " AND (t.member_id IS NULL OR EXISTS (SELECT 1 FROM members m"
    " WHERE m.member_id = t.member_id AND m.included_on <= :day"
    " AND (m.ended_on IS NULL OR :day < m.ended_on)))"
)
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
