"""The programmes read models, fed by the service's own streams in the append's transaction.

Every read model holds public data only: an expert's IIN never enters one (its mask and a
digest that identifies the same person do), and the history keeps each event's public view.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import registry
from services.programmes.domain.expert import person_key
from shared.eventstore.model import RecordedEvent
from shared.identity import mask

JsonDict = dict[str, Any]


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _uuid(value: str | None) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(value)


def _act(act: JsonDict | None, prefix: str = "act") -> JsonDict:
    return {
        f"{prefix}_number": act["number"] if act else None,
        f"{prefix}_date": _day(act["date"]) if act else None,
    }


async def _run(db: AsyncSession, sql: str, **params: Any) -> None:
    await db.execute(text(sql), params)


class DocumentsProjection:
    name = "documents"
    tables: tuple[str, ...] = ("chairman_orders", "opinions", "document_versions", "documents")
    event_types = frozenset(
        {
            "DocumentDrafted",
            "DocumentVersionAdded",
            "ExpertOpinionRecorded",
            "CouncilDiscussionRecorded",
            "SessionConsiderationRecorded",
            "DocumentSubmitted",
            "DocumentApproved",
            "DocumentReturned",
            "ChairmanOrderIssued",
        }
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        document = uuid.UUID(d["document_id"])
        match event.event_type:
            case "DocumentDrafted":
                await _run(
                    db,
                    "INSERT INTO documents (document_id, kind, title_kk, title_ru, status,"
                    " text_version, drafted_on, rulebook, rule, version)"
                    " VALUES (:id, :kind, :kk, :ru, 'drafting', 0, :on, :rulebook, :rule, :v)",
                    id=document, kind=d["kind"], kk=d["title"]["kk"], ru=d["title"]["ru"],
                    on=_day(d["drafted_on"]), rulebook=d["rulebook"], rule=d["rule"],
                    v=event.version,
                )  # fmt: skip
            case "DocumentVersionAdded":
                await _run(
                    db,
                    "INSERT INTO document_versions (document_id, version, text_kk, text_ru,"
                    " attachments, added_on, note) VALUES (:id, :n, :kk, :ru,"
                    " CAST(:attachments AS jsonb), :on, :note)",
                    id=document, n=d["version"], kk=d["text"]["kk"], ru=d["text"]["ru"],
                    attachments=json.dumps(d["attachments"]), on=_day(d["added_on"]),
                    note=d["note"],
                )  # fmt: skip
                await _run(
                    db,
                    "UPDATE documents SET text_version = :n, status = 'drafting'"
                    " WHERE document_id = :id",
                    id=document, n=d["version"],
                )  # fmt: skip
            case "ExpertOpinionRecorded":
                await _run(
                    db,
                    "INSERT INTO opinions (opinion_id, document_id, version, body_id, body_kind,"
                    " meeting_id, conclusion, summary_kk, summary_ru, given_on, counts)"
                    " VALUES (:id, :doc, :n, :body, :kind, :meeting, :conclusion, :kk, :ru,"
                    " :on, :counts)",
                    id=uuid.UUID(d["opinion_id"]), doc=document, n=d["version"],
                    body=uuid.UUID(d["body_id"]), kind=d["body_kind"],
                    meeting=_uuid(d["meeting_id"]), conclusion=d["conclusion"],
                    kk=d["summary"]["kk"], ru=d["summary"]["ru"], on=_day(d["given_on"]),
                    counts=d["counts"],
                )  # fmt: skip
            case "DocumentSubmitted":
                await _run(
                    db,
                    "UPDATE documents SET status = 'submitted', submitted_on = :on"
                    " WHERE document_id = :id",
                    id=document, on=_day(d["submitted_on"]),
                )  # fmt: skip
            case "DocumentApproved":
                await self._approved(db, document, d)
            case "DocumentReturned":
                await _run(
                    db,
                    "UPDATE documents SET status = 'drafting', submitted_on = NULL"
                    " WHERE document_id = :id",
                    id=document,
                )
            case "ChairmanOrderIssued":
                await _run(
                    db,
                    "INSERT INTO chairman_orders (order_id, document_id, act_number, act_date,"
                    " text_kk, text_ru, issued_on, rulebook, rule)"
                    " VALUES (:id, :doc, :act_number, :act_date, :kk, :ru, :on, :rulebook, :rule)",
                    id=uuid.UUID(d["order_id"]), doc=document, **_act(d["act"]),
                    kk=d["text"]["kk"], ru=d["text"]["ru"], on=_day(d["issued_on"]),
                    rulebook=d["rulebook"], rule=d["rule"],
                )  # fmt: skip
        await _run(
            db, "UPDATE documents SET version = :v WHERE document_id = :id",
            id=document, v=event.version,
        )  # fmt: skip

    @staticmethod
    async def _approved(db: AsyncSession, document: uuid.UUID, d: JsonDict) -> None:
        """Approved: in force from its effective date; the document it supersedes is in force
        until that day."""
        await _run(
            db,
            "UPDATE documents SET status = 'approved', approved_on = :on, approved_by = :by,"
            " act_number = :act_number, act_date = :act_date, effective_from = :start,"
            " valid_until = :until, supersedes = :supersedes, rulebook = :rulebook, rule = :rule"
            " WHERE document_id = :id",
            id=document, on=_day(d["approved_on"]), by=d["approved_by"], **_act(d["act"]),
            start=_day(d["effective_from"]), until=_day(d["valid_until"]),
            supersedes=_uuid(d["supersedes"]), rulebook=d["rulebook"], rule=d["rule"],
        )  # fmt: skip
        if d["supersedes"] is not None:
            await _run(
                db,
                "UPDATE documents SET superseded_by = :by, superseded_from = :start"
                " WHERE document_id = :id",
                id=uuid.UUID(d["supersedes"]), by=document, start=_day(d["effective_from"]),
            )  # fmt: skip


class PlansProjection:
    name = "action_plans"
    tables: tuple[str, ...] = ("plan_measures", "action_plans")
    event_types = frozenset({"ActionPlanRegistered", "MeasureAdded", "ActionPlanCoordinated"})

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        plan = uuid.UUID(d["plan_id"])
        measures: list[JsonDict] = []
        match event.event_type:
            case "ActionPlanRegistered":
                basis = d["basis"]
                await _run(
                    db,
                    "INSERT INTO action_plans (plan_id, state_body, title_kk, title_ru,"
                    " basis_kind, basis_id, basis_document, approved_number, approved_on,"
                    " registered_on, version) VALUES (:id, :body, :kk, :ru, :kind, :basis,"
                    " :document, :number, :approved_on, :on, :v)",
                    id=plan, body=d["state_body"], kk=d["title"]["kk"], ru=d["title"]["ru"],
                    kind=basis["kind"], basis=uuid.UUID(basis["id"]),
                    document=_uuid(basis.get("document_id")), number=d["approved"]["number"],
                    approved_on=_day(d["approved"]["date"]), on=_day(d["registered_on"]),
                    v=event.version,
                )  # fmt: skip
                measures = d["measures"]
            case "MeasureAdded":
                measures = [d["measure"]]
            case "ActionPlanCoordinated":
                await _run(
                    db,
                    "UPDATE action_plans SET coordinated_on = :on, rulebook = :rulebook,"
                    " rule = :rule WHERE plan_id = :id",
                    id=plan, on=_day(d["coordinated_on"]), rulebook=d["rulebook"], rule=d["rule"],
                )  # fmt: skip
        for m in measures:
            await _run(
                db,
                "INSERT INTO plan_measures (measure_id, plan_id, text_kk, text_ru, state_body,"
                " deadline, set_on) VALUES (:id, :plan, :kk, :ru, :body, :deadline, :on)",
                id=uuid.UUID(m["measure_id"]), plan=plan, kk=m["text"]["kk"],
                ru=m["text"]["ru"], body=m["state_body"], deadline=_day(m["deadline"]),
                on=_day(m["set_on"]),
            )  # fmt: skip
        await _run(
            db, "UPDATE action_plans SET version = :v WHERE plan_id = :id", id=plan, v=event.version
        )


class WorkPlanProjection:
    name = "work_plan"
    tables: tuple[str, ...] = ("work_plan_items",)
    event_types = frozenset({"WorkPlanItemAdded", "WorkPlanItemCompleted", "WorkPlanItemDropped"})

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        item = uuid.UUID(d["item_id"])
        match event.event_type:
            case "WorkPlanItemAdded":
                await _run(
                    db,
                    "INSERT INTO work_plan_items (item_id, year, seq, title_kk, title_ru, source,"
                    " resolution_id, protocol_number, protocol_date, due_on, added_on, status,"
                    " rulebook, rule) VALUES (:id, :year, :seq, :kk, :ru, :source, :resolution,"
                    " :protocol_number, :protocol_date, :due, :on, 'planned', :rulebook, :rule)",
                    id=item, year=d["year"], seq=event.version, kk=d["title"]["kk"],
                    ru=d["title"]["ru"],
                    source=d["source"], resolution=_uuid(d["resolution_id"]),
                    **_act(d["protocol"], "protocol"), due=_day(d["due_on"]),
                    on=_day(d["added_on"]), rulebook=d["rulebook"], rule=d["rule"],
                )  # fmt: skip
            case "WorkPlanItemCompleted":
                await _run(
                    db,
                    "UPDATE work_plan_items SET status = 'completed', closed_on = :on,"
                    " note = :note WHERE item_id = :id",
                    id=item, on=_day(d["completed_on"]), note=d["note"],
                )  # fmt: skip
            case "WorkPlanItemDropped":
                await _run(
                    db,
                    "UPDATE work_plan_items SET status = 'dropped', closed_on = :on,"
                    " note = :note WHERE item_id = :id",
                    id=item, on=_day(d["dropped_on"]), note=d["reason"],
                )  # fmt: skip


class AwardsProjection:
    name = "awards"
    tables: tuple[str, ...] = ("award_conferrals", "award_statutes", "awards")
    event_types = frozenset({"AwardEstablished", "AwardStatuteAmended", "AwardConferred"})

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        award = uuid.UUID(d["award_id"])
        match event.event_type:
            case "AwardEstablished":
                statute = d["statute"]
                await _run(
                    db,
                    "INSERT INTO awards (award_id, name_kk, name_ru, established_on,"
                    " resolution_id, rulebook, rule, version) VALUES (:id, :kk, :ru, :on,"
                    " :resolution, :rulebook, :rule, :v)",
                    id=award, kk=d["name"]["kk"], ru=d["name"]["ru"],
                    on=_day(statute["approved_on"]), resolution=uuid.UUID(statute["resolution_id"]),
                    rulebook=d["rulebook"], rule=d["rule"], v=event.version,
                )  # fmt: skip
                await self._statute(db, award, d)
            case "AwardStatuteAmended":
                await self._statute(db, award, d)
            case "AwardConferred":
                r = d["recipient"]
                affiliation = r.get("affiliation") or {}
                await _run(
                    db,
                    "INSERT INTO award_conferrals (conferral_id, award_id, recipient_kk,"
                    " recipient_ru, member_id, affiliation_kk, affiliation_ru, decided_by,"
                    " decision_number, decision_date, resolution_id, conferred_on,"
                    " statute_version) VALUES (:id, :award, :kk, :ru, :member, :akk, :aru, :by,"
                    " :decision_number, :decision_date, :resolution, :on, :statute)",
                    id=uuid.UUID(d["conferral_id"]), award=award, kk=r["name"]["kk"],
                    ru=r["name"]["ru"], member=_uuid(r.get("member_id")),
                    akk=affiliation.get("kk"), aru=affiliation.get("ru"), by=d["decided_by"],
                    **_act(d["decision"], "decision"), resolution=_uuid(d["resolution_id"]),
                    on=_day(d["conferred_on"]), statute=d["statute_version"],
                )  # fmt: skip
        await _run(
            db, "UPDATE awards SET version = :v WHERE award_id = :id", id=award, v=event.version
        )

    @staticmethod
    async def _statute(db: AsyncSession, award: uuid.UUID, d: JsonDict) -> None:
        s = d["statute"]
        await _run(
            db,
            "INSERT INTO award_statutes (award_id, version, text_kk, text_ru, resolution_id,"
            " protocol_number, protocol_date, approved_on, effective_from, rulebook, rule)"
            " VALUES (:id, :n, :kk, :ru, :resolution, :protocol_number, :protocol_date,"
            " :approved_on, :start, :rulebook, :rule)",
            id=award, n=s["version"], kk=s["text"]["kk"], ru=s["text"]["ru"],
            resolution=uuid.UUID(s["resolution_id"]), **_act(s["protocol"], "protocol"),
            approved_on=_day(s["approved_on"]), start=_day(s["effective_from"]),
            rulebook=d["rulebook"], rule=d["rule"],
        )  # fmt: skip


class BodiesProjection:
    name = "bodies"
    tables: tuple[str, ...] = ("body_meetings", "body_seats", "body_statutes", "bodies")
    event_types = frozenset(
        {
            "BodyEstablished",
            "BodyStatuteApproved",
            "SeatFilled",
            "SeatEnded",
            "BodyMeetingHeld",
            "BodyDissolved",
        }
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        body = uuid.UUID(d["body_id"])
        match event.event_type:
            case "BodyEstablished":
                await _run(
                    db,
                    "INSERT INTO bodies (body_id, kind, name_kk, name_ru, region, established_on,"
                    " decided_by, act_number, act_date, statute_version, rulebook, rule, version)"
                    " VALUES (:id, :kind, :kk, :ru, :region, :on, :by, :act_number, :act_date,"
                    " 0, :rulebook, :rule, :v)",
                    id=body, kind=d["kind"], kk=d["name"]["kk"], ru=d["name"]["ru"],
                    region=d["region"], on=_day(d["established_on"]), by=d["decided_by"],
                    **_act(d["act"]), rulebook=d["rulebook"], rule=d["rule"], v=event.version,
                )  # fmt: skip
            case "BodyStatuteApproved":
                await _run(
                    db,
                    "INSERT INTO body_statutes (body_id, version, text_kk, text_ru, attachments,"
                    " approved_on, approved_by, act_number, act_date, rulebook, rule)"
                    " VALUES (:id, :n, :kk, :ru, CAST(:attachments AS jsonb), :on, :by,"
                    " :act_number, :act_date, :rulebook, :rule)",
                    id=body, n=d["version"], kk=d["text"]["kk"], ru=d["text"]["ru"],
                    attachments=json.dumps(d["attachments"]), on=_day(d["approved_on"]),
                    by=d["approved_by"], **_act(d["act"]), rulebook=d["rulebook"], rule=d["rule"],
                )  # fmt: skip
                await _run(
                    db, "UPDATE bodies SET statute_version = :n WHERE body_id = :id",
                    id=body, n=d["version"],
                )  # fmt: skip
            case "SeatFilled":
                await _run(
                    db,
                    "INSERT INTO body_seats (seat_id, body_id, role, member_id, expert_id,"
                    " name_kk, name_ru, start_on, act_number, act_date) VALUES (:id, :body,"
                    " :role, :member, :expert, :kk, :ru, :on, :act_number, :act_date)",
                    id=uuid.UUID(d["seat_id"]), body=body, role=d["role"],
                    member=_uuid(d["member_id"]), expert=_uuid(d["expert_id"]),
                    kk=d["name"]["kk"], ru=d["name"]["ru"], on=_day(d["start_on"]),
                    **_act(d["act"]),
                )  # fmt: skip
            case "SeatEnded":
                await _run(
                    db,
                    "UPDATE body_seats SET end_on = :on, ground = :ground WHERE seat_id = :id",
                    id=uuid.UUID(d["seat_id"]), on=_day(d["end_on"]), ground=d["ground"],
                )  # fmt: skip
            case "BodyMeetingHeld":
                await _run(
                    db,
                    "INSERT INTO body_meetings (meeting_id, body_id, number, held_on, place,"
                    " agenda, documents, present) VALUES (:id, :body, :number, :on, :place,"
                    " CAST(:agenda AS jsonb), CAST(:documents AS jsonb), :present)",
                    id=uuid.UUID(d["meeting_id"]), body=body, number=d["number"],
                    on=_day(d["held_on"]), place=d["place"], agenda=json.dumps(d["agenda"]),
                    documents=json.dumps(d["documents"]), present=d["present"],
                )  # fmt: skip
            case "BodyDissolved":
                await _run(
                    db, "UPDATE bodies SET dissolved_on = :on WHERE body_id = :id",
                    id=body, on=_day(d["dissolved_on"]),
                )  # fmt: skip
        await _run(
            db, "UPDATE bodies SET version = :v WHERE body_id = :id", id=body, v=event.version
        )


class ExpertsProjection:
    """The IIN never enters it: only its mask and a digest that identifies the same person."""

    name = "experts"
    tables: tuple[str, ...] = ("experts",)
    event_types = frozenset({"ExpertRegistered"})

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        iin = d.get("private_iin")
        affiliation = d.get("affiliation") or {}
        await _run(
            db,
            "INSERT INTO experts (expert_id, name_kk, name_ru, affiliation_kk, affiliation_ru,"
            " citizenship, iin_masked, person_key, registered_on) VALUES (:id, :kk, :ru, :akk,"
            " :aru, :citizenship, :masked, :key, :on)",
            id=uuid.UUID(d["expert_id"]), kk=d["name"]["kk"], ru=d["name"]["ru"],
            akk=affiliation.get("kk"), aru=affiliation.get("ru"), citizenship=d["citizenship"],
            masked=mask(iin) if iin else None, key=person_key(iin) if iin else None,
            on=_day(d["registered_on"]),
        )  # fmt: skip


class HistoryProjection:
    """Every event of every stream with its actor and time, in its public view: who took each
    step, when, on which source document."""

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
