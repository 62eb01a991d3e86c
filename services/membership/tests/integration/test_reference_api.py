"""Reference data through the API against real PostgreSQL: the seed, every endpoint, refusals,
concurrency, and rebuilding the read models from the event store."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import text

from services.membership.domain.events import Names, RegionKind
from services.membership.domain.reference import EthnicGroup, Region
from services.membership.domain.reference_data import ETHNIC_GROUPS, REGIONS
from services.membership.projections.associations import get_association
from services.membership.projections.ethnic_groups import ethnic_group_exists
from services.membership.projections.regions import region_exists
from services.membership.tests.conftest import auth
from shared.api.auth import mint_token
from shared.citations import cite

pytestmark = pytest.mark.integration

BASE = "/v1/reference"
SEED_EVENTS = len(REGIONS) + len(ETHNIC_GROUPS)
MIGRATION_NAMESPACE = uuid.uuid5(
    uuid.NAMESPACE_URL, "https://kelisim.kz/membership/migrations/0003"
)

UYGHUR_CENTRE: dict[str, Any] = {
    "name": {
        "kk": "Алматы облысының ұйғыр этномәдени орталығы",
        "ru": "Уйгурский этнокультурный центр Алматинской области",
        "en": "Uyghur Ethnocultural Centre of Almaty Region",
    },
    "level": "regional",
    "kind": "ethnocultural",
    "region": "almaty_region",
    "ethnic_group": "uyghur",
}
REPUBLICAN_PUBLIC: dict[str, Any] = {
    "name": {"kk": "Республикалық бірлестік", "ru": "Республиканское объединение", "en": "Union"},
    "level": "republican",
    "kind": "public",
}
RENAME: dict[str, Any] = {
    "name": {"kk": "Абай облысы", "ru": "Абайская область", "en": "Abai Region"},
    "reason": "Secretariat's decision No. 12 of 2 March 2026",
}


def secretariat(app, **headers: str) -> dict[str, str]:
    return {**auth(app, "sec-1", "secretariat"), **headers}


async def register_association(client, app, body=None, **headers):
    return await client.post(
        f"{BASE}/associations", json=body or UYGHUR_CENTRE, headers=secretariat(app, **headers)
    )


async def count_events(app, stream_type: str | None = None) -> int:
    async with app.state.platform.sessions() as db:
        query = "SELECT count(*) FROM events" + (" WHERE stream_type = :t" if stream_type else "")
        return (await db.execute(text(query), {"t": stream_type})).scalar_one()


async def tables(app) -> dict[str, list[tuple[Any, ...]]]:
    queries = {
        "regions": "SELECT * FROM regions ORDER BY code",
        "ethnic_groups": "SELECT * FROM ethnic_groups ORDER BY code",
        "associations": "SELECT * FROM associations ORDER BY association_id",
    }
    async with app.state.platform.sessions() as db:
        return {
            name: [tuple(row) for row in await db.execute(text(query))]
            for name, query in queries.items()
        }


# --- The seed ----------------------------------------------------------------------------------


async def test_the_20_seeded_regions_are_listed_to_anyone_with_three_names(client):
    response = await client.get(f"{BASE}/regions")
    assert response.status_code == 200
    regions = response.json()
    assert len(regions) == 20
    assert regions[0] == {
        "code": "astana",
        "kind": "capital",
        "name": {"kk": "Астана", "ru": "Астана", "en": "Astana"},
        "version": 1,
    }
    assert [r["code"] for r in regions[1:3]] == ["almaty_city", "shymkent"]
    by_code = {r["code"]: r for r in regions}
    assert by_code["abai"]["name"] == {
        "kk": "Абай облысы",
        "ru": "область Абай",
        "en": "Abai Region",
    }
    assert by_code["east_kazakhstan"]["name"]["kk"] == "Шығыс Қазақстан облысы"
    assert by_code["east_kazakhstan"]["name"]["ru"] == "Восточно-Казахстанская область"
    assert all(r["name"]["kk"] and r["name"]["ru"] and r["name"]["en"] for r in regions)
    assert sum(r["kind"] == "region" for r in regions) == 17

    cities = await client.get(f"{BASE}/regions", params={"kind": "city_of_republican_significance"})
    assert [r["code"] for r in cities.json()] == ["almaty_city", "shymkent"]


async def test_the_seeded_ethnic_groups_are_listed(client):
    response = await client.get(f"{BASE}/ethnic-groups", headers={"Accept-Language": "ru"})
    assert response.status_code == 200
    groups = {g["code"]: g for g in response.json()}
    assert len(groups) == len(ETHNIC_GROUPS)
    assert groups["kazakh"]["name"] == {"kk": "Қазақтар", "ru": "Казахи", "en": "Kazakhs"}
    assert groups["uyghur"]["version"] == 1


async def test_the_seed_is_stored_as_events_of_the_migration(app):
    platform = app.state.platform
    async with platform.sessions() as db:
        rows = await platform.store.read_all(db, limit=1000)
    assert len(rows) == SEED_EVENTS
    assert [r.stream_type for r in rows] == ["region"] * 20 + ["ethnic_group"] * len(ETHNIC_GROUPS)
    for row in rows:
        assert row.version == 1
        assert row.stream_id == f"{row.stream_type}-{row.data['code']}"
        assert row.event_id == uuid.uuid5(MIGRATION_NAMESPACE, f"{row.stream_id}/1")
        assert row.metadata["actor"] == "system:migration-0003"
        assert row.metadata["roles"] == []
        assert row.metadata["correlation_id"] == "migration-0003"
        platform.registry.load(row)  # a valid event of the current schema
    # ... exactly the events the aggregates would record.
    by_stream = {r.stream_id: r for r in rows}
    for seed in REGIONS:
        region = Region(seed.code)
        region.register(RegionKind(seed.kind), Names(kk=seed.kk, ru=seed.ru, en=seed.en))
        [event] = region.pending_events
        stored = by_stream[region.stream_id]
        assert (stored.event_type, stored.data) == (
            "RegionRegistered",
            event.model_dump(mode="json"),
        )
    for seed in ETHNIC_GROUPS:
        group = EthnicGroup(seed.code)
        group.register(Names(kk=seed.kk, ru=seed.ru, en=seed.en))
        [event] = group.pending_events
        assert by_stream[group.stream_id].data == event.model_dump(mode="json")


async def test_reference_events_are_in_the_published_schemas(client):
    schemas = (await client.get("/v1/schemas/events")).json()
    for name in (
        "RegionRegistered",
        "RegionRenamed",
        "EthnicGroupRegistered",
        "EthnicGroupRenamed",
        "AssociationRegistered",
        "AssociationRenamed",
        "AssociationClosed",
    ):
        assert f"{name}.v1" in schemas


# --- Regions -----------------------------------------------------------------------------------


async def test_a_region_is_read_with_its_version_as_etag(client):
    response = await client.get(f"{BASE}/regions/shymkent")
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.json()["kind"] == "city_of_republican_significance"


async def test_an_unknown_region_is_a_404_and_a_malformed_code_a_422(client):
    missing = await client.get(f"{BASE}/regions/atlantis", headers={"Accept-Language": "en"})
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    malformed = await client.get(f"{BASE}/regions/Abai-1")
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["location"] == "path.code"


async def test_the_secretariat_renames_a_region_and_the_history_keeps_both_names(client, app):
    response = await client.post(
        f"{BASE}/regions/abai/rename", json=RENAME, headers=secretariat(app, **{"If-Match": '"1"'})
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"code": "abai", "version": 2}
    read = await client.get(f"{BASE}/regions/abai")
    assert read.json()["name"]["ru"] == "Абайская область"
    assert read.headers["ETag"] == '"2"'
    async with app.state.platform.sessions() as db:
        history = await app.state.platform.store.read_stream(db, "region-abai")
    assert [e.event_type for e in history] == ["RegionRegistered", "RegionRenamed"]
    assert history[0].data["name"]["ru"] == "область Абай"
    assert history[1].data["reason"] == RENAME["reason"]
    assert history[1].metadata["actor"] == "sec-1"


async def test_renaming_to_the_same_name_records_nothing(client, app):
    same = {"name": {"kk": "Астана", "ru": "Астана", "en": "Astana"}, "reason": "no change"}
    response = await client.post(
        f"{BASE}/regions/astana/rename", json=same, headers=secretariat(app)
    )
    assert response.status_code == 200
    assert response.json()["version"] == 1
    assert await count_events(app) == SEED_EVENTS


async def test_renaming_an_unknown_region_is_a_404(client, app):
    response = await client.post(
        f"{BASE}/regions/atlantis/rename", json=RENAME, headers=secretariat(app)
    )
    assert response.status_code == 404
    assert await count_events(app) == SEED_EVENTS


async def test_regions_are_not_added_through_the_api(client, app):
    body = {"code": "semey", "kind": "region", "name": RENAME["name"]}
    response = await client.post(f"{BASE}/regions", json=body, headers=secretariat(app))
    assert response.status_code == 405


async def test_a_stale_if_match_is_a_412_and_changes_nothing(client, app):
    first = await client.post(
        f"{BASE}/regions/abai/rename", json=RENAME, headers=secretariat(app, **{"If-Match": '"1"'})
    )
    assert first.status_code == 200
    other = {**RENAME, "name": {**RENAME["name"], "en": "Abay Region"}}
    stale = await client.post(
        f"{BASE}/regions/abai/rename", json=other, headers=secretariat(app, **{"If-Match": '"1"'})
    )
    assert stale.status_code == 412
    problem = stale.json()
    assert problem["code"] == "concurrency_conflict"
    assert (problem["expected_version"], problem["actual_version"]) == (1, 2)
    assert (await client.get(f"{BASE}/regions/abai")).json()["name"]["en"] == "Abai Region"


async def test_a_malformed_if_match_is_a_422(client, app):
    response = await client.post(
        f"{BASE}/regions/abai/rename", json=RENAME, headers=secretariat(app, **{"If-Match": "v1"})
    )
    assert response.status_code == 422
    assert response.json()["reason_code"] == "if_match_invalid"


# --- Who may change reference data -------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/regions/abai/rename", RENAME),
        ("post", "/ethnic-groups", {"code": "mari", "name": RENAME["name"]}),
        ("post", "/ethnic-groups/uyghur/rename", RENAME),
        ("post", "/associations", UYGHUR_CENTRE),
        ("post", f"/associations/{uuid.uuid4()}/rename", RENAME),
        (
            "post",
            f"/associations/{uuid.uuid4()}/close",
            {"closed_on": "2026-01-01", "reason": "gone"},
        ),
    ],
)
async def test_only_the_secretariat_changes_reference_data(client, app, method, path, body):
    anonymous = await client.request(method, BASE + path, json=body)
    assert anonymous.status_code == 401
    assert anonymous.headers["WWW-Authenticate"].startswith("Bearer")
    regional = mint_token(app.state.auth_settings, "ra-1", ["regional_assembly"], region="abai")
    for headers in (
        auth(app, "m-1", "member"),
        auth(app, "p-1", "public"),
        auth(app, "c-1", "chairman"),
        {"Authorization": f"Bearer {regional}"},
    ):
        refused = await client.request(
            method, BASE + path, json=body, headers={**headers, "Accept-Language": "ru"}
        )
        assert refused.status_code == 403, headers
        assert refused.json()["code"] == "forbidden"
        assert "Секретариат Ассамблеи" in refused.json()["detail"]  # the role by its title
    assert await count_events(app) == SEED_EVENTS


async def test_everyone_reads_reference_data(client, app):
    for headers in ({}, auth(app, "m-1", "member"), auth(app, "p-1", "public")):
        for path in (
            "/regions",
            "/regions/abai",
            "/ethnic-groups",
            "/ethnic-groups/kazakh",
            "/associations",
        ):
            assert (await client.get(BASE + path, headers=headers)).status_code == 200, path


# --- Ethnic groups -----------------------------------------------------------------------------


async def test_the_secretariat_registers_an_ethnic_group_once(client, app):
    body = {"code": "mari", "name": {"kk": "Марилер", "ru": "Марийцы", "en": "Mari"}}
    created = await client.post(f"{BASE}/ethnic-groups", json=body, headers=secretariat(app))
    assert created.status_code == 201, created.text
    assert created.json() == {"code": "mari", "version": 1}
    read = await client.get(f"{BASE}/ethnic-groups/mari")
    assert read.json()["name"] == body["name"]
    again = await client.post(
        f"{BASE}/ethnic-groups", json=body, headers=secretariat(app, **{"Accept-Language": "kk"})
    )
    assert again.status_code == 409
    problem = again.json()
    assert problem["code"] == "ethnic_group_already_registered"
    assert problem["title"] == "Этнос бұрын тіркелген"
    assert "«mari»" in problem["detail"]
    assert await count_events(app, "ethnic_group") == len(ETHNIC_GROUPS) + 1


async def test_a_seeded_ethnic_group_cannot_be_registered_again(client, app):
    body = {"code": "kazakh", "name": {"kk": "Қазақтар", "ru": "Казахи", "en": "Kazakhs"}}
    response = await client.post(
        f"{BASE}/ethnic-groups", json=body, headers=secretariat(app, **{"Accept-Language": "ru"})
    )
    assert response.status_code == 409
    assert response.json()["detail"] == (
        "Этнос с кодом «kazakh» уже зарегистрирован; код присваивается один раз."
    )


async def test_an_ethnic_group_is_renamed_with_if_match(client, app):
    body = {"name": {"kk": "Ұйғырлар", "ru": "Уйгуры", "en": "Uighurs"}, "reason": "spelling"}
    ok = await client.post(
        f"{BASE}/ethnic-groups/uyghur/rename",
        json=body,
        headers=secretariat(app, **{"If-Match": '"1"'}),
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = await client.post(
        f"{BASE}/ethnic-groups/uyghur/rename",
        json={**body, "name": {**body["name"], "en": "Uyghurs"}},
        headers=secretariat(app, **{"If-Match": '"1"'}),
    )
    assert stale.status_code == 412
    missing = await client.post(
        f"{BASE}/ethnic-groups/martian/rename", json=body, headers=secretariat(app)
    )
    assert missing.status_code == 404
    assert (await client.get(f"{BASE}/ethnic-groups/martian")).status_code == 404


@pytest.mark.parametrize(
    ("body", "location"),
    [
        ({"code": "Mari", "name": {"kk": "М", "ru": "М", "en": "M"}}, "body.code"),
        ({"code": "m", "name": {"kk": "М", "ru": "М", "en": "M"}}, "body.code"),
        ({"code": "mari", "name": {"kk": "М", "ru": "М"}}, "body.name.en"),
        ({"code": "mari", "name": {"kk": " ", "ru": "М", "en": "M"}}, "body.name.kk"),
        ({"code": "mari", "name": {"kk": "М" * 201, "ru": "М", "en": "M"}}, "body.name.kk"),
        ({"code": "mari", "name": {"kk": "М", "ru": "М", "en": "M"}, "extra": 1}, "body.extra"),
    ],
)
async def test_bad_ethnic_group_input_is_a_localised_422(client, app, body, location):
    response = await client.post(
        f"{BASE}/ethnic-groups", json=body, headers=secretariat(app, **{"Accept-Language": "kk"})
    )
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "validation_failed"
    assert location in {e["location"] for e in problem["errors"]}
    assert response.headers["Content-Language"] == "kk"
    assert await count_events(app) == SEED_EVENTS


# --- Associations ------------------------------------------------------------------------------


async def test_the_secretariat_registers_an_association_and_anyone_reads_it(client, app):
    created = await register_association(client, app)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["version"] == 1 and body["status"] == "active"
    association_id = body["association_id"]
    read = await client.get(f"{BASE}/associations/{association_id}")
    assert read.status_code == 200
    assert read.headers["ETag"] == '"1"'
    assert read.json() == {
        "association_id": association_id,
        **UYGHUR_CENTRE,
        "status": "active",
        "closed_on": None,
        "version": 1,
    }


async def test_associations_are_filtered_by_region_level_kind_ethnic_group_and_status(client, app):
    centre = (await register_association(client, app)).json()["association_id"]
    union = (await register_association(client, app, REPUBLICAN_PUBLIC)).json()["association_id"]
    tatar = {**UYGHUR_CENTRE, "region": "abai", "ethnic_group": "tatar"}
    tatars = (await register_association(client, app, tatar)).json()["association_id"]
    await client.post(
        f"{BASE}/associations/{tatars}/close",
        json={"closed_on": "2026-04-01", "reason": "liquidated"},
        headers=secretariat(app),
    )

    async def ids(**params: str) -> set[str]:
        response = await client.get(f"{BASE}/associations", params=params)
        assert response.status_code == 200, response.text
        return {a["association_id"] for a in response.json()}

    assert await ids() == {centre, union, tatars}
    assert await ids(region="almaty_region") == {centre}
    assert await ids(level="republican") == {union}
    assert await ids(kind="ethnocultural") == {centre, tatars}
    assert await ids(ethnic_group="tatar") == {tatars}
    assert await ids(status="active") == {centre, union}
    assert await ids(status="closed", region="abai") == {tatars}
    assert await ids(kind="public", region="abai") == set()
    assert len(await ids(limit="1")) == 1
    for bad in ({"level": "national"}, {"region": "Abai"}, {"status": "gone"}, {"limit": "0"}):
        assert (await client.get(f"{BASE}/associations", params=bad)).status_code == 422


@pytest.mark.parametrize(
    ("change", "reason_code", "rule"),
    [
        ({"region": None}, "regional_association_needs_region", "Reg2002 §14"),
        ({"level": "republican"}, "republican_association_has_no_region", "Reg2002 §14"),
        ({"ethnic_group": None}, "ethnocultural_association_needs_ethnic_group", "Reg2002 §13–14"),
        ({"kind": "public"}, "ethnic_group_only_for_ethnocultural", "Reg2002 §13"),
        ({"region": "atlantis"}, "unknown_region", "Reg2024 §18–19"),
        ({"ethnic_group": "martian"}, "unknown_ethnic_group", "Reg2002 §13–14"),
    ],
)
async def test_association_rules_are_422s_citing_the_rule(client, app, change, reason_code, rule):
    body = {**UYGHUR_CENTRE, **change}
    response = await register_association(client, app, body, **{"Accept-Language": "ru"})
    assert response.status_code == 422, response.text
    problem = response.json()
    assert (problem["code"], problem["reason_code"], problem["rule"]) == (
        "rule_violation",
        reason_code,
        rule,
    )
    assert cite(rule, "ru") in problem["reason"]  # the act and paragraph in words
    assert any("а" <= ch <= "я" for ch in problem["reason"].lower())
    assert await count_events(app) == SEED_EVENTS


async def test_bad_association_input_is_a_422(client, app):
    bad = {**UYGHUR_CENTRE, "level": "national", "kind": None, "name": {"kk": "А"}}
    response = await register_association(client, app, bad)
    assert response.status_code == 422
    locations = {e["location"] for e in response.json()["errors"]}
    assert {"body.level", "body.kind", "body.name.ru", "body.name.en"} <= locations
    closing = await client.post(
        f"{BASE}/associations/{uuid.uuid4()}/close",
        json={"closed_on": "yesterday", "reason": "x"},
        headers=secretariat(app),
    )
    assert closing.status_code == 422
    assert {e["location"] for e in closing.json()["errors"]} == {"body.closed_on", "body.reason"}
    assert (await client.get(f"{BASE}/associations/not-a-uuid")).status_code == 422


async def test_an_association_is_renamed_then_closed_then_refused(client, app):
    association_id = (await register_association(client, app)).json()["association_id"]
    url = f"{BASE}/associations/{association_id}"
    new_name = {**UYGHUR_CENTRE["name"], "en": "Uyghur Cultural Centre of Almaty Region"}
    renamed = await client.post(
        f"{url}/rename",
        json={"name": new_name, "reason": "new charter"},
        headers=secretariat(app, **{"If-Match": '"1"'}),
    )
    assert renamed.status_code == 200 and renamed.json()["version"] == 2
    stale = await client.post(
        f"{url}/close",
        json={"closed_on": "2026-05-01", "reason": "liquidated"},
        headers=secretariat(app, **{"If-Match": '"1"'}),
    )
    assert stale.status_code == 412
    assert stale.json()["code"] == "concurrency_conflict"
    closed = await client.post(
        f"{url}/close",
        json={"closed_on": "2026-05-01", "reason": "liquidated"},
        headers=secretariat(app, **{"If-Match": '"2"'}),
    )
    assert closed.status_code == 200
    assert closed.json() == {"association_id": association_id, "version": 3, "status": "closed"}
    read = (await client.get(url)).json()
    assert (read["name"]["en"], read["status"], read["closed_on"]) == (
        new_name["en"],
        "closed",
        "2026-05-01",
    )
    for action, body in (
        ("rename", {"name": UYGHUR_CENTRE["name"], "reason": "too late"}),
        ("close", {"closed_on": "2026-06-01", "reason": "again"}),
    ):
        refused = await client.post(
            f"{url}/{action}", json=body, headers=secretariat(app, **{"Accept-Language": "kk"})
        )
        assert refused.status_code == 409
        assert refused.json()["code"] == "association_closed"
        assert refused.json()["title"] == "Бірлестік жабылған"
    assert await count_events(app, "association") == 3


async def test_an_unknown_association_is_a_404(client, app):
    unknown = uuid.uuid4()
    assert (await client.get(f"{BASE}/associations/{unknown}")).status_code == 404
    for action, body in (
        ("rename", {"name": UYGHUR_CENTRE["name"], "reason": "rename"}),
        ("close", {"closed_on": "2026-06-01", "reason": "close"}),
    ):
        response = await client.post(
            f"{BASE}/associations/{unknown}/{action}", json=body, headers=secretariat(app)
        )
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


async def test_a_retried_registration_with_an_idempotency_key_registers_once(client, app):
    first = await register_association(client, app, **{"Idempotency-Key": "centre-1"})
    again = await register_association(client, app, **{"Idempotency-Key": "centre-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers.get("Idempotent-Replayed") == "true"
    assert await count_events(app, "association") == 1


# --- Lookups for other slices ------------------------------------------------------------------


async def test_the_lookups_other_slices_call_inside_a_unit_of_work(client, app):
    association_id = (await register_association(client, app)).json()["association_id"]
    async with app.state.platform.sessions() as db:
        assert await region_exists(db, "shymkent")
        assert not await region_exists(db, "atlantis")
        assert await ethnic_group_exists(db, "uyghur")
        assert not await ethnic_group_exists(db, "martian")
        found = await get_association(db, uuid.UUID(association_id))
        assert found is not None
        assert (found["kind"], found["region"], found["ethnic_group"], found["status"]) == (
            "ethnocultural",
            "almaty_region",
            "uyghur",
            "active",
        )
        assert found["name"]["kk"] == UYGHUR_CENTRE["name"]["kk"]
        assert await get_association(db, uuid.uuid4()) is None


# --- Rebuilding the read models ----------------------------------------------------------------


async def rebuild_all(app) -> dict[str, int]:
    platform = app.state.platform
    return {
        name: await platform.projector.rebuild(platform.sessions, platform.store, name)
        for name in ("regions", "ethnic_groups", "associations")
    }


async def test_a_rebuild_of_the_pristine_seed_reproduces_the_migration_exactly(app):
    migrated = await tables(app)
    assert len(migrated["regions"]) == 20
    assert len(migrated["ethnic_groups"]) == len(ETHNIC_GROUPS)
    assert migrated["associations"] == []
    applied = await rebuild_all(app)
    assert applied == {"regions": 20, "ethnic_groups": len(ETHNIC_GROUPS), "associations": 0}
    assert await tables(app) == migrated


async def test_a_rebuild_reproduces_the_live_read_models_exactly(client, app):
    await client.post(f"{BASE}/regions/abai/rename", json=RENAME, headers=secretariat(app))
    await client.post(
        f"{BASE}/ethnic-groups",
        json={"code": "mari", "name": {"kk": "Марилер", "ru": "Марийцы", "en": "Mari"}},
        headers=secretariat(app),
    )
    centre = (await register_association(client, app)).json()["association_id"]
    await register_association(client, app, REPUBLICAN_PUBLIC)
    await client.post(
        f"{BASE}/associations/{centre}/rename",
        json={"name": {**UYGHUR_CENTRE["name"], "en": "Centre"}, "reason": "charter"},
        headers=secretariat(app),
    )
    await client.post(
        f"{BASE}/associations/{centre}/close",
        json={"closed_on": "2026-05-01", "reason": "merged"},
        headers=secretariat(app),
    )
    live = await tables(app)
    async with app.state.platform.sessions() as db:  # damage every table
        await db.execute(text("DELETE FROM regions WHERE code = 'abai'"))
        await db.execute(text("UPDATE ethnic_groups SET name_en = 'x'"))
        await db.execute(text("DELETE FROM associations"))
        await db.commit()
    applied = await rebuild_all(app)
    assert applied == {"regions": 21, "ethnic_groups": len(ETHNIC_GROUPS) + 1, "associations": 4}
    rebuilt = await tables(app)
    assert rebuilt == live
    assert next(r for r in rebuilt["regions"] if r[0] == "abai")[3] == "Абайская область"
    assert len(rebuilt["associations"]) == 2


async def test_the_action_paths_are_nouns_and_the_old_verbs_stay_deprecated(client, app):
    renamed = await client.post(
        f"{BASE}/regions/abai/renaming", json=RENAME, headers=secretariat(app)
    )
    assert renamed.json() == {"code": "abai", "version": 2}
    again = await client.post(
        f"{BASE}/regions/abai/rename",
        json={**RENAME, "name": {**RENAME["name"], "en": "Abai"}},
        headers=secretariat(app, **{"If-Match": '"2"'}),
    )
    assert again.json() == {"code": "abai", "version": 3}
    paths = app.openapi()["paths"]
    assert paths[f"{BASE}/regions/{{code}}/rename"]["post"]["deprecated"] is True
    assert "deprecated" not in paths[f"{BASE}/regions/{{code}}/renaming"]["post"]
    assert paths[f"{BASE}/associations/{{association_id}}/close"]["post"]["deprecated"] is True
    assert "post" in paths[f"{BASE}/associations/{{association_id}}/closure"]
