"""``kelisim archive load`` and ``kelisim rulebooks what-if``: the past, loaded and judged.

kelisim archive load council acts-2012.jsonl      one service's archive, all or nothing
kelisim rulebooks what-if proposed.json            the verdicts a version would flip
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, cast

import typer

if TYPE_CHECKING:
    from shared.i18n import Language
    from shared.service import Platform

archive_app = typer.Typer(
    help="Archives of the past: acts from their documents, loaded all or nothing per file.",
    no_args_is_help=True,
)
rulebooks_app = typer.Typer(
    help="Rulebooks as audited data: what a proposed version would change.",
    no_args_is_help=True,
)

ServiceArg = Annotated[str, typer.Argument(help="membership, sessions or council")]
DatabaseOption = Annotated[
    str | None,
    typer.Option(help="the service database (default: KELISIM_<SERVICE>_DATABASE_URL)"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print the report as JSON on stdout")]
JUDGING = ("sessions", "council")
"""The services whose events record verdicts (``services/<name>/domain/verdicts.py``)."""


def _platform(service: str, database_url: str | None) -> Platform:
    """The service's platform, with its messages registered as its app registers them."""
    import importlib

    from shared.i18n import register_messages
    from shared.runtime.catalog import get_service

    spec = get_service(service)
    if database_url:
        os.environ[spec.database_env] = database_url
    messages = importlib.import_module(f"{spec.module}.api.messages")
    for catalogue in getattr(messages, "CATALOGUES", None) or [messages.MESSAGES]:
        register_messages(catalogue)
    platform: Platform = importlib.import_module(f"{spec.module}.bootstrap").build()
    return platform


@archive_app.command("load")
def load_command(
    service: ServiceArg,
    file: Annotated[Path, typer.Argument(help="JSON Lines: one act a line", exists=True)],
    database_url: DatabaseOption = None,
    lang: Annotated[str, typer.Option(help="the language of the refusals: kk, ru or en")] = "en",
    as_json: JsonOption = False,
) -> None:
    """Load an archive: every line is checked as the API checks it, judged by the rulebook of
    its date; one refused line and nothing is loaded, every refused line is named."""
    import asyncio
    import importlib

    from rich.console import Console

    from shared.archive.loader import load_archive
    from shared.runtime.catalog import get_service

    if lang not in ("kk", "ru", "en"):
        raise typer.BadParameter("kk, ru or en", param_hint="--lang")
    language = cast("Language", lang)
    acts = importlib.import_module(f"{get_service(service).module}.application.archive").ACTS
    platform = _platform(service, database_url)

    async def run() -> dict[str, Any]:
        try:
            with file.open(encoding="utf-8") as lines:
                report = await load_archive(platform, acts, lines, lang=language)
            return report.to_json()
        finally:
            await platform.dispose()

    result = asyncio.run(run())
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
    console = Console(stderr=True)
    for refusal in result["refused"]:
        rule = f" ({refusal['rule']})" if "rule" in refusal else ""
        console.print(f"[red]✗[/] line {refusal['line']}: {refusal['reason']}{rule}")
    if result["committed"]:
        console.print(
            f"[green]✓[/] {service}: {result['loaded']} acts, {result['events']} events loaded"
        )
        return
    console.print(f"[red]✗[/] {service}: {len(result['refused'])} lines refused; nothing loaded")
    raise typer.Exit(1)


@rulebooks_app.command("what-if")
def what_if_command(
    file: Annotated[Path, typer.Argument(help="the proposed version, as JSON", exists=True)],
    service: Annotated[
        list[str] | None, typer.Option(help="sessions and/or council (default: both)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Judge every past verdict again as if the proposed version had been in force (beside the
    versions published; replacing one of the same id) and list those that come out otherwise."""
    import asyncio
    import importlib

    from rich.console import Console

    from ops.archive.whatif import what_if_service
    from shared.rulebooks import RulebookDataError, parse_rulebook
    from shared.runtime.catalog import get_service

    try:
        proposed = parse_rulebook(file.read_bytes())
    except (ValueError, RulebookDataError) as exc:
        raise typer.BadParameter(str(exc), param_hint="FILE") from exc
    services = service or list(JUDGING)
    flips: dict[str, list[dict[str, Any]]] = {}
    for name in services:
        if name not in JUDGING:
            raise typer.BadParameter(f"one of {', '.join(JUDGING)}", param_hint="--service")
        module = importlib.import_module(f"{get_service(name).module}.domain.verdicts")
        platform = _platform(name, None)

        async def run(platform: Platform = platform, rejudge: Any = module.rejudge) -> list[Any]:
            try:
                return await what_if_service(platform, rejudge, proposed)
            finally:
                await platform.dispose()

        flips[name] = [r.to_json() for r in asyncio.run(run())]
    if as_json:
        typer.echo(json.dumps(flips, ensure_ascii=False, indent=2))
    console = Console(stderr=True)
    for name, found in flips.items():
        for flip in found:
            now = flip["now"]
            after = "no rule" if now is None else f"{now['satisfied']} ({now['rule']})"
            console.print(
                f"{name}: {flip['event_type']} {flip['stream_id']} of {flip['day']}:"
                f" {flip['check']} {flip['recorded']['satisfied']} → {after}"
            )
        console.print(f"{name}: {len(found)} verdicts would come out otherwise")
