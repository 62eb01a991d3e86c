"""The appeal secret key: refused in production when missing, published, short or not
random; generated under the home directory elsewhere."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from pydantic import ValidationError

from ops.testing.production import production_environment
from services.monitoring.settings import MonitoringSettings
from shared.runtime.published import is_published

NAME = "KELISIM_MONITORING_APPEAL_SECRET_KEY"
PUBLISHED = "compose-development-appeal-secret-key-not-for-production"


@pytest.fixture
def production(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    env = production_environment(["monitoring"])
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env


def test_production_takes_a_fresh_key(production: dict[str, str]) -> None:
    settings = MonitoringSettings()
    assert settings.resolved_appeal_secret_key() == production[NAME]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (None, f"{NAME} must be set in production"),
        (PUBLISHED, f"{NAME} is a value published in this repository"),
        (secrets.token_hex(8), f"{NAME} must be at least 32 bytes"),
        ("ab" * 20, "fewer than 8 different characters"),
    ],
)
def test_production_refuses_a_weak_key(
    production: dict[str, str], monkeypatch: pytest.MonkeyPatch, value: str | None, problem: str
) -> None:
    if value is None:
        monkeypatch.delenv(NAME)
    else:
        monkeypatch.setenv(NAME, value)
    with pytest.raises(ValidationError) as refused:
        MonitoringSettings()
    assert problem in str(refused.value)
    if value is not None:
        assert value not in str(refused.value)


def test_the_compose_default_is_registered_as_published() -> None:
    assert is_published(PUBLISHED)


def test_development_generates_a_key_under_home(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KELISIM_HOME", str(tmp_path))
    monkeypatch.delenv(NAME, raising=False)
    key = MonitoringSettings().resolved_appeal_secret_key()
    assert len(key) >= 32 and MonitoringSettings().resolved_appeal_secret_key() == key
    assert (tmp_path / "monitoring-appeal-secret-key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv(NAME, "short")
    with pytest.raises(ValidationError, match="at least 32 bytes"):
        MonitoringSettings()
