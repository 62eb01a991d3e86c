"""How the demo loader talks to the services: their public HTTP APIs only.

Every command carries an ``Idempotency-Key`` derived from the seed and the item it creates, so a
second run with the same seed is answered from the services' stored responses and appends
nothing. Acts a key cannot protect (a member's attendance and ballots at a live sitting) are
checked before they are made. Tokens come from one function (:data:`TokenSource`), so the
development secret can be swapped for an OIDC issuer without touching the loader.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

import aiohttp
import httpx

__all__ = [
    "AiohttpConnection",
    "Api",
    "As",
    "Connection",
    "DemoFailed",
    "HttpxConnection",
    "Progress",
    "ServiceNotRunning",
    "TokenSource",
    "development_tokens",
    "service_urls",
]

T = TypeVar("T")

ATTEMPTS = 3
"""How many times a request whose connection broke is sent."""
WAIT_SECONDS = 90.0
"""How long the loader waits for one service to learn another's acts over Kafka."""


class DemoFailed(RuntimeError):
    """A service refused a demo act, or an awaited effect did not arrive in time."""


class ServiceNotRunning(DemoFailed):
    def __init__(self, service: str, url: str) -> None:
        super().__init__(
            f"{service} is not running at {url}: start the system with `kelisim up` "
            f"(or set KELISIM_{service.upper()}_PORT to the port it listens on)"
        )
        self.service = service
        self.url = url


@dataclass(frozen=True)
class As:
    """Who makes a call: a token subject, its roles and its scopes."""

    subject: str
    roles: tuple[str, ...]
    region: str | None = None
    state_body: str | None = None


TokenSource = Callable[[As], str]
"""The one place tokens come from."""


def development_tokens(home: Path | None = None, secret: str | None = None) -> TokenSource:
    """Tokens signed with the development secret that ``kelisim up`` gives the services (or
    ``secret``), as ``kelisim token`` mints them."""
    from shared.api.app import auth_settings
    from shared.api.auth import AuthSettings, mint_token
    from shared.runtime.catalog import resolve_home
    from shared.settings import PlatformSettings

    if secret is not None:
        settings = AuthSettings(secret=secret)
    else:
        settings = auth_settings(
            PlatformSettings(environment="development", home=resolve_home(home))
        )
    cache: dict[As, str] = {}

    def token(caller: As) -> str:
        if caller not in cache:
            cache[caller] = mint_token(
                settings,
                caller.subject,
                list(caller.roles),
                region=caller.region,
                state_body=caller.state_body,
            )
        return cache[caller]

    return token


def service_urls(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each service's base URL, from the settings ``kelisim up`` uses (``KELISIM_<NAME>_PORT``
    on the loopback host it binds)."""
    from ops.runtime.supervisor import LOCALHOST
    from shared.runtime.catalog import service_ports

    return {name: f"http://{LOCALHOST}:{port}" for name, port in service_ports(environ).items()}


class Progress(Protocol):
    """Where the loader reports its progress: one task per part."""

    def start(self, part: str, total: int) -> None: ...

    def advance(self, part: str, steps: int = 1) -> None: ...

    def finish(self, part: str) -> None: ...


@dataclass
class Counting:
    """A :class:`Progress` that only counts (tests, quiet runs)."""

    done: dict[str, int] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def start(self, part: str, total: int) -> None:
        self.totals[part] = total
        self.done.setdefault(part, 0)

    def advance(self, part: str, steps: int = 1) -> None:
        self.done[part] = self.done.get(part, 0) + steps

    def finish(self, part: str) -> None:
        self.totals[part] = self.done.get(part, 0)


@dataclass(frozen=True)
class Reply:
    status_code: int
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        return json.loads(self.content) if self.content else None


class Unreachable(Exception):
    """The service could not be connected to."""


class Broken(Exception):
    """The connection broke under the request (a keep-alive one the service closed)."""


class Connection(Protocol):
    """One service's HTTP endpoint as the loader uses it."""

    url: str

    async def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str],
        json: Any = None,
        content: bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> Reply: ...


class AiohttpConnection:
    """A service over the network: aiohttp, whose client costs a fraction of httpx's CPU on
    thousands of requests (``bench/plenary_vote.py``), on a machine the services share."""

    def __init__(self, session: aiohttp.ClientSession, url: str) -> None:
        self.session = session
        self.url = url.rstrip("/")

    async def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str],
        json: Any = None,
        content: bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> Reply:
        query = {k: str(v) for k, v in (params or {}).items()}
        try:
            async with self.session.request(
                method, self.url + path, headers=headers, json=json, data=content, params=query
            ) as response:
                return Reply(response.status, await response.read())
        except aiohttp.ClientConnectorError as exc:
            raise Unreachable(str(exc)) from exc
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError,
                aiohttp.ClientPayloadError) as exc:  # fmt: skip
            raise Broken(repr(exc)) from exc


