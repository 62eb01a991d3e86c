"""JWT bearer authentication and role checks.

A request without ``Authorization`` acts as the anonymous public; a request with a bad token is
refused (401). ``regional_assembly`` and ``state_body`` are scoped roles: their tokens name the
region or the state body they act for.

Two kinds of token are verified:

- **OpenID Connect access tokens** (RS256, ES256, ...) signed by the keys the issuer
  (``KELISIM_OIDC_ISSUER``) publishes in its JWKS, found by discovery
  (``/.well-known/openid-configuration``). PyJWT's ``PyJWKClient`` reads and caches the key
  set; a token signed by a key not in the cache makes it read the set again (a rotated key is
  accepted without a restart), at most once per ``KELISIM_OIDC_JWKS_MIN_REFRESH_SECONDS``
  whatever the number of such tokens, and always in a worker thread, never on the event loop.
  Issuer, audience, expiry and not-before are checked; the roles and scopes come from claims
  named by settings (:class:`ClaimMapping`), so a provider such as Keycloak
  (``realm_access.roles``) is mapped without code.
- **Development tokens** signed with the shared secret (HS256, :func:`mint_token`), accepted
  only outside production: ``AuthSettings.secret`` is None there, and such a token is refused.

Any other algorithm (``none`` included) is refused.
"""

from __future__ import annotations

import asyncio
import json
import math
import time
import urllib.request
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Final

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel, ConfigDict, Field, PositiveInt, SecretStr, field_validator

from shared.context import Actor
from shared.errors import Forbidden, ServiceUnavailable, Unauthenticated

ROLES: Final = (
    "chairman",
    "deputy_chairman",
    "secretariat",
    "council_member",
    "member",
    "regional_assembly",
    "state_body",
    "auditor",
    "public",
)
# A scoped role and the claim naming its scope.
_SCOPE_CLAIMS: Final = {"regional_assembly": "region", "state_body": "state_body"}

ANONYMOUS: Final = Actor(subject="anonymous", roles=frozenset({"public"}))


SHARED_SECRET_ALGORITHMS: Final = frozenset({"HS256", "HS384", "HS512"})


class ClaimMapping(BaseModel):
    """Where an issuer's access token carries what Kelisim needs. Each name is a claim, or a
    dotted path into nested claims (``realm_access.roles``)."""

    model_config = ConfigDict(frozen=True)

    subject: str = "sub"
    roles: str = "roles"
    region: str = "region"
    state_body: str = "state_body"
    role_map: dict[str, str] = Field(default_factory=dict)
    """The provider's role values mapped to Kelisim roles; a value that is itself a Kelisim
    role stands for itself, any other value is ignored (a provider has roles of its own)."""

    @field_validator("role_map")
    @classmethod
    def _known_targets(cls, role_map: dict[str, str]) -> dict[str, str]:
        _check_roles(role_map.values())
        return role_map


class OidcSettings(BaseModel):
    """An OpenID Connect issuer the services trust."""

    model_config = ConfigDict(frozen=True)

    issuer: str
    discovery: str = ""
    """The discovery document's URL when not at the issuer's well-known path."""
    audience: str = "kelisim"
    algorithms: tuple[str, ...] = ("RS256", "ES256")
    claims: ClaimMapping = Field(default_factory=ClaimMapping)
    jwks_cache_seconds: float = 300.0
    jwks_min_refresh_seconds: float = 10.0
    """An unknown ``kid`` makes the key set be read again at most once in this time."""
    http_timeout_seconds: float = 5.0

    @field_validator("algorithms")
    @classmethod
    def _asymmetric(cls, algorithms: tuple[str, ...]) -> tuple[str, ...]:
        refused = sorted(set(algorithms) & (SHARED_SECRET_ALGORITHMS | {"none"}))
        if refused or not algorithms:
            raise ValueError(f"an issuer's tokens are signed asymmetrically, not {refused}")
        return algorithms

    @property
    def discovery_url(self) -> str:
        return self.discovery or self.issuer.rstrip("/") + "/.well-known/openid-configuration"


class AuthSettings(BaseModel):
    secret: SecretStr | None = None
    """The shared secret of development tokens; None: such tokens are refused (production)."""
    algorithm: str = "HS256"
    issuer: str = "kelisim"
    audience: str = "kelisim"
    access_token_ttl_seconds: PositiveInt = 3600
    max_token_lifetime_seconds: PositiveInt = 12 * 3600
    """A token whose ``exp - iat`` is longer is refused (401), however it was signed."""
    oidc: OidcSettings | None = None

    @field_validator("secret")
    @classmethod
    def _long_enough(cls, secret: SecretStr | None) -> SecretStr | None:
        # RFC 7518 §3.2: an HMAC key at least as long as the hash output (256 bits for HS256).
        if secret is not None and len(secret.get_secret_value().encode()) < 32:
            raise ValueError("the JWT secret must be at least 32 bytes")
        return secret


