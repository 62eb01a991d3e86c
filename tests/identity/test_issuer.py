"""The development issuer keeps to the flows it offers: PKCE is required and checked, the
console's redirect is on this machine only, a code is used once, a system client must prove
its secret; and it does not run in production."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt

from ops.issuer.process import system_client_secret
from shared.runtime.catalog import project_root
from tests.identity.issuer import CALLBACK, DevIssuer, pkce_pair


def authorize_query(challenge: str, redirect: str = CALLBACK) -> dict[str, str]:
    return {
        "response_type": "code",
        "client_id": "kelisim-console",
        "redirect_uri": redirect,
        "scope": "openid kelisim",
        "state": "s1",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }


async def code_for(client: httpx.AsyncClient, challenge: str, user: str = "chairman") -> str:
    chosen = await client.post("/authorize", data={**authorize_query(challenge), "user": user})
    assert chosen.status_code == 302, chosen.text
    return parse_qs(urlsplit(chosen.headers["location"]).query)["code"][0]


def exchange(code: str, verifier: str | None) -> dict[str, str]:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": CALLBACK,
        "client_id": "kelisim-console",
    }
    if verifier is not None:
        data["code_verifier"] = verifier
    return data


async def test_the_code_flow_checks_pkce_the_redirect_and_single_use(
    dev_issuer: DevIssuer,
) -> None:
    async with httpx.AsyncClient(base_url=dev_issuer.url, timeout=10) as client:
        verifier, challenge = pkce_pair()
        no_pkce = {k: v for k, v in authorize_query(challenge).items() if "challenge" not in k}
        assert (await client.get("/authorize", params=no_pkce)).status_code == 400
        elsewhere = authorize_query(challenge, "https://attacker.example/auth/callback")
        assert (await client.get("/authorize", params=elsewhere)).status_code == 400

        code = await code_for(client, challenge)
        missing = await client.post("/token", data=exchange(code, None))
        assert missing.status_code == 400
        code = await code_for(client, challenge)
        wrong = await client.post("/token", data=exchange(code, pkce_pair()[0]))
        assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"

        code = await code_for(client, challenge, user="regional-zhambyl")
        first = await client.post("/token", data=exchange(code, verifier))
        assert first.status_code == 200, first.text
        claims = jwt.decode(first.json()["access_token"], options={"verify_signature": False})
        assert claims["roles"] == ["regional_assembly"] and claims["region"] == "zhambyl"
        assert claims["iss"] == dev_issuer.url and claims["aud"] == "kelisim"
        again = await client.post("/token", data=exchange(code, verifier))
        assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


async def test_client_credentials_need_the_clients_secret(dev_issuer: DevIssuer) -> None:
    form = {"grant_type": "client_credentials"}
    async with httpx.AsyncClient(base_url=dev_issuer.url, timeout=10) as client:
        wrong = await client.post("/token", data=form, auth=("kelisim-system", "guess"))
        assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
        public = await client.post("/token", data={**form, "client_id": "kelisim-console"})
        assert public.status_code in (400, 401)
        secret = system_client_secret(dev_issuer.home, "kelisim-audit-system")
        granted = await client.post("/token", data=form, auth=("kelisim-audit-system", secret))
        assert granted.status_code == 200
        claims = jwt.decode(granted.json()["access_token"], options={"verify_signature": False})
        assert claims["sub"] == "kelisim-audit-system" and claims["roles"] == ["auditor"]


def test_the_issuer_does_not_run_in_production() -> None:
    env = {**os.environ, "KELISIM_ENVIRONMENT": "production"}
    command = [sys.executable, "-m", "ops.issuer", "--home", "/nonexistent", "--port", "1"]
    result = subprocess.run(
        command, env=env, cwd=project_root(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "does not run in production" in result.stderr
