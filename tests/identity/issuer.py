"""What the identity tests share: the development issuer as a real process on 127.0.0.1, and
the two ways to get a token from it, spoken over HTTP with httpx as a client would."""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from ops.issuer.process import EmbeddedIssuer, system_client_secret
from ops.runtime.embedded import free_port

CALLBACK = "http://127.0.0.1:8000/auth/callback"


@dataclass(frozen=True)
class DevIssuer:
    url: str
    home: Path
    process: EmbeddedIssuer


@pytest.fixture(scope="module")
def dev_issuer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevIssuer]:
    home = tmp_path_factory.mktemp("issuer-home")
    process = EmbeddedIssuer(home, free_port(), home / "issuer.log")
    process.start()
    try:
        yield DevIssuer(process.url, home, process)
    finally:
        process.stop()


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def sign_in(issuer: str, user: str, client_id: str = "kelisim-console") -> dict[str, str]:
    """The token response for ``user``: authorisation code with PKCE, as a browser does it
    (the login page, the chosen user posted, the code from the redirect, the exchange)."""
    verifier, challenge = pkce_pair()
    state = secrets.token_urlsafe(8)
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": CALLBACK,
        "scope": "openid kelisim",
        "state": state,
        "nonce": secrets.token_urlsafe(8),
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    async with httpx.AsyncClient(base_url=issuer, timeout=10) as client:
        config = (await client.get("/.well-known/openid-configuration")).json()
        page = await client.get(config["authorization_endpoint"], params=query)
        assert page.status_code == 200 and f'value="{user}"' in page.text
        chosen = await client.post(config["authorization_endpoint"], data={**query, "user": user})
        assert chosen.status_code == 302, chosen.text
        params = parse_qs(urlsplit(chosen.headers["location"]).query)
        assert params["state"] == [state]
        answer = await client.post(
            config["token_endpoint"],
            data={
                "grant_type": "authorization_code",
                "code": params["code"][0],
                "redirect_uri": CALLBACK,
                "client_id": client_id,
                "code_verifier": verifier,
            },
        )
        assert answer.status_code == 200, answer.text
        tokens: dict[str, str] = answer.json()
        return tokens


async def system_token(issuer: DevIssuer, client_id: str = "kelisim-system") -> str:
    """A system client's access token (client credentials, HTTP Basic)."""
    secret = system_client_secret(issuer.home, client_id)
    async with httpx.AsyncClient(base_url=issuer.url, timeout=10) as client:
        answer = await client.post(
            "/token", data={"grant_type": "client_credentials"}, auth=(client_id, secret)
        )
        assert answer.status_code == 200, answer.text
        return str(answer.json()["access_token"])
