"""Settings, read from the environment (and ``.env``) with pydantic-settings.

Common settings use the prefix ``KELISIM_``; each service adds its own with
``KELISIM_<SERVICE>_`` (database URL, port, which background workers run). The defaults point
at the embedded runtime that ``kelisim up`` starts; real Kafka and a managed PostgreSQL are
chosen by setting the URLs, never by code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class PlatformSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KELISIM_", env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    home: Path = REPO_ROOT / ".kelisim"
    log_level: str = "INFO"
    log_json: bool = True
    default_language: Literal["kk", "ru", "en"] = "kk"
    time_zone: str = "Asia/Almaty"
    """The zone of every calendar day the system dates (``shared.clock``)."""

    jwt_secret: SecretStr | None = None
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    jwt_issuer: str = "kelisim"
    jwt_audience: str = "kelisim"
    jwt_ttl_seconds: int = Field(default=3600, gt=0)

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_enable_idempotence: bool = False
    """On for real Kafka; the embedded Tansu broker does not support the idempotent producer."""
    kafka_acks: Literal["all", "1", "0"] = "all"
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = None
    """The CA that signed the brokers' certificates (``SSL`` and ``SASL_SSL``)."""
    kafka_ssl_certfile: Path | None = None
    """This client's certificate, for mutual TLS (with ``kafka_ssl_keyfile``)."""
    kafka_ssl_keyfile: Path | None = None
    kafka_ssl_key_password: SecretStr | None = None
    """The password of ``kafka_ssl_keyfile`` when the key is encrypted."""
    kafka_topic_partitions: int = Field(default=3, gt=0)
    kafka_replication_factor: int = Field(default=1, gt=0)
    kafka_request_timeout_ms: int = Field(default=10_000, gt=0)
    """How long the relay's producer waits for an acknowledgement before it retries."""

    @model_validator(mode="after")
    def _no_default_secret_outside_development(self) -> PlatformSettings:
        if self.environment == "production" and self.jwt_secret is None:
            raise ValueError("KELISIM_JWT_SECRET must be set in production")
        return self

    @model_validator(mode="after")
    def _kafka_security_consistent(self) -> PlatformSettings:
        """Refuse TLS or SASL options the chosen protocol would silently ignore."""
        protocol = self.kafka_security_protocol
        tls = protocol in ("SSL", "SASL_SSL")
        if (self.kafka_ssl_certfile is None) != (self.kafka_ssl_keyfile is None):
            raise ValueError(
                "KELISIM_KAFKA_SSL_CERTFILE and KELISIM_KAFKA_SSL_KEYFILE go together (mutual TLS)"
            )
        tls_options = (self.kafka_ssl_cafile, self.kafka_ssl_certfile, self.kafka_ssl_key_password)
        if not tls and any(option is not None for option in tls_options):
            raise ValueError(
                f"KELISIM_KAFKA_SSL_* options need KELISIM_KAFKA_SECURITY_PROTOCOL SSL or "
                f"SASL_SSL, not {protocol}"
            )
        sasl = protocol.startswith("SASL_")
        if sasl and self.kafka_sasl_mechanism is None:
            raise ValueError(f"{protocol} needs KELISIM_KAFKA_SASL_MECHANISM")
        if not sasl and self.kafka_sasl_mechanism is not None:
            raise ValueError(
                f"KELISIM_KAFKA_SASL_MECHANISM needs a SASL_* security protocol, not {protocol}"
            )
        if sasl and (self.kafka_sasl_username is None or self.kafka_sasl_password is None):
            raise ValueError(
                "KELISIM_KAFKA_SASL_USERNAME and KELISIM_KAFKA_SASL_PASSWORD must be set for SASL"
            )
        return self

    def kafka_client_options(self) -> dict[str, Any]:
        """Connection options shared by aiokafka producers, consumers and admin clients."""
        options: dict[str, Any] = {
            "bootstrap_servers": self.kafka_bootstrap_servers,
            "security_protocol": self.kafka_security_protocol,
        }
        if self.kafka_sasl_mechanism is not None:
            options["sasl_mechanism"] = self.kafka_sasl_mechanism
            options["sasl_plain_username"] = self.kafka_sasl_username
            if self.kafka_sasl_password is not None:
                options["sasl_plain_password"] = self.kafka_sasl_password.get_secret_value()
        if self.kafka_security_protocol in ("SSL", "SASL_SSL"):
            from aiokafka.helpers import create_ssl_context

            password = self.kafka_ssl_key_password
            options["ssl_context"] = create_ssl_context(
                cafile=str(self.kafka_ssl_cafile) if self.kafka_ssl_cafile else None,
                certfile=str(self.kafka_ssl_certfile) if self.kafka_ssl_certfile else None,
                keyfile=str(self.kafka_ssl_keyfile) if self.kafka_ssl_keyfile else None,
                password=password.get_secret_value() if password is not None else None,
            )
        return options


class ServiceSettings(BaseSettings):
    """Base of each service's settings; a subclass sets ``service`` and its env prefix."""

    service: ClassVar[str]
    default_port: ClassVar[int]

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int | None = None
    run_relay: bool = True
    run_consumer: bool = True
    relay_batch_size: int = Field(default=500, gt=0)
    relay_safety_poll_seconds: float = Field(default=5.0, gt=0)
    consumer_max_attempts: int = Field(default=3, gt=0)
    db_pool_size: int = Field(default=10, gt=0)
    db_max_overflow: int = Field(default=0, ge=0)
    """Connections opened beyond the pool under a burst, each closed again when returned: a
    new PostgreSQL backend per request in a burst (measured on the plenary vote: 400 ballots
    against a pool of 20 with 20 overflow cost more CPU than queueing for the pool's own
    connections). 0: a burst waits for the pool."""
    run_tree_builder: bool = True
    """The audit tree builder (``shared.audit.log``): leaf indices and signed tree heads."""
    audit_builder_poll_seconds: float = Field(default=1.0, gt=0)
    audit_head_interval_seconds: float = Field(default=60.0, gt=0)
    """A signed tree head is issued this often while the log grows (and on request)."""
    audit_signing_key: SecretStr | None = None
    """Base64 of the 32-byte Ed25519 seed signing tree heads; never stored in the database.
    Required in production; elsewhere ``<home>/audit/<service>-signing.key``."""
    audit_commitment_key: SecretStr | None = None
    """Base64 of the 32-byte HMAC key committing to private fields in Merkle leaves."""
    platform: PlatformSettings = Field(default_factory=PlatformSettings)

    @property
    def topic(self) -> str:
        return topic_of(self.service)

    @property
    def dead_letter_topic(self) -> str:
        return f"kelisim.{self.service}.deadletter.v1"

    @property
    def consumer_group(self) -> str:
        return f"kelisim.{self.service}"

    def resolved_port(self) -> int:
        return self.port if self.port is not None else self.default_port

    def resolved_database_url(self) -> str:
        """The configured URL, or the embedded runtime's database for this service."""
        if self.database_url:
            return self.database_url
        socket_dir = self.platform.home / "pgdata"
        return f"postgresql+asyncpg://postgres@/kelisim_{self.service}?host={socket_dir}"


def topic_of(service: str) -> str:
    return f"kelisim.{service}.v1"
