"""Rulebook versions published by the Secretariat, and the succession date, in a service.

The rulebooks are data files in the repository (``data/``); the Secretariat can also publish a
new version through membership's API (its effective date, its values, the citation of every
value, whether a value is provisional) and set the date on which the Halyq Kenesi succeeds the
Assembly. Both are events of membership's ``rulebooks`` stream, so they are in its audit log;
membership projects them, and the sessions and council services receive them on
``kelisim.membership.v1``, into the same table in each database:

``rulebook_publications``: one row per published version or succession date, with its body.

A service's :class:`RulebookSource` is the packaged rulebooks plus that table: every unit of
work judges by its registry (``shared.application``), so does every request
(:class:`RulebooksMiddleware`). A version is never changed: a new one is published (a version
id is published once). The source re-reads the table after each publication this process
applies and every few seconds (``follow``), so replicas agree within that interval.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Literal

import structlog
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.messaging.contracts import ContractHandler, InboundContract
from shared.rulebooks.model import Rulebook
from shared.rulebooks.registry import (
    RulebookRegistry,
    load_packaged_books,
    parse_rulebook,
    using_rulebooks,
)
from shared.workers import every

if TYPE_CHECKING:
    from shared.application import UnitOfWork
    from shared.messaging.consumer import Handler
    from shared.messaging.envelope import InboundEvent

log = structlog.get_logger(__name__)

VERSION_PUBLISHED = "RulebookVersionPublished"
SUCCESSION_SET = "SuccessionDateSet"
PUBLICATION_EVENTS = frozenset({VERSION_PUBLISHED, SUCCESSION_SET})

UPGRADE: tuple[str, ...] = (
    """
    CREATE TABLE rulebook_publications (
        event_id      UUID PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('version', 'succession')),
        assembly      TEXT NOT NULL,
        rulebook_id   TEXT,
        effective_on  DATE NOT NULL,
        body          JSONB NOT NULL,
        recorded_at   TIMESTAMPTZ NOT NULL
    )
    """,
    "CREATE INDEX rulebook_publications_order_idx ON rulebook_publications (recorded_at, event_id)",
)
DOWNGRADE: tuple[str, ...] = ("DROP TABLE rulebook_publications",)


def upgrade(op: Any) -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade(op: Any) -> None:
    for statement in DOWNGRADE:
        op.execute(statement)


_INSERT = text(
    "INSERT INTO rulebook_publications (event_id, kind, assembly, rulebook_id, effective_on,"
    " body, recorded_at) VALUES (:id, :kind, :assembly, :rulebook, :on, CAST(:body AS jsonb),"
    " :at) ON CONFLICT (event_id) DO NOTHING"
)
_SELECT = text(
    "SELECT kind, assembly, effective_on, body FROM rulebook_publications"
    " ORDER BY recorded_at, event_id"
)

Kind = Literal["version", "succession"]


def publication_of(event_type: str, data: dict[str, Any]) -> tuple[Kind, str, str | None, date]:
    """What a publication event is: its kind, assembly, rulebook id and effective day."""
    if event_type == VERSION_PUBLISHED:
        book = data["rulebook"]
        return "version", book["assembly"], book["id"], date.fromisoformat(book["effective_from"])
    if event_type == SUCCESSION_SET:
        return "succession", data["assembly"], None, date.fromisoformat(data["on"])
    raise ValueError(f"not a rulebook publication: {event_type}")


async def store_publication(
    db: AsyncSession,
    event_id: Any,
    event_type: str,
    data: dict[str, Any],
    recorded_at: datetime,
) -> None:
    """Keep a publication in this database's table (once per event)."""
    kind, assembly, rulebook_id, day = publication_of(event_type, data)
    await db.execute(
        _INSERT,
        {
            "id": event_id,
            "kind": kind,
            "assembly": assembly,
            "rulebook": rulebook_id,
            "on": day,
            "body": json.dumps(data, ensure_ascii=False),
            "at": recorded_at,
        },
    )


