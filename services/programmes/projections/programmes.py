"""The programmes read models, fed by the service's own streams in the append's transaction.

Every read model holds public data only: an expert's IIN never enters one (its mask and a
digest that identifies the same person do), and the history keeps each event's public view.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import (
    Act,
    ActionPlanCoordinated,
    ActionPlanRegistered,
    AwardConferred,
    AwardEstablished,
    AwardStatuteAmended,
    BodyDissolved,
    BodyEstablished,
    BodyMeetingHeld,
    BodyStatuteApproved,
    ChairmanOrderIssued,
    CouncilDiscussionRecorded,
    DocumentApproved,
    DocumentDrafted,
    DocumentReturned,
    DocumentSubmitted,
    DocumentVersionAdded,
    ExpertOpinionRecorded,
    ExpertRegistered,
    Measure,
    MeasureAdded,
    SeatEnded,
    SeatFilled,
    SessionConsiderationRecorded,
    WorkPlanItemAdded,
    WorkPlanItemCompleted,
    WorkPlanItemDropped,
    registry,
)
from services.programmes.domain.expert import person_key
from shared.eventstore.model import RecordedEvent
from shared.identity import mask
from shared.projections import EventProjection, applies


def _act(act: Act | None, prefix: str = "act") -> dict[str, Any]:
    return {
        f"{prefix}_number": act.number if act else None,
        f"{prefix}_date": act.date if act else None,
    }


def _json(values: Sequence[BaseModel]) -> str:
    return json.dumps([value.model_dump(mode="json") for value in values])


async def _run(db: AsyncSession, sql: str, **params: Any) -> None:
    await db.execute(text(sql), params)


DocumentStep = (
    DocumentDrafted
    | DocumentVersionAdded
    | ExpertOpinionRecorded
    | CouncilDiscussionRecorded
    | SessionConsiderationRecorded
    | DocumentSubmitted
    | DocumentApproved
    | DocumentReturned
    | ChairmanOrderIssued
)
BodyStep = (
    BodyEstablished | BodyStatuteApproved | SeatFilled | SeatEnded | BodyMeetingHeld | BodyDissolved
)


class DocumentsProjection(EventProjection):
    name = "documents"
    tables = ("chairman_orders", "opinions", "document_versions", "documents")
    registry = registry

    @applies(
        DocumentDrafted,
        DocumentVersionAdded,
        ExpertOpinionRecorded,
        CouncilDiscussionRecorded,
        SessionConsiderationRecorded,
        DocumentSubmitted,
        DocumentApproved,
        DocumentReturned,
        ChairmanOrderIssued,
    )
    async def apply_step(
        self, db: AsyncSession, event: DocumentStep, recorded: RecordedEvent
    ) -> None:
        """Each step of a document writes what it says, then the document's stream version."""
        await self._step(db, event)
        await _run(
            db, "UPDATE documents SET version = :v WHERE document_id = :id",
            id=event.document_id, v=recorded.version,
        )  # fmt: skip

    async def _step(self, db: AsyncSession, event: DocumentStep) -> None:
        match event:
            case DocumentDrafted():
                await _run(
                    db,
                    "INSERT INTO documents (document_id, kind, title_kk, title_ru, status,"
                    " text_version, drafted_on, rulebook, rule, version)"
                    " VALUES (:id, :kind, :kk, :ru, 'drafting', 0, :on, :rulebook, :rule, 0)",
                    id=event.document_id, kind=event.kind, kk=event.title.kk, ru=event.title.ru,
                    on=event.drafted_on, rulebook=event.rulebook, rule=event.rule,
                )  # fmt: skip
            case DocumentVersionAdded():
                await _run(
                    db,
                    "INSERT INTO document_versions (document_id, version, text_kk, text_ru,"
                    " attachments, added_on, note) VALUES (:id, :n, :kk, :ru,"
                    " CAST(:attachments AS jsonb), :on, :note)",
                    id=event.document_id, n=event.version, kk=event.text.kk, ru=event.text.ru,
                    attachments=_json(event.attachments), on=event.added_on, note=event.note,
                )  # fmt: skip
                await _run(
                    db,
                    "UPDATE documents SET text_version = :n, status = 'drafting'"
                    " WHERE document_id = :id",
                    id=event.document_id, n=event.version,
                )  # fmt: skip
            case ExpertOpinionRecorded():
                await _run(
                    db,
                    "INSERT INTO opinions (opinion_id, document_id, version, body_id, body_kind,"
                    " meeting_id, conclusion, summary_kk, summary_ru, given_on, counts)"
                    " VALUES (:id, :doc, :n, :body, :kind, :meeting, :conclusion, :kk, :ru,"
                    " :on, :counts)",
                    id=event.opinion_id, doc=event.document_id, n=event.version,
                    body=event.body_id, kind=event.body_kind, meeting=event.meeting_id,
                    conclusion=event.conclusion, kk=event.summary.kk, ru=event.summary.ru,
                    on=event.given_on, counts=event.counts,
                )  # fmt: skip
            case DocumentSubmitted():
                await _run(
                    db,
                    "UPDATE documents SET status = 'submitted', submitted_on = :on"
                    " WHERE document_id = :id",
                    id=event.document_id, on=event.submitted_on,
                )  # fmt: skip
            case DocumentApproved():
                await self._approved(db, event)
            case DocumentReturned():
                await _run(
                    db,
                    "UPDATE documents SET status = 'drafting', submitted_on = NULL"
                    " WHERE document_id = :id",
                    id=event.document_id,
                )
            case ChairmanOrderIssued():
                await _run(
                    db,
                    "INSERT INTO chairman_orders (order_id, document_id, act_number, act_date,"
                    " text_kk, text_ru, issued_on, rulebook, rule)"
                    " VALUES (:id, :doc, :act_number, :act_date, :kk, :ru, :on, :rulebook, :rule)",
                    id=event.order_id, doc=event.document_id, **_act(event.act),
                    kk=event.text.kk, ru=event.text.ru, on=event.issued_on,
                    rulebook=event.rulebook, rule=event.rule,
                )  # fmt: skip

    @staticmethod
    async def _approved(db: AsyncSession, event: DocumentApproved) -> None:
        """Approved: in force from its effective date; the document it supersedes is in force
        until that day."""
        await _run(
            db,
            "UPDATE documents SET status = 'approved', approved_on = :on, approved_by = :by,"
            " act_number = :act_number, act_date = :act_date, effective_from = :start,"
            " valid_until = :until, supersedes = :supersedes, rulebook = :rulebook, rule = :rule"
            " WHERE document_id = :id",
            id=event.document_id, on=event.approved_on, by=event.approved_by, **_act(event.act),
            start=event.effective_from, until=event.valid_until, supersedes=event.supersedes,
            rulebook=event.rulebook, rule=event.rule,
        )  # fmt: skip
        if event.supersedes is not None:
            await _run(
                db,
                "UPDATE documents SET superseded_by = :by, superseded_from = :start"
                " WHERE document_id = :id",
                id=event.supersedes, by=event.document_id, start=event.effective_from,
            )  # fmt: skip


