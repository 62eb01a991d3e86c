"""A programme document from draft to the President's approval through the API, each refusal
citing its paragraph (Reg2024 §31); the Development Concept approved and then superseded, the
one in force answered on any day (Reg2024 §32); the Chairman's order and an action plan
carrying it out (Reg2024 §28)."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI

from services.programmes.tests.conftest import auditor, decision, resolution, secretariat, token

TEXT = {"kk": "Бағдарлама мәтіні", "ru": "Текст программы"}
ACT = {"number": "№ 1", "date": "2026-01-20"}
OLD_ACT = {"number": "№ 2", "date": "2008-01-10"}


async def ok(response: Any, status: int = 200) -> dict[str, Any]:
    got = await response
    assert got.status_code == status, got.text
    body: dict[str, Any] = got.json()
    return body


async def refused(response: Any, status: int = 422) -> dict[str, Any]:
    got = await response
    assert got.status_code == status, got.text
    body: dict[str, Any] = got.json()
    return body


async def expert_council(client: httpx.AsyncClient, app: FastAPI) -> str:
    """The Scientific-Expert Council, its statute approved by the Head of the Secretariat."""
    body = await ok(
        client.post(
            "/v1/bodies",
            json={"kind": "scientific_expert_council",
                  "name": {"kk": "Ғылыми-сарапшылық кеңес", "ru": "Научно-экспертный совет"},
                  "established_on": "2026-01-20", "decided_by": "head_of_secretariat",
                  "act": ACT},
            headers=secretariat(app),
        ),
        201,
    )  # fmt: skip
    return str(body["id"])


async def drafted(client: httpx.AsyncClient, app: FastAPI, kind: str = "programme_document") -> str:
    body = await ok(
        client.post(
            "/v1/documents",
            json={"kind": kind, "title": {"kk": "Бағдарлама", "ru": "Программа"}, "text": TEXT,
                  "attachments": [{"name": "annex.pdf", "sha256": "a" * 64,
                                   "media_type": "application/pdf", "size": 1024}],
                  "drafted_on": "2026-02-01"},
            headers=secretariat(app),
        ),
        201,
    )  # fmt: skip
    assert body["status"] == "drafting"
    return str(body["id"])


async def test_a_programme_document_from_draft_to_approval(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    headers = secretariat(app)
    document = await drafted(client, app)
    url = f"/v1/documents/{document}"

    # Without the Scientific-Expert Council's opinion the Council may not discuss it.
    council_resolution = await resolution(app, "2026-04-10", {"kind": "other"})
    problem = await refused(
        client.post(f"{url}/council-discussion", json={"resolution_id": council_resolution},
                    headers=headers)
    )  # fmt: skip
    assert problem["rule"] == "Reg2024 §31"
    assert problem["reason_code"] == "programmes_step_missing"
    # Nor may it be submitted: the first missing step is named.
    problem = await refused(
        client.post(f"{url}/submission", json={"submitted_to": "president", "letter": ACT},
                    headers=headers)
    )  # fmt: skip
    assert (problem["rule"], problem["reason_code"]) == ("Reg2024 §31", "programmes_step_missing")

    # The Scientific-Expert Council meets and gives its opinion.
    council = await expert_council(client, app)
    meeting = await ok(
        client.post(
            f"/v1/bodies/{council}/meetings",
            json={"number": "1", "held_on": "2026-03-01", "place": "Астана",
                  "agenda": [{"kk": "Бағдарлама жобасы", "ru": "Проект программы"}],
                  "documents": [document], "present": 9},
            headers=headers,
        ),
        201,
    )  # fmt: skip
    await ok(
        client.post(
            f"{url}/opinions",
            json={"body_id": council, "meeting_id": meeting["meeting_id"],
                  "conclusion": "supported_with_remarks",
                  "summary": {"kk": "Қолдайды", "ru": "Поддерживает"}, "given_on": "2026-03-01"},
            headers=headers,
        )
    )  # fmt: skip

    # Submitting before the Session considered it is refused, citing §31.
    await ok(
        client.post(f"{url}/council-discussion", json={"resolution_id": council_resolution},
                    headers=headers)
    )  # fmt: skip
    problem = await refused(
        client.post(f"{url}/submission", json={"submitted_to": "president", "letter": ACT,
                                               "submitted_on": "2026-06-01"}, headers=headers)
    )  # fmt: skip
    assert problem["rule"] == "Reg2024 §31"
    assert "session_consideration" in problem["detail"]
    ru = await client.post(
        f"{url}/submission", json={"submitted_to": "president", "letter": ACT},
        headers={**headers, "Accept-Language": "ru"},
    )  # fmt: skip
    assert "пункт 31 Положения" in ru.json()["detail"] and "шаг" in ru.json()["detail"]

    # An unknown Session decision is refused; the received one is recorded on its own day.
    unknown = "00000000-0000-4000-8000-000000000001"
    problem = await refused(
        client.post(f"{url}/session-consideration", json={"decision_id": unknown},
                    headers=headers)
    )  # fmt: skip
    assert problem["reason_code"] == "programmes_unknown_act"
    session_decision = await decision(app, "2026-05-20")
    await ok(
        client.post(f"{url}/session-consideration", json={"decision_id": session_decision},
                    headers=headers)
    )  # fmt: skip

    # Submitted to the President, not to the Council (§31).
    problem = await refused(
        client.post(f"{url}/submission", json={"submitted_to": "council", "letter": ACT,
                                               "submitted_on": "2026-06-01"}, headers=headers)
    )  # fmt: skip
    assert (problem["rule"], problem["reason_code"]) == ("Reg2024 §31", "programmes_not_competent")
    await ok(
        client.post(f"{url}/submission", json={"submitted_to": "president", "letter": ACT,
                                               "submitted_on": "2026-06-01"}, headers=headers)
    )  # fmt: skip
    # The text no longer changes once submitted.
    problem = await refused(
        client.post(f"{url}/versions", json={"text": TEXT}, headers=headers), 409
    )
    assert problem["code"] == "programmes_step_refused"
    approved = await ok(
        client.post(
            f"{url}/approval",
            json={"approved_by": "chairman", "approved_on": "2026-07-01",
                  "act": {"number": "Жарлық № 100", "date": "2026-07-01"}},
            headers=headers,
        )
    )  # fmt: skip
    assert approved["status"] == "approved"

    # The public reads it now; the history names each step's rule and actor.
    detail = (await client.get(url)).json()
    assert (detail["status"], detail["effective_from"], detail["rule"]) == (
        "approved", "2026-07-01", "Reg2024 §6, §32",
    )  # fmt: skip
    assert [o["conclusion"] for o in detail["opinions"]] == ["supported_with_remarks"]
    history = (await client.get(f"{url}/history", headers=auditor(app))).json()
    assert [h["event_type"] for h in history] == [
        "DocumentDrafted", "DocumentVersionAdded", "ExpertOpinionRecorded",
        "CouncilDiscussionRecorded", "SessionConsiderationRecorded", "DocumentSubmitted",
        "DocumentApproved",
    ]  # fmt: skip
    assert {h["actor"] for h in history} == {"secretariat-officer-1"}
    assert history[3]["data"]["discussed_on"] == "2026-04-10"
    assert history[4]["data"]["considered_on"] == "2026-05-20"

    # The Chairman's order to carry it out, and a ministry's action plan under it.
    order = await ok(
        client.post(
            f"{url}/orders",
            json={"act": {"number": "Тапсырма № 5", "date": "2026-07-10"},
                  "text": {"kk": "Іске асыру", "ru": "Обеспечить реализацию"},
                  "issued_on": "2026-07-10"},
            headers=headers,
        ),
        201,
    )  # fmt: skip
    plan = await ok(
        client.post(
            "/v1/action-plans",
            json={"state_body": "minculture", "title": {"kk": "Жоспар", "ru": "План"},
                  "basis": {"kind": "chairman_order", "id": order["order_id"],
                            "document_id": document},
                  "approved": {"number": "Бұйрық № 7", "date": "2026-08-01"},
                  "registered_on": "2026-08-03",
                  "measures": [{"text": {"kk": "Форум өткізу", "ru": "Провести форум"},
                                "state_body": "minculture", "deadline": "2026-10-01"}]},
            headers=headers,
        ),
        201,
    )  # fmt: skip
    coordinated = await ok(
        client.post(f"/v1/action-plans/{plan['id']}/coordination",
                    json={"coordinated_on": "2026-08-05"}, headers=headers)
    )  # fmt: skip
    assert coordinated["status"] == "coordinated"
    ministry = token(app, "officer-1", "state_body", state_body="minculture")
    [listed] = (await client.get("/v1/action-plans", headers=ministry)).json()
    assert (listed["plan_id"], listed["measures"], listed["rule"]) == (
        plan["id"], 1, "Reg2024 §28",
    )  # fmt: skip
    other = token(app, "officer-2", "state_body", state_body="minedu")
    assert (await client.get(f"/v1/action-plans/{plan['id']}", headers=other)).status_code == 404
    csv = await client.get(f"/v1/action-plans/{plan['id']}", params={"format": "csv"},
                           headers=headers)  # fmt: skip
    assert csv.text.startswith("\ufeffmeasure_id,") and "Провести форум" in csv.text


async def test_a_returned_document_is_drafted_again(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """The Concept goes to the Chairman (Reg2024 §32), who may send it back: a new version."""
    headers = secretariat(app)
    concept = await drafted(client, app, "development_concept")
    url = f"/v1/documents/{concept}"
    problem = await refused(
        client.post(f"{url}/submission", json={"submitted_to": "president", "letter": ACT},
                    headers=headers)
    )  # fmt: skip
    assert (problem["rule"], problem["reason_code"]) == ("Reg2024 §32", "programmes_not_competent")
    await ok(client.post(f"{url}/submission", json={"submitted_to": "chairman", "letter": ACT},
                         headers=headers))  # fmt: skip
    await ok(
        client.post(f"{url}/return", json={"returned_by": "chairman",
                                           "reason": "Толықтыру қажет"}, headers=headers)
    )  # fmt: skip
    added = await ok(client.post(f"{url}/versions", json={"text": TEXT}, headers=headers))
    assert added["status"] == "drafting"
    detail = (await client.get(url, headers=headers)).json()
    assert [v["version"] for v in detail["versions"]] == [1, 2]
    # A draft is not public.
    assert (await client.get(url)).status_code == 404
    text = (await client.get(f"{url}/versions/2", headers=headers)).json()
    assert text["text_ru"] == TEXT["ru"]


async def approved_concept(
    client: httpx.AsyncClient, app: FastAPI, on: str, supersedes: str | None = None, **extra: Any
) -> tuple[str, httpx.Response]:
    headers = secretariat(app)
    concept = await drafted(client, app, "development_concept")
    url = f"/v1/documents/{concept}"
    await ok(client.post(f"{url}/submission", json={"submitted_to": "chairman", "letter": ACT,
                                                    "submitted_on": "2026-02-10"},
                         headers=headers))  # fmt: skip
    response = await client.post(
        f"{url}/approval",
        json={"approved_by": "chairman", "approved_on": on, "supersedes": supersedes,
              "act": {"number": f"Жарлық {on}", "date": on}, **extra},
        headers=headers,
    )  # fmt: skip
    return concept, response


async def test_the_concept_in_force_on_any_day(client: httpx.AsyncClient, app: FastAPI) -> None:
    first, response = await approved_concept(client, app, "2026-03-01")
    assert response.status_code == 200, response.text
    # A second Concept may not take effect beside the first: one at a time (§32).
    second, response = await approved_concept(client, app, "2026-09-01")
    assert response.status_code == 422
    assert (response.json()["rule"], response.json()["reason_code"]) == (
        "Reg2024 §32", "programmes_concept_in_force",
    )  # fmt: skip
    response = await client.post(
        f"/v1/documents/{second}/approval",
        json={"approved_by": "chairman", "approved_on": "2026-09-01", "supersedes": first,
              "effective_from": "2026-10-01", "act": {"number": "Жарлық 2", "date": "2026-09-01"}},
        headers=secretariat(app),
    )  # fmt: skip
    assert response.status_code == 200, response.text

    async def in_force(day: str) -> list[str]:
        rows = (
            await client.get(
                "/v1/documents/in-force", params={"kind": "development_concept", "as_of": day}
            )
        ).json()
        return [r["document_id"] for r in rows]

    assert await in_force("2026-02-28") == []
    assert await in_force("2026-03-01") == [first]
    assert await in_force("2026-09-30") == [first]
    assert await in_force("2026-10-01") == [second]
    assert await in_force("2026-11-30") == [second]  # today, by default too
    today = await client.get("/v1/documents/in-force", params={"kind": "development_concept"})
    assert [r["document_id"] for r in today.json()] == [second]
    old = (await client.get(f"/v1/documents/{first}")).json()
    assert (old["superseded_by"], old["superseded_from"]) == (second, "2026-10-01")
    # Superseded once: a third Concept cannot supersede the first again.
    _, response = await approved_concept(client, app, "2026-11-01", supersedes=first)
    assert response.status_code == 409


async def test_the_rulebook_of_the_acts_date_decides(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    """Under Reg2011 §26 the President approved the Concept the Chairman endorsed; under
    Reg2002 §8 a programme document needed the Session but not the Council."""
    headers = secretariat(app)
    concept = (
        await ok(
            client.post(
                "/v1/documents",
                json={"kind": "development_concept", "title": {"kk": "Т", "ru": "К"},
                      "text": TEXT, "drafted_on": "2013-05-01"},
                headers=headers,
            ),
            201,
        )
    )["id"]  # fmt: skip
    url = f"/v1/documents/{concept}"
    await ok(client.post(f"{url}/submission", json={"submitted_to": "chairman", "letter": OLD_ACT,
                                                    "submitted_on": "2013-06-01"},
                         headers=headers))  # fmt: skip
    problem = await refused(
        client.post(f"{url}/approval", json={"approved_by": "chairman", "approved_on": "2013-07-01",
                                             "act": OLD_ACT}, headers=headers)
    )  # fmt: skip
    assert problem["rule"] == "Reg2011 §26" and "Reg2011" in problem["detail"]
    await ok(
        client.post(f"{url}/approval", json={"approved_by": "president",
                                             "approved_on": "2013-07-01", "act": OLD_ACT},
                    headers=headers)
    )  # fmt: skip

    old = (
        await ok(
            client.post(
                "/v1/documents",
                json={"kind": "programme_document", "title": {"kk": "Б", "ru": "П"},
                      "text": TEXT, "drafted_on": "2008-01-10"},
                headers=headers,
            ),
            201,
        )
    )["id"]  # fmt: skip
    problem = await refused(
        client.post(f"/v1/documents/{old}/submission",
                    json={"submitted_to": "president", "letter": OLD_ACT,
                          "submitted_on": "2008-03-01"},
                    headers=headers)
    )  # fmt: skip
    assert problem["rule"] == "Reg2002 §8" and "Reg2002" in problem["detail"]
    assert "session_consideration" in problem["detail"]


async def test_steps_are_refused_to_others_and_dates_to_the_future(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    document = await drafted(client, app)
    member = token(app, "member-1", "member")
    response = await client.post(f"/v1/documents/{document}/versions", json={"text": TEXT},
                                 headers=member)  # fmt: skip
    assert response.status_code == 403
    response = await client.post(
        f"/v1/documents/{document}/versions", json={"text": TEXT, "added_on": "2026-12-01"},
        headers=secretariat(app),
    )  # fmt: skip
    assert response.json()["reason_code"] == "programmes_date_in_future"
    response = await client.post(
        "/v1/documents",
        json={"kind": "programme_document", "title": {"kk": "Б\u0000", "ru": "П"}, "text": TEXT},
        headers=secretariat(app),
    )  # fmt: skip
    assert response.status_code == 422
    response = await client.post(
        f"/v1/documents/{document}/versions",
        json={"text": {"kk": "Хабарласу: +7 701 111 22 33", "ru": "Текст"}},
        headers=secretariat(app),
    )  # fmt: skip
    assert response.status_code == 422 and "phone" in response.text
    listed = await client.get("/v1/documents", params={"limit": 501})
    assert listed.status_code == 422
