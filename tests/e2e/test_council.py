"""End to end: membership, sessions and council as separate processes, real PostgreSQL, real
broker.

Membership records the Council's members and three candidacies; the council service learns
both from ``kelisim.membership.v1``. A Council meeting reviews the three candidacies (two
recommended, one not): its resolution goes out on ``kelisim.council.v1`` one event per
candidate, and membership then shows exactly that. A Session decision adopted in sessions
(a convened Session, a quorate sitting, a poll voted and closed; its roster fed from
membership) opens a control card in council; a state body reports, the Secretariat accepts, the
card closes. The resolution's own card, assigned with a deadline already past, shows the
assignment as overdue.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import pytest_asyncio

from ops.testing.infra import FreshDatabase
from shared.clock import Clock
from tests.e2e.system import System, bearer, eventually, running_system, valid_iins

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

TODAY = Clock().today()  # the Kazakhstan day, as the services date acts
MEETING_DAY = TODAY - timedelta(days=10)  # recorded after the day it was held
YESTERDAY = (TODAY - timedelta(days=1)).isoformat()
IN_A_MONTH = (TODAY + timedelta(days=30)).isoformat()
SERVICES = ("membership", "sessions", "council")
T = TypeVar("T")


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    async with running_system(SERVICES, fresh_database, kafka_bootstrap, tmp_path) as system:
        yield system


as_ = bearer
IINS = valid_iins(6, born="850101")


CHAIRMAN = as_("president", "chairman")
SECRETARIAT = as_("secretariat-1", "secretariat")
AUDITOR = as_("auditor-1", "auditor")


async def ok(response: Awaitable[httpx.Response], status: int = 200) -> dict[str, Any]:
    got = await response
    assert got.status_code == status, got.text
    body: dict[str, Any] = got.json()
    return body


async def test_council_with_membership_and_sessions(system: System) -> None:
    urls = system.urls
    membership, sessions, council = urls["membership"], urls["sessions"], urls["council"]
    async with httpx.AsyncClient(timeout=20) as client:
        for url in urls.values():
            assert (await client.get(f"{url}/ready")).status_code == 200

        # -- membership: three Assembly members sit in the Council; three candidacies ------
        members = []
        for n in range(3):
            created = await ok(
                client.post(
                    f"{membership}/v1/members",
                    json={
                        "person": {"name": {"kk": f"Мүше {n}", "ru": f"Член {n}"},
                                   "iin": IINS[n], "gender": "female"},
                        "region": "astana",
                        "category": "public_figure",
                        "decision": {"number": f"Ө-{n}", "date": "2026-01-10"},
                        "effective_on": "2026-01-15",
                    },
                    headers=CHAIRMAN,
                ),
                201,
            )  # fmt: skip
            members.append(created["member_id"])
            await ok(
                client.post(
                    f"{membership}/v1/posts",
                    json={"post": "council_member", "member_id": created["member_id"],
                          "start_on": "2026-01-20",
                          "document": {"number": f"К-{n}", "date": "2026-01-20"}},
                    headers=CHAIRMAN,
                ),
                201,
            )  # fmt: skip
        association = await ok(
            client.post(
                f"{membership}/v1/reference/associations",
                json={"name": {"kk": "Бірлестік", "ru": "Объединение", "en": "Association"},
                      "level": "republican", "kind": "ethnocultural", "ethnic_group": "kazakh"},
                headers=SECRETARIAT,
            ),
            201,
        )  # fmt: skip
        candidates = []
        for n in range(3):
            nominated = await ok(
                client.post(
                    f"{membership}/v1/candidacies",
                    json={
                        "person": {"name": {"kk": f"Үміткер {n}", "ru": f"Кандидат {n}"},
                                   "iin": IINS[3 + n], "gender": "male",
                                   "ethnic_group": "kazakh"},
                        "region": "zhetisu", "category": "ethnocultural_association",
                        "association_id": association["association_id"], "route": "association",
                        "decision": {"number": f"ЖК-{n}", "date": "2026-03-01"},
                        "nominated_on": "2026-03-02",
                    },
                    headers=SECRETARIAT,
                ),
                201,
            )  # fmt: skip
            candidates.append(nominated["member_id"])

        # -- council learns the composition and the candidacies from membership -----------
        async def composed() -> dict[str, Any] | None:
            found = (await client.get(f"{council}/v1/council/composition")).json()
            return found if found["total"] == 3 else None

        composition = await eventually(composed, "the Council's composition in council")
        assert {m["member_id"] for m in composition["members"]} == set(members)
        assert composition["quorum_required"] == 2

        async def awaiting() -> list[Any] | None:
            found = (
                await client.get(f"{council}/v1/council/candidacies", headers=SECRETARIAT)
            ).json()
            return found if len(found) == 3 else None

        await eventually(awaiting, "the candidacies in council")

        # -- a Council meeting reviews the three candidacies ------------------------------
        meeting = await ok(
            client.post(
                f"{council}/v1/council/meetings",
                json={"number": "Хаттама-1", "held_on": MEETING_DAY.isoformat(), "place": "Астана",
                      "agenda": [{"kk": "Кандидатуралар", "ru": "Кандидатуры"}]},
                headers=CHAIRMAN,
            ),
            201,
        )  # fmt: skip
        meeting_url = f"{council}/v1/council/meetings/{meeting['id']}"
        await ok(client.post(f"{meeting_url}/opening", headers=SECRETARIAT))
        for member_id in members:
            await ok(
                client.post(
                    f"{meeting_url}/attendance", json={"member_id": member_id}, headers=SECRETARIAT
                )
            )
        item = (await client.get(meeting_url)).json()["agenda"][0]["item_id"]
        recommended = {candidates[0]: True, candidates[1]: True, candidates[2]: False}
        resolution = await ok(
            client.post(
                f"{meeting_url}/items/{item}/vote",
                json={
                    "text": {"kk": "Кандидатураларды қарады", "ru": "Рассмотрел кандидатуры"},
                    "content": {"kind": "candidacy_review", "reviews": [
                        {"member_id": m, "recommended": r} for m, r in recommended.items()]},
                    "counts": {"votes_for": 3, "against": 0, "abstain": 0},
                },
                headers=SECRETARIAT,
            ),
            201,
        )  # fmt: skip
        assert resolution["status"] == "adopted"
        officer = {"name": {"kk": "Әлия Омарова", "ru": "Алия Омарова"},
                   "post": {"kk": "Хатшылық", "ru": "Секретариат"}}  # fmt: skip
        await ok(
            client.post(
                f"{meeting_url}/protocol/officers",
                json={"chair": officer, "secretary": officer},
                headers=SECRETARIAT,
            )
        )
        await ok(client.post(f"{meeting_url}/closing", headers=SECRETARIAT))
        await ok(client.post(f"{meeting_url}/protocol/sign-off", headers=SECRETARIAT))
        pdf = await client.get(f"{meeting_url}/protocol", params={"lang": "ru", "format": "pdf"})
        assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")

        # -- membership then shows exactly that --------------------------------------------
        async def reviewed() -> dict[str, Any] | None:
            found = {}
            for member_id in candidates:
                member = (
                    await client.get(f"{membership}/v1/members/{member_id}", headers=AUDITOR)
                ).json()
                if member["status"] != "reviewed":
                    return None
                found[member_id] = member["recommended"]
            return found

        assert await eventually(reviewed, "membership to apply the reviews") == recommended

        # -- a Session decision adopted in sessions opens a control card -------------------
        async def on_roster() -> bool:
            roster = (await client.get(f"{sessions}/v1/roster")).json()
            return set(members) <= {m["member_id"] for m in roster["members"]}

        await eventually(on_roster, "the members on the sessions roster")
        session = await ok(
            client.post(
                f"{sessions}/v1/sessions",
                json={"opens_on": (TODAY - timedelta(days=5)).isoformat(), "place": "Астана",
                      "agenda": [{"kk": "Үндеу", "ru": "Обращение"}],
                      "announced_on": (TODAY - timedelta(days=40)).isoformat()},
                headers=CHAIRMAN,
            ),
            201,
        )  # fmt: skip
        session_url = f"{sessions}/v1/sessions/{session['id']}"
        await ok(client.post(f"{session_url}/sitting/opening", headers=SECRETARIAT))
        for member_id in members:
            await ok(
                client.post(
                    f"{session_url}/attendance", json={"member_id": member_id}, headers=SECRETARIAT
                )
            )
        session_item = (await client.get(session_url)).json()["agenda"][0]["item_id"]
        poll = await ok(
            client.post(
                f"{session_url}/polls",
                json={"item_id": session_item, "method": "open", "decision_kind": "address",
                      "motion": {"kk": "Үндеуді қабылдау", "ru": "Принять Обращение"}},
                headers=SECRETARIAT,
            ),
            201,
        )  # fmt: skip
        for member_id in members:
            await ok(
                client.post(
                    f"{sessions}/v1/polls/{poll['id']}/votes",
                    json={"choice": "for"},
                    headers=as_(member_id, "member"),
                ),
                201,
            )
        closed = await ok(
            client.post(f"{sessions}/v1/polls/{poll['id']}/closing", headers=SECRETARIAT)
        )
        assert closed["status"] == "adopted"
        [decision] = (
            await client.get(f"{sessions}/v1/decisions", params={"session_id": session["id"]})
        ).json()

        async def card_of(source_id: str) -> dict[str, Any] | None:
            cards = (
                await client.get(
                    f"{council}/v1/control/cards",
                    params={"source_id": source_id},
                    headers=SECRETARIAT,
                )
            ).json()
            return cards[0] if cards else None

        card = await eventually(
            lambda: card_of(decision["decision_id"]), "a control card for the Session decision"
        )
        assert (card["source"], card["kind"], card["rule"]) == (
            "session_decision",
            "address",
            "Reg2024 §10",
        )

        # -- a state body reports, the Secretariat accepts, the card closes ----------------
        await ok(
            client.post(
                f"{council}/v1/control/cards/{card['card_id']}/assignments",
                json={"assignments": [{"state_body": "minculture", "deadline": IN_A_MONTH,
                                       "task": {"kk": "Жариялау", "ru": "Опубликовать"}}]},
                headers=SECRETARIAT,
            )
        )  # fmt: skip
        ministry = as_("officer-1", "state_body", state_body="minculture")
        [assignment] = (
            await client.get(
                f"{council}/v1/control/assignments",
                params={"source_id": decision["decision_id"]},
                headers=ministry,
            )
        ).json()
        await ok(
            client.post(
                f"{council}/v1/control/assignments/{assignment['assignment_id']}/reports",
                json={"text": "Үндеу жарияланды"},
                headers=ministry,
            ),
            201,
        )
        accepted = await ok(
            client.post(
                f"{council}/v1/control/assignments/{assignment['assignment_id']}/acceptance",
                headers=SECRETARIAT,
            )
        )
        assert accepted["status"] == "closed"
        detail = (
            await client.get(f"{council}/v1/control/cards/{card['card_id']}", headers=AUDITOR)
        ).json()
        assert detail["card"]["status"] == "closed" and detail["progress"]["percent"] == 100

        # -- the resolution's own card: an assignment past its deadline is overdue ---------
        resolution_card = await eventually(
            lambda: card_of(resolution["id"]), "a control card for the Council's resolution"
        )
        assert resolution_card["source"] == "council_resolution"
        await ok(
            client.post(
                f"{council}/v1/control/cards/{resolution_card['card_id']}/assignments",
                json={"assignments": [{"state_body": "akimat-astana", "deadline": YESTERDAY,
                                       "task": {"kk": "Ұсыну", "ru": "Представить"}}],
                      "assigned_on": MEETING_DAY.isoformat()},
                headers=SECRETARIAT,
            )
        )  # fmt: skip
        overdue = (
            await client.get(
                f"{council}/v1/control/overdue",
                params={"state_body": "akimat-astana"},
                headers=SECRETARIAT,
            )
        ).json()
        assert [(a["state_body"], a["source_id"], a["overdue"]) for a in overdue] == [
            ("akimat-astana", resolution["id"], True)
        ]
        akimat = as_("officer-2", "state_body", state_body="akimat-astana")
        own = (await client.get(f"{council}/v1/control/overdue", headers=akimat)).json()
        assert [a["assignment_id"] for a in own] == [overdue[0]["assignment_id"]]
        assert (await client.get(f"{council}/v1/control/overdue", headers=ministry)).json() == []
