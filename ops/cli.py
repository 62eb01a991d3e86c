"""The ``kelisim`` command: run the whole system locally, mint development tokens, migrate.

    kelisim up                      embedded PostgreSQL + broker + issuer + all services
    kelisim token --user secretariat    a token from the running issuer (sign-in, PKCE)
    kelisim token --client kelisim-system   a system's token (client credentials)
    kelisim token --offline --sub u1 --role secretariat   HS256, development secret
    kelisim issuer rotate-key       a new signing key for the development issuer
    kelisim migrate --service membership --database-url postgresql+asyncpg://...
    kelisim projections ...         read-model maintenance
    kelisim audit ...               tamper-evident logs, proofs, replay, checks, export

Imports stay light here: anything heavy is imported inside the command that needs it.
"""

import os
import signal
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from shared.runtime.catalog import (
    BOOTSTRAP_SERVERS_ENV,
    CONSOLE,
    ENVIRONMENT_ENV,
    HOME_ENV,
    SERVICES,
    ServiceSpec,
    get_service,
    resolve_home,
    select_services,
    service_ports,
)
from shared.runtime.secrets import JWT_SECRET_ENV, development_secret

if TYPE_CHECKING:
    from rich.console import Console

    from ops.issuer.process import EmbeddedIssuer
    from ops.runtime.embedded import EmbeddedBroker, EmbeddedPostgres
    from ops.runtime.supervisor import Supervisor
    from shared.api.auth import AuthSettings

__all__ = ["app", "main", "projections_app"]

DATABASE_URL_ENV = "KELISIM_DATABASE_URL"
BROKER_PORT_ENV = "KELISIM_BROKER_PORT"
DEFAULT_BROKER_PORT = 9092
# The embedded broker (Tansu) does not support the idempotent producer; services read this.
KAFKA_IDEMPOTENCE_ENV = "KELISIM_KAFKA_ENABLE_IDEMPOTENCE"
OIDC_ISSUER_ENV = "KELISIM_OIDC_ISSUER"

