"""Reference data, pure: the seed, the events, and every rule and refusal of the aggregates."""

from __future__ import annotations

import re
import uuid
from datetime import date

import pytest
from pydantic import ValidationError

from services.membership.domain.errors import (
    AssociationAlreadyRegistered,
    AssociationIsClosed,
    EthnicGroupAlreadyRegistered,
    EthnicGroupOnlyForEthnocultural,
    EthnoculturalAssociationNeedsEthnicGroup,
    RegionalAssociationNeedsRegion,
    RegionAlreadyRegistered,
    RepublicanAssociationHasNoRegion,
    UnknownEthnicGroup,
    UnknownRegion,
)
from services.membership.domain.events import (
    CODE_PATTERN,
    AssociationClosed,
    AssociationKind,
    AssociationLevel,
    AssociationRegistered,
    AssociationRenamed,
    AssociationStatus,
    EthnicGroupRegistered,
    EthnicGroupRenamed,
    Names,
    RegionKind,
    RegionRegistered,
    RegionRenamed,
    registry,
)
from services.membership.domain.reference import Association, EthnicGroup, Region
from services.membership.domain.reference_data import ETHNIC_GROUPS, REGIONS
from shared.errors import Conflict, RuleViolation
from shared.eventstore.model import DomainEvent

ABAI = Names(kk="Абай облысы", ru="область Абай", en="Abai Region")
UYGHURS = Names(kk="Ұйғырлар", ru="Уйгуры", en="Uyghurs")
ASSOCIATION = Names(
    kk="Ұйғыр этномәдени орталығы", ru="Уйгурский этнокультурный центр", en="Uyghur centre"
)

EXPECTED_REGIONS = {
    "abai",
    "akmola",
    "aktobe",
    "almaty_region",
    "atyrau",
    "west_kazakhstan",
    "zhambyl",
    "zhetisu",
    "karaganda",
    "kostanay",
    "kyzylorda",
    "mangystau",
    "pavlodar",
    "north_kazakhstan",
    "turkistan",
    "ulytau",
    "east_kazakhstan",
    "astana",
    "almaty_city",
    "shymkent",
}


def registered_region() -> Region:
    region = Region("abai")
    region.register(RegionKind.REGION, ABAI)
    region.mark_saved()
    return region


def registered_group() -> EthnicGroup:
    group = EthnicGroup("uyghur")
    group.register(UYGHURS)
    group.mark_saved()
    return group


def registered_association(
    level: AssociationLevel = AssociationLevel.REGIONAL,
    kind: AssociationKind = AssociationKind.ETHNOCULTURAL,
    region: str | None = "almaty_region",
    ethnic_group: str | None = "uyghur",
) -> Association:
    association = Association(str(uuid.uuid4()))
    association.register(ASSOCIATION, level, kind, region, ethnic_group)
    association.mark_saved()
    return association


# --- The seed ----------------------------------------------------------------------------------


def test_the_seed_has_exactly_the_20_regions_with_their_kinds():
    assert len(REGIONS) == 20
    assert {r.code for r in REGIONS} == EXPECTED_REGIONS
    kinds = {r.code: RegionKind(r.kind) for r in REGIONS}
    assert [c for c, k in kinds.items() if k is RegionKind.CAPITAL] == ["astana"]
    assert sorted(
        c for c, k in kinds.items() if k is RegionKind.CITY_OF_REPUBLICAN_SIGNIFICANCE
    ) == [
        "almaty_city",
        "shymkent",
    ]
    assert sum(k is RegionKind.REGION for k in kinds.values()) == 17  # Reg2024 §18–19


