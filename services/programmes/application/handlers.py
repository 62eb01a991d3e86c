"""Programmes command handlers: one unit of work per command, one append to one stream.

Handlers read what the pure domain needs (the acts of the Council and the Session as the
consumers kept them, the roster, the bodies, the documents in force) and pass it in.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from services.programmes.domain import commands as c
from services.programmes.domain.action_plan import ActionPlan
from services.programmes.domain.award import Award, award_id_of
from services.programmes.domain.body import Occupant, WorkingBody
from services.programmes.domain.document import (
    OpinionBy,
    ProgrammeDocument,
    Superseded,
)
from services.programmes.domain.errors import (
    AlreadyDone,
    ConceptInForce,
    NotInForce,
    OutOfScope,
    UnknownAct,
    date_in_future,
)
from services.programmes.domain.events import (
    Authority,
    BasisKind,
    BodyKind,
    DocumentKind,
)
from services.programmes.domain.expert import Expert, person_key
from services.programmes.domain.procedures import procedure_on
from services.programmes.domain.received import ReceivedResolution
from services.programmes.domain.work_plan import WorkPlan
from services.programmes.projections import queries
from shared.application import Repository, UnitOfWork
from shared.assemblies import NATIONAL, ensure_may_act_for
from shared.errors import Conflict, InvalidInput, NotFound

documents = Repository(ProgrammeDocument)
plans = Repository(ActionPlan)
work_plans = Repository(WorkPlan)
awards = Repository(Award)
bodies = Repository(WorkingBody)
experts = Repository(Expert)

SECRETARIAT = "secretariat"
REGIONAL = "regional_assembly"


def _not_after(field: str, day: date, today: date) -> None:
    if day > today:
        raise date_in_future(field, day)


async def _resolution(uow: UnitOfWork, resolution_id: uuid.UUID, rule: str) -> ReceivedResolution:
    found = await queries.resolution(uow.db, resolution_id)
    if found is None:
        raise UnknownAct(rule, "resolution", str(resolution_id))
    return found


# -- documents (Reg2024 §31–32) -------------------------------------------------------------------


async def draft_document(command: c.DraftDocument, uow: UnitOfWork) -> ProgrammeDocument:
    _not_after("drafted_on", command.drafted_on, command.today)
    document = ProgrammeDocument.draft(
        uuid.uuid4(), command.kind, command.title, command.text, command.attachments,
        command.drafted_on,
    )  # fmt: skip
    await documents.save(uow, document)
    return document


async def _document(
    uow: UnitOfWork, document_id: uuid.UUID, expected: int | None
) -> ProgrammeDocument:
    return await documents.load(uow, str(document_id), expected)


async def add_version(command: c.AddVersion, uow: UnitOfWork) -> ProgrammeDocument:
    _not_after("added_on", command.added_on, command.today)
    document = await _document(uow, command.document_id, command.expected_version)
    document.add_version(command.text, command.attachments, command.added_on, command.note)
    await documents.save(uow, document)
    return document


async def record_opinion(command: c.RecordOpinion, uow: UnitOfWork) -> ProgrammeDocument:
    """A body's opinion adopted at its meeting; the Scientific-Expert Council's is the one
    Reg2024 §31 asks for."""
    _not_after("given_on", command.given_on, command.today)
    rule = procedure_on(command.given_on).programme_document.expert_opinion.citation
    body = await bodies.get(uow, str(command.body_id), lock=False)
    if body is None:
        raise UnknownAct(rule, "body", str(command.body_id))
    if not body.active_on(command.given_on):
        raise NotInForce(rule, "body", str(command.body_id), command.given_on)
    if command.meeting_id is not None:
        held_on = body.meetings.get(command.meeting_id)
        if held_on is None:
            raise UnknownAct(rule, "meeting", str(command.meeting_id))
        if held_on != command.given_on:
            raise InvalidInput(
                None, reason="programmes_opinion_not_on_meeting_day", held_on=str(held_on)
            )
    by = OpinionBy(
        body_id=command.body_id,
        kind=body.kind.value,
        meeting_id=command.meeting_id,
        counts=body.kind is BodyKind.SCIENTIFIC_EXPERT_COUNCIL,
    )
    document = await _document(uow, command.document_id, command.expected_version)
    document.record_opinion(uuid.uuid4(), by, command.conclusion, command.summary, command.given_on)
    await documents.save(uow, document)
    return document


async def record_council_discussion(
    command: c.RecordCouncilDiscussion, uow: UnitOfWork
) -> ProgrammeDocument:
    """The Council's resolution on the document, as received on ``kelisim.council.v1``."""
    document = await _document(uow, command.document_id, command.expected_version)
    rule = procedure_on(command.today).route(document.kind).council_discussion.citation
    resolution = await _resolution(uow, command.resolution_id, rule)
    _not_after("discussed_on", resolution.adopted_on, command.today)
    document.record_council_discussion(
        resolution.resolution_id, resolution.protocol, resolution.adopted_on, command.outcome
    )
    await documents.save(uow, document)
    return document


