"""``kelisim audit``: the auditor's commands (issue 7).

    kelisim audit head membership --url URL --fresh --out head.json     pin a signed tree head
    kelisim audit verify membership --url URL --head head.json [--earlier old.json]
                         [--source api|kafka|export.jsonl] [--reference kafka|export.jsonl]
    kelisim audit export membership --url URL --out log.jsonl           JSON Lines with proofs
    kelisim audit popolo --out popolo.json                              open data (Popolo)
    kelisim audit replay sessions                                       rebuild and diff read models
    kelisim audit state membership member-<id> --at 2024-05-01T12:00:00+05:00
    kelisim audit crosscheck                                            cross-service checks

Exit codes: 0 everything verifies, 1 a failure or violation was found (the report names it),
2 the command could not run (an unreachable source, a bad argument). ``--json`` prints the
report as JSON on stdout; progress and messages go to stderr. Imports stay inside commands.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from rich.console import Console

    from shared.service import Platform

audit_app = typer.Typer(
    help="Audit: tamper-evident logs, proofs, replay, cross-service checks, open-data export.",
    no_args_is_help=True,
)

TOKEN_ENV = "KELISIM_AUDIT_TOKEN"  # noqa: S105  (the name of a variable, not a secret)

ServiceArg = Annotated[str, typer.Argument(help="membership, sessions, council or monitoring")]
UrlOption = Annotated[
    str | None, typer.Option("--url", help="the service's base URL (default: its local port)")
]
JsonOption = Annotated[bool, typer.Option("--json", help="print the report as JSON on stdout")]
TokenOption = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar=TOKEN_ENV,
        help="bearer token with the auditor role (default: a development token)",
    ),
]
HomeOption = Annotated[Path | None, typer.Option("--home", help="runtime directory (dev secret)")]
DatabaseOption = Annotated[
    str | None,
    typer.Option("--database-url", help="the service database (default: its configured one)"),
]


def _console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def _fail(message: str) -> typer.Exit:
    from rich.markup import escape

    _console().print(f"[red]✗[/] {escape(message)}", highlight=False)
    return typer.Exit(2)


def _base_url(service: str, url: str | None) -> str:
    if url:
        return url.rstrip("/")
    from shared.runtime.catalog import service_ports

    return f"http://127.0.0.1:{service_ports()[service]}"


def _token(token: str | None, home: Path | None) -> str:
    if token:
        return token
    from pydantic import SecretStr

    from shared.api.auth import AuthSettings, mint_token
    from shared.runtime.catalog import resolve_home
    from shared.runtime.secrets import development_secret

    settings = AuthSettings(secret=SecretStr(development_secret(resolve_home(home))))
    return mint_token(settings, "kelisim-audit-cli", ["auditor"])


def _client(service: str, url: str | None, token: str | None, home: Path | None) -> Any:
    import httpx

    return httpx.AsyncClient(
        base_url=_base_url(service, url),
        headers={"Authorization": f"Bearer {_token(token, home)}"},
        timeout=60,
    )


def _public_key(value: str) -> Ed25519PublicKey:
    from shared.audit.heads import public_key_from_base64

    path = Path(value)
    if path.is_file():
        text = path.read_text(encoding="utf-8").strip()
        if text.startswith("{"):
            text = str(json.loads(text)["public_key"])
        return public_key_from_base64(text)
    return public_key_from_base64(value)


def _platform(service: str, database_url: str | None) -> Platform:
    import importlib

    from shared.runtime.catalog import get_service

    spec = get_service(service)
    if database_url:
        os.environ[spec.database_env] = database_url
    platform: Platform = importlib.import_module(f"{spec.module}.bootstrap").build()
    return platform


def _emit(as_json: bool, report: dict[str, Any]) -> None:
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


@audit_app.command("head")
def head_command(
    service: ServiceArg,
    url: UrlOption = None,
    fresh: Annotated[bool, typer.Option(help="have the service sign its tree now")] = False,
    out: Annotated[Path | None, typer.Option(help="write the head here (pin it)")] = None,
    public_key: Annotated[
        str | None, typer.Option(help="pinned public key (base64, or a file)")
    ] = None,
    token: TokenOption = None,
    home: HomeOption = None,
) -> None:
    """Fetch the service's signed tree head, check its signature and pin it to a file."""
    import asyncio

    from shared.audit import sources

    async def fetch() -> tuple[Any, str]:
        async with _client(service, url, token, home) as client:
            return await sources.api_head(client, fresh), await sources.api_public_key(client)

    try:
        head, served_key = asyncio.run(fetch())
        key = _public_key(public_key or served_key)
    except (sources.SourceError, ValueError, OSError) as exc:
        raise _fail(str(exc)) from exc
    if not head.verify(key):
        raise _fail("the head's signature does not verify with the public key")
    body = json.dumps(head.to_json(), indent=2)
    if out is not None:
        out.write_text(body + "\n", encoding="utf-8")
        _console().print(f"[green]✓[/] {service}: tree of {head.tree_size} pinned in {out}")
    else:
        typer.echo(body)