class RulebookSource:
    """A service's rulebooks: the packaged ones, the versions published since and the
    succession dates set, as one :class:`RulebookRegistry` (``registry``)."""

    def __init__(self, packaged: Sequence[Rulebook] | None = None) -> None:
        self._packaged = list(packaged) if packaged is not None else load_packaged_books()
        self._versions: list[Rulebook] = []
        self._succession: dict[str, date] = {}
        self.registry = RulebookRegistry.build(self._packaged)

    @property
    def packaged(self) -> list[Rulebook]:
        return list(self._packaged)

    @property
    def published(self) -> tuple[Rulebook, ...]:
        return tuple(self._versions)

    @property
    def succession(self) -> dict[str, date]:
        return dict(self._succession)

    def build(
        self,
        versions: Iterable[Rulebook] | None = None,
        succession: dict[str, date] | None = None,
    ) -> RulebookRegistry:
        """The registry with these versions and succession dates (by default the source's):
        raises ``RulebookDataError`` when they do not chain."""
        return RulebookRegistry.build(
            self._packaged,
            self._versions if versions is None else versions,
            self._succession if succession is None else succession,
        )

    def apply(self, event_type: str, data: dict[str, Any]) -> None:
        """Take in one publication (already stored)."""
        versions, succession = list(self._versions), dict(self._succession)
        if event_type == VERSION_PUBLISHED:
            book = parse_rulebook(json.dumps(data["rulebook"]))
            if all((b.assembly, b.id) != (book.assembly, book.id) for b in versions):
                versions.append(book)
        else:
            succession[data["assembly"]] = date.fromisoformat(data["on"])
        self.registry = self.build(versions, succession)
        self._versions, self._succession = versions, succession

    async def load(self, db: AsyncSession) -> None:
        """Read every publication kept in this database."""
        versions: list[Rulebook] = []
        succession: dict[str, date] = {}
        for row in (await db.execute(_SELECT)).mappings():
            if row["kind"] == "version":
                versions.append(parse_rulebook(json.dumps(row["body"]["rulebook"])))
            else:
                succession[row["assembly"]] = row["effective_on"]
        if versions != self._versions or succession != self._succession:
            self.registry = self.build(versions, succession)
            self._versions, self._succession = versions, succession

    async def follow(self, sessions: async_sessionmaker[AsyncSession], interval: float) -> None:
        """Re-read the publications every ``interval`` seconds until cancelled (another replica
        may have applied one); a failed round is logged and retried."""

        async def read() -> None:
            async with sessions() as db:
                await self.load(db)

        await every(interval, read, name="rulebooks")


class RulebookVersionPublication(InboundContract):
    """Membership's publication of a rulebook version: the version as a rulebook document."""

    rulebook: dict[str, Any]


class RulebookSuccessionPublication(InboundContract):
    """Membership's date on which an assembly's successor took over."""

    assembly: str
    on: date


def publication_handlers(source: RulebookSource) -> dict[str, Handler]:
    """Consumer handlers for membership's publications: keep each in this database and, once
    committed, judge by it in this process."""

    async def handle(_: InboundContract, event: InboundEvent, uow: UnitOfWork) -> None:
        recorded_at = datetime.fromisoformat(event.recorded_at)
        await store_publication(uow.db, event.event_id, event.event_type, event.data, recorded_at)
        uow.after_commit(lambda: source.apply(event.event_type, event.data))

    return {
        VERSION_PUBLISHED: ContractHandler(RulebookVersionPublication, handle),
        SUCCESSION_SET: ContractHandler(RulebookSuccessionPublication, handle),
    }


class RulebooksMiddleware:
    """Every HTTP request of a service judges (and reads verdicts) by the service's rulebooks."""

    def __init__(self, app: ASGIApp, source: RulebookSource) -> None:
        self.app = app
        self.source = source

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with using_rulebooks(self.source.registry):
            await self.app(scope, receive, send)