def test_every_seeded_region_is_named_in_kazakh_russian_and_english():
    for r in REGIONS:
        names = Names(kk=r.kk, ru=r.ru, en=r.en)  # validates
        assert names.kk == r.kk.strip() and names.ru == r.ru.strip() and names.en == r.en.strip()
        if RegionKind(r.kind) is RegionKind.REGION:
            assert r.kk.endswith(" облысы"), r
            assert "область" in r.ru, r
            assert r.en.endswith(" Region"), r
    by_code = {r.code: r for r in REGIONS}
    assert (by_code["astana"].kk, by_code["astana"].ru, by_code["astana"].en) == (
        "Астана",
        "Астана",
        "Astana",
    )
    assert by_code["abai"].kk == "Абай облысы"
    # Kazakh names are written with the Kazakh letters.
    assert by_code["karaganda"].kk == "Қарағанды облысы"
    assert by_code["west_kazakhstan"].ru == "Западно-Казахстанская область"


def test_the_seeded_ethnic_groups_have_unique_valid_codes_and_three_names():
    codes = [g.code for g in ETHNIC_GROUPS]
    assert len(codes) == len(set(codes))
    assert {"kazakh", "russian", "uzbek", "ukrainian", "uyghur", "german", "tatar"} <= set(codes)
    assert codes[0] == "kazakh"
    for g in ETHNIC_GROUPS:
        assert re.fullmatch(CODE_PATTERN, g.code), g
        Names(kk=g.kk, ru=g.ru, en=g.en)
    assert len(ETHNIC_GROUPS) < 124  # the rest are registered by the Secretariat


def test_the_seed_is_what_the_aggregates_would_record():
    for r in REGIONS:
        region = Region(r.code)
        region.register(RegionKind(r.kind), Names(kk=r.kk, ru=r.ru, en=r.en))
        [event] = region.pending_events
        assert event.model_dump(mode="json") == {
            "code": r.code,
            "kind": r.kind,
            "name": {"kk": r.kk, "ru": r.ru, "en": r.en},
        }
    for g in ETHNIC_GROUPS:
        group = EthnicGroup(g.code)
        group.register(Names(kk=g.kk, ru=g.ru, en=g.en))
        [event] = group.pending_events
        assert event.model_dump(mode="json") == {
            "code": g.code,
            "name": {"kk": g.kk, "ru": g.ru, "en": g.en},
        }


# --- Names and codes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "names",
    [
        {"kk": "", "ru": "Уйгуры", "en": "Uyghurs"},
        {"kk": "   ", "ru": "Уйгуры", "en": "Uyghurs"},
        {"kk": "Ұйғырлар", "ru": "Уйгуры"},
        {"kk": "Ұйғырлар", "ru": "Уйгуры", "en": "x" * 201},
        {"kk": "Ұйғырлар", "ru": "Уйгуры", "en": "Uyghurs", "de": "Uiguren"},
    ],
)
def test_names_need_kazakh_russian_and_english_of_1_to_200_characters(names):
    with pytest.raises(ValidationError):
        Names.model_validate(names)


def test_names_are_trimmed():
    assert Names(kk=" Ұйғырлар ", ru="Уйгуры", en="Uyghurs").kk == "Ұйғырлар"


@pytest.mark.parametrize("code", ["Uyghur", "u", "1uyghur", "uy-ghur", "u" * 41, "уйгур"])
def test_a_bad_code_is_not_an_event(code):
    with pytest.raises(ValidationError):
        EthnicGroupRegistered(code=code, name=UYGHURS)


# --- Regions -----------------------------------------------------------------------------------


def test_a_region_is_registered_once():
    region = registered_region()
    assert (region.registered, region.kind, region.name, region.version) == (
        True,
        RegionKind.REGION,
        ABAI,
        1,
    )
    with pytest.raises(RegionAlreadyRegistered) as refused:
        region.register(RegionKind.REGION, ABAI)
    assert isinstance(refused.value, Conflict)
    assert refused.value.params == {"region": "abai"}


def test_a_region_is_renamed_by_an_event_and_the_same_name_is_no_event():
    region = registered_region()
    region.rename(ABAI, "no change")
    assert region.pending_events == ()
    new = ABAI.model_copy(update={"en": "Abay Region"})
    region.rename(new, "Decree No. 1 of 1 January 2027")
    [event] = region.pending_events
    assert isinstance(event, RegionRenamed)
    assert (event.code, event.name, event.reason) == ("abai", new, "Decree No. 1 of 1 January 2027")
    assert region.name == new


