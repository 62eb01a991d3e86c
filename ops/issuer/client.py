"""Obtaining tokens from an OpenID Connect issuer, as ``kelisim token`` does (standard library
HTTP only: the command runs wherever the services do).

- :func:`sign_in` runs the authorisation code flow with PKCE (S256) as the public client
  ``kelisim-console``, choosing a development user on the development issuer's login page:
  the same requests a browser makes, without the browser.
- :func:`client_credentials` is a system's way: its client id and secret.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Final

__all__ = ["TokenError", "client_credentials", "discover", "sign_in"]

CALLBACK: Final = "http://127.0.0.1:8000/auth/callback"
TIMEOUT_SECONDS: Final = 10.0


class TokenError(RuntimeError):
    pass


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER: Final = urllib.request.build_opener(_NoRedirect())


def _request(
    url: str, data: dict[str, str] | None = None, auth: tuple[str, str] | None = None
) -> Any:
    if not url.startswith(("http://", "https://")):
        raise TokenError(f"not an HTTP URL: {url}")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body)  # noqa: S310 - http(s) only, checked above
    if auth is not None:
        pair = f"{urllib.parse.quote(auth[0])}:{urllib.parse.quote(auth[1])}".encode()
        request.add_header("Authorization", "Basic " + base64.b64encode(pair).decode())
    try:
        return _OPENER.open(request, timeout=TIMEOUT_SECONDS)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            return error
        detail = error.read().decode(errors="replace")[:300]
        raise TokenError(f"{url} answered {error.code}: {detail}") from None
    except OSError as error:
        raise TokenError(f"cannot reach {url}: {error}") from None


def _json(url: str, data: dict[str, str] | None = None, auth: tuple[str, str] | None = None) -> Any:
    with _request(url, data, auth) as response:
        return json.load(response)


def discover(issuer: str) -> dict[str, Any]:
    document = _json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if not isinstance(document, dict) or document.get("issuer") != issuer.rstrip("/"):
        raise TokenError(f"{issuer} does not publish its own discovery document")
    return document


def _access_token(answer: Any) -> str:
    if not isinstance(answer, dict) or not isinstance(answer.get("access_token"), str):
        raise TokenError("the issuer's answer holds no access token")
    return str(answer["access_token"])


def sign_in(issuer: str, user: str, client_id: str = "kelisim-console") -> str:
    """An access token for development user ``user`` (authorisation code + PKCE)."""
    config = discover(issuer)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    state = secrets.token_urlsafe(16)
    query = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": CALLBACK,
        "scope": "openid kelisim",
        "state": state,
        "code_challenge": challenge.rstrip(b"=").decode(),
        "code_challenge_method": "S256",
    }
    with _request(config["authorization_endpoint"], {**query, "user": user}) as answer:
        location = answer.headers.get("Location", "")
    params = urllib.parse.parse_qs(urllib.parse.urlsplit(location).query)
    if params.get("state") != [state] or "code" not in params:
        raise TokenError(f"sign-in as {user!r} was refused (is it a development user?)")
    tokens = _json(
        config["token_endpoint"],
        {
            "grant_type": "authorization_code",
            "code": params["code"][0],
            "redirect_uri": CALLBACK,
            "client_id": client_id,
            "code_verifier": verifier,
        },
    )
    return _access_token(tokens)


def client_credentials(issuer: str, client_id: str, secret: str, scope: str = "kelisim") -> str:
    """An access token for a system client (client credentials)."""
    config = discover(issuer)
    answer = _json(
        config["token_endpoint"],
        {"grant_type": "client_credentials", "scope": scope},
        auth=(client_id, secret),
    )
    return _access_token(answer)
