"""The development issuer's HTTP side: authlib's authorization server behind Starlette.

authlib's server components are framework-neutral and synchronous: this module gives them
their requests (:class:`_Request`, built after Starlette has read the form), turns their
answers into Starlette responses, and keeps codes in memory (one process, development only).

Endpoints: ``/.well-known/openid-configuration``, ``/jwks``, ``/authorize`` (GET: the login
page; POST: the chosen user, answered with the redirect carrying the code), ``/token``
(authorization code with PKCE S256, client credentials).
"""

from __future__ import annotations

import html
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Final
from urllib.parse import parse_qsl, urlsplit

from authlib.oauth2 import AuthorizationServer, OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, InvalidRequestError, OAuth2Request
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant, ClientCredentialsGrant
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc import jwt
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from ops.issuer.keys import KeyFile
from ops.issuer.process import system_client_secret
from shared.settings import DEVELOPMENT_ORIGINS

__all__ = [
    "CONSOLE_CLIENT_ID",
    "DEVELOPMENT_USERS",
    "SYSTEM_CLIENTS",
    "DevUser",
    "create_issuer_app",
]

CONSOLE_CLIENT_ID: Final = "kelisim-console"
CODE_LIFETIME_SECONDS: Final = 300
MAX_FORM_BYTES: Final = 16 * 1024
SCOPES: Final = ("openid", "profile", "kelisim")


@dataclass(frozen=True)
class DevUser:
    """A development user the login page lists (no password: development only)."""

    sub: str
    name: str
    roles: tuple[str, ...]
    region: str | None = None
    state_body: str | None = None

    def get_user_id(self) -> str:
        return self.sub


DEVELOPMENT_USERS: Final = (
    DevUser("secretariat", "Secretariat officer", ("secretariat",)),
    DevUser("chairman", "Chairman of the Assembly", ("chairman",)),
    DevUser("deputy-chairman", "Deputy Chairman", ("deputy_chairman",)),
    DevUser("council-member", "Council member", ("council_member",)),
    DevUser("member", "Assembly member", ("member",)),
    DevUser("regional-zhambyl", "Regional assembly, Zhambyl", ("regional_assembly",), "zhambyl"),
    DevUser(
        "state-body-minculture",
        "Ministry of Culture officer",
        ("state_body",),
        state_body="minculture",
    ),
    DevUser("auditor", "Auditor", ("auditor",)),
)


@dataclass(frozen=True)
class SystemClient:
    """A confidential client for another system: client credentials, with its own roles."""

    client_id: str
    roles: tuple[str, ...]
    region: str | None = None
    state_body: str | None = None


SYSTEM_CLIENTS: Final = (
    SystemClient("kelisim-system", ("secretariat",)),
    SystemClient("kelisim-audit-system", ("auditor",)),
)


@dataclass
class _Client(ClientMixin):  # type: ignore[misc]
    client_id: str
    secret: str | None  # None: a public client (PKCE)
    grant_types: tuple[str, ...]
    roles: tuple[str, ...] = ()
    region: str | None = None
    state_body: str | None = None

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        wanted = (scope or "").split()
        return " ".join(s for s in wanted if s in SCOPES)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """The console on this machine, any port: ``http://127.0.0.1:<port>/auth/callback``."""
        parts = urlsplit(redirect_uri)
        return (
            self.secret is None
            and parts.scheme == "http"
            and parts.hostname in ("127.0.0.1", "localhost")
            and parts.path == "/auth/callback"
            and not parts.fragment
        )

    def check_client_secret(self, client_secret: str) -> bool:
        return self.secret is not None and secrets.compare_digest(self.secret, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        if self.secret is None:
            return method == "none"
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and "authorization_code" in self.grant_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


@dataclass
class _Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: DevUser
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> list[str]:
        return ["dev"]

    def expired(self) -> bool:
        return time.time() > self.auth_time + CODE_LIFETIME_SECONDS


class _Request(OAuth2Request):  # type: ignore[misc]
    """An OAuth 2 request for authlib, from a Starlette request whose form was read."""

    def __init__(self, request: Request, form: Mapping[str, str]) -> None:
        super().__init__(request.method, str(request.url), headers=request.headers)
        self._args = dict(request.query_params)
        self._form = dict(form)
        self.payload = BasicOAuth2Payload({**self._args, **self._form})

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


class _CodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = [
        "client_secret_basic",
        "client_secret_post",
        "none",
    ]

    def save_authorization_code(self, code: str, request: _Request) -> None:
        data = request.payload.data
        self.server.codes[code] = _Code(
            code=code,
            client_id=request.client.client_id,
            redirect_uri=data.get("redirect_uri", ""),
            scope=request.client.get_allowed_scope(data.get("scope")),
            user=request.user,
            nonce=data.get("nonce"),
            code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
        )

    def query_authorization_code(self, code: str, client: _Client) -> _Code | None:
        found: _Code | None = self.server.codes.get(code)
        if found is None or found.client_id != client.client_id or found.expired():
            return None
        return found

    def delete_authorization_code(self, authorization_code: _Code) -> None:
        self.server.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: _Code) -> DevUser:
        return authorization_code.user


