"""Evaluations of the early-warning rules over regions, on demand and every day.

Each region is its own unit of work (one append to its watch stream). Two evaluations of one
region queue on its stream and the second finds the first's alerts open, so running the
periodic evaluator in several instances raises nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import structlog

from services.monitoring import projections
from services.monitoring.application import early_warning
from services.monitoring.domain.commands import EvaluateRegion
from shared.application import CommandResult, UnitOfWork
from shared.context import Actor
from shared.service import Platform

log = structlog.get_logger(__name__)

EVALUATOR = Actor.system("monitoring-early-warning")


async def evaluate_regions(
    platform: Platform, as_of: date, regions: Iterable[str] | None = None, actor: Actor = EVALUATOR
) -> list[dict[str, object]]:
    """Evaluate ``regions`` (every region by default) as of ``as_of``."""
    if regions is None:
        async with platform.sessions() as db:
            regions = await projections.monitoring.region_codes(db)
    results = []
    for region in sorted(set(regions)):
        command = EvaluateRegion(region, as_of)

        async def work(uow: UnitOfWork, command: EvaluateRegion = command) -> CommandResult:
            watch = await early_warning.evaluate_region(command, uow)
            return CommandResult(200, {"region": watch.id, "version": watch.version})

        result = await platform.runner.run(work, actor)
        results.append(result.body)
    return results


async def evaluate_today(platform: Platform) -> None:
    """One round of the periodic evaluation: every region as of today, so an appeal that
    became overdue overnight raises its alert without anyone asking (Strategy2002 §6)."""
    today = platform.clock.today()
    results = await evaluate_regions(platform, today)
    log.info("early warning evaluated", as_of=str(today), regions=len(results))
