from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from shared.runtime.secrets import file_secret
from shared.settings import ServiceSettings

BALLOT_KEY_FILE = "sessions-ballot-key"


class SessionsSettings(ServiceSettings):
    service: ClassVar[str] = "sessions"
    default_port: ClassVar[int] = 8002
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_SESSIONS_", env_file=".env", extra="ignore"
    )

    http_max_concurrent_requests: int = Field(default=512, gt=0)
    """A plenary vote brings every member's ballot at once (some 400 in the Assembly)."""
    run_deadline_closer: bool = True
    """Close polls at their deadline in the background (application/deadlines.py)."""
    deadline_check_seconds: float = Field(default=2.0, gt=0)
    group_commit_ballots: bool = True
    """Commit the ballots of a poll that arrive together in one transaction
    (application/ballot_intake.py); off: one transaction per ballot."""
    ballot_batch_max: int = Field(default=256, gt=0)
    """At most this many ballots in one group commit."""
    ballot_key: SecretStr | None = None
    """The key-encryption key of secret polls' ballot boxes (at least 32 characters): kept in the
    service's secrets, never in its database (docs/secret-ballot.md). Required in production;
    elsewhere ``<home>/sessions-ballot-key``, generated on first use."""

    @model_validator(mode="after")
    def _ballot_key_in_production(self) -> SessionsSettings:
        if self.platform.environment == "production" and self.ballot_key is None:
            raise ValueError("KELISIM_SESSIONS_BALLOT_KEY must be set in production")
        if self.ballot_key is not None and len(self.ballot_key.get_secret_value()) < 32:
            raise ValueError("KELISIM_SESSIONS_BALLOT_KEY needs at least 32 characters")
        return self

    def resolved_ballot_key(self) -> str:
        if self.ballot_key is not None:
            return self.ballot_key.get_secret_value()
        return file_secret(self.platform.home / BALLOT_KEY_FILE)
