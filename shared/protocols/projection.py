"""The read model of protocol records (:mod:`shared.protocols.record`), the same tables in every
service that keeps protocols (each service's migration creates them):

- ``protocol_records``: per sitting, the chair and the secretary, the place in both languages,
  and once signed the number, the time and the digests;
- ``protocol_speakers`` and ``protocol_guests``: in the order recorded (the stream version);
- ``protocol_corrigenda``: each signed corrigendum with its digests.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent
from shared.protocols.record import RECORD_EVENTS

_OFFICERS = text(
    """
    INSERT INTO protocol_records (subject_id, chair, secretary, place_kk, place_ru, version)
    VALUES (:id, CAST(:chair AS jsonb), CAST(:secretary AS jsonb), :place_kk, :place_ru, :v)
    ON CONFLICT (subject_id) DO UPDATE SET chair = EXCLUDED.chair,
        secretary = EXCLUDED.secretary, place_kk = EXCLUDED.place_kk,
        place_ru = EXCLUDED.place_ru, version = EXCLUDED.version
    """
)
_VERSION = text(
    "INSERT INTO protocol_records (subject_id, version) VALUES (:id, :v)"
    " ON CONFLICT (subject_id) DO UPDATE SET version = EXCLUDED.version"
)
_SPEAKER = text(
    "INSERT INTO protocol_speakers (subject_id, position, item_id, role, member_id, name_kk,"
    " name_ru, post_kk, post_ru) VALUES (:id, :v, :item, :role, :member, :name_kk, :name_ru,"
    " :post_kk, :post_ru)"
)
_GUEST = text(
    "INSERT INTO protocol_guests (subject_id, position, name_kk, name_ru, post_kk, post_ru)"
    " VALUES (:id, :v, :name_kk, :name_ru, :post_kk, :post_ru)"
)
_SIGNED = text(
    "UPDATE protocol_records SET number = :number, signed_at = :at,"
    " digests = CAST(:digests AS jsonb), version = :v WHERE subject_id = :id"
)
_CORRIGENDUM = text(
    "INSERT INTO protocol_corrigenda (subject_id, sequence, text_kk, text_ru, signed_at, digests)"
    " VALUES (:id, :sequence, :kk, :ru, :at, CAST(:digests AS jsonb))"
)


def _names(prefix: str, value: dict[str, str] | None) -> dict[str, str | None]:
    value = value or {}
    return {f"{prefix}_kk": value.get("kk"), f"{prefix}_ru": value.get("ru")}


class ProtocolRecordsProjection:
    name = "protocol_records"
    tables: tuple[str, ...] = (
        "protocol_corrigenda",
        "protocol_guests",
        "protocol_speakers",
        "protocol_records",
    )
    event_types = frozenset(event.event_type for event in RECORD_EVENTS)

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        common: dict[str, Any] = {"id": uuid.UUID(d["subject_id"]), "v": event.version}
        match event.event_type:
            case "ProtocolOfficersRecorded":
                await db.execute(
                    _OFFICERS,
                    {
                        **common,
                        "chair": json.dumps(d["chair"], ensure_ascii=False),
                        "secretary": json.dumps(d["secretary"], ensure_ascii=False),
                        **_names("place", d["place"]),
                    },
                )
            case "ProtocolSpeakerRecorded":
                member = d["member_id"]
                await db.execute(
                    _SPEAKER,
                    {
                        **common,
                        "item": uuid.UUID(d["item_id"]),
                        "role": d["role"],
                        "member": None if member is None else uuid.UUID(member),
                        **_names("name", d["name"]),
                        **_names("post", d["post"]),
                    },
                )
                await db.execute(_VERSION, common)
            case "ProtocolGuestRecorded":
                await db.execute(
                    _GUEST, {**common, **_names("name", d["name"]), **_names("post", d["post"])}
                )
                await db.execute(_VERSION, common)
            case "ProtocolSigned":
                await db.execute(
                    _SIGNED,
                    {
                        **common,
                        "number": d["number"],
                        "at": datetime.fromisoformat(d["signed_at"]),
                        "digests": json.dumps(d["digests"]),
                    },
                )
            case "ProtocolCorrigendumSigned":
                await db.execute(
                    _CORRIGENDUM,
                    {
                        "id": common["id"],
                        "sequence": d["sequence"],
                        "kk": d["text"]["kk"],
                        "ru": d["text"]["ru"],
                        "at": datetime.fromisoformat(d["signed_at"]),
                        "digests": json.dumps(d["digests"]),
                    },
                )
                await db.execute(_VERSION, common)


TABLES_V1: tuple[str, ...] = (
    """
    CREATE TABLE protocol_records (
        subject_id  UUID PRIMARY KEY,
        chair       JSONB,
        secretary   JSONB,
        place_kk    TEXT,
        place_ru    TEXT,
        number      TEXT,
        signed_at   TIMESTAMPTZ,
        digests     JSONB,
        version     INTEGER NOT NULL
    )
    """,
    """
    CREATE TABLE protocol_speakers (
        subject_id  UUID NOT NULL,
        position    INTEGER NOT NULL,
        item_id     UUID NOT NULL,
        role        TEXT NOT NULL,
        member_id   UUID,
        name_kk     TEXT NOT NULL,
        name_ru     TEXT NOT NULL,
        post_kk     TEXT,
        post_ru     TEXT,
        PRIMARY KEY (subject_id, position)
    )
    """,
    """
    CREATE TABLE protocol_guests (
        subject_id  UUID NOT NULL,
        position    INTEGER NOT NULL,
        name_kk     TEXT NOT NULL,
        name_ru     TEXT NOT NULL,
        post_kk     TEXT,
        post_ru     TEXT,
        PRIMARY KEY (subject_id, position)
    )
    """,
    """
    CREATE TABLE protocol_corrigenda (
        subject_id  UUID NOT NULL,
        sequence    INTEGER NOT NULL,
        text_kk     TEXT NOT NULL,
        text_ru     TEXT NOT NULL,
        signed_at   TIMESTAMPTZ NOT NULL,
        digests     JSONB NOT NULL,
        PRIMARY KEY (subject_id, sequence)
    )
    """,
)
"""The tables as first created, for each service's migration. Frozen: never edit these
statements (a migration must keep doing what it did); change the tables in a new migration."""

DROP_TABLES_V1: tuple[str, ...] = (
    "DROP TABLE protocol_corrigenda",
    "DROP TABLE protocol_guests",
    "DROP TABLE protocol_speakers",
    "DROP TABLE protocol_records",
)


async def record(db: AsyncSession, subject_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text("SELECT * FROM protocol_records WHERE subject_id = :id"), {"id": subject_id}
        )
    ).one_or_none()
    return None if row is None else dict(row._mapping)


async def speakers(db: AsyncSession, subject_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await db.execute(
        text("SELECT * FROM protocol_speakers WHERE subject_id = :id ORDER BY position"),
        {"id": subject_id},
    )
    return [dict(r._mapping) for r in rows]


async def guests(db: AsyncSession, subject_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await db.execute(
        text("SELECT * FROM protocol_guests WHERE subject_id = :id ORDER BY position"),
        {"id": subject_id},
    )
    return [dict(r._mapping) for r in rows]


async def corrigenda(db: AsyncSession, subject_id: uuid.UUID) -> list[dict[str, Any]]:
    rows = await db.execute(
        text("SELECT * FROM protocol_corrigenda WHERE subject_id = :id ORDER BY sequence"),
        {"id": subject_id},
    )
    return [dict(r._mapping) for r in rows]
