"""Monitoring's listings answer rows as their OpenAPI schemas say: an appeal, an incident and
an indicator are made from the document's own request examples on a real monitoring service,
and each listing's JSON answer is validated against the schema the document declares."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest

from ops.testing.infra import FreshDatabase
from ops.testing.services import (
    asgi_client,
    auth,
    migrated_database,
    running_app,
    settings_for_test,
)
from services.monitoring.main import create_app
from services.monitoring.settings import MonitoringSettings


def _example(document: dict[str, Any], path: str) -> Any:
    media = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    return next(iter(media["examples"].values()))["value"]


@pytest.mark.integration
async def test_listings_answer_the_rows_their_schemas_declare(
    fresh_database: FreshDatabase,
) -> None:
    url = await migrated_database(fresh_database, "monitoring")
    app = create_app(settings_for_test(MonitoringSettings, url))
    async with running_app(app), asgi_client(app, "monitoring") as client:
        document = app.openapi()
        secretariat = auth(app, "secretariat-1", "secretariat")
        for path in ("/v1/indicators", "/v1/incidents", "/v1/appeals"):
            made = await client.post(path, json=_example(document, path), headers=secretariat)
            assert made.status_code == 201, (path, made.text)
        for path in ("/v1/indicators", "/v1/incidents", "/v1/appeals", "/v1/alerts"):
            answer = await client.get(path, headers=secretariat)
            assert answer.status_code == 200, answer.text
            content = document["paths"][path]["get"]["responses"]["200"]["content"]
            schema = content["application/json"]["schema"]
            jsonschema.Draft202012Validator(
                schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
            ).validate(answer.json())
            assert path == "/v1/alerts" or len(answer.json()) == 1