app = typer.Typer(
    name="kelisim",
    help="Kelisim: run the system locally and operate it.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

projections_app = typer.Typer(
    help="Read models (projections): rebuild them from the event stores.",
    no_args_is_help=True,
)
app.add_typer(projections_app, name="projections")


@projections_app.command("rebuild")
def projections_rebuild(
    service: Annotated[str, typer.Argument(help="membership, sessions, council or monitoring")],
    names: Annotated[
        list[str] | None, typer.Argument(help="read models to rebuild (default: all)")
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option(help="the service database (default: KELISIM_<SERVICE>_DATABASE_URL)"),
    ] = None,
) -> None:
    """Drop a service's read models and rebuild them from its event store."""
    import asyncio
    import importlib

    from rich.console import Console

    from shared.runtime.catalog import get_service

    spec = get_service(service)
    if database_url:
        os.environ[spec.database_env] = database_url
    platform = importlib.import_module(f"{spec.module}.bootstrap").build()
    console = Console(stderr=True)
    wanted = names or sorted(platform.projector.projections)
    if not wanted:
        console.print(f"{service} has no read models of its own.")
        return

    async def rebuild() -> None:
        try:
            for name in wanted:
                with console.status(f"rebuilding {service}.{name} …"):
                    applied = await platform.projector.rebuild(
                        platform.sessions, platform.store, name
                    )
                console.print(f"[green]✓[/] {service}.{name}: {applied} events applied")
        finally:
            await platform.dispose()

    try:
        asyncio.run(rebuild())
    except LookupError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc


def _add_audit_commands() -> None:
    from ops.audit.cli import audit_app  # light: its commands import what they need

    app.add_typer(audit_app, name="audit")


_add_audit_commands()


def _add_archive_commands() -> None:
    from ops.archive.cli import archive_app, rulebooks_app  # light: commands import the rest

    app.add_typer(archive_app, name="archive")
    app.add_typer(rulebooks_app, name="rulebooks")


_add_archive_commands()

demo_app = typer.Typer(help="Demonstration data, loaded through the public APIs.")
app.add_typer(demo_app, name="demo")


@demo_app.command("load")
def demo_load(
    members: Annotated[int, typer.Option(min=60, max=5000, help="how many members")] = 400,
    seed: Annotated[int, typer.Option(help="random seed (the same seed, the same year)")] = 1,
    home: Annotated[Path | None, typer.Option(help="runtime directory (the dev secret)")] = None,
    service: Annotated[
        list[str] | None,
        typer.Option(
            help="NAME=URL of a service not where `kelisim up` puts it "
            "(default: http://127.0.0.1:KELISIM_<NAME>_PORT)"
        ),
    ] = None,
) -> None:
    """Fill the five services with a year of Assembly life, through their public APIs.

    Members in all 20 regions with the Council and the posts; the year's Sessions and polls;
    Council meetings and the control board; indicators, incidents, alerts and appeals; the
    programme document and the Development Concept. Running it again adds nothing."""
    import asyncio

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from ops.demo import DemoFailed, development_tokens, load_year, service_urls

    console = Console(stderr=True)
    urls = service_urls()
    for item in service or []:
        name, _, url = item.partition("=")
        if name not in urls or not url:
            console.print(f"[red]--service {item}: expected NAME=URL, NAME one of {list(urls)}")
            raise typer.Exit(2)
        urls[name] = url
    tokens = development_tokens(home)

    class RichProgress:
        def __init__(self, progress: Progress) -> None:
            self.progress = progress
            self.tasks: dict[str, Any] = {}

        def start(self, part: str, total: int) -> None:
            self.tasks[part] = self.progress.add_task(part, total=total)

        def advance(self, part: str, steps: int = 1) -> None:
            if part in self.tasks:
                self.progress.advance(self.tasks[part], steps)

        def finish(self, part: str) -> None:
            task = self.tasks[part]
            done = self.progress.tasks[self.progress.task_ids.index(task)].completed
            self.progress.update(task, total=done, completed=done)

    started = time.monotonic()
    columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
    try:
        with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
            year = asyncio.run(
                load_year(urls, tokens, seed=seed, members=members, progress=RichProgress(progress))
            )
    except DemoFailed as exc:
        console.print(f"[red]demo load failed:[/] {exc}")
        raise typer.Exit(1) from exc
    for line in year.lines():
        console.print(f"[green]✓[/] {line}")
    console.print(f"loaded in {time.monotonic() - started:.1f} s")


def main() -> None:
    """Entry point of the ``kelisim`` script."""
    app()


# ------------------------------------------------------------------------------------------------
# kelisim up

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        envvar=HOME_ENV,
        help="Runtime directory (database files, logs, dev secret). Default: .kelisim in the repo.",
        show_default=False,
    ),
]


@dataclass
class _Runtime:
    """What `up` started, so that it can all be stopped in reverse order."""

    postgres: "EmbeddedPostgres | None" = None
    broker: "EmbeddedBroker | None" = None
    issuer: "EmbeddedIssuer | None" = None
    supervisor: "Supervisor | None" = None
    database: str = ""  # what to show for PostgreSQL in the summary
    database_log: str = ""
    bootstrap: str = ""

    def stop(self, console: "Console") -> None:
        steps: list[tuple[str, Any]] = [
            ("services", self.supervisor),
            ("issuer", self.issuer),
            ("broker", self.broker),
            ("PostgreSQL", self.postgres),
        ]
        for label, thing in steps:
            if thing is None:
                continue
            with console.status(f"Stopping {label}…"):
                try:
                    thing.stop()
                except Exception as exc:
                    from rich.markup import escape

                    console.print(f"[red]✗[/] stopping {label} failed: {escape(str(exc))}")
                else:
                    console.print(f"[green]✓[/] {label} stopped")
        self.supervisor = self.broker = self.postgres = None
        self.issuer = None


class _StopRequest:
    """SIGINT or SIGTERM: stop. The handler raises KeyboardInterrupt for a prompt exit; Python
    may swallow an exception raised inside some callbacks (a GC hook, a finaliser), so the flag is
    checked again at every start-up step and while waiting."""

    def __init__(self) -> None:
        self.requested = False

    def handler(self, signum: int, frame: FrameType | None) -> None:
        self.requested = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.requested:
            raise KeyboardInterrupt


def _patience(signum: int, frame: FrameType | None) -> None:
    sys.stderr.write("kelisim: still stopping, please wait…\n")