@audit_app.command("verify")
def verify_command(
    service: ServiceArg,
    head: Annotated[
        list[Path] | None, typer.Option("--head", help="pinned signed tree head (repeatable)")
    ] = None,
    earlier: Annotated[
        Path | None, typer.Option(help="an earlier pinned head to check consistency with")
    ] = None,
    source: Annotated[str, typer.Option(help="api, kafka, or an export file (JSON Lines)")] = "api",
    reference: Annotated[
        str | None, typer.Option(help="a reference copy of the leaves: kafka or an export file")
    ] = None,
    public_key: Annotated[
        str | None, typer.Option(help="pinned public key (base64, or a file)")
    ] = None,
    url: UrlOption = None,
    bootstrap_servers: Annotated[
        str | None, typer.Option(help="Kafka bootstrap servers (for kafka)")
    ] = None,
    as_json: JsonOption = False,
    token: TokenOption = None,
    home: HomeOption = None,
) -> None:
    """Verify every leaf against pinned signed tree heads; report the first position that does
    not verify and name its event."""
    import asyncio

    from shared.audit import sources
    from shared.audit.export import read_export
    from shared.audit.heads import SignedTreeHead
    from shared.audit.merkle import leaf_hash, verify_consistency
    from shared.audit.verify import Verifier

    console = _console()
    try:
        pinned = [SignedTreeHead.load(p) for p in head or []]
        earlier_head = SignedTreeHead.load(earlier) if earlier is not None else None
    except (OSError, ValueError) as exc:
        raise _fail(f"cannot read a pinned head: {exc}") from exc

    def kafka_settings() -> Any:
        from shared.settings import PlatformSettings

        if bootstrap_servers:
            return PlatformSettings(kafka_bootstrap_servers=bootstrap_servers)
        return PlatformSettings()

    async def run() -> dict[str, Any]:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        from shared.settings import topic_of

        async with _client(service, url, token, home) as client:
            key_text = public_key
            if key_text is None:
                if source not in ("api", "kafka"):
                    key_text = read_export(Path(source))[1]
                else:
                    key_text = await sources.api_public_key(client)
                    console.print(
                        "[yellow]![/] the public key was not pinned: using the one the service"
                        " serves (pin it with --public-key)"
                    )
            key = _public_key(key_text)
            heads = list(pinned)
            if not heads:
                if source not in ("api", "kafka"):
                    heads.append(read_export(Path(source))[0])
                else:
                    heads.append(await sources.api_head(client))
                    console.print("[yellow]![/] no pinned head: verifying the service's latest")
            size = max(h.tree_size for h in heads)
            ref: dict[int, bytes] | None = None
            if reference == "kafka":
                leaves = await sources.kafka_leaves(kafka_settings(), topic_of(service))
                ref = {i: leaf_hash(leaf) for i, leaf in leaves.items()}
            elif reference is not None:
                _, _, ref_entries = read_export(Path(reference))
                ref = {e.index: leaf_hash(e.leaf or b"") for e in ref_entries}
            verifier = Verifier(
                service, public_key=key, heads=heads, earlier=earlier_head, reference=ref
            )
            columns = (*Progress.get_default_columns()[:1], BarColumn(), MofNCompleteColumn())
            with Progress(*columns, TimeElapsedColumn(), console=console) as progress:
                task = progress.add_task(f"verifying {service}", total=size)
                if source == "api":
                    async for entry in sources.api_entries(client, size):
                        verifier.feed(entry)
                        if verifier.count % 500 == 0:
                            progress.update(task, completed=verifier.count)
                else:
                    if source == "kafka":
                        leaves = await sources.kafka_leaves(kafka_settings(), topic_of(service))
                        entries = sources.entries_from_leaves(leaves)
                    else:
                        entries = read_export(Path(source))[2]
                    for entry in entries[:size]:
                        verifier.feed(entry)
                progress.update(task, completed=verifier.count)
            report = verifier.finish()
            result = report.to_json()
            if earlier_head is not None and source == "api":
                newest = max(heads, key=lambda h: h.tree_size)
                proof = await sources.api_consistency(
                    client, earlier_head.tree_size, newest.tree_size
                )
                ok = verify_consistency(
                    earlier_head.tree_size,
                    newest.tree_size,
                    earlier_head.root_hash,
                    newest.root_hash,
                    proof,
                )
                result["consistency"] = {
                    "first": earlier_head.tree_size,
                    "second": newest.tree_size,
                    "proof_length": len(proof),
                    "ok": ok,
                }
                result["ok"] = result["ok"] and ok
            return result

    try:
        result = asyncio.run(run())
    except (sources.SourceError, ValueError, OSError) as exc:
        raise _fail(str(exc)) from exc
    except Exception as exc:
        import httpx

        if isinstance(exc, httpx.HTTPError):
            raise _fail(f"{type(exc).__name__}: {exc}") from exc
        raise
    _emit(as_json, result)
    _print_verification(console, result)
    raise typer.Exit(0 if result["ok"] else 1)


