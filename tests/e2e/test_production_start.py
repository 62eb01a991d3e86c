"""End to end: a service process in production mode refuses to start with a secret anyone can
know, naming the setting, and starts with fresh random ones; then a token forged with the
published secret, or one valid for a hundred years, is refused.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest

from shared.api.auth import AuthSettings, mint_token
from shared.runtime.supervisor import SupervisorError
from shared.testing.infra import FreshDatabase
from shared.testing.production import production_environment
from tests.deploy.manifests import compose_environment, compose_file
from tests.e2e.system import running_system

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

COMPOSE = compose_environment(compose_file()["services"]["membership"])
SIGNING, COMMITMENT = (
    "KELISIM_MEMBERSHIP_AUDIT_SIGNING_KEY",
    "KELISIM_MEMBERSHIP_AUDIT_COMMITMENT_KEY",
)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"KELISIM_JWT_SECRET": COMPOSE["KELISIM_JWT_SECRET"]},
            "KELISIM_JWT_SECRET is a value published in this repository",
        ),
        ({SIGNING: COMPOSE[SIGNING]}, f"{SIGNING} is a value published in this repository"),
        ({SIGNING: None, COMMITMENT: None}, f"{SIGNING} must be set in production"),
    ],
    ids=["compose-jwt-secret", "compose-audit-key", "no-audit-keys"],
)
async def test_a_service_refuses_to_start(
    change: dict[str, str | None],
    message: str,
    fresh_database: FreshDatabase,
    kafka_bootstrap: str,
    tmp_path: Path,
) -> None:
    env = production_environment(["membership"])
    for name, value in change.items():
        if value is None:
            env.pop(name)
        else:
            env[name] = value
    with pytest.raises(SupervisorError) as refused:
        async with running_system(["membership"], fresh_database, kafka_bootstrap, tmp_path, env):
            pass
    assert "exited while starting" in str(refused.value)
    assert message in str(refused.value)


async def test_fresh_secrets_start_and_forged_tokens_are_refused(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> None:
    env = production_environment(["membership"])
    async with running_system(
        ["membership"], fresh_database, kafka_bootstrap, tmp_path, env
    ) as system:
        url = f"{system.urls['membership']}/v1/candidacies/waiting"
        real = AuthSettings(secret=env["KELISIM_JWT_SECRET"])
        published = AuthSettings(secret=COMPOSE["KELISIM_JWT_SECRET"])
        now = datetime.now(UTC)
        century = {
            "sub": "attacker",
            "roles": ["chairman"],
            "iss": "kelisim",
            "aud": "kelisim",
            "iat": now,
            "exp": now + timedelta(days=36500),
        }
        async with httpx.AsyncClient(timeout=10) as client:

            async def get(token: str) -> httpx.Response:
                return await client.get(url, headers={"Authorization": f"Bearer {token}"})

            assert (await get(mint_token(real, "president", ["chairman"]))).status_code == 200
            forged = await get(mint_token(published, "attacker", ["chairman"]))
            assert forged.status_code == 401
            assert forged.json()["reason_code"] == "invalid_token"
            long_lived = await get(jwt.encode(century, env["KELISIM_JWT_SECRET"], "HS256"))
            assert long_lived.status_code == 401
            assert long_lived.json()["reason_code"] == "token_lifetime_too_long"
