"""The work plan read model (each year's items, proposed by a Council resolution or by the
Secretariat, and how each closed) and its query."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from services.programmes.domain.events import (
    WorkPlanItemAdded,
    WorkPlanItemCompleted,
    WorkPlanItemDropped,
    registry,
)
from services.programmes.projections._sql import PAGE, Row, act_columns, fetch_all, write
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies


class WorkPlanProjection(EventProjection):
    name = "work_plan"
    tables = ("work_plan_items",)
    registry = registry

    @applies(WorkPlanItemAdded)
    async def added(
        self, db: AsyncSession, event: WorkPlanItemAdded, recorded: RecordedEvent
    ) -> None:
        await write(
            db,
            "INSERT INTO work_plan_items (item_id, year, seq, title_kk, title_ru, source,"
            " resolution_id, protocol_number, protocol_date, due_on, added_on, status,"
            " rulebook, rule) VALUES (:id, :year, :seq, :kk, :ru, :source, :resolution,"
            " :protocol_number, :protocol_date, :due, :on, 'planned', :rulebook, :rule)",
            id=event.item_id, year=event.year, seq=recorded.version, kk=event.title.kk,
            ru=event.title.ru, source=event.source, resolution=event.resolution_id,
            **act_columns(event.protocol, "protocol"), due=event.due_on, on=event.added_on,
            rulebook=event.rulebook, rule=event.rule,
        )  # fmt: skip

    @applies(WorkPlanItemCompleted)
    async def completed(
        self, db: AsyncSession, event: WorkPlanItemCompleted, recorded: RecordedEvent
    ) -> None:
        await write(
            db,
            "UPDATE work_plan_items SET status = 'completed', closed_on = :on,"
            " note = :note WHERE item_id = :id",
            id=event.item_id, on=event.completed_on, note=event.note,
        )  # fmt: skip

    @applies(WorkPlanItemDropped)
    async def dropped(
        self, db: AsyncSession, event: WorkPlanItemDropped, recorded: RecordedEvent
    ) -> None:
        await write(
            db,
            "UPDATE work_plan_items SET status = 'dropped', closed_on = :on,"
            " note = :note WHERE item_id = :id",
            id=event.item_id, on=event.dropped_on, note=event.reason,
        )  # fmt: skip


async def work_plan(db: AsyncSession, year: int, limit: int, offset: int) -> list[Row]:
    return await fetch_all(
        db,
        "SELECT * FROM work_plan_items WHERE year = :year ORDER BY seq" + PAGE,
        {"year": year, "limit": limit, "offset": offset},
    )
