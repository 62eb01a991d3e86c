"""Settings, read from the environment (and ``.env``) with pydantic-settings.

Common settings use the prefix ``KELISIM_``; each service adds its own with
``KELISIM_<SERVICE>_`` (database URL, port, which background workers run). The defaults point
at the embedded runtime that ``kelisim up`` starts; real Kafka and a managed PostgreSQL are
chosen by setting the URLs, never by code.
"""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Any, ClassVar, Final, Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from shared.runtime.published import is_published

REPO_ROOT = Path(__file__).resolve().parent.parent

MIN_DISTINCT_SYMBOLS: Final = 8
"""A secret or key with fewer different characters (bytes, for a key) is no random value
("a" * 32, a word repeated): refused in production."""
MIN_PASSWORD_LENGTH: Final = 16
"""Passwords the services present (database, Kafka SASL, Kafka client key) in production."""
IssuerAlgorithm = Literal["RS256", "RS384", "RS512", "PS256", "ES256", "ES384"]


def _default_algorithms() -> list[IssuerAlgorithm]:
    return ["RS256", "ES256"]


DEVELOPMENT_ORIGINS: Final = ("http://127.0.0.1:8000", "http://localhost:8000")
"""The web console's origins under ``kelisim up``: allowed by default outside production."""


def _raise_if_any(problems: list[str]) -> None:
    """Refuse the settings with every problem found, each naming its setting."""
    if problems:
        raise ValueError("; ".join(problems))


def _unguessable(name: str, value: str | bytes, what: str) -> list[str]:
    """What makes a given secret one anyone can know: published here, or not random."""
    text = value if isinstance(value, str) else base64.b64encode(value).decode()
    if is_published(text):
        return [
            f"{name} is a value published in this repository (docker-compose.yml, deploy/, "
            "docs/ or a development default): anyone can know it; generate a new one"
        ]
    if len(set(value)) < MIN_DISTINCT_SYMBOLS:
        return [f"{name} has fewer than {MIN_DISTINCT_SYMBOLS} different {what}: not random"]
    return []


def secret_problems(name: str, secret: SecretStr | None, min_bytes: int) -> list[str]:
    """A production secret: given, unpublished, random-looking, at least ``min_bytes`` long."""
    value = secret.get_secret_value().strip() if secret is not None else ""
    if not value:
        return [f"{name} must be set in production"]
    problems = _unguessable(name, value, "characters")
    if len(value.encode()) < min_bytes:
        problems.append(f"{name} must be at least {min_bytes} bytes")
    return problems


def oidc_issuer_problems(issuer: str) -> list[str]:
    """A production issuer: given, and reached over TLS unless it is on this machine."""
    issuer = issuer.strip()
    if not issuer:
        return [
            "KELISIM_OIDC_ISSUER must be set in production (the OpenID Connect issuer whose "
            "keys sign access tokens; the shared JWT secret is not accepted there)"
        ]
    parts = urlsplit(issuer)
    loopback = parts.hostname in ("127.0.0.1", "::1", "localhost")
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        return [f"KELISIM_OIDC_ISSUER must be an https:// URL in production, not {issuer!r}"]
    return []


def key_bytes(name: str, key: SecretStr) -> bytes:
    """A 32-byte key given as base64; ``ValueError`` naming the setting otherwise."""
    try:
        raw = base64.b64decode(key.get_secret_value().strip(), validate=True)
    except binascii.Error:
        raise ValueError(f"{name} is not base64") from None
    if len(raw) != 32:
        raise ValueError(f"{name} must be base64 of 32 bytes, not {len(raw)}")
    return raw


