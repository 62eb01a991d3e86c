"""JWT bearer authentication and role checks.

A request without ``Authorization`` acts as the anonymous public; a request with a bad token is
refused (401). ``regional_assembly`` and ``state_body`` are scoped roles: their tokens name the
region or the state body they act for.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Final

import jwt
from fastapi import Depends, Request
from pydantic import BaseModel, PositiveInt, SecretStr, field_validator

from shared.context import Actor
from shared.errors import Forbidden, Unauthenticated

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


class AuthSettings(BaseModel):
    secret: SecretStr
    algorithm: str = "HS256"
    issuer: str = "kelisim"
    audience: str = "kelisim"
    access_token_ttl_seconds: PositiveInt = 3600
    max_token_lifetime_seconds: PositiveInt = 12 * 3600
    """A token whose ``exp - iat`` is longer is refused (401), however it was signed."""

    @field_validator("secret")
    @classmethod
    def _long_enough(cls, secret: SecretStr) -> SecretStr:
        # RFC 7518 §3.2: an HMAC key at least as long as the hash output (256 bits for HS256).
        if len(secret.get_secret_value().encode()) < 32:
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
    value = claims.get(name)
    if value is None or (isinstance(value, str) and value):
        return value
    raise Unauthenticated(reason="invalid_token")


def decode_token(settings: AuthSettings, token: str) -> Actor:
    """The actor a token was issued to; ``Unauthenticated`` (invalid_token, token_expired,
    token_lifetime_too_long)."""
    return _verified(settings, token)[0]


class VerifiedTokens:
    """Tokens this process has verified, each kept until it expires (least recently used out):
    a member's token is verified once, not again on every ballot of a plenary."""

    def __init__(self, size: int = 4096) -> None:
        self._entries: OrderedDict[str, tuple[Actor, float]] = OrderedDict()
        self._size = size

    def actor(self, settings: AuthSettings, token: str) -> Actor:
        hit = self._entries.get(token)
        if hit is not None and time.time() < hit[1]:
            self._entries.move_to_end(token)
            return hit[0]
        actor, expires = _verified(settings, token)
        self._entries[token] = (actor, expires)
        if len(self._entries) > self._size:
            self._entries.popitem(last=False)
        return actor


def _verified(settings: AuthSettings, token: str) -> tuple[Actor, float]:
    """The actor and the expiry (seconds since the epoch) of a verified token."""
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
    # PyJWT has checked that both are numbers, that the token is no longer valid after exp and
    # not issued in the future; a lifetime beyond the maximum is refused like an expired one.
    if float(claims["exp"]) - float(claims["iat"]) > settings.max_token_lifetime_seconds:
        raise Unauthenticated(reason="token_lifetime_too_long")
    subject = claims.get("sub")
    roles = claims.get("roles", [])
    if (
        not isinstance(subject, str)
        or not subject
        or not isinstance(roles, list)
        or not all(isinstance(role, str) and role in ROLES for role in roles)
    ):
        raise Unauthenticated(reason="invalid_token")
    region = _optional_str(claims, "region")
    state_body = _optional_str(claims, "state_body")
    scopes = {"region": region, "state_body": state_body}
    if any(role in roles and scopes[claim] is None for role, claim in _SCOPE_CLAIMS.items()):
        raise Unauthenticated(reason="invalid_token")
    actor = Actor(subject=subject, roles=frozenset(roles), region=region, state_body=state_body)
    return actor, float(claims["exp"])


async def get_actor(request: Request) -> Actor:
    """The actor of the request: the bearer token's, or the anonymous public without one."""
    authorization = request.headers.get("authorization")
    if authorization is None:
        return ANONYMOUS
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated(reason="invalid_token")
    settings = getattr(request.app.state, "auth_settings", None)
    if not isinstance(settings, AuthSettings):
        raise RuntimeError("app.state.auth_settings is not set to AuthSettings")
    verified = getattr(request.app.state, "verified_tokens", None)
    if isinstance(verified, VerifiedTokens):
        return verified.actor(settings, token)
    return decode_token(settings, token)


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
