from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.runtime.secrets import file_secret
from shared.settings import ServiceSettings, secret_problems

BALLOT_KEY_FILE = "sessions-ballot-key"
BALLOT_KEY_MIN_LENGTH = 32


class SessionsSettings(ServiceSettings):
    service: ClassVar[str] = "sessions"
    default_port: ClassVar[int] = 8002
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_SESSIONS_", env_file=".env", extra="ignore"
    )

    run_deadline_closer: bool = True
    """Close polls at their deadline in the background (application/deadlines.py)."""
    deadline_check_seconds: float = Field(default=2.0, gt=0)
    group_commit_ballots: bool = True
    """Commit the ballots of a poll that arrive together in one transaction
    (application/ballot_intake.py); off: one transaction per ballot."""
    ballot_batch_max: int = Field(default=256, gt=0)
    """At most this many ballots in one group commit."""
    ballot_key: SecretStr | None = None
    """The key-encryption key of secret polls' ballot boxes (at least 32 bytes): kept in the
    service's secrets, never in its database (docs/secret-ballot.md). Required in production;
    elsewhere ``<home>/sessions-ballot-key``, generated on first use."""

    def secret_problems(self) -> list[str]:
        problems = super().secret_problems()
        name = self.setting_name("ballot_key")
        if self.platform.environment == "production":
            problems += secret_problems(name, self.ballot_key, BALLOT_KEY_MIN_LENGTH)
        elif (
            self.ballot_key is not None
            and len(self.ballot_key.get_secret_value().encode()) < BALLOT_KEY_MIN_LENGTH
        ):
            problems.append(f"{name} must be at least {BALLOT_KEY_MIN_LENGTH} bytes")
        return problems

    def resolved_ballot_key(self) -> str:
        if self.ballot_key is not None:
            return self.ballot_key.get_secret_value()
        return file_secret(self.platform.home / BALLOT_KEY_FILE)
