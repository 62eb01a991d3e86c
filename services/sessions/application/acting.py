"""Who acts, for the command handlers of every aggregate: the acting member's id from a
member's token, whom the Secretariat or a member may act for, and the refusal of a day after
today (every date a Kazakhstan calendar day from the injectable clock)."""

from __future__ import annotations

import uuid
from datetime import date

from services.sessions.domain.events import RegisteredBy
from shared.assemblies import REGIONAL_ROLE
from shared.context import Actor
from shared.errors import Forbidden, InvalidInput

SECRETARIAT_ROLES = frozenset({"secretariat", REGIONAL_ROLE})
"""Who registers any member's attendance: the Secretariat, and a regional assembly's token at
its own assembly's Sessions."""


def not_after_today(field: str, day: date, today: date) -> None:
    if day > today:
        raise InvalidInput(None, reason="date_in_future", field=field, day=str(day))


def acting_for(actor: Actor, member_id: uuid.UUID) -> RegisteredBy:
    """The Secretariat acts for any member (a regional assembly's for its own assembly's, which
    the handler checks on the Session); a member only for themself."""
    if actor.roles & SECRETARIAT_ROLES:
        return RegisteredBy.SECRETARIAT
    if actor.subject != str(member_id):
        raise Forbidden(None, reason="members_act_for_themselves")
    return RegisteredBy.SELF


def member_id_of(subject: str) -> uuid.UUID:
    """The acting member's id: a member's token names the member as its subject."""
    try:
        return uuid.UUID(subject)
    except ValueError:
        raise Forbidden(None, reason="members_act_for_themselves") from None
