"""What the handlers of several aggregates check: a day no later than today, a resolution of
the Council that this service received (``consumers/council.py``)."""

from __future__ import annotations

import uuid
from datetime import date

from services.programmes import projections
from services.programmes.domain.errors import (
    UnknownAct,
    date_in_future,
)
from services.programmes.domain.received import ReceivedResolution
from shared.application import UnitOfWork


def not_after(field: str, day: date, today: date) -> None:
    if day > today:
        raise date_in_future(field, day)


async def received_resolution(
    uow: UnitOfWork, resolution_id: uuid.UUID, rule: str
) -> ReceivedResolution:
    found = await projections.received.resolution(uow.db, resolution_id)
    if found is None:
        raise UnknownAct(rule, "resolution", str(resolution_id))
    return found
