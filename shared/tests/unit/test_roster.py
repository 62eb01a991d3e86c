"""The membership replica's predicate and keys, pure (``shared.roster``)."""

from __future__ import annotations

import uuid

from shared import roster
from shared.assemblies import REGIONAL_ASSEMBLIES


def test_a_body_counts_the_roster_of_its_assembly() -> None:
    """The Council counts the national roster; a regional assembly's council its region's
    (Law 2008 Art. 14)."""
    assert roster.roster_of_body("council") == "national"
    assert roster.roster_of_body("regional_assembly.abai") == "abai"
    assert {roster.roster_of_body(f"regional_assembly.{r}") for r in REGIONAL_ASSEMBLIES} == set(
        REGIONAL_ASSEMBLIES
    )


def test_the_predicate_names_the_roster_and_the_day_bounds() -> None:
    """joined_on <= D < left_on, on one roster (Reg2024 §9)."""
    sql = roster.member_on_day("m", ":r", ":d")
    assert sql == (
        "m.assembly = :r AND m.joined_on <= :d AND (m.left_on IS NULL OR :d < m.left_on)"
    )


def test_an_older_inclusion_is_a_national_membership_of_its_own_person() -> None:
    member = uuid.uuid4()
    event = roster.MemberIncluded.model_validate(
        {"member_id": str(member), "name": {"kk": "А", "ru": "А"}, "effective_on": "2024-01-01"}
    )
    assert (event.assembly, event.person_id, event.region) == (None, None, None)
    person = uuid.uuid4()
    regional = roster.MemberIncluded.model_validate(
        {"member_id": str(member), "name": {"kk": "А", "ru": "А"}, "effective_on": "2024-01-01",
         "assembly": "abai", "person_id": str(person), "region": "abai", "later": 1}
    )  # fmt: skip
    assert (regional.assembly, regional.person_id) == ("abai", person)
