"""A post held by a member counts only while the membership lasts."""

from __future__ import annotations

import pytest

from services.membership.tests.conftest import auth, valid_iin

pytestmark = pytest.mark.integration


async def test_a_council_seat_lapses_with_the_membership(client, app):
    included = await client.post(
        "/v1/members",
        json={
            "person": {"name": {"kk": "Н", "ru": "Н"}, "iin": valid_iin(7100), "gender": "male"},
            "category": "public_figure",
            "decision": {"number": "Ө-1", "date": "2024-01-01"},
            "effective_on": "2024-01-02",
        },
        headers=auth(app, "p", "chairman"),
    )
    member_id = included.json()["member_id"]
    appointed = await client.post(
        "/v1/posts",
        json={
            "post": "council_member",
            "member_id": member_id,
            "start_on": "2024-02-01",
            "document": {"number": "Ш-3", "date": "2024-01-25"},
        },
        headers=auth(app, "s", "secretariat"),
    )
    assert appointed.status_code == 201, appointed.text
    ended = await client.post(
        f"/v1/members/{member_id}/end",
        json={"ground": "death", "effective_on": "2024-06-01"},
        headers=auth(app, "p", "chairman"),
    )
    assert ended.status_code == 200

    def composition(day: str):
        return client.get("/v1/bodies/council/composition", params={"as_of": day})

    assert (await composition("2024-05-31")).json()["total"] == 1
    assert (await composition("2024-06-01")).json()["total"] == 0
    to_close = (await client.get("/v1/bodies/terms-outliving-membership")).json()
    assert [t["member_id"] for t in to_close] == [member_id]
