"""The reliability review's 5xx reproducers (R1-R4) and its poison event, against the four
services in process on real PostgreSQL: each is now a localised 4xx problem, and what was
refused left nothing in the store.

- R1: integer query parameters beyond what PostgreSQL holds (``offset``, ``start``,
  ``leaf_index``, ``year``).
- R2: a NUL character in a JSON text field, also in the anonymous ``POST /v1/appeals``.
- R3: a NUL in a query string.
- R4: a calendar year the event model refuses (``PUT /v1/calendar/years/1``).
- The early-warning rule with ``min_count`` 2^53+1 that stopped monitoring's audit log.
"""

from __future__ import annotations

import importlib
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from ops.testing.infra import FreshDatabase
from ops.testing.services import asgi_client, migrated_database, running_app, settings_for_test
from shared.api.auth import mint_token
from shared.api.server import settings_class
from shared.audit.canonical import canonical_json
from shared.bounds import MAX_INT4, MAX_SAFE_INTEGER
from shared.runtime.catalog import get_service

pytestmark = pytest.mark.integration

BIG = "99999999999999999999"
PROBLEM_JSON = "application/problem+json"
PRIVILEGED = ("secretariat", "chairman", "deputy_chairman", "auditor")


class Service:
    def __init__(self, name: str, client: httpx.AsyncClient, database: str, token: str):
        self.name = name
        self.client = client
        self.database = database
        self.headers = {"Authorization": f"Bearer {token}", "Accept-Language": "ru"}

    async def get(self, url: str, *, anonymous: bool = False) -> httpx.Response:
        headers = {"Accept-Language": "ru"} if anonymous else self.headers
        return await self.client.get(url, headers=headers)

    async def send(
        self, method: str, url: str, body: Any, *, anonymous: bool = False, raw: bool = False
    ) -> httpx.Response:
        headers = {"Accept-Language": "ru"} if anonymous else dict(self.headers)
        headers["Content-Type"] = "application/json"
        content = body if raw else json.dumps(body)
        return await self.client.request(method, url, content=content, headers=headers)

    async def events(self) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
        engine = create_async_engine(self.database)
        try:
            async with engine.connect() as conn:
                rows = await conn.execute(
                    text(
                        "SELECT event_type, data::text, metadata::text FROM events"
                        " ORDER BY global_position"
                    )
                )
                return [(t, json.loads(d), json.loads(m)) for t, d, m in rows]
        finally:
            await engine.dispose()


@pytest_asyncio.fixture
async def service(
    request: pytest.FixtureRequest, fresh_database: FreshDatabase
) -> AsyncIterator[Service]:
    """The service named by the test's parameter, in process on a fresh migrated database."""
    spec = get_service(request.param)
    database = await migrated_database(fresh_database, spec.name)
    overrides = {"evaluate_on_change": False} if spec.name == "monitoring" else {}
    settings = settings_for_test(settings_class(spec), database, **overrides)
    create_app = importlib.import_module(f"{spec.module}.main").create_app
    async with running_app(create_app(settings)) as app, asgi_client(app, spec.name) as client:
        token = mint_token(app.state.auth_settings, "reviewer", list(PRIVILEGED))
        yield Service(spec.name, client, database, token)


def each_service(*names: str) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("service", names, indirect=True)


def refused(response: httpx.Response, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    assert response.headers["content-language"] == "ru"
    problem: dict[str, Any] = response.json()
    return problem


def located(problem: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e["location"], e["type"]) for e in problem["errors"]]


# -- R1 ------------------------------------------------------------------------------------------

R1 = [
    ("membership", "/v1/reference/associations?offset=BIG", True),
    ("membership", "/v1/members?offset=BIG", True),
    ("membership", "/v1/audit/entries?start=BIG", False),
    ("sessions", "/v1/sessions?offset=BIG", True),
    ("sessions", "/v1/decisions?offset=BIG", True),
    ("sessions", "/v1/session-requests?offset=BIG", False),
    ("council", "/v1/council/meetings?offset=BIG", True),
    ("council", "/v1/council/resolutions?offset=BIG", True),
    ("council", "/v1/control/cards?offset=BIG", False),
    ("council", "/v1/audit/proofs/inclusion?tree_size=5&leaf_index=BIG", False),
    ("monitoring", "/v1/appeals?offset=BIG", False),
    ("monitoring", "/v1/incidents?offset=BIG", False),
    ("monitoring", "/v1/alerts?offset=BIG", False),
    ("monitoring", "/v1/calendar?year=BIG", True),
]


