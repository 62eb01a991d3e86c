"""Relay leadership when the leader's node is lost: a standby takes over within about the lease,
without waiting for PostgreSQL to notice the dead connection, and a deposed leader publishes
nothing.

A lost node is simulated by a TCP proxy between the leader and PostgreSQL that goes silent: it
stops forwarding in both directions and keeps every socket open, so neither the leader nor
the server sees the connection close (``pg_terminate_backend`` or a closed socket would be
noticed at once, which a powered-off node never gives).
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from shared.eventstore import EventStore
from shared.messaging import envelope
from shared.messaging.relay import OutboxRelay
from shared.settings import PlatformSettings
from shared.tests.integration.test_messaging import (
    DEADLINE,
    append_things,
    platform,
    published_count,
    read_topic,
    runner,
    unique_topic,
)

pytestmark = [pytest.mark.integration, pytest.mark.broker]
__all__ = ["platform", "runner"]  # the fixtures, shared with test_messaging

LEASE_SECONDS = 10.0  # the production default (ServiceSettings.relay_lease_seconds)


class SilentProxy:
    """A TCP proxy to PostgreSQL (TCP or Unix socket) that can go silent, like a lost node."""

    def __init__(self, url: str) -> None:
        parsed = make_url(url)
        self._tcp = (parsed.host, parsed.port or 5432) if parsed.host else None
        socket_dir = parsed.query.get("host")
        self._unix = None if self._tcp else f"{socket_dir}/.s.PGSQL.{parsed.port or 5432}"
        self._silent = asyncio.Event()
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self.port = 0

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    def url_through(self, url: str) -> str:
        parsed = make_url(url)
        query = {k: v for k, v in parsed.query.items() if k != "host"}
        return parsed.set(host="127.0.0.1", port=self.port, query=query).render_as_string(
            hide_password=False
        )

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self._tcp is not None:
            up_reader, up_writer = await asyncio.open_connection(*self._tcp)
        else:
            assert self._unix is not None
            up_reader, up_writer = await asyncio.open_unix_connection(self._unix)
        self._writers += [writer, up_writer]
        await asyncio.gather(
            self._pump(reader, up_writer), self._pump(up_reader, writer), return_exceptions=True
        )

    async def _pump(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while not self._silent.is_set():
            data = await reader.read(65536)
            if not data or self._silent.is_set():
                break
            writer.write(data)
            await writer.drain()
        if self._silent.is_set():
            await asyncio.Event().wait()  # silent: read nothing more, never close
        writer.close()

    def go_silent(self) -> None:
        self._silent.set()

    async def close(self) -> None:
        for writer in self._writers:
            writer.close()
        if self._server is not None:
            self._server.close()


@pytest_asyncio.fixture
async def proxy(platform_db: str) -> AsyncIterator[SilentProxy]:
    proxy = SilentProxy(platform_db)
    await proxy.start()
    yield proxy
    await proxy.close()


def make_relay(
    topic: str, engine: AsyncEngine, store: EventStore, platform: PlatformSettings
) -> OutboxRelay:
    return OutboxRelay(
        service="test",
        topic=topic,
        engine=engine,
        store=store,
        platform=platform,
        batch_size=50,
        safety_poll_seconds=0.5,
        max_backoff_seconds=0.5,
        lease_seconds=LEASE_SECONDS,
    )


async def until(condition: Any, what: str) -> float:
    """Wait (bounded) until ``condition()`` is true; returns the seconds it took."""
    started = time.monotonic()
    while not await condition():
        assert time.monotonic() - started < DEADLINE * 2, f"timed out waiting: {what}"
        await asyncio.sleep(0.05)
    return time.monotonic() - started


def report(capsys: pytest.CaptureFixture[str], line: str) -> None:
    with capsys.disabled():
        sys.stdout.write(f"\n{line}\n")


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_a_standby_takes_over_within_the_lease_when_the_leader_goes_silent(
    proxy: SilentProxy,
    platform_db: str,
    engine: AsyncEngine,
    sessions: Any,
    store: EventStore,
    runner: Any,
    platform: PlatformSettings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    topic = unique_topic("failover")
    leader_engine = create_async_engine(
        proxy.url_through(platform_db),
        pool_size=5,
        connect_args={"server_settings": {"application_name": "silent-leader"}},
    )
    leader = make_relay(topic, leader_engine, store, platform)
    standby = make_relay(topic, engine, store, platform)
    leader_task = asyncio.create_task(leader.run())
    standby_task: asyncio.Task[None] | None = None
    try:
        await until(lambda: _true(leader.is_leader), "the first relay leads")
        standby_task = asyncio.create_task(standby.run())
        before = await append_things(runner, "failover", 5)
        await until(lambda: _at_least(sessions, topic, 5), "the leader publishes")
        assert not standby.is_leader

        proxy.go_silent()  # the leader's node is lost: no packet in or out, nothing closed
        silent_at = time.monotonic()
        after = await append_things(runner, "failover", 5)
        await until(lambda: _true(standby.is_leader), "the standby takes over")
        takeover = time.monotonic() - silent_at
        await until(lambda: _at_least(sessions, topic, 10), "the new leader publishes")
        published = time.monotonic() - silent_at

        # PostgreSQL still has the silent leader's sessions: the takeover did not wait for
        # the server to find the connection dead.
        async with engine.connect() as conn:
            alive = (
                await conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity"
                        " WHERE datname = current_database() AND application_name = :name"
                    ),
                    {"name": "silent-leader"},
                )
            ).scalar_one()
        assert alive > 0
        await until(lambda: _true(not leader.is_leader), "the silent leader stands down")

        messages = await read_topic(platform, topic, {*before, *after})
        assert {str(i) for i in (*before, *after)} <= event_ids(messages)
        report(
            capsys,
            f"relay takeover after a silent leader: standby leading {takeover:.1f} s, "
            f"events published {published:.1f} s after the loss "
            f"(lease {LEASE_SECONDS:g} s, renewed every {leader.renew_every:g} s)",
        )
    finally:
        await proxy.close()
        await stop(leader_task)
        if standby_task is not None:
            await stop(standby_task)
        await leader_engine.dispose()


async def test_a_deposed_leader_publishes_nothing(
    engine: AsyncEngine, sessions: Any, store: EventStore, runner: Any, platform: PlatformSettings
) -> None:
    """The lease is taken from a leader that is still connected: it stops publishing, cannot
    move the checkpoint, and publishes again only once it holds a lease again."""
    topic = unique_topic("fenced")
    relay = make_relay(topic, engine, store, platform)
    task = asyncio.create_task(relay.run())
    try:
        await until(lambda: _true(relay.is_leader), "the relay leads")
        await append_things(runner, "fenced", 3)
        await until(lambda: _at_least(sessions, topic, 3), "the relay publishes")
        first_epoch = relay.lease.epoch if relay.lease else 0

        async with sessions() as db, db.begin():  # another relay took the lease
            await db.execute(
                text(
                    "UPDATE relay_leases SET holder = 'elsewhere', epoch = epoch + 1,"
                    " expires_at = clock_timestamp() + interval '1 hour' WHERE topic = :t"
                ),
                {"t": topic},
            )
        late = await append_things(runner, "fenced", 3)
        await until(lambda: _true(not relay.is_leader), "the relay sees it was deposed")
        await asyncio.sleep(LEASE_SECONDS / 2)  # two renewal periods as a standby
        assert await published_count(sessions, topic) == 3, "a deposed relay moved nothing"

        async with sessions() as db, db.begin():  # the other relay goes away
            await db.execute(
                text("UPDATE relay_leases SET expires_at = clock_timestamp() WHERE topic = :t"),
                {"t": topic},
            )
        await until(lambda: _at_least(sessions, topic, 6), "the relay leads again")
        assert relay.lease is not None and relay.lease.epoch == first_epoch + 2
        messages = await read_topic(platform, topic, set(late))
        assert {str(i) for i in late} <= event_ids(messages)
    finally:
        await stop(task)


def event_ids(messages: list[Any]) -> set[str]:
    return {dict(m.headers)[envelope.H_EVENT_ID].decode() for m in messages}


async def _true(value: bool) -> bool:
    return value


async def _at_least(sessions: Any, topic: str, count: int) -> bool:
    return await published_count(sessions, topic) >= count