async def record_session_consideration(
    command: c.RecordSessionConsideration, uow: UnitOfWork
) -> ProgrammeDocument:
    """The Session's decision on the document, as received on ``kelisim.sessions.v1``."""
    document = await _document(uow, command.document_id, command.expected_version)
    rule = procedure_on(command.today).route(document.kind).session_consideration.citation
    decision = await queries.decision(uow.db, command.decision_id)
    if decision is None:
        raise UnknownAct(rule, "decision", str(command.decision_id))
    _not_after("considered_on", decision.adopted_on, command.today)
    document.record_session_consideration(
        decision.decision_id, decision.session_id, decision.adopted_on
    )
    await documents.save(uow, document)
    return document


async def submit(command: c.Submit, uow: UnitOfWork) -> ProgrammeDocument:
    _not_after("submitted_on", command.submitted_on, command.today)
    document = await _document(uow, command.document_id, command.expected_version)
    document.submit(command.submitted_on, command.submitted_to, command.letter)
    await documents.save(uow, document)
    return document


async def approve(command: c.Approve, uow: UnitOfWork) -> ProgrammeDocument:
    """Approved; one Development Concept at a time (Reg2024 §32): a Concept approved while
    another is in force on its effective day must supersede that one."""
    _not_after("approved_on", command.approved_on, command.today)
    document = await _document(uow, command.document_id, command.expected_version)
    effective_from = command.effective_from or command.approved_on
    rule = procedure_on(command.approved_on).route(document.kind).approved_by.citation
    superseded = None
    if command.supersedes is not None:
        # Its lock serialises two approvals superseding the same document.
        old = await documents.get(uow, str(command.supersedes))
        row = await queries.document(uow.db, command.supersedes)
        if old is None or row is None or old.approval is None:
            raise NotInForce(rule, "document", str(command.supersedes), effective_from)
        if row["superseded_by"] is not None:
            raise AlreadyDone("superseded", str(command.supersedes))
        superseded = Superseded(command.supersedes, old.kind, old.approval.effective_from)
    if document.kind is DocumentKind.CONCEPT:
        current = await queries.concept_in_force(uow.db, effective_from, document.document_id)
        if current is not None and current != command.supersedes:
            raise ConceptInForce(rule, str(current), effective_from)
    document.approve(
        command.approved_on, command.approved_by, command.act, effective_from,
        command.valid_until, superseded,
    )  # fmt: skip
    await documents.save(uow, document)
    return document


async def return_document(command: c.ReturnDocument, uow: UnitOfWork) -> ProgrammeDocument:
    _not_after("returned_on", command.returned_on, command.today)
    document = await _document(uow, command.document_id, command.expected_version)
    document.return_for_revision(
        command.returned_on, command.returned_by, command.reason, command.act
    )
    await documents.save(uow, document)
    return document


async def issue_order(
    command: c.IssueOrder, uow: UnitOfWork
) -> tuple[ProgrammeDocument, uuid.UUID]:
    """The Chairman's order to carry out the approved document (Reg2024 §32)."""
    _not_after("issued_on", command.issued_on, command.today)
    document = await _document(uow, command.document_id, None)
    row = await queries.document(uow.db, command.document_id)
    superseded_from = row["superseded_from"] if row else None
    order_id = uuid.uuid4()
    document.issue_order(order_id, command.act, command.text, command.issued_on, superseded_from)
    await documents.save(uow, document)
    return document, order_id


# -- action plans (Reg2024 §28) -------------------------------------------------------------------


async def _check_basis(uow: UnitOfWork, command: c.RegisterPlan) -> None:
    """What the plan carries out must exist: a document in force, a Chairman's order on one,
    an adopted Session decision or Council resolution this service has received."""
    basis, day = command.basis, command.approved.date
    rule = procedure_on(day).action_plans.citation
    match basis.kind:
        case BasisKind.PROGRAMME_DOCUMENT:
            row = await queries.document(uow.db, basis.id)
            if row is None:
                raise UnknownAct(rule, "document", str(basis.id))
            found = await documents.get(uow, str(basis.id), lock=False)
            if found is None or not found.in_force_on(day, row["superseded_from"]):
                raise NotInForce(rule, "document", str(basis.id), day)
        case BasisKind.CHAIRMAN_ORDER:
            orders = await queries.orders(uow.db, basis.document_id) if basis.document_id else []
            if basis.id not in {o["order_id"] for o in orders}:
                raise UnknownAct(rule, "order", str(basis.id))
        case BasisKind.SESSION_DECISION:
            if await queries.decision(uow.db, basis.id) is None:
                raise UnknownAct(rule, "decision", str(basis.id))
        case BasisKind.COUNCIL_RESOLUTION:
            await _resolution(uow, basis.id, rule)


