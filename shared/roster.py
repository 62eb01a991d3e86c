"""The membership replica: every service's copy of who is a member of which assembly, when.

A service that counts members (a Session's quorum, a Council term that lasts only while its
holder is a member) keeps this one table, fed by this one set of consumer handlers from
``kelisim.membership.v1``, and asks this one predicate: a member of assembly A on day D is a
membership of A's roster (:func:`shared.assemblies.roster_of`: ``national`` for the national
Assembly by any of its codes, the region's code for a regional assembly) with
``joined_on <= D`` and (``left_on`` is null or ``D < left_on``); ``left_on`` is the first day
without membership. Every quorum and every share of "all members" is counted on the roster of
the act's day (Reg2024 §9; Law 2008 Art. 14 for a regional assembly's own members).

A membership is one ``member_id`` in one assembly; ``person_id`` names the natural person, the
same in every assembly they belong to. A ``MemberIncluded`` written before assemblies were
modelled carries neither: it is a national membership whose person is the member
(:func:`shared.assemblies.of_event`).

Each applied event also adds a row to ``roster_changes`` (the platform's inbox guarantees that
a redelivered event adds none). A service's migration freezes a copy of :data:`DDL` and
:data:`CHANGES_DDL` as they are when it is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import text

from shared.assemblies import NATIONAL, of_event, roster_of
from shared.messaging.contracts import InboundContract, reads

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from shared.application import UnitOfWork
    from shared.messaging.consumer import Handler
    from shared.messaging.envelope import InboundEvent

__all__ = [
    "CHANGES_DDL",
    "DDL",
    "HANDLERS",
    "TABLE",
    "count_among",
    "count_on",
    "first_year",
    "is_member",
    "member_on_day",
    "members_on",
    "name_of",
    "on_roster_among",
    "roster_of_body",
]

TABLE: Final = "membership_replica"

DDL: Final[tuple[str, ...]] = (
    """
    CREATE TABLE membership_replica (
        member_id   UUID PRIMARY KEY,
        assembly    TEXT NOT NULL,
        person_id   UUID NOT NULL,
        name_kk     TEXT NOT NULL,
        name_ru     TEXT NOT NULL,
        region      TEXT,
        joined_on   DATE NOT NULL,
        left_on     DATE
    )
    """,
    "CREATE INDEX membership_replica_roster_idx ON membership_replica (assembly, joined_on)",
    "CREATE INDEX membership_replica_person_idx ON membership_replica (person_id)",
)
"""The replica's table: one row per membership (``assembly`` is its roster: ``national`` or a
region's code)."""

