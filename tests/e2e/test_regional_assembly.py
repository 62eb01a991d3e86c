"""End to end: a regional assembly on the same engine as the national one (Law 2008 Art. 14;
Reg2024 §18–19), membership, sessions, council and monitoring as separate processes, real
PostgreSQL, real broker.

The Abai assembly's secretariat includes three members of its own assembly in membership;
sessions learns its roster from ``kelisim.membership.v1`` (the national roster stays as it
was). The Abai secretariat convenes the assembly's Session, registers its members, and the
Session adopts a decision by an open vote, judged under the regional rulebook; the decision
goes out on ``kelisim.sessions.v1`` and council opens its control card, which carries the
assembly and which the Abai token manages while another region's token may not. The region's
periodic report on interethnic relations reaches monitoring's dashboard of the region, with
who reported.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from ops.testing.infra import FreshDatabase
from shared.clock import Clock
from tests.e2e.system import System, bearer, eventually, running_system, valid_iins

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

TODAY = Clock().today()
SERVICES = ("membership", "sessions", "council", "monitoring")
IINS = valid_iins(3, born="800202")

ABAI = bearer("akimat-abai", "regional_assembly", region="abai")
AKMOLA = bearer("akimat-akmola", "regional_assembly", region="akmola")
SECRETARIAT = bearer("secretariat-1", "secretariat")


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    async with running_system(SERVICES, fresh_database, kafka_bootstrap, tmp_path) as system:
        yield system


async def ok(response: Awaitable[httpx.Response], status: int = 200) -> Any:
    got = await response
    assert got.status_code == status, got.text
    return got.json()


async def test_a_regional_assembly_from_membership_to_monitoring(system: System) -> None:
    urls = system.urls
    membership, sessions = urls["membership"], urls["sessions"]
    council, monitoring = urls["council"], urls["monitoring"]
    async with httpx.AsyncClient(timeout=20) as client:
        for url in urls.values():
            assert (await client.get(f"{url}/ready")).status_code == 200

        # -- the Abai assembly includes its members (its own decision, Law 2008 Art. 14) -----
        members = []
        for n, iin in enumerate(IINS):
            created = await ok(
                client.post(
                    f"{membership}/v1/members",
                    json={
                        "assembly": "abai",
                        "person": {"name": {"kk": f"Абай мүшесі {n}", "ru": f"Член {n}"},
                                   "iin": iin, "gender": "female"},
                        "region": "abai",
                        "category": "public_figure",
                        "decision": {"number": f"АА-{n}", "date": "2026-01-10"},
                        "effective_on": "2026-01-15",
                    },
                    headers={**ABAI, "Idempotency-Key": str(uuid.uuid4())},
                ),
                201,
            )  # fmt: skip
            members.append(created["member_id"])
        refused = await client.post(
            f"{membership}/v1/members",
            json={
                "assembly": "abai",
                "person": {"name": {"kk": "Басқа", "ru": "Другой"}, "iin": valid_iins(1)[0],
                           "gender": "male"},
                "region": "abai", "category": "public_figure",
                "decision": {"number": "X-1", "date": "2026-01-10"}, "effective_on": "2026-01-15",
            },
            headers=AKMOLA,
        )  # fmt: skip
        assert refused.status_code == 403, refused.text
        assert refused.json()["reason_code"] == "assembly_scope"

        # -- sessions learns the Abai roster; the national roster is unchanged ---------------
        async def abai_roster() -> dict[str, Any] | None:
            roster = (await client.get(f"{sessions}/v1/roster", params={"assembly": "abai"})).json()
            found = {m["member_id"] for m in roster["members"]}
            return roster if set(members) <= found else None

        roster = await eventually(abai_roster, "the Abai roster in sessions")
        assert (roster["assembly"], roster["total"]) == ("abai", 3)
        national = (await client.get(f"{sessions}/v1/roster")).json()
        assert (national["assembly"], national["total"]) == ("national", 0)

        # -- the Abai Session adopts a decision under the regional rulebook ------------------
        session = await ok(
            client.post(
                f"{sessions}/v1/sessions",
                json={"assembly": "abai", "opens_on": (TODAY - timedelta(days=5)).isoformat(),
                      "place": "Семей", "agenda": [{"kk": "Шешім", "ru": "Решение"}],
                      "announced_on": (TODAY - timedelta(days=40)).isoformat()},
                headers=ABAI,
            ),
            201,
        )  # fmt: skip
        session_url = f"{sessions}/v1/sessions/{session['id']}"
        assert (
            await client.post(f"{session_url}/sitting/opening", headers=AKMOLA)
        ).status_code == 403
        await ok(client.post(f"{session_url}/sitting/opening", headers=ABAI))
        for member_id in members:
            await ok(
                client.post(f"{session_url}/attendance", json={"member_id": member_id},
                            headers=ABAI)
            )  # fmt: skip
        state = (await client.get(session_url)).json()
        assert state["assembly"] == "abai"
        poll = await ok(
            client.post(
                f"{session_url}/polls",
                json={"item_id": state["agenda"][0]["item_id"], "method": "open",
                      "decision_kind": "other",
                      "motion": {"kk": "Шешімді қабылдау", "ru": "Принять решение"}},
                headers=ABAI,
            ),
            201,
        )  # fmt: skip
        for member_id in members:
            await ok(
                client.post(f"{sessions}/v1/polls/{poll['id']}/votes", json={"choice": "for"},
                            headers=bearer(member_id, "member")),
                201,
            )  # fmt: skip
        closed = await ok(client.post(f"{sessions}/v1/polls/{poll['id']}/closing", headers=ABAI))
        assert closed["status"] == "adopted"
        [decision] = (
            await client.get(
                f"{sessions}/v1/decisions",
                params={"session_id": session["id"], "assembly": "abai"},
            )
        ).json()
        assert (decision["assembly"], decision["rulebook"], decision["rule"]) == (
            "abai",
            "Regional2008",
            "Law 2008 Art. 14",
        )

        # -- the decision opens a control card for the Abai assembly -------------------------
        async def card() -> dict[str, Any] | None:
            cards = (
                await client.get(
                    f"{council}/v1/control/cards",
                    params={"source_id": decision["decision_id"]},
                    headers=ABAI,
                )
            ).json()
            return cards[0] if cards else None

        opened = await eventually(card, "a control card for the Abai Session's decision")
        assert (opened["assembly"], opened["source"]) == ("abai", "session_decision")
        assignment = {
            "assignments": [
                {
                    "state_body": "akimat-abai",
                    "deadline": (TODAY + timedelta(days=30)).isoformat(),
                    "task": {"kk": "Шешімді орындау", "ru": "Исполнить решение"},
                }
            ]
        }
        card_url = f"{council}/v1/control/cards/{opened['card_id']}/assignments"
        foreign = await client.post(card_url, json=assignment, headers=AKMOLA)
        assert foreign.status_code == 403, foreign.text
        assert foreign.json()["reason_code"] == "assembly_scope"
        await ok(client.post(card_url, json=assignment, headers=ABAI))

        # -- the region's periodic report reaches monitoring's regional dashboard ------------
        await ok(
            client.post(
                f"{monitoring}/v1/indicators",
                json={"code": "trust_index",
                      "name": {"kk": "Сенім индексі", "ru": "Индекс доверия", "en": "Trust"},
                      "unit": "%", "good_direction": "higher",
                      "thresholds": {"watch": "60", "pre_conflict": "50", "conflict": "40"}},
                headers=SECRETARIAT,
            ),
            201,
        )  # fmt: skip
        period = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"
        report = await ok(
            client.post(
                f"{monitoring}/v1/regional-reports",
                json={"region": "abai", "period": period,
                      "values": [{"indicator": "trust_index", "value": "72"}], "incidents": []},
                headers={**ABAI, "Idempotency-Key": str(uuid.uuid4())},
            ),
            201,
        )  # fmt: skip
        dashboard = await ok(client.get(f"{monitoring}/v1/dashboard/regions/abai", headers=ABAI))
        latest = dashboard["latest_report"]
        assert (latest["report_id"], latest["reported_by"], latest["period"]) == (
            report["report_id"],
            "akimat-abai",
            period,
        )
        assert [(i["indicator"], i["value"]) for i in dashboard["indicators"]] == [
            ("trust_index", "72")
        ]
