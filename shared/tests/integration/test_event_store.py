"""The event store against real PostgreSQL: appends, conflicts, immutability, feed, upcasting."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import defaultdict
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.application import violates
from shared.errors import ConcurrencyConflict, EventStoreMisuse
from shared.eventstore import (
    DomainEvent,
    EventMetadata,
    EventRegistry,
    EventStore,
    FeedPosition,
    NewEvent,
    StreamAppend,
)
from shared.tests.integration.conftest import ThingHappened, registry

pytestmark = pytest.mark.integration

META = EventMetadata(actor="tester", roles=("secretariat",), correlation_id="c-1")


def thing(label: str, amount: int = 1) -> NewEvent:
    return registry.to_new_event(ThingHappened(label=label, amount=amount))


async def append(sessions, store, stream, expected, *events):
    async with sessions() as db, db.begin():
        return await store.append(db, stream, expected, list(events), META, stream_type="thing")


async def test_append_and_read_stream_with_versions_and_metadata(sessions, store: EventStore):
    first = await append(sessions, store, "thing-1", 0, thing("a"), thing("b"))
    second = await append(sessions, store, "thing-1", 2, thing("c"))
    assert [e.version for e in first + second] == [1, 2, 3]
    async with sessions() as db:
        events = await store.read_stream(db, "thing-1")
    assert [e.data["label"] for e in events] == ["a", "b", "c"]
    assert [e.version for e in events] == [1, 2, 3]
    assert events[0].metadata["actor"] == "tester"
    assert events[0].metadata["correlation_id"] == "c-1"
    assert events[0].metadata["roles"] == ["secretariat"]
    assert "recorded_at" in events[0].metadata
    assert events[0].stream_type == "thing"


async def test_events_read_back_equal_the_events_appended(sessions, store: EventStore):
    appended = await append(sessions, store, "thing-1b", 0, thing("Әлия", 7), thing("b"))
    async with sessions() as db:
        by_stream = await store.read_stream(db, "thing-1b")
        feed = await store.read_feed(db, FeedPosition())
        by_feed = [e for e in feed if e.stream_id == "thing-1b"]
        by_position = await store.read_all(db, after_position=appended[0].global_position - 1)
    assert by_stream == appended
    assert by_feed == appended
    assert by_position[:2] == appended
    assert by_stream[0].data == {"label": "Әлия", "amount": 7}
    assert by_stream[0].feed_position == appended[0].feed_position


async def test_read_stream_as_of_version_and_instant(sessions, store: EventStore):
    await append(sessions, store, "thing-2", 0, thing("a"))
    async with sessions() as db:
        instant = (await db.execute(text("SELECT clock_timestamp()"))).scalar_one()
    await asyncio.sleep(0.01)
    await append(sessions, store, "thing-2", 1, thing("b"))
    async with sessions() as db:
        by_version = await store.read_stream(db, "thing-2", to_version=1)
        by_instant = await store.read_stream(db, "thing-2", as_of=instant)
        before_all = await store.read_stream(db, "thing-2", as_of=datetime(2000, 1, 1, tzinfo=UTC))
    assert [e.data["label"] for e in by_version] == ["a"]
    assert [e.data["label"] for e in by_instant] == ["a"]
    assert before_all == []


async def test_stale_expected_version_is_a_conflict_and_stores_nothing(sessions, store):
    await append(sessions, store, "thing-3", 0, thing("a"))
    with pytest.raises(ConcurrencyConflict) as caught:
        await append(sessions, store, "thing-3", 0, thing("b"), thing("c"))
    assert caught.value.actual == 1
    assert caught.value.expected == 0
    async with sessions() as db:
        assert [e.data["label"] for e in await store.read_stream(db, "thing-3")] == ["a"]


async def test_concurrent_appends_at_the_same_version_one_wins_nothing_lost(sessions, store):
    await append(sessions, store, "thing-4", 0, thing("seed"))
    contenders = [thing(f"c{i}") for i in range(8)]
    results = await asyncio.gather(
        *(append(sessions, store, "thing-4", 1, event) for event in contenders),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, BaseException)]
    assert len(winners) == 1
    assert len(losers) == 7
    assert all(isinstance(r, ConcurrencyConflict) for r in losers)
    async with sessions() as db:
        stored = await store.read_stream(db, "thing-4")
    assert [e.version for e in stored] == [1, 2]
    assert stored[1].event_id == winners[0][0].event_id


async def test_appending_an_event_id_again_does_not_store_it_twice(sessions, store):
    event = thing("once")
    first = await append(sessions, store, "thing-5", 0, event)
    again = await append(sessions, store, "thing-5", 0, event)  # a retry of the same append
    assert [e.event_id for e in again] == [event.event_id]
    assert again[0].global_position == first[0].global_position
    async with sessions() as db:
        count = (
            await db.execute(
                text("SELECT count(*) FROM events WHERE event_id = :e"), {"e": event.event_id}
            )
        ).scalar_one()
    assert count == 1


async def test_an_append_must_be_the_first_write_of_its_transaction(sessions, store):
    await append(sessions, store, "thing-6", 0, thing("a"))
    async with sessions() as db, db.begin():
        await store.append(db, "thing-7", 0, [thing("x")], META, stream_type="thing")
        with pytest.raises(EventStoreMisuse):
            await store.append(db, "thing-6", 1, [thing("y")], META, stream_type="thing")


async def test_append_each_appends_every_stream_at_its_version_and_refuses_the_others(
    sessions, store: EventStore
):
    """The group commit of independent commands: one event per stream, each with its own
    metadata, in one transaction; a stream not at its version (or named twice) is refused alone."""
    await append(sessions, store, "thing-20", 0, thing("already"))

    def each(stream: str, expected: int, label: str) -> StreamAppend:
        meta = EventMetadata(actor=f"actor-{label}", correlation_id=f"c-{label}")
        return StreamAppend(stream, "thing", expected, thing(label), meta)

    appends = [
        each("thing-21", 0, "a"),
        each("thing-20", 0, "stale"),  # the stream is at version 1
        each("thing-22", 0, "b"),
        each("thing-21", 0, "twice"),  # the same stream again: its first event wins
        each("thing-20", 1, "c"),
    ]
    async with sessions() as db, db.begin():
        recorded = await store.append_each(db, appends)
    assert [r is not None for r in recorded] == [True, False, True, False, True]
    done = [r for r in recorded if r is not None]
    assert [(r.stream_id, r.version) for r in done] == [
        ("thing-21", 1),
        ("thing-22", 1),
        ("thing-20", 2),
    ]
    assert len({r.transaction_id for r in done}) == 1
    async with sessions() as db:
        stored = {s: await store.read_stream(db, s) for s in ("thing-20", "thing-21", "thing-22")}
    assert [e.data["label"] for e in stored["thing-20"]] == ["already", "c"]
    assert [e.data["label"] for e in stored["thing-21"]] == ["a"]
    assert stored["thing-22"][0].metadata["actor"] == "actor-b"
    assert stored["thing-22"][0].metadata["correlation_id"] == "c-b"
    assert stored["thing-20"][1].metadata["correlation_id"] == "c-c"

    async with sessions() as db, db.begin():  # like append, the transaction's first write
        await store.append(db, "thing-23", 0, [thing("x")], META, stream_type="thing")
        with pytest.raises(EventStoreMisuse):
            await store.append_each(db, [each("thing-24", 0, "y")])


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET data = '{}'::jsonb",
        "DELETE FROM events",
        "TRUNCATE events",
        "UPDATE events SET data = '{}'::jsonb WHERE false",
    ],
)
async def test_the_event_table_rejects_update_delete_and_truncate(sessions, store, statement):
    await append(sessions, store, "thing-8", 0, thing("keep"))
    with pytest.raises(DBAPIError, match="append-only"):
        async with sessions() as db, db.begin():
            await db.execute(text(statement))
    async with sessions() as db:
        assert len(await store.read_stream(db, "thing-8")) == 1


async def test_events_stored_under_an_older_schema_are_upcast_when_read(sessions, store):
    async with sessions() as db, db.begin():
        await db.execute(
            text(
                "INSERT INTO events (stream_id, stream_type, version, event_id, event_type,"
                " schema_version, data, metadata) VALUES ('thing-9', 'thing', 1, :id,"
                " 'ThingHappened', 1, CAST(:data AS jsonb), CAST(:meta AS jsonb))"
            ),
            {
                "id": uuid.uuid4(),
                "data": json.dumps({"name": "old"}),
                "meta": META.model_dump_json(),
            },
        )
    async with sessions() as db:
        [event] = await store.read_stream(db, "thing-9")
    assert event.stored_schema_version == 1
    assert event.schema_version == 2
    assert event.data == {"label": "old", "amount": 0}
    assert registry.load(event) == ThingHappened(label="old", amount=0)


async def test_an_event_stored_under_a_version_no_upcaster_knows_fails_its_read(sessions):
    async with sessions() as db, db.begin():
        await db.execute(
            text(
                "INSERT INTO events (stream_id, stream_type, version, event_id, event_type,"
                " schema_version, data, metadata) VALUES ('thing-9b', 'thing', 1, :id,"
                " 'ThingHappened', 1, '{}', CAST(:meta AS jsonb))"
            ),
            {"id": uuid.uuid4(), "meta": META.model_dump_json()},
        )
    grown = EventRegistry()

    @grown.register
    class ThingGrown(DomainEvent):  # version 3, and no upcaster from version 1
        event_type = "ThingHappened"
        schema_version = 3

    async with sessions() as db:
        with pytest.raises(LookupError):  # at the read, not at a later look at its data
            await EventStore(grown).read_stream(db, "thing-9b")


async def test_global_feed_under_eight_concurrent_writers_yields_every_event_once(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], store: EventStore
):
    writers, per_writer = 8, 60
    done = asyncio.Event()
    committed: list[uuid.UUID] = []

    async def writer(w: int) -> None:
        streams = [f"feed-{w}-{k}" for k in range(3)]
        for i in range(per_writer):
            stream = streams[i % 3]
            async with sessions() as db, db.begin():
                version = await store.stream_version(db, stream)
                recorded = await store.append(
                    db, stream, version, [thing(f"{w}:{i}")], META, stream_type="thing"
                )
                if i % 7 == 0:
                    await asyncio.sleep(0.005)  # hold the transaction open: commit late
            committed.append(recorded[0].event_id)

    seen: list = []

    async def reader() -> None:
        position = FeedPosition()
        while True:
            finished = done.is_set()
            async with sessions() as db:
                batch = await store.read_feed(db, position, limit=37)
            seen.extend(batch)
            if batch:
                position = batch[-1].feed_position
            elif finished:
                return
            else:
                await asyncio.sleep(0.001)

    reading = asyncio.create_task(reader())
    await asyncio.gather(*(writer(w) for w in range(writers)))
    done.set()
    await reading

    ids = [e.event_id for e in seen]
    positions = [e.feed_position for e in seen]
    twice = [str(e.feed_position) for e in seen if ids.count(e.event_id) > 1]
    assert positions == sorted(positions), "the feed went backwards"
    assert not twice, f"events read twice at {twice}"
    assert set(ids) == set(committed), "an event was skipped"
    assert len(ids) == writers * per_writer
    versions: dict[str, list[int]] = defaultdict(list)
    for event in seen:
        versions[event.stream_id].append(event.version)
    assert all(v == list(range(1, len(v) + 1)) for v in versions.values())


async def test_the_feed_orders_transaction_ids_as_numbers_across_a_digit_boundary(
    sessions, store: EventStore
):
    # Transactions 99 and 100 ended long ago (any live cluster is past them). Sorted as text,
    # "100" would come before "99"; the feed must sort numerically.
    async with sessions() as db, db.begin():
        for xid, stream in ((100, "digits-b"), (99, "digits-a"), (1000, "digits-c")):
            await db.execute(
                text(
                    "INSERT INTO events (transaction_id, stream_id, stream_type, version,"
                    " event_id, event_type, schema_version, data, metadata) VALUES"
                    " (CAST(CAST(:xid AS text) AS xid8), :s, 'thing', 1, :id, 'ThingHappened',"
                    " 2, CAST(:data AS jsonb), CAST(:meta AS jsonb))"
                ),
                {
                    "xid": str(xid),
                    "s": stream,
                    "id": uuid.uuid4(),
                    "data": json.dumps({"label": stream, "amount": 1}),
                    "meta": META.model_dump_json(),
                },
            )
    async with sessions() as db:
        first = await store.read_feed(db, FeedPosition(), limit=2)
        rest = await store.read_feed(db, first[-1].feed_position, limit=10)
    assert [e.transaction_id for e in first + rest] == [99, 100, 1000]


async def test_events_appended_together_each_keep_their_own_metadata(sessions, store):
    metas = [
        EventMetadata(actor=f"member-{n}", roles=("member",), correlation_id=f"c-{n}")
        for n in range(3)
    ]
    async with sessions() as db, db.begin():
        recorded = await store.append(
            db, "thing-meta", 0, [thing(str(n)) for n in range(3)], metas, stream_type="thing"
        )
    assert [e.metadata["actor"] for e in recorded] == ["member-0", "member-1", "member-2"]
    async with sessions() as db:
        stored = await store.read_stream(db, "thing-meta")
    assert [(e.version, e.metadata["actor"], e.metadata["correlation_id"]) for e in stored] == [
        (1, "member-0", "c-0"),
        (2, "member-1", "c-1"),
        (3, "member-2", "c-2"),
    ]
    # One metadata per event, or one for all: anything else is a misuse, nothing stored.
    with pytest.raises(EventStoreMisuse):
        async with sessions() as db, db.begin():
            await store.append(
                db, "thing-meta", 3, [thing("x"), thing("y")], metas, stream_type="thing"
            )
    # A stale version refuses them all alike.
    with pytest.raises(ConcurrencyConflict):
        async with sessions() as db, db.begin():
            await store.append(
                db, "thing-meta", 1, [thing(str(n)) for n in range(3)], metas, stream_type="thing"
            )


async def test_an_append_runs_in_the_sessions_transaction_and_rolls_back_with_it(
    sessions, store: EventStore
):
    async with sessions() as db:
        await store.append(db, "thing-r1", 0, [thing("a")], META, stream_type="thing")
        assert db.in_transaction()
        await db.rollback()
    async with sessions() as db, db.begin():
        assert await store.stream_version(db, "thing-r1") == 0
        # A statement of SQLAlchemy's after the append sees it: one transaction.
        await store.append(db, "thing-r2", 0, [thing("b")], META, stream_type="thing")
        seen = await db.execute(text("SELECT count(*) FROM events WHERE stream_id = 'thing-r2'"))
        assert seen.scalar_one() == 1
    async with sessions() as db:
        assert await store.stream_version(db, "thing-r2") == 1


async def test_a_refused_append_raises_what_sqlalchemy_raises(sessions, store: EventStore):
    too_long = "thing-" + "x" * 200
    with pytest.raises(IntegrityError) as refused:
        async with sessions() as db, db.begin():
            await store.append(db, too_long, 0, [thing("a")], META, stream_type="thing")
    assert violates(refused.value, "events_stream_id_check")


async def test_an_append_on_a_connection_whose_backend_died_invalidates_it(
    engine: AsyncEngine, store: EventStore
):
    async with engine.connect() as conn:
        pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        await conn.rollback()
        async with engine.connect() as other:
            await other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        with pytest.raises(DBAPIError) as gone:
            await store.append(conn, "thing-d1", 0, [thing("a")], META, stream_type="thing")
        assert gone.value.connection_invalidated
        assert conn.invalidated
    async with engine.connect() as conn:  # the pool connects afresh
        assert (await conn.execute(text("SELECT 1"))).scalar_one() == 1