def _print_verification(console: Console, result: dict[str, Any]) -> None:
    from rich.markup import escape

    for check in result["heads"]:
        mark = "[green]✓[/]" if check["signature_ok"] and check["root_ok"] else "[red]✗[/]"
        root = {True: "ok", False: "does not match", None: "not reached"}[check["root_ok"]]
        signature = "ok" if check["signature_ok"] else "INVALID"
        console.print(
            f"{mark} head of {check['tree_size']} ({check['pinned_as']}):"
            f" signature {signature}, root {root}"
        )
    if result.get("consistency"):
        c = result["consistency"]
        mark = "[green]✓[/]" if c["ok"] else "[red]✗[/]"
        console.print(f"{mark} consistency proof {c['first']} → {c['second']}")
    failure = result.get("first_failure")
    if failure:
        where = (
            f"leaf {failure['leaf_index']}"
            if failure["exact"]
            else f"leaves [{failure['leaf_index']}, {failure['upto']})"
        )
        found = failure.get("found") or {}
        console.print(f"[red]✗ first failure at {where}[/]: {escape(failure['detail'])}")
        if found.get("event_id"):
            console.print(
                f"  event {found.get('event_id')} {found.get('event_type')} in"
                f" {found.get('stream_id')} v{found.get('version')}",
                highlight=False,
            )
    elif result["ok"]:
        rate = result.get("entries_per_second")
        console.print(
            f"[green]✓[/] {result['entries_verified']} leaves verify"
            + (f" ({rate}/s)" if rate else "")
        )


@audit_app.command("export")
def export_command(
    service: ServiceArg,
    out: Annotated[Path, typer.Option(help="the JSON Lines file to write")],
    url: UrlOption = None,
    fresh: Annotated[bool, typer.Option(help="have the service sign its tree now")] = True,
    token: TokenOption = None,
    home: HomeOption = None,
) -> None:
    """The event log as JSON Lines: the signed head, then every leaf with its inclusion proof."""
    import asyncio

    from shared.audit import sources
    from shared.audit.export import ExportRefused, export_lines

    async def run() -> int:
        async with _client(service, url, token, home) as client:
            head = await sources.api_head(client, fresh)
            key = await sources.api_public_key(client)
            if not head.verify(_public_key(key)):
                raise ExportRefused("the head's signature does not verify")
            leaves = []
            async for entry in sources.api_entries(client, head.tree_size):
                if entry.leaf is None:
                    raise ExportRefused(f"leaf {entry.index} has no event")
                leaves.append(entry.leaf)
        with out.open("wb") as handle:
            for line in export_lines(head, key, leaves):
                handle.write(line + b"\n")
        return head.tree_size

    try:
        size = asyncio.run(run())
    except (sources.SourceError, ExportRefused, OSError) as exc:
        raise _fail(str(exc)) from exc
    _console().print(f"[green]✓[/] {service}: {size} leaves with proofs in {out}")


@audit_app.command("popolo")
def popolo_command(
    out: Annotated[Path, typer.Option(help="the Popolo JSON file to write")],
    membership_db: Annotated[str | None, typer.Option(help="membership's database URL")] = None,
    sessions_db: Annotated[str | None, typer.Option(help="sessions' database URL")] = None,
) -> None:
    """People, organisations, memberships, posts and vote events in the Popolo format."""
    import asyncio

    from shared.audit.export import popolo_from_databases

    membership = membership_db or _database_url("membership")
    sessions = sessions_db or _database_url("sessions")
    document = asyncio.run(popolo_from_databases(membership, sessions))
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    counts = ", ".join(f"{len(v)} {k}" for k, v in document.items())
    _console().print(f"[green]✓[/] {counts} in {out}")


