"""The Incident's command handlers: reports, verification and its other steps,
recommendations (Reg2024 §4.10, §4.15, §17)."""

from __future__ import annotations

import uuid

from services.monitoring import projections
from services.monitoring.application.calendar import not_after
from services.monitoring.application.scope import SECRETARIAT, in_scope, known_region
from services.monitoring.domain.commands import (
    IncidentStepCommand,
    IssueRecommendation,
    ReportIncident,
)
from services.monitoring.domain.errors import (
    UnknownEthnicGroup,
    UnknownResolution,
)
from services.monitoring.domain.events import (
    IncidentStep,
)
from services.monitoring.domain.incident import Incident
from shared.application import Repository, UnitOfWork
from shared.errors import Forbidden

incidents = Repository(Incident)


async def report_incident(command: ReportIncident, uow: UnitOfWork) -> Incident:
    not_after("reported_on", command.reported_on, command.today)
    in_scope(uow, command.region)
    await known_region(uow, command.region)
    groups = await projections.monitoring.ethnic_group_codes(uow.db)
    for code in command.ethnic_groups:
        if code not in groups:
            raise UnknownEthnicGroup(code)
    incident = Incident.report(
        uuid.uuid4(),
        command.region,
        command.place,
        command.occurred_on,
        command.category,
        command.ethnic_groups,
        command.severity,
        command.description,
        uow.actor.subject,
        command.reported_on,
    )
    await incidents.save(uow, incident)
    return incident


async def incident_step(command: IncidentStepCommand, uow: UnitOfWork) -> Incident:
    not_after("on", command.on, command.today)
    incident = await incidents.load(uow, str(command.incident_id), command.expected_version)
    step = IncidentStep(by=uow.actor.subject, reason=command.reason, on=command.on)
    if command.step in ("verify", "dismiss"):
        # Verification is the Secretariat's (Reg2024 §17).
        if SECRETARIAT not in uow.actor.roles:
            raise Forbidden(None, reason="role_required", roles=SECRETARIAT)
    else:
        in_scope(uow, incident.region)
    match command.step:
        case "verify":
            incident.verify(step)
        case "dismiss":
            incident.dismiss(step)
        case "mediate":
            incident.start_mediation(step, command.mediator or uow.actor.subject)
        case _:
            incident.resolve(step)
    await incidents.save(uow, incident)
    return incident


async def issue_recommendation(command: IssueRecommendation, uow: UnitOfWork) -> Incident:
    not_after("issued_on", command.issued_on, command.today)
    if command.resolution_id is not None:
        found = await projections.monitoring.resolution(uow.db, command.resolution_id)
        # Reg2024 §4.10: a recommendation rests on a resolution received and not rejected.
        if found is None or found["adopted"] is False:
            raise UnknownResolution(str(command.resolution_id))
    incident = await incidents.load(uow, str(command.incident_id), command.expected_version)
    incident.recommend(
        uuid.uuid4(),
        command.addressee,
        command.text,
        command.resolution_id,
        command.respond_by,
        command.issued_on,
        uow.actor.subject,
    )
    await incidents.save(uow, incident)
    return incident
