"""The handlers of a regional assembly's periodic report on interethnic relations in its
region (Law 2008 Art. 14; ``domain/regional_report.py``): one unit of work records the report,
its values and its incidents together."""

from __future__ import annotations

import uuid

from services.monitoring import projections
from services.monitoring.application.calendar import not_after
from services.monitoring.application.scope import SECRETARIAT, in_scope, known_region
from services.monitoring.domain.commands import (
    SubmitRegionalReport,
)
from services.monitoring.domain.errors import RowError, UnknownEthnicGroup
from services.monitoring.domain.events import ReportedIncident, ReportedValue, ValueSource
from services.monitoring.domain.incident import Incident
from services.monitoring.domain.indicators import IndicatorReport, ReportContext, check_rows
from services.monitoring.domain.regional_report import RegionalReport, Submission, stream_key
from shared.application import Repository, UnitOfWork
from shared.domain import Aggregate
from shared.errors import ConcurrentAppend
from shared.eventstore.store import StreamAppend

regional_reports = Repository(RegionalReport)


async def _save_together(uow: UnitOfWork, aggregates: list[Aggregate]) -> None:
    """One event on each aggregate's stream, in one statement that is the transaction's first
    write (``UnitOfWork.append_each``); a stream another writer moved meanwhile makes the whole
    command run again (``ConcurrentAppend``), so nothing is half recorded."""
    metadata = uow.metadata()
    appends = []
    for aggregate in aggregates:
        [event] = aggregate.pending_events
        appends.append(
            StreamAppend(
                aggregate.stream_id,
                aggregate.stream_type,
                aggregate.version,
                uow.store.registry.to_new_event(event),
                metadata,
            )
        )
    recorded = await uow.append_each(appends)
    for aggregate, r in zip(aggregates, recorded, strict=True):
        if r is None:
            raise ConcurrentAppend(aggregate.stream_id, aggregate.version, aggregate.version + 1)
    for aggregate in aggregates:
        aggregate.mark_saved()


async def submit_regional_report(command: SubmitRegionalReport, uow: UnitOfWork) -> RegionalReport:
    """A regional assembly's periodic report on interethnic relations in its region
    (Law 2008 Art. 14), sent by the assembly for its own region or by the Secretariat on its
    behalf (Reg2024 §17–19). One command, one transaction: the report, its values as an
    indicator report (``IndicatorValuesReported``, checked row by row like any other; a
    correction's values already on record are revisions) and each incident as an incident of
    its own (``IncidentReported``: place and description private)."""
    in_scope(uow, command.region)
    await known_region(uow, command.region)
    key = stream_key(command.region, command.period)
    report = await regional_reports.get(uow, key) or RegionalReport(key)
    report.check_submission(
        command.region, command.period, command.today, command.supersedes, command.reason
    )
    source = (
        ValueSource.SECRETARIAT if SECRETARIAT in uow.actor.roles else ValueSource.REGIONAL_ASSEMBLY
    )
    known = {r["code"] for r in await projections.monitoring.indicators(uow.db)}
    keys = [(r.indicator, r.region, r.period) for r in command.values]
    reported = await projections.monitoring.reported_keys(uow.db, keys)
    checked, errors = check_rows(
        command.values,
        ReportContext(known, {command.region}, lambda *_: False, command.region),
        revision=False,
    )
    if errors:
        raise RowError(errors)
    if command.supersedes is None:
        groups = [(False, list(command.values))]  # a value on record is refused, as ever
    else:
        on_record = [r for r in command.values if (r.indicator, r.region, r.period) in reported]
        new = [r for r in command.values if (r.indicator, r.region, r.period) not in reported]
        groups = [(True, on_record), (False, new)]
    context = ReportContext(
        known, {command.region}, lambda i, r, p: (i, r, p) in reported, command.region
    )
    value_reports: list[IndicatorReport] = [
        IndicatorReport.file(
            uuid.uuid4(),
            source,
            rows,
            context,
            revision,
            command.reason if revision else None,
            None,
            uow.actor.subject,
        )
        for revision, rows in groups
        if rows
    ]
    groups_known = (
        await projections.monitoring.ethnic_group_codes(uow.db) if command.incidents else set()
    )
    incidents_reported: list[Incident] = []
    for given in command.incidents:
        not_after("occurred_on", given.occurred_on, command.today)
        for code in given.ethnic_groups:
            if code not in groups_known:
                raise UnknownEthnicGroup(code)
        incidents_reported.append(
            Incident.report(
                uuid.uuid4(),
                command.region,
                given.place,
                given.occurred_on,
                given.category,
                given.ethnic_groups,
                given.severity,
                given.description,
                uow.actor.subject,
                command.today,
            )
        )
    report.record_submission(
        Submission(
            report_id=uuid.uuid4(),
            region=command.region,
            period=command.period,
            source=source,
            reported_by=uow.actor.subject,
            reported_at=command.now,
            reported_on=command.today,
            values=[ReportedValue(indicator=v.indicator, value=v.value) for v in checked],
            incidents=[
                ReportedIncident(
                    incident_id=uuid.UUID(i.id),
                    occurred_on=g.occurred_on,
                    category=g.category,
                    severity=g.severity,
                )
                for i, g in zip(incidents_reported, command.incidents, strict=True)
            ],
            value_reports=[uuid.UUID(r.id) for r in value_reports],
            supersedes=command.supersedes,
            reason=command.reason,
        )
    )
    await _save_together(uow, [report, *value_reports, *incidents_reported])
    return report
