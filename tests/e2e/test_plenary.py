"""End to end: a plenary Session of 400 members, membership and sessions as separate processes,
real PostgreSQL, real broker.

400 members included through membership's API reach the sessions roster through Kafka; the
Chairman convenes a Session, the members register themselves at its sitting (quorum: two
thirds of 400 is 267, Reg2024 §9), and an open, a roll-call and a secret poll are each voted by
all 400 at once through the API. The results are exact (Reg2024 §10: more than half of the 400
present is 201). Then the sessions database, its Kafka topic and its log are scanned: nothing
links a member to a secret choice, while the scan does see the roll and the published ballots.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiokafka import AIOKafkaConsumer

from ops.testing.infra import FreshDatabase
from services.sessions.tests.secrecy import Secret, database_rows, links_in
from shared.clock import Clock
from shared.messaging.envelope import H_EVENT_TYPE
from tests.e2e.system import DEADLINE, System, eventually, running_system, token, valid_iins

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

MEMBERS = 400
TODAY = Clock().today()  # the Kazakhstan day, as the services date acts
MOTION = {"kk": "Ассамблея Үндеуін қабылдау", "ru": "Принять Обращение Ассамблеи"}


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    # Registration takes seconds: the members' connections stay open for the votes.
    env = {"KELISIM_SESSIONS_DB_POOL_SIZE": "20", "KELISIM_SESSIONS_HTTP_KEEP_ALIVE_SECONDS": "120"}
    services = ("membership", "sessions")
    async with running_system(services, fresh_database, kafka_bootstrap, tmp_path, env) as system:
        yield system


async def call(
    client: aiohttp.ClientSession,
    method: str,
    url: str,
    bearer: str | None = None,
    expect: int = 200,
    **kw: Any,
) -> Any:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
    async with client.request(method, url, headers=headers, **kw) as response:
        body = await response.text()
        assert response.status == expect, f"{method} {url}: {response.status} {body}"
        return json.loads(body) if body else None


async def topic_records(bootstrap: str, topic: str, done: Callable[[list[Any]], bool]) -> list[Any]:
    """The topic's records from the start, read until ``done`` says all expected ones are in."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"e2e-scan-{uuid.uuid4().hex[:6]}",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    records: list[Any] = []
    try:
        started = time.monotonic()
        while not done(records):
            assert time.monotonic() - started < DEADLINE, "the topic did not receive every event"
            for batch in (await consumer.getmany(timeout_ms=500)).values():
                records += batch
    finally:
        await consumer.stop()
    return records


def event_type(record: Any) -> str:
    return dict(record.headers).get(H_EVENT_TYPE, b"").decode()


