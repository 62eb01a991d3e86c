"""The console in a real browser against the real services.

One system for the module's tests: membership, sessions, council and monitoring as processes on
fresh databases and the test broker, the console as a process in front of them, and a real OIDC
provider on 127.0.0.1 (``oidc_issuer``). The data the pages show is made through the services'
public APIs (``world``): 400 members, a Session sitting with all of them registered, an adopted
decision with its control card, an assignment whose report awaits the Secretariat, monitoring
indicators, incidents, alerts and appeals.

``oidc_issuer`` is the one place that names the identity provider: the project's development
issuer (``ops/issuer``, what ``kelisim up`` runs) as a process on 127.0.0.1. The console signs
in there as a public client (authorisation code with PKCE) and acts with the access token it
issued, which the services verify by the issuer's keys (``KELISIM_OIDC_ISSUER``).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio

from ops.issuer.process import EmbeddedIssuer
from ops.runtime.embedded import database_url, drop_database, ensure_database, free_port
from ops.runtime.supervisor import Supervisor
from shared.clock import Clock
from shared.migrations import upgrade_async
from shared.runtime.catalog import CONSOLE, get_service
from tests.e2e.system import SECRET, eventually, token, valid_iins

SERVICES = ("membership", "sessions", "council", "monitoring")
MEMBERS = 400
TODAY = Clock().today()
REGIONS = ("astana", "almaty_city", "shymkent", "abai", "zhambyl", "karaganda", "mangystau")
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "console"

# The development users the tests sign in as: the button on the issuer's sign-in page, and the
# name the console shows once signed in (``ops.issuer.server.DEVELOPMENT_USERS``).
SIGNS_IN_SECRETARIAT = "Secretariat officer"
SIGNS_IN_AUDITOR = "Auditor"
SIGNS_IN_CHAIRMAN = "Chairman of the Assembly"


@pytest.fixture(scope="session")
def oidc_issuer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The development OpenID Connect issuer on the loopback: its URL."""
    home = tmp_path_factory.mktemp("issuer")
    issuer = EmbeddedIssuer(home, free_port(), home / "issuer.log")
    issuer.start()
    try:
        yield issuer.url
    finally:
        issuer.stop()


@dataclass
class Console:
    url: str
    services: dict[str, str]
    supervisor: Supervisor


