"""The attendance intake: registrations at a sitting committed together.

At the opening of a plenary sitting some 400 members register within a second or two, each
registration its own command on the Session's one stream. One transaction per registration
queues them all on the stream's lock, one after another (measured: p50 1.6 s, p99 2.2 s for
400; bench/plenary_vote.py). Here the registrations of a Session that arrive while its previous
batch commits go in the next batch together, as ballots do (``ballot_intake``): one
transaction takes the stream's lock once, reads the roster of the sitting's day for the whole
batch in one query, and appends every accepted registration in one statement, each event with
its own actor and request's correlation id (``EventStore.append`` with metadata per event).

Each registration is still checked and refused on its own (Reg2024 §7, §9: a member not on the
roster of the sitting's day, one already registered, the sitting not open, a member acting for
someone else), in arrival order, on the Session as the batch's earlier registrations left it;
its requester gets their own error. The live quorum is the Session's, computed from everyone
registered (``Session.quorum``), whatever batch they came in. A batch that fails as a whole
(a database error) is not retried as a batch: each of its registrations is then run as a
command of its own (``GroupCommitFailed``). Registrations with an If-Match or an
Idempotency-Key do not come here: they are commands of their own.
`register_attendance` is the route's one call and decides which way.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import structlog
from prometheus_client import Histogram

from services.sessions.application import sessions
from services.sessions.application.acting import acting_for
from services.sessions.domain.commands import RegisterAttendance
from services.sessions.domain.session import Session
from shared import roster
from shared.application import (
    CommandResult,
    CommandRunner,
    Idempotency,
    JsonDict,
    UnitOfWork,
    command_metadata,
)
from shared.assemblies import ensure_may_act_for
from shared.context import Actor
from shared.errors import KelisimError, NotFound
from shared.eventstore.model import EventMetadata
from shared.service import Platform

log = structlog.get_logger(__name__)

ATTENDANCE_BATCH = Histogram(
    "kelisim_sessions_attendance_batch_size",
    "Registrations at a sitting committed together by the attendance intake, per transaction.",
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 400),
)

INTAKE_ACTOR = Actor.system("attendance-intake")
"""The batch's unit of work acts as the intake: each event records its own requester."""


@dataclass(frozen=True)
class Registered:
    """A registration committed: the Session's id, its version after this registration's
    event, and its status then."""

    session_id: uuid.UUID
    version: int
    status: str


class GroupCommitFailed(Exception):
    """A registration to run as a command of its own: its batch did not commit, or the intake
    is off (``group_commit_attendance``)."""


@dataclass
class _Waiting:
    command: RegisterAttendance
    actor: Actor
    metadata: EventMetadata
    outcome: asyncio.Future[Registered | BaseException] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    def answer(self, outcome: Registered | BaseException) -> None:
        if not self.outcome.done():  # not if its request was cancelled
            self.outcome.set_result(outcome)


class AttendanceIntake:
    """Per process: at most one batch per Session in flight, the next one gathering meanwhile
    (at most ``max_batch`` registrations in one transaction)."""

    def __init__(self, runner: CommandRunner, *, max_batch: int = 256, enabled: bool = True):
        if max_batch < 1:
            raise ValueError("max_batch must be positive")
        self._runner = runner
        self._max_batch = max_batch
        self._enabled = enabled
        self._waiting: dict[uuid.UUID, list[_Waiting]] = {}
        self._draining: dict[uuid.UUID, asyncio.Task[None]] = {}

    async def register(self, command: RegisterAttendance, actor: Actor) -> Registered:
        """Register the member as the actor's command would: the registration committed, or
        its own refusal raised; GroupCommitFailed to run it as a command of its own."""
        if not self._enabled or command.expected_version is not None:
            raise GroupCommitFailed()
        waiting = _Waiting(command, actor, command_metadata(actor))
        session_id = command.session_id
        self._waiting.setdefault(session_id, []).append(waiting)
        if session_id not in self._draining:
            # A fresh context: the batch is nobody's request (each event has its own metadata).
            self._draining[session_id] = asyncio.create_task(
                self._drain(session_id), context=contextvars.Context()
            )
        outcome = await waiting.outcome
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    async def _drain(self, session_id: uuid.UUID) -> None:
        queue = self._waiting[session_id]
        try:
            while queue:
                batch = queue[: self._max_batch]
                del queue[: len(batch)]
                await self._batch(session_id, batch)
        finally:
            del self._draining[session_id], self._waiting[session_id]
            for w in queue:  # only if cancelled (the service stopping)
                w.answer(GroupCommitFailed())

    async def _batch(self, session_id: uuid.UUID, batch: list[_Waiting]) -> None:
        accepted: list[tuple[_Waiting, int]] = []  # with the Session's version after each
        try:
            async with self._runner.unit_of_work(INTAKE_ACTOR) as uow:
                session = await sessions.sessions.get(uow, str(session_id))  # the stream's lock
                if session is None:
                    for w in batch:
                        w.answer(NotFound(None, resource=Session.stream_type, id=str(session_id)))
                    return
                present = (
                    await roster.on_roster_among(
                        uow.db,
                        session.assembly,
                        {w.command.member_id for w in batch},
                        session.sitting_on,
                    )
                    if session.sitting_on is not None
                    else set()
                )
                base = session.version
                for w in batch:
                    try:
                        by = acting_for(w.actor, w.command.member_id)
                        ensure_may_act_for(w.actor, session.assembly)
                        session.register_attendance(
                            w.command.member_id, by, w.command.member_id in present
                        )
                    except KelisimError as refusal:
                        w.answer(refusal)
                    else:
                        accepted.append((w, base + len(session.pending_events)))
                if accepted:
                    await sessions.sessions.save(uow, session, [w.metadata for w, _ in accepted])
                    await uow.commit()
                status = _status(session)
        except Exception as error:
            log.warning(  # the error's own message: a driver's also lists parameters
                "attendance_batch_failed",
                session_id=str(session_id),
                registrations=len(accepted),
                error=str(getattr(error, "orig", None) or type(error).__name__)[:200],
            )
            for w, _ in accepted:
                w.answer(GroupCommitFailed())
            for w in batch:  # those not answered yet (the error came before their check)
                w.answer(GroupCommitFailed())
            return
        if accepted:
            ATTENDANCE_BATCH.observe(len(accepted))
        for w, version in accepted:
            w.answer(Registered(session_id, version, status))


def _status(session: Session) -> str:
    return str(session.status)


async def register_attendance(
    platform: Platform,
    command: RegisterAttendance,
    actor: Actor,
    idempotency: Idempotency | None,
    present: Callable[[Registered], JsonDict],
) -> CommandResult:
    """A registration, answered as ``present(registered)``: committed with the others
    arriving, or, with an Idempotency-Key or when its batch failed, as a command of its own
    (``sessions.register_attendance``, run by the command runner)."""
    if idempotency is None:
        with contextlib.suppress(GroupCommitFailed):
            registered = await platform.part(AttendanceIntake).register(command, actor)
            return CommandResult(200, present(registered))

    async def register_alone(uow: UnitOfWork) -> CommandResult:
        session = await sessions.register_attendance(command, uow)
        return CommandResult(
            200, present(Registered(uuid.UUID(session.id), session.version, _status(session)))
        )

    return await platform.runner.run(register_alone, actor, idempotency)
