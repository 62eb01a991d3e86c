"""Membership's refusals, as typed errors citing the rule they enforce."""

from __future__ import annotations

from shared.errors import Conflict, RuleViolation


class MembershipAlreadyEnded(Conflict):
    code = "membership_already_ended"


class EndBeforeInclusion(RuleViolation):
    def __init__(self) -> None:
        super().__init__("Reg2002 §15", "end_before_inclusion")


class ResignationOnlyBySelf(RuleViolation):
    """Reg2002 §20: a member may leave of their own will — their own, not another's."""

    def __init__(self) -> None:
        super().__init__("Reg2002 §20", "resignation_only_by_self")
