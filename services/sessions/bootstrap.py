"""The sessions service's composition root."""

from __future__ import annotations

from services.sessions.adapters.ballot_box import BallotBox
from services.sessions.application.attendance_intake import AttendanceIntake
from services.sessions.application.ballot_intake import BallotIntake
from services.sessions.consumers.membership import HANDLERS, MEMBERSHIP_TOPIC
from services.sessions.domain.events import registry
from services.sessions.domain.sitting_record import SittingProtocol  # noqa: F401  (its events)
from services.sessions.projections.elections import ElectionsProjection
from services.sessions.projections.polls import PollsProjection
from services.sessions.projections.sessions import SessionsProjection
from services.sessions.projections.sitting_protocols import SittingProtocolsProjection
from services.sessions.settings import SessionsSettings
from shared.messaging.consumer import Handler
from shared.protocols.projection import ProtocolRecordsProjection
from shared.rulebooks.publications import RulebookSource, publication_handlers
from shared.service import Platform, build_platform


def consumes(rulebooks: RulebookSource) -> dict[str, dict[str, Handler]]:
    """The topics this service reads and, on each, the event types it handles (its AsyncAPI
    document and every publisher's list who reads their events)."""
    return {MEMBERSHIP_TOPIC: {**HANDLERS, **publication_handlers(rulebooks)}}


def build(settings: SessionsSettings | None = None) -> Platform:
    settings = settings or SessionsSettings()
    rulebooks = RulebookSource()
    platform = build_platform(
        settings,
        registry,
        projections=[
            SessionsProjection(),
            PollsProjection(),
            ElectionsProjection(),
            SittingProtocolsProjection(),
            ProtocolRecordsProjection(),
        ],
        consumes=consumes(rulebooks),
        rulebooks=rulebooks,
    )
    box = BallotBox(settings.resolved_ballot_key(), unlogged=settings.ballot_box_unlogged)
    platform.add(box)
    platform.add(
        BallotIntake(
            platform.runner,
            box,
            max_batch=settings.ballot_batch_max,
            anonymity_set=settings.ballot_anonymity_set,
            group_open_ballots=settings.group_commit_ballots,
            check_seconds=settings.ballot_gather_check_seconds,
        )
    )
    platform.add(
        AttendanceIntake(
            platform.runner,
            max_batch=settings.attendance_batch_max,
            enabled=settings.group_commit_attendance,
        )
    )
    return platform
