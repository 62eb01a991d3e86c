"""The roster on a date, by replaying membership events. Pure: the reference the read model's
``as_of`` queries are checked against."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from services.membership.domain.events import MemberIncluded, MembershipEnded
from shared.eventstore.model import DomainEvent


def roster_on(history: Iterable[DomainEvent], day: date) -> set[uuid.UUID]:
    """Members on ``day``: those whose inclusion took effect by then and whose membership had
    not ended (a membership ending on ``day`` no longer counts on it)."""
    included: dict[uuid.UUID, date] = {}
    ended: dict[uuid.UUID, date] = {}
    for event in history:
        if isinstance(event, MemberIncluded) and event.effective_on <= day:
            included[event.member_id] = event.effective_on
        elif isinstance(event, MembershipEnded) and event.effective_on <= day:
            ended[event.member_id] = event.effective_on
    return {member for member in included if member not in ended}