def test_a_rename_needs_a_reason_of_at_least_three_characters():
    region = registered_region()
    with pytest.raises(ValidationError):
        region.rename(ABAI.model_copy(update={"en": "Abay"}), "  x ")
    assert region.pending_events == ()


# --- Ethnic groups -----------------------------------------------------------------------------


def test_an_ethnic_group_code_is_taken_once():
    group = EthnicGroup("uyghur")
    group.register(UYGHURS)
    [event] = group.pending_events
    assert isinstance(event, EthnicGroupRegistered)
    with pytest.raises(EthnicGroupAlreadyRegistered) as refused:
        group.register(UYGHURS)
    assert refused.value.params == {"ethnic_group": "uyghur"}
    assert refused.value.status == 409


def test_a_rehydrated_ethnic_group_refuses_a_second_registration():
    group = EthnicGroup.rehydrate("uyghur", [EthnicGroupRegistered(code="uyghur", name=UYGHURS)])
    assert group.version == 1
    with pytest.raises(EthnicGroupAlreadyRegistered):
        group.register(UYGHURS)


def test_an_ethnic_group_is_renamed_and_the_same_name_is_no_event():
    group = registered_group()
    group.rename(UYGHURS, "same")
    assert group.pending_events == ()
    new = UYGHURS.model_copy(update={"en": "Uighurs"})
    group.rename(new, "spelling")
    [event] = group.pending_events
    assert isinstance(event, EthnicGroupRenamed) and event.name == new


# --- Associations (Reg2002 §13–14) --------------------------------------------------------------


def test_a_regional_ethnocultural_association_is_registered():
    association = Association(str(uuid.uuid4()))
    association.register(
        ASSOCIATION,
        AssociationLevel.REGIONAL,
        AssociationKind.ETHNOCULTURAL,
        "almaty_region",
        "uyghur",
    )
    [event] = association.pending_events
    assert isinstance(event, AssociationRegistered)
    assert event.association_id == association.association_id
    assert (event.level, event.kind, event.region, event.ethnic_group) == (
        AssociationLevel.REGIONAL,
        AssociationKind.ETHNOCULTURAL,
        "almaty_region",
        "uyghur",
    )
    assert association.status is AssociationStatus.ACTIVE


def test_a_republican_public_association_names_neither_region_nor_ethnic_group():
    association = registered_association(
        AssociationLevel.REPUBLICAN, AssociationKind.PUBLIC, None, None
    )
    assert (association.region, association.ethnic_group) == (None, None)


@pytest.mark.parametrize(
    ("level", "kind", "region", "ethnic_group", "refusal", "rule"),
    [
        (
            AssociationLevel.REGIONAL,
            AssociationKind.PUBLIC,
            None,
            None,
            RegionalAssociationNeedsRegion,
            "Reg2002 §14",
        ),
        (
            AssociationLevel.REPUBLICAN,
            AssociationKind.PUBLIC,
            "astana",
            None,
            RepublicanAssociationHasNoRegion,
            "Reg2002 §14",
        ),
        (
            AssociationLevel.REPUBLICAN,
            AssociationKind.ETHNOCULTURAL,
            None,
            None,
            EthnoculturalAssociationNeedsEthnicGroup,
            "Reg2002 §13–14",
        ),
        (
            AssociationLevel.REGIONAL,
            AssociationKind.PUBLIC,
            "shymkent",
            "uzbek",
            EthnicGroupOnlyForEthnocultural,
            "Reg2002 §13",
        ),
    ],
)
def test_association_rules_are_refused_citing_their_paragraph(
    level, kind, region, ethnic_group, refusal, rule
):
    association = Association(str(uuid.uuid4()))
    with pytest.raises(refusal) as refused:
        association.register(ASSOCIATION, level, kind, region, ethnic_group)
    assert isinstance(refused.value, RuleViolation)
    assert refused.value.rule == rule
    assert refused.value.status == 422
    assert association.pending_events == ()
    assert not association.registered


