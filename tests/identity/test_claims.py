"""The services' token verification as configured from the environment, against the
development issuer (a real process): claims mapped by settings (a Keycloak-shaped token), a
flood of unknown key ids costing the issuer one key set read, and development mode accepting
both the issuer's tokens and the shared-secret ones."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import httpx
import pytest
from fastapi import Depends, FastAPI
from joserfc import jwt as jose_jwt

from ops.issuer.keys import KeyFile
from ops.runtime.embedded import free_port
from shared.api.app import auth_settings
from shared.api.auth import CurrentActor, IssuerKeys, VerifiedTokens, mint_token, require_roles
from shared.api.problems import install_problem_handlers
from shared.context import Actor
from shared.settings import PlatformSettings
from tests.identity.issuer import DevIssuer, sign_in

SECRET = "identity-test-secret-" + "k" * 32


def service_like_app(settings: PlatformSettings) -> FastAPI:
    """The services' authentication as ``create_service_app`` wires it, with two routes."""
    app = FastAPI()
    app.state.auth_settings = auth = auth_settings(settings)
    app.state.verified_tokens = VerifiedTokens()
    app.state.issuer_keys = IssuerKeys(auth.oidc) if auth.oidc is not None else None
    install_problem_handlers(app)

    @app.get("/whoami")
    async def whoami(actor: CurrentActor) -> dict[str, Any]:
        return {
            "subject": actor.subject,
            "roles": sorted(actor.roles),
            "region": actor.region,
            "state_body": actor.state_body,
        }

    @app.get("/chair")
    async def chair(
        actor: Annotated[Actor, Depends(require_roles("chairman"))],
    ) -> dict[str, str]:
        return {"subject": actor.subject}

    return app


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> pytest.MonkeyPatch:
    monkeypatch.chdir(tmp_path)  # no .env of the repository
    for name in ("KELISIM_JWT_SECRET", "KELISIM_OIDC_ISSUER", "KELISIM_ENVIRONMENT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("KELISIM_HOME", str(tmp_path / "home"))
    return monkeypatch


async def client_for(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://service") as client:
        yield client


def keycloak_token(issuer: DevIssuer, **claims: Any) -> str:
    """A token shaped as Keycloak issues them, signed with the issuer's current key (so the
    service verifies it against the issuer's published JWKS)."""
    key = KeyFile(issuer.home).current()
    now = datetime.now(UTC)
    body = {
        "iss": issuer.url,
        "aud": ["kelisim", "account"],
        "sub": str(uuid.uuid4()),
        "azp": "kelisim-console",
        "preferred_username": "a.nurlanovna",
        "realm_access": {"roles": ["kelisim-chair", "offline_access", "uma_authorization"]},
        "attributes": {"oblys": "zhambyl"},
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        **claims,
    }
    header = {"alg": key.algorithm, "kid": key.kid, "typ": "JWT"}
    return str(jose_jwt.encode(header, body, key.key))


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_claims_are_mapped_by_settings_not_code(
    dev_issuer: DevIssuer, environment: pytest.MonkeyPatch
) -> None:
    environment.setenv("KELISIM_OIDC_ISSUER", dev_issuer.url)
    token = keycloak_token(dev_issuer)

    # Unmapped: the provider's roles mean nothing to Kelisim; the subject is still known.
    async for client in client_for(service_like_app(PlatformSettings())):
        who = (await client.get("/whoami", headers=bearer(token))).json()
        assert who["roles"] == []
        assert (await client.get("/chair", headers=bearer(token))).status_code == 403

    environment.setenv("KELISIM_OIDC_ROLES_CLAIM", "realm_access.roles")
    environment.setenv(
        "KELISIM_OIDC_ROLE_MAP",
        '{"kelisim-chair": "chairman", "kelisim-regional": "regional_assembly"}',
    )
    environment.setenv("KELISIM_OIDC_REGION_CLAIM", "attributes.oblys")
    environment.setenv("KELISIM_OIDC_SUBJECT_CLAIM", "preferred_username")
    async for client in client_for(service_like_app(PlatformSettings())):
        who = (await client.get("/whoami", headers=bearer(token))).json()
        assert who == {
            "subject": "a.nurlanovna",
            "roles": ["chairman"],
            "region": "zhambyl",
            "state_body": None,
        }
        assert (await client.get("/chair", headers=bearer(token))).status_code == 200
        regional = keycloak_token(dev_issuer, realm_access={"roles": ["kelisim-regional"]})
        who = (await client.get("/whoami", headers=bearer(regional))).json()
        assert who["roles"] == ["regional_assembly"] and who["region"] == "zhambyl"
        # A scoped role without its scope is refused, whatever the provider says.
        unscoped = keycloak_token(
            dev_issuer, realm_access={"roles": ["kelisim-regional"]}, attributes={}
        )
        refused = await client.get("/whoami", headers=bearer(unscoped))
        assert refused.status_code == 401
        assert refused.json()["reason_code"] == "invalid_token"


async def test_a_flood_of_unknown_key_ids_reads_the_key_set_once(
    dev_issuer: DevIssuer, environment: pytest.MonkeyPatch
) -> None:
    environment.setenv("KELISIM_OIDC_ISSUER", dev_issuer.url)
    environment.setenv("KELISIM_OIDC_JWKS_MIN_REFRESH_SECONDS", "300")
    app = service_like_app(PlatformSettings())
    key = KeyFile(dev_issuer.home).current()
    now = datetime.now(UTC)
    claims = {
        "iss": dev_issuer.url,
        "aud": "kelisim",
        "sub": "flood",
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
    }
    forged = [
        str(jose_jwt.encode({"alg": key.algorithm, "kid": f"made-up-{n}"}, claims, key.key))
        for n in range(60)
    ]
    async for client in client_for(app):
        good = (await sign_in(dev_issuer.url, "chairman"))["access_token"]
        assert (await client.get("/chair", headers=bearer(good))).status_code == 200
        answers = await asyncio.gather(
            *(client.get("/whoami", headers=bearer(token)) for token in forged)
        )
        assert {answer.status_code for answer in answers} == {401}
        assert {answer.json()["reason_code"] for answer in answers} == {"token_key_unknown"}
        keys: IssuerKeys = app.state.issuer_keys
        assert keys.key_set_reads == 1  # one forced read for sixty unknown kids
        # Tokens signed with keys it knows are still verified meanwhile.
        other = (await sign_in(dev_issuer.url, "auditor"))["access_token"]
        assert (await client.get("/whoami", headers=bearer(other))).json()["roles"] == ["auditor"]


async def test_development_accepts_the_issuers_and_the_shared_secrets_tokens(
    dev_issuer: DevIssuer, environment: pytest.MonkeyPatch
) -> None:
    environment.setenv("KELISIM_OIDC_ISSUER", dev_issuer.url)
    environment.setenv("KELISIM_JWT_SECRET", SECRET)
    settings = PlatformSettings()
    assert settings.environment == "development"
    app = service_like_app(settings)
    minted = mint_token(app.state.auth_settings, "dev", ["chairman"])
    issued = (await sign_in(dev_issuer.url, "chairman"))["access_token"]
    async for client in client_for(app):
        assert (await client.get("/chair", headers=bearer(minted))).status_code == 200
        assert (await client.get("/chair", headers=bearer(issued))).status_code == 200

    environment.setenv("KELISIM_ENVIRONMENT", "production")
    production = service_like_app(PlatformSettings())
    async for client in client_for(production):
        refused = await client.get("/chair", headers=bearer(minted))
        assert refused.status_code == 401
        assert refused.json()["reason_code"] == "token_algorithm_not_accepted"
        assert (await client.get("/chair", headers=bearer(issued))).status_code == 200


async def test_an_unreachable_issuer_is_a_503_not_a_401(
    dev_issuer: DevIssuer, environment: pytest.MonkeyPatch
) -> None:
    """A token the service cannot check yet is not a bad token: the client may retry."""
    environment.setenv("KELISIM_OIDC_ISSUER", f"http://127.0.0.1:{free_port()}")  # nobody there
    token = (await sign_in(dev_issuer.url, "chairman"))["access_token"]
    async for client in client_for(service_like_app(PlatformSettings())):
        answer = await client.get("/whoami", headers={**bearer(token), "Accept-Language": "ru"})
        assert answer.status_code == 503
        assert answer.json()["reason_code"] == "identity_provider_unreachable"
        assert answer.headers["content-language"] == "ru"
        # No token at all needs no issuer: the public still reads.
        assert (await client.get("/whoami")).json()["roles"] == ["public"]
