from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import structlog

from shared.logging import configure_logging, get_logger, mask_iin


def _mask(event_dict: dict[str, Any]) -> dict[str, Any]:
    return dict(mask_iin(None, "info", event_dict))


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("880101300123", "**********23"),
        ("member iin=880101300123 joined", "member iin=**********23 joined"),
        ("ИИН880101300123, БИН 990440001234.", "ИИН**********23, БИН **********34."),
        ("/members/by-iin/880101300123/card", "/members/by-iin/**********23/card"),
        ("phone 87011234567", "phone 87011234567"),
        ("1234567890123", "1234567890123"),
        ("2024-05-01T12:30:45.123456Z", "2024-05-01T12:30:45.123456Z"),
        (
            "3f2b8c1e-4d5a-4b6c-8e7f-123456789012",
            "3f2b8c1e-4d5a-4b6c-8e7f-123456789012",
        ),
    ],
)
def test_mask_strings(value: str, masked: str) -> None:
    assert _mask({"event": value}) == {"event": masked}


def test_mask_values_of_every_shape() -> None:
    event = {
        "event": "member_registered",
        "iin": 880101300123,
        "count": 12,
        "ok": True,
        "nested": {"iins": ["880101300123", "990440001234"], "880101300123": "key"},
        "pair": ("880101300123", 1),
    }
    assert _mask(event) == {
        "event": "member_registered",
        "iin": "**********23",
        "count": 12,
        "ok": True,
        "nested": {"iins": ["**********23", "**********34"], "**********23": "key"},
        "pair": ["**********23", 1],
    }


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    structlog.reset_defaults()


def _lines(err: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


def test_configure_logging_writes_masked_json(
    restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging("members", level="DEBUG")
    configure_logging("members", level="DEBUG")  # idempotent
    assert [h.get_name() for h in logging.getLogger().handlers].count("kelisim") == 1

    with structlog.contextvars.bound_contextvars(correlation_id="corr-1"):
        get_logger("members.api").info("member_registered", iin="880101300123")
        logging.getLogger("uvicorn.error").warning("stdlib says %s", "880101300123")
    get_logger("members.api").debug("debug_line")

    structured, foreign, debug = _lines(capsys.readouterr().err)
    assert structured["event"] == "member_registered"
    assert structured["iin"] == "**********23"
    assert structured["level"] == "info"
    assert structured["logger"] == "members.api"
    assert structured["service"] == "members"
    assert structured["correlation_id"] == "corr-1"
    assert structured["timestamp"].endswith("Z")
    assert foreign["event"] == "stdlib says **********23"
    assert foreign["logger"] == "uvicorn.error"
    assert foreign["service"] == "members"
    assert foreign["correlation_id"] == "corr-1"
    assert debug["level"] == "debug"
    assert "correlation_id" not in debug


def test_exceptions_are_masked(restore_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("members")
    try:
        raise ValueError("bad iin 880101300123")
    except ValueError:
        get_logger("members.api").exception("failed")
    (line,) = _lines(capsys.readouterr().err)
    assert "ValueError: bad iin **********23" in line["exception"]
    assert "880101300123" not in json.dumps(line)


def test_level_filters(restore_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("members", level="warning")
    get_logger("x").info("hidden")
    get_logger("x").warning("shown")
    assert [line["event"] for line in _lines(capsys.readouterr().err)] == ["shown"]


async def test_each_request_writes_one_access_line_with_its_correlation_id(
    restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    import httpx
    from fastapi import FastAPI

    from shared.api.correlation import CorrelationIdMiddleware

    app = FastAPI()
    app.add_middleware(CorrelationIdMiddleware)

    @app.post("/v1/members", status_code=201)
    async def include() -> dict[str, str]:
        get_logger("members.api").info("member_included")
        return {}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        configure_logging("members", level="INFO")
        await client.post("/v1/members", headers={"X-Correlation-ID": "corr-7"})
        configure_logging("members", level="WARNING")  # access lines are INFO: none now
        quiet = await client.post("/v1/members", headers={"X-Correlation-ID": "corr-8"})
    assert quiet.headers["X-Correlation-ID"] == "corr-8"

    lines = _lines(capsys.readouterr().err)
    included, access = (line for line in lines if line["logger"] != "httpx")  # the client's
    assert (included["event"], included["correlation_id"]) == ("member_included", "corr-7")
    assert access["logger"] == "kelisim.access"
    assert access["correlation_id"] == "corr-7"
    assert (access["method"], access["path"], access["status"]) == ("POST", "/v1/members", 201)
    assert structlog.contextvars.get_contextvars() == {}  # unbound after each request
