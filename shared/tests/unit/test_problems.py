from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from pydantic import BaseModel, Field

from shared.api.correlation import CorrelationIdMiddleware
from shared.api.problems import install_problem_handlers
from shared.context import current_correlation_id
from shared.errors import (
    ConcurrencyConflict,
    ConcurrentAppend,
    Conflict,
    EventStoreMisuse,
    NotFound,
    RuleViolation,
    ServiceUnavailable,
)
from shared.i18n import MESSAGES

PROBLEM_JSON = "application/problem+json"


class _Member(BaseModel):
    name: str = Field(min_length=2)
    age: int = Field(ge=18)


class _Uncatalogued(Conflict):
    code = "test_uncatalogued"


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(CorrelationIdMiddleware)

    @app.get("/missing")
    async def missing() -> None:
        raise NotFound("member 42 does not exist", resource="member")

    @app.post("/members")
    async def create(member: _Member) -> _Member:
        return member

    @app.post("/sessions")
    async def open_session() -> None:
        raise RuleViolation("Reg2024 §9", "no_quorum", present=10, required=21)

    @app.post("/streams")
    async def append() -> None:
        raise ConcurrencyConflict("member-1", expected=3, actual=5)

    @app.post("/races")
    async def race() -> None:
        raise ConcurrentAppend("member-1", expected=3, actual=4)

    @app.get("/uncatalogued")
    async def uncatalogued() -> None:
        raise _Uncatalogued("An explicit detail")

    @app.get("/down")
    async def down() -> None:
        raise ServiceUnavailable()

    @app.get("/misuse")
    async def misuse() -> None:
        raise EventStoreMisuse("secret programming detail")

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("database password is hunter2")

    @app.get("/ok")
    async def ok() -> dict[str, str]:
        return {"status": "ok", "correlation_id": current_correlation_id()}

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


@pytest.fixture
def no_quorum_message() -> Iterator[None]:
    MESSAGES["no_quorum"] = {
        "kk": "Кворум жоқ: {present} мүше қатысуда, {required} қажет",
        "ru": "Нет кворума: присутствуют {present}, требуется {required}",
        "en": "No quorum: {present} present, {required} required",
    }
    yield
    del MESSAGES["no_quorum"]


def _assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"https://kelisim.kz/problems/{code}"
    assert body["correlation_id"] == response.headers["x-correlation-id"]
    assert isinstance(body, dict)
    return body


