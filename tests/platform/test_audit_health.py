"""The review's reproducer, on the real monitoring service: an early-warning rule whose
``min_count`` is 2^53 + 1, stored straight into the event store (past the API, which refuses
it), no longer stops the audit log. The tree builder quarantines it and goes on; the events after
it get leaves and signed heads; ``/health/audit`` and the metrics show it; ``kelisim audit
verify`` reports it (exit 3) instead of a plain ✓, and still finds a change to it. A log that
lags behind its store is reported the same way."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from fastapi import FastAPI
from sqlalchemy import text

from ops.testing.services import (
    asgi_client,
    auth,
    migrated_database,
    running_app,
    settings_for_test,
)
from services.monitoring.main import create_app
from services.monitoring.settings import MonitoringSettings
from services.monitoring.tests.integration.test_appeals_api import appeal_body
from shared.audit.canonical import QUARANTINED
from tests.platform.test_audit_services import KEYS, PUBLIC, _cli, _serve

pytestmark = pytest.mark.integration

MIN_COUNT = 2**53 + 1


@pytest_asyncio.fixture
async def monitoring(fresh_database: Any) -> AsyncIterator[FastAPI]:
    url = await migrated_database(fresh_database, "monitoring")
    settings = settings_for_test(
        MonitoringSettings,
        url,
        evaluate_on_change=False,
        audit_builder_poll_seconds=0.05,
        audit_head_interval_seconds=0.05,
        **KEYS,
    )
    async with running_app(create_app(settings)) as app:
        yield app


@contextlib.asynccontextmanager
async def _builder(app: FastAPI) -> AsyncIterator[None]:
    """The service's own tree builder, running in the background as in production."""
    task = asyncio.create_task(app.state.platform.tree_builder.run())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _scalar(app: FastAPI, sql: str, **params: Any) -> Any:
    async with app.state.platform.sessions() as db:
        return (await db.execute(text(sql), params)).scalar_one()


async def _store_poison_rule(app: FastAPI) -> uuid.UUID:
    """What ``POST /v1/early-warning/rules`` with ``min_count`` 2^53 + 1 stored before the API
    refused it: version 2 of the rules, written here with SQL."""
    rules = json.loads(
        await _scalar(
            app,
            "SELECT data::text FROM events WHERE version = 1 AND"
            " event_type = 'EarlyWarningRulesPublished'",
        )
    )
    stream_id = await _scalar(
        app, "SELECT stream_id FROM events WHERE event_type = 'EarlyWarningRulesPublished'"
    )
    rules["version"] = 2
    rules["rules"][1]["levels"][0]["min_count"] = MIN_COUNT
    rules["reason"] = "fuzzing"
    event_id = uuid.uuid4()
    async with app.state.platform.sessions() as db, db.begin():
        await db.execute(
            text(
                "INSERT INTO events (stream_id, stream_type, version, event_id, event_type,"
                " schema_version, data, metadata) SELECT stream_id, stream_type, 2, :e,"
                " event_type, schema_version, CAST(:d AS jsonb), metadata FROM events"
                " WHERE stream_id = :s AND version = 1"
            ),
            {"e": event_id, "s": stream_id, "d": json.dumps(rules)},
        )
    return event_id


async def _until_signed(app: FastAPI, events: int) -> None:
    """Wait (bounded) until the background builder has leaves and a signed head for
    ``events``."""
    for _ in range(600):
        signed = await _scalar(app, "SELECT coalesce(max(tree_size), 0) FROM audit_tree_heads")
        if signed >= events:
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"the builder did not sign a head of {events} events")