@each_service("membership", "sessions", "council", "monitoring")
async def test_r1_integer_parameters_are_bounded_and_their_largest_values_answered(
    service: Service,
) -> None:
    for name, url, anonymous in R1:
        if name != service.name:
            continue
        parameter = url.split("=BIG")[0].rsplit("&", 1)[-1].rsplit("?", 1)[-1]
        problem = refused(await service.get(url.replace("BIG", BIG), anonymous=anonymous))
        assert located(problem) == [(f"query.{parameter}", "less_than_equal")], url
        largest = {"offset": MAX_INT4, "year": 2100}.get(parameter, MAX_SAFE_INTEGER)
        response = await service.get(url.replace("BIG", str(largest)), anonymous=anonymous)
        assert response.status_code < 500, (url, response.text)


# -- R2 ------------------------------------------------------------------------------------------

APPEAL = {
    "applicant": {"name": "Test NUL"},
    "text": "x\u0000y",
    "language": "ru",
    "region": "astana",
    "topic": "other",
}


@each_service("monitoring")
async def test_r2_a_nul_in_an_anonymous_appeal_is_refused_and_the_appeal_without_it_registered(
    service: Service,
) -> None:
    monitoring = service
    seeded = await monitoring.events()
    problem = refused(await monitoring.send("POST", "/v1/appeals", APPEAL, anonymous=True))
    assert located(problem) == [("body.text", "string_unstorable")]
    assert problem["errors"][0]["message"] == (
        "Текст содержит символ, который невозможно сохранить (NUL или одиночный суррогат)"
    )
    both = {**APPEAL, "applicant": {"name": "Test\u0000NUL"}}
    problem = refused(await monitoring.send("POST", "/v1/appeals", both, anonymous=True))
    assert located(problem) == [
        ("body.applicant.name", "string_unstorable"),
        ("body.text", "string_unstorable"),
    ]
    assert await monitoring.events() == seeded
    clean = {**APPEAL, "text": "x y"}
    registered = await monitoring.send("POST", "/v1/appeals", clean, anonymous=True)
    assert registered.status_code == 201, registered.text


R2 = [
    ("monitoring", "POST", "/v1/incidents", {"description": "a\u0000b"}, "body.description"),
    ("council", "POST", "/v1/council/meetings", {"place": "a\u0000b"}, "body.place"),
    ("sessions", "POST", "/v1/sessions", {"place": "a\u0000b"}, "body.place"),
    (
        "membership",
        "POST",
        f"/v1/reference/associations/{uuid.uuid4()}/close",
        {"reason": "a\u0000bcd"},
        "body.reason",
    ),
    (
        "membership",
        "POST",
        f"/v1/members/{uuid.uuid4()}/name-corrections",
        {"name": {"kk": "А\ud800", "ru": "А"}, "reason": "typo"},
        "body.name.kk",
    ),
]


@each_service("membership", "sessions", "council", "monitoring")
async def test_r2_a_nul_or_a_lone_surrogate_in_any_json_text_is_refused_where_it_is(
    service: Service,
) -> None:
    seeded = await service.events()
    for name, method, url, body, location in R2:
        if name == service.name:
            problem = refused(await service.send(method, url, body))
            assert located(problem) == [(location, "string_unstorable")], url
    assert await service.events() == seeded


# -- R3 ------------------------------------------------------------------------------------------

R3 = [
    ("monitoring", "/v1/appeals?status=a%00b", "query.status"),
    ("monitoring", "/v1/incidents?status=a%00b", "query.status"),
    ("monitoring", "/v1/alerts?region=a%00b", "query.region"),
    ("membership", "/v1/members?region=a%00b", "query.region"),
    ("council", "/v1/council/meetings?assembly=a%00b", "query.assembly"),
    ("monitoring", "/v1/dashboard/regions/a%00b", "path"),
]


@each_service("membership", "council", "monitoring")
async def test_r3_a_nul_in_a_query_or_a_path_is_refused(service: Service) -> None:
    for name, url, location in R3:
        if name == service.name:
            problem = refused(await service.get(url))
            assert located(problem) == [(location, "string_unstorable")], url


# -- R4 ------------------------------------------------------------------------------------------

