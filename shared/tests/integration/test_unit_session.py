"""The unit of work's session whose transaction is the driver's (``shared.eventstore.unit``):
the same answers as SQLAlchemy's own session, one transaction for what runs on the driver and
what runs through SQLAlchemy, SQLAlchemy's errors, and the connection back in the pool."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import bindparam, event, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.types import Integer

from shared.application import CommandResult, CommandRunner, UnitOfWork, violates
from shared.context import Actor
from shared.eventstore import unit
from shared.eventstore.unit import UnitSession
from shared.projections import Projector
from shared.service import create_engine_for
from shared.tests.integration.conftest import TallyProjection, ThingHappened

pytestmark = pytest.mark.integration

ACTOR = Actor("tester", frozenset({"secretariat"}))

_TYPES = text(
    """
    SELECT CAST(:u AS uuid) AS u, 12.50::numeric AS n, '{"a": [1, "б"]}'::jsonb AS j,
           DATE '2026-03-02' AS d, TIMESTAMPTZ '2026-03-02 10:00:00+05' AS t,
           ARRAY['x', 'y'] AS a, true AS b, '\\x0102'::bytea AS y, NULL::text AS z,
           9007199254740993::bigint AS big, CAST(:label AS text) AS label
    """
)
_EMPTY = text("SELECT 1 AS one WHERE false")
_INSERT = text("INSERT INTO tally (stream_id, things, total, last_label) VALUES (:s, 1, 0, :l)")
_COUNT = text("SELECT count(*) FROM tally WHERE stream_id = :s")


async def _unit(engine: AsyncEngine) -> UnitSession:
    session = await UnitSession.open(engine, expire_on_commit=False)
    assert isinstance(session, UnitSession)
    return session


async def test_a_text_statement_answers_as_sqlalchemy_does(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    params: dict[str, Any] = {"u": str(uuid.uuid4()), "label": "Әлия"}
    async with AsyncSession(engine) as plain:
        expected = (await plain.execute(_TYPES, params)).one()
        expected_map = (await plain.execute(_TYPES, params)).mappings().one()
        expected_empty = (await plain.execute(_EMPTY)).all()
    db = await _unit(engine)
    try:
        got = (await db.execute(_TYPES, params)).one()
        assert tuple(got) == tuple(expected)
        assert [type(v) for v in got] == [type(v) for v in expected]
        assert got.label == "Әлия" and got.u == expected.u
        assert (await db.execute(_TYPES, params)).mappings().one() == expected_map
        assert (await db.scalar(_TYPES, params)) == expected[0]
        assert (await db.execute(_EMPTY)).all() == expected_empty == []
        fresh = text("SELECT 2 AS two WHERE false")  # its first answer has no row
        assert list((await db.execute(fresh)).scalars()) == []
        assert list((await db.execute(fresh)).keys()) == ["two"]
        assert (await db.execute(fresh)).mappings().all() == []
        asked: list[str] = []
        describe = type(db._driver).prepare

        async def counted(self: Any, sql: str, *args: Any, **kw: Any) -> Any:
            asked.append(sql)
            return await describe(self, sql, *args, **kw)

        monkeypatch.setattr(type(db._driver), "prepare", counted)
        again = text("SELECT 2 AS two WHERE false")  # the same SQL built again
        assert list((await db.execute(again)).keys()) == ["two"] and asked == []
        described = text("SELECT 3 AS three WHERE false")
        assert list((await db.execute(described)).keys()) == ["three"] and len(asked) == 1
        assert (await db.execute(_EMPTY)).scalar() is None
        assert (await db.execute(_EMPTY)).one_or_none() is None
    finally:
        await db.close()


async def test_driver_and_sqlalchemy_statements_share_one_transaction(
    engine: AsyncEngine,
) -> None:
    stream = f"s-{uuid.uuid4().hex}"
    # A typed parameter: SQLAlchemy runs this one, in the same transaction.
    typed = text("SELECT count(*) FROM tally WHERE stream_id = :s AND things = :n").bindparams(
        bindparam("n", type_=Integer)
    )
    db = await _unit(engine)
    try:
        await db.execute(_INSERT, {"s": stream, "l": "a"})  # on the driver
        assert await db.scalar(typed, {"s": stream, "n": 1}) == 1  # through SQLAlchemy
        await db.rollback()
        assert not db.in_transaction()
        assert await db.scalar(_COUNT, {"s": stream}) == 0
        await db.execute(_INSERT, {"s": stream, "l": "b"})
        assert await db.scalar(typed, {"s": stream, "n": 1}) == 1
        await db.commit()
    finally:
        await db.close()
    async with engine.connect() as other:
        assert (await other.execute(_COUNT, {"s": stream})).scalar() == 1
    assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]


async def test_statements_go_through_sqlalchemy_while_the_engine_is_listened_to(
    engine: AsyncEngine,
) -> None:
    seen: list[str] = []

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    db = await _unit(engine)
    try:
        assert await db.scalar(text("SELECT 41 + :x"), {"x": 1}) == 42
        assert seen == []
        event.listen(engine.sync_engine, "before_cursor_execute", before)
        try:
            assert await db.scalar(text("SELECT 41 + :x"), {"x": 1}) == 42
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", before)
        assert len(seen) == 1 and "41" in seen[0]
    finally:
        await db.close()


async def test_a_refused_statement_is_sqlalchemys_error(engine: AsyncEngine) -> None:
    stream = f"s-{uuid.uuid4().hex}"
    db = await _unit(engine)
    try:
        await db.execute(_INSERT, {"s": stream, "l": "a"})
        with pytest.raises(IntegrityError) as refused:
            await db.execute(_INSERT, {"s": stream, "l": "b"})
        assert violates(refused.value, "tally_pkey")
    finally:
        await db.close()
    assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("pool_step", [True, False])
async def test_a_connection_whose_backend_died_is_invalidated(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, pool_step: bool
) -> None:
    """With the pool's own step on a disconnect, or (a pool without it) the connection alone."""
    if not pool_step:
        monkeypatch.setattr(type(engine.sync_engine.pool), "_invalidate", None)
    db = await _unit(engine)
    try:
        pid = await db.scalar(text("SELECT pg_backend_pid()"))
        async with engine.connect() as other:
            await other.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        with pytest.raises(DBAPIError) as gone:
            await db.execute(text("SELECT 1"))
        assert gone.value.connection_invalidated
    finally:
        await db.close()
    db = await _unit(engine)  # the pool connects again
    try:
        assert await db.scalar(text("SELECT pg_backend_pid()")) != pid
    finally:
        await db.close()