class PlansProjection(EventProjection):
    name = "action_plans"
    tables = ("plan_measures", "action_plans")
    registry = registry

    @applies(ActionPlanRegistered)
    async def registered(
        self, db: AsyncSession, event: ActionPlanRegistered, recorded: RecordedEvent
    ) -> None:
        await _run(
            db,
            "INSERT INTO action_plans (plan_id, state_body, title_kk, title_ru,"
            " basis_kind, basis_id, basis_document, approved_number, approved_on,"
            " registered_on, version) VALUES (:id, :body, :kk, :ru, :kind, :basis,"
            " :document, :number, :approved_on, :on, :v)",
            id=event.plan_id, body=event.state_body, kk=event.title.kk, ru=event.title.ru,
            kind=event.basis.kind, basis=event.basis.id, document=event.basis.document_id,
            number=event.approved.number, approved_on=event.approved.date,
            on=event.registered_on, v=recorded.version,
        )  # fmt: skip
        await self._measures(db, event.plan_id, event.measures, recorded)

    @applies(MeasureAdded)
    async def measure_added(
        self, db: AsyncSession, event: MeasureAdded, recorded: RecordedEvent
    ) -> None:
        await self._measures(db, event.plan_id, (event.measure,), recorded)

    @applies(ActionPlanCoordinated)
    async def coordinated(
        self, db: AsyncSession, event: ActionPlanCoordinated, recorded: RecordedEvent
    ) -> None:
        await _run(
            db,
            "UPDATE action_plans SET coordinated_on = :on, rulebook = :rulebook,"
            " rule = :rule WHERE plan_id = :id",
            id=event.plan_id, on=event.coordinated_on, rulebook=event.rulebook, rule=event.rule,
        )  # fmt: skip
        await self._measures(db, event.plan_id, (), recorded)

    @staticmethod
    async def _measures(
        db: AsyncSession, plan: uuid.UUID, measures: Sequence[Measure], recorded: RecordedEvent
    ) -> None:
        """The new measures, then the plan's stream version."""
        for m in measures:
            await _run(
                db,
                "INSERT INTO plan_measures (measure_id, plan_id, text_kk, text_ru, state_body,"
                " deadline, set_on) VALUES (:id, :plan, :kk, :ru, :body, :deadline, :on)",
                id=m.measure_id, plan=plan, kk=m.text.kk, ru=m.text.ru, body=m.state_body,
                deadline=m.deadline, on=m.set_on,
            )  # fmt: skip
        await _run(
            db, "UPDATE action_plans SET version = :v WHERE plan_id = :id",
            id=plan, v=recorded.version,
        )  # fmt: skip


