"""The live plenary board on real PostgreSQL: woken by the commit notifier's NOTIFY, it offers
each watcher the newest snapshot (quorum, turnout, the tally of open and roll-call polls), a
secret poll's tally only once it is closed, and refuses watchers beyond its bound."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from services.sessions.api.live import LiveBoard, snapshot
from services.sessions.tests.conftest import add_to_roster
from services.sessions.tests.integration.test_polls_api import open_poll, vote
from services.sessions.tests.integration.test_sessions_api import TODAY, chairman, secretariat
from shared.errors import ServiceUnavailable

PRESENT = 12


async def newest(subscriber: Any, until: Any, within: float = 30.0) -> dict[str, Any]:
    """Snapshots offered to ``subscriber`` until one satisfies ``until`` (bounded wait)."""
    started = time.monotonic()
    while True:
        left = within - (time.monotonic() - started)
        assert left > 0, "the board never showed it"
        await asyncio.wait_for(subscriber.ready.wait(), left)
        value = subscriber.take()
        if value is not None and until(value):
            return dict(value)


def poll_of(value: dict[str, Any], poll_id: uuid.UUID) -> dict[str, Any]:
    return next(p for p in value["polls"] if p["poll_id"] == str(poll_id))


async def test_the_board_follows_commits_and_keeps_a_secret_tally_hidden(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    platform = app.state.platform
    members = await add_to_roster(app, PRESENT)
    convened = await client.post(
        "/v1/sessions",
        json={
            "opens_on": TODAY.isoformat(),
            "announced_on": (TODAY - timedelta(days=40)).isoformat(),
            "place": "Астана",
            "agenda": [{"kk": "Үндеу", "ru": "Обращение"}, {"kk": "Жоспар", "ru": "План"}],
        },
        headers=chairman(app),
    )
    assert convened.status_code == 201, convened.text
    session_id = uuid.UUID(convened.json()["id"])
    url = f"/v1/sessions/{session_id}"
    assert (await client.post(f"{url}/sitting/opening", headers=secretariat(app))).is_success
    for member_id in members:
        registered = await client.post(
            f"{url}/attendance", json={"member_id": str(member_id)}, headers=secretariat(app)
        )
        assert registered.status_code == 200, registered.text
    board = LiveBoard(platform, max_subscribers=2, min_interval=0.05, poll_seconds=60.0)
    worker = asyncio.create_task(board.run())
    try:
        first = await snapshot(platform, session_id)
        assert first is not None and first["quorum"]["present"] == PRESENT
        watcher = board.subscribe(session_id, first)
        assert watcher.take() == first  # the current state comes first
        board.subscribe(session_id, first)
        with pytest.raises(ServiceUnavailable):
            board.subscribe(session_id, first)  # beyond the bound

        # The safety poll is a minute away: what arrives comes from the commits' NOTIFY.
        items = (await client.get(f"/v1/sessions/{session_id}")).json()["agenda"]
        open_id = await open_poll(client, app, session_id, uuid.UUID(items[0]["item_id"]), "open")
        await asyncio.gather(
            *(vote(client, app, open_id, m, "for" if n < 9 else "against")
              for n, m in enumerate(members))
        )  # fmt: skip
        shown = await newest(watcher, lambda v: poll_of(v, open_id)["turnout"] == PRESENT)
        assert (poll_of(shown, open_id)["votes_for"], poll_of(shown, open_id)["against"]) == (9, 3)

        secret_id = await open_poll(
            client, app, session_id, uuid.UUID(items[1]["item_id"]), "secret"
        )
        answers = await asyncio.gather(*(vote(client, app, secret_id, m, "for") for m in members))
        assert all(a.status_code == 201 for a in answers), answers[0].text
        shown = await newest(watcher, lambda v: poll_of(v, secret_id)["turnout"] == PRESENT)
        hidden = poll_of(shown, secret_id)
        assert (hidden["votes_for"], hidden["against"], hidden["abstain"]) == (None, None, None)
        closing = await client.post(f"/v1/polls/{secret_id}/closing", headers=secretariat(app))
        assert closing.status_code == 200, closing.text
        shown = await newest(watcher, lambda v: poll_of(v, secret_id)["votes_for"] is not None)
        assert poll_of(shown, secret_id)["votes_for"] == PRESENT
    finally:
        worker.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await worker
    board.unsubscribe(watcher)
    assert board.subscribers == 1