@pytest_asyncio.fixture(scope="module")
async def console(
    pg_admin_url: str,
    kafka_bootstrap: str,
    oidc_issuer: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[Console]:
    workdir = tmp_path_factory.mktemp("console")
    databases: dict[str, str] = {}
    names: list[str] = []
    for name in SERVICES:
        db = f"t_console_{name}_{uuid.uuid4().hex[:8]}"
        await ensure_database(pg_admin_url, db)
        names.append(db)
        databases[name] = database_url(pg_admin_url, db)
        await upgrade_async(databases[name], get_service(name).migrations_dir())
    ports = {name: free_port() for name in (*SERVICES, CONSOLE.name)}
    urls = {name: f"http://127.0.0.1:{ports[name]}" for name in SERVICES}
    env = {
        "KELISIM_ENVIRONMENT": "test",
        "KELISIM_HOME": str(workdir / "home"),
        "KELISIM_JWT_SECRET": SECRET,
        "KELISIM_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "KELISIM_SESSIONS_DB_POOL_SIZE": "20",
        "KELISIM_SESSIONS_HTTP_KEEP_ALIVE_SECONDS": "120",
        **{f"KELISIM_{n.upper()}_AUDIT_HEAD_INTERVAL_SECONDS": "1" for n in SERVICES},
        **{f"KELISIM_{n.upper()}_DATABASE_URL": databases[n] for n in SERVICES},
        **{f"KELISIM_CONSOLE_{n.upper()}_URL": urls[n] for n in SERVICES},
        "KELISIM_CONSOLE_OIDC_ISSUER": oidc_issuer,
        "KELISIM_OIDC_ISSUER": oidc_issuer,
    }
    supervisor = Supervisor(
        [*(get_service(n) for n in SERVICES), CONSOLE],
        ports=ports,
        env=env,
        log_dir=workdir / "logs",
    )
    await supervisor.start_async()
    try:
        yield Console(f"http://127.0.0.1:{ports[CONSOLE.name]}", urls, supervisor)
    finally:
        supervisor.stop()
        for db in names:
            await drop_database(pg_admin_url, db)


async def call(
    client: aiohttp.ClientSession,
    method: str,
    url: str,
    bearer: str | None = None,
    expect: int = 200,
    **kw: Any,
) -> Any:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    headers.update(kw.pop("headers", {}))
    async with client.request(method, url, headers=headers, **kw) as response:
        body = await response.text()
        assert response.status == expect, f"{method} {url}: {response.status} {body}"
        return await response.json(content_type=None) if body else None


@dataclass
class World:
    console: Console
    client: aiohttp.ClientSession
    members: list[str]
    session_id: str
    items: list[str]
    card_id: str = ""
    assignment_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def sessions(self) -> str:
        return self.console.services["sessions"]


CHAIRMAN = token("president", "chairman")
SECRETARIAT = token("secretariat-1", "secretariat")


@pytest_asyncio.fixture(scope="module")
async def world(console: Console) -> AsyncIterator[World]:
    """The Assembly's data, made through the public APIs."""
    urls = console.services
    membership, sessions = urls["membership"], urls["sessions"]
    connector = aiohttp.TCPConnector(limit=MEMBERS)
    async with aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=120)
    ) as client:
        gate = asyncio.Semaphore(16)

        async def include(n: int, iin: str) -> str:
            body = {
                "person": {
                    "name": {"kk": f"Мүше {n:03d}", "ru": f"Член {n:03d}"},
                    "iin": iin,
                    "gender": "female" if n % 3 == 0 else "male",
                },
                "region": REGIONS[n % len(REGIONS)],
                "category": ("public_figure", "ethnocultural_association", "state_body")[n % 3],
                "decision": {"number": f"Ө-{n}", "date": (TODAY - timedelta(days=90)).isoformat()},
                "effective_on": (TODAY - timedelta(days=60)).isoformat(),
            }
            async with gate:
                created = await call(
                    client, "POST", f"{membership}/v1/members", CHAIRMAN, 201, json=body
                )
            return str(created["member_id"])

        members = list(
            await asyncio.gather(*(include(n, i) for n, i in enumerate(valid_iins(MEMBERS))))
        )

        async def roster_complete() -> bool:
            roster = await call(client, "GET", f"{sessions}/v1/roster?as_of={TODAY}")
            # At least these: the test broker's topic may carry other tests' members too.
            return set(members) <= {m["member_id"] for m in roster["members"]}

        await eventually(roster_complete, "all members on the sessions roster")
        convened = await call(
            client, "POST", f"{sessions}/v1/sessions", CHAIRMAN, 201,
            json={
                "opens_on": TODAY.isoformat(),
                "announced_on": (TODAY - timedelta(days=35)).isoformat(),
                "place": "Астана, Бейбітшілік және келісім сарайы",
                "agenda": [
                    {"kk": "Үндеу туралы", "ru": "Об Обращении"},
                    {"kk": "Жоспар туралы", "ru": "О плане работы"},
                    {"kk": "Ережелер туралы", "ru": "О регламенте"},
                ],
            },
        )  # fmt: skip
        session_id = convened["id"]
        url = f"{sessions}/v1/sessions/{session_id}"
        await call(client, "POST", f"{url}/sitting/opening", SECRETARIAT)
        await asyncio.gather(
            *(
                call(client, "POST", f"{url}/attendance", token(m, "member"), json={"member_id": m})
                for m in members
            )
        )
        detail = await call(client, "GET", url)
        items = [i["item_id"] for i in detail["agenda"]]
        yield World(console, client, members, session_id, items)


async def vote_all(world: World, poll_id: str, choices: list[str]) -> None:
    """Every member's ballot at once (a secret poll's ballots commit only in batches)."""
    url = f"{world.sessions}/v1/polls/{poll_id}/votes"
    await asyncio.gather(
        *(
            call(world.client, "POST", url, token(m, "member"), 201, json={"choice": c})
            for m, c in zip(world.members, choices, strict=True)
        )
    )


async def open_poll(world: World, item: str, method: str, kind: str | None = None) -> str:
    body: dict[str, Any] = {
        "item_id": item,
        "method": method,
        "motion": {"kk": f"Ұсыныс: {method}", "ru": f"Предложение: {method}"},
    }
    if kind:
        body["decision_kind"] = kind
    opened = await call(
        world.client,
        "POST",
        f"{world.sessions}/v1/sessions/{world.session_id}/polls",
        SECRETARIAT,
        201,
        json=body,
    )
    return str(opened["id"])


async def close_poll(world: World, poll_id: str) -> dict[str, Any]:
    closed: dict[str, Any] = await call(
        world.client, "POST", f"{world.sessions}/v1/polls/{poll_id}/closing", SECRETARIAT
    )
    return closed


