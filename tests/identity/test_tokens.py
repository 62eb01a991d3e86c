"""A service in production mode trusts the development issuer, a real process on 127.0.0.1:
tokens from the authorisation code flow with PKCE, from client credentials and from
``kelisim token`` are accepted; a token signed by a key rotated in after the service started
is accepted without a restart; everything else is refused with a 401 problem in the caller's
language (kk, ru, en).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey, RSAKey
from typer.testing import CliRunner

from ops.cli import app as cli
from ops.issuer.keys import KeyFile
from ops.testing.infra import FreshDatabase
from ops.testing.production import production_environment
from shared.i18n import translate
from tests.e2e.system import running_system
from tests.e2e.system import token as development_token
from tests.identity.issuer import DevIssuer, sign_in, system_token

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

PROTECTED = "/v1/candidacies/waiting"  # chairman, deputy chairman, secretariat, auditor
PUBLIC = "/v1/bodies/council/composition"


def production_env(issuer: DevIssuer) -> dict[str, str]:
    env = production_environment(["membership"])
    env["KELISIM_OIDC_ISSUER"] = issuer.url  # on 127.0.0.1: production accepts plain HTTP
    return env


async def get(base: str, token: str | None, language: str = "en") -> httpx.Response:
    headers = {"Accept-Language": language}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    async with httpx.AsyncClient(base_url=base, timeout=15) as client:
        return await client.get(PROTECTED, headers=headers)


def header_of(token: str) -> dict[str, Any]:
    return jwt.get_unverified_header(token)


async def test_tokens_from_the_issuer_are_accepted_and_a_rotated_key_without_restart(
    dev_issuer: DevIssuer,
    fresh_database: FreshDatabase,
    kafka_bootstrap: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with running_system(
        ["membership"], fresh_database, kafka_bootstrap, tmp_path, production_env(dev_issuer)
    ) as system:
        base = system.urls["membership"]
        async with httpx.AsyncClient(base_url=dev_issuer.url, timeout=10) as client:
            console = {"Origin": "http://127.0.0.1:8000"}
            found = await client.get("/.well-known/openid-configuration", headers=console)
            assert found.headers["access-control-allow-origin"] == "http://127.0.0.1:8000"
        tokens = await sign_in(dev_issuer.url, "chairman")
        before = tokens["access_token"]
        assert "id_token" in tokens  # scope=openid: an ID token for the client
        assert (await get(base, before)).status_code == 200
        assert (await get(base, await system_token(dev_issuer))).status_code == 200
        # The ID token is for the console (aud = its client id), not an access token here.
        refused = await get(base, tokens["id_token"])
        assert refused.status_code == 401
        assert refused.json()["reason_code"] == "token_audience_not_accepted"

        # A role the endpoint does not admit: authenticated, then forbidden.
        member = (await sign_in(dev_issuer.url, "member"))["access_token"]
        assert (await get(base, member)).status_code == 403

        old_kid = header_of(before)["kid"]
        rotated = CliRunner().invoke(
            cli, ["issuer", "rotate-key", "--algorithm", "ES256", "--home", str(dev_issuer.home)]
        )
        assert rotated.exit_code == 0, rotated.output
        new_kid = rotated.stdout.strip()
        assert new_kid != old_kid
        after = (await sign_in(dev_issuer.url, "secretariat"))["access_token"]
        assert header_of(after) | {"typ": "at+jwt"} == {
            "alg": "ES256",
            "kid": new_kid,
            "typ": "at+jwt",
        }
        answer = await get(base, after)
        assert answer.status_code == 200, answer.text
        assert (await get(base, before)).status_code == 200  # the earlier key is still published

        # kelisim token signs in the same way and prints a token the service accepts.
        monkeypatch.setenv("KELISIM_HOME", str(dev_issuer.home))
        printed = CliRunner().invoke(
            cli, ["token", "--issuer", dev_issuer.url, "--user", "auditor"]
        )
        assert printed.exit_code == 0, printed.output
        assert (await get(base, printed.stdout.strip())).status_code == 200
        by_client = CliRunner().invoke(
            cli, ["token", "--issuer", dev_issuer.url, "--client", "kelisim-system"]
        )
        assert by_client.exit_code == 0, by_client.output
        assert (await get(base, by_client.stdout.strip())).status_code == 200
        unknown_user = CliRunner().invoke(
            cli, ["token", "--issuer", dev_issuer.url, "--user", "nobody"]
        )
        assert unknown_user.exit_code == 1
        assert "sign-in as 'nobody' was refused" in unknown_user.output


def _signed(key: RSAKey | ECKey, kid: str, claims: dict[str, Any]) -> str:
    algorithm = "RS256" if isinstance(key, RSAKey) else "ES256"
    return str(jose_jwt.encode({"alg": algorithm, "kid": kid, "typ": "at+jwt"}, claims, key))


def _claims(issuer: str, **changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": "kelisim",
        "sub": "chairman",
        "roles": ["chairman"],
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=10)).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    claims.update(changes)
    return claims


def _unsigned(claims: dict[str, Any]) -> str:
    return jwt.encode(claims, key=None, algorithm="none")


async def test_every_other_token_is_refused_in_the_callers_language(
    dev_issuer: DevIssuer, fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> None:
    current = KeyFile(dev_issuer.home).current()  # the issuer's own key: only one thing wrong
    stranger = ECKey.generate_key("P-256", private=True)
    now = datetime.now(UTC)
    issuer = dev_issuer.url
    cases = {
        # Signed with the very secret the service is given: production trusts no secret.
        "HS256": (development_token("president", "chairman"), "token_algorithm_not_accepted"),
        "alg none": (_unsigned(_claims(issuer)), "token_algorithm_not_accepted"),
        "wrong issuer": (
            _signed(current.key, current.kid, _claims("https://idp.example.org")),
            "token_issuer_not_accepted",
        ),
        "wrong audience": (
            _signed(current.key, current.kid, _claims(issuer, aud="another-system")),
            "token_audience_not_accepted",
        ),
        "expired": (
            _signed(
                current.key,
                current.kid,
                _claims(
                    issuer,
                    iat=int((now - timedelta(hours=2)).timestamp()),
                    nbf=int((now - timedelta(hours=2)).timestamp()),
                    exp=int((now - timedelta(hours=1)).timestamp()),
                ),
            ),
            "token_expired",
        ),
        "not yet valid": (
            _signed(
                current.key,
                current.kid,
                _claims(issuer, nbf=int((now + timedelta(minutes=5)).timestamp())),
            ),
            "invalid_token",
        ),
        "lifetime too long": (
            _signed(
                current.key,
                current.kid,
                _claims(issuer, exp=int((now + timedelta(days=3650)).timestamp())),
            ),
            "token_lifetime_too_long",
        ),
        "unknown key": (
            _signed(stranger, "a-key-the-issuer-never-published", _claims(issuer)),
            "token_key_unknown",
        ),
        "issuer's kid, another key": (
            _signed(stranger, current.kid, _claims(issuer)),
            "invalid_token",
        ),
    }
    async with running_system(
        ["membership"], fresh_database, kafka_bootstrap, tmp_path, production_env(dev_issuer)
    ) as system:
        base = system.urls["membership"]
        # The positive control: the same key and claims, nothing wrong.
        assert (await get(base, _signed(current.key, current.kid, _claims(issuer)))).is_success
        for name, (token, reason) in cases.items():
            for language in ("kk", "ru", "en"):
                answer = await get(base, token, language)
                assert answer.status_code == 401, (name, answer.text)
                assert answer.headers["content-type"].startswith("application/problem+json")
                assert answer.headers["content-language"] == language
                body = answer.json()
                assert body["reason_code"] == reason, (name, body)
                assert body["detail"] == translate(reason, language), (name, language)
                assert answer.headers["www-authenticate"] == 'Bearer error="invalid_token"'
        async with httpx.AsyncClient(base_url=base, timeout=15) as client:
            assert (await client.get(PUBLIC)).status_code == 200  # open data: no token
            assert (await client.get(PROTECTED)).status_code == 401