async def register_plan(command: c.RegisterPlan, uow: UnitOfWork) -> ActionPlan:
    _not_after("registered_on", command.registered_on, command.today)
    await _check_basis(uow, command)
    plan = ActionPlan.register(
        uuid.uuid4(), command.state_body, command.title, command.basis, command.approved,
        command.registered_on, command.measures,
    )  # fmt: skip
    await plans.save(uow, plan)
    return plan


async def add_measure(command: c.AddMeasure, uow: UnitOfWork) -> ActionPlan:
    _not_after("added_on", command.added_on, command.today)
    plan = await plans.load(uow, str(command.plan_id), command.expected_version)
    plan.add_measure(command.measure, command.added_on)
    await plans.save(uow, plan)
    return plan


async def coordinate_plan(command: c.CoordinatePlan, uow: UnitOfWork) -> ActionPlan:
    _not_after("coordinated_on", command.coordinated_on, command.today)
    plan = await plans.load(uow, str(command.plan_id), command.expected_version)
    plan.coordinate(command.coordinated_on, Authority.SECRETARIAT)
    await plans.save(uow, plan)
    return plan


# -- the work plan (Reg2024 §13.4) ----------------------------------------------------------------


async def add_work_plan_items(command: c.AddWorkPlanItems, uow: UnitOfWork) -> WorkPlan:
    """Items the Council's resolution proposes, or one item of the Secretariat's."""
    _not_after("added_on", command.added_on, command.today)
    plan = await work_plans.get(uow, str(command.year)) or WorkPlan(str(command.year))
    if command.resolution_id is not None:
        rule = procedure_on(command.added_on).work_plan.citation
        resolution = await _resolution(uow, command.resolution_id, rule)
        plan.add_from_council(resolution, command.due_on, command.added_on)
    else:
        assert command.title is not None
        plan.add_from_secretariat(uuid.uuid4(), command.title, command.due_on, command.added_on)
    await work_plans.save(uow, plan)
    return plan


async def close_work_plan_item(command: c.CloseWorkPlanItem, uow: UnitOfWork) -> WorkPlan:
    _not_after("on", command.on, command.today)
    plan = await work_plans.load(uow, str(command.year))
    if command.completed:
        plan.complete(command.item_id, command.on, command.text)
    else:
        plan.drop(command.item_id, command.on, command.text or "")
    await work_plans.save(uow, plan)
    return plan


# -- awards (Reg2024 §13.5) -----------------------------------------------------------------------


async def establish_award(command: c.EstablishAward, uow: UnitOfWork) -> Award:
    """The award the Council's resolution establishes (received on ``kelisim.council.v1``)."""
    rule = procedure_on(command.today).awards.citation
    resolution = await _resolution(uow, command.resolution_id, rule)
    if await awards.get(uow, str(award_id_of(resolution.resolution_id))) is not None:
        raise AlreadyDone("award", str(award_id_of(resolution.resolution_id)))
    award = Award.establish(resolution)
    await awards.save(uow, award)
    return award


async def amend_statute(command: c.AmendStatute, uow: UnitOfWork) -> Award:
    award = await awards.load(uow, str(command.award_id))
    rule = procedure_on(command.today).awards.citation
    resolution = await _resolution(uow, command.resolution_id, rule)
    award.amend_statute(resolution, command.effective_from)
    await awards.save(uow, award)
    return award


async def confer_award(command: c.ConferAward, uow: UnitOfWork) -> tuple[Award, uuid.UUID]:
    _not_after("conferred_on", command.conferred_on, command.today)
    award = await awards.load(uow, str(command.award_id))
    if command.resolution_id is not None:
        rule = procedure_on(command.conferred_on).awards.citation
        await _resolution(uow, command.resolution_id, rule)
    conferral_id = uuid.uuid4()
    award.confer(
        conferral_id, command.recipient, command.decided_by, command.decision,
        command.resolution_id, command.conferred_on,
    )  # fmt: skip
    await awards.save(uow, award)
    return award, conferral_id


# -- bodies and people without membership (Reg2024 §20–26; seed 003) ------------------------------


