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

    http_max_concurrent_requests: int = Field(default=512, gt=0)
    """A plenary vote brings every member's ballot at once (some 400 in the Assembly)."""
    run_deadline_closer: bool = True
    """Close polls at their deadline in the background (application/deadlines.py)."""
    deadline_check_seconds: float = Field(default=2.0, gt=0)
    group_commit_ballots: bool = True
    """Commit the ballots of an open or roll-call poll that arrive together in one transaction
    (application/ballot_intake.py); off: one transaction per ballot. A secret poll's ballots
    are always committed in batches (``ballot_anonymity_set``)."""
    group_commit_attendance: bool = True
    """Commit the registrations at a sitting that arrive together in one transaction
    (application/attendance_intake.py); off: one transaction per registration."""
    attendance_batch_max: int = Field(default=256, gt=0)
    """At most this many registrations in one group commit."""
    ballot_batch_max: int = Field(default=256, gt=0)
    """At most this many ballots of an open or roll-call poll in one group commit."""
    ballot_anonymity_set: int = Field(default=10, ge=1)
    """k: the fewest ballots of a secret poll committed together (with their voters' roll
    entries), so that whoever reads the database can pair a voter only with a batch of at
    least k sealed ballots; the last k voters wait until everyone present has voted or the
    poll closes (docs/secret-ballot.md has the trade-offs). 1: no batching."""
    ballot_gather_check_seconds: float = Field(default=0.05, gt=0)
    """How often a secret batch that is gathering ballots looks for a close waiting for it."""
    ballot_box_unlogged: bool = True
    """Secret polls' boxes and keys in UNLOGGED tables: never in the write-ahead log, its
    archive or a standby, so nothing of a box outlives its close; but a PostgreSQL crash or
    failover while a poll is open empties its box (the poll then cannot close:
    ``ballot_box_lost``). Off: logged tables, which survive that, and the WAL archive keeps
    each batch of sealed ballots, with the wrapped key, for as long as it is kept."""
    live_max_subscribers: int = Field(default=100, gt=0)
    """Live plenary boards (``/v1/sessions/{id}/live``) one process streams at once; one more
    is answered 503."""
    live_min_interval_seconds: float = Field(default=0.2, gt=0)
    """The live board sends a Session's changes at most this often (commits are coalesced)."""
    live_poll_seconds: float = Field(default=1.0, gt=0)
    """The live board looks for changes this often even when no commit was notified."""
    live_heartbeat_seconds: float = Field(default=15.0, gt=0)
    live_max_stream_seconds: float = Field(default=3600.0, gt=0)
    """A live stream ends after this long; the browser reconnects."""
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