class WorkPlanProjection(EventProjection):
    name = "work_plan"
    tables = ("work_plan_items",)
    registry = registry

    @applies(WorkPlanItemAdded)
    async def added(
        self, db: AsyncSession, event: WorkPlanItemAdded, recorded: RecordedEvent
    ) -> None:
        await _run(
            db,
            "INSERT INTO work_plan_items (item_id, year, seq, title_kk, title_ru, source,"
            " resolution_id, protocol_number, protocol_date, due_on, added_on, status,"
            " rulebook, rule) VALUES (:id, :year, :seq, :kk, :ru, :source, :resolution,"
            " :protocol_number, :protocol_date, :due, :on, 'planned', :rulebook, :rule)",
            id=event.item_id, year=event.year, seq=recorded.version, kk=event.title.kk,
            ru=event.title.ru, source=event.source, resolution=event.resolution_id,
            **_act(event.protocol, "protocol"), due=event.due_on, on=event.added_on,
            rulebook=event.rulebook, rule=event.rule,
        )  # fmt: skip

    @applies(WorkPlanItemCompleted)
    async def completed(
        self, db: AsyncSession, event: WorkPlanItemCompleted, recorded: RecordedEvent
    ) -> None:
        await _run(
            db,
            "UPDATE work_plan_items SET status = 'completed', closed_on = :on,"
            " note = :note WHERE item_id = :id",
            id=event.item_id, on=event.completed_on, note=event.note,
        )  # fmt: skip

    @applies(WorkPlanItemDropped)
    async def dropped(
        self, db: AsyncSession, event: WorkPlanItemDropped, recorded: RecordedEvent
    ) -> None:
        await _run(
            db,
            "UPDATE work_plan_items SET status = 'dropped', closed_on = :on,"
            " note = :note WHERE item_id = :id",
            id=event.item_id, on=event.dropped_on, note=event.reason,
        )  # fmt: skip


