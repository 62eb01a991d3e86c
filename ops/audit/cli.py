"""``kelisim audit``: the auditor's commands.

    kelisim audit key membership --url URL --out key.json               pin the public key
    kelisim audit head membership --url URL --fresh --out head.json     pin a signed tree head
    kelisim audit head membership --fresh --archive DIR                 append it to a head archive
    kelisim audit verify membership --url URL --head head.json [--earlier old.json]
                         [--source api|kafka|export.jsonl] [--reference kafka|export.jsonl|DIR]
    kelisim audit export membership --url URL --out log.jsonl           JSON Lines with proofs
    kelisim audit popolo --out popolo.json                              open data (Popolo)
    kelisim audit replay sessions                                       rebuild and diff read models
    kelisim audit state membership member-<id> --at 2024-05-01T12:00:00+05:00
    kelisim audit crosscheck                                            cross-service checks

Exit codes: 0 everything verifies, 1 a failure or violation was found (the report names it),
2 the command could not run (an unreachable source, a bad argument, an export without a pinned
key), 3 nothing wrong was found but not everything was checked: (``verify``) the leaves verify
but the log does not cover the store: quarantined leaves, or events that have waited too long
for a leaf and a signed head; (``crosscheck``) a check was skipped. ``docs/auditing.md`` is the
auditor's path through these commands. Database URLs are taken in libpq's form
(``postgresql://``) or SQLAlchemy's. ``--json`` prints the report as JSON on stdout; progress
and messages go to stderr. Imports stay inside commands.

``verify`` always says where its entries came from and which reference it used: none, an export
or a head archive (each used only once its own signed heads verify), or the Kafka topic (whose
copies published after the pinned head, republished ones above all, it counts and warns of).
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
    typer.Option(
        "--database-url",
        help="the service database, postgresql://… or postgresql+asyncpg://… (default: its"
        " configured one)",
    ),
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


def _database(url: str) -> str:
    """A database URL as given (libpq's ``postgresql://``, ``postgres://`` or SQLAlchemy's
    ``postgresql+<driver>://``) in the form the tools use; exit 2 when it is none of them."""
    from ops.runtime.embedded import sqlalchemy_url

    try:
        return sqlalchemy_url(url)
    except ValueError as exc:
        raise _fail(str(exc)) from exc


def _platform(service: str, database_url: str | None) -> Platform:
    import importlib

    from shared.runtime.catalog import get_service

    spec = get_service(service)
    configured = database_url or os.environ.get(spec.database_env)
    if configured:
        os.environ[spec.database_env] = _database(configured)
    platform: Platform = importlib.import_module(f"{spec.module}.bootstrap").build()
    return platform


def _emit(as_json: bool, report: dict[str, Any]) -> None:
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))


def _when(ms: int | None) -> str:
    from datetime import UTC, datetime

    if ms is None:
        return "?"
    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="seconds")


def _key_base64(key: Ed25519PublicKey) -> str:
    import base64

    from shared.audit.heads import public_key_bytes

    return base64.b64encode(public_key_bytes(key)).decode()


@audit_app.command("key")
def key_command(
    service: ServiceArg,
    out: Annotated[Path, typer.Option(help="write the key here (pin it)")],
    url: UrlOption = None,
    token: TokenOption = None,
    home: HomeOption = None,
) -> None:
    """Fetch the public key that signs the service's tree heads and write it to a file; print
    its key id (the SHA-256 of the key) to compare with the one the Assembly publishes."""
    import asyncio

    from ops.audit import sources
    from shared.audit.heads import key_id_of

    async def fetch() -> str:
        async with _client(service, url, token, home) as client:
            return await sources.api_public_key(client)

    import httpx

    try:
        served = asyncio.run(fetch())
        key = _public_key(served)
    except (sources.SourceError, httpx.HTTPError, ValueError, OSError) as exc:
        raise _fail(str(exc)) from exc
    body = {"log": service, "algorithm": "Ed25519", "public_key": served, "key_id": key_id_of(key)}
    out.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    _console().print(
        f"[green]✓[/] {service}: public key {body['key_id']} written to {out}; compare this key"
        " id with the one the Assembly publishes before you trust it",
        highlight=False,
    )