async def test_not_found_in_russian(client: httpx.AsyncClient) -> None:
    response = await client.get("/missing", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    body = _assert_problem(response, 404, "not_found")
    assert body["title"] == "Не найдено"
    assert body["detail"] == "Запрошенный ресурс не найден."
    assert response.headers["content-language"] == "ru"


async def test_kazakh_is_the_default_language(client: httpx.AsyncClient) -> None:
    response = await client.get("/missing")
    body = _assert_problem(response, 404, "not_found")
    assert body["title"] == "Табылмады"
    assert response.headers["content-language"] == "kk"


async def test_app_default_language() -> None:
    app = _app()
    app.state.default_language = "ru"
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/missing", headers={"Accept-Language": "de"})
    assert response.json()["title"] == "Не найдено"
    assert response.headers["content-language"] == "ru"


async def test_validation_error_localised_per_field(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/members", json={"name": "A", "age": 12}, headers={"Accept-Language": "kk"}
    )
    body = _assert_problem(response, 422, "validation_failed")
    assert body["title"] == "Деректер тексеруден өтпеді"
    assert body["errors"] == [
        {
            "location": "body.name",
            "type": "string_too_short",
            "message": "Таңбалар саны кемінде 2 болуы керек",
        },
        {
            "location": "body.age",
            "type": "greater_than_equal",
            "message": "Мән 18 мәнінен кем болмауы керек",
        },
    ]


async def test_validation_error_missing_field_and_no_input_echo(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/members", json={"age": "880101300123"}, headers={"Accept-Language": "en"}
    )
    body = _assert_problem(response, 422, "validation_failed")
    assert {"location": "body.name", "type": "missing", "message": "This field is required"} in (
        body["errors"]  # type: ignore[operator]
    )
    assert "880101300123" not in response.text


async def test_invalid_json_body(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/members", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    body = _assert_problem(response, 422, "validation_failed")
    assert body["errors"][0]["type"] == "json_invalid"  # type: ignore[index]


async def test_rule_violation_names_the_rule(
    client: httpx.AsyncClient, no_quorum_message: None
) -> None:
    response = await client.post("/sessions", headers={"Accept-Language": "en"})
    body = _assert_problem(response, 422, "rule_violation")
    assert body["rule"] == "Reg2024 §9"
    assert body["reason_code"] == "no_quorum"
    assert body["reason"] == "No quorum: 10 present, 21 required"
    assert body["detail"] == "The action was refused. No quorum: 10 present, 21 required"
    assert body["title"] == "A requirement of the Regulation is not met"


async def test_rule_violation_in_kazakh(client: httpx.AsyncClient, no_quorum_message: None) -> None:
    response = await client.post("/sessions")
    body = _assert_problem(response, 422, "rule_violation")
    assert body["title"] == "Ереже талабы орындалмады"  # the act, not the Rules of Procedure
    assert body["reason"] == "Кворум жоқ: 10 мүше қатысуда, 21 қажет"


async def test_a_race_the_retries_did_not_settle_is_a_409(client: httpx.AsyncClient) -> None:
    response = await client.post("/races", headers={"Accept-Language": "en"})
    _assert_problem(response, 409, "concurrency_conflict")


async def test_concurrency_conflict(client: httpx.AsyncClient) -> None:
    response = await client.post("/streams", headers={"Accept-Language": "en"})
    body = _assert_problem(response, 412, "concurrency_conflict")  # a stale If-Match
    assert body["expected_version"] == 3
    assert body["actual_version"] == 5
    assert body["detail"] == (
        "Stream member-1 has changed: expected version 3, actual 5. Reload and try again."
    )


async def test_uncatalogued_error_keeps_its_detail(client: httpx.AsyncClient) -> None:
    response = await client.get("/uncatalogued", headers={"Accept-Language": "ru"})
    body = _assert_problem(response, 409, "test_uncatalogued")
    assert body["title"] == "Conflict"
    assert body["detail"] == "An explicit detail"


async def test_catalogued_error_ignores_its_detail(client: httpx.AsyncClient) -> None:
    response = await client.get("/missing", headers={"Accept-Language": "en"})
    assert "member 42" not in response.text


async def test_service_unavailable(client: httpx.AsyncClient) -> None:
    response = await client.get("/down", headers={"Accept-Language": "ru"})
    body = _assert_problem(response, 503, "service_unavailable")
    assert body["title"] == "Сервис недоступен"


async def test_unknown_route(client: httpx.AsyncClient) -> None:
    response = await client.get("/nowhere", headers={"Accept-Language": "en"})
    body = _assert_problem(response, 404, "not_found")
    assert body["title"] == "Not found"


async def test_method_not_allowed(client: httpx.AsyncClient) -> None:
    response = await client.delete("/ok", headers={"Accept-Language": "ru"})
    body = _assert_problem(response, 405, "method_not_allowed")
    assert body["title"] == "Метод не разрешён"
    assert response.headers["allow"] == "GET"


async def test_unhandled_exception_does_not_leak(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/boom", headers={"Accept-Language": "en", "X-Correlation-ID": "trace-500"}
    )
    body = _assert_problem(response, 500, "internal_error")
    assert body["title"] == "Internal error"
    assert body["correlation_id"] == "trace-500"
    assert "hunter2" not in response.text
    assert "RuntimeError" not in response.text


async def test_internal_kelisim_error_does_not_leak(client: httpx.AsyncClient) -> None:
    response = await client.get("/misuse")
    _assert_problem(response, 500, "internal_error")
    assert "secret programming detail" not in response.text


async def test_correlation_id_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/ok", headers={"X-Correlation-ID": "abc-123:x.y_z"})
    assert response.status_code == 200
    assert response.headers["x-correlation-id"] == "abc-123:x.y_z"
    assert response.json()["correlation_id"] == "abc-123:x.y_z"  # bound for the request


@pytest.mark.parametrize("sent", [None, "bad value with spaces", "x" * 129, "<script>"])
async def test_correlation_id_generated(client: httpx.AsyncClient, sent: str | None) -> None:
    headers = {} if sent is None else {"X-Correlation-ID": sent}
    response = await client.get("/missing", headers=headers)
    correlation_id = response.headers["x-correlation-id"]
    assert uuid.UUID(correlation_id).version == 4
    assert response.json()["correlation_id"] == correlation_id
    assert re.fullmatch(r"[0-9a-f-]{36}", correlation_id)