async def test_a_poison_event_is_quarantined_and_the_log_keeps_moving(
    monitoring: FastAPI, tmp_path: Path
) -> None:
    app = monitoring
    platform = app.state.platform
    async with _builder(app), asgi_client(app, "monitoring") as client:
        poison = await _store_poison_rule(app)
        for _ in range(3):
            response = await client.post("/v1/appeals", json=appeal_body())
            assert response.status_code == 201, response.text
        events = await _scalar(app, "SELECT count(*) FROM events")
        await _until_signed(app, events)
        assert platform.tree_builder.failures == 0
        async with platform.sessions() as db:
            formats = dict(
                (
                    await db.execute(
                        text(
                            "SELECT e.event_type, l.leaf_format FROM audit_leaves l JOIN events e"
                            " USING (event_id) WHERE e.event_type IN"
                            " ('EarlyWarningRulesPublished', 'AppealRegistered')"
                            " ORDER BY e.global_position"
                        )
                    )
                ).all()
            )
        assert formats == {"EarlyWarningRulesPublished": QUARANTINED, "AppealRegistered": 1}
        poison_leaf = await _scalar(
            app, "SELECT leaf_index FROM audit_leaves WHERE event_id = :e", e=poison
        )
        appeal_leaves = await _scalar(
            app,
            "SELECT count(*) FROM audit_leaves l JOIN events e USING (event_id)"
            " WHERE e.event_type = 'AppealRegistered' AND l.leaf_index > :i",
            i=poison_leaf,
        )
        assert appeal_leaves == 3  # the events after the poison got their leaves

        health = await client.get("/health/audit", headers={"Accept-Language": "en"})
        assert health.status_code == 503
        assert health.headers["content-type"] == "application/problem+json"
        body = health.json()
        assert body["problems"] == ["quarantined"] and body["reason_code"] == "audit_quarantined"
        assert body["quarantined"] == 1 and "1 quarantined leaves" in body["detail"]
        assert body["quarantined_leaves"][0]["event_id"] == str(poison)
        assert body["quarantined_leaves"][0]["event_type"] == "EarlyWarningRulesPublished"
        assert body["tree_size"] == body["signed_tree_size"] == body["events"] == events
        assert body["events_without_leaf"] == 0 and body["builder"]["running_here"] is True
        kk = await client.get("/health/audit", headers={"Accept-Language": "kk"})
        assert "карантиндегі 1 жапырақ" in kk.json()["detail"]
        metrics = (await client.get("/metrics")).text
        assert 'kelisim_audit_quarantined_leaves{service="monitoring"} 1.0' in metrics
        assert f'kelisim_audit_signed_tree_size{{service="monitoring"}} {events}.0' in metrics
        assert 'kelisim_audit_events_without_leaf{service="monitoring"} 0.0' in metrics

        platform.settings.audit_quarantine_acknowledged = 1  # the operators looked into it
        assert (await client.get("/health/audit")).status_code == 200
        platform.settings.audit_quarantine_acknowledged = 0

    token = auth(app, "auditor-1", "auditor")["Authorization"].removeprefix("Bearer ")
    head_file = tmp_path / "head.json"
    async with _serve(app) as url:
        common = ("--url", url, "--token", token, "--public-key", PUBLIC)
        code, _, err = await _cli("head", "monitoring", *common, "--out", str(head_file))
        assert code == 0, err
        verify = ("verify", "monitoring", *common, "--head", str(head_file))
        code, out, err = await _cli(*verify, "--json")
        assert code == 3, err  # the leaves verify, but the log holds a quarantined leaf
        report = json.loads(out)
        assert report["ok"] and not report["complete"]
        assert report["quarantined"]["count"] == 1
        assert report["quarantined"]["leaves"][0]["leaf_index"] == poison_leaf
        assert report["coverage"]["ok"] and report["coverage"]["events"] == events
        assert "quarantined leaves: 1" in err and f"leaf {poison_leaf}: event {poison}" in err
        assert "leaves verify, but the log is not complete" in err
        assert f"✓ {events} leaves verify" not in err
        assert "reference: none" in err and "source: the service's API" in err
        code, _, err = await _cli(*verify, "--accept-quarantined", "1")
        assert code == 0, err

        # the quarantined event is still tamper-evident: one digit of min_count changed
        async with platform.sessions() as db, db.begin():
            await db.execute(text("ALTER TABLE events DISABLE TRIGGER events_append_only"))
            await db.execute(
                text(
                    "UPDATE events SET data = jsonb_set(data, '{rules,1,levels,0,min_count}',"
                    " '9007199254740995') WHERE event_id = :e"
                ),
                {"e": poison},
            )
            await db.execute(text("ALTER TABLE events ENABLE TRIGGER events_append_only"))
        code, out, err = await _cli(*verify, "--json")
        assert code == 1, err
        failure = json.loads(out)["first_failure"]
        assert (failure["leaf_index"], failure["kind"]) == (poison_leaf, "changed")


async def test_a_log_behind_its_store_is_reported_not_verified_as_whole(
    monitoring: FastAPI, tmp_path: Path
) -> None:
    """No builder runs (as when it fails on every step): a pinned head still verifies, but the
    events after it have no leaf; /health/audit is 503 and verify exits 3, naming the gap."""
    app = monitoring
    platform = app.state.platform
    platform.settings.audit_stall_seconds = 0.0
    async with asgi_client(app, "monitoring") as client:
        response = await client.get(
            "/v1/audit/tree-head", params={"fresh": "true"}, headers=auth(app, "a", "auditor")
        )
        assert response.status_code == 200
        signed = response.json()["tree_size"]
        (tmp_path / "head.json").write_text(response.text)
        for _ in range(2):
            assert (await client.post("/v1/appeals", json=appeal_body())).status_code == 201
        await asyncio.sleep(0.01)
        health = await client.get("/health/audit")
        assert health.status_code == 503 and health.json()["problems"] == ["stalled"]
        assert health.json()["events_without_leaf"] == 2
        assert health.json()["waiting_seconds"] > 0
        assert health.json()["builder"]["running_here"] is False
    token = auth(app, "auditor-1", "auditor")["Authorization"].removeprefix("Bearer ")
    async with _serve(app) as url:
        code, out, err = await _cli(
            "verify",
            "monitoring",
            "--url",
            url,
            "--token",
            token,
            "--public-key",
            PUBLIC,
            "--head",
            str(tmp_path / "head.json"),
            "--json",
        )
    assert code == 3, err
    report = json.loads(out)
    assert report["ok"] and report["entries_verified"] == signed
    assert not report["coverage"]["ok"] and report["coverage"]["events_without_leaf"] == 2
    assert "the log does not cover the store" in err and "2 without a leaf" in err
    assert "leaves verify, but the log is not complete" in err