@app.command()
def up(
    home: HomeOption = None,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            envvar=DATABASE_URL_ENV,
            help="Admin URL of a PostgreSQL server where databases can be created "
            "(default: an embedded PostgreSQL in <home>/pgdata).",
            show_default=False,
        ),
    ] = None,
    bootstrap_servers: Annotated[
        str | None,
        typer.Option(
            "--bootstrap-servers",
            envvar=BOOTSTRAP_SERVERS_ENV,
            help="Kafka bootstrap servers HOST:PORT (default: an embedded broker).",
            show_default=False,
        ),
    ] = None,
    services: Annotated[
        str | None,
        typer.Option(
            "--services",
            help="Comma-separated services to run (default: all).",
            show_default=False,
        ),
    ] = None,
    api_processes: Annotated[
        int,
        typer.Option(
            "--api-processes",
            min=1,
            help="API processes per service; above 1, each service's relay, consumer and "
            "tree builder run in a worker process of their own (background_in_worker).",
        ),
    ] = 1,
) -> None:
    """Start PostgreSQL, the broker and the services; stop everything on Ctrl-C.

    For development and tests only: a service or the broker that dies is started again."""
    from rich.console import Console

    console = Console(stderr=True)
    if os.environ.get(ENVIRONMENT_ENV, "").strip().lower() == "production":
        console.print(
            f"[red]✗[/] kelisim up is for development and tests, not {ENVIRONMENT_ENV}="
            "production: it gives every service the development secret <home>/dev-secret, a "
            "PostgreSQL without a password and a broker that keeps nothing across a restart. "
            "Run production from docker-compose.yml or deploy/k8s with its own secrets "
            "(docs/operations.md).",
            highlight=False,
        )
        raise typer.Exit(2)
    try:
        selected = select_services(services)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="--services") from None
    home_dir = resolve_home(home)
    runtime = _Runtime()
    exit_code = 0
    stop = _StopRequest()
    signal.signal(signal.SIGINT, stop.handler)
    signal.signal(signal.SIGTERM, stop.handler)
    try:
        supervisor = _start_all(
            console,
            stop,
            runtime,
            home_dir,
            selected,
            database_url,
            bootstrap_servers,
            api_processes,
        )
        stop.check()
        _print_summary(console, runtime, home_dir, home, supervisor)
        _keep_alive(console, stop, runtime)
    except KeyboardInterrupt:
        console.print("\n[yellow]Stopping…[/]")
    except Exception as exc:
        from ops.issuer.process import IssuerError
        from ops.runtime.embedded import BrokerError, EmbeddedPostgresError
        from ops.runtime.supervisor import SupervisorError

        known = BrokerError | EmbeddedPostgresError | SupervisorError | IssuerError | _UpError
        if not isinstance(exc, known):
            raise
        from rich.markup import escape

        console.print(f"[red]✗[/] {escape(str(exc))}", highlight=False)
        exit_code = 1
    finally:
        signal.signal(signal.SIGINT, _patience)
        signal.signal(signal.SIGTERM, _patience)
        runtime.stop(console)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    raise typer.Exit(exit_code)


class _UpError(RuntimeError):
    pass