def _check_roles(roles: Iterable[str]) -> list[str]:
    roles = list(roles)
    unknown = sorted(set(roles) - set(ROLES))
    if unknown:
        raise ValueError(f"unknown roles: {', '.join(unknown)}")
    return roles


def mint_token(
    settings: AuthSettings,
    subject: str,
    roles: Iterable[str],
    region: str | None = None,
    state_body: str | None = None,
    ttl_seconds: int | None = None,
    now: datetime | None = None,
) -> str:
    """A signed access token; ``ValueError`` for an unknown role or a scoped role without scope."""
    role_list = _check_roles(roles)
    scopes = {"region": region, "state_body": state_body}
    for role, claim in _SCOPE_CLAIMS.items():
        if role in role_list and not scopes[claim]:
            raise ValueError(f"role {role} needs {claim}")
    if settings.secret is None:
        raise ValueError("no shared secret: tokens come from the OpenID Connect issuer here")
    issued = now or datetime.now(UTC)
    ttl = settings.access_token_ttl_seconds if ttl_seconds is None else ttl_seconds
    if not 0 < ttl <= settings.max_token_lifetime_seconds:
        raise ValueError(
            f"a token lives between 1 and {settings.max_token_lifetime_seconds} seconds "
            f"(KELISIM_JWT_MAX_TTL_SECONDS), not {ttl}"
        )
    claims: dict[str, Any] = {
        "sub": subject,
        "roles": role_list,
        "region": region,
        "state_body": state_body,
        "iss": settings.issuer,
        "aud": settings.audience,
        "iat": issued,
        "exp": issued + timedelta(seconds=ttl),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(claims, settings.secret.get_secret_value(), algorithm=settings.algorithm)


def _optional_str(claims: dict[str, Any], name: str) -> str | None:
    value = _claim(claims, name)
    if value is None or (isinstance(value, str) and value):
        return value
    raise Unauthenticated(reason="invalid_token")


def _claim(claims: dict[str, Any], path: str) -> Any:
    """A claim by name, or by a dotted path into nested objects; None when absent."""
    if path in claims:
        return claims[path]
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def decode_token(settings: AuthSettings, token: str) -> Actor:
    """The actor a development (shared-secret) token was issued to; ``Unauthenticated``
    (invalid_token, token_expired, token_lifetime_too_long, token_algorithm_not_accepted)."""
    return _verified(settings, token)[0]


class VerifiedTokens:
    """Tokens this process has verified, each kept until it expires (least recently used out):
    a member's token is verified once, not again on every ballot of a plenary."""

    def __init__(self, size: int = 4096) -> None:
        self._entries: OrderedDict[str, tuple[Actor, float]] = OrderedDict()
        self._size = size

    def cached(self, token: str) -> Actor | None:
        hit = self._entries.get(token)
        if hit is not None and time.time() < hit[1]:
            self._entries.move_to_end(token)
            return hit[0]
        return None

    def keep(self, token: str, actor: Actor, expires: float) -> Actor:
        self._entries[token] = (actor, expires)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return actor

    def actor(self, settings: AuthSettings, token: str) -> Actor:
        """A development token's actor (verified once)."""
        hit = self.cached(token)
        if hit is not None:
            return hit
        return self.keep(token, *_verified(settings, token))

    async def verify(self, settings: AuthSettings, keys: IssuerKeys | None, token: str) -> Actor:
        """The actor of any token the service accepts (verified once)."""
        hit = self.cached(token)
        if hit is not None:
            return hit
        return self.keep(token, *await verify_token(settings, keys, token))


def _unverified_header(token: str) -> dict[str, Any]:
    try:
        return jwt.get_unverified_header(token)
    except jwt.InvalidTokenError:
        raise Unauthenticated(reason="invalid_token") from None


async def verify_token(
    settings: AuthSettings, keys: IssuerKeys | None, token: str
) -> tuple[Actor, float]:
    """The actor and expiry of a token: an issuer's (by its algorithm and key id) or, outside
    production, a development token signed with the shared secret."""
    header = _unverified_header(token)
    algorithm = header.get("alg")
    if algorithm in SHARED_SECRET_ALGORITHMS:
        return _verified(settings, token)
    oidc = settings.oidc
    if oidc is None or keys is None or algorithm not in oidc.algorithms:
        raise Unauthenticated(reason="token_algorithm_not_accepted")
    kid = header.get("kid")
    key = await keys.signing_key(kid if isinstance(kid, str) else None)
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=oidc.audience,
            issuer=oidc.issuer,
            options={"require": ["iss", "aud", "iat", "exp"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated(reason="token_expired") from None
    except jwt.InvalidIssuerError:
        raise Unauthenticated(reason="token_issuer_not_accepted") from None
    except jwt.InvalidAudienceError:
        raise Unauthenticated(reason="token_audience_not_accepted") from None
    except jwt.InvalidTokenError:  # a bad signature, not yet valid (nbf), a missing claim
        raise Unauthenticated(reason="invalid_token") from None
    return _actor(settings, claims, oidc.claims, strict_roles=False)


def _verified(settings: AuthSettings, token: str) -> tuple[Actor, float]:
    """The actor and the expiry (seconds since the epoch) of a verified development token."""
    if settings.secret is None:
        raise Unauthenticated(reason="token_algorithm_not_accepted")
    if _unverified_header(token).get("alg") not in SHARED_SECRET_ALGORITHMS:
        raise Unauthenticated(reason="token_algorithm_not_accepted")
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            settings.secret.get_secret_value(),
            algorithms=[settings.algorithm],
            audience=settings.audience,
            issuer=settings.issuer,
            options={"require": ["sub", "iss", "aud", "iat", "exp"]},
        )
    except jwt.ExpiredSignatureError:
        raise Unauthenticated(reason="token_expired") from None
    except jwt.InvalidTokenError:
        raise Unauthenticated(reason="invalid_token") from None
    return _actor(settings, claims, ClaimMapping(), strict_roles=True)


def _actor(
    settings: AuthSettings, claims: dict[str, Any], mapping: ClaimMapping, *, strict_roles: bool
) -> tuple[Actor, float]:
    """The actor a verified token's claims name. A development token naming an unknown role is
    refused; an issuer's roles are mapped, and the ones Kelisim does not know ignored."""
    # PyJWT has checked that both are numbers, that the token is no longer valid after exp and
    # not issued in the future; a lifetime beyond the maximum is refused like an expired one.
    if float(claims["exp"]) - float(claims["iat"]) > settings.max_token_lifetime_seconds:
        raise Unauthenticated(reason="token_lifetime_too_long")
    subject = _claim(claims, mapping.subject)
    raw_roles = _claim(claims, mapping.roles)
    if raw_roles is None:
        raw_roles = []
    if not isinstance(subject, str) or not subject or not isinstance(raw_roles, list):
        raise Unauthenticated(reason="invalid_token")
    if not all(isinstance(role, str) for role in raw_roles):
        raise Unauthenticated(reason="invalid_token")
    if strict_roles:
        if not all(role in ROLES for role in raw_roles):
            raise Unauthenticated(reason="invalid_token")
        roles = list(raw_roles)
    else:
        mapped = (mapping.role_map.get(role, role) for role in raw_roles)
        roles = sorted({role for role in mapped if role in ROLES})
    region = _optional_str(claims, mapping.region)
    state_body = _optional_str(claims, mapping.state_body)
    scopes = {"region": region, "state_body": state_body}
    if any(role in roles and scopes[claim] is None for role, claim in _SCOPE_CLAIMS.items()):
        raise Unauthenticated(reason="invalid_token")
    actor = Actor(subject=subject, roles=frozenset(roles), region=region, state_body=state_body)
    return actor, float(claims["exp"])


def _fetch_json(url: str, timeout: float) -> Any:
    """A JSON document over HTTP(S), in the calling (worker) thread."""
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"not an HTTP URL: {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        return json.load(response)


class IssuerKeys:
    """The signing keys of an OpenID Connect issuer, found by discovery and kept by PyJWT's
    ``PyJWKClient``; every fetch runs in a worker thread.

    A ``kid`` not in the kept set makes the set be read again, once for all the requests
    waiting on it, and at most once per ``jwks_min_refresh_seconds``: a flood of tokens with
    made-up key ids costs the issuer one request, not one each. An issuer that cannot be
    reached is a 503 (``identity_provider_unreachable``), tried again after the same interval.
    """

    def __init__(self, oidc: OidcSettings) -> None:
        self.oidc = oidc
        self._client: jwt.PyJWKClient | None = None
        self._lock = asyncio.Lock()
        self._generation = 0
        self._last_forced = -math.inf
        self._last_discovery_failure = -math.inf
        self.key_set_reads = 0
        """Key set reads forced by an unknown key id (for tests and metrics)."""

    async def _jwks_client(self) -> jwt.PyJWKClient:
        if self._client is not None:
            return self._client
        async with self._lock:
            if self._client is not None:
                return self._client
            if time.monotonic() - self._last_discovery_failure < self.oidc.jwks_min_refresh_seconds:
                raise ServiceUnavailable(reason="identity_provider_unreachable")
            try:
                document = await asyncio.to_thread(
                    _fetch_json, self.oidc.discovery_url, self.oidc.http_timeout_seconds
                )
            except (OSError, ValueError):
                self._last_discovery_failure = time.monotonic()
                raise ServiceUnavailable(reason="identity_provider_unreachable") from None
            if (
                not isinstance(document, dict)
                or document.get("issuer") != self.oidc.issuer
                or not isinstance(document.get("jwks_uri"), str)
            ):
                self._last_discovery_failure = time.monotonic()
                raise ServiceUnavailable(reason="identity_provider_unreachable")
            self._client = jwt.PyJWKClient(
                document["jwks_uri"],
                cache_jwk_set=True,
                lifespan=self.oidc.jwks_cache_seconds,
                timeout=self.oidc.http_timeout_seconds,
            )
            return self._client

    async def _keys(self, client: jwt.PyJWKClient, refresh: bool) -> list[jwt.PyJWK]:
        try:
            return await asyncio.to_thread(client.get_signing_keys, refresh)
        except jwt.PyJWKClientConnectionError:
            raise ServiceUnavailable(reason="identity_provider_unreachable") from None
        except jwt.PyJWKClientError:
            raise Unauthenticated(reason="token_key_unknown") from None

    async def signing_key(self, kid: str | None) -> jwt.PyJWK:
        """The issuer's key ``kid``; ``Unauthenticated`` (token_key_unknown) when the issuer
        does not publish it."""
        if not kid:
            raise Unauthenticated(reason="token_key_unknown")
        client = await self._jwks_client()
        generation = self._generation
        key = client.match_kid(await self._keys(client, refresh=False), kid)
        if key is not None:
            return key
        async with self._lock:
            if self._generation == generation:
                if time.monotonic() - self._last_forced < self.oidc.jwks_min_refresh_seconds:
                    raise Unauthenticated(reason="token_key_unknown")
                self._last_forced = time.monotonic()
                self._generation += 1
                self.key_set_reads += 1
                keys = await self._keys(client, refresh=True)
            else:  # read meanwhile by another request: use what it read
                keys = await self._keys(client, refresh=False)
        key = client.match_kid(keys, kid)
        if key is None:
            raise Unauthenticated(reason="token_key_unknown")
        return key


async def get_actor(request: Request) -> Actor:
    """The actor of the request: the bearer token's, or the anonymous public without one."""
    authorization = request.headers.get("authorization")
    if authorization is None:
        return ANONYMOUS
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated(reason="invalid_token")
    state = request.app.state
    settings = getattr(state, "auth_settings", None)
    if not isinstance(settings, AuthSettings):
        raise RuntimeError("app.state.auth_settings is not set to AuthSettings")
    keys = getattr(state, "issuer_keys", None)
    if keys is None and settings.oidc is not None:
        keys = state.issuer_keys = IssuerKeys(settings.oidc)
    verified = getattr(state, "verified_tokens", None)
    if not isinstance(verified, VerifiedTokens):
        verified = state.verified_tokens = VerifiedTokens()
    return await verified.verify(settings, keys, token)


CurrentActor = Annotated[Actor, Depends(get_actor)]


def require_roles(*roles: str) -> Callable[[Actor], Awaitable[Actor]]:
    """A dependency giving the actor if it holds one of ``roles``.

    Refused with 401 if the request is anonymous (it could authenticate), else with 403.
    """
    required = tuple(_check_roles(roles))
    if not required:
        raise ValueError("require_roles needs at least one role")

    async def dependency(actor: CurrentActor) -> Actor:
        if actor.roles.isdisjoint(required):
            if actor == ANONYMOUS:
                raise Unauthenticated()
            raise Forbidden(reason="role_required", roles=", ".join(required))
        return actor

    _REQUIRED_ROLES[dependency] = required
    return dependency


_REQUIRED_ROLES: Final[dict[Callable[..., Any], tuple[str, ...]]] = {}


def required_roles(call: Callable[..., Any] | None) -> tuple[str, ...] | None:
    """The roles a dependency made by ``require_roles`` asks for; None for any other callable
    (the OpenAPI document derives an operation's security requirement from it)."""
    return _REQUIRED_ROLES.get(call) if call is not None else None
