"""What each Regulation says about the Assembly's written work and working bodies, as data.

``data/procedures-apk.json`` holds one procedure per rulebook of ``shared/rulebooks`` (Reg2002,
Reg2011, Reg2024), every rule with the paragraph it comes from: which steps a programme
document or the Concept must have passed before it goes further (Reg2024 §31–32), who it is
submitted to and who approves it, who may give orders to carry it out, who coordinates action
plans (§28), whether the Council establishes awards (§13.5) and proposes work-plan items
(§13.4), and who creates each kind of working body and approves its statute (§20–26).

:func:`procedure_on` gives the procedure of the rulebook in force on an act's date, so every
act is judged by the rules of its own day, also when history is replayed. Read once, at import,
like the rulebooks themselves.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from importlib.resources import files
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from services.programmes.domain.events import Authority, BodyKind, Step
from shared.rulebooks import RULEBOOKS, Rule, rulebook_on
from shared.rulebooks.registry import NATIONAL_ASSEMBLY

DATA_PACKAGE = "services.programmes.domain.data"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


Authorities = tuple[Authority, ...]


class Route(_Frozen):
    """The way of a programme document or of the Concept."""

    drafted_by: Rule[Authorities]
    expert_opinion: Rule[bool]
    council_discussion: Rule[bool]
    session_consideration: Rule[bool]
    submitted_to: Rule[Authorities]
    approved_by: Rule[Authorities]
    orders_by: Rule[Authorities]

    def requirement(self, step: Step) -> Rule[bool]:
        """Whether ``step`` must have been taken before the steps after it."""
        match step:
            case Step.EXPERT_OPINION:
                return self.expert_opinion
            case Step.COUNCIL_DISCUSSION:
                return self.council_discussion
            case Step.SESSION_CONSIDERATION:
                return self.session_consideration
            case _:
                return Rule(value=True, citation=self.submitted_to.citation)


class BodyRule(_Frozen):
    established_by: Authorities = Field(min_length=1)
    statute_by: Authorities = Field(min_length=1)
    composition_by_membership: bool
    """The body's chair, deputies and members are posts kept by the membership service (the
    Scientific-Expert Council: Reg2024 §22, §24); here only the experts it draws on."""


class Procedure(_Frozen):
    rulebook: str
    programme_document: Route
    development_concept: Route
    action_plans: Rule[Authorities]
    awards: Rule[Authorities | None]
    work_plan: Rule[Authorities]
    work_plan_proposals: Rule[Authorities | None]
    bodies: dict[BodyKind, Rule[BodyRule | None]]

    @model_validator(mode="after")
    def _every_kind(self) -> Self:
        missing = set(BodyKind) - set(self.bodies)
        if missing:
            raise ValueError(f"{self.rulebook}: no rule for bodies {sorted(missing)}")
        return self

    def route(self, kind: str) -> Route:
        if kind == "development_concept":
            return self.development_concept
        return self.programme_document


class ProcedureBook(_Frozen):
    assembly: str
    note: str | None = None
    procedures: tuple[Procedure, ...]


class ProcedureDataError(ValueError):
    """The packaged procedures do not match the rulebooks."""


def load(assembly: str = NATIONAL_ASSEMBLY) -> Mapping[str, Procedure]:
    """The procedures of ``assembly`` by rulebook id; every rulebook of the assembly has one."""
    raw: Any = json.loads(files(DATA_PACKAGE).joinpath(f"procedures-{assembly}.json").read_bytes())
    book = ProcedureBook.model_validate(raw)
    by_rulebook = {p.rulebook: p for p in book.procedures}
    if len(by_rulebook) != len(book.procedures):
        raise ProcedureDataError(f"{assembly}: a rulebook has two procedures")
    rulebooks = {b.id for b in RULEBOOKS.of(assembly)}
    missing = sorted(rulebooks - set(by_rulebook))
    if missing:
        raise ProcedureDataError(f"{assembly}: no procedure for {missing}")
    return by_rulebook


PROCEDURES: Mapping[str, Procedure] = load()


def procedure_on(day: date) -> Procedure:
    """The procedure of the Assembly's rulebook in force on ``day`` (raises
    ``NoRulebookInForce`` before the first)."""
    return PROCEDURES[rulebook_on(day, NATIONAL_ASSEMBLY).id]
