"""Secrets as an operator generates them for production: random, each in its setting's format."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Iterable

PRODUCTION_ISSUER = "https://sso.example.invalid/realms/kelisim"
"""An identity provider's issuer as production names it (never contacted by these tests)."""


def random_key() -> str:
    """Base64 of 32 random bytes (an audit key), drawn again until it has no ``/`` or ``+``,
    so that the same value may also stand in a URL (a database password)."""
    while True:
        value = base64.b64encode(secrets.token_bytes(32)).decode()
        if value.rstrip("=").isalnum():
            return value


def production_environment(services: Iterable[str]) -> dict[str, str]:
    """``KELISIM_ENVIRONMENT=production`` with what production requires of ``services``: the
    identity provider they trust, a fresh secret for each service's audit keys, the sessions
    ballot key and the monitoring appeal secret key."""
    env = {"KELISIM_ENVIRONMENT": "production", "KELISIM_OIDC_ISSUER": PRODUCTION_ISSUER}
    for service in services:
        prefix = f"KELISIM_{service.upper()}_"
        env[f"{prefix}AUDIT_SIGNING_KEY"] = random_key()
        env[f"{prefix}AUDIT_COMMITMENT_KEY"] = random_key()
        if service == "sessions":
            env[f"{prefix}BALLOT_KEY"] = secrets.token_urlsafe(48)
        if service == "monitoring":
            env[f"{prefix}APPEAL_SECRET_KEY"] = secrets.token_urlsafe(48)
    return env