YEAR = {"days": [], "sources": [{"title": "0", "url": "http://0"}], "status": "published"}


@each_service("monitoring")
async def test_r4_a_calendar_year_the_event_refuses_is_refused_by_the_api(
    service: Service,
) -> None:
    monitoring = service
    for year in (1, 1999, 2101, int(BIG[:10])):
        problem = refused(await monitoring.send("PUT", f"/v1/calendar/years/{year}", YEAR))
        assert located(problem)[0][0] == "path.year"
    published = await monitoring.send("PUT", "/v1/calendar/years/2100", YEAR)
    assert published.status_code == 200, published.text


# -- the poison rule -----------------------------------------------------------------------------


def _rules(min_count: Any) -> dict[str, Any]:
    level = {"level": "watch", "factor": "2", "min_count": min_count}
    rule = {"kind": "incident_rate", "id": "poison", "window_days": 30, "baseline_days": 365}
    return {"reason": "poison test", "rules": [{**rule, "levels": [level]}]}


@each_service("monitoring")
async def test_a_rule_no_audit_log_could_take_is_refused_and_every_stored_event_canonicalises(
    service: Service,
) -> None:
    monitoring = service
    seeded = await monitoring.events()
    raw = json.dumps(_rules(0)).replace('"min_count": 0', '"min_count": 9007199254740993')
    problem = refused(await monitoring.send("POST", "/v1/early-warning/rules", raw, raw=True))
    assert located(problem) == [("body.rules.0.levels.0.min_count", "int_unsafe")]
    # As a string the number passes the body check, and pydantic would make it an integer:
    # the event is refused before it is stored.
    as_text = _rules(str(MAX_SAFE_INTEGER + 2))
    problem = refused(await monitoring.send("POST", "/v1/early-warning/rules", as_text))
    assert problem["reason_code"] == "value_not_storable"
    assert "rules.0.levels.0.min_count" in problem["detail"]
    assert await monitoring.events() == seeded
    largest = await monitoring.send("POST", "/v1/early-warning/rules", _rules(MAX_SAFE_INTEGER))
    assert largest.status_code == 201, largest.text
    events = await monitoring.events()
    added = events[len(seeded) :]
    assert [event_type for event_type, _, _ in added] == ["EarlyWarningRulesPublished"]
    for _, data, metadata in events:
        canonical_json({"data": data, "metadata": metadata})


@each_service("membership")
async def test_an_if_match_that_is_not_an_ascii_version_is_refused(service: Service) -> None:
    membership = service
    url = f"/v1/members/{uuid.uuid4()}/name-corrections"
    body = {"name": {"kk": "Аты", "ru": "Имя"}, "reason": "typo"}
    for version in ("²".encode("latin-1"), b"1" * 20, b"-1"):
        headers: dict[str, str | bytes] = {**membership.headers, "If-Match": version}
        response = await membership.client.post(url, json=body, headers=headers)
        assert refused(response)["reason_code"] == "if_match_invalid", version


INDICATOR = {
    "code": "probe.share",
    "name": {"kk": "Үлес", "ru": "Доля", "en": "Share"},
    "unit": "%",
    "good_direction": "lower",
    "thresholds": {"watch": "10"},
}


@each_service("monitoring")
async def test_a_number_beyond_what_a_numeric_column_holds_is_refused(service: Service) -> None:
    """Found after the review: ``Decimal("1e1000000")`` is one digit to Python and more than
    PostgreSQL's ``numeric`` holds. A threshold is bounded where it is declared; a value in a
    report is refused by the database, which is answered 422 too, not 500."""
    monitoring = service
    huge = {**INDICATOR, "thresholds": {"watch": "1e1000000"}}
    problem = refused(await monitoring.send("POST", "/v1/indicators", huge))
    assert located(problem) == [("body.thresholds.watch", "decimal_max_digits")]
    assert problem["errors"][0]["message"] == "Число должно содержать не больше 30 цифр"
    defined = await monitoring.send("POST", "/v1/indicators", INDICATOR)
    assert defined.status_code == 201, defined.text
    seeded = await monitoring.events()
    row = {"indicator": "probe.share", "region": "astana", "period": "2026", "value": "1e999999"}
    problem = refused(await monitoring.send("POST", "/v1/indicator-values", {"values": [row]}))
    assert problem["reason_code"] == "value_not_stored"
    assert await monitoring.events() == seeded
