"""The services Kelisim runs, and the conventions that tie them to the runtime.

Each service package ``services.<name>`` has ``main.py`` with ``create_app() -> FastAPI`` (reading
its settings from the environment) and ``migrations/`` (an Alembic script directory). Settings
come from ``KELISIM_<NAME>_DATABASE_URL`` and ``KELISIM_<NAME>_PORT`` plus the common
``KELISIM_KAFKA_BOOTSTRAP_SERVERS``, ``KELISIM_HOME``, ``KELISIM_ENVIRONMENT``,
``KELISIM_OIDC_ISSUER`` (the identity provider) and, outside production,
``KELISIM_JWT_SECRET``.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BOOTSTRAP_SERVERS_ENV",
    "CONSOLE",
    "ENVIRONMENT_ENV",
    "HOME_ENV",
    "SERVICES",
    "ServiceSpec",
    "default_home",
    "get_service",
    "project_root",
    "resolve_home",
    "select_services",
    "service_ports",
]

BOOTSTRAP_SERVERS_ENV = "KELISIM_KAFKA_BOOTSTRAP_SERVERS"
HOME_ENV = "KELISIM_HOME"
ENVIRONMENT_ENV = "KELISIM_ENVIRONMENT"


@dataclass(frozen=True)
class ServiceSpec:
    """One service: its name, its package (``services.<name>``) and its default HTTP port."""

    name: str
    module: str
    default_port: int

    @property
    def env_prefix(self) -> str:
        return f"KELISIM_{self.name.upper()}_"

    @property
    def database_env(self) -> str:
        return f"{self.env_prefix}DATABASE_URL"

    @property
    def port_env(self) -> str:
        return f"{self.env_prefix}PORT"

    @property
    def database_name(self) -> str:
        """The service's own database on a shared server."""
        return f"kelisim_{self.name}"

    @property
    def app_factory(self) -> str:
        """The uvicorn ``--factory`` target."""
        return f"{self.module}.main:create_app"

    def port(self, environ: Mapping[str, str] | None = None) -> int:
        """``KELISIM_<NAME>_PORT`` if set, else the default port."""
        env = os.environ if environ is None else environ
        value = env.get(self.port_env, "").strip()
        if not value:
            return self.default_port
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"{self.port_env}={value!r} is not a port number") from None

    def package_dir(self) -> Path:
        """The service package's directory (imports the package)."""
        package = importlib.import_module(self.module)
        if package.__file__ is None:
            raise RuntimeError(f"{self.module} is not a regular package")
        return Path(package.__file__).resolve().parent

    def migrations_dir(self) -> Path:
        """The service's Alembic script directory."""
        return self.package_dir() / "migrations"


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("membership", "services.membership", 8001),
    ServiceSpec("sessions", "services.sessions", 8002),
    ServiceSpec("council", "services.council", 8003),
    ServiceSpec("monitoring", "services.monitoring", 8004),
    ServiceSpec("programmes", "services.programmes", 8005),
)


CONSOLE = ServiceSpec("console", "services.console", 8000)
"""The web console: no database and no topic of its own, it reads and acts through the
services' public APIs (and forwards them under ``/api/<service>/``). Not in ``SERVICES``, which
lists the services that own an event store."""


def get_service(name: str) -> ServiceSpec:
    for spec in (*SERVICES, CONSOLE):
        if spec.name == name:
            return spec
    known = ", ".join(s.name for s in (*SERVICES, CONSOLE))
    raise KeyError(f"unknown service {name!r} (known: {known})")


def select_services(names: str | Iterable[str] | None) -> tuple[ServiceSpec, ...]:
    """Services named in ``"a,b"`` (or an iterable of names), in catalog order; all if None."""
    if names is None:
        return SERVICES
    raw = names.split(",") if isinstance(names, str) else list(names)
    wanted = {n.strip() for n in raw if n.strip()}
    if not wanted:
        return SERVICES
    for name in wanted:
        get_service(name)
    return tuple(s for s in SERVICES if s.name in wanted)


def service_ports(environ: Mapping[str, str] | None = None) -> dict[str, int]:
    """Every service's port: ``KELISIM_<NAME>_PORT`` or its default."""
    return {spec.name: spec.port(environ) for spec in SERVICES}


def project_root() -> Path:
    """The repository root (the directory that holds ``shared/`` and ``services/``)."""
    return Path(__file__).resolve().parents[2]


def default_home() -> Path:
    return project_root() / ".kelisim"


def resolve_home(explicit: Path | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The runtime directory: ``explicit``, else ``KELISIM_HOME``, else ``.kelisim`` in the repo."""
    env = os.environ if environ is None else environ
    if explicit is not None:
        return Path(explicit).expanduser().resolve()
    from_env = env.get(HOME_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    return default_home()
