"""The Indicator's and the IndicatorReport's command handlers: indicators defined by the
Secretariat, values reported by region and period (Reg2024 §4.9; Strategy2002 §4.3)."""

from __future__ import annotations

import uuid

from services.monitoring import projections
from services.monitoring.application.scope import in_scope
from services.monitoring.domain.commands import (
    ChangeThresholds,
    DefineIndicator,
    ReportValues,
)
from services.monitoring.domain.indicators import Indicator, IndicatorReport, ReportContext
from shared.application import Repository, UnitOfWork
from shared.assemblies import scope_of

indicators = Repository(Indicator)
reports = Repository(IndicatorReport)


async def define_indicator(command: DefineIndicator, uow: UnitOfWork) -> Indicator:
    existing = await indicators.get(uow, command.code)
    indicator = Indicator.define(
        existing,
        command.code,
        command.name,
        command.unit,
        command.good_direction,
        command.thresholds,
    )
    await indicators.save(uow, indicator)
    return indicator


async def change_thresholds(command: ChangeThresholds, uow: UnitOfWork) -> Indicator:
    indicator = await indicators.load(uow, command.code, command.expected_version)
    indicator.change_thresholds(command.thresholds, command.reason)
    await indicators.save(uow, indicator)
    return indicator


async def report_values(command: ReportValues, uow: UnitOfWork) -> IndicatorReport:
    """All rows or none (a report is one append): every row checked against the indicators,
    the regions, the reporter's region and what is already on record."""
    scope = scope_of(uow.actor)  # the region a regional token is confined to, else None
    for row in command.rows:
        if scope is not None and row.region != scope and row.region:
            in_scope(uow, row.region)  # a row for another region: 403 before any row check
    known = {r["code"] for r in await projections.monitoring.indicators(uow.db)}
    keys = [(r.indicator, r.region, r.period) for r in command.rows]
    reported = await projections.monitoring.reported_keys(uow.db, keys)
    context = ReportContext(
        indicators=known,
        regions=await projections.monitoring.region_codes(uow.db),
        reported=lambda i, r, p: (i, r, p) in reported,
        scope_region=scope,
    )
    report = IndicatorReport.file(
        uuid.uuid4(),
        command.source,
        list(command.rows),
        context,
        command.revision,
        command.reason,
        command.file_name,
        uow.actor.subject,
        list(command.shape_errors),
    )
    await reports.save(uow, report)
    return report
