"""Popolo open data of regional memberships, from logged events (no database): a regional
assembly's members under that regional assembly's organization (Reg2024 §18–19), one person
however many assemblies they are a member of, and events written before assemblies were
modelled read as the national Assembly's."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime
from typing import Any

from ops.audit.crosscheck import LoggedEvent
from ops.audit.popolo import ASSEMBLY_ID, popolo

_positions = itertools.count(1)


def logged(event_type: str, stream: str, data: dict[str, Any]) -> LoggedEvent:
    return LoggedEvent(
        service="membership", event_id=str(uuid.uuid4()), event_type=event_type,
        stream_id=stream, version=next(_positions), data=data,
        recorded_at=datetime(2026, 3, 2, 5, 0, tzinfo=UTC),
    )  # fmt: skip


def included(member_id: str, **fields: Any) -> LoggedEvent:
    data = {
        "member_id": member_id, "name": {"kk": "Бауыржан Сейітұлы", "ru": "Бауыржан Сеитович"},
        "region": "abai", "category": "public_figure",
        "decision": {"number": "ӨА-5", "date": "2026-03-01"}, "effective_on": "2026-03-02",
        "route": "chairman_discretion", "association_id": None,
    } | fields  # fmt: skip
    return logged("MemberIncluded", f"member-{member_id}", data)


def test_a_regional_membership_is_listed_under_its_regional_assembly() -> None:
    old, national, in_abai = (str(uuid.uuid4()) for _ in range(3))
    region = logged("RegionRegistered", "region-abai", {
        "code": "abai", "kind": "region", "name": {"kk": "Абай", "ru": "Абай", "en": "Abai"},
    })  # fmt: skip
    document = popolo(
        [
            region,
            included(old),  # before assemblies were modelled: the Assembly's
            included(national, assembly="national", person_id=national),
            included(in_abai, assembly="abai", person_id=national),
            logged(
                "MembershipEnded",
                f"member-{in_abai}",
                {
                    "member_id": in_abai,
                    "assembly": "abai",
                    "ground": "moved_to_another_region",
                    "decision": None,
                    "effective_on": "2026-09-01",
                },
            ),
        ],
        [],
    )
    rows = {row["id"].split("/")[0]: row for row in document["memberships"]}
    abai = f"{ASSEMBLY_ID}/regional_assembly/abai"
    assert rows[old]["organization_id"] == rows[national]["organization_id"] == ASSEMBLY_ID
    assert rows[in_abai]["organization_id"] == abai
    assert abai in {o["id"] for o in document["organizations"]}
    # one person in two assemblies
    assert rows[in_abai]["person_id"] == rows[national]["person_id"] == national
    assert sorted(p["id"] for p in document["persons"]) == sorted([old, national])
    assert rows[in_abai]["end_reason"] == "moved permanently to another region"