class PlatformSettings(BaseSettings):
    # hide_input_in_errors: a refused setting's error must not print the secrets it was given.
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    environment: Literal["development", "test", "production"] = "development"
    home: Path = REPO_ROOT / ".kelisim"
    log_level: str = "INFO"
    log_json: bool = True
    default_language: Literal["kk", "ru", "en"] = "kk"
    time_zone: str = "Asia/Almaty"
    """The zone of every calendar day the system dates (``shared.clock``)."""

    jwt_secret: SecretStr | None = None
    """The shared secret of development tokens (HS256, ``kelisim token --offline``); not read
    in production, where tokens are trusted only through ``KELISIM_OIDC_ISSUER``."""
    jwt_algorithm: Literal["HS256", "HS384", "HS512"] = "HS256"
    jwt_issuer: str = "kelisim"
    jwt_audience: str = "kelisim"
    jwt_ttl_seconds: int = Field(default=3600, gt=0)
    """The lifetime of the development tokens minted with the shared secret."""
    jwt_max_ttl_seconds: int = Field(default=12 * 3600, gt=0)
    """The longest lifetime (``exp - iat``) of a token the services accept, however it was
    signed: 401 beyond it."""

    oidc_issuer: str = ""
    """The OpenID Connect issuer whose keys (JWKS, found by discovery) sign access tokens;
    empty: none. Required in production (``https://``, or a loopback address)."""
    oidc_discovery_url: str = ""
    """Where the services read the issuer's discovery document when not at
    ``<issuer>/.well-known/openid-configuration`` (a provider reached inside the network by
    another name than the one in its tokens); the document must still name the issuer."""
    oidc_audience: str = "kelisim"
    """The ``aud`` an access token must carry."""
    oidc_algorithms: list[IssuerAlgorithm] = Field(default_factory=_default_algorithms)
    oidc_subject_claim: str = "sub"
    oidc_roles_claim: str = "roles"
    """Where a token carries its roles: a claim name, or a dotted path into nested claims
    (Keycloak: ``realm_access.roles``)."""
    oidc_region_claim: str = "region"
    oidc_state_body_claim: str = "state_body"
    oidc_role_map: dict[str, str] = Field(default_factory=dict)
    """The provider's role values mapped to Kelisim roles (JSON, e.g.
    ``{"kelisim-chairman": "chairman"}``); a value that is a Kelisim role stands for itself,
    any other value is ignored."""
    oidc_jwks_cache_seconds: float = Field(default=300.0, gt=0)
    """How long the issuer's key set is kept before it is read again."""
    oidc_jwks_min_refresh_seconds: float = Field(default=10.0, ge=0)
    """A token signed by an unknown key makes the service read the key set again (rotation
    without restart) at most once in this time, however many such tokens arrive."""
    oidc_http_timeout_seconds: float = Field(default=5.0, gt=0)

    cors_allow_origins: str | None = None
    """Origins (comma-separated) whose pages may call the APIs from a browser. Unset: none in
    production, the console (``http://127.0.0.1:8000``, ``http://localhost:8000``) elsewhere."""

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
    kafka_fetch_max_wait_ms: int = Field(default=50, gt=0)
    """How long a consumer's fetch may wait at the broker for messages. Apache Kafka answers a
    waiting fetch as soon as a message arrives, but the embedded Tansu broker holds it for
    about half this long whatever arrives (measured: 500 ms, aiokafka's default, put 200-250 ms
    between a commit in one service and its effect in another; 50 ms puts 10-27 ms). With
    Apache Kafka, a longer wait only saves idle fetches."""
    kafka_linger_ms: int = Field(default=0, ge=0)
    """How long the relay's producer waits to fill a batch before sending it. 0: a lone event
    goes out at once; under load, messages queued while a send is in flight still go out
    together."""

    @model_validator(mode="after")
    def _secrets_fit_for_production(self) -> PlatformSettings:
        """In production every secret must be given, unknown to anyone else, long enough."""
        if self.environment != "production":
            return self
        # Tokens are trusted through the issuer's published keys only: a shared secret would
        # let any system that holds it mint a chairman's token.
        problems = oidc_issuer_problems(self.oidc_issuer)
        passwords = {
            "KELISIM_KAFKA_SASL_PASSWORD": self.kafka_sasl_password,
            "KELISIM_KAFKA_SSL_KEY_PASSWORD": self.kafka_ssl_key_password,
        }
        for name, password in passwords.items():
            if password is not None:
                problems += secret_problems(name, password, MIN_PASSWORD_LENGTH)
        _raise_if_any(problems)
        return self

    @model_validator(mode="after")
    def _token_lifetime_within_its_maximum(self) -> PlatformSettings:
        if self.jwt_ttl_seconds > self.jwt_max_ttl_seconds:
            raise ValueError(
                f"KELISIM_JWT_TTL_SECONDS ({self.jwt_ttl_seconds}) exceeds "
                f"KELISIM_JWT_MAX_TTL_SECONDS ({self.jwt_max_ttl_seconds})"
            )
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

    @model_validator(mode="after")
    def _cors_origins_well_formed(self) -> PlatformSettings:
        self.cors_origins()
        return self

    def cors_origins(self) -> list[str]:
        """The origins allowed to call the APIs from a browser (``ValueError`` for one that is
        not ``scheme://host[:port]``; ``*`` is refused: browsers send credentials)."""
        if self.cors_allow_origins is None:
            return [] if self.environment == "production" else list(DEVELOPMENT_ORIGINS)
        origins = [o.strip() for o in self.cors_allow_origins.split(",") if o.strip()]
        for origin in origins:
            parts = urlsplit(origin)
            if (
                parts.scheme not in ("http", "https")
                or not parts.hostname
                or "*" in origin
                or parts.path
                or parts.query
                or parts.fragment
                or parts.username is not None
            ):
                raise ValueError(
                    f"KELISIM_CORS_ALLOW_ORIGINS: {origin!r} is not an origin "
                    "(scheme://host[:port], no path, no wildcard)"
                )
        return origins

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

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", hide_input_in_errors=True)

    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int | None = None
    background_in_worker: bool = False
    """Run the relay, the consumer and the tree builder in a process of their own
    (``python -m shared.api.worker <service>``, which the server starts beside its API
    processes) instead of on each API process's event loop: commands then share their loop
    with little else, and the API can run in several processes (``--workers`` or
    ``WEB_CONCURRENCY``). The service's own workers (rulebooks followed into the process,
    poll deadlines) still run in every process. Off: all of it in the API process."""
    run_relay: bool = True
    run_consumer: bool = True
    relay_batch_size: int = Field(default=500, gt=0)
    relay_safety_poll_seconds: float = Field(default=5.0, gt=0)
    relay_lease_seconds: float = Field(default=10.0, gt=0)
    """A relay leader not heard of for this long is replaced (shared/messaging/relay.py)."""
    metrics_port: int | None = None
    """When set, ``/metrics`` is served on this port only, not on the API's."""
    metrics_host: str = "127.0.0.1"
    consumer_max_attempts: int = Field(default=3, gt=0)
    db_pool_size: int = Field(default=10, gt=0)
    db_max_overflow: int = Field(default=0, ge=0)
    """Connections opened beyond the pool under a burst, each closed again when returned: a
    new PostgreSQL backend per request in a burst (measured on the plenary vote: 400 ballots
    against a pool of 20 with 20 overflow cost more CPU than queueing for the pool's own
    connections). 0: a burst waits for the pool."""
    db_ping_idle_seconds: float = Field(default=10.0, ge=0)
    """A pooled connection that sat idle longer than this is pinged before use, and replaced if
    PostgreSQL no longer answers on it (a restart, a failover); one in steady use is not
    (a ping is a round trip on every command's path). 0: ping on every checkout."""
    run_tree_builder: bool = True
    """The audit tree builder (``shared.audit.log``): leaf indices and signed tree heads."""
    audit_builder_poll_seconds: float = Field(default=1.0, gt=0)
    audit_head_interval_seconds: float = Field(default=60.0, gt=0)
    """A signed tree head is issued this often while the log grows (and on request)."""
    audit_stall_seconds: float = Field(default=300.0, ge=0)
    """``/health/audit`` answers 503 once an event has waited longer than this for a signed
    tree head (keep it above ``audit_head_interval_seconds``)."""
    audit_quarantine_acknowledged: int = Field(default=0, ge=0)
    """Quarantined audit leaves the operators have looked at; ``/health/audit`` answers 503
    while the log holds more."""
    audit_signing_key: SecretStr | None = None
    """Base64 of the 32-byte Ed25519 seed signing tree heads; never stored in the database.
    Required in production; elsewhere ``<home>/audit/<service>-signing.key``."""
    audit_commitment_key: SecretStr | None = None
    """Base64 of the 32-byte HMAC key committing to private fields in Merkle leaves."""
    http_max_body_bytes: int = Field(default=1024 * 1024, gt=0)
    """Largest request body (413 beyond it); a route may allow more (``shared.api.limits``)."""
    http_body_timeout_seconds: float = Field(default=30.0, gt=0)
    """A request's whole body must arrive within this time of its start (408 otherwise)."""
    http_max_concurrent_requests: int = Field(default=256, gt=0)
    """Requests in progress in one process; one more is answered 503 with Retry-After."""
    http_head_timeout_seconds: float = Field(default=10.0, gt=0)
    """A request's line and headers must arrive within this time (from the connection's start,
    or from the first byte after an answer), or the server closes the connection."""
    http_max_head_bytes: int = Field(default=64 * 1024, gt=0)
    """A request's line and headers together (431 beyond it, the connection closed)."""
    http_keep_alive_seconds: int = Field(default=5, gt=0)
    """An idle kept-alive connection is closed after this time."""
    platform: PlatformSettings = Field(default_factory=PlatformSettings)

    @model_validator(mode="after")
    def _secrets_valid(self) -> ServiceSettings:
        """Keys are well formed everywhere; in production every secret is given, unpublished
        and long enough (checked at start-up, never first at use)."""
        _raise_if_any(self.secret_problems())
        return self

    def setting_name(self, field: str) -> str:
        """The environment variable of one of this service's own settings."""
        return f"KELISIM_{self.service}_{field}".upper()

    def secret_problems(self) -> list[str]:
        """Everything wrong with the service's secrets (empty when they are fit); a service
        with secrets of its own adds them."""
        production = self.platform.environment == "production"
        problems: list[str] = []
        for field in ("audit_signing_key", "audit_commitment_key"):
            name = self.setting_name(field)
            key: SecretStr | None = getattr(self, field)
            if key is None:
                if production:
                    problems.append(f"{name} must be set in production")
                continue
            try:
                raw = key_bytes(name, key)
            except ValueError as exc:
                problems.append(str(exc))
                continue
            if production:
                problems += _unguessable(name, raw, "bytes")
        if production and self.database_url:
            password = urlsplit(self.database_url).password
            if password:
                name = f"the password in {self.setting_name('database_url')}"
                problems += secret_problems(name, SecretStr(unquote(password)), MIN_PASSWORD_LENGTH)
        return problems

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