def _start_all(
    console: "Console",
    stop: _StopRequest,
    runtime: _Runtime,
    home: Path,
    selected: tuple[ServiceSpec, ...],
    database_url: str | None,
    bootstrap_servers: str | None,
    api_processes: int = 1,
) -> "Supervisor":
    import asyncio

    from ops.runtime import embedded
    from ops.runtime.embedded import (
        EmbeddedBroker,
        EmbeddedPostgres,
        ensure_database,
        redact_url,
        sqlalchemy_url,
    )
    from ops.runtime.supervisor import Supervisor

    logs = home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    child_env: dict[str, str] = {
        HOME_ENV: str(home),
        ENVIRONMENT_ENV: os.environ.get(ENVIRONMENT_ENV, "").strip() or "development",
    }
    if api_processes > 1:  # the background work leaves the API processes for a worker
        child_env["WEB_CONCURRENCY"] = str(api_processes)
        for spec in selected:
            child_env[f"KELISIM_{spec.name.upper()}_BACKGROUND_IN_WORKER"] = "true"

    # PostgreSQL
    if database_url:
        admin_url = sqlalchemy_url(database_url)
        runtime.database = redact_url(admin_url)
        console.print(f"[green]✓[/] PostgreSQL at {runtime.database}", highlight=False)
    else:
        postgres = EmbeddedPostgres(home / "pgdata")
        with console.status("Starting PostgreSQL (embedded)…"):
            admin_url = postgres.start()  # cleans up after itself if it fails
        runtime.postgres = postgres
        runtime.database = f"embedded, unix socket; data in {_display_path(home / 'pgdata')}"
        runtime.database_log = _display_path(home / "pgdata" / "log")
        console.print(f"[green]✓[/] PostgreSQL (embedded) in {home / 'pgdata'}", highlight=False)

    stop.check()

    # Broker
    if bootstrap_servers:
        bootstrap = bootstrap_servers
        console.print(f"[green]✓[/] Kafka at {bootstrap}", highlight=False)
    else:
        port = _int_env(BROKER_PORT_ENV, DEFAULT_BROKER_PORT)
        broker = EmbeddedBroker(port, log_path=logs / "broker.log")
        with console.status(f"Starting the broker (embedded) on 127.0.0.1:{port}…"):
            bootstrap = broker.start()  # cleans up after itself if it fails
        runtime.broker = broker
        child_env.setdefault(KAFKA_IDEMPOTENCE_ENV, os.environ.get(KAFKA_IDEMPOTENCE_ENV, "false"))
        console.print(f"[green]✓[/] broker (embedded, memory-only) at {bootstrap}")
    runtime.bootstrap = bootstrap
    stop.check()
    child_env[BOOTSTRAP_SERVERS_ENV] = bootstrap

    # One database per service, migrated.
    urls = {spec.name: embedded.database_url(admin_url, spec.database_name) for spec in selected}

    async def create_databases() -> None:
        for spec in selected:
            await ensure_database(admin_url, spec.database_name)

    with console.status("Creating databases…"):
        asyncio.run(create_databases())
    for spec in selected:
        stop.check()
        with console.status(f"Migrating {spec.database_name}…"):
            migrated = _migrate(spec, urls[spec.name])
        note = "migrated" if migrated else "[yellow]no migrations directory, skipped[/]"
        console.print(f"[green]✓[/] database {spec.database_name} {note}")
        child_env[spec.database_env] = urls[spec.name]

    # The development OpenID Connect issuer the services trust.
    from ops.issuer.process import EmbeddedIssuer, issuer_port

    try:
        port = issuer_port()
    except ValueError as exc:
        raise _UpError(str(exc)) from None
    issuer = EmbeddedIssuer(home, port, logs / "issuer.log")
    runtime.issuer = issuer
    with console.status(f"Starting the development issuer on {issuer.url}…"):
        issuer.start()  # stops itself if it fails
    child_env[OIDC_ISSUER_ENV] = issuer.url
    child_env["KELISIM_CONSOLE_OIDC_ISSUER"] = issuer.url  # the web console signs in there
    console.print(f"[green]✓[/] OpenID Connect issuer (development) at {issuer.url}")
    stop.check()

    # Secret and ports.
    child_env[JWT_SECRET_ENV] = development_secret(home)
    ports = service_ports()
    for spec in SERVICES:
        child_env[spec.port_env] = str(ports[spec.name])

    # The web console beside the services (it reads and acts through their APIs only).
    console_port = CONSOLE.port()
    ports[CONSOLE.name] = console_port
    child_env[CONSOLE.port_env] = str(console_port)
    supervisor = Supervisor([*selected, CONSOLE], ports=ports, env=child_env, log_dir=logs)
    runtime.supervisor = supervisor
    stop.check()
    with console.status("Starting services…") as status:

        def waiting(names: Sequence[str], elapsed: float) -> None:
            stop.check()
            status.update(f"Waiting for {', '.join(names)} to be ready… {elapsed:.0f} s")

        supervisor.start(on_waiting=waiting)
    console.print(f"[green]✓[/] services ready: {', '.join(s.name for s in selected)}")
    console.print(
        f"[green]✓[/] console: open http://127.0.0.1:{console_port} in a browser", highlight=False
    )
    return supervisor


