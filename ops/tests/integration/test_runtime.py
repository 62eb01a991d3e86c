"""The development runtime against real servers: broker, PostgreSQL, database helpers."""

from __future__ import annotations

import os
import stat
import time
import uuid
from pathlib import Path

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from ops.runtime.embedded import (
    EmbeddedBroker,
    EmbeddedPostgres,
    asyncpg_dsn,
    database_exists,
    database_name,
    database_url,
    drop_database,
    ensure_database,
    sqlalchemy_url,
)
from ops.runtime.healing import Backoff, Keeper
from ops.runtime.supervisor import Supervisor
from ops.testing.infra import FreshDatabase
from shared.runtime.catalog import SERVICES, select_services
from shared.runtime.secrets import development_secret

# ---------------------------------------------------------------------------------------------
# URLs and conventions (no server needed)


def test_urls_keep_the_socket_and_swap_the_database() -> None:
    url = "postgresql+asyncpg://postgres@/postgres?host=/tmp/pg%20dir"
    assert database_url(url, "kelisim_sessions") == (
        "postgresql+asyncpg://postgres@/kelisim_sessions?host=/tmp/pg%20dir"
    )
    assert asyncpg_dsn(url) == "postgresql://postgres@/postgres?host=/tmp/pg+dir"
    assert database_name(database_url(url, 'od"d name')) == 'od"d name'


def test_urls_over_tcp() -> None:
    url = "postgresql+asyncpg://postgres:s3cret@127.0.0.1:5432/postgres"
    assert database_url(url, "t_x") == "postgresql+asyncpg://postgres:s3cret@127.0.0.1:5432/t_x"
    assert asyncpg_dsn(url) == "postgresql://postgres:s3cret@127.0.0.1:5432/postgres"
    embedded_form = "postgresql://postgres:@/db?host=/run/pg"
    assert sqlalchemy_url(embedded_form) == "postgresql+asyncpg://postgres@/db?host=/run/pg"
    assert asyncpg_dsn(url + "?prepared_statement_cache_size=0") == asyncpg_dsn(url)


def test_catalog() -> None:
    assert [(s.name, s.default_port) for s in SERVICES] == [
        ("membership", 8001),
        ("sessions", 8002),
        ("council", 8003),
        ("monitoring", 8004),
        ("programmes", 8005),
    ]
    assert [s.name for s in select_services("sessions, membership")] == ["membership", "sessions"]
    assert SERVICES[1].database_env == "KELISIM_SESSIONS_DATABASE_URL"
    with pytest.raises(KeyError):
        select_services("nope")


def test_development_secret_is_made_once_and_private(tmp_path: Path) -> None:
    first = development_secret(tmp_path, environ={})
    assert len(first) >= 32
    assert development_secret(tmp_path, environ={}) == first
    assert stat.S_IMODE((tmp_path / "dev-secret").stat().st_mode) == 0o600
    assert development_secret(tmp_path, environ={"KELISIM_JWT_SECRET": "from-env"}) == "from-env"


# ---------------------------------------------------------------------------------------------
# Broker


async def _round_trip(bootstrap: str, topic: str, payload: bytes) -> bytes:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=False, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, payload)
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        message = await consumer.getone()
        assert message.value is not None
        return message.value
    finally:
        await consumer.stop()


