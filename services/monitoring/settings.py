from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.runtime.secrets import file_secret
from shared.settings import ServiceSettings, secret_problems

APPEAL_SECRET_KEY_FILE = "monitoring-appeal-secret-key"  # noqa: S105  (a file name)
APPEAL_SECRET_KEY_MIN_LENGTH = 32


class MonitoringSettings(ServiceSettings):
    service: ClassVar[str] = "monitoring"
    default_port: ClassVar[int] = 8004
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_MONITORING_", env_file=".env", extra="ignore"
    )

    evaluate_on_change: bool = True
    """Evaluate a region's early-warning rules (as of today) after each change to its values
    or incidents."""
    run_evaluator: bool = True
    """Evaluate every region as of today when the service starts and then periodically (an
    appeal becomes overdue with time alone)."""
    evaluation_interval_seconds: float = Field(default=3600.0, gt=0)
    appeal_secret_key: SecretStr | None = None
    """The key sealing appeals' status secrets kept for retried submissions (at least 32
    bytes; ``adapters/receipt_secrets.py``): kept in the service's secrets, never in its
    database. Required in production; elsewhere ``<home>/monitoring-appeal-secret-key``,
    generated on first use."""
    appeal_secret_retention_seconds: float = Field(default=24 * 3600.0, gt=0)
    """How long after registration a retry of the submission with the same Idempotency-Key
    still answers with the status secret; then the sealed secret is deleted."""
    appeal_secret_purge_interval_seconds: float = Field(default=600.0, gt=0)
    """How often the service deletes the sealed secrets kept past their time (they are also
    never read, and deleted, once expired)."""

    def secret_problems(self) -> list[str]:
        problems = super().secret_problems()
        name = self.setting_name("appeal_secret_key")
        if self.platform.environment == "production":
            problems += secret_problems(name, self.appeal_secret_key, APPEAL_SECRET_KEY_MIN_LENGTH)
        elif (
            self.appeal_secret_key is not None
            and len(self.appeal_secret_key.get_secret_value().encode())
            < APPEAL_SECRET_KEY_MIN_LENGTH
        ):
            problems.append(f"{name} must be at least {APPEAL_SECRET_KEY_MIN_LENGTH} bytes")
        return problems

    def resolved_appeal_secret_key(self) -> str:
        if self.appeal_secret_key is not None:
            return self.appeal_secret_key.get_secret_value()
        return file_secret(self.platform.home / APPEAL_SECRET_KEY_FILE)
