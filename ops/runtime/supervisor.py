"""Run Kelisim services as child processes (uvicorn, one process per service) and wait for them.

Usable from the CLI and from tests::

    supervisor = Supervisor(select_services("membership,sessions"), ports=ports, env=env,
                            log_dir=tmp / "logs")
    supervisor.spawn()
    try:
        await supervisor.wait_ready()        # or supervisor.start() from synchronous code
        ...
    finally:
        supervisor.stop()

No global state: ports, environment and the log directory come from the caller. A service
that exits after the start is not started again here: ``watched()`` hands the services to a
:class:`~ops.runtime.healing.Keeper` (``kelisim up`` runs one).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from ops.runtime.healing import Watched
from ops.runtime.lifecycle import StartStop
from shared.runtime.catalog import ServiceSpec, project_root

if TYPE_CHECKING:
    import httpx

__all__ = ["ServiceProcess", "Supervisor", "SupervisorError", "WaitingCallback"]

LOCALHOST = "127.0.0.1"

WaitingCallback = Callable[[Sequence[str], float], None]
"""Called while waiting for readiness with the names still not ready and the seconds elapsed."""


class SupervisorError(RuntimeError):
    pass


@dataclass
class ServiceProcess:
    spec: ServiceSpec
    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None
    ready: bool = False

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def url(self) -> str:
        return f"http://{LOCALHOST}:{self.port}"

    def returncode(self) -> int | None:
        return None if self.process is None else self.process.poll()


def _tail(path: Path, lines: int) -> str:
    if not path.exists():
        return ""
    with path.open("rb") as handle:
        handle.seek(0, os.SEEK_END)
        size = handle.tell()
        handle.seek(max(0, size - 64 * 1024))
        text = handle.read().decode(errors="replace")
    return "\n".join(text.splitlines()[-lines:])


class Supervisor(StartStop):
    """Spawns ``python -m shared.api.server services.<name>.main:create_app`` (uvicorn under
    the service's limits) per service.

    Each child gets ``os.environ`` (unless ``inherit_env=False``) updated with ``env``, plus
    ``KELISIM_<NAME>_PORT`` for every supervised service, and writes its output to
    ``<log_dir>/<name>.log``. Children run in their own process group, so a terminal's Ctrl-C
    reaches the caller, which then stops them in order with :meth:`stop`.
    """

    def __init__(
        self,
        services: Iterable[ServiceSpec],
        *,
        ports: Mapping[str, int],
        env: Mapping[str, str],
        log_dir: Path,
        inherit_env: bool = True,
        cwd: Path | None = None,
        python: str | None = None,
        ready_timeout: float = 60.0,
        stop_timeout: float = 15.0,
        ready_path: str = "/ready",
    ) -> None:
        self._children: dict[str, ServiceProcess] = {}
        for spec in services:
            if spec.name not in ports:
                raise ValueError(f"no port given for service {spec.name!r}")
            self._children[spec.name] = ServiceProcess(
                spec=spec, port=ports[spec.name], log_path=Path(log_dir) / f"{spec.name}.log"
            )
        if not self._children:
            raise ValueError("no services to supervise")
        self._env = dict(env)
        self._log_dir = Path(log_dir)
        self._inherit_env = inherit_env
        self._cwd = cwd if cwd is not None else project_root()
        self._python = python or sys.executable
        self._ready_timeout = ready_timeout
        self._stop_timeout = stop_timeout
        self._ready_path = ready_path

    # -- inspection --------------------------------------------------------------------------

    @property
    def services(self) -> tuple[ServiceProcess, ...]:
        return tuple(self._children.values())

    def urls(self) -> dict[str, str]:
        return {c.name: c.url for c in self._children.values()}

    def log_paths(self) -> dict[str, Path]:
        return {c.name: c.log_path for c in self._children.values()}

    def log_tail(self, name: str, lines: int = 40) -> str:
        return _tail(self._children[name].log_path, lines)

    def watched(self) -> list[Watched]:
        """Every service, for a :class:`~ops.runtime.healing.Keeper` to start again when
        its process exits."""
        return [
            Watched(
                name=child.name,
                exit_code=child.returncode,
                start=functools.partial(self.start_again, child.name),
                log_tail=functools.partial(self.log_tail, child.name, 15),
            )
            for child in self._children.values()
        ]

    def child_env(self) -> dict[str, str]:
        """The environment every child gets."""
        env = dict(os.environ) if self._inherit_env else {}
        env.update(self._env)
        for child in self._children.values():
            env[child.spec.port_env] = str(child.port)
        env.setdefault("PYTHONUNBUFFERED", "1")
        return env

    # -- lifecycle ---------------------------------------------------------------------------

    def spawn(self) -> None:
        """Start every service process (does not wait for readiness)."""
        self._log_dir.mkdir(parents=True, exist_ok=True)
        env = self.child_env()
        atexit.register(self.stop)
        try:
            for child in self._children.values():
                if child.process is not None and child.process.poll() is None:
                    continue
                self._spawn_one(child, env)
        except BaseException:
            self.stop()
            raise

    def start_again(self, name: str) -> None:
        """Start the process of ``name`` again if it has exited (does not wait for readiness);
        the other services are not touched."""
        child = self._children[name]
        if child.process is not None and child.process.poll() is None:
            return
        self._spawn_one(child, self.child_env())

    def _spawn_one(self, child: ServiceProcess, env: Mapping[str, str]) -> None:
        command = [
            self._python,
            *("-m", "shared.api.server", child.spec.app_factory),
            *("--host", LOCALHOST, "--port", str(child.port)),
        ]
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        with child.log_path.open("ab") as log:
            log.write(f"--- {stamp} starting {child.name} on {child.url} ---\n".encode())
            log.flush()
            child.process = subprocess.Popen(  # noqa: S603 - fixed command line, no shell
                command,
                cwd=self._cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        child.ready = False

    async def wait_ready(
        self, within: float | None = None, on_waiting: WaitingCallback | None = None
    ) -> None:
        """Poll ``GET /ready`` on every service until each answers 200, for at most ``within``
        seconds (default ``ready_timeout``).

        On a timeout or a process that exits, stops every service and raises
        :class:`SupervisorError` naming the late ones with the tail of their logs.
        """
        import httpx

        limit = self._ready_timeout if within is None else within
        started = time.monotonic()
        async with httpx.AsyncClient(timeout=2.0, trust_env=False) as client:
            while True:
                pending = [c for c in self._children.values() if not c.ready]
                if not pending:
                    return
                dead = [c for c in pending if c.returncode() is not None]
                if dead:
                    await asyncio.sleep(0.2)  # let the others flush their logs too
                    self._fail(dead, "exited while starting")
                results = await asyncio.gather(*(self._probe(client, c) for c in pending))
                for child, ok in zip(pending, results, strict=True):
                    child.ready = ok
                waiting = [c.name for c in pending if not c.ready]
                elapsed = time.monotonic() - started
                if not waiting:
                    return
                if on_waiting is not None:
                    on_waiting(waiting, elapsed)
                if elapsed > limit:
                    late = [c for c in pending if not c.ready]
                    self._fail(late, f"not ready after {limit:.0f} s")
                await asyncio.sleep(0.25)

    async def _probe(self, client: httpx.AsyncClient, child: ServiceProcess) -> bool:
        import httpx

        try:
            response = await client.get(f"{child.url}{self._ready_path}")
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def _fail(self, children: Sequence[ServiceProcess], reason: str) -> NoReturn:
        parts = []
        for child in children:
            code = child.returncode()
            state = f"exit code {code}" if code is not None else "still running"
            parts.append(
                f"--- {child.name} ({child.url}, {state}); last lines of {child.log_path}:\n"
                f"{_tail(child.log_path, 40)}"
            )
        names = ", ".join(c.name for c in children)
        self.stop()
        raise SupervisorError(f"{names}: {reason}\n" + "\n".join(parts))

    def start(self, on_waiting: WaitingCallback | None = None) -> None:
        """Spawn and wait until every service is ready (from synchronous code only)."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise RuntimeError("Supervisor.start() inside an event loop: use start_async()")
        self.spawn()
        asyncio.run(self.wait_ready(on_waiting=on_waiting))

    async def start_async(self, on_waiting: WaitingCallback | None = None) -> None:
        """Spawn and wait until every service is ready."""
        self.spawn()
        await self.wait_ready(on_waiting=on_waiting)

    def stop(self, timeout: float | None = None) -> None:
        """SIGTERM every service, wait up to ``timeout`` (``stop_timeout``), then SIGKILL."""
        atexit.unregister(self.stop)
        limit = self._stop_timeout if timeout is None else timeout
        running = [
            c for c in self._children.values() if c.process is not None and c.process.poll() is None
        ]
        for child in running:
            self._signal(child, signal.SIGTERM)
        deadline = time.monotonic() + limit
        for child in running:
            assert child.process is not None
            try:
                child.process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self._signal(child, signal.SIGKILL)
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.process.wait(5)
        for child in self._children.values():
            child.ready = False

    @staticmethod
    def _signal(child: ServiceProcess, signum: signal.Signals) -> None:
        process = child.process
        if process is None or process.poll() is not None:
            return
        # The child leads its own process group (start_new_session): signal the whole group,
        # so anything it started goes too.
        try:
            os.killpg(process.pid, signum)
        except (ProcessLookupError, PermissionError):
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signum)
