"""``kelisim up`` and ``kelisim token`` are development tools: ``up`` refuses production (it
would hand every service the development secret), ``token`` mints no token the services would
refuse for its lifetime."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest
from typer.testing import CliRunner

from ops.cli import app

OFFLINE = ["token", "--offline", "--sub", "u", "--role", "member", "--ttl"]


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # no .env of the repository
    monkeypatch.delenv("KELISIM_JWT_SECRET", raising=False)
    monkeypatch.setenv("KELISIM_HOME", str(tmp_path / "home"))
    return CliRunner()


@pytest.mark.parametrize("environment", ["production", "Production "])
def test_up_refuses_production(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, environment: str
) -> None:
    monkeypatch.setenv("KELISIM_ENVIRONMENT", environment)
    result = runner.invoke(app, ["up", "--home", str(tmp_path / "home")])
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "kelisim up is for development and tests, not KELISIM_ENVIRONMENT=production" in (
        message
    )
    assert "docs/operations.md" in message
    assert not (tmp_path / "home" / "dev-secret").exists(), "nothing was started or created"
    assert not (tmp_path / "home" / "pgdata").exists()


def test_token_lifetime_is_bounded(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KELISIM_JWT_MAX_TTL_SECONDS", "7200")
    result = runner.invoke(app, [*OFFLINE, "7200"])
    assert result.exit_code == 0, result.output
    claims = jwt.decode(result.stdout.strip(), options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 7200

    result = runner.invoke(app, [*OFFLINE, "7201"])
    assert result.exit_code == 2
    assert "between 1 and 7200 seconds (KELISIM_JWT_MAX_TTL_SECONDS), not 7201" in result.output

    monkeypatch.delenv("KELISIM_JWT_MAX_TTL_SECONDS")
    century = str(100 * 365 * 24 * 3600)
    result = runner.invoke(app, [*OFFLINE, century])
    assert result.exit_code == 2
    assert "between 1 and 43200 seconds" in result.output