CHANGES_DDL: Final[tuple[str, ...]] = (
    """
    CREATE TABLE roster_changes (
        id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        member_id       UUID NOT NULL,
        change          TEXT NOT NULL,
        effective_on    DATE,
        source_event_id UUID NOT NULL,
        applied_at      TIMESTAMPTZ NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX roster_changes_member_idx ON roster_changes (member_id)",
)
"""One row per applied membership event: what changed for whom, from which event."""


def member_on_day(alias: str = "r", roster: str = ":roster", day: str = ":day") -> str:
    """The predicate, as SQL on ``membership_replica`` aliased ``alias``: a member of the
    roster ``roster`` on ``day`` (both SQL expressions, bound parameters by default)."""
    return (
        f"{alias}.assembly = {roster} AND {alias}.joined_on <= {day}"
        f" AND ({alias}.left_on IS NULL OR {day} < {alias}.left_on)"
    )


def roster_of_body(body_key: str) -> str:
    """The roster of the assembly a body belongs to: ``council`` (and any national body) to
    ``national``, ``regional_assembly.<region>`` to the region (Law 2008 Art. 14)."""
    kind, _, region = body_key.partition(".")
    return region if kind == "regional_assembly" and region else NATIONAL


# -- the inbound contracts -------------------------------------------------------------------


class Name(InboundContract):
    kk: str
    ru: str


class MemberIncluded(InboundContract):
    member_id: uuid.UUID
    name: Name
    region: str | None = None
    """None for a member the Assembly includes without a region."""
    effective_on: date
    assembly: str | None = None
    """``national`` or a region's code; None (written before assemblies): national."""
    person_id: uuid.UUID | None = None
    """The natural person, the same in every assembly; None (older events): the member."""


class MembershipEnded(InboundContract):
    member_id: uuid.UUID
    effective_on: date


class MemberNameCorrected(InboundContract):
    member_id: uuid.UUID
    name: Name


# -- the handlers ----------------------------------------------------------------------------

_JOINED = text(
    """
    INSERT INTO membership_replica
        (member_id, assembly, person_id, name_kk, name_ru, region, joined_on, left_on)
    VALUES (:id, :assembly, :person, :kk, :ru, :region, :on, NULL)
    ON CONFLICT (member_id) DO UPDATE SET assembly = EXCLUDED.assembly,
        person_id = EXCLUDED.person_id, name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru,
        region = EXCLUDED.region, joined_on = EXCLUDED.joined_on, left_on = NULL
    """
)
_LEFT = text("UPDATE membership_replica SET left_on = :on WHERE member_id = :id")
_RENAMED = text("UPDATE membership_replica SET name_kk = :kk, name_ru = :ru WHERE member_id = :id")
_CHANGE = text(
    "INSERT INTO roster_changes (member_id, change, effective_on, source_event_id)"
    " VALUES (:id, :change, :on, :source)"
)


async def _record_change(
    uow: UnitOfWork,
    message: InboundEvent,
    member_id: uuid.UUID,
    change: str,
    effective_on: date | None,
) -> None:
    await uow.db.execute(
        _CHANGE,
        {"id": member_id, "change": change, "on": effective_on, "source": message.event_id},
    )


@reads(MemberIncluded)
async def member_included(event: MemberIncluded, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(
        _JOINED,
        {
            "id": event.member_id,
            "assembly": roster_of(of_event(event.assembly)),
            "person": event.person_id or event.member_id,
            "kk": event.name.kk,
            "ru": event.name.ru,
            "region": event.region,
            "on": event.effective_on,
        },
    )
    await _record_change(uow, message, event.member_id, "joined", event.effective_on)


@reads(MembershipEnded)
async def membership_ended(event: MembershipEnded, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(_LEFT, {"id": event.member_id, "on": event.effective_on})
    await _record_change(uow, message, event.member_id, "left", event.effective_on)


@reads(MemberNameCorrected)
async def member_renamed(
    event: MemberNameCorrected, message: InboundEvent, uow: UnitOfWork
) -> None:
    await uow.db.execute(
        _RENAMED, {"id": event.member_id, "kk": event.name.kk, "ru": event.name.ru}
    )
    await _record_change(uow, message, event.member_id, "renamed", None)


HANDLERS: Final[dict[str, Handler]] = {
    "MemberIncluded": member_included,
    "MembershipEnded": membership_ended,
    "MemberNameCorrected": member_renamed,
}
"""The replica's handlers of ``kelisim.membership.v1``, by event type: a service merges them
into its own."""


# -- the queries: every one keyed by the roster of the assembly given ------------------------

_COLUMNS = (
    "r.member_id, r.assembly, r.person_id, r.name_kk, r.name_ru, r.region, r.joined_on, r.left_on"
)


async def members_on(db: AsyncSession, assembly: str, day: date) -> list[dict[str, Any]]:
    """The members of ``assembly`` on ``day``, by name."""
    rows = await db.execute(
        text(
            f"SELECT {_COLUMNS} FROM membership_replica r WHERE {member_on_day()}"
            " ORDER BY r.name_kk, r.member_id"
        ),
        {"roster": roster_of(assembly), "day": day},
    )
    return [dict(r._mapping) for r in rows]


async def count_on(db: AsyncSession, assembly: str, day: date) -> int:
    """How many members ``assembly`` has on ``day``: its "total number of members"."""
    found = await db.scalar(
        text(f"SELECT count(*) FROM membership_replica r WHERE {member_on_day()}"),
        {"roster": roster_of(assembly), "day": day},
    )
    return int(found or 0)


async def is_member(db: AsyncSession, assembly: str, member_id: uuid.UUID, day: date) -> bool:
    """Whether ``member_id`` is a member of ``assembly`` on ``day``."""
    found = await db.scalar(
        text(f"SELECT 1 FROM membership_replica r WHERE r.member_id = :id AND {member_on_day()}"),
        {"id": member_id, "roster": roster_of(assembly), "day": day},
    )
    return found is not None


async def on_roster_among(
    db: AsyncSession, assembly: str, member_ids: Collection[uuid.UUID], day: date
) -> set[uuid.UUID]:
    """Which of ``member_ids`` are members of ``assembly`` on ``day`` (one query)."""
    if not member_ids:
        return set()
    found = await db.scalars(
        text(
            "SELECT r.member_id FROM membership_replica r"
            f" WHERE r.member_id = ANY(:ids) AND {member_on_day()}"
        ),
        {"ids": list(member_ids), "roster": roster_of(assembly), "day": day},
    )
    return {m if isinstance(m, uuid.UUID) else uuid.UUID(str(m)) for m in found}


async def count_among(
    db: AsyncSession, assembly: str, member_ids: Collection[uuid.UUID], day: date
) -> int:
    """How many of ``member_ids`` are members of ``assembly`` on ``day``."""
    if not member_ids:
        return 0
    found = await db.scalar(
        text(
            "SELECT count(*) FROM membership_replica r"
            f" WHERE r.member_id = ANY(:ids) AND {member_on_day()}"
        ),
        {"ids": list(member_ids), "roster": roster_of(assembly), "day": day},
    )
    return int(found or 0)


async def name_of(db: AsyncSession, member_id: uuid.UUID) -> dict[str, str] | None:
    """A membership's current names (``kk``, ``ru``), whatever its assembly."""
    row = (
        await db.execute(
            text("SELECT name_kk, name_ru FROM membership_replica WHERE member_id = :id"),
            {"id": member_id},
        )
    ).first()
    return None if row is None else {"kk": row.name_kk, "ru": row.name_ru}


async def first_year(db: AsyncSession, assembly: str) -> int | None:
    """The year the first membership of ``assembly`` began."""
    found = await db.scalar(
        text("SELECT min(joined_on) FROM membership_replica WHERE assembly = :roster"),
        {"roster": roster_of(assembly)},
    )
    return None if found is None else int(found.year)
