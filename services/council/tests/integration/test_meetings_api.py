"""The council API on real PostgreSQL: convening and its permissions, quorum and majority at the
boundary, candidacy reviews published one event per candidate, the protocol signed off by the
chair and the secretary and never changing, the written poll (refused under Reg2024, adopted
under Reg2011), and the six-month gap flag."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from services.council.application import meetings, protocols
from services.council.domain.commands import (
    CouncilBody,
    OpenWrittenPoll,
)
from services.council.domain.events import OtherResolution, Text
from services.council.tests.conftest import add_candidacies, add_council_members, auth
from shared.application import CommandResult, UnitOfWork
from shared.clock import Clock
from shared.context import Actor
from shared.protocols import SignOff
from shared.protocols.archive import render_all

pytestmark = pytest.mark.integration

TODAY = Clock().today()  # the Kazakhstan day, as the services date acts
AGENDA = [
    {"kk": "Кандидатураларды қарау", "ru": "Рассмотрение кандидатур"},
    {"kk": "Өзге мәселе", "ru": "Иной вопрос"},
]
TEXT = {"kk": "Кеңес шешті", "ru": "Совет решил"}


def chairman(app: FastAPI) -> dict[str, str]:
    return auth(app, "president", "chairman")


def secretariat(app: FastAPI) -> dict[str, str]:
    return auth(app, "secretariat-1", "secretariat")


def problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


async def convene(
    client: httpx.AsyncClient, app: FastAPI, held_on: date = TODAY, number: str = "12"
) -> tuple[uuid.UUID, list[str]]:
    body = {"number": number, "held_on": held_on.isoformat(), "place": "Астана",
            "agenda": AGENDA, "chair": {"kk": "Төраға", "ru": "Председатель"}}  # fmt: skip
    response = await client.post("/v1/council/meetings", json=body, headers=chairman(app))
    assert response.status_code == 201, response.text
    meeting_id = uuid.UUID(response.json()["id"])
    detail = (await client.get(f"/v1/council/meetings/{meeting_id}")).json()
    return meeting_id, [item["item_id"] for item in detail["agenda"]]


async def open_with(
    client: httpx.AsyncClient, app: FastAPI, meeting_id: uuid.UUID, present: list[uuid.UUID]
) -> None:
    opened = await client.post(
        f"/v1/council/meetings/{meeting_id}/opening", headers=secretariat(app)
    )
    assert opened.status_code == 200, opened.text
    for member_id in present:
        await attend(client, app, meeting_id, member_id)


async def attend(
    client: httpx.AsyncClient, app: FastAPI, meeting_id: uuid.UUID, member_id: uuid.UUID
) -> None:
    response = await client.post(
        f"/v1/council/meetings/{meeting_id}/attendance",
        json={"member_id": str(member_id)},
        headers=secretariat(app),
    )
    assert response.status_code == 200, response.text


def vote(
    client: httpx.AsyncClient,
    app: FastAPI,
    meeting_id: uuid.UUID,
    item: str,
    content: dict[str, Any],
    votes_for: int,
    against: int = 0,
) -> Any:
    body = {"text": TEXT, "content": content,
            "counts": {"votes_for": votes_for, "against": against, "abstain": 0}}  # fmt: skip
    return client.post(
        f"/v1/council/meetings/{meeting_id}/items/{item}/vote", json=body, headers=secretariat(app)
    )


# -- convening ---------------------------------------------------------------------------------


async def test_the_chairman_convenes_or_a_deputy_with_his_consent(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    body = {"number": "1", "held_on": TODAY.isoformat(), "place": "Астана", "agenda": AGENDA}
    url = "/v1/council/meetings"
    problem(await client.post(url, json=body), 401)
    problem(await client.post(url, json=body, headers=secretariat(app)), 403)
    deputy = auth(app, "deputy-1", "deputy_chairman")
    refused = problem(await client.post(url, json=body, headers=deputy), 422)
    assert (refused["rule"], refused["reason_code"]) == ("Reg2024 §12", "council_consent_required")
    consent = {"reference": "Төрағаның келісімі № 5", "given_on": TODAY.isoformat()}
    created = await client.post(url, json={**body, "consent": consent}, headers=deputy)
    assert created.status_code == 201, created.text
    meeting = (await client.get(f"{url}/{created.json()['id']}")).json()
    assert (meeting["convened_by"], meeting["consent_reference"]) == (
        "deputy_chairman",
        consent["reference"],
    )
    assert meeting["convening_rule"] == "Reg2024 §12"


# -- a meeting: quorum, majority, candidacy reviews, protocol ---------------------------------


async def test_a_meeting_from_quorum_to_a_signed_protocol(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await add_council_members(app, 9)  # quorum 6 (Reg2024 §14)
    candidates = await add_candidacies(app, 3)
    composition = (await client.get("/v1/council/composition")).json()
    assert (composition["total"], composition["quorum_required"], composition["rule"]) == (
        9,
        6,
        "Reg2024 §14",
    )
    meeting_id, items = await convene(client, app)
    await open_with(client, app, meeting_id, members[:5])
    outsider = await client.post(
        f"/v1/council/meetings/{meeting_id}/attendance",
        json={"member_id": str(uuid.uuid4())},
        headers=secretariat(app),
    )
    assert problem(outsider, 422)["reason_code"] == "not_a_council_member"

    reviews = {
        "kind": "candidacy_review",
        "reviews": [{"member_id": str(m), "recommended": i < 2} for i, m in enumerate(candidates)],
    }
    no_quorum = problem(await vote(client, app, meeting_id, items[0], reviews, 5), 422)
    assert (no_quorum["rule"], no_quorum["reason_code"]) == (
        "Reg2024 §14",
        "council_quorum_not_present",
    )
    await attend(client, app, meeting_id, members[5])  # 6 of 9: quorate

    # 4 of the 6 present for: two thirds, adopted (Reg2024 §15)
    adopted = await vote(client, app, meeting_id, items[0], reviews, 4, against=2)
    assert adopted.status_code == 201 and adopted.json()["status"] == "adopted", adopted.text
    resolution_id = adopted.json()["id"]
    again = problem(await vote(client, app, meeting_id, items[0], reviews, 6), 409)
    assert again["code"] == "council_item_already_decided"
    # 3 of 6: one fewer than two thirds, rejected
    rejected = await vote(client, app, meeting_id, items[1], {"kind": "other"}, 3, against=3)
    assert rejected.json()["status"] == "rejected", rejected.text

    async with app.state.platform.sessions() as db:
        rows = (
            await db.execute(
                text(
                    "SELECT event_type, version, data, transaction_id::text AS xid FROM events"
                    " WHERE stream_id = :s ORDER BY version"
                ),
                {"s": f"resolution-{resolution_id}"},
            )
        ).all()
    assert [r.event_type for r in rows] == [
        "MeetingVoteTaken",
        "ResolutionAdopted",
        "CandidacyReviewAdopted",
        "CandidacyReviewAdopted",
        "CandidacyReviewAdopted",
    ]
    assert len({r.xid for r in rows}) == 1  # one append
    published = [r.data for r in rows if r.event_type == "CandidacyReviewAdopted"]
    assert published == [
        {
            "resolution_id": resolution_id,
            "member_id": str(m),
            "recommended": i < 2,
            "protocol": {"number": "12", "date": TODAY.isoformat()},
        }
        for i, m in enumerate(candidates)
    ]
    # A candidacy is reviewed once: the next review of it is refused (Reg2024 §13).
    awaiting = (await client.get("/v1/council/candidacies", headers=secretariat(app))).json()
    assert awaiting == []

    # The draft protocol is for officials; the public gets it once signed off by the chair and
    # the secretary, recorded during the meeting.
    url = f"/v1/council/meetings/{meeting_id}/protocol"
    problem(await client.get(url), 401)  # anonymous: it could sign in
    draft = await client.get(url, params={"lang": "ru"}, headers=secretariat(app))
    assert draft.headers["X-Signed"] == "false" and "Проект" in draft.text
    early = await client.post(f"{url}/sign-off", headers=secretariat(app))
    assert problem(early, 409)["code"] == "protocol_sitting_not_closed"
    officers = {
        "chair": {"name": {"kk": "Ерлан Қайратұлы Сейітов", "ru": "Ерлан Кайратович Сеитов"},
                  "post": {"kk": "Ассамблея Төрағасының орынбасары",
                           "ru": "заместитель Председателя Ассамблеи"}},
        "secretary": {"name": {"kk": "Әлия Серікқызы Омарова", "ru": "Алия Сериковна Омарова"},
                      "post": {"kk": "Хатшылық меңгерушісінің орынбасары",
                               "ru": "заместитель заведующего Секретариатом"}},
        "place": {"kk": "Астана қаласы, Ақорда", "ru": "город Астана, Акорда"},
    }  # fmt: skip
    recorded = await client.post(f"{url}/officers", json=officers, headers=secretariat(app))
    assert recorded.status_code == 200, recorded.text
    speaker = {"item_id": items[0], "role": "reporter", "member_id": str(members[0])}
    assert (await client.post(f"{url}/speakers", json=speaker, headers=secretariat(app))).is_success
    closed = await client.post(
        f"/v1/council/meetings/{meeting_id}/closing", headers=secretariat(app)
    )
    assert closed.status_code == 200, closed.text
    problem(await client.post(f"{url}/sign-off", headers=chairman(app)), 403)
    signed = await client.post(f"{url}/sign-off", headers=secretariat(app))
    assert signed.status_code == 200 and signed.json()["signed"], signed.text

    record = (await client.get(f"{url}/record")).json()
    digests = record["digests"]
    assert record["number"] == "12" and record["chair"] == officers["chair"]
    documents = {}
    for lang in ("kk", "ru"):
        for fmt in ("html", "pdf"):
            got = await client.get(url, params={"lang": lang, "format": fmt})  # public
            assert got.status_code == 200 and got.headers["X-Signed"] == "true"
            assert got.headers["Content-Disposition"].endswith(f"-12-{lang}.{fmt}")
            assert hashlib.sha256(got.content).hexdigest() == digests[f"{lang}_{fmt}"]
            documents[(lang, fmt)] = got.content
    assert documents[("kk", "pdf")].startswith(b"%PDF")
    html_kk = documents[("kk", "html")].decode()
    assert "Кеңес отырысының ХАТТАМАСЫ" in html_kk and "Үміткер 0" in html_kk
    assert "Ереженің 15-тармағы" in html_kk and "Reg2024" not in html_kk
    assert "00 Кеңес мүшесі" in html_kk  # surname first: "Кеңес мүшесі 00" as recorded
    assert "3-қосымша" not in html_kk  # present and absent members: annexes 1 and 2
    html_ru = documents[("ru", "html")].decode()
    assert "Проект" not in html_ru and "город Астана, Акорда" in html_ru
    # The rejected item is printed as put to the vote, never under "РЕШИЛИ".
    item_two = html_ru[html_ru.index('id="item-2"') :]
    assert "Поставлено на голосование" in item_two and "РЕШИЛИ" not in item_two

    # A signed protocol never changes: nothing more is accepted, and a fresh rendering from the
    # events (also after rebuilding the read models) equals what was signed.
    again_signed = await client.post(f"{url}/sign-off", headers=secretariat(app))
    assert problem(again_signed, 409)["code"] == "protocol_already_signed"
    late = await client.post(
        f"/v1/council/meetings/{meeting_id}/attendance/{members[0]}/withdrawal",
        headers=secretariat(app),
    )
    assert problem(late, 409)["code"] == "meeting_not_open"
    platform = app.state.platform
    for projection in ("meetings", "protocol_records"):
        await platform.projector.rebuild(platform.sessions, platform.store, projection)
    async with platform.sessions() as db:
        signed_off = SignOff(signed_at=datetime.fromisoformat(record["signed_at"]))
        rendered = render_all(await protocols.protocol_of(db, meeting_id, signed_off))
    assert {k: hashlib.sha256(v).hexdigest() for k, v in rendered.items()} == {
        (lang, fmt): digests[f"{lang}_{fmt}"] for lang in ("kk", "ru") for fmt in ("html", "pdf")
    }
    # A stored rendering that no longer matches its digest is refused, not served.
    async with platform.sessions() as db, db.begin():
        await db.execute(
            text("UPDATE protocol_documents SET content = :c WHERE subject_id = :m"),
            {"c": b"forged", "m": meeting_id},
        )
    tampered = await client.get(url)
    assert problem(tampered, 500)["code"] == "protocol_tampered"


async def test_typed_resolutions_are_checked_by_the_councils_powers(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await add_council_members(app, 3)
    # Senate candidates until the Constitution of 2026 takes effect (1 Jul 2026)
    meeting_id, items = await convene(client, app, held_on=date(2026, 3, 10))
    await open_with(client, app, meeting_id, members)
    four = {
        "kind": "senate_candidates",
        "candidates": [{"name": {"kk": f"Адам {i}", "ru": f"Человек {i}"}} for i in range(4)],
    }
    senate = problem(await vote(client, app, meeting_id, items[0], four, 3), 422)
    assert (senate["rule"], senate["reason_code"]) == (
        "Reg2024 §5, §13",
        "senate_candidates_not_five",
    )
    unknown = {"kind": "candidacy_review",
               "reviews": [{"member_id": str(uuid.uuid4()), "recommended": True}]}  # fmt: skip
    refused = problem(await vote(client, app, meeting_id, items[0], unknown, 3), 422)
    assert refused["reason_code"] == "candidacy_not_awaiting_review"
    five = {**four, "candidates": [*four["candidates"], {"name": {"kk": "Бес", "ru": "Пять"}}]}
    proposed = await vote(client, app, meeting_id, items[0], five, 2, against=1)
    assert proposed.json()["status"] == "adopted", proposed.text
    listed = await client.get("/v1/council/resolutions", params={"kind": "senate_candidates"})
    assert [r["rule"] for r in listed.json()] == ["Reg2024 §15"]

    later, later_items = await convene(client, app, held_on=date(2026, 8, 3), number="13")
    await open_with(client, app, later, members)
    refused = problem(await vote(client, app, later, later_items[0], five, 3), 422)
    assert (refused["rule"], refused["reason_code"]) == (
        "Constitution 2026 (in force 1 Jul 2026)",
        "post_ended",
    )


# -- the written poll ---------------------------------------------------------------------------


async def test_the_written_poll_is_refused_under_reg2024_and_runs_under_reg2011(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await add_council_members(app, 4)  # two thirds of 4: 3
    deadline = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    body = {"number": "С-9", "text": TEXT, "content": {"kind": "other"}, "deadline": deadline}
    refused = problem(
        await client.post("/v1/council/written-polls", json=body, headers=secretariat(app)), 422
    )
    assert (refused["rule"], refused["reason_code"]) == ("Reg2024 §15", "written_poll_not_provided")

    # Opened on a day of Reg2011 (a record of the 2015 poll): the rule of its opening day.
    command = OpenWrittenPoll(
        council=CouncilBody(), number="С-9", text=Text(**TEXT), content=OtherResolution(),
        deadline=datetime.now(UTC) + timedelta(days=3), now=datetime.now(UTC),
        today=date(2015, 5, 4),
    )  # fmt: skip

    async def work(uow: UnitOfWork) -> CommandResult:
        resolution = await meetings.open_written_poll(command, uow)
        return CommandResult(201, {"id": resolution.id})

    opened = await app.state.platform.runner.run(work, Actor("secretariat-1", frozenset()))
    poll_id = opened.body["id"]
    url = f"/v1/council/written-polls/{poll_id}"
    outsider = await client.post(
        f"{url}/ballots", json={"choice": "for"}, headers=auth(app, str(uuid.uuid4()), "member")
    )
    assert problem(outsider, 422)["rule"] == "Reg2011 §9"
    for member_id in members[:2]:
        cast = await client.post(
            f"{url}/ballots", json={"choice": "for"}, headers=auth(app, str(member_id), "member")
        )
        assert cast.status_code == 201 and cast.json()["status"] == "polling", cast.text
    early = await client.post(f"{url}/closing", headers=secretariat(app))
    assert problem(early, 409)["code"] == "written_poll_deadline_not_reached"
    # the third vote for reaches two thirds of ALL members: it closes by itself, adopted
    third = await client.post(
        f"{url}/ballots", json={"choice": "for"}, headers=auth(app, str(members[2]), "member")
    )
    assert third.json()["status"] == "adopted", third.text
    poll = (await client.get(url, headers=secretariat(app))).json()
    assert (poll["votes_for"], poll["required"], poll["council_total"]) == (3, 3, 4)
    assert (poll["close_reason"], poll["rule"], poll["protocol_number"]) == (
        "outcome_decided",
        "Reg2011 §9",
        "С-9",
    )
    assert len(poll["ballots"]) == 3
    assert (await client.get(url)).json()["ballots"] is None  # the public sees counts
    last = await client.post(
        f"{url}/ballots", json={"choice": "for"}, headers=auth(app, str(members[3]), "member")
    )
    assert problem(last, 409)["code"] == "written_poll_not_open"


# -- the six-month gap -------------------------------------------------------------------------


async def test_a_gap_of_more_than_six_months_without_a_meeting_is_flagged(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    members = await add_council_members(app, 3)
    for held_on in (date(2025, 1, 10), date(2025, 7, 10), date(2026, 1, 11)):
        meeting_id, _ = await convene(client, app, held_on, number=str(held_on))
        await open_with(client, app, meeting_id, members[:2])
        closed = await client.post(
            f"/v1/council/meetings/{meeting_id}/closing", headers=secretariat(app)
        )
        assert closed.status_code == 200, closed.text
    url = "/v1/council/meetings/gaps"
    problem(await client.get(url), 401)
    on_time = (await client.get(url, params={"as_of": "2026-07-11"}, headers=chairman(app))).json()
    assert on_time["flagged"] is False and on_time["current"]["due_by"] == "2026-07-11"
    late = (await client.get(url, params={"as_of": "2026-07-12"}, headers=chairman(app))).json()
    assert late["flagged"] is True
    assert (late["current"]["rule"], late["current"]["last_meeting"]) == (
        "Law 2008 Art. 10",
        "2026-01-11",
    )
    # 10 Jul 2025 → 11 Jan 2026: one day more than six months
    assert [(g["from_meeting"], g["to_meeting"]) for g in late["past_gaps"]] == [
        ("2025-07-10", "2026-01-11")
    ]