@audit_app.command("head")
def head_command(
    service: ServiceArg,
    url: UrlOption = None,
    fresh: Annotated[bool, typer.Option(help="have the service sign its tree now")] = False,
    out: Annotated[Path | None, typer.Option(help="write the head here (pin it)")] = None,
    archive: Annotated[
        Path | None,
        typer.Option(
            help="append the head and its new leaf hashes to the head archive in this directory"
            " (kept outside the service's database; verified before anything is written)"
        ),
    ] = None,
    public_key: Annotated[
        str | None, typer.Option(help="pinned public key (base64, or a file)")
    ] = None,
    token: TokenOption = None,
    home: HomeOption = None,
) -> None:
    """Fetch the service's signed tree head, check its signature and pin it to a file or a head
    archive."""
    import asyncio

    from ops.audit import sources
    from ops.audit.archive import ArchiveError, HeadArchive, append_head, archive_path

    console = _console()

    async def fetch() -> tuple[Any, str, tuple[Path, int] | None]:
        async with _client(service, url, token, home) as client:
            head = await sources.api_head(client, fresh)
            served = await sources.api_public_key(client)
            key_text = public_key
            if key_text is None and archive is not None:
                path = archive_path(archive, service)
                if path.exists():
                    key_text = HeadArchive.load(path, service, keep_hashes=False).public_key
            if key_text is None:
                key_text = served
                console.print(
                    "[yellow]![/] the public key was not pinned: using the one the service"
                    " serves (pin it with --public-key)"
                )
            key = _public_key(key_text)
            if not head.verify(key):
                raise ValueError("the head's signature does not verify with the public key")
            archived = None
            if archive is not None:
                archived = await append_head(
                    archive,
                    head,
                    _key_base64(key),
                    lambda start, end: sources.api_entries(client, end, start),
                )
            return head, key_text, archived

    try:
        head, _, archived = asyncio.run(fetch())
    except (sources.SourceError, ArchiveError, ValueError, OSError) as exc:
        raise _fail(str(exc)) from exc
    body = json.dumps(head.to_json(), indent=2)
    if out is not None:
        out.write_text(body + "\n", encoding="utf-8")
        console.print(f"[green]✓[/] {service}: tree of {head.tree_size} pinned in {out}")
    if archived is not None:
        path, added = archived
        console.print(
            f"[green]✓[/] {service}: head of {head.tree_size} archived in {path}"
            f" ({added} leaf hashes added)"
        )
    if out is None and archived is None:
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
        str | None,
        typer.Option(
            help="a copy of the leaves kept outside the database: an export file, a head"
            " archive directory, or kafka (only its copies published before the pinned head"
            " are independent of the database)"
        ),
    ] = None,
    public_key: Annotated[
        str | None, typer.Option(help="pinned public key (base64, or a file)")
    ] = None,
    max_wait: Annotated[
        float | None,
        typer.Option(
            help="seconds an event may wait for a leaf and a signed head before the log counts"
            " as not covering the store (default: the service's audit_stall_seconds)"
        ),
    ] = None,
    accept_quarantined: Annotated[
        int, typer.Option(help="quarantined leaves already looked into (only more count)")
    ] = 0,
    trust_embedded_key: Annotated[
        bool,
        typer.Option(
            "--trust-embedded-key",
            help="verify an export with the public key written in it (without --public-key):"
            " whoever made the export chose that key, so this proves only that the file is"
            " consistent, not that the service signed it",
        ),
    ] = False,
    url: UrlOption = None,
    bootstrap_servers: Annotated[
        str | None, typer.Option(help="Kafka bootstrap servers (for kafka)")
    ] = None,
    as_json: JsonOption = False,
    token: TokenOption = None,
    home: HomeOption = None,
) -> None:
    """Verify every leaf against pinned signed tree heads; report the first position that does
    not verify and name its event, the reference used, quarantined leaves, and events the log
    does not cover."""
    import asyncio

    from ops.audit import sources
    from ops.audit.archive import ArchiveError, HeadArchive, archive_path
    from ops.audit.export import export_reference, read_export
    from ops.audit.verify import Reference, Verifier
    from shared.audit.heads import SignedTreeHead
    from shared.audit.merkle import verify_consistency

    console = _console()
    try:
        pinned = [SignedTreeHead.load(p) for p in head or []]
        earlier_head = SignedTreeHead.load(earlier) if earlier is not None else None
    except (OSError, ValueError) as exc:
        raise _fail(f"cannot read a pinned head: {exc}") from exc
    from_file = source not in ("api", "kafka")
    archive_dir = Path(reference) if reference and Path(reference).is_dir() else None
    if from_file and public_key is None:
        if not trust_embedded_key:
            raise _fail(
                f"{source} carries its own public key, which whoever wrote the file chose:"
                " verify it with the key you pinned (--public-key KEY or a file, e.g. the"
                " public key from `kelisim audit head`), or pass --trust-embedded-key to check"
                " only that the export is consistent in itself"
            )
        console.print(
            "[yellow]! verifying with the export's own public key (--trust-embedded-key):"
            " this proves the file consistent, not that the service signed it[/]"
        )

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
                if from_file:
                    key_text = read_export(Path(source))[1]
                else:
                    key_text = await sources.api_public_key(client)
                    console.print(
                        "[yellow]![/] the public key was not pinned: using the one the service"
                        " serves (pin it with --public-key)"
                    )
            key = _public_key(key_text)
            heads = list(pinned)
            origins = ["pinned"] * len(heads)
            ref: Reference | None = None
            if reference == "kafka":
                ref = await sources.kafka_reference(kafka_settings(), topic_of(service))
            elif archive_dir is not None:
                archived = HeadArchive.load(archive_path(archive_dir, service), service)
                if archived.public_key != _key_base64(key):
                    raise ArchiveError(f"{archived.path} holds heads of another key")
                heads += archived.heads
                origins += ["archive"] * len(archived.heads)
                ref = archived.reference()
            elif reference is not None:
                ref = export_reference(Path(reference), key, service)
                assert ref.signed is not None
                heads.append(ref.signed)
                origins.append("export")
            if not heads:
                if from_file:
                    heads.append(read_export(Path(source))[0])
                else:
                    heads.append(await sources.api_head(client))
                    console.print("[yellow]![/] no pinned head: verifying the service's latest")
                origins.append("latest")
            size = max(h.tree_size for h in heads)
            verifier = Verifier(
                service,
                public_key=key,
                heads=heads,
                earlier=earlier_head,
                reference=ref,
                pinned_as=origins,
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
            result["source"] = (
                {"kind": "api", "url": str(client.base_url)}
                if source == "api"
                else {"kind": "kafka", "topic": topic_of(service)}
                if source == "kafka"
                else {"kind": "export", "path": source}
            )
            if ref is None:
                result["reference"] = None
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
            health = None
            if not from_file or url is not None:
                import httpx

                try:
                    health = await sources.api_audit_health(client)
                except httpx.HTTPError as exc:
                    console.print(f"[yellow]![/] the service's coverage is unavailable: {exc}")
            result["coverage"] = _coverage(report.entries, health, max_wait)
            quarantined = max(report.quarantined_count, (health or {}).get("quarantined", 0))
            result["complete"] = bool(
                quarantined <= accept_quarantined and result["coverage"].get("ok", True)
            )
            return result

    try:
        result = asyncio.run(run())
    except (sources.SourceError, ArchiveError, ValueError, OSError) as exc:
        raise _fail(str(exc)) from exc
    except Exception as exc:
        import httpx

        if isinstance(exc, httpx.HTTPError):
            raise _fail(f"{type(exc).__name__}: {exc}") from exc
        raise
    _emit(as_json, result)
    _print_verification(console, result)
    raise typer.Exit(0 if result["ok"] and result["complete"] else 1 if not result["ok"] else 3)


def _coverage(
    verified: int, health: dict[str, Any] | None, max_wait: float | None
) -> dict[str, Any]:
    """What the service says of its log against its store, judged: events waiting longer than
    ``max_wait`` (default: the service's own limit) for a leaf and a signed head."""
    if health is None:
        return {"checked": False}
    limit = max_wait if max_wait is not None else float(health.get("stall_seconds", 300))
    waiting = float(health.get("waiting_seconds", 0))
    return {
        "checked": True,
        "ok": waiting <= limit,
        "verified_leaves": verified,
        "events": health.get("events"),
        "tree_size": health.get("tree_size"),
        "signed_tree_size": health.get("signed_tree_size"),
        "events_without_leaf": health.get("events_without_leaf"),
        "waiting_seconds": waiting,
        "max_wait_seconds": limit,
        "quarantined": health.get("quarantined", 0),
        "builder": health.get("builder"),
    }


def _print_verification(console: Console, result: dict[str, Any]) -> None:
    from rich.markup import escape

    _print_origin(console, result)
    archived = [c for c in result["heads"] if c["pinned_as"] == "archive"]
    for check in [c for c in result["heads"] if c["pinned_as"] != "archive"]:
        mark = "[green]✓[/]" if check["signature_ok"] and check["root_ok"] else "[red]✗[/]"
        root = {True: "ok", False: "does not match", None: "not reached"}[check["root_ok"]]
        signature = "ok" if check["signature_ok"] else "INVALID"
        console.print(
            f"{mark} head of {check['tree_size']} ({check['pinned_as']}):"
            f" signature {signature}, root {root}"
        )
    if archived:
        bad = [c for c in archived if not (c["signature_ok"] and c["root_ok"])]
        if bad:
            sizes = ", ".join(str(c["tree_size"]) for c in bad[:5])
            console.print(f"[red]✗[/] {len(bad)} of {len(archived)} archived heads fail: {sizes}")
        else:
            console.print(f"[green]✓[/] {len(archived)} archived heads: signatures ok, roots ok")
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
    _print_coverage(console, result)
    if result["ok"]:
        rate = result.get("entries_per_second")
        verified = f"{result['entries_verified']} leaves verify"
        if result.get("complete", True):
            console.print(f"[green]✓[/] {verified}" + (f" ({rate}/s)" if rate else ""))
        else:
            console.print(
                f"[yellow]! {verified}, but the log is not complete[/] (quarantined leaves or"
                " events it does not cover, above)"
            )


def _print_origin(console: Console, result: dict[str, Any]) -> None:
    """Where the entries came from and which reference was used (always said)."""
    from rich.markup import escape

    origin = result.get("source") or {}
    if origin.get("kind") == "api":
        said = f"the service's API at {origin['url']} (leaves derived from its database now)"
    elif origin.get("kind") == "kafka":
        said = f"the Kafka topic {origin['topic']}"
    else:
        said = f"the export {origin.get('path')}"
    console.print(f"source: {escape(said)}", highlight=False)
    ref = result.get("reference")
    if ref is None:
        console.print(
            "reference: none: only the signed heads (a rewrite of both the events and the leaf"
            " table is then located to an interval; keep an export or a head archive,"
            " `kelisim audit head --archive DIR`)",
            highlight=False,
        )
        return
    name = escape(str(ref["name"]))
    if ref["kind"] == "export":
        said = (
            f"the export {name}: {ref['leaves']} leaves under its head of"
            f" {ref['signed_tree_size']} signed {_when(ref['signed_at_ms'])} (verified)"
        )
    elif ref["kind"] == "archive":
        said = (
            f"the head archive {name}: {ref['leaves']} leaf hashes, the newest head of"
            f" {ref['signed_tree_size']} signed {_when(ref['signed_at_ms'])} (verified)"
        )
    elif ref["kind"] == "kafka":
        against = ref.get("against_head") or {}
        said = f"the Kafka topic {name}: copies of {ref['leaves']} leaves"
        if against:
            said += (
                f", {ref['published_after_head']} of them published after the head of"
                f" {against['tree_size']} was signed ({_when(against['timestamp'])})"
            )
    else:
        said = f"{ref['kind']} {name}"
    console.print(f"reference: {said}", highlight=False)
    if ref["kind"] == "kafka" and ref.get("published_after_head"):
        console.print(
            f"[yellow]! the Kafka copies of {ref['published_after_head']} leaves were published"
            f" after the pinned head ({ref['republished_after_head']} republished after the"
            " broker lost the topic): they were taken from the database being checked and"
            " cannot locate a change made before; use an export or a head archive[/]",
            highlight=False,
        )
    for conflict in ref.get("conflicts") or []:
        console.print(
            f"[red]✗[/] the topic carries two different leaves {conflict['leaf_index']}"
            f" (published {_when(conflict['first_published_at_ms'])} and"
            f" {_when(conflict['other_published_at_ms'])})",
            highlight=False,
        )


def _print_coverage(console: Console, result: dict[str, Any]) -> None:
    """Quarantined leaves and events the log does not cover: never a plain ✓."""
    from rich.markup import escape

    quarantined = result.get("quarantined") or {}
    if quarantined.get("count"):
        console.print(
            f"[yellow]! quarantined leaves: {quarantined['count']}[/] (events RFC 8785 cannot"
            " express, committed as their stored text; they verify, and need a look)"
        )
        for leaf in quarantined["leaves"][:10]:
            console.print(
                f"  leaf {leaf['leaf_index']}: event {leaf.get('event_id')}"
                f" {leaf.get('event_type')} in {leaf.get('stream_id')} v{leaf.get('version')}",
                highlight=False,
            )
    coverage = result.get("coverage") or {}
    if not coverage.get("checked"):
        console.print("coverage: not checked (the service's /health/audit was not read)")
        return
    events, verified = coverage.get("events"), coverage["verified_leaves"]
    line = (
        f"the service holds {events} events: {coverage['tree_size']} leaves,"
        f" {coverage['signed_tree_size']} under its latest signed head,"
        f" {coverage['events_without_leaf']} without a leaf; {verified} leaves verified here"
    )
    if coverage["ok"]:
        console.print(f"[green]✓[/] coverage: {line}", highlight=False)
    else:
        console.print(
            f"[red]✗ the log does not cover the store[/]: {line}; an event has waited"
            f" {coverage['waiting_seconds']:.0f} s for a leaf and a signed head (limit"
            f" {coverage['max_wait_seconds']:.0f} s)",
            highlight=False,
        )
        builder = coverage.get("builder") or {}
        if builder.get("last_failure"):
            console.print(
                f"  the tree builder's last failure: {escape(str(builder['last_failure']))}",
                highlight=False,
            )
    service_quarantined = coverage.get("quarantined")
    if service_quarantined and service_quarantined != quarantined.get("count"):
        console.print(
            f"[yellow]![/] the service counts {service_quarantined} quarantined leaves"
            " in its whole log"
        )


@audit_app.command("export")
def export_command(
    service: ServiceArg,
    out: Annotated[Path, typer.Option(help="the JSON Lines file to write")],
    url: UrlOption = None,
    fresh: Annotated[bool, typer.Option(help="have the service sign its tree now")] = True,
    public_key: Annotated[
        str | None, typer.Option(help="pinned public key (base64, or a file)")
    ] = None,
    token: TokenOption = None,
    home: HomeOption = None,
) -> None:
    """The event log as JSON Lines: the signed head, then every leaf with its inclusion proof."""
    import asyncio

    from ops.audit import sources
    from ops.audit.export import ExportRefused, export_lines
    from shared.audit.canonical import is_quarantined

    async def run() -> tuple[int, int]:
        async with _client(service, url, token, home) as client:
            head = await sources.api_head(client, fresh)
            pinned = _public_key(public_key or await sources.api_public_key(client))
            key = _key_base64(pinned)
            if not head.verify(pinned):
                raise ExportRefused("the head's signature does not verify")
            leaves = []
            async for entry in sources.api_entries(client, head.tree_size):
                if entry.leaf is None:
                    raise ExportRefused(f"leaf {entry.index} has no event")
                leaves.append(entry.leaf)
        with out.open("wb") as handle:
            for line in export_lines(head, key, leaves):
                handle.write(line + b"\n")
        return head.tree_size, sum(1 for leaf in leaves if is_quarantined(leaf))

    try:
        size, quarantined = asyncio.run(run())
    except (sources.SourceError, ExportRefused, ValueError, OSError) as exc:
        raise _fail(str(exc)) from exc
    _console().print(f"[green]✓[/] {service}: {size} leaves with proofs in {out}")
    if quarantined:
        _console().print(f"[yellow]![/] {quarantined} of them quarantined (stored text)")


@audit_app.command("popolo")
def popolo_command(
    out: Annotated[Path, typer.Option(help="the Popolo JSON file to write")],
    membership_db: Annotated[str | None, typer.Option(help="membership's database URL")] = None,
    sessions_db: Annotated[str | None, typer.Option(help="sessions' database URL")] = None,
    council_db: Annotated[str | None, typer.Option(help="the council's database URL")] = None,
) -> None:
    """The Assembly's open data in the Popolo format: bodies, areas, posts, people and their
    memberships, the Session's sittings and the Council's meetings, motions and votes."""
    import asyncio

    from ops.audit.popolo import popolo_from_databases

    membership = _database(membership_db) if membership_db else _database_url("membership")
    sessions = _database(sessions_db) if sessions_db else _database_url("sessions")
    council = _database(council_db) if council_db else _database_url("council")
    document = asyncio.run(popolo_from_databases(membership, sessions, council))
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

    from ops.audit.replay import ReplayReport, replay_and_diff

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

    from ops.audit.replay import state_at
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
    membership_db: Annotated[
        str | None,
        typer.Option(help="membership's database URL (default: its configured one)"),
    ] = None,
    sessions_db: Annotated[
        str | None, typer.Option(help="sessions' database URL (default: its configured one)")
    ] = None,
    council_db: Annotated[
        str | None,
        typer.Option(
            help="council's database URL (without it the checks needing council's log are"
            " skipped, and reported as skipped)"
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Cross-service checks: votes by members present, control cards on adopted decisions,
    approved candidacies after a Council review. Prints every violation and every check it
    skipped; exit 0 only when every check ran without a violation, 1 on a violation, 3 when
    none was found but a check was skipped."""
    import asyncio

    from rich.markup import escape

    from ops.audit.crosscheck import CHECKS, check_name, cross_check_databases

    report = asyncio.run(
        cross_check_databases(
            _database(membership_db) if membership_db else _database_url("membership"),
            _database(sessions_db) if sessions_db else _database_url("sessions"),
            _database(council_db) if council_db else None,
        )
    )
    result = report.to_json()
    _emit(as_json, result)
    console = _console()
    found: dict[str, int] = {}
    for v in report.violations:
        found[check_name(v)] = found.get(check_name(v), 0) + 1
    for name in CHECKS:
        label = name.replace("_", " ")
        if name in report.skipped:
            why = escape(report.skipped[name])
            console.print(f"[yellow]! skipped, not checked:[/] {label}: {why}", highlight=False)
        elif name in report.checked:
            count = report.checked[name]
            violations = found.get(name, 0)
            mark = "[red]✗[/]" if violations else "[green]✓[/]"
            console.print(f"{mark} {label}: {count} checked, {violations} violations")
    for v in report.violations:
        console.print(
            f"[red]✗[/] {v.check} ({v.rule}) {v.kind}: {escape(v.detail)}"
            f" [event {v.event.event_id} {v.event.event_type} in {v.event.stream_id}]",
            highlight=False,
        )
    ran = len(report.checked)
    if not report.ok:
        console.print(f"[red]✗ {len(report.violations)} violations[/]")
    elif report.complete:
        console.print(f"[green]✓[/] no violations in all {ran} checks")
    else:
        console.print(
            f"[yellow]! no violations in the {ran} checks that ran; {len(report.skipped)}"
            " skipped, not checked (above): this is no all-clear[/]"
        )
    raise typer.Exit(1 if not report.ok else 0 if report.complete else 3)