async def _topics(bootstrap: str) -> set[str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


async def _create_topic(bootstrap: str, topic: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()


@pytest.mark.broker
@pytest.mark.timeout(120)
async def test_embedded_broker_is_memory_only_across_restart(tmp_path: Path) -> None:
    log = tmp_path / "broker.log"
    with EmbeddedBroker(log_path=log) as broker:
        bootstrap = broker.bootstrap_servers
        assert bootstrap.startswith("127.0.0.1:")
        topic = f"runtime-{uuid.uuid4().hex[:8]}"
        await _create_topic(bootstrap, topic)
        assert await _round_trip(bootstrap, topic, b"before") == b"before"
        assert topic in await _topics(bootstrap)

        old_pid = broker.pid
        assert broker.restart() == bootstrap  # same port
        assert broker.pid != old_pid
        assert topic not in await _topics(bootstrap)  # memory-only: the topic is gone

        await _create_topic(bootstrap, topic)
        assert await _round_trip(bootstrap, topic, b"after") == b"after"
        pid = broker.pid
    assert not broker.running
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert "listening on" in log.read_text()


@pytest.mark.broker
async def test_kafka_bootstrap_fixture_round_trip(kafka_bootstrap: str) -> None:
    topic = f"fixture-{uuid.uuid4().hex[:8]}"
    await _create_topic(kafka_bootstrap, topic)
    assert await _round_trip(kafka_bootstrap, topic, b"hello") == b"hello"


# ---------------------------------------------------------------------------------------------
# PostgreSQL


@pytest.mark.integration
async def test_ensure_and_drop_database(pg_admin_url: str) -> None:
    name = f't_Odd-"{uuid.uuid4().hex[:6]}"'
    await ensure_database(pg_admin_url, name)
    await ensure_database(pg_admin_url, name)  # idempotent
    assert await database_exists(pg_admin_url, name)

    conn = await asyncpg.connect(asyncpg_dsn(database_url(pg_admin_url, name)))
    try:
        assert await conn.fetchval("SELECT current_database()") == name
        await drop_database(pg_admin_url, name)  # WITH (FORCE): our open session is ended
    finally:
        await conn.close()
    assert not await database_exists(pg_admin_url, name)
    await drop_database(pg_admin_url, name)  # dropping a missing database is fine


@pytest.mark.integration
async def test_fresh_database_works_with_sqlalchemy(fresh_database: FreshDatabase) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    url = await fresh_database("Runtime Test")
    name = database_name(url)
    assert name.startswith("t_runtime_test_")
    engine = create_async_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (x int)"))
            await conn.execute(text("INSERT INTO t VALUES (1)"))
            assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 1
    finally:
        await engine.dispose()


@pytest.mark.integration
@pytest.mark.timeout(120)
async def test_embedded_postgres_keeps_data_across_restart(tmp_path: Path) -> None:
    server = EmbeddedPostgres(tmp_path / "pgdata")
    try:
        admin = server.start()
        await ensure_database(admin, "kept")
        conn = await asyncpg.connect(asyncpg_dsn(server.url_for("kept")))
        await conn.execute("CREATE TABLE t (x int); INSERT INTO t VALUES (42)")
        await conn.close()
        server.stop()
        assert not server.running

        admin = server.start()
        conn = await asyncpg.connect(asyncpg_dsn(database_url(admin, "kept")))
        try:
            assert await conn.fetchval("SELECT x FROM t") == 42
        finally:
            await conn.close()
    finally:
        server.stop()
    with pytest.raises((OSError, asyncpg.PostgresError)):
        await asyncpg.connect(asyncpg_dsn(admin), timeout=5)


@pytest.mark.broker
async def test_broker_control_is_the_session_broker(
    broker_control: EmbeddedBroker, kafka_bootstrap: str
) -> None:
    assert broker_control.bootstrap_servers == kafka_bootstrap
    broker_control.restart()
    topic = f"control-{uuid.uuid4().hex[:8]}"
    await _create_topic(kafka_bootstrap, topic)
    assert await _round_trip(kafka_bootstrap, topic, b"again") == b"again"


# ---------------------------------------------------------------------------------------------
# Keeping services alive (kelisim up)


def test_a_service_that_keeps_crashing_backs_off_and_is_reported(tmp_path: Path) -> None:
    """A real service process that exits at every start (here: a malformed audit key, found
    when its settings load) is started again after 0.2, 0.4, 0.8, 0.8 s, reported as crashing
    from its third exit with the reason from its log, and never in a tight loop."""
    supervisor = Supervisor(
        select_services("membership"),
        ports={"membership": 1},  # never listened on: the process exits before
        env={
            "KELISIM_HOME": str(tmp_path / "home"),
            "KELISIM_MEMBERSHIP_AUDIT_SIGNING_KEY": "not a key",
        },
        log_dir=tmp_path / "logs",
    )
    backoff = Backoff(initial=0.2, maximum=0.8, stable_after=30.0, report_after=3)
    keeper = Keeper(supervisor.watched(), backoff)
    supervisor.spawn()
    exits = []
    try:
        deadline = time.monotonic() + 120
        while len(exits) < 4:
            assert time.monotonic() < deadline, f"only {len(exits)} exits seen"
            exits += [n for n in keeper.check() if n.failing]
            time.sleep(0.05)
    finally:
        supervisor.stop()
    assert [n.text.rsplit(" ", 2)[-2] for n in exits] == ["0.2", "0.4", "0.8", "0.8"]
    assert [n.text.startswith("membership keeps crashing") for n in exits] == [
        False,
        False,
        True,
        True,
    ]
    assert "exited with code 1" in exits[0].text
    assert "KELISIM_MEMBERSHIP_AUDIT_SIGNING_KEY is not base64" in exits[-1].log_tail
    assert keeper.restarts("membership") == 3
