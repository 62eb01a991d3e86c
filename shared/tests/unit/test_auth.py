from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI
from pydantic import SecretStr, ValidationError

from shared.api import auth as auth_module
from shared.api.auth import (
    ROLES,
    AuthSettings,
    CurrentActor,
    VerifiedTokens,
    decode_token,
    mint_token,
    require_roles,
)
from shared.api.problems import install_problem_handlers
from shared.context import Actor
from shared.errors import Unauthenticated

SETTINGS = AuthSettings(secret=SecretStr("s" * 32))
OTHER = AuthSettings(secret=SecretStr("o" * 32))


def _app() -> FastAPI:
    app = FastAPI()
    app.state.auth_settings = SETTINGS
    install_problem_handlers(app)

    @app.get("/whoami")
    async def whoami(actor: CurrentActor) -> dict[str, Any]:
        return {"subject": actor.subject, "roles": sorted(actor.roles), "region": actor.region}

    @app.post("/sessions")
    async def open_session(
        actor: Actor = Depends(require_roles("chairman", "secretariat")),
    ) -> dict[str, str]:
        return {"opened_by": actor.subject}

    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        yield client


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept-Language": "en"}


def _raw_token(**overrides: Any) -> str:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": "user-1",
        "roles": ["member"],
        "iss": "kelisim",
        "aud": "kelisim",
        "iat": now,
        "exp": now + timedelta(minutes=5),
        **overrides,
    }
    return jwt.encode(claims, "s" * 32, algorithm="HS256")


def test_mint_decode_roundtrip() -> None:
    token = mint_token(SETTINGS, "user-1", ["member", "regional_assembly"], region="almaty")
    actor = decode_token(SETTINGS, token)
    assert actor == Actor(
        subject="user-1", roles=frozenset({"member", "regional_assembly"}), region="almaty"
    )


def test_minted_claims() -> None:
    now = datetime(2030, 1, 1, tzinfo=UTC)
    token = mint_token(SETTINGS, "u", ["state_body"], state_body="minjust", ttl_seconds=60, now=now)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 60
    assert claims["iat"] == int(now.timestamp())
    assert claims["state_body"] == "minjust"
    assert claims["roles"] == ["state_body"]
    assert claims["iss"] == claims["aud"] == "kelisim"
    assert (
        claims["jti"]
        != jwt.decode(
            mint_token(
                SETTINGS, "u", ["state_body"], state_body="minjust", ttl_seconds=60, now=now
            ),
            options={"verify_signature": False},
        )["jti"]
    )


def test_mint_rejects_unknown_role_and_missing_scope() -> None:
    with pytest.raises(ValueError, match="unknown roles: king"):
        mint_token(SETTINGS, "u", ["member", "king"])
    with pytest.raises(ValueError, match="region"):
        mint_token(SETTINGS, "u", ["regional_assembly"])
    with pytest.raises(ValueError, match="state_body"):
        mint_token(SETTINGS, "u", ["state_body"])


def test_settings_refuse_short_secret() -> None:
    with pytest.raises(ValidationError):
        AuthSettings(secret=SecretStr("short"))


def test_roles() -> None:
    assert len(ROLES) == len(set(ROLES)) == 9
    with pytest.raises(ValueError):
        require_roles("emperor")


# Tokens are made when each test runs, not when the suite is collected: a long run must not
# turn a token refused for one reason into one refused as expired.
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (
            lambda: mint_token(
                SETTINGS, "u", ["member"], now=datetime.now(UTC) - timedelta(hours=2)
            ),
            "token_expired",
        ),
        (lambda: mint_token(OTHER, "u", ["member"]), "invalid_token"),
        (lambda: "not-a-jwt", "invalid_token"),
        (lambda: _raw_token(roles=["king"]), "invalid_token"),
        (lambda: _raw_token(roles="member"), "invalid_token"),
        (lambda: _raw_token(roles=["regional_assembly"]), "invalid_token"),
        (lambda: _raw_token(roles=["state_body"], state_body=""), "invalid_token"),
        (lambda: _raw_token(aud="someone-else"), "invalid_token"),
        (lambda: _raw_token(iss="someone-else"), "invalid_token"),
    ],
)
def test_decode_refuses(make: Callable[[], str], reason: str) -> None:
    with pytest.raises(Unauthenticated) as info:
        decode_token(SETTINGS, make())
    assert info.value.params["reason"] == reason


