"""End to end: ``kelisim up`` heals. On its own home and free ports it runs membership and
sessions; while members are included every 0.2 s, one service is killed (``kill -9``), then the
broker. Each is started again by ``kelisim up`` alone, the other service never stops, and
every accepted inclusion reaches the sessions roster exactly once, also those accepted while
the broker was down (the broker keeps nothing across a restart: the relay publishes its log
again, the consumer reads its topics again and skips what it applied). Ctrl-C then stops
everything.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.runtime.embedded import free_port, stop_cluster
from shared.runtime.catalog import CONSOLE, SERVICES, project_root
from tests.e2e.system import SECRET, bearer, eventually, valid_iins
from tests.identity.issuer import sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.integration,
    pytest.mark.broker,
    pytest.mark.timeout(900),
]

START_DEADLINE = 300.0
"""Seconds `kelisim up` may take to be ready: it creates and migrates its own PostgreSQL."""
STOP_DEADLINE = 90.0
WRITE_EVERY = 0.2
MAX_WRITES = 2000
"""The writer's bound: it stops after this many attempts even if the test has not stopped it."""
AS_OF = "2026-02-01"


@dataclass
class Up:
    """A running `kelisim up` and what it started."""

    process: subprocess.Popen[bytes]
    ports: dict[str, int]
    broker_port: int
    issuer_port: int
    output: Path

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def child(self, *markers: str) -> psutil.Process | None:
        """The live (not zombie) process started by `kelisim up` whose command line has all
        ``markers``."""
        for child in psutil.Process(self.process.pid).children(recursive=True):
            try:
                if child.status() == psutil.STATUS_ZOMBIE:
                    continue
                command = " ".join(child.cmdline())
            except psutil.Error:
                continue
            if all(marker in command for marker in markers):
                return child
        return None

    def service(self, name: str) -> psutil.Process | None:
        return self.child(f"services.{name}.main:create_app")

    def broker(self) -> psutil.Process | None:
        return self.child("broker", f"127.0.0.1:{self.broker_port}")

    def assert_running(self) -> None:
        code = self.process.poll()
        assert code is None, f"kelisim up exited with {code}:\n{self.text()[-4000:]}"


@contextlib.contextmanager
def kelisim_up(tmp_path: Path, services: tuple[str, ...]) -> Iterator[Up]:
    ports = {spec.name: free_port() for spec in (*SERVICES, CONSOLE)}
    broker_port = free_port()
    issuer_port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("KELISIM_")}
    env.update(
        {
            "KELISIM_ENVIRONMENT": "test",
            "KELISIM_JWT_SECRET": SECRET,
            "KELISIM_BROKER_PORT": str(broker_port),
            "KELISIM_ISSUER_PORT": str(issuer_port),
            "PYTHONUNBUFFERED": "1",
            "COLUMNS": "200",
            **{spec.port_env: str(ports[spec.name]) for spec in (*SERVICES, CONSOLE)},
        }
    )
    output = tmp_path / "kelisim-up.log"
    command = [sys.executable, "-m", "ops.cli", "up", "--home", str(tmp_path / "home")]
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "--services", ",".join(services)],
            cwd=project_root(),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    up = Up(process, ports, broker_port, issuer_port, output)
    started: set[int] = set()
    try:
        yield up
    finally:
        with contextlib.suppress(psutil.Error):
            started = {c.pid for c in psutil.Process(process.pid).children(recursive=True)}
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(STOP_DEADLINE)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        for pid in started:  # never leave a server behind, whatever happened
            with contextlib.suppress(psutil.Error):
                psutil.Process(pid).kill()
        stop_cluster(tmp_path / "home" / "pgdata")


async def ready(client: httpx.AsyncClient, url: str) -> bool:
    try:
        return (await client.get(f"{url}/ready")).status_code == 200
    except httpx.HTTPError:
        return False


@dataclass
class Writer:
    """Includes a member every 0.2 s; remembers what membership accepted."""

    client: httpx.AsyncClient
    url: str
    accepted: list[str] = field(default_factory=list)
    answers: dict[int, int] = field(default_factory=dict)
    """HTTP status -> how many (201 for each accepted inclusion)."""
    unanswered: int = 0
    """Attempts without an answer (membership was down)."""
    done: asyncio.Event = field(default_factory=asyncio.Event)

    async def run(self) -> None:
        for n, iin in enumerate(valid_iins(MAX_WRITES, born="880202")):
            if self.done.is_set():
                return
            body = {
                "person": {
                    "name": {"kk": f"Мүше {n:04d}", "ru": f"Член {n:04d}"},
                    "iin": iin,
                    "gender": "male",
                },
                "region": "astana",
                "category": "public_figure",
                "decision": {"number": f"Ө-{n}", "date": "2026-01-10"},
                "effective_on": "2026-01-15",
            }
            try:
                response = await self.client.post(
                    f"{self.url}/v1/members", json=body, headers=bearer("president", "chairman")
                )
            except httpx.HTTPError:
                self.unanswered += 1
            else:
                self.answers[response.status_code] = self.answers.get(response.status_code, 0) + 1
                if response.status_code == 201:
                    self.accepted.append(response.json()["member_id"])
            await asyncio.sleep(WRITE_EVERY)

    async def more(self, count: int, what: str) -> None:
        """Wait until ``count`` more inclusions have been accepted."""
        target = len(self.accepted) + count

        async def enough() -> bool:
            return len(self.accepted) >= target

        await eventually(enough, what)