def _database_url(service: str) -> str:
    import asyncio

    platform = _platform(service, None)
    try:
        return platform.settings.resolved_database_url()
    finally:
        asyncio.run(platform.dispose())


@audit_app.command("replay")
def replay_command(
    service: ServiceArg,
    database_url: DatabaseOption = None,
    as_json: JsonOption = False,
    keep: Annotated[bool, typer.Option(help="keep the scratch schema for inspection")] = False,
) -> None:
    """Rebuild every read model from the events into a scratch schema and diff the live ones."""
    import asyncio

    from rich.markup import escape

    from shared.audit.replay import ReplayReport, replay_and_diff

    platform = _platform(service, database_url)

    async def run() -> ReplayReport:
        try:
            return await replay_and_diff(platform, keep=keep)
        finally:
            await platform.dispose()

    report = asyncio.run(run())
    result = report.to_json()
    _emit(as_json, result)
    console = _console()
    for table in report.tables:
        if table.equal:
            console.print(f"[green]✓[/] {table.table}: {table.live_rows} rows, identical")
        else:
            console.print(
                f"[red]✗[/] {table.table}: {table.only_live_count} rows only live,"
                f" {table.only_replayed_count} only replayed"
            )
            for row in table.only_live:
                console.print(f"    live:     {escape(row)}", highlight=False)
            for row in table.only_replayed:
                console.print(f"    replayed: {escape(row)}", highlight=False)
    raise typer.Exit(0 if report.equal else 1)


@audit_app.command("state")
def state_command(
    service: ServiceArg,
    stream_id: Annotated[str, typer.Argument(help="e.g. member-<uuid>, session-<uuid>, poll-…")],
    at: Annotated[
        str | None, typer.Option(help="ISO 8601 instant with its offset (default: now)")
    ] = None,
    database_url: DatabaseOption = None,
) -> None:
    """The state of an aggregate at an instant, from its events alone (JSON on stdout)."""
    import asyncio
    from datetime import datetime

    from shared.audit.replay import state_at
    from shared.runtime.catalog import get_service

    instant = None
    if at is not None:
        instant = datetime.fromisoformat(at)
        if instant.tzinfo is None:
            raise _fail("--at needs a time zone offset (e.g. +05:00 or Z)")
    platform = _platform(service, database_url)

    async def run() -> dict[str, Any]:
        try:
            return await state_at(platform, get_service(service).module, stream_id, instant)
        finally:
            await platform.dispose()

    try:
        state = asyncio.run(run())
    except LookupError as exc:
        raise _fail(str(exc)) from exc
    typer.echo(json.dumps(state, ensure_ascii=False, indent=2))


@audit_app.command("crosscheck")
def crosscheck_command(
    membership_db: Annotated[str | None, typer.Option(help="membership's database URL")] = None,
    sessions_db: Annotated[str | None, typer.Option(help="sessions' database URL")] = None,
    council_db: Annotated[
        str | None, typer.Option(help="council's database URL (its checks are skipped without)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Cross-service checks: votes by members present, control cards on adopted decisions,
    approved candidacies after a Council review. Prints every violation."""
    import asyncio

    from rich.markup import escape

    from shared.audit.crosscheck import cross_check_databases

    report = asyncio.run(
        cross_check_databases(
            membership_db or _database_url("membership"),
            sessions_db or _database_url("sessions"),
            council_db,
        )
    )
    result = report.to_json()
    _emit(as_json, result)
    console = _console()
    for name, count in report.checked.items():
        console.print(f"checked {count} {name.replace('_', ' ')}")
    for name, why in report.skipped.items():
        console.print(f"[yellow]skipped[/] {name.replace('_', ' ')}: {escape(why)}")
    for v in report.violations:
        console.print(
            f"[red]✗[/] {v.check} ({v.rule}) {v.kind}: {escape(v.detail)}"
            f" [event {v.event.event_id} {v.event.event_type} in {v.event.stream_id}]",
            highlight=False,
        )
    if report.ok:
        console.print("[green]✓[/] no violations")
    raise typer.Exit(0 if report.ok else 1)