async def test_a_plenary_session_of_400_votes_open_roll_call_and_secret(
    system: System, kafka_bootstrap: str
) -> None:
    membership, sessions = system.urls["membership"], system.urls["sessions"]
    chairman, secretariat = token("president", "chairman"), token("secretariat-1", "secretariat")
    connector = aiohttp.TCPConnector(limit=MEMBERS)
    async with aiohttp.ClientSession(connector=connector) as client:
        # -- 400 members included in membership reach the sessions roster -------------------
        included = asyncio.Semaphore(16)

        async def include(n: int, iin: str) -> str:
            body = {
                "person": {
                    "name": {"kk": f"Мүше {n:03d}", "ru": f"Член {n:03d}"},
                    "iin": iin,
                    "gender": "male",
                },
                "region": "astana",
                "category": "public_figure",
                "decision": {"number": f"Ө-{n}", "date": (TODAY - timedelta(days=90)).isoformat()},
                "effective_on": (TODAY - timedelta(days=60)).isoformat(),
            }
            async with included:
                created = await call(
                    client, "POST", f"{membership}/v1/members", chairman, 201, json=body
                )
            return str(created["member_id"])

        members = await asyncio.gather(*(include(n, i) for n, i in enumerate(valid_iins(MEMBERS))))
        tokens = {m: token(m, "member") for m in members}

        async def roster_complete() -> bool:
            roster = await call(client, "GET", f"{sessions}/v1/roster?as_of={TODAY}")
            # At least these: the test broker's topic may carry other tests' members too.
            return set(members) <= {m["member_id"] for m in roster["members"]}

        await eventually(roster_complete, "all 400 members on the sessions roster")

        # -- a Session convened, its sitting opened, quorum registered -----------------------
        convened = await call(
            client, "POST", f"{sessions}/v1/sessions", chairman, 201,
            json={
                "opens_on": TODAY.isoformat(),
                "announced_on": (TODAY - timedelta(days=35)).isoformat(),
                "place": "Астана, Бейбітшілік және келісім сарайы",
                "agenda": [
                    {"kk": "Жоспар туралы", "ru": "О плане работы"},
                    {"kk": "Ережелер туралы", "ru": "О регламенте"},
                    {"kk": "Үндеу туралы", "ru": "Об Обращении"},
                ],
            },
        )  # fmt: skip
        session_id = convened["id"]
        url = f"{sessions}/v1/sessions/{session_id}"
        await call(client, "POST", f"{url}/sitting/opening", secretariat)
        await asyncio.gather(
            *(
                call(client, "POST", f"{url}/attendance", tokens[m], json={"member_id": m})
                for m in members
            )
        )
        detail = await call(client, "GET", url)
        quorum = detail["quorum"]
        assert (quorum["present"], quorum["total"], quorum["required"]) == (400, 400, 267)
        assert quorum["quorate"] and quorum["rule"] == "Reg2024 §9"
        items = [i["item_id"] for i in detail["agenda"]]

        # -- three polls, each voted by all 400 at once ------------------------------------
        async def poll(item: str, method: str, choices: list[str]) -> tuple[str, list[Any]]:
            opened = await call(
                client, "POST", f"{url}/polls", secretariat, 201,
                json={"item_id": item, "method": method, "motion": MOTION},
            )  # fmt: skip
            poll_id = opened["id"]
            vote_url = f"{sessions}/v1/polls/{poll_id}/votes"
            answers = await asyncio.gather(
                *(
                    call(client, "POST", vote_url, tokens[m], 201, json={"choice": c})
                    for m, c in zip(members, choices, strict=True)
                )
            )
            await call(client, "POST", f"{sessions}/v1/polls/{poll_id}/closing", secretariat)
            return poll_id, answers

        open_choices = ["for"] * 250 + ["against"] * 100 + ["abstain"] * 50
        open_id, _ = await poll(items[0], "open", open_choices)
        roll_choices = ["for"] * 201 + ["against"] * 199  # exactly more than half of 400
        roll_id, _ = await poll(items[1], "roll_call", roll_choices)
        secret_choices = ["for"] * 200 + ["against"] * 150 + ["abstain"] * 50  # half: rejected
        secret_id, receipts = await poll(items[2], "secret", secret_choices)

        results = {
            p: await call(client, "GET", f"{sessions}/v1/polls/{p}")
            for p in (open_id, roll_id, secret_id)
        }

        def counts(p: str) -> tuple[int, int, int, int, bool]:
            r = results[p]
            return (r["votes_for"], r["against"], r["abstain"], r["required"], r["adopted"])

        assert counts(open_id) == (250, 100, 50, 201, True)
        assert counts(roll_id) == (201, 199, 0, 201, True)
        assert counts(secret_id) == (200, 150, 50, 201, False)
        by_member = {b["member_id"]: b["choice"] for b in results[roll_id]["ballots"]}
        assert by_member == dict(zip(members, roll_choices, strict=True))
        assert results[secret_id]["ballots"] is None

        # Each voter finds their secret ballot, with their choice, by receipt.
        receipt_of = {m: a["receipt"] for m, a in zip(members, receipts, strict=True)}
        published = await call(client, "GET", f"{sessions}/v1/polls/{secret_id}/ballots")
        published_choice = {b["receipt"]: b["choice"] for b in published}
        expected = dict(zip(members, secret_choices, strict=True))
        assert {m: published_choice[r] for m, r in receipt_of.items()} == expected
        assert [b["receipt"] for b in published] != [receipt_of[m] for m in members]

    # -- nothing links a member to a secret choice: database, topic, logs ------------------
    secret = Secret(uuid.UUID(secret_id), frozenset(uuid.UUID(m) for m in members),
                    frozenset(receipt_of.values()))  # fmt: skip
    rows = await database_rows(system.databases["sessions"])
    assert links_in(rows, secret) == []
    assert sum(secret_id in r and "SecretBallotCast" in r for _, r in rows) == MEMBERS  # seen

    def of_this_poll(records: list[Any]) -> list[Any]:
        """The records about this test's secret poll (the test broker's topic also carries
        other tests' Sessions)."""
        return [r for r in records if secret_id.encode() in (r.key or b"") + (r.value or b"")]

    def everything_published(records: list[Any]) -> bool:
        """The secret poll's roll (400 entries) and its published box, from every partition."""
        types = [event_type(r) for r in of_this_poll(records)]
        return types.count("SecretBallotCast") >= MEMBERS and "BallotsPublished" in types

    every_record = await topic_records(kafka_bootstrap, "kelisim.sessions.v1", everything_published)
    messages = [
        (f"kafka offset {r.offset}", f"{r.value.decode()} {r.headers!r}") for r in every_record
    ]
    records = of_this_poll(every_record)
    assert links_in(messages, secret) == []
    roll_entries = [r for r in records if event_type(r) == "SecretBallotCast"]
    assert len({r.key for r in roll_entries}) == MEMBERS  # the roll is on the topic, choiceless
    (box,) = [json.loads(r.value) for r in records if event_type(r) == "BallotsPublished"]
    assert len(box["data"]["ballots"]) == MEMBERS

    log = system.log("sessions")
    lines = [(f"log line {n}", line) for n, line in enumerate(log.splitlines(), 1)]
    assert f"/v1/polls/{secret_id}/votes" in log  # the ballots' requests are in the log
    assert links_in(lines, secret) == []
    assert not any(r in log for r in receipt_of.values())