async def membership_ids(client: httpx.AsyncClient, url: str) -> list[str]:
    ids: list[str] = []
    while True:
        page = await client.get(f"{url}/v1/members", params={"limit": 1000, "offset": len(ids)})
        page.raise_for_status()
        if not page.json():
            return ids
        ids += [m["member_id"] for m in page.json()]


async def roster_ids(client: httpx.AsyncClient, url: str) -> list[str]:
    roster = await client.get(f"{url}/v1/roster", params={"as_of": AS_OF})
    roster.raise_for_status()
    return [m["member_id"] for m in roster.json()["members"]]


async def effects_per_member(database_url: str) -> dict[str, int]:
    """How many roster changes sessions recorded for each member (one per inclusion)."""
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(
                text("SELECT member_id, count(*) FROM roster_changes GROUP BY member_id")
            )
            return {str(member_id): int(count) for member_id, count in rows}
    finally:
        await engine.dispose()


async def test_kelisim_up_restarts_a_killed_service_and_broker_and_loses_nothing(
    tmp_path: Path,
) -> None:
    with kelisim_up(tmp_path, ("membership", "sessions")) as up:
        async with httpx.AsyncClient(timeout=10, trust_env=False) as client:
            await survive_kills(up, client)
        stops_on_ctrl_c(up)


async def survive_kills(up: Up, client: httpx.AsyncClient) -> None:
    membership, sessions = up.url("membership"), up.url("sessions")

    async def both_ready() -> bool:
        up.assert_running()
        return await ready(client, membership) and await ready(client, sessions)

    await eventually(both_ready, "kelisim up to be ready", START_DEADLINE)
    # The console beside them forwards their APIs at its own origin.
    forwarded = await client.get(f"{up.url(CONSOLE.name)}/api/membership/ready")
    assert forwarded.status_code == 200, forwarded.text

    # kelisim up names the console's address once every service answers: it may come a
    # moment after the console itself does.
    async def console_named() -> bool:
        return "console: open http://127.0.0.1:" in up.text()

    await eventually(console_named, "kelisim up to name the console's address")
    # The services trust the development issuer kelisim up started: a signed-in user's token.
    issued = await sign_in(f"http://127.0.0.1:{up.issuer_port}", "secretariat")
    waiting = await client.get(
        f"{membership}/v1/candidacies/waiting",
        headers={"Authorization": f"Bearer {issued['access_token']}"},
    )
    assert waiting.status_code == 200, waiting.text
    writer = Writer(client, membership)
    writing = asyncio.create_task(writer.run())
    try:
        await writer.more(10, "the first inclusions")

        # -- kill -9 one service: it comes back, the other one never stops -----------------
        victim, bystander = up.service("membership"), up.service("sessions")
        assert victim is not None and bystander is not None
        victim.kill()

        async def membership_down() -> bool:
            return not await ready(client, membership)

        await eventually(membership_down, "membership to go down")
        up.assert_running()
        assert await ready(client, sessions), "sessions stays up while membership is down"

        async def membership_back() -> bool:
            again = up.service("membership")
            return again is not None and again.pid != victim.pid and await ready(client, membership)

        await eventually(membership_back, "kelisim up to start membership again")
        assert up.service("sessions") == bystander, "sessions was never restarted"
        await writer.more(10, "inclusions after membership came back")

        # -- kill -9 the broker while writes continue: it comes back too -------------------
        broker = up.broker()
        assert broker is not None
        broker.kill()

        async def broker_back() -> bool:
            up.assert_running()
            again = up.broker()
            return again is not None and again.pid != broker.pid

        await eventually(broker_back, "kelisim up to start the broker again")
        await writer.more(15, "inclusions after the broker came back")
    finally:
        writer.done.set()
        await writing

    # -- every accepted inclusion reached sessions, exactly once -----------------------------
    assert set(writer.answers) == {201}, f"only 201 or no answer at all: {writer.answers}"
    assert writer.unanswered > 0, "membership was really down for a while"
    accepted = set(writer.accepted)
    assert len(accepted) == len(writer.accepted)
    included = await membership_ids(client, membership)
    assert accepted <= set(included)

    async def roster_complete() -> bool:
        return set(await roster_ids(client, sessions)) == set(included)

    await eventually(roster_complete, "every inclusion on the sessions roster")
    roster = await roster_ids(client, sessions)
    assert len(roster) == len(set(roster)) == len(set(included))
    sessions_process = up.service("sessions")
    assert sessions_process is not None
    database = sessions_process.environ()["KELISIM_SESSIONS_DATABASE_URL"]
    effects = await effects_per_member(database)
    assert set(effects) == set(included)
    assert set(effects.values()) == {1}, "each inclusion applied exactly once"

    log = " ".join(up.text().split())
    assert "membership exited with code -9" in log
    assert "membership started again (restart 1)" in log
    assert "broker exited with code -9" in log
    assert "broker started again (restart 1)" in log
    assert "sessions exited" not in log


def stops_on_ctrl_c(up: Up) -> None:
    children = psutil.Process(up.process.pid).children(recursive=True)
    up.process.send_signal(signal.SIGINT)
    assert up.process.wait(STOP_DEADLINE) == 0
    _, alive = psutil.wait_procs(children, timeout=10)
    assert not alive, f"left running: {alive}"
    stopped = " ".join(up.text().split())
    for what in ("services stopped", "broker stopped", "PostgreSQL stopped"):
        assert what in stopped
