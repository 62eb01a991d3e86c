"""The services' AsyncAPI 3.0 documents (``GET /v1/asyncapi.json``): valid against the official
AsyncAPI 3.0.0 JSON Schema (npm ``@asyncapi/specs``, ``ops.testing.asyncapi``), with schema
ids unique across the services, and true to what the relay publishes: a real membership
service's relay, to the real broker, publishes messages whose headers and payloads the
document's messages accept."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import json
import time
import uuid
from typing import Any

import jsonschema
import pytest
from aiokafka import AIOKafkaConsumer

from ops.testing.asyncapi import asyncapi_schema
from ops.testing.services import (
    TEST_SECRET,
    asgi_client,
    auth,
    migrated_database,
    running_app,
    settings_for_test,
)
from services.membership.main import create_app
from services.membership.settings import MembershipSettings
from shared.api.server import settings_class
from shared.messaging import envelope
from shared.runtime.catalog import SERVICES, get_service
from shared.settings import PlatformSettings


def _app(service: str) -> Any:
    spec = get_service(service)
    settings = settings_for_test(settings_class(spec), "postgresql+asyncpg://unused/unused")
    return importlib.import_module(f"{spec.module}.main").create_app(settings)


async def _document(service: str) -> dict[str, Any]:
    async with asgi_client(_app(service), service) as client:
        response = await client.get("/v1/asyncapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(asyncapi_schema())


@pytest.mark.parametrize("service", [s.name for s in SERVICES])
async def test_each_document_is_valid_asyncapi_3(
    service: str, validator: jsonschema.Draft7Validator
) -> None:
    document = await _document(service)
    errors = [
        f"{list(e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(document)
    ]
    assert errors == []
    assert document["asyncapi"] == "3.0.0"
    channel = document["channels"][f"{service}Events"]
    assert channel["address"] == f"kelisim.{service}.v1"
    send = document["operations"][f"publish{service.capitalize()}Events"]
    assert send["action"] == "send" and send["messages"]
    for message in document["components"]["messages"].values():
        headers = message["headers"]["properties"]
        every_header = {getattr(envelope, h) for h in dir(envelope) if h.startswith("H_")}
        assert every_header == set(headers)


async def test_schema_ids_are_unique_across_the_services_and_versions_are_kept() -> None:
    ids: dict[str, str] = {}
    documents = {s.name: await _document(s.name) for s in SERVICES}
    for service, document in documents.items():
        for name, schema in document["components"]["schemas"].items():
            assert schema["$id"] not in ids, (service, name, ids.get(schema["$id"]))
            ids[schema["$id"]] = service
    sessions = documents["sessions"]["components"]["schemas"]["AttendanceWithdrawn_v1"]
    council = documents["council"]["components"]["schemas"]["AttendanceWithdrawn_v1"]
    assert sessions["$id"] != council["$id"]
    messages = documents["membership"]["components"]["messages"]
    assert {"MemberIncluded_v1", "MemberIncluded_v2", "MemberIncluded_v3"} <= set(messages)
    assert messages["MemberIncluded_v3"]["x-current"] is True
    assert messages["MemberIncluded_v2"]["x-current"] is False
    assert messages["MemberIncluded_v1"]["x-current"] is False
    current = documents["membership"]["components"]["schemas"]["MemberIncluded_v3"]
    assert {"assembly", "person_id"} <= set(current["properties"])
    older = documents["membership"]["components"]["schemas"]["MemberIncluded_v2"]
    assert "assembly" not in older["properties"]
    assert (
        "iin"
        not in documents["membership"]["components"]["schemas"]["MemberIncluded_v1"]["properties"]
    )
    assert messages["MemberIncluded_v3"]["x-consumers"] == ["council", "programmes", "sessions"]
    monitoring = documents["monitoring"]["components"]["schemas"]
    assert "means" in monitoring["ApplicantNotified_v1"]["properties"]  # public in v1
    assert "private_means" not in monitoring["ApplicantNotified_v2"]["properties"]
    reads = documents["council"]["operations"]["readMembershipEvents"]
    assert reads["action"] == "receive" and reads["messages"]


def _message_for(document: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    key = f"{headers[envelope.H_EVENT_TYPE]}_v{headers[envelope.H_SCHEMA_VERSION]}"
    message: dict[str, Any] = document["components"]["messages"][key]
    return message


def _check(document: dict[str, Any], key: bytes, value: bytes, headers: dict[str, str]) -> str:
    """Validate one published message against its document; its event type."""
    message = _message_for(document, headers)
    jsonschema.Draft202012Validator(message["headers"]).validate(headers)
    payload = json.loads(value)
    data_ref = message["payload"]["properties"]["data"]["$ref"].rsplit("/", 1)[1]
    data_schema = document["components"]["schemas"][data_ref]
    envelope_schema = {**message["payload"], "properties": {**message["payload"]["properties"]}}
    envelope_schema["properties"]["data"] = {"type": "object"}
    jsonschema.Draft202012Validator(envelope_schema).validate(payload)
    jsonschema.Draft202012Validator(
        data_schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(payload["data"])
    assert key.decode() == payload["stream_id"]
    return str(headers[envelope.H_EVENT_TYPE])


@pytest.mark.integration
@pytest.mark.broker
async def test_what_the_relay_publishes_matches_the_document(
    fresh_database: Any, kafka_bootstrap: str
) -> None:
    url = await migrated_database(fresh_database, "membership")
    platform = PlatformSettings(
        environment="test", jwt_secret=TEST_SECRET, kafka_bootstrap_servers=kafka_bootstrap
    )
    settings = settings_for_test(MembershipSettings, url, platform=platform)
    correlation = f"asyncapi-{uuid.uuid4()}"
    async with running_app(create_app(settings)) as app, asgi_client(app, "membership") as client:
        document = (await client.get("/v1/asyncapi.json")).json()
        openapi = (await client.get("/openapi.json")).json()
        chairman = {**auth(app, "chairman-1", "chairman"), "X-Correlation-ID": correlation}
        # The OpenAPI document's own examples are the requests: they are realistic enough to act.
        examples = openapi["paths"]["/v1/members"]["post"]["requestBody"]["content"][
            "application/json"
        ]["examples"]
        made = []
        for example in examples.values():
            response = await client.post("/v1/members", json=example["value"], headers=chairman)
            assert response.status_code == 201, response.text
            made.append(response.json()["member_id"])
        end = await client.post(
            f"/v1/members/{made[0]}/end",
            json={"ground": "death", "effective_on": "2026-04-01"},
            headers=chairman,
        )
        assert end.status_code == 200, end.text
        officials = auth(app, "secretariat-1", "secretariat")
        read = await client.get(f"/v1/members/{made[0]}", headers=officials)
        assert read.headers["ETag"] == f'"{read.json()["version"]}"' == '"2"'
        stale = await client.post(
            f"/v1/members/{made[1]}/end",
            json={"ground": "own_wish", "effective_on": "2026-04-01"},
            headers={**chairman, "If-Match": '"7"'},
        )
        assert (stale.status_code, stale.json()["code"]) == (412, "concurrency_conflict")
        # A full page links to the next; the last (shorter) page does not.
        first = await client.get("/v1/members", params={"limit": 1})
        assert len(first.json()) == 1
        assert first.headers["Link"] == '</v1/members?limit=1&offset=1>; rel="next"'
        second = await client.get("/v1/members", params={"limit": 1, "offset": 1})
        assert len(second.json()) == 1 and "Link" in second.headers
        last = await client.get("/v1/members", params={"limit": 1, "offset": 2})
        assert last.json() == [] and "Link" not in last.headers

        relay = app.state.platform.relay
        assert relay is not None
        task = asyncio.create_task(relay.run())
        consumer = AIOKafkaConsumer(
            relay.topic,
            bootstrap_servers=kafka_bootstrap,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            group_id=None,
        )
        seen: list[str] = []
        try:
            await consumer.start()
            deadline = time.monotonic() + 90  # a bound on the loop, not an assertion
            while len(seen) < len(made) + 1 and time.monotonic() < deadline:
                batch = await consumer.getmany(timeout_ms=500)
                for records in batch.values():
                    for record in records:
                        headers = {k: v.decode() for k, v in record.headers}
                        if headers.get(envelope.H_CORRELATION_ID) != correlation:
                            continue  # another test's message on the shared broker
                        assert record.key is not None and record.value is not None
                        seen.append(_check(document, record.key, record.value, headers))
                        assert envelope.H_AUDIT_LEAF_INDEX in headers
                        assert envelope.H_AUDIT_LEAF in headers
        finally:
            await consumer.stop()
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    assert sorted(seen) == ["MemberIncluded"] * len(made) + ["MembershipEnded"]
