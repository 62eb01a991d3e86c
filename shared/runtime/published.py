"""Secret values anyone can know: committed to this repository, or fixed development defaults.

Production refuses every one of them for every secret and key (``shared.settings``): a JWT
secret printed in ``docker-compose.yml`` lets anyone mint a chairman's token, a published audit
key lets anyone sign a tree head. ``tests/deploy/test_published_secrets.py`` scans the
committed files (``docker-compose.yml``, ``deploy/``, ``docs/``, the README, examples) for
every value given to a secret-like setting and fails while one is missing here, so a value
committed later is refused in production as soon as that test passes.
"""

from __future__ import annotations

import base64
import binascii
from typing import Final

__all__ = ["E2E_JWT_SECRET", "PUBLISHED_SECRETS", "TEST_JWT_SECRET", "is_published"]

# Fixed secrets of the test suites (ops/testing/services.py, tests/e2e/system.py).
TEST_JWT_SECRET: Final = "kelisim-test-secret-" + "x" * 32
E2E_JWT_SECRET: Final = "kelisim-e2e-secret-" + "e" * 32

PUBLISHED_SECRETS: Final[frozenset[str]] = frozenset(
    {
        # docker-compose.yml: the development defaults of every secret.
        "compose-development-jwt-secret-not-for-production-use",
        "compose-development-ballot-key-not-for-production",
        "compose-development-appeal-secret-key-not-for-production",
        "postgres-compose-development",
        "kelisim-compose-development",
        "keycloak-compose-development",  # the development Keycloak's admin password
        # deploy/keycloak/kelisim-realm.json: the system client's secret (the development users'
        # passwords are <username>-compose-development).
        "kelisim-system-compose-development-secret",
        "psSuxKVZNv/DcQIyzthp/fojm5eLww6YL8Hv8/OQSig=",  # membership audit signing key
        "71FDaQexauKntAgfpyJUof0wAtw9Q7iOkf+G2i82ZYI=",  # membership audit commitment key
        "IrTOH/L6etwufXWJCCC5sQ3XFurdPfZ6rHgWc/JrtG0=",  # sessions audit signing key
        "7NCd3Z6YSYeA5cWbMMMvmlGO96KuFbAdym1Y9SG7xJw=",  # sessions audit commitment key
        "Muwu4FZJ7vccmYJkb6wbXN2luzAq20eqr6S77e7WKas=",  # council audit signing key
        "jZ1xYxtvqxpdXTuc29CbX94owRYHislyF/l/btwr3y4=",  # council audit commitment key
        "JEhOJd4I1ynjPEIGb4UmyP22bpYBC31BTkhhPc5K0zs=",  # monitoring audit signing key
        "DwgpiTvNH3iiQgrAem+jVJuiBjCusVBkg9m0LC7wXUE=",  # monitoring audit commitment key
        "6GobjgIcNx5yhN1doCopGZT1h8RXBEqhzb3xt1ELoLA=",  # programmes audit signing key
        "9UgbKoCwcYvwdoaJKnGX1nB+IEkaqI46ZwzioDl20Q8=",  # programmes audit commitment key
        "compose-development-console-session-secret-not-for-production",
        # Development and test defaults.
        TEST_JWT_SECRET,
        E2E_JWT_SECRET,
    }
)


def _decoded(value: str) -> bytes | None:
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        return None


# The published keys as bytes: another spelling of the same key (other unused bits in its last
# base64 character) is the same key.
_PUBLISHED_BYTES: Final = frozenset(
    raw for raw in (_decoded(value) for value in PUBLISHED_SECRETS) if raw
)


def is_published(value: str) -> bool:
    """True if ``value`` (or the key it encodes in base64) is one anyone can read here."""
    stripped = value.strip()
    if stripped in PUBLISHED_SECRETS:
        return True
    raw = _decoded(stripped)
    return bool(raw) and raw in _PUBLISHED_BYTES