def test_an_association_is_registered_once():
    association = registered_association()
    with pytest.raises(AssociationAlreadyRegistered):
        association.register(
            ASSOCIATION, AssociationLevel.REPUBLICAN, AssociationKind.PUBLIC, None, None
        )


def test_an_association_is_renamed_and_the_same_name_is_no_event():
    association = registered_association()
    association.rename(ASSOCIATION, "same")
    assert association.pending_events == ()
    new = ASSOCIATION.model_copy(update={"en": "Uyghur Ethnocultural Centre"})
    association.rename(new, "decision of the general meeting")
    [event] = association.pending_events
    assert isinstance(event, AssociationRenamed) and association.name == new


def test_a_closed_association_is_neither_renamed_nor_closed_again():
    association = registered_association()
    association.close(date(2026, 5, 1), "liquidated by its members")
    [event] = association.pending_events
    assert isinstance(event, AssociationClosed)
    assert association.closed and association.closed_on == date(2026, 5, 1)
    association.mark_saved()
    with pytest.raises(AssociationIsClosed) as refused:
        association.rename(ASSOCIATION.model_copy(update={"en": "Other"}), "too late")
    assert refused.value.status == 409
    assert refused.value.params == {"association_id": association.id}
    with pytest.raises(AssociationIsClosed):
        association.close(date(2026, 6, 1), "again")
    with pytest.raises(AssociationIsClosed):  # even with the same name: it is history
        association.rename(ASSOCIATION, "same name")
    assert association.pending_events == ()


def test_rehydration_replays_an_association_to_the_same_state():
    association = Association(str(uuid.uuid4()))
    association.register(
        ASSOCIATION, AssociationLevel.REGIONAL, AssociationKind.ETHNOCULTURAL, "abai", "tatar"
    )
    association.rename(ASSOCIATION.model_copy(update={"ru": "Центр"}), "new charter")
    association.close(date(2026, 1, 15), "merged")
    history = association.pending_events
    again = Association.rehydrate(association.id, history)
    assert again.version == 3
    for attr in ("name", "level", "kind", "region", "ethnic_group", "status", "closed_on"):
        assert getattr(again, attr) == getattr(association, attr)


def test_reference_checks_cite_their_paragraph():
    assert UnknownRegion("mars").rule == "Reg2024 §18–19"
    assert UnknownRegion("mars").params["region"] == "mars"
    assert UnknownEthnicGroup("martians").rule == "Reg2002 §13–14"
    assert UnknownEthnicGroup("martians").reason_code == "unknown_ethnic_group"


# --- Events ------------------------------------------------------------------------------------

REFERENCE_EVENTS: list[DomainEvent] = [
    RegionRegistered(code="abai", kind=RegionKind.REGION, name=ABAI),
    RegionRenamed(code="abai", name=ABAI, reason="decree"),
    EthnicGroupRegistered(code="uyghur", name=UYGHURS),
    EthnicGroupRenamed(code="uyghur", name=UYGHURS, reason="spelling"),
    AssociationRegistered(
        association_id=uuid.uuid4(),
        name=ASSOCIATION,
        level=AssociationLevel.REPUBLICAN,
        kind=AssociationKind.ETHNOCULTURAL,
        region=None,
        ethnic_group="uyghur",
    ),
    AssociationRenamed(association_id=uuid.uuid4(), name=ASSOCIATION, reason="charter"),
    AssociationClosed(association_id=uuid.uuid4(), closed_on=date(2026, 1, 1), reason="merged"),
]


@pytest.mark.parametrize("event", REFERENCE_EVENTS, ids=lambda e: type(e).__name__)
def test_every_reference_event_is_registered_serialises_and_has_a_schema(event):
    new = registry.to_new_event(event)
    assert new.schema_version == 1
    assert type(event).model_validate(new.data) == event
    schemas = registry.json_schemas()
    assert f"{type(event).event_type}.v1" in schemas
    assert event.event_type.endswith(("Registered", "Renamed", "Closed"))  # past tense