def _in_scope(uow: UnitOfWork, region: str | None) -> None:
    """The Secretariat acts for every body; a regional assembly for its own region's only
    (Reg2024 §18–19), never for a body of the Assembly itself (in no region: the national
    Assembly's): 403 ``assembly_scope`` (``shared.assemblies``)."""
    actor = uow.actor
    if SECRETARIAT in actor.roles:
        return
    if REGIONAL in actor.roles:
        ensure_may_act_for(actor, region or NATIONAL)
        return
    raise OutOfScope(region)


async def establish_body(command: c.EstablishBody, uow: UnitOfWork) -> WorkingBody:
    _not_after("established_on", command.established_on, command.today)
    _in_scope(uow, command.region)
    body = WorkingBody.establish(
        uuid.uuid4(), command.kind, command.name, command.region, command.established_on,
        command.decided_by, command.act,
    )  # fmt: skip
    await bodies.save(uow, body)
    return body


async def _body(uow: UnitOfWork, body_id: uuid.UUID) -> WorkingBody:
    body = await bodies.load(uow, str(body_id))
    _in_scope(uow, body.region)
    return body


async def approve_body_statute(command: c.ApproveBodyStatute, uow: UnitOfWork) -> WorkingBody:
    _not_after("approved_on", command.approved_on, command.today)
    body = await _body(uow, command.body_id)
    body.approve_statute(
        command.text, command.attachments, command.approved_on, command.approved_by, command.act
    )
    await bodies.save(uow, body)
    return body


async def fill_seat(command: c.FillSeat, uow: UnitOfWork) -> tuple[WorkingBody, uuid.UUID]:
    """A member of the Assembly on the day (as membership published the roster) or a
    registered expert takes a seat."""
    _not_after("start_on", command.start_on, command.today)
    body = await _body(uow, command.body_id)
    if command.member_id is not None:
        name = await queries.member_name_on(uow.db, command.member_id, command.start_on)
        if name is None:
            raise InvalidInput(
                None, reason="programmes_not_a_member", member_id=str(command.member_id),
                day=str(command.start_on),
            )  # fmt: skip
    elif command.expert_id is not None:
        expert = await experts.get(uow, str(command.expert_id), lock=False)
        if expert is None or expert.name is None:
            raise NotFound(None, resource="expert", id=str(command.expert_id))
        name = expert.name
    else:
        raise InvalidInput(None, reason="programmes_one_occupant")
    seat_id = uuid.uuid4()
    occupant = Occupant(command.member_id, command.expert_id, name)
    body.fill_seat(seat_id, command.role, occupant, command.start_on, command.act)
    await bodies.save(uow, body)
    return body, seat_id


async def end_seat(command: c.EndSeat, uow: UnitOfWork) -> WorkingBody:
    _not_after("end_on", command.end_on, command.today)
    body = await _body(uow, command.body_id)
    body.end_seat(command.seat_id, command.end_on, command.ground, command.act)
    await bodies.save(uow, body)
    return body


async def hold_meeting(command: c.HoldMeeting, uow: UnitOfWork) -> tuple[WorkingBody, uuid.UUID]:
    _not_after("held_on", command.held_on, command.today)
    body = await _body(uow, command.body_id)
    for document_id in command.documents:
        if await queries.document(uow.db, document_id) is None:
            raise NotFound(None, resource="document", id=str(document_id))
    meeting_id = uuid.uuid4()
    body.hold_meeting(
        meeting_id, command.number, command.held_on, command.place, command.agenda,
        command.documents, command.present,
    )  # fmt: skip
    await bodies.save(uow, body)
    return body, meeting_id


async def dissolve_body(command: c.DissolveBody, uow: UnitOfWork) -> WorkingBody:
    _not_after("dissolved_on", command.dissolved_on, command.today)
    body = await _body(uow, command.body_id)
    body.dissolve(command.dissolved_on, command.act)
    await bodies.save(uow, body)
    return body


_PERSON_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


async def register_expert(command: c.RegisterExpert, uow: UnitOfWork) -> Expert:
    """One registration per person: the IIN's digest is looked up under a lock on it (no
    write, so the append stays the transaction's first)."""
    if command.iin is not None:
        key = person_key(command.iin)
        await uow.db.execute(_PERSON_LOCK, {"key": key})
        if await queries.expert_by_key(uow.db, key) is not None:
            raise Conflict(None, reason="programmes_expert_registered")
    expert = Expert.register(
        uuid.uuid4(), command.name, command.affiliation, command.citizenship, command.iin,
        command.document, command.today,
    )  # fmt: skip
    await experts.save(uow, expert)
    return expert