def _raw_token_without(claim: str) -> str:
    claims = jwt.decode(_raw_token(), options={"verify_signature": False})
    del claims[claim]
    return jwt.encode(claims, "s" * 32, algorithm="HS256")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        # The review's token: signed with the right secret, valid for a hundred years.
        (
            lambda: _raw_token(exp=datetime.now(UTC) + timedelta(days=365 * 100)),
            "token_lifetime_too_long",
        ),
        (
            lambda: _raw_token(
                exp=datetime.now(UTC) + timedelta(seconds=SETTINGS.max_token_lifetime_seconds + 5)
            ),
            "token_lifetime_too_long",
        ),
        # An old iat cannot stretch a token's life either: exp - iat is what counts.
        (
            lambda: _raw_token(
                iat=datetime.now(UTC) - timedelta(days=2),
                exp=datetime.now(UTC) + timedelta(minutes=5),
            ),
            "token_lifetime_too_long",
        ),
        (lambda: _raw_token_without("exp"), "invalid_token"),
        (lambda: _raw_token_without("iat"), "invalid_token"),
        (lambda: _raw_token(iat=datetime.now(UTC) + timedelta(hours=1)), "invalid_token"),
        (lambda: _raw_token(iat="yesterday"), "invalid_token"),
    ],
)
def test_token_lifetime_is_bounded(make: Callable[[], str], reason: str) -> None:
    with pytest.raises(Unauthenticated) as info:
        decode_token(SETTINGS, make())
    assert info.value.params["reason"] == reason


def test_a_token_living_exactly_the_maximum_is_accepted() -> None:
    now = datetime.now(UTC)
    token = _raw_token(iat=now, exp=now + timedelta(seconds=SETTINGS.max_token_lifetime_seconds))
    assert decode_token(SETTINGS, token).subject == "user-1"


def test_minting_stays_within_the_maximum() -> None:
    short = AuthSettings(
        secret=SecretStr("s" * 32), access_token_ttl_seconds=300, max_token_lifetime_seconds=600
    )
    mint_token(short, "u", ["member"], ttl_seconds=600)
    for ttl in (601, 0, -5):
        with pytest.raises(ValueError, match="between 1 and 600 seconds"):
            mint_token(short, "u", ["member"], ttl_seconds=ttl)
    # The default lifetime (3600 s) beyond the maximum: nothing is minted with it.
    with pytest.raises(ValueError, match="between 1 and 600 seconds"):
        mint_token(
            AuthSettings(secret=SecretStr("s" * 32), max_token_lifetime_seconds=600), "u", []
        )


async def test_a_hundred_year_token_is_401(client: httpx.AsyncClient) -> None:
    token = _raw_token(roles=["chairman"], exp=datetime.now(UTC) + timedelta(days=36500))
    response = await client.post("/sessions", headers=_bearer(token))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    body = response.json()
    assert body["reason_code"] == "token_lifetime_too_long"
    assert body["detail"] == (
        "The access token's lifetime exceeds the permitted maximum. Obtain a new token."
    )


def test_decode_refuses_none_algorithm() -> None:
    token = jwt.encode({"sub": "u", "roles": ["chairman"]}, None, algorithm="none")
    with pytest.raises(Unauthenticated):
        decode_token(SETTINGS, token)


async def test_no_header_is_public(client: httpx.AsyncClient) -> None:
    response = await client.get("/whoami")
    assert response.status_code == 200
    assert response.json() == {"subject": "anonymous", "roles": ["public"], "region": None}


