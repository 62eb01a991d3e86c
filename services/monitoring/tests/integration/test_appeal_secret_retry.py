"""A retried appeal submission (the same Idempotency-Key) answers with the status secret while
the service keeps it sealed, and with null after; expired secrets are purged, on read and by
the periodic purge. Real PostgreSQL, the service's clock fixed and moved."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from ops.testing.services import asgi_client, running_app, settings_for_test
from services.monitoring.adapters.receipt_secrets import purge_expired
from services.monitoring.main import create_app
from services.monitoring.settings import MonitoringSettings
from services.monitoring.tests.integration.test_appeals_api import appeal_body
from shared.clock import FixedClock

START = datetime(2026, 3, 18, 6, 0, tzinfo=UTC)  # a working Wednesday, 11:00 in Astana
DAY = timedelta(hours=24)  # the default retention


async def _kept(app: FastAPI) -> list[Any]:
    async with app.state.platform.sessions() as db:
        rows = await db.execute(
            text("SELECT appeal_id, sealed, expires_at FROM appeal_receipt_secrets")
        )
        return list(rows.all())


async def _submit(client: httpx.AsyncClient, key: str | None) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key else {}
    response = await client.post("/v1/appeals", json=appeal_body(), headers=headers)
    assert response.status_code == 201, response.text
    return response


async def test_a_retry_within_the_retention_answers_with_the_secret_then_null(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    clock = FixedClock(START)
    app.state.platform.clock = clock
    first = (await _submit(client, "lost-answer-1")).json()
    secret = first["secret"]
    [(appeal_id, sealed, expires_at)] = await _kept(app)
    assert str(appeal_id) == first["appeal_id"] and expires_at == START + DAY
    assert secret.encode() not in bytes(sealed)  # sealed, never in clear

    clock.advance(DAY - timedelta(seconds=1))
    again = await _submit(client, "lost-answer-1")
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first  # the same receipt, the same secret
    check = await client.post(
        "/v1/appeals/status-check",
        json={"number": first["number"], "secret": again.json()["secret"]},
    )
    assert check.status_code == 200, check.text

    clock.advance(timedelta(seconds=1))
    late = await _submit(client, "lost-answer-1")
    assert late.headers["Idempotent-Replayed"] == "true"
    assert late.json()["secret"] is None and late.json()["number"] == first["number"]
    assert await _kept(app) == []  # purged as it was read


async def test_without_an_idempotency_key_nothing_is_kept(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    receipt = (await _submit(client, None)).json()
    assert receipt["secret"]
    assert await _kept(app) == []


async def test_the_periodic_purge_deletes_only_expired_secrets(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    clock = FixedClock(START)
    app.state.platform.clock = clock
    old = (await _submit(client, "purge-old")).json()
    clock.advance(timedelta(hours=12))
    young = (await _submit(client, "purge-young")).json()
    assert {str(r.appeal_id) for r in await _kept(app)} == {old["appeal_id"], young["appeal_id"]}

    clock.advance(timedelta(hours=12))  # the first is 24 h old now
    assert await purge_expired(app.state.platform) == 1
    assert [str(r.appeal_id) for r in await _kept(app)] == [young["appeal_id"]]
    retried = await _submit(client, "purge-young")
    assert retried.json()["secret"] == young["secret"]


async def test_a_sealed_secret_moved_to_another_appeal_does_not_open(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Someone with the database but not the key copies appeal A's sealed secret onto B's row:
    B's retry does not answer with A's secret (the appeal's id is the associated data)."""
    app.state.platform.clock = FixedClock(START)
    a = (await _submit(client, "moved-a")).json()
    b = (await _submit(client, "moved-b")).json()
    async with app.state.platform.sessions() as db, db.begin():
        await db.execute(
            text(
                "UPDATE appeal_receipt_secrets SET sealed = (SELECT sealed FROM"
                " appeal_receipt_secrets WHERE appeal_id = :a) WHERE appeal_id = :b"
            ),
            {"a": uuid.UUID(a["appeal_id"]), "b": uuid.UUID(b["appeal_id"])},
        )
    retried = await _submit(client, "moved-b")
    assert retried.json()["secret"] is None


async def test_the_service_purges_expired_secrets_by_itself(monitoring_db: str) -> None:
    """The purge worker runs beside the app: an expired secret goes without any request."""
    settings = settings_for_test(
        MonitoringSettings,
        monitoring_db,
        evaluate_on_change=False,
        run_evaluator=False,
        appeal_secret_purge_interval_seconds=0.05,
    )
    app = create_app(settings)
    async with running_app(app), app.router.lifespan_context(app):  # the app's workers run
        clock = FixedClock(START)
        app.state.platform.clock = clock
        async with asgi_client(app, "monitoring") as client:
            await _submit(client, "left-alone")
        assert len(await _kept(app)) == 1
        clock.advance(DAY)
        for _ in range(400):  # bounded: 20 s at most
            if not await _kept(app):
                break
            await asyncio.sleep(0.05)
        assert await _kept(app) == []
