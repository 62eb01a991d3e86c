"""Pytest plugin: real PostgreSQL and a real Kafka-compatible broker for integration tests.

Load it from a conftest with ``pytest_plugins = ["ops.testing.infra"]``.

Session fixtures choose their infrastructure from the environment:

- ``pg_admin_url`` (SQLAlchemy URL of a database where databases can be created):
  ``KELISIM_TEST_DATABASE_URL`` if set; else, with ``KELISIM_TEST_USE_TESTCONTAINERS=1`` and a
  reachable Docker engine, a testcontainers PostgreSQL; else an embedded PostgreSQL in a temporary
  directory.
- ``kafka_bootstrap`` ("host:port"): ``KELISIM_TEST_KAFKA_BOOTSTRAP`` if set; else testcontainers
  Kafka under the same opt-in; else an embedded broker (Tansu, memory-only) on a free port.
- ``broker_control``: the embedded broker itself, to stop or restart it (skips the test when the
  broker is external). A restart loses every topic: tests should use their own topic names.
- ``fresh_database``: ``await fresh_database("prefix")`` creates an empty database and returns
  its SQLAlchemy URL; every database it created is dropped after the test.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from ops.runtime.embedded import (
    EmbeddedBroker,
    EmbeddedPostgres,
    database_url,
    drop_database,
    ensure_database,
    sqlalchemy_url,
)

__all__ = [
    "BROKER_ENV",
    "DATABASE_ENV",
    "TESTCONTAINERS_ENV",
    "FreshDatabase",
    "KafkaInfra",
    "broker_control",
    "docker_available",
    "fresh_database",
    "kafka_bootstrap",
    "pg_admin_url",
]

DATABASE_ENV = "KELISIM_TEST_DATABASE_URL"
BROKER_ENV = "KELISIM_TEST_KAFKA_BOOTSTRAP"
TESTCONTAINERS_ENV = "KELISIM_TEST_USE_TESTCONTAINERS"

POSTGRES_IMAGE = "postgres:16-alpine"
KAFKA_IMAGE = "confluentinc/cp-kafka:7.6.1"

FreshDatabase = Callable[[str], Awaitable[str]]


def _use_testcontainers() -> bool:
    return os.environ.get(TESTCONTAINERS_ENV, "").strip().lower() in {"1", "true", "yes"}


def docker_available() -> bool:
    """True if a Docker engine answers a ping."""
    try:
        import docker

        client = docker.from_env(timeout=5)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception:
        return False


def _bind_to_localhost(container: Any, port: int) -> None:
    # testcontainers publishes on all interfaces; docker-py accepts (host ip, host port) bindings,
    # and None as the host port picks a free one.
    container.ports[str(port)] = ("127.0.0.1", None)


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """SQLAlchemy URL (``postgresql+asyncpg://``) of a server where tests may create databases."""
    external = os.environ.get(DATABASE_ENV, "").strip()
    if external:
        yield sqlalchemy_url(external)
        return
    if _use_testcontainers():
        if docker_available():
            from testcontainers.postgres import PostgresContainer

            container = PostgresContainer(POSTGRES_IMAGE, driver="asyncpg")
            _bind_to_localhost(container, container.port)
            with container:
                url = container.get_connection_url(host="127.0.0.1")
                yield sqlalchemy_url(url)
            return
        warnings.warn(
            f"{TESTCONTAINERS_ENV} is set but no Docker engine answers: "
            "using an embedded PostgreSQL",
            stacklevel=1,
        )
    # Not under pytest's basetemp: pytest deletes old session directories there, which would
    # pull the data directory from under a server another (concurrent) session still runs.
    with tempfile.TemporaryDirectory(prefix="kelisim-test-pg-") as scratch:
        server = EmbeddedPostgres(Path(scratch) / "data")
        try:
            yield server.start()
        finally:
            server.stop()


@dataclass(frozen=True)
class KafkaInfra:
    """The broker of the test session; ``broker`` is set only when it is our embedded one."""

    bootstrap_servers: str
    broker: EmbeddedBroker | None


@pytest.fixture(scope="session")
def _kelisim_kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KafkaInfra]:
    external = os.environ.get(BROKER_ENV, "").strip()
    if external:
        yield KafkaInfra(external, None)
        return
    if _use_testcontainers():
        if docker_available():
            from testcontainers.kafka import KafkaContainer

            container = KafkaContainer(KAFKA_IMAGE)
            _bind_to_localhost(container, container.port)
            with container:
                bootstrap = container.get_bootstrap_server().replace("localhost", "127.0.0.1")
                yield KafkaInfra(bootstrap, None)
            return
        warnings.warn(
            f"{TESTCONTAINERS_ENV} is set but no Docker engine answers: using an embedded broker",
            stacklevel=1,
        )
    broker = EmbeddedBroker(log_path=tmp_path_factory.mktemp("broker") / "broker.log")
    try:
        broker.start()
        yield KafkaInfra(broker.bootstrap_servers, broker)
    finally:
        broker.stop()


@pytest.fixture(scope="session")
def kafka_bootstrap(_kelisim_kafka: KafkaInfra) -> str:
    """Bootstrap servers ("host:port") of the session's Kafka-compatible broker."""
    return _kelisim_kafka.bootstrap_servers


@pytest.fixture
def broker_control(_kelisim_kafka: KafkaInfra) -> Iterator[EmbeddedBroker]:
    """The session's embedded broker, to ``stop()``/``start()``/``restart()`` it.

    Skips the test when the broker is external (it cannot be restarted from here). The broker is
    running again after the test, but empty if it was restarted.
    """
    broker = _kelisim_kafka.broker
    if broker is None:
        pytest.skip("the broker is external (KELISIM_TEST_KAFKA_BOOTSTRAP or a container)")
    try:
        yield broker
    finally:
        if not broker.running:
            broker.start()


_UNSAFE = re.compile(r"[^a-z0-9_]+")


def _database_name(prefix: str) -> str:
    clean = _UNSAFE.sub("_", prefix.lower()).strip("_")[:40] or "db"
    return f"t_{clean}_{uuid.uuid4().hex[:8]}"


@pytest_asyncio.fixture
async def fresh_database(pg_admin_url: str) -> AsyncIterator[FreshDatabase]:
    """Factory: ``url = await fresh_database("prefix")`` makes an empty database ``t_prefix_<hex>``.

    Returns its SQLAlchemy URL; the databases are dropped (connections forced out) after the test.
    """
    created: list[str] = []

    async def make(prefix: str) -> str:
        name = _database_name(prefix)
        await ensure_database(pg_admin_url, name)
        created.append(name)
        return database_url(pg_admin_url, name)

    try:
        yield make
    finally:
        for name in reversed(created):
            await drop_database(pg_admin_url, name)