async def test_valid_token(client: httpx.AsyncClient) -> None:
    token = mint_token(SETTINGS, "user-7", ["regional_assembly"], region="shymkent")
    response = await client.get("/whoami", headers=_bearer(token))
    assert response.json() == {
        "subject": "user-7",
        "roles": ["regional_assembly"],
        "region": "shymkent",
    }


async def test_expired_token_is_401(client: httpx.AsyncClient) -> None:
    token = mint_token(
        SETTINGS, "u", ["member"], ttl_seconds=1, now=datetime(2020, 1, 1, tzinfo=UTC)
    )
    response = await client.get("/whoami", headers=_bearer(token))
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'
    body = response.json()
    assert body["code"] == "unauthenticated"
    assert body["reason_code"] == "token_expired"
    assert body["detail"] == "The access token has expired. Sign in again."


async def test_wrong_secret_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/whoami", headers=_bearer(mint_token(OTHER, "u", ["member"])))
    assert response.status_code == 401
    assert response.json()["reason_code"] == "invalid_token"


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "token"])
async def test_malformed_header_is_401(client: httpx.AsyncClient, header: str) -> None:
    response = await client.get("/whoami", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["reason_code"] == "invalid_token"


async def test_require_roles_allows(client: httpx.AsyncClient) -> None:
    token = mint_token(SETTINGS, "chair", ["chairman"])
    response = await client.post("/sessions", headers=_bearer(token))
    assert response.status_code == 200
    assert response.json() == {"opened_by": "chair"}


async def test_require_roles_forbids_in_kazakh(client: httpx.AsyncClient) -> None:
    token = mint_token(SETTINGS, "u", ["member"])
    response = await client.post("/sessions", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    body = response.json()
    assert body["title"] == "Қол жеткізуге тыйым салынған"
    assert body["detail"] == (
        "Бұл әрекетті мына лауазым иелерінің бірі ғана орындай алады:"
        " Ассамблея Төрағасы; Ассамблея Хатшылығы."
    )
    assert body["reason_code"] == "role_required"


async def test_require_roles_forbids_in_russian(client: httpx.AsyncClient) -> None:
    token = mint_token(SETTINGS, "u", ["member"])
    response = await client.post(
        "/sessions", headers={"Authorization": f"Bearer {token}", "Accept-Language": "ru"}
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Это действие может выполнить только один из следующих:"
        " Председатель Ассамблеи; Секретариат Ассамблеи."
    )


async def test_require_roles_asks_anonymous_to_authenticate(client: httpx.AsyncClient) -> None:
    response = await client.post("/sessions", headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["detail"] == "Authentication is required to access this resource."


def test_verified_tokens_are_kept_until_they_expire(monkeypatch: pytest.MonkeyPatch) -> None:
    """A token verified once is not verified again while valid; once its expiry has passed it
    is verified again (where an expired token is refused, test_decode_refuses); a token with
    another signature is never served from the cache; the cache is bounded."""
    verifications: list[str] = []
    real = auth_module._verified

    def counted(settings: AuthSettings, token: str) -> tuple[Actor, float]:
        verifications.append(token)
        return real(settings, token)

    monkeypatch.setattr(auth_module, "_verified", counted)
    verified = VerifiedTokens(size=2)
    token = _raw_token()
    first = verified.actor(SETTINGS, token)
    assert verified.actor(SETTINGS, token) is first
    assert verifications == [token]
    with pytest.raises(Unauthenticated):
        verified.actor(SETTINGS, token[:-2] + ("xx" if not token.endswith("xx") else "yy"))
    later = datetime.now(UTC) + timedelta(minutes=6)
    monkeypatch.setattr(auth_module.time, "time", later.timestamp)
    verified.actor(SETTINGS, token)  # past its expiry by the cache's clock: verified again
    assert verifications.count(token) == 2
    for n in range(3):
        verified.actor(SETTINGS, _raw_token(sub=f"user-{n}", exp=later + timedelta(minutes=5)))
    assert len(verified._entries) == 2
