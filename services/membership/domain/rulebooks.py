"""The rulebooks the Secretariat publishes, and the day the Halyq Kenesi succeeds the Assembly.
Pure: no I/O.

One stream (``rulebooks-ledger``): every version published after the packaged ones
(``shared/rulebooks/data``) and every succession date set, as events, so each is in the
service's audit log and reaches the sessions and council services on ``kelisim.membership.v1``
(``shared.rulebooks.publications``). A version is published once, whole (its effective date,
its values, the citation of every value, whether a value is provisional) and never changed:
a correction is a new version with its own id. It takes effect on its date and ends the
version in force then.

The succession date (Constitution 2026: the Halyq Kenesi, the supreme consultative body, carries
on the Assembly) is data the Secretariat sets, citing its document: from that day the Assembly's
last rulebook ends and the Halyq Kenesi's first begins; the history of both is kept. It cannot
precede the successor's rulebook (the Constitution in force on 1 Jul 2026), and once the day
has come it is not moved: acts of both bodies have been judged by it.
"""

from __future__ import annotations

import json
from datetime import date

from services.membership.domain.errors import RulebookVersionExists
from services.membership.domain.events import (
    DecisionRef,
    RulebookVersionPublished,
    SuccessionDateSet,
)
from shared.domain import Aggregate
from shared.errors import InvalidInput, RuleViolation
from shared.rulebooks import Rulebook, RulebookDataError, RulebookRegistry, parse_rulebook

LEDGER = "ledger"
SUCCESSION_RULE = "Constitution 2026 (in force 1 Jul 2026)"


class RulebookLedger(Aggregate):
    stream_type = "rulebooks"

    def __init__(self, aggregate_id: str = LEDGER) -> None:
        super().__init__(aggregate_id)
        self.versions: list[Rulebook] = []
        self.succession: dict[str, date] = {}

    def registry_with(
        self,
        packaged: list[Rulebook],
        versions: list[Rulebook] | None = None,
        succession: dict[str, date] | None = None,
    ) -> RulebookRegistry:
        """The registry the ledger gives (with a proposed change); ``InvalidInput`` naming
        the problem when the versions do not chain."""
        try:
            return RulebookRegistry.build(
                packaged,
                self.versions if versions is None else versions,
                self.succession if succession is None else succession,
            )
        except RulebookDataError as exc:
            raise InvalidInput(None, reason="rulebook_not_chained", problem=str(exc)) from exc

    def publish(
        self,
        text: str | bytes,
        document: DecisionRef,
        published_on: date,
        packaged: list[Rulebook],
    ) -> Rulebook:
        """Publish a version given as JSON (exact fractions, no floats). Refused when its id is
        taken, or when it does not fit the chain (the same effective date as another version
        of its assembly)."""
        try:
            book = parse_rulebook(text)
        except (ValueError, RulebookDataError) as exc:
            raise InvalidInput(None, reason="rulebook_invalid", problem=str(exc)[:500]) from exc
        taken = {(b.assembly, b.id) for b in (*packaged, *self.versions)}
        if (book.assembly, book.id) in taken:
            raise RulebookVersionExists(None, rulebook=book.id, assembly=book.assembly)
        self.registry_with(packaged, [*self.versions, book])
        self._record(
            RulebookVersionPublished(
                rulebook=json.loads(book.model_dump_json()),
                document=document,
                published_on=published_on,
            )
        )
        return book

    def set_succession(
        self,
        assembly: str,
        day: date,
        document: DecisionRef,
        today: date,
        packaged: list[Rulebook],
    ) -> None:
        """Set the day ``assembly`` succeeds the one its rulebook names."""
        successors = [b for b in (*packaged, *self.versions) if b.assembly == assembly]
        first = min(successors, key=lambda b: b.effective_from, default=None)
        if first is None or first.succeeds is None:
            raise InvalidInput(None, reason="rulebook_no_successor", assembly=assembly)
        current = self.succession.get(assembly)
        if current is not None and current <= today:
            raise RuleViolation(
                SUCCESSION_RULE, "succession_already_in_effect", on=current.isoformat()
            )
        if day < first.effective_from:
            raise RuleViolation(
                SUCCESSION_RULE,
                "succession_before_successor",
                on=day.isoformat(),
                earliest=first.effective_from.isoformat(),
            )
        self.registry_with(packaged, succession={**self.succession, assembly: day})
        self._record(
            SuccessionDateSet(assembly=assembly, succeeds=first.succeeds, on=day, document=document)
        )

    def when_RulebookVersionPublished(self, event: RulebookVersionPublished) -> None:
        self.versions.append(parse_rulebook(json.dumps(event.rulebook)))

    def when_SuccessionDateSet(self, event: SuccessionDateSet) -> None:
        self.succession[event.assembly] = event.on