def _migrate(spec: ServiceSpec, url: str) -> bool:
    """Upgrade the service's database to head; False if it has no migrations directory."""
    try:
        script_location = spec.migrations_dir()
    except ImportError as exc:
        raise _UpError(f"cannot import {spec.module}: {exc}") from exc
    if not script_location.is_dir():
        return False
    try:
        from shared.migrations import upgrade
    except ImportError as exc:
        raise _UpError(f"shared.migrations.upgrade is not available: {exc}") from exc
    upgrade(url, script_location)
    return True


def _keep_alive(console: "Console", stop: _StopRequest, runtime: _Runtime) -> NoReturn:
    """Until interrupted: a service or the embedded broker that exits is started again, with
    back-off, and said so; the rest goes on."""
    from rich.markup import escape

    from ops.runtime.healing import Keeper, Watched

    watched = runtime.supervisor.watched() if runtime.supervisor else []
    if runtime.broker is not None:
        broker = runtime.broker
        watched.append(Watched("broker", broker.exit_code, broker.start, broker.log_tail))
    if runtime.issuer is not None:
        issuer = runtime.issuer
        watched.append(Watched("issuer", issuer.exit_code, issuer.start, issuer.log_tail))
    keeper = Keeper(watched)
    while True:
        stop.check()
        time.sleep(0.5)
        for notice in keeper.check():
            mark = "[red]✗[/]" if notice.failing else "[green]✓[/]"
            console.print(f"{mark} {escape(notice.text)}", highlight=False)
            if notice.log_tail:
                console.print("  last lines of its log:", highlight=False)
                console.print(notice.log_tail, markup=False, highlight=False)


