"""End to end: a service process in production mode refuses to start with a secret anyone can
know or without an identity provider, naming the setting, and starts with fresh random ones;
then a token signed with a shared secret, even the one it is given, is refused (tests/identity
checks the issuer's tokens, accepted and refused, against the development issuer).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import jwt
import pytest

from ops.runtime.supervisor import SupervisorError
from ops.testing.infra import FreshDatabase
from ops.testing.production import production_environment
from shared.runtime.published import E2E_JWT_SECRET
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
        ({"KELISIM_OIDC_ISSUER": None}, "KELISIM_OIDC_ISSUER must be set in production"),
        ({SIGNING: COMPOSE[SIGNING]}, f"{SIGNING} is a value published in this repository"),
        ({SIGNING: None, COMMITMENT: None}, f"{SIGNING} must be set in production"),
    ],
    ids=["no-issuer", "compose-audit-key", "no-audit-keys"],
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


async def test_fresh_secrets_start_and_shared_secret_tokens_are_refused(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> None:
    env = production_environment(["membership"])
    secret = env["KELISIM_JWT_SECRET"] = E2E_JWT_SECRET + "-given-to-production"
    async with running_system(
        ["membership"], fresh_database, kafka_bootstrap, tmp_path, env
    ) as system:
        url = f"{system.urls['membership']}/v1/candidacies/waiting"
        now = datetime.now(UTC)
        claims = {
            "sub": "attacker",
            "roles": ["chairman"],
            "iss": "kelisim",
            "aud": "kelisim",
            "iat": now,
            "exp": now + timedelta(minutes=5),
        }
        async with httpx.AsyncClient(timeout=10) as client:
            for key in (secret, E2E_JWT_SECRET):
                token = jwt.encode(claims, key, "HS256")
                forged = await client.get(url, headers={"Authorization": f"Bearer {token}"})
                assert forged.status_code == 401
                assert forged.json()["reason_code"] == "token_algorithm_not_accepted"
            assert (await client.get(url)).status_code == 401
