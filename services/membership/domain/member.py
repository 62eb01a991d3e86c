"""The Member aggregate: one person's membership of the Assembly. Pure: no I/O."""

from __future__ import annotations

import uuid
from datetime import date

from services.membership.domain.errors import EndBeforeInclusion, MembershipAlreadyEnded
from services.membership.domain.events import (
    DecisionRef,
    EndGround,
    MemberCategory,
    MemberIncluded,
    MemberNameCorrected,
    MembershipEnded,
    PersonName,
)
from shared.domain import Aggregate


class Member(Aggregate):
    stream_type = "member"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.active = False
        self.included_on: date | None = None
        self.ended_on: date | None = None
        self.ground: EndGround | None = None
        self.name: PersonName | None = None

    @classmethod
    def include(
        cls,
        member_id: uuid.UUID,
        name: PersonName,
        region: str | None,
        category: MemberCategory,
        decision: DecisionRef,
        effective_on: date,
    ) -> Member:
        """The Chairman includes a person at his discretion, without nomination (Reg2002 §14)."""
        member = cls(str(member_id))
        member._record(
            MemberIncluded(
                member_id=member_id,
                name=name,
                region=region,
                category=category,
                decision=decision,
                effective_on=effective_on,
            )
        )
        return member

    def end(self, ground: EndGround, effective_on: date, decision: DecisionRef | None) -> None:
        """End the membership on a ground (Reg2002 §15, §20; Law 2008 Art. 17)."""
        if not self.active:
            raise MembershipAlreadyEnded(None, member_id=self.id)
        assert self.included_on is not None
        if effective_on < self.included_on:
            raise EndBeforeInclusion()
        self._record(
            MembershipEnded(
                member_id=uuid.UUID(self.id),
                ground=ground,
                decision=decision,
                effective_on=effective_on,
            )
        )

    def correct_name(self, name: PersonName, reason: str) -> None:
        """Personal data is corrected by an event of its own; nothing is overwritten."""
        if name == self.name:
            return
        self._record(MemberNameCorrected(member_id=uuid.UUID(self.id), name=name, reason=reason))

    def when_MemberIncluded(self, event: MemberIncluded) -> None:
        self.active = True
        self.name = event.name
        self.included_on = event.effective_on

    def when_MembershipEnded(self, event: MembershipEnded) -> None:
        self.active = False
        self.ended_on = event.effective_on
        self.ground = event.ground

    def when_MemberNameCorrected(self, event: MemberNameCorrected) -> None:
        self.name = event.name