async def test_a_unit_of_work_on_another_driver_takes_sqlalchemys_session(
    sessions: Any, store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback: without what the driver's path needs, a plain session, same results."""
    monkeypatch.setattr(unit, "_supported", lambda adapted, driver: False)
    runner = CommandRunner(sessions, store, Projector([TallyProjection()]), "test")
    stream = f"thing-{uuid.uuid4().hex}"
    kinds: list[type] = []

    async def work(uow: UnitOfWork) -> CommandResult:
        kinds.append(type(uow.db))
        await uow.append(stream, "thing", 0, [ThingHappened(label="x", amount=3)])
        return CommandResult(201, {})

    await runner.run(work, ACTOR)
    assert kinds == [AsyncSession]
    async with sessions() as db:
        assert await db.scalar(_COUNT, {"s": stream}) == 1
        assert len(await store.read_stream(db, stream)) == 1


async def test_a_unit_of_work_that_fails_leaves_nothing_and_frees_its_connection(
    sessions: Any, store: Any, engine: AsyncEngine
) -> None:
    runner = CommandRunner(sessions, store, Projector([TallyProjection()]), "test")
    stream = f"thing-{uuid.uuid4().hex}"

    async def work(uow: UnitOfWork) -> CommandResult:
        assert isinstance(uow.db, UnitSession)
        await uow.append(stream, "thing", 0, [ThingHappened(label="x", amount=3)])
        raise RuntimeError("the handler fails after its append")

    with pytest.raises(RuntimeError):
        await runner.run(work, ACTOR)
    async with sessions() as db:
        assert await db.scalar(_COUNT, {"s": stream}) == 0
        assert await store.read_stream(db, stream) == []
    assert engine.sync_engine.pool.checkedout() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("adapter_ends", [True, False])
async def test_commit_and_rollback_end_the_drivers_transaction(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch, adapter_ends: bool
) -> None:
    """Ended as the adapter ends it, or (an adapter without that method) by its DBAPI
    ``commit()`` and ``rollback()``: the same outcome either way."""
    if not adapter_ends:
        monkeypatch.setattr(unit, "_discarding", lambda adapted: None)
    kept, dropped = f"s-{uuid.uuid4().hex}", f"s-{uuid.uuid4().hex}"
    db = await _unit(engine)
    try:
        await db.execute(_INSERT, {"s": kept, "l": "a"})
        await db.commit()
        assert not db.in_transaction()
        await db.execute(_INSERT, {"s": dropped, "l": "b"})
        await db.rollback()
        assert not db.in_transaction()
    finally:
        await db.close()
    async with engine.connect() as other:
        assert (await other.execute(_COUNT, {"s": kept})).scalar() == 1
        assert (await other.execute(_COUNT, {"s": dropped})).scalar() == 0


async def test_a_dead_server_is_noticed_once_not_once_per_pooled_connection(
    platform_db: str,
) -> None:
    """As SQLAlchemy does: the first command that finds its backend gone invalidates every
    connection pooled until then, so the next command connects afresh instead of failing on
    another dead one (not pinged: it was used a moment ago)."""
    engine = create_engine_for(platform_db, pool_size=2, max_overflow=0)
    try:
        first, second = await _unit(engine), await _unit(engine)
        pids = [await db.scalar(text("SELECT pg_backend_pid()")) for db in (first, second)]
        for db in (first, second):
            await db.close()
        async with AsyncSession(create_engine_for(platform_db, pool_size=1, max_overflow=0)) as s:
            for pid in pids:
                await s.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            await s.commit()
            await s.bind.dispose()  # type: ignore[union-attr]
        failed = 0
        for _ in range(2):
            db = await _unit(engine)
            try:
                assert await db.scalar(text("SELECT pg_backend_pid()")) not in pids
            except DBAPIError as gone:
                assert gone.connection_invalidated
                failed += 1
            finally:
                await db.close()
        assert failed <= 1
        db = await _unit(engine)
        try:
            assert await db.scalar(text("SELECT pg_backend_pid()")) not in pids
        finally:
            await db.close()
    finally:
        await engine.dispose()
