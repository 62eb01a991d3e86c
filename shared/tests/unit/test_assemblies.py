"""Who acts for which assembly (Reg2024 §18–19; Law 2008 Art. 14)."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from shared import assemblies
from shared.context import Actor
from shared.errors import Forbidden


def regional(region: str) -> Actor:
    return Actor(subject="ra", roles=frozenset({"regional_assembly"}), region=region)


def test_twenty_regional_assemblies_and_the_national_one() -> None:
    assert len(assemblies.REGIONAL_ASSEMBLIES) == 20
    assert len(set(assemblies.ASSEMBLIES)) == 21
    assert assemblies.ASSEMBLIES[0] == assemblies.NATIONAL


def test_a_regional_token_acts_for_its_own_assembly_only() -> None:
    assert assemblies.may_act_for(regional("abai"), "abai")
    assert not assemblies.may_act_for(regional("abai"), "astana")
    assert not assemblies.may_act_for(regional("abai"), assemblies.NATIONAL)
    with pytest.raises(Forbidden) as refused:
        assemblies.ensure_may_act_for(regional("abai"), "astana")
    assert refused.value.params["reason"] == "assembly_scope"


def test_a_regional_token_without_a_region_acts_for_none() -> None:
    actor = Actor(subject="ra", roles=frozenset({"regional_assembly"}))
    assert not any(assemblies.may_act_for(actor, a) for a in assemblies.ASSEMBLIES)
    assert assemblies.scope_of(actor) == ""


def test_the_secretariat_acts_for_every_assembly() -> None:
    actor = Actor(subject="s", roles=frozenset({"secretariat"}))
    assert all(assemblies.may_act_for(actor, a) for a in assemblies.ASSEMBLIES)
    assert assemblies.scope_of(actor) is None
    assert assemblies.scope_of(regional("abai")) == "abai"


def test_an_older_event_without_an_assembly_means_the_national_one() -> None:
    assert assemblies.of_event(None) == assemblies.NATIONAL
    assert assemblies.of_event("abai") == "abai"


def test_council_body_of_each_assembly() -> None:
    assert assemblies.body_key("national") == "council"
    assert assemblies.council_post("national") == "council_member"
    assert assemblies.body_key("abai") == "regional_assembly.abai"
    assert assemblies.council_post("abai") == "regional_council_member"


def test_an_unknown_assembly_is_refused_at_the_edge() -> None:
    adapter = TypeAdapter(assemblies.Assembly)
    assert adapter.validate_python("shymkent") == "shymkent"
    with pytest.raises(ValidationError):
        adapter.validate_python("atlantis")


def test_a_filter_on_the_national_assembly_matches_every_code_of_it() -> None:
    assert assemblies.codes_of(None) is None
    assert assemblies.codes_of("national") == ["apk", "hk", "national"]
    assert assemblies.codes_of("apk") == ["apk", "hk", "national"]
    assert assemblies.codes_of("abai") == ["abai"]
