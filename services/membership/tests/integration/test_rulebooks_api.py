"""Rulebooks as audited data through membership's API: a version published as an event,
never changed, taking effect on its date; the day the Halyq Kenesi succeeds the Assembly set
by the Secretariat, the history of both kept and queryable (Constitution 2026)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

import pytest
from sqlalchemy import text

from services.membership.tests.conftest import auth
from shared.clock import FixedClock

pytestmark = pytest.mark.integration

DOCUMENT = {"number": "Жарлық-100", "date": "2026-01-20"}


def draft(**changes: Any) -> dict[str, Any]:
    """The 2024 rulebook amended from 1 Feb 2026: a quorum of three fifths, provisional."""
    book: dict[str, Any] = json.loads(
        files("shared.rulebooks.data").joinpath("apk-2024.json").read_text()
    )
    book |= {"id": "Reg2024-2026", "effective_from": "2026-02-01", "effective_until": None}
    book["session_quorum"] = {
        "value": {"numerator": 3, "denominator": 5, "kind": "at_least", "of": "total"},
        "citation": "Reg2024 §9 (draft amendment)",
        "provisional": True,
    }
    return book | changes


def secretariat(app: Any) -> dict[str, str]:
    return auth(app, "s-1", "secretariat")


async def test_a_version_is_published_as_an_event_and_never_changed(client, app) -> None:
    listed = (await client.get("/v1/rulebooks")).json()
    assert [b["id"] for b in listed["rulebooks"]] == [
        "Reg2002",
        "Reg2011",
        "Reg2024",
        "HK2026",
        "Regional2008",
    ]
    assert listed["succession"] == {} and not listed["rulebooks"][3]["in_force"]

    body = {"rulebook": draft(), "document": DOCUMENT}
    assert (await client.post("/v1/rulebooks/versions", json=body)).status_code == 401
    member = auth(app, "m-1", "member")
    assert (
        await client.post("/v1/rulebooks/versions", json=body, headers=member)
    ).status_code == 403
    published = await client.post("/v1/rulebooks/versions", json=body, headers=secretariat(app))
    assert published.status_code == 201, published.text
    assert published.json() == {"assembly": "apk", "id": "Reg2024-2026",
                                "effective_from": "2026-02-01", "version": 1}  # fmt: skip

    again = await client.post("/v1/rulebooks/versions", json=body, headers=secretariat(app))
    assert (again.status_code, again.json()["code"]) == (409, "rulebook_version_exists")
    changed = {"rulebook": draft(decree="другой"), "document": DOCUMENT}
    assert (await client.post("/v1/rulebooks/versions", json=changed,
                              headers=secretariat(app))).status_code == 409  # fmt: skip
    floats = draft(id="Reg-float")
    floats["session_notice_days"]["value"] = 30.0
    refused = await client.post(
        "/v1/rulebooks/versions", json={"rulebook": floats, "document": DOCUMENT},
        headers=secretariat(app),
    )  # fmt: skip
    assert refused.json()["reason_code"] == "rulebook_invalid"
    same_day = draft(id="Reg-same-day", effective_from="2024-12-27")
    unchained = await client.post(
        "/v1/rulebooks/versions", json={"rulebook": same_day, "document": DOCUMENT},
        headers=secretariat(app),
    )  # fmt: skip
    assert unchained.json()["reason_code"] == "rulebook_not_chained"

    listed = {b["id"]: b for b in (await client.get("/v1/rulebooks")).json()["rulebooks"]}
    assert listed["Reg2024"]["effective_until"] == "2026-02-01"
    assert (listed["Reg2024-2026"]["published"], listed["Reg2024-2026"]["provisional"]) == (
        True,
        ["session_quorum"],
    )
    whole = (await client.get("/v1/rulebooks/apk/Reg2024-2026")).json()
    assert whole["session_quorum"]["value"]["denominator"] == 5
    bodies = (await client.get("/v1/bodies", params={"as_of": "2026-03-01"})).json()
    assert {b["rulebook"] for b in bodies} == {"Reg2024-2026"}

    async with app.state.platform.sessions() as db:
        logged = (
            await db.execute(
                text("SELECT event_type, stream_id FROM events WHERE stream_type = 'rulebooks'")
            )
        ).all()
    assert [tuple(r) for r in logged] == [("RulebookVersionPublished", "rulebooks-ledger")]


async def test_the_succession_date_is_data_and_both_histories_stay(client, app) -> None:
    app.state.platform.clock = FixedClock(datetime(2026, 8, 1, 6, tzinfo=UTC))
    url = "/v1/rulebooks/succession"
    early = await client.post(
        url, json={"on": "2026-06-01", "document": DOCUMENT}, headers=secretariat(app)
    )
    assert (early.json()["reason_code"], early.json()["rule"]) == (
        "succession_before_successor",
        "Constitution 2026 (in force 1 Jul 2026)",
    )
    first = await client.post(
        url, json={"on": "2026-09-01", "document": DOCUMENT}, headers=secretariat(app)
    )
    assert first.status_code == 200, first.text
    moved = await client.post(  # not yet in effect: it may still move
        url, json={"on": "2026-10-01", "document": DOCUMENT}, headers=secretariat(app)
    )
    assert moved.status_code == 200, moved.text
    app.state.platform.clock = FixedClock(datetime(2026, 12, 6, 6, tzinfo=UTC))
    late = await client.post(
        url, json={"on": "2027-01-01", "document": DOCUMENT}, headers=secretariat(app)
    )
    assert late.json()["reason_code"] == "succession_already_in_effect"

    listed = (await client.get("/v1/rulebooks")).json()
    assert listed["succession"] == {"hk": "2026-10-01"}
    books = {b["id"]: b for b in listed["rulebooks"]}
    assert (books["Reg2024"]["effective_until"], books["HK2026"]["effective_from"]) == (
        "2026-10-01",
        "2026-10-01",
    )
    assert books["HK2026"]["in_force"] and "session_quorum" in books["HK2026"]["provisional"]
    # the Assembly's bodies until its last day; from the succession no rulebook of it is in force
    assert (await client.get("/v1/bodies", params={"as_of": "2026-09-30"})).json()
    after = await client.get("/v1/bodies", params={"as_of": "2026-10-01"})
    assert (after.status_code, after.json()["code"]) == (422, "no_rulebook_in_force")


async def test_the_halyq_kenesi_quotas_hold_on_the_roster_of_every_day(client, app) -> None:
    """Constitution 2026: 42 members from each of three sources. A version with quotas of two
    shows the rule at its boundaries; the Assembly's members before the succession are not
    counted against them once their membership ends with it."""
    from services.membership.tests.integration.test_api import include, someone

    app.state.platform.clock = FixedClock(datetime(2026, 11, 1, 6, tzinfo=UTC))
    chairman = auth(app, "p-1", "chairman")
    before = await include(client, app, someone(effective_on="2026-09-01"))
    assert before.status_code == 201, before.text  # the Assembly: no quota
    set_on = await client.post(
        "/v1/rulebooks/succession", json={"on": "2026-10-01", "document": DOCUMENT},
        headers=secretariat(app),
    )  # fmt: skip
    assert set_on.status_code == 200, set_on.text
    small: dict[str, Any] = json.loads(
        files("shared.rulebooks.data").joinpath("hk-2026.json").read_text()
    )
    small |= {"id": "HK2026-small", "effective_from": "2026-10-02"}
    small["composition"] = {
        "value": {"total": 6, "quotas": [
            {"category": "ethnocultural_association", "seats": 2},
            {"category": "maslikhat", "seats": 2},
            {"category": "public_association", "seats": 2}]},
        "citation": "HK2026-small (quotas of two)",
    }  # fmt: skip
    published = await client.post(
        "/v1/rulebooks/versions", json={"rulebook": small, "document": DOCUMENT},
        headers=secretariat(app),
    )  # fmt: skip
    assert published.status_code == 201, published.text
    ended = await client.post(
        f"/v1/members/{before.json()['member_id']}/end",
        json={"ground": "succession", "effective_on": "2026-10-01"}, headers=chairman,
    )  # fmt: skip
    assert ended.status_code == 200, ended.text

    def maslikhat(day: str) -> dict[str, Any]:
        return someone(category="maslikhat", effective_on=day)

    figure = await include(client, app, someone(effective_on="2026-10-05"))
    assert (figure.json()["reason_code"], figure.json()["rule"]) == (
        "composition_category_without_quota",
        "HK2026-small (quotas of two)",
    )
    first = (await include(client, app, maslikhat("2026-10-05"))).json()["member_id"]
    assert (await include(client, app, maslikhat("2026-10-06"))).status_code == 201
    third = await include(client, app, maslikhat("2026-10-07"))
    assert third.json()["reason_code"] == "composition_quota_full"
    leaves = await client.post(
        f"/v1/members/{first}/end", json={"ground": "own_wish", "effective_on": "2026-10-20"},
        headers=chairman,
    )  # fmt: skip
    assert leaves.status_code == 200, leaves.text
    still_full = await include(client, app, maslikhat("2026-10-10"))
    assert still_full.json()["reason_code"] == "composition_quota_full"
    assert (await include(client, app, maslikhat("2026-10-20"))).status_code == 201
    roster = (await client.get("/v1/roster", params={"as_of": "2026-10-20"},
                               headers=secretariat(app))).json()  # fmt: skip
    assert roster["total"] == 2
    history = (await client.get("/v1/roster", params={"as_of": "2026-09-30"},
                                headers=secretariat(app))).json()  # fmt: skip
    assert history["total"] == 1  # the Assembly's last day: its member is still on it
