"""The action plans read model (a state body's plan carrying out a programme document or a
Chairman's order, Reg2024 §28, and its measures) and its queries."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import (
    ActionPlanCoordinated,
    ActionPlanRegistered,
    Measure,
    MeasureAdded,
    registry,
)
from services.programmes.projections._sql import PAGE, Row, fetch_all, fetch_one, write
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies


class PlansProjection(EventProjection):
    name = "action_plans"
    tables = ("plan_measures", "action_plans")
    registry = registry

    @applies(ActionPlanRegistered)
    async def registered(
        self, db: AsyncSession, event: ActionPlanRegistered, recorded: RecordedEvent
    ) -> None:
        await write(
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
        await write(
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
            await write(
                db,
                "INSERT INTO plan_measures (measure_id, plan_id, text_kk, text_ru, state_body,"
                " deadline, set_on) VALUES (:id, :plan, :kk, :ru, :body, :deadline, :on)",
                id=m.measure_id, plan=plan, kk=m.text.kk, ru=m.text.ru, body=m.state_body,
                deadline=m.deadline, on=m.set_on,
            )  # fmt: skip
        await write(
            db, "UPDATE action_plans SET version = :v WHERE plan_id = :id",
            id=plan, v=recorded.version,
        )  # fmt: skip


async def plans(
    db: AsyncSession,
    *,
    state_body: str | None,
    basis_id: uuid.UUID | None,
    limit: int,
    offset: int,
) -> list[Row]:
    return await fetch_all(
        db,
        "SELECT p.*, (SELECT count(*) FROM plan_measures m WHERE m.plan_id = p.plan_id)"
        " AS measures FROM action_plans p"
        " WHERE (CAST(:body AS text) IS NULL OR p.state_body = :body"
        "   OR EXISTS (SELECT 1 FROM plan_measures m WHERE m.plan_id = p.plan_id"
        "              AND m.state_body = :body))"
        " AND (CAST(:basis AS uuid) IS NULL OR p.basis_id = :basis OR p.basis_document = :basis)"
        " ORDER BY p.registered_on DESC, p.plan_id" + PAGE,
        {"body": state_body, "basis": basis_id, "limit": limit, "offset": offset},
    )


async def plan(db: AsyncSession, plan_id: uuid.UUID) -> Row | None:
    return await fetch_one(db, "SELECT * FROM action_plans WHERE plan_id = :id", {"id": plan_id})


async def measures(db: AsyncSession, plan_id: uuid.UUID) -> list[Row]:
    return await fetch_all(
        db,
        "SELECT measure_id, text_kk, text_ru, state_body, deadline, set_on FROM plan_measures"
        " WHERE plan_id = :id ORDER BY deadline, state_body, measure_id",
        {"id": plan_id},
    )