class AwardsProjection(EventProjection):
    name = "awards"
    tables = ("award_conferrals", "award_statutes", "awards")
    registry = registry

    @applies(AwardEstablished)
    async def established(
        self, db: AsyncSession, event: AwardEstablished, recorded: RecordedEvent
    ) -> None:
        await _run(
            db,
            "INSERT INTO awards (award_id, name_kk, name_ru, established_on,"
            " resolution_id, rulebook, rule, version) VALUES (:id, :kk, :ru, :on,"
            " :resolution, :rulebook, :rule, :v)",
            id=event.award_id, kk=event.name.kk, ru=event.name.ru,
            on=event.statute.approved_on, resolution=event.statute.resolution_id,
            rulebook=event.rulebook, rule=event.rule, v=recorded.version,
        )  # fmt: skip
        await self._statute(db, event)
        await self._version(db, event.award_id, recorded)

    @applies(AwardStatuteAmended)
    async def amended(
        self, db: AsyncSession, event: AwardStatuteAmended, recorded: RecordedEvent
    ) -> None:
        await self._statute(db, event)
        await self._version(db, event.award_id, recorded)

    @applies(AwardConferred)
    async def conferred(
        self, db: AsyncSession, event: AwardConferred, recorded: RecordedEvent
    ) -> None:
        r = event.recipient
        await _run(
            db,
            "INSERT INTO award_conferrals (conferral_id, award_id, recipient_kk,"
            " recipient_ru, member_id, affiliation_kk, affiliation_ru, decided_by,"
            " decision_number, decision_date, resolution_id, conferred_on,"
            " statute_version) VALUES (:id, :award, :kk, :ru, :member, :akk, :aru, :by,"
            " :decision_number, :decision_date, :resolution, :on, :statute)",
            id=event.conferral_id, award=event.award_id, kk=r.name.kk, ru=r.name.ru,
            member=r.member_id, akk=r.affiliation.kk if r.affiliation else None,
            aru=r.affiliation.ru if r.affiliation else None, by=event.decided_by,
            **_act(event.decision, "decision"), resolution=event.resolution_id,
            on=event.conferred_on, statute=event.statute_version,
        )  # fmt: skip
        await self._version(db, event.award_id, recorded)

    @staticmethod
    async def _statute(db: AsyncSession, event: AwardEstablished | AwardStatuteAmended) -> None:
        s = event.statute
        await _run(
            db,
            "INSERT INTO award_statutes (award_id, version, text_kk, text_ru, resolution_id,"
            " protocol_number, protocol_date, approved_on, effective_from, rulebook, rule)"
            " VALUES (:id, :n, :kk, :ru, :resolution, :protocol_number, :protocol_date,"
            " :approved_on, :start, :rulebook, :rule)",
            id=event.award_id, n=s.version, kk=s.text.kk, ru=s.text.ru,
            resolution=s.resolution_id, **_act(s.protocol, "protocol"),
            approved_on=s.approved_on, start=s.effective_from,
            rulebook=event.rulebook, rule=event.rule,
        )  # fmt: skip

    @staticmethod
    async def _version(db: AsyncSession, award: uuid.UUID, recorded: RecordedEvent) -> None:
        await _run(
            db, "UPDATE awards SET version = :v WHERE award_id = :id", id=award, v=recorded.version
        )


class BodiesProjection(EventProjection):
    name = "bodies"
    tables = ("body_meetings", "body_seats", "body_statutes", "bodies")
    registry = registry

    @applies(
        BodyEstablished, BodyStatuteApproved, SeatFilled, SeatEnded, BodyMeetingHeld, BodyDissolved
    )
    async def apply_step(self, db: AsyncSession, event: BodyStep, recorded: RecordedEvent) -> None:
        """Each step of a body writes what it says, then the body's stream version."""
        await self._step(db, event)
        await _run(
            db, "UPDATE bodies SET version = :v WHERE body_id = :id",
            id=event.body_id, v=recorded.version,
        )  # fmt: skip

    @staticmethod
    async def _step(db: AsyncSession, event: BodyStep) -> None:
        match event:
            case BodyEstablished():
                await _run(
                    db,
                    "INSERT INTO bodies (body_id, kind, name_kk, name_ru, region, established_on,"
                    " decided_by, act_number, act_date, statute_version, rulebook, rule, version)"
                    " VALUES (:id, :kind, :kk, :ru, :region, :on, :by, :act_number, :act_date,"
                    " 0, :rulebook, :rule, 0)",
                    id=event.body_id, kind=event.kind, kk=event.name.kk, ru=event.name.ru,
                    region=event.region, on=event.established_on, by=event.decided_by,
                    **_act(event.act), rulebook=event.rulebook, rule=event.rule,
                )  # fmt: skip
            case BodyStatuteApproved():
                await _run(
                    db,
                    "INSERT INTO body_statutes (body_id, version, text_kk, text_ru, attachments,"
                    " approved_on, approved_by, act_number, act_date, rulebook, rule)"
                    " VALUES (:id, :n, :kk, :ru, CAST(:attachments AS jsonb), :on, :by,"
                    " :act_number, :act_date, :rulebook, :rule)",
                    id=event.body_id, n=event.version, kk=event.text.kk, ru=event.text.ru,
                    attachments=_json(event.attachments), on=event.approved_on,
                    by=event.approved_by, **_act(event.act), rulebook=event.rulebook,
                    rule=event.rule,
                )  # fmt: skip
                await _run(
                    db, "UPDATE bodies SET statute_version = :n WHERE body_id = :id",
                    id=event.body_id, n=event.version,
                )  # fmt: skip
            case SeatFilled():
                await _run(
                    db,
                    "INSERT INTO body_seats (seat_id, body_id, role, member_id, expert_id,"
                    " name_kk, name_ru, start_on, act_number, act_date) VALUES (:id, :body,"
                    " :role, :member, :expert, :kk, :ru, :on, :act_number, :act_date)",
                    id=event.seat_id, body=event.body_id, role=event.role,
                    member=event.member_id, expert=event.expert_id, kk=event.name.kk,
                    ru=event.name.ru, on=event.start_on, **_act(event.act),
                )  # fmt: skip
            case SeatEnded():
                await _run(
                    db,
                    "UPDATE body_seats SET end_on = :on, ground = :ground WHERE seat_id = :id",
                    id=event.seat_id, on=event.end_on, ground=event.ground,
                )  # fmt: skip
            case BodyMeetingHeld():
                await _run(
                    db,
                    "INSERT INTO body_meetings (meeting_id, body_id, number, held_on, place,"
                    " agenda, documents, present) VALUES (:id, :body, :number, :on, :place,"
                    " CAST(:agenda AS jsonb), CAST(:documents AS jsonb), :present)",
                    id=event.meeting_id, body=event.body_id, number=event.number,
                    on=event.held_on, place=event.place, agenda=_json(event.agenda),
                    documents=json.dumps([str(d) for d in event.documents]),
                    present=event.present,
                )  # fmt: skip
            case BodyDissolved():
                await _run(
                    db, "UPDATE bodies SET dissolved_on = :on WHERE body_id = :id",
                    id=event.body_id, on=event.dissolved_on,
                )  # fmt: skip


