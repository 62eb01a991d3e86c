"""The procedures are data that match the rulebooks: one per rulebook of the Assembly, every
kind of body covered, every rule citing a paragraph of its own Regulation (or the Assembly's
overview for the regional structures)."""

from __future__ import annotations

from datetime import date

import pytest

from services.programmes.domain.events import Authority, BodyKind, Step
from services.programmes.domain.procedures import PROCEDURES, procedure_on
from shared.rulebooks import RULEBOOKS, NoRulebookInForce, Rule


def _rules(value: object) -> list[Rule[object]]:
    if isinstance(value, Rule):
        return [value]
    if isinstance(value, dict):
        return [r for v in value.values() for r in _rules(v)]
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return [r for name in fields for r in _rules(getattr(value, name))]
    return []


def test_one_procedure_per_rulebook_of_the_assembly() -> None:
    assert set(PROCEDURES) == {book.id for book in RULEBOOKS.of("apk")}
    for procedure in PROCEDURES.values():
        assert set(procedure.bodies) == set(BodyKind)


@pytest.mark.parametrize("rulebook", sorted(PROCEDURES))
def test_every_rule_cites_its_own_regulation(rulebook: str) -> None:
    rules = _rules(PROCEDURES[rulebook])
    assert len(rules) > 20
    for rule in rules:
        assert rule.citation.startswith((f"{rulebook} §", "APK overview")), rule.citation


def test_the_route_of_each_period() -> None:
    """Reg2024 §31 and Reg2011 §25: opinion, Council, Session; Reg2002 §8: the Session only;
    the Concept goes to the Chairman (Reg2024 §32), whom the President followed in 2011
    (Reg2011 §26)."""
    now, then, before = date(2025, 6, 1), date(2015, 6, 1), date(2005, 6, 1)
    route = procedure_on(now).programme_document
    assert [route.requirement(s).value for s in Step][:3] == [True, True, True]
    assert route.requirement(Step.COUNCIL_DISCUSSION).citation == "Reg2024 §31"
    old = procedure_on(before).programme_document
    assert [old.requirement(s).value for s in Step][:3] == [False, False, True]
    assert procedure_on(then).development_concept.approved_by.value == (Authority.PRESIDENT,)
    assert Authority.CHAIRMAN in procedure_on(now).development_concept.approved_by.value
    assert procedure_on(then).awards.value is None
    assert procedure_on(now).awards.citation == "Reg2024 §13.5"
    assert procedure_on(date(2024, 12, 27)).rulebook == "Reg2024"
    assert procedure_on(date(2024, 12, 26)).rulebook == "Reg2011"
    with pytest.raises(NoRulebookInForce):
        procedure_on(date(2001, 1, 1))
