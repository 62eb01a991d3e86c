"""Running a what-if on a service's database: its events, its rulebooks (packaged and
published), and a proposed version put in (``shared.rulebooks.whatif``)."""

from __future__ import annotations

from shared.eventstore.model import RecordedEvent
from shared.rulebooks import Rulebook
from shared.rulebooks.whatif import Rejudge, Rejudged, what_if, with_version
from shared.service import Platform

BATCH = 5000


async def events_of(platform: Platform) -> list[RecordedEvent]:
    """Every event of the service, in the order of its log, read in one snapshot."""
    events: list[RecordedEvent] = []
    async with platform.sessions() as db, db.begin():
        after = 0
        while batch := await platform.store.read_all(db, after_position=after, limit=BATCH):
            events += batch
            after = batch[-1].global_position
    return events


async def what_if_service(
    platform: Platform, rejudge: Rejudge, proposed: Rulebook
) -> list[Rejudged]:
    """Every verdict the service recorded that ``proposed`` would flip, were it in force
    beside the versions published in the service (replacing one of the same id)."""
    source = platform.rulebooks
    async with platform.sessions() as db:
        await source.load(db)
    registry = with_version(source.packaged, source.published, source.succession, proposed)
    return what_if(rejudge, await events_of(platform), registry)