@pytest_asyncio.fixture(scope="module")
async def control_card(world: World) -> dict[str, str]:
    """An address adopted by the Session: its control card in council, two assignments to
    state bodies, and one state body's report awaiting the Secretariat."""
    council = world.console.services["council"]
    poll = await open_poll(world, world.items[0], "open", kind="address")
    await vote_all(world, poll, ["for"] * 300 + ["against"] * 60 + ["abstain"] * 40)
    await close_poll(world, poll)
    decisions = f"{world.sessions}/v1/decisions"
    listed = await call(world.client, "GET", decisions, params={"session_id": world.session_id})
    [decision] = [d for d in listed if d["poll_id"] == poll]

    async def card_of() -> dict[str, Any] | None:
        cards = await call(
            world.client, "GET", f"{council}/v1/control/cards", SECRETARIAT,
            params={"source_id": decision["decision_id"]},
        )  # fmt: skip
        return cards[0] if cards else None

    card = await eventually(card_of, "a control card for the Session's decision")
    in_a_month = (TODAY + timedelta(days=30)).isoformat()
    await call(
        world.client, "POST", f"{council}/v1/control/cards/{card['card_id']}/assignments",
        SECRETARIAT,
        json={"assignments": [
            {"state_body": "minculture", "deadline": in_a_month,
             "task": {"kk": "Үндеуді жариялау", "ru": "Опубликовать Обращение"}},
        ]},
    )  # fmt: skip
    ministry = token("officer-1", "state_body", state_body="minculture")
    [assignment] = await call(
        world.client, "GET", f"{council}/v1/control/assignments", ministry,
        params={"source_id": decision["decision_id"]},
    )  # fmt: skip
    await call(
        world.client, "POST",
        f"{council}/v1/control/assignments/{assignment['assignment_id']}/reports", ministry, 201,
        json={"text": "Үндеу республикалық басылымдарда жарияланды"},
    )  # fmt: skip
    return {"card_id": card["card_id"], "assignment_id": assignment["assignment_id"]}


SURVEY_REGIONS = ("zhambyl", "astana", "abai", "shymkent")


@pytest_asyncio.fixture(scope="module")
async def monitoring_data(world: World) -> None:
    """An indicator with values for four regions over two quarters (one CSV import),
    incidents in this month and the last, the alerts an evaluation raises, three appeals."""
    monitoring = world.console.services["monitoring"]
    await call(
        world.client, "POST", f"{monitoring}/v1/indicators", SECRETARIAT, 201,
        json={
            "code": "trust_index",
            "name": {"kk": "Сенім индексі", "ru": "Индекс доверия", "en": "Trust index"},
            "unit": "%", "good_direction": "higher",
            "thresholds": {"watch": "60", "pre_conflict": "50", "conflict": "40"},
        },
    )  # fmt: skip
    year = TODAY.year
    rows = ["indicator,region,period,value"]
    for n, region in enumerate(SURVEY_REGIONS):
        rows.append(f"trust_index,{region},{year}-Q1,{70 - n}")
        rows.append(f"trust_index,{region},{year}-Q2,{47 + 6 * n}")
    await call(
        world.client, "POST", f"{monitoring}/v1/indicator-values/imports", SECRETARIAT, 201,
        data=("\n".join(rows) + "\n").encode(), headers={"Content-Type": "text/csv"},
    )  # fmt: skip
    zhambyl = token("assembly-zhambyl", "regional_assembly", region="zhambyl")
    for days in (3, 10, 40):
        day = (TODAY - timedelta(days=days)).isoformat()
        await call(
            world.client, "POST", f"{monitoring}/v1/incidents", zhambyl, 201,
            json={
                "region": "zhambyl", "place": "Қордай ауданы", "occurred_on": day,
                "reported_on": day, "category": "domestic_conflict",
                "ethnic_groups": ["kazakh", "dungan"], "severity": "high",
                "description": "Тұрмыстық жанжал ұлтаралық сипат алды.",
            },
        )  # fmt: skip
    await call(
        world.client, "POST", f"{monitoring}/v1/early-warning/evaluations", SECRETARIAT,
        json={"as_of": TODAY.isoformat(), "regions": list(SURVEY_REGIONS)},
    )  # fmt: skip
    for n, region in enumerate(("zhambyl", "astana", "abai")):
        received = TODAY - timedelta(days=5 + 20 * n)
        await call(
            world.client, "POST", f"{monitoring}/v1/appeals", SECRETARIAT, 201,
            json={
                "applicant": {"name": f"Өтініш беруші {n}", "address": "Қордай ауылы",
                              "contact": "+7 701 111 22 33"},
                "text": "Ауылдағы ұлтаралық шиеленіс туралы.", "language": "kk",
                "region": region, "topic": "interethnic_relations", "channel": "post",
                "received_at": f"{received.isoformat()}T10:00:00+05:00",
            },
        )  # fmt: skip
