"""The console's settings (``KELISIM_CONSOLE_*``): where the services' APIs are, how requests
to them are bounded, the identity provider it signs the Secretariat in with, and the key of its
session cookie."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from shared.runtime.catalog import SERVICES
from shared.settings import ServiceSettings, secret_problems

SESSION_SECRET_MIN_BYTES = 32
UPSTREAMS = tuple(spec.name for spec in SERVICES)


class ConsoleSettings(ServiceSettings):
    service: ClassVar[str] = "console"
    default_port: ClassVar[int] = 8000
    model_config = SettingsConfigDict(
        env_prefix="KELISIM_CONSOLE_", env_file=".env", extra="ignore", hide_input_in_errors=True
    )

    membership_url: str | None = None
    """Base URL of each service's API; unset: ``http://127.0.0.1:<KELISIM_<NAME>_PORT>``, as
    ``kelisim up`` runs them."""
    sessions_url: str | None = None
    council_url: str | None = None
    monitoring_url: str | None = None
    programmes_url: str | None = None

    upstream_timeout_seconds: float = Field(default=30.0, gt=0)
    """A forwarded request (and each read of a page's data) must be answered within this."""
    upstream_connect_timeout_seconds: float = Field(default=5.0, gt=0)
    stream_idle_seconds: float = Field(default=60.0, gt=0)
    """A forwarded stream (the live plenary board) that sends nothing, not even a heartbeat,
    for this long is closed."""
    upstream_max_connections: int = Field(default=200, gt=0)
    """Connections the console holds to the services at once (each live board holds one)."""

    oidc_issuer: str = ""
    """The identity provider's issuer URL (discovery at ``/.well-known/openid-configuration``);
    empty: no Secretariat sign-in."""
    oidc_client_id: str = "kelisim-console"
    oidc_client_secret: SecretStr | None = None
    """Unset: the console is a public client (PKCE, no secret at the token endpoint), as the
    project's issuer registers it. Set: it also authenticates with this secret
    (``client_secret_basic``), for providers that take no public clients."""
    oidc_scopes: str = "openid profile"
    oidc_roles_claim: str = "roles"
    session_secret: SecretStr | None = None
    """Signs the session cookie. Required in production; elsewhere a key generated per
    process (sign-ins then do not survive a restart)."""
    session_max_age_seconds: int = Field(default=8 * 3600, gt=0)
    secure_cookies: bool = False
    """Send the session cookie over HTTPS only (set it behind TLS)."""

    def upstream(self, name: str) -> str:
        configured: str | None = getattr(self, f"{name}_url")
        if configured:
            return configured.rstrip("/")
        spec = next(s for s in SERVICES if s.name == name)
        return f"http://127.0.0.1:{spec.port()}"

    def secret_problems(self) -> list[str]:
        problems: list[str] = []
        name = self.setting_name("session_secret")
        if self.platform.environment == "production":
            problems += secret_problems(name, self.session_secret, SESSION_SECRET_MIN_BYTES)
        elif (
            self.session_secret is not None
            and len(self.session_secret.get_secret_value().encode()) < SESSION_SECRET_MIN_BYTES
        ):
            problems.append(f"{name} must be at least {SESSION_SECRET_MIN_BYTES} bytes")
        return problems