class ExpertsProjection(EventProjection):
    """The IIN never enters it: only its mask and a digest that identifies the same person."""

    name = "experts"
    tables = ("experts",)
    registry = registry

    @applies(ExpertRegistered)
    async def registered(
        self, db: AsyncSession, event: ExpertRegistered, recorded: RecordedEvent
    ) -> None:
        iin = event.private_iin
        affiliation = event.affiliation
        await _run(
            db,
            "INSERT INTO experts (expert_id, name_kk, name_ru, affiliation_kk, affiliation_ru,"
            " citizenship, iin_masked, person_key, registered_on) VALUES (:id, :kk, :ru, :akk,"
            " :aru, :citizenship, :masked, :key, :on)",
            id=event.expert_id, kk=event.name.kk, ru=event.name.ru,
            akk=affiliation.kk if affiliation else None,
            aru=affiliation.ru if affiliation else None, citizenship=event.citizenship,
            masked=mask(iin) if iin else None, key=person_key(iin) if iin else None,
            on=event.registered_on,
        )  # fmt: skip


class HistoryProjection:
    """Every event of every stream with its actor and time, in its public view: who took each
    step, when, on which source document. It keeps each event as it was recorded (its public
    fields, not upcast), for every event type alike: a plain projection, not dispatched by
    class."""

    name = "history"
    tables: tuple[str, ...] = ("programmes_history",)
    event_types = frozenset(key.rsplit(".v", 1)[0] for key in registry.json_schemas())

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        recorded_at = event.recorded_at
        if not isinstance(recorded_at, datetime):
            recorded_at = datetime.fromisoformat(str(recorded_at))
        await _run(
            db,
            "INSERT INTO programmes_history (stream_id, version, event_type, actor, recorded_at,"
            " data) VALUES (:stream, :v, :type, :actor, :at, CAST(:data AS jsonb))",
            stream=event.stream_id, v=event.version, type=event.event_type,
            actor=str(event.metadata.get("actor", "")), at=recorded_at,
            data=json.dumps(registry.public_data(event.event_type, event.data), ensure_ascii=False),
        )  # fmt: skip


PROJECTIONS = (
    DocumentsProjection,
    PlansProjection,
    WorkPlanProjection,
    AwardsProjection,
    BodiesProjection,
    ExpertsProjection,
    HistoryProjection,
)