def _print_summary(
    console: "Console",
    runtime: _Runtime,
    home: Path,
    home_option: Path | None,
    supervisor: "Supervisor",
) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Kelisim is running", title_justify="left")
    table.add_column("service", style="bold")
    table.add_column("URL")
    table.add_column("log")
    logs = supervisor.log_paths()
    for name, url in supervisor.urls().items():
        table.add_row(name, url, _display_path(logs[name]))
    broker_log = _display_path(home / "logs" / "broker.log") if runtime.broker else "(external)"
    table.add_row("kafka", runtime.bootstrap, broker_log)
    if runtime.issuer is not None:
        table.add_row("issuer", runtime.issuer.url, _display_path(runtime.issuer.log_path))
    table.add_row("postgresql", runtime.database, runtime.database_log or "(external)")
    Console().print(table)
    home_arg = f" --home {home}" if home_option is not None else ""
    first = next(iter(supervisor.urls().values()))
    console.print(
        "A token from the development issuer (users: secretariat, chairman, auditor, ...):\n"
        f"  kelisim token{home_arg} --user secretariat\n"
        f'  curl -H "Authorization: Bearer $(kelisim token{home_arg} --user secretariat)" '
        f"{first}/...\n"
        "API docs: <URL>/docs. A service or the broker that dies is started again. "
        "Press Ctrl-C to stop; the databases stay on disk.",
        markup=False,
        highlight=False,
    )


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _int_env(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise typer.BadParameter(f"{name}={value!r} is not a port number") from None


# ------------------------------------------------------------------------------------------------
# kelisim token


@app.command()
def token(
    user: Annotated[
        str | None,
        typer.Option("--user", help="A development user of the issuer (secretariat, ...)."),
    ] = None,
    client: Annotated[
        str | None,
        typer.Option("--client", help="A system client: its token by client credentials."),
    ] = None,
    client_secret: Annotated[
        str | None,
        typer.Option(
            "--client-secret",
            envvar="KELISIM_CLIENT_SECRET",
            help="The client's secret (default: <home>/issuer/clients/<client>.secret).",
            show_default=False,
        ),
    ] = None,
    issuer: Annotated[
        str | None,
        typer.Option(
            "--issuer",
            envvar=OIDC_ISSUER_ENV,
            help="The issuer (default: the development issuer of kelisim up).",
            show_default=False,
        ),
    ] = None,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline",
            help="Mint an HS256 token with the development secret instead (no issuer; "
            "refused in production).",
        ),
    ] = False,
    sub: Annotated[str | None, typer.Option("--sub", help="--offline: the subject.")] = None,
    role: Annotated[
        list[str] | None, typer.Option("--role", help="--offline: a role; repeat for several.")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="--offline: region of a regional role.")
    ] = None,
    state_body: Annotated[
        str | None, typer.Option("--state-body", help="--offline: state body of a scoped role.")
    ] = None,
    ttl: Annotated[
        int | None,
        typer.Option("--ttl", help="--offline: lifetime in seconds.", show_default=False),
    ] = None,
    home: HomeOption = None,
) -> None:
    """Print an access token the services accept.

    From the running issuer: --user signs in as a development user (authorisation code with
    PKCE, as the console does), --client gets a system's token (client credentials). With
    --offline: an HS256 token signed with KELISIM_JWT_SECRET or <home>/dev-secret, at most
    KELISIM_JWT_MAX_TTL_SECONDS long."""
    if offline:
        if user or client or not sub or not role:
            _token_usage("--offline takes --sub and --role (not --user or --client)")
        _offline_token(sub or "", role or [], region, state_body, ttl, home)
        return
    if sub or role or region or state_body or ttl is not None:
        _token_usage("--sub, --role, --region, --state-body and --ttl go with --offline")
    if (user is None) == (client is None):
        _token_usage("give --user (a development user) or --client (a system client)")
    from ops.issuer.client import TokenError, client_credentials, sign_in
    from ops.issuer.process import issuer_port, issuer_url, system_client_secret

    url = (issuer or "").strip() or issuer_url(issuer_port())
    try:
        if user is not None:
            access = sign_in(url, user)
        else:
            assert client is not None
            secret = client_secret or system_client_secret(resolve_home(home), client)
            access = client_credentials(url, client, secret)
    except TokenError as exc:
        typer.echo(f"kelisim token: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(access)


def _token_usage(message: str) -> NoReturn:
    typer.echo(f"kelisim token: {message}", err=True)
    raise typer.Exit(2)


def _offline_token(
    sub: str,
    roles: list[str],
    region: str | None,
    state_body: str | None,
    ttl: int | None,
    home: Path | None,
) -> None:
    from shared.api.auth import mint_token

    try:
        settings = _token_settings(home)
        jwt = mint_token(
            settings, sub, roles, region=region, state_body=state_body, ttl_seconds=ttl
        )
    except ValueError as exc:
        # An unknown role, a scoped role without its scope, a weak secret, a lifetime too long.
        typer.echo(f"kelisim token: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(jwt)


def _token_settings(home: Path | None) -> "AuthSettings":
    """What the services check tokens with (issuer, audience, lifetimes), with the secret that
    ``kelisim up`` gives them."""
    from shared.api.app import auth_settings
    from shared.settings import PlatformSettings

    return auth_settings(PlatformSettings(environment="development", home=resolve_home(home)))


# ------------------------------------------------------------------------------------------------
# kelisim issuer

issuer_app = typer.Typer(
    help="The development OpenID Connect issuer that kelisim up runs.", no_args_is_help=True
)
app.add_typer(issuer_app, name="issuer")


@issuer_app.command("rotate-key")
def issuer_rotate_key(
    algorithm: Annotated[str, typer.Option("--algorithm", help="RS256 or ES256.")] = "ES256",
    home: HomeOption = None,
) -> None:
    """Add a signing key and make it current. The running issuer signs with it from its next
    token on; the services fetch it when they first meet it (no restart). Earlier keys stay
    published for the tokens they signed."""
    from ops.issuer.keys import rotate_key

    if algorithm not in ("RS256", "ES256"):
        raise typer.BadParameter("RS256 or ES256", param_hint="--algorithm")
    kid = rotate_key(resolve_home(home), "RS256" if algorithm == "RS256" else "ES256")
    typer.echo(kid)


# ------------------------------------------------------------------------------------------------
# kelisim migrate


@app.command()
def migrate(
    service: Annotated[
        str,
        typer.Option("--service", help=f"One of: {', '.join(s.name for s in SERVICES)}."),
    ],
    database_url: Annotated[
        str, typer.Option("--database-url", help="The service's database (SQLAlchemy URL).")
    ],
) -> None:
    """Upgrade a service's database to the latest migration."""
    from ops.runtime.embedded import sqlalchemy_url

    try:
        spec = get_service(service)
    except KeyError as exc:
        raise typer.BadParameter(str(exc.args[0]), param_hint="--service") from None
    from shared.migrations import upgrade

    upgrade(sqlalchemy_url(database_url), spec.migrations_dir())
    typer.echo(f"{spec.name}: migrated")


if __name__ == "__main__":
    main()
