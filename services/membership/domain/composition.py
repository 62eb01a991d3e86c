"""The composition a rulebook fixes: the Halyq Kenesi's 126 members in three quotas of 42
(ethnocultural associations, maslikhats, public associations; Constitution 2026). Pure: no I/O.

The Assembly's rulebooks fix no size or quota (Reg2002 §13: the roster of the day decides), so
this applies from the succession date only, when the Halyq Kenesi's rulebook is in force. A
membership starting on day D must fit its quota and the total on D and on every later day it
covers: the handler counts the members of the roster on each of those days (the most of them)
and passes the counts here.
"""

from __future__ import annotations

from datetime import date

from services.membership.domain.events import MemberCategory
from shared.errors import RuleViolation
from shared.rulebooks import NoRulebookInForce, Rulebook, composition_of, rulebook_on

SUCCESSOR = "hk"
"""The assembly that succeeds the Assembly from the succession date (the Halyq Kenesi)."""


def quota_rulebook(day: date) -> Rulebook | None:
    """The rulebook fixing the composition on ``day``, if any (the Halyq Kenesi's, from the
    succession date the Secretariat sets)."""
    try:
        book = rulebook_on(day, SUCCESSOR)
    except NoRulebookInForce:
        return None
    return book if composition_of(book)[0] is not None else None


def check_quota(
    book: Rulebook, category: MemberCategory, day: date, in_category: int, in_total: int
) -> None:
    """One more member of ``category`` from ``day`` fits its quota and the total, with
    ``in_category`` and ``in_total`` the most members on any day the membership covers."""
    composition, citation, _ = composition_of(book)
    assert composition is not None
    quota = composition.quota(category.value)
    if quota is None:
        raise RuleViolation(
            citation,
            "composition_category_without_quota",
            category=category.value,
            quotas=", ".join(q.category for q in composition.quotas),
        )
    if in_category + 1 > quota.seats:
        raise RuleViolation(
            citation, "composition_quota_full", category=category.value, seats=quota.seats,
            on=day.isoformat(),
        )  # fmt: skip
    if in_total + 1 > composition.total:
        raise RuleViolation(
            citation, "composition_full", total=composition.total, on=day.isoformat()
        )