class _S256Only(CodeChallenge):  # type: ignore[misc]
    """PKCE on every authorisation request, with S256 (RFC 7636 §4.2; ``plain`` and a
    missing challenge are refused before the login page is shown)."""

    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar[list[str]] = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge") or data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("PKCE with code_challenge_method=S256 is required")
        super().validate_code_challenge(grant, redirect_uri)


class _ClientCredentialsGrant(ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = ["client_secret_basic", "client_secret_post"]


class _IdTokens(OpenIDCode):  # type: ignore[misc]
    """ID tokens for ``scope=openid``, signed with the current key."""

    def __init__(self, issuer: DevelopmentIssuer) -> None:
        super().__init__(require_nonce=False)
        self.issuer = issuer

    def exists_nonce(self, nonce: str, request: _Request) -> bool:
        return any(code.nonce == nonce for code in self.issuer.codes.values())

    def resolve_client_private_key(self, client: _Client) -> Any:
        return self.issuer.keys.current().key

    def get_client_algorithm(self, client: _Client) -> str:
        return self.issuer.keys.current().algorithm

    def get_encode_header(self, client: _Client) -> dict[str, str]:
        current = self.issuer.keys.current()
        return {"alg": current.algorithm, "kid": current.kid}

    def get_client_claims(self, client: _Client) -> dict[str, Any]:
        now = int(time.time())
        return {
            "iss": self.issuer.url,
            "aud": [client.client_id],
            "iat": now,
            "exp": now + self.issuer.ttl,
        }

    def generate_user_info(self, user: DevUser, scope: str) -> UserInfo:
        return UserInfo(sub=user.sub, name=user.name, **self.issuer.kelisim_claims(user, None))


class DevelopmentIssuer(AuthorizationServer):  # type: ignore[misc]
    """authlib's authorization server with Kelisim's clients, users and signing keys."""

    def __init__(self, url: str, home: Path, audience: str = "kelisim", ttl: int = 3600) -> None:
        super().__init__(scopes_supported=list(SCOPES))
        self.url = url.rstrip("/")
        self.keys = KeyFile(home)
        self.audience = audience
        self.ttl = ttl
        self.codes: dict[str, _Code] = {}
        self.clients: dict[str, _Client] = {
            CONSOLE_CLIENT_ID: _Client(CONSOLE_CLIENT_ID, None, ("authorization_code",))
        }
        for system in SYSTEM_CLIENTS:
            self.clients[system.client_id] = _Client(
                system.client_id,
                system_client_secret(home, system.client_id),
                ("client_credentials",),
                system.roles,
                system.region,
                system.state_body,
            )
        self.register_token_generator(
            "default", BearerTokenGenerator(self._access_token, expires_generator=ttl)
        )
        self.register_grant(_CodeGrant, [_S256Only(required=True), _IdTokens(self)])
        self.register_grant(_ClientCredentialsGrant)

    def kelisim_claims(self, user: DevUser | None, client: _Client | None) -> dict[str, Any]:
        """The claims the services read (the same as their development tokens carry)."""
        holder: DevUser | _Client = user if user is not None else client  # type: ignore[assignment]
        return {
            "roles": list(holder.roles),
            "region": holder.region,
            "state_body": holder.state_body,
        }

    def _access_token(
        self, client: _Client, grant_type: str, user: DevUser | None, scope: str
    ) -> str:
        """An RFC 9068 access token (``typ: at+jwt``) signed with the current key."""
        now = int(time.time())
        current = self.keys.current()
        claims = {
            "iss": self.url,
            "sub": user.sub if user is not None else client.client_id,
            "aud": self.audience,
            "client_id": client.client_id,
            "iat": now,
            "nbf": now,
            "exp": now + self.ttl,
            "jti": secrets.token_hex(16),
            "scope": scope,
            **self.kelisim_claims(user, client),
        }
        header = {"alg": current.algorithm, "typ": "at+jwt", "kid": current.kid}
        return str(jwt.encode(header, claims, current.key))

    # -- authlib's framework hooks -------------------------------------------------------------

    def query_client(self, client_id: str) -> _Client | None:
        return self.clients.get(client_id)

    def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
        """Access tokens are self-contained JWTs: nothing to keep."""

    def create_oauth2_request(self, request: Any) -> OAuth2Request:
        if isinstance(request, OAuth2Request):
            return request
        raise TypeError("build the request with _Request after reading the form")

    def create_json_request(self, request: Any) -> Any:
        raise NotImplementedError("no JSON endpoints")

    def handle_response(self, status: int, body: Any, headers: Any) -> Response:
        header_map = dict(headers or [])
        if isinstance(body, dict):
            return JSONResponse(body, status_code=status, headers=header_map)
        return Response(body or b"", status_code=status, headers=header_map)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", "client_credentials"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256", "ES256"],
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic",
                "client_secret_post",
                "none",
            ],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": list(SCOPES),
            "claims_supported": ["sub", "name", "roles", "region", "state_body"],
        }


