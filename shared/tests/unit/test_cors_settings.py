"""Which browser origins may call the APIs: an allow-list from settings, never ``*``; the
console's origins by default outside production, none by default in production."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from shared.api.app import install_cors
from shared.settings import DEVELOPMENT_ORIGINS, PlatformSettings

ISSUER = "https://sso.example.invalid/realms/kelisim"


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KELISIM_CORS_ALLOW_ORIGINS", raising=False)


def test_defaults() -> None:
    assert PlatformSettings(environment="development").cors_origins() == list(DEVELOPMENT_ORIGINS)
    assert PlatformSettings(environment="test").cors_origins() == list(DEVELOPMENT_ORIGINS)
    production = PlatformSettings(environment="production", oidc_issuer=ISSUER)
    assert production.cors_origins() == []


def test_an_allow_list_is_read_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "KELISIM_CORS_ALLOW_ORIGINS", "https://dashboard.gov.kz, http://127.0.0.1:9000"
    )
    settings = PlatformSettings(environment="production", oidc_issuer=ISSUER)
    assert settings.cors_origins() == ["https://dashboard.gov.kz", "http://127.0.0.1:9000"]
    monkeypatch.setenv("KELISIM_CORS_ALLOW_ORIGINS", "")
    assert PlatformSettings().cors_origins() == []  # set but empty: no origin at all


@pytest.mark.parametrize(
    "origin", ["*", "https://*.gov.kz", "dashboard.gov.kz", "https://a.kz/path", "ftp://a.kz"]
)
def test_what_is_no_origin_is_refused(origin: str) -> None:
    with pytest.raises(ValidationError, match="KELISIM_CORS_ALLOW_ORIGINS"):
        PlatformSettings(cors_allow_origins=origin)


async def test_preflight_and_credentials() -> None:
    app = FastAPI()

    @app.get("/x")
    async def x() -> dict[str, str]:
        return {}

    install_cors(app, ["https://dashboard.gov.kz"])
    transport = httpx.ASGITransport(app=app)
    client = httpx.AsyncClient(transport=transport, base_url="http://service")
    preflight = {
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
    }
    ok = await client.options("/x", headers={"Origin": "https://dashboard.gov.kz", **preflight})
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == "https://dashboard.gov.kz"
    assert ok.headers["access-control-allow-credentials"] == "true"
    refused = await client.options("/x", headers={"Origin": "https://evil.example", **preflight})
    assert refused.status_code == 400
    plain = await client.get("/x", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in plain.headers
    await client.aclose()

    bare = FastAPI()
    install_cors(bare, [])  # production's default: nothing added, same-origin only
    assert not bare.user_middleware
