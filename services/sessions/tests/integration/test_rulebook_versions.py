"""A rulebook version the Secretariat publishes reaches the sessions service and judges the acts
of its dates: a provisional value says so in the verdict, the API and the protocol; the
what-if lists every past verdict a proposed version would flip."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio
from fastapi import FastAPI
from typer.testing import CliRunner

from ops.archive.whatif import what_if_service
from ops.cli import app as kelisim
from services.membership.tests.integration.test_rulebooks_api import DOCUMENT, draft
from services.sessions.domain import verdicts
from services.sessions.tests.integration.test_records_api import record_session
from services.sessions.tests.integration.test_sessions_api import detail, secretariat
from shared.context import Actor
from shared.messaging.envelope import InboundEvent
from shared.rulebooks import parse_rulebook
from shared.rulebooks.publications import VERSION_PUBLISHED, publication_handlers


def published(book: dict[str, Any]) -> InboundEvent:
    """Membership's event, as the consumer receives it."""
    return InboundEvent(
        topic="kelisim.membership.v1", partition=0, offset=0, event_id=uuid.uuid4(),
        event_type=VERSION_PUBLISHED, schema_version=1, stream_id="rulebooks-ledger",
        stream_type="rulebooks", version=1, global_position=1,
        recorded_at=datetime(2026, 1, 25, tzinfo=UTC).isoformat(),
        data={"rulebook": book, "document": DOCUMENT, "published_on": "2026-01-25"},
        metadata={"actor": "s-1"},
    )  # fmt: skip


async def deliver(app: FastAPI, event: InboundEvent) -> None:
    platform = app.state.platform
    handler = publication_handlers(platform.rulebooks)[event.event_type]
    async with platform.runner.unit_of_work(Actor.system("membership-consumer")) as uow:
        await handler(event, uow)
        await uow.commit()


async def test_a_published_provisional_version_shows_in_verdicts_and_protocols(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await deliver(app, published(draft()))
    # three fifths of 394 is 237: quorate under the provisional value (two thirds: 263)
    recorded = await record_session(client, app, "2026-03-02", 240, 394)
    assert recorded.status_code == 201, recorded.text
    session_id = uuid.UUID(recorded.json()["id"])
    quorum = (await detail(client, session_id))["quorum"]
    assert (quorum["quorate"], quorum["required"], quorum["rulebook"]) == (
        True,
        237,
        "Reg2024-2026",
    )
    assert quorum["provisional"] and quorum["rule"] == "Reg2024 §9 (draft amendment)"
    # the majority of the same version is not provisional
    item = (await detail(client, session_id))["agenda"][0]["item_id"]
    vote = {"item_id": item, "method": "open", "motion": {"kk": "Шешім", "ru": "Решение"},
            "votes_for": 130, "against": 100, "abstain": 10}  # fmt: skip
    poll = await client.post(
        f"/v1/sessions/{session_id}/polls/records", json=vote, headers=secretariat(app)
    )
    assert not (await client.get(f"/v1/polls/{poll.json()['id']}")).json()["provisional"]
    for lang, word in (("ru", "временное значение"), ("kk", "уақытша мән")):
        protocol = await client.get(
            f"/v1/sessions/{session_id}/protocol", params={"lang": lang},
            headers=secretariat(app),
        )  # fmt: skip
        assert protocol.status_code == 200, protocol.text
        assert f"; {word})" in protocol.text  # the quorum's rule, cited as provisional
    # a Session of 2025 is still judged by Reg2024 (two thirds), nothing provisional
    older = await record_session(client, app, "2025-03-03", 240, 394)
    assert not (await detail(client, uuid.UUID(older.json()["id"])))["quorum"]["provisional"]


@pytest_asyncio.fixture
async def three_sessions(client: httpx.AsyncClient, app: FastAPI) -> FastAPI:
    """Under Reg2024 §9 a Session of 2026 with 240 of 394 had no quorum (263 needed); with the
    proposed three fifths (237) it would have. A Session of 2025 and one of 2026 with 300
    present come out the same."""
    for day, present in (("2026-03-02", 240), ("2026-04-02", 300), ("2025-03-03", 240)):
        assert (await record_session(client, app, day, present, 394)).status_code == 201
    return app


async def test_the_what_if_lists_the_verdicts_a_changed_quorum_would_flip(
    three_sessions: FastAPI,
) -> None:
    proposed = parse_rulebook(json.dumps(draft()))
    flips = await what_if_service(three_sessions.state.platform, verdicts.rejudge, proposed)
    assert [(f.check, f.day, f.recorded.satisfied, f.now and f.now.satisfied) for f in flips] == [
        ("session_quorum", date(2026, 3, 2), False, True)
    ]
    assert flips[0].recorded.rule == "Reg2024 §9" and flips[0].now is not None
    assert (flips[0].now.rulebook, flips[0].now.required) == ("Reg2024-2026", 237)


def test_the_kelisim_rulebooks_what_if_command(
    three_sessions: FastAPI, sessions_db: str, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.setenv("KELISIM_SESSIONS_DATABASE_URL", sessions_db)
    proposed = tmp_path / "proposed.json"
    proposed.write_text(json.dumps(draft(), ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(
        kelisim, ["rulebooks", "what-if", str(proposed), "--service", "sessions", "--json"]
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)["sessions"]
    assert [(f["check"], f["day"]) for f in listed] == [("session_quorum", "2026-03-02")]