def _login_page(query: Mapping[str, str], client_id: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in query.items()
        if k != "user"
    )
    rows = []
    for user in DEVELOPMENT_USERS:
        scope = user.region or user.state_body
        roles = ", ".join(user.roles) + (f" ({scope})" if scope else "")
        rows.append(
            f'<li><button type="submit" name="user" value="{html.escape(user.sub)}">'
            f"{html.escape(user.name)}</button> <span>{html.escape(roles)}</span></li>"
        )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Kelisim development sign-in</title></head><body><main>"
        "<h1>Kelisim development sign-in</h1>"
        f"<p>Sign in to <strong>{html.escape(client_id)}</strong> as a development user. "
        "This issuer is for development and tests only.</p>"
        f'<form method="post" action="/authorize">{hidden}<ul>{"".join(rows)}</ul></form>'
        "</main></body></html>"
    )


def _error_page(error: OAuth2Error) -> HTMLResponse:
    text = html.escape(f"{error.error}: {error.description or ''}")
    return HTMLResponse(
        f"<!doctype html><html lang='en'><title>Sign-in refused</title><p>{text}</p></html>",
        status_code=400,
    )


async def _form(request: Request) -> dict[str, str]:
    """An ``application/x-www-form-urlencoded`` body (the only kind OAuth 2 sends here)."""
    if request.method != "POST":
        return {}
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    return dict(parse_qsl(body.decode(errors="replace"), keep_blank_values=True))


def create_issuer_app(
    url: str, home: Path, audience: str = "kelisim", ttl: int = 3600
) -> Starlette:
    """The issuer's ASGI app, for ``url`` (its own base URL, the ``iss`` of its tokens)."""
    server = DevelopmentIssuer(url, home, audience, ttl)
    users = {user.sub: user for user in DEVELOPMENT_USERS}

    async def discovery(request: Request) -> Response:
        return JSONResponse(server.discovery())

    async def jwks(request: Request) -> Response:
        return JSONResponse(server.keys.public_jwks(), headers={"Cache-Control": "max-age=60"})

    async def authorize(request: Request) -> Response:
        form = await _form(request)
        oauth_request = _Request(request, form)
        user = users.get(form.get("user", "")) if request.method == "POST" else None
        try:
            grant = server.get_consent_grant(oauth_request, end_user=user)
        except OAuth2Error as error:
            return _error_page(error)
        if user is None:
            client_id = oauth_request.payload.client_id or ""
            return HTMLResponse(_login_page(oauth_request.args, client_id))
        response: Response = server.create_authorization_response(
            oauth_request, grant_user=user, grant=grant
        )
        return response

    async def token(request: Request) -> Response:
        form = await _form(request)
        response: Response = server.create_token_response(_Request(request, form))
        response.headers["Cache-Control"] = "no-store"
        return response

    app = Starlette(
        routes=[
            Route("/.well-known/openid-configuration", discovery),
            Route("/jwks", jwks),
            Route("/authorize", authorize, methods=["GET", "POST"]),
            Route("/token", token, methods=["POST"]),
        ],
        # The console's own scripts may read discovery and the key set and exchange a code
        # (a public client: no cookies, no credentials).
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=list(DEVELOPMENT_ORIGINS),
                allow_methods=["GET", "POST"],
                allow_headers=["Authorization", "Content-Type"],
            )
        ],
    )
    app.state.issuer = server
    return app
