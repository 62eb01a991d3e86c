"""Applies ``kelisim.membership.v1`` to monitoring's copy of the reference data.

- ``RegionRegistered`` / ``RegionRenamed``: the 20 regions (Reg2024 §18–19), seeded by
  migration 0002 from membership's own seed constants and kept in step from here;
- ``EthnicGroupRegistered`` / ``EthnicGroupRenamed``: the ethnic groups an incident names;
- ``PostTermStarted`` / ``PostTermEnded`` of a regional assembly's chair (chaired ex officio by
  the akim, Law 2008 Art. 14): who chairs each regional assembly on a given day.
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
CHAIR_POST = "regional_assembly_chair"

_REGION = text(
    """
    INSERT INTO regions (code, kind, name_kk, name_ru, name_en)
    VALUES (:code, :kind, :kk, :ru, :en)
    ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, name_kk = EXCLUDED.name_kk,
        name_ru = EXCLUDED.name_ru, name_en = EXCLUDED.name_en
    """
)
_REGION_RENAMED = text(
    "UPDATE regions SET name_kk = :kk, name_ru = :ru, name_en = :en WHERE code = :code"
)
_GROUP = text(
    """
    INSERT INTO ethnic_groups (code, name_kk, name_ru, name_en) VALUES (:code, :kk, :ru, :en)
    ON CONFLICT (code) DO UPDATE SET name_kk = EXCLUDED.name_kk, name_ru = EXCLUDED.name_ru,
        name_en = EXCLUDED.name_en
    """
)
_GROUP_RENAMED = text(
    "UPDATE ethnic_groups SET name_kk = :kk, name_ru = :ru, name_en = :en WHERE code = :code"
)
_CHAIR_STARTED = text(
    """
    INSERT INTO regional_assembly_chairs (term_id, region, member_id, name_kk, name_ru,
        start_on, end_on)
    VALUES (:term, :region, :member, :kk, :ru, :start, NULL)
    ON CONFLICT (term_id) DO NOTHING
    """
)
_CHAIR_ENDED = text("UPDATE regional_assembly_chairs SET end_on = :end WHERE term_id = :term")


class Name(InboundContract):
    kk: str
    ru: str
    en: str | None = None
    """Older events name in Kazakh and Russian only: English falls back to Russian."""


class Coded(InboundContract):
    """A region or an ethnic group: its code and names."""

    code: str
    name: Name


class RegionRegistered(Coded):
    kind: str


class PersonName(InboundContract):
    kk: str
    ru: str


class PostTermStarted(InboundContract):
    term_id: uuid.UUID
    post: str
    region: str | None = None
    member_id: uuid.UUID | None = None
    name: PersonName
    start_on: date


class PostTermEnded(InboundContract):
    term_id: uuid.UUID
    post: str
    end_on: date


def _names(name: Name) -> dict[str, str]:
    return {"kk": name.kk, "ru": name.ru, "en": name.en or name.ru}


@reads(RegionRegistered)
async def region_registered(
    event: RegionRegistered, message: InboundEvent, uow: UnitOfWork
) -> None:
    await uow.db.execute(_REGION, {"code": event.code, "kind": event.kind, **_names(event.name)})


@reads(Coded)
async def region_renamed(event: Coded, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(_REGION_RENAMED, {"code": event.code, **_names(event.name)})


@reads(Coded)
async def ethnic_group_registered(event: Coded, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(_GROUP, {"code": event.code, **_names(event.name)})


@reads(Coded)
async def ethnic_group_renamed(event: Coded, message: InboundEvent, uow: UnitOfWork) -> None:
    await uow.db.execute(_GROUP_RENAMED, {"code": event.code, **_names(event.name)})


@reads(PostTermStarted)
async def post_term_started(event: PostTermStarted, message: InboundEvent, uow: UnitOfWork) -> None:
    if event.post != CHAIR_POST or not event.region:
        return
    await uow.db.execute(
        _CHAIR_STARTED,
        {
            "term": event.term_id,
            "region": event.region,
            "member": event.member_id,
            "kk": event.name.kk,
            "ru": event.name.ru,
            "start": event.start_on,
        },
    )


@reads(PostTermEnded)
async def post_term_ended(event: PostTermEnded, message: InboundEvent, uow: UnitOfWork) -> None:
    if event.post != CHAIR_POST:
        return
    await uow.db.execute(_CHAIR_ENDED, {"term": event.term_id, "end": event.end_on})


HANDLERS: dict[str, Handler] = {
    "RegionRegistered": region_registered,
    "RegionRenamed": region_renamed,
    "EthnicGroupRegistered": ethnic_group_registered,
    "EthnicGroupRenamed": ethnic_group_renamed,
    "PostTermStarted": post_term_started,
    "PostTermEnded": post_term_ended,
}