class HttpxConnection:
    """A service through an ``httpx.AsyncClient`` (in-process, in the services' own tests)."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.url = str(client.base_url).rstrip("/")

    async def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str],
        json: Any = None,
        content: bytes | None = None,
        params: dict[str, Any] | None = None,
    ) -> Reply:
        try:
            response = await self.client.request(
                method, path, headers=headers, json=json, content=content, params=params
            )
        except httpx.ConnectError as exc:
            raise Unreachable(str(exc)) from exc
        except (httpx.ReadError, httpx.WriteError, httpx.RemoteProtocolError) as exc:
            raise Broken(repr(exc)) from exc
        return Reply(response.status_code, response.content)


class Api:
    """The services' APIs as the demo calls them."""

    def __init__(
        self,
        clients: Mapping[str, Connection | httpx.AsyncClient],
        tokens: TokenSource,
        seed: int,
        progress: Progress,
        concurrency: int = 16,
    ) -> None:
        self.clients: dict[str, Connection] = {
            name: HttpxConnection(c) if isinstance(c, httpx.AsyncClient) else c
            for name, c in clients.items()
        }
        self.tokens = tokens
        self.seed = seed
        self.progress = progress
        self.part = ""
        self.limit = asyncio.Semaphore(concurrency)

    def for_part(self, part: str, total: int) -> Api:
        """The same connections, reporting progress under ``part`` (of about ``total`` calls)."""
        view = copy.copy(self)
        view.part = part
        self.progress.start(part, total)
        return view

    def finish(self) -> None:
        self.progress.finish(self.part)

    async def check_running(self) -> None:
        """Every service answers ``/ready``; otherwise say which one is not running."""
        for name in self.clients:
            response = await self._send(name, "GET", "/ready", headers={})
            if response.status_code != 200:
                url = self.clients[name].url
                raise DemoFailed(f"{name} at {url} is not ready: {response.text}")

    def key(self, item: str) -> str:
        return f"demo-{self.seed}-{item}"

    def headers(self, caller: As | None, key: str | None = None) -> dict[str, str]:
        headers = {"Accept-Language": "en"}
        if caller is not None:
            headers["Authorization"] = f"Bearer {self.tokens(caller)}"
        if key is not None:
            headers["Idempotency-Key"] = self.key(key)
        return headers

    async def post(
        self,
        service: str,
        path: str,
        body: Any,
        caller: As,
        key: str | None,
        *,
        content: bytes | None = None,
        content_type: str | None = None,
        accept: tuple[int, ...] = (),
        unlimited: bool = False,
    ) -> Any:
        """POST a command; ``key`` names the item (with the seed it is the Idempotency-Key).
        ``accept``: statuses beyond 2xx answered as ``None`` (an act already made);
        ``unlimited``: not held to the loader's concurrency (a ballot waits for its batch)."""
        headers = self.headers(caller, key)
        if content_type is not None:
            headers["Content-Type"] = content_type
        async with contextlib.AsyncExitStack() as stack:
            if not unlimited:
                await stack.enter_async_context(self.limit)
            response = await self._send(
                service, "POST", path, json=body if content is None else None,
                content=content, headers=headers,
            )  # fmt: skip
        if response.status_code in accept:
            self.progress.advance(self.part)
            return None
        if response.status_code >= 300:
            raise DemoFailed(f"POST {service}{path}: {response.status_code} {response.text}")
        self.progress.advance(self.part)
        return response.json() if response.content else None

    async def get(self, service: str, path: str, caller: As | None = None, **params: Any) -> Any:
        response = await self._send(
            service, "GET", path, params=params or None, headers=self.headers(caller)
        )
        if response.status_code >= 300:
            raise DemoFailed(f"GET {service}{path}: {response.status_code} {response.text}")
        return response.json()

    async def _send(self, service: str, method: str, path: str, **kw: Any) -> Reply:
        """One request; a connection the service closed under it (an idle keep-alive one) is
        tried again, at most :data:`ATTEMPTS` times: commands carry their Idempotency-Key, and
        a ballot sent twice is refused as already cast."""
        connection = self.clients[service]
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await connection.request(method, path, **kw)
            except Unreachable as exc:
                if attempt == ATTEMPTS:
                    raise ServiceNotRunning(service, connection.url) from exc
            except Broken as exc:
                if attempt == ATTEMPTS:
                    raise DemoFailed(f"{method} {service}{path}: {exc}") from exc
            except (httpx.TransportError, aiohttp.ClientError, TimeoutError) as exc:
                raise DemoFailed(f"{method} {service}{path}: {exc!r}") from exc
            await asyncio.sleep(0.2 * attempt)
        raise AssertionError("unreachable")

    async def eventually(
        self, check: Callable[[], Awaitable[T | None]], what: str, within: float = WAIT_SECONDS
    ) -> T:
        """Poll ``check`` until it answers a true value, at most ``within`` seconds."""
        started = time.monotonic()
        while True:
            value = await check()
            if value:
                return value
            if time.monotonic() - started > within:
                raise DemoFailed(f"timed out after {within:.0f} s waiting for {what}")
            await asyncio.sleep(0.3)

    async def received(
        self, service: str, path: str, field: str, wanted: str, caller: As, **params: Any
    ) -> None:
        """Wait until ``service`` lists at ``path`` the row whose ``field`` is ``wanted``: an
        act of another service it learns over Kafka, and may cite only once it has it. A row
        recorded as not adopted (``"adopted": false``) does not count."""

        async def listed() -> bool:
            rows = await self.get(service, path, caller, **params)
            return any(str(r.get(field)) == wanted and r.get("adopted") is not False for r in rows)

        await self.eventually(listed, f"the {service} service to receive {wanted}")
