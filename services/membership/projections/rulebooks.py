"""The rulebook publications read model: the versions the Secretariat published and the
succession date, as the sessions and council services keep them too
(``shared.rulebooks.publications``)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent
from shared.rulebooks.publications import PUBLICATION_EVENTS, store_publication


class RulebookPublicationsProjection:
    name = "rulebooks"
    tables: tuple[str, ...] = ("rulebook_publications",)
    event_types = PUBLICATION_EVENTS

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        await store_publication(db, event.event_id, event.event_type, event.data, event.recorded_at)
