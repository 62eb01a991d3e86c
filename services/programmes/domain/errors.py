"""The programmes service's refusals, as typed errors; a refusal under a rule cites its
paragraph (from the procedure of the rulebook in force on the act's date)."""

from __future__ import annotations

from datetime import date

from shared.assemblies import NATIONAL
from shared.errors import Conflict, Forbidden, InvalidInput, RuleViolation


def date_in_future(field: str, day: date) -> InvalidInput:
    return InvalidInput(None, reason="programmes_date_in_future", field=field, day=str(day))


def date_before(field: str, day: date, earliest: date) -> InvalidInput:
    return InvalidInput(
        None, reason="programmes_date_before", field=field, day=str(day), earliest=str(earliest)
    )


class StepMissing(RuleViolation):
    """A step the rulebook requires before this one was not taken on the current version
    (Reg2024 §31: opinion, Council, Session, then the President)."""

    def __init__(self, rule: str, rulebook: str, step: str, missing: str, version: int) -> None:
        super().__init__(
            rule,
            "programmes_step_missing",
            rulebook=rulebook,
            step=step,
            missing=missing,
            version=version,
        )


class NotCompetent(RuleViolation):
    """The act is not this authority's under the rulebook of its date."""

    def __init__(self, rule: str, rulebook: str, act: str, given: str, competent: str) -> None:
        super().__init__(
            rule,
            "programmes_not_competent",
            rulebook=rulebook,
            act=act,
            given=given,
            competent=competent,
        )


class PowerNotProvided(RuleViolation):
    """The rulebook of the act's date gives no such power (e.g. the Council's awards before
    Reg2024 §13.5)."""

    def __init__(self, rule: str, rulebook: str, act: str) -> None:
        super().__init__(rule, "programmes_power_not_provided", rulebook=rulebook, act=act)


class StepRefused(Conflict):
    """The step does not fit where the document stands."""

    code = "programmes_step_refused"

    def __init__(self, step: str, status: str) -> None:
        super().__init__(None, step=step, status=status)


class NotInForce(RuleViolation):
    def __init__(self, rule: str, what: str, ident: str, day: date) -> None:
        super().__init__(rule, "programmes_not_in_force", what=what, id=ident, day=str(day))


class ConceptInForce(RuleViolation):
    """One Development Concept at a time (Reg2024 §32): a new one supersedes the one in force."""

    def __init__(self, rule: str, concept_id: str, day: date) -> None:
        super().__init__(rule, "programmes_concept_in_force", concept_id=concept_id, day=str(day))


class UnknownAct(RuleViolation):
    """A linked resolution or decision this service has not received (or not adopted, or of
    another kind)."""

    def __init__(self, rule: str, what: str, ident: str, expected: str = "") -> None:
        super().__init__(
            rule, "programmes_unknown_act", what=what, id=ident, expected=expected or "-"
        )


class BodyMismatch(RuleViolation):
    def __init__(self, rule: str, reason: str, **params: object) -> None:
        super().__init__(rule, reason, **params)


class AlreadyDone(Conflict):
    code = "programmes_already_done"

    def __init__(self, what: str, ident: str) -> None:
        super().__init__(None, what=what, id=ident)


class InvalidIdNumber(RuleViolation):
    """APPC 2020 Art. 63 and the number's own check digit."""

    def __init__(self) -> None:
        super().__init__("APPC 2020 Art. 63", "programmes_invalid_iin")


class OutOfScope(Forbidden):
    """A regional assembly acts for its own region's structures only, not for another
    region's nor for the Assembly's own bodies (Reg2024 §18–19): 403 ``assembly_scope``, as in
    every service (``shared.assemblies``; a body in no region belongs to the national
    Assembly)."""

    def __init__(self, region: str | None) -> None:
        super().__init__(None, reason="assembly_scope", assembly=region or NATIONAL)
