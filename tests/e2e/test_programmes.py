"""End to end: a programme document from draft to an action plan on the control board, with
membership, sessions, council and programmes as separate processes on real PostgreSQL and the
real broker.

The Secretariat drafts a programme document; the Scientific-Expert Council meets and gives its
opinion (Reg2024 §31). The Council (its composition from ``kelisim.membership.v1``) discusses it
at a meeting: the resolution reaches programmes on ``kelisim.council.v1``. Submitting it before
the Session considered it is refused citing Reg2024 §31. The Session (its roster from
membership) adopts a decision, which reaches programmes on ``kelisim.sessions.v1``; the document
is submitted to the President and approved by the Chairman (Reg2024 §6, §32), who orders it
carried out. A ministry's action plan under it, coordinated by the Secretariat (Reg2024 §28),
reaches council on ``kelisim.programmes.v1``: its card and assignments stand on the control
board, and the measure whose deadline has passed is overdue there, beside decisions and
resolutions.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from ops.testing.infra import FreshDatabase
from shared.clock import Clock
from tests.e2e.system import System, bearer, eventually, running_system, valid_iins
from tests.e2e.test_council import ok

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.broker]

TODAY = Clock().today()
SERVICES = ("membership", "sessions", "council", "programmes")
IINS = valid_iins(3, born="790303")
CHAIRMAN = bearer("president", "chairman")
SECRETARIAT = bearer("secretariat-1", "secretariat")


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


@pytest_asyncio.fixture
async def system(
    fresh_database: FreshDatabase, kafka_bootstrap: str, tmp_path: Path
) -> AsyncIterator[System]:
    async with running_system(SERVICES, fresh_database, kafka_bootstrap, tmp_path) as system:
        yield system


async def council_members(client: httpx.AsyncClient, membership: str) -> list[str]:
    members = []
    for n in range(3):
        created = await ok(
            client.post(
                f"{membership}/v1/members",
                json={"person": {"name": {"kk": f"Мүше {n}", "ru": f"Член {n}"},
                                 "iin": IINS[n], "gender": "male"},
                      "region": "astana", "category": "public_figure",
                      "decision": {"number": f"Ө-{n}", "date": day(-90)},
                      "effective_on": day(-90)},
                headers=CHAIRMAN,
            ),
            201,
        )  # fmt: skip
        members.append(created["member_id"])
        await ok(
            client.post(
                f"{membership}/v1/posts",
                json={"post": "council_member", "member_id": created["member_id"],
                      "start_on": day(-80), "document": {"number": f"К-{n}", "date": day(-80)}},
                headers=CHAIRMAN,
            ),
            201,
        )  # fmt: skip
    return members


async def council_resolution(
    client: httpx.AsyncClient, council: str, members: list[str]
) -> dict[str, Any]:
    """The Council discusses the draft at a meeting and endorses it (Reg2024 §14–15, §31)."""

    async def composed() -> bool:
        found = (await client.get(f"{council}/v1/council/composition")).json()
        return bool(found["total"] == 3)

    await eventually(composed, "the Council's composition in council")
    meeting = await ok(
        client.post(
            f"{council}/v1/council/meetings",
            json={"number": "Хаттама-7", "held_on": day(-20), "place": "Астана",
                  "agenda": [{"kk": "Бағдарлама жобасы", "ru": "Проект программы"}]},
            headers=CHAIRMAN,
        ),
        201,
    )  # fmt: skip
    url = f"{council}/v1/council/meetings/{meeting['id']}"
    await ok(client.post(f"{url}/opening", headers=SECRETARIAT))
    for member_id in members:
        await ok(client.post(f"{url}/attendance", json={"member_id": member_id},
                             headers=SECRETARIAT))  # fmt: skip
    item = (await client.get(url)).json()["agenda"][0]["item_id"]
    resolution = await ok(
        client.post(
            f"{url}/items/{item}/vote",
            json={"text": {"kk": "Жобаны мақұлдады", "ru": "Одобрил проект"},
                  "content": {"kind": "other"},
                  "counts": {"votes_for": 3, "against": 0, "abstain": 0}},
            headers=SECRETARIAT,
        ),
        201,
    )  # fmt: skip
    assert resolution["status"] == "adopted"
    return resolution


async def session_decision(
    client: httpx.AsyncClient, sessions: str, members: list[str]
) -> dict[str, Any]:
    """The Session considers the document: a decision adopted today (Reg2024 §9–10, §31)."""

    async def on_roster() -> bool:
        roster = (await client.get(f"{sessions}/v1/roster")).json()
        return set(members) <= {m["member_id"] for m in roster["members"]}

    await eventually(on_roster, "the members on the sessions roster")
    session = await ok(
        client.post(
            f"{sessions}/v1/sessions",
            json={"opens_on": day(-1), "place": "Астана",
                  "agenda": [{"kk": "Бағдарлама", "ru": "Программа"}], "announced_on": day(-40)},
            headers=CHAIRMAN,
        ),
        201,
    )  # fmt: skip
    url = f"{sessions}/v1/sessions/{session['id']}"
    await ok(client.post(f"{url}/sitting/opening", headers=SECRETARIAT))
    for member_id in members:
        await ok(client.post(f"{url}/attendance", json={"member_id": member_id},
                             headers=SECRETARIAT))  # fmt: skip
    item = (await client.get(url)).json()["agenda"][0]["item_id"]
    poll = await ok(
        client.post(
            f"{url}/polls",
            json={"item_id": item, "method": "open", "decision_kind": "other",
                  "motion": {"kk": "Бағдарламаны қолдау", "ru": "Поддержать программу"}},
            headers=SECRETARIAT,
        ),
        201,
    )  # fmt: skip
    for member_id in members:
        await ok(client.post(f"{sessions}/v1/polls/{poll['id']}/votes", json={"choice": "for"},
                             headers=bearer(member_id, "member")), 201)  # fmt: skip
    closed = await ok(client.post(f"{sessions}/v1/polls/{poll['id']}/closing",
                                  headers=SECRETARIAT))  # fmt: skip
    assert closed["status"] == "adopted"
    [decision] = (
        await client.get(f"{sessions}/v1/decisions", params={"session_id": session["id"]})
    ).json()
    return dict(decision)


async def test_a_programme_document_to_the_control_board(system: System) -> None:
    urls = system.urls
    programmes, council = urls["programmes"], urls["council"]
    act = {"number": "№ 1", "date": day(-30)}
    async with httpx.AsyncClient(timeout=30) as client:
        for url in urls.values():
            assert (await client.get(f"{url}/ready")).status_code == 200
        members = await council_members(client, urls["membership"])

        # -- drafting with the Scientific-Expert Council's opinion (Reg2024 §31) ------------
        document = await ok(
            client.post(
                f"{programmes}/v1/documents",
                json={"kind": "programme_document",
                      "title": {"kk": "Қоғамдық келісім бағдарламасы",
                                "ru": "Программа общественного согласия"},
                      "text": {"kk": "Мәтін", "ru": "Текст"}, "drafted_on": day(-30)},
                headers=SECRETARIAT,
            ),
            201,
        )  # fmt: skip
        doc_url = f"{programmes}/v1/documents/{document['id']}"
        expert_council = await ok(
            client.post(
                f"{programmes}/v1/bodies",
                json={"kind": "scientific_expert_council",
                      "name": {"kk": "Ғылыми-сарапшылық кеңес", "ru": "Научно-экспертный совет"},
                      "established_on": day(-30), "decided_by": "head_of_secretariat",
                      "act": act},
                headers=SECRETARIAT,
            ),
            201,
        )  # fmt: skip
        meeting = await ok(
            client.post(
                f"{programmes}/v1/bodies/{expert_council['id']}/meetings",
                json={"number": "1", "held_on": day(-25), "place": "Астана",
                      "agenda": [{"kk": "Жоба", "ru": "Проект"}],
                      "documents": [document["id"]], "present": 7},
                headers=SECRETARIAT,
            ),
            201,
        )  # fmt: skip
        await ok(
            client.post(
                f"{doc_url}/opinions",
                json={"body_id": expert_council["id"], "meeting_id": meeting["meeting_id"],
                      "conclusion": "supported", "given_on": day(-25),
                      "summary": {"kk": "Қолдайды", "ru": "Поддерживает"}},
                headers=SECRETARIAT,
            )
        )  # fmt: skip

        # -- the Council's discussion, its resolution received on kelisim.council.v1 --------
        resolution = await council_resolution(client, council, members)

        async def received(path: str, key: str, ident: str) -> bool:
            rows = (await client.get(f"{programmes}{path}", headers=SECRETARIAT)).json()
            return ident in {r[key] for r in rows}

        await eventually(
            lambda: received("/v1/council-resolutions", "resolution_id", resolution["id"]),
            "the Council's resolution in programmes",
        )
        await ok(
            client.post(
                f"{doc_url}/council-discussion",
                json={"resolution_id": resolution["id"]},
                headers=SECRETARIAT,
            )
        )

        # -- submitting before the Session considered it is refused (Reg2024 §31) -----------
        letter = {"number": "Хат № 12", "date": day(0)}
        early = await client.post(
            f"{doc_url}/submission", json={"submitted_to": "president", "letter": letter},
            headers={**SECRETARIAT, "Accept-Language": "en"},
        )  # fmt: skip
        assert early.status_code == 422, early.text
        assert early.json()["rule"] == "Reg2024 §31"
        assert "session_consideration" in early.json()["detail"]

        # -- the Session's decision, received on kelisim.sessions.v1 --------------------------
        decision = await session_decision(client, urls["sessions"], members)
        await eventually(
            lambda: received("/v1/session-decisions", "decision_id", decision["decision_id"]),
            "the Session's decision in programmes",
        )
        await ok(
            client.post(
                f"{doc_url}/session-consideration",
                json={"decision_id": decision["decision_id"]},
                headers=SECRETARIAT,
            )
        )
        await ok(client.post(f"{doc_url}/submission",
                             json={"submitted_to": "president", "letter": letter},
                             headers=SECRETARIAT))  # fmt: skip
        approved = await ok(
            client.post(
                f"{doc_url}/approval",
                json={"approved_by": "chairman", "approved_on": day(0),
                      "act": {"number": "Жарлық № 45", "date": day(0)}},
                headers=SECRETARIAT,
            )
        )  # fmt: skip
        assert approved["status"] == "approved"
        in_force = (await client.get(f"{programmes}/v1/documents/in-force")).json()
        assert [d["document_id"] for d in in_force] == [document["id"]]
        await ok(
            client.post(
                f"{doc_url}/orders",
                json={"act": {"number": "Тапсырма № 3", "date": day(0)},
                      "text": {"kk": "Іске асырылсын", "ru": "Обеспечить реализацию"}},
                headers=SECRETARIAT,
            ),
            201,
        )  # fmt: skip

        # -- a ministry's action plan, coordinated: its measures on council's board ---------
        plan = await ok(
            client.post(
                f"{programmes}/v1/action-plans",
                json={"state_body": "minculture",
                      "title": {"kk": "Іс-шаралар жоспары", "ru": "План мероприятий"},
                      "basis": {"kind": "programme_document", "id": document["id"]},
                      "approved": {"number": "Бұйрық № 9", "date": day(0)},
                      "measures": [
                          {"text": {"kk": "Форум өткізу", "ru": "Провести форум"},
                           "state_body": "akimat-astana", "deadline": day(0)},
                          {"text": {"kk": "Жинақ шығару", "ru": "Издать сборник"},
                           "state_body": "minculture", "deadline": day(60)}]},
                headers=SECRETARIAT,
            ),
            201,
        )  # fmt: skip
        await ok(client.post(f"{programmes}/v1/action-plans/{plan['id']}/coordination", json={},
                             headers=SECRETARIAT))  # fmt: skip

        async def card() -> dict[str, Any] | None:
            cards = (
                await client.get(f"{council}/v1/control/cards", params={"source_id": plan["id"]},
                                 headers=SECRETARIAT)
            ).json()  # fmt: skip
            return cards[0] if cards else None

        found = await eventually(card, "the plan's control card in council")
        assert (found["source"], found["kind"], found["rule"], found["assignments"]) == (
            "action_plan", "programme_document", "Reg2024 §28", 2,
        )  # fmt: skip
        tomorrow = day(1)
        overdue = (
            await client.get(f"{council}/v1/control/overdue", params={"as_of": tomorrow},
                             headers=SECRETARIAT)
        ).json()  # fmt: skip
        on_plan = [a for a in overdue if a["source_id"] == plan["id"]]
        assert [(a["state_body"], a["overdue"]) for a in on_plan] == [("akimat-astana", True)]
        # The decision's and the resolution's own cards stand on the same board.
        sources = {
            c["source"]
            for c in (await client.get(f"{council}/v1/control/cards", headers=SECRETARIAT)).json()
        }
        assert {"action_plan", "council_resolution", "session_decision"} <= sources
        history = (await client.get(f"{doc_url}/history", headers=SECRETARIAT)).json()
        assert [
            h["data"].get("rule") for h in history if h["event_type"] == "DocumentApproved"
        ] == ["Reg2024 §6, §32"]
