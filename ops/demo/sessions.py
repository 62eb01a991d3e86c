"""The Sessions of the year, through the sessions service's public API.

- The regular Session of April 2026, recorded from its protocol (a past act: its quorum and
  majorities judged under the rulebook of its day, Reg2024 §9–10), with its votes and decisions.
- An extraordinary Session on the members' request: a member opens the request, at least one
  third of all members sign it (Reg2002 §8), the Chairman convenes it within one month, and its
  sitting (held on the day of loading, the services' clock) votes openly.
- The regular December Session announced a month ahead (Reg2024 §7): attendance, an open, a
  roll-call and a secret poll voted by every member present at once (secret ballots are
  committed in batches, so they are cast concurrently), the decisions, and its protocol
  recorded and signed off.

Live acts (attendance, ballots) are dated by the services' clock: they are made only when the
poll is still open, so a second run adds nothing.
"""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ops.demo.api import Api, As

PART = "sessions"
SECRETARIAT = As("demo-secretariat", ("secretariat",))
CHAIRMAN = As("demo-chairman", ("chairman",))
PLACE = "Астана, Бейбітшілік және келісім сарайы"

APRIL_SITTING = date(2026, 4, 24)
REQUESTED_ON = date(2026, 11, 2)
EXTRAORDINARY_DECIDED = date(2026, 11, 9)
EXTRAORDINARY_OPENS = date(2026, 12, 5)
REGULAR_ANNOUNCED = date(2026, 10, 30)
REGULAR_OPENS = date(2026, 12, 4)


def title(kk: str, ru: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru}


APRIL_AGENDA = [
    (title("Қоғамдық келісім бағдарламасының жобасы туралы",
           "О проекте программы общественного согласия"), "other"),
    (title("Ассамблеяның Қазақстан халқына Үндеуі туралы",
           "Об Обращении Ассамблеи к народу Казахстана"), "address"),
    (title("Ассамблея мүшелерінің есептері туралы", "Об отчётах членов Ассамблеи"),
     "members_reports"),
]  # fmt: skip
DECEMBER_AGENDA = [
    (title("Бірлік жылының қорытындысы туралы Үндеу", "Обращение об итогах года единства"),
     "address", "open"),
    (title("Ассамблеяның даму жөніндегі тұжырымдамалық ұстанымдары",
           "Концептуальные позиции по развитию Ассамблеи"), "conceptual_position", "roll_call"),
    (title("Ассамблея Кеңесінің құрамын жаңарту туралы", "Об обновлении состава Совета Ассамблеи"),
     "other", "secret"),
]  # fmt: skip
EXTRAORDINARY_AGENDA = title(
    "Өңірлердегі су тапшылығы жағдайындағы этносаралық келісім туралы",
    "О межэтническом согласии в условиях нехватки воды в регионах",
)


@dataclass
class Loaded:
    april: str = ""
    extraordinary: str = ""
    december: str = ""
    polls: list[str] = field(default_factory=list)
    recorded_decisions: dict[str, str] = field(default_factory=dict)
    """The April decisions by their kind (``other`` is the programme document's)."""
    request: str = ""

    @property
    def sessions(self) -> list[str]:
        """April's, the extraordinary and December's."""
        return [self.april, self.extraordinary, self.december]


def member(member_id: str) -> As:
    return As(member_id, ("member",))


class Sessions:
    def __init__(self, api: Api, seed: int, members: list[str]) -> None:
        self.api = api.for_part(PART, planned_calls(len(members)))
        self.random = random.Random(seed * 7919 + 1)  # noqa: S311 - invented demo data
        self.members = members
        self.loaded = Loaded()

    async def call(self, path: str, body: Any, caller: As, key: str, **kw: Any) -> Any:
        return await self.api.post("sessions", path, body, caller, f"sessions-{key}", **kw)

    async def roster_complete(self) -> None:
        async def complete() -> bool:
            roster = await self.api.get("sessions", "/v1/roster", as_of=APRIL_SITTING.isoformat())
            return int(roster["total"]) >= len(self.members)

        await self.api.eventually(complete, "the members on the sessions roster")

    async def april(self) -> None:
        """The April Session, recorded from its protocol, and its three decisions."""
        present = math.floor(len(self.members) * 0.93)
        recorded = await self.call(
            "/v1/sessions/records",
            {"kind": "regular", "sitting_on": APRIL_SITTING.isoformat(), "place": PLACE,
             "agenda": [t for t, _ in APRIL_AGENDA], "present": present,
             "source": {"number": "Хаттама № 34 (демо)", "date": APRIL_SITTING.isoformat()}},
            SECRETARIAT, "april",
        )  # fmt: skip
        session_id = self.loaded.april = str(recorded["id"])
        detail = await self.api.get("sessions", f"/v1/sessions/{session_id}")
        for n, (item, (motion, kind)) in enumerate(
            zip(detail["agenda"], APRIL_AGENDA, strict=True)
        ):
            against = 3 + n
            abstain = 5 + 2 * n
            vote = await self.call(
                f"/v1/sessions/{session_id}/polls/records",
                {"item_id": item["item_id"], "method": "open", "motion": motion,
                 "decision_kind": kind, "votes_for": present - against - abstain,
                 "against": against, "abstain": abstain},
                SECRETARIAT, f"april-vote-{n}",
            )  # fmt: skip
            self.loaded.polls.append(str(vote["id"]))
        decisions = await self.api.get("sessions", "/v1/decisions", session_id=session_id)
        self.loaded.recorded_decisions = {d["kind"]: d["decision_id"] for d in decisions}
        # The Address is published in the national press (Reg2024 §11).
        await self.call(
            f"/v1/decisions/{self.loaded.recorded_decisions['address']}/publication",
            {"outlet": "«Egemen Qazaqstan», «Казахстанская правда»", "published_on": "2026-04-28"},
            SECRETARIAT, "april-address-publication",
        )  # fmt: skip

    def present(self, share: float) -> list[str]:
        chosen = list(self.members)
        self.random.shuffle(chosen)
        return sorted(chosen[: math.ceil(len(chosen) * share)])

    async def sitting(self, session_id: str, key: str, present: list[str]) -> list[str]:
        """Open the sitting (the services' today) and register the members present."""
        url = f"/v1/sessions/{session_id}"
        detail = await self.api.get("sessions", url)
        if detail["status"] == "convened":
            await self.call(f"{url}/sitting/opening", None, SECRETARIAT, f"{key}-opening")
        await asyncio.gather(
            *(
                self.call(f"{url}/attendance", {"member_id": m}, member(m), f"{key}-att-{m}")
                for m in present
            )
        )
        detail = await self.api.get("sessions", url)
        return [i["item_id"] for i in detail["agenda"]]

    async def poll(
        self,
        session_id: str,
        key: str,
        item: str,
        method: str,
        motion: dict[str, str],
        kind: str,
        choices: dict[str, str],
    ) -> str:
        """Open a poll, let every member present vote at once, close it."""
        opened = await self.call(
            f"/v1/sessions/{session_id}/polls",
            {"item_id": item, "method": method, "motion": motion, "decision_kind": kind},
            SECRETARIAT, f"{key}-poll",
        )  # fmt: skip
        poll_id = str(opened["id"])
        self.loaded.polls.append(poll_id)
        state = await self.api.get("sessions", f"/v1/polls/{poll_id}")
        if state["status"] == "open":
            # Secret ballots wait for their batch: no concurrency limit, no Idempotency-Key
            # (a ballot already counted is refused as such and skipped).
            await asyncio.gather(
                *(
                    self.api.post(
                        "sessions",
                        f"/v1/polls/{poll_id}/votes",
                        {"choice": choice},
                        member(m),
                        None,
                        accept=(409,),
                        unlimited=True,
                    )
                    for m, choice in choices.items()
                )
            )
            await self.call(f"/v1/polls/{poll_id}/closing", None, SECRETARIAT, f"{key}-closing")
        return poll_id

    def choices(self, present: list[str], share_for: float) -> dict[str, str]:
        result = {}
        for m in present:
            draw = self.random.random()
            result[m] = (
                "for"
                if draw < share_for
                else "against"
                if draw < 0.5 + share_for / 2
                else "abstain"
            )
        return result

    async def extraordinary(
        self, signers: list[str], present: list[str], choices: dict[str, str]
    ) -> None:
        """The members' request, its signatures, the convening and the sitting."""
        opener = self.members[0]
        opened = await self.call(
            "/v1/session-requests",
            {"reason": "Өңірлердегі су тапшылығына байланысты кезектен тыс сессия қажет (демо)",
             "agenda": [EXTRAORDINARY_AGENDA], "requested_on": REQUESTED_ON.isoformat()},
            member(opener), "request",
        )  # fmt: skip
        request_id = str(opened["id"])
        self.loaded.request = request_id
        # At least one third of all members (Reg2002 §8): they sign at once; a signature the
        # request no longer needs, or one already given, is refused as such and skipped.
        needed = math.ceil(len(self.members) / 3)
        await asyncio.gather(
            *(
                self.call(
                    f"/v1/session-requests/{request_id}/signatures",
                    {"signed_on": date(2026, 11, 2 + n % 5).isoformat()},
                    member(signer),
                    f"signature-{signer}",
                    accept=(409,),
                )
                for n, signer in enumerate(signers[:needed])
            )
        )
        convened = await self.call(
            "/v1/sessions/extraordinary",
            {"opens_on": EXTRAORDINARY_OPENS.isoformat(), "place": PLACE,
             "agenda": [EXTRAORDINARY_AGENDA], "decided_on": EXTRAORDINARY_DECIDED.isoformat(),
             "request_id": request_id},
            CHAIRMAN, "extraordinary",
        )  # fmt: skip
        session_id = self.loaded.extraordinary = str(convened["id"])
        items = await self.sitting(session_id, "extraordinary", present)
        motion = title(
            "Су ресурстарын бірлесіп пайдалану жөніндегі ұсынымдар қабылдансын",
            "Принять рекомендации о совместном использовании водных ресурсов",
        )
        await self.poll(session_id, "extraordinary", items[0], "open", motion, "other",
                        choices)  # fmt: skip
        await self.close_sitting(session_id, "extraordinary")

    async def close_sitting(self, session_id: str, key: str) -> None:
        url = f"/v1/sessions/{session_id}"
        if (await self.api.get("sessions", url))["status"] != "closed":
            await self.call(f"{url}/sitting/closing", None, SECRETARIAT, f"{key}-adjourned")

    async def december(self, present: list[str], choices: list[dict[str, str]]) -> None:
        """The regular Session: three polls, three methods, then its protocol signed off."""
        convened = await self.call(
            "/v1/sessions",
            {"opens_on": REGULAR_OPENS.isoformat(), "announced_on": REGULAR_ANNOUNCED.isoformat(),
             "place": PLACE, "agenda": [t for t, _, _ in DECEMBER_AGENDA]},
            CHAIRMAN, "december",
        )  # fmt: skip
        session_id = self.loaded.december = str(convened["id"])
        items = await self.sitting(session_id, "december", present)
        for n, (item, (motion, kind, method)) in enumerate(
            zip(items, DECEMBER_AGENDA, strict=True)
        ):
            await self.poll(session_id, f"december-{n}", item, method, motion, kind,
                            choices[n])  # fmt: skip
        officer = {"name": title("Әлия Омарова (демо)", "Алия Омарова (демо)"),
                   "post": title("Хатшылық меңгерушісі", "Заведующая Секретариатом")}  # fmt: skip
        chair = {"name": title("Ассамблея Төрағасы (демо)", "Председатель Ассамблеи (демо)"),
                 "post": title("Ассамблея Төрағасы", "Председатель Ассамблеи")}  # fmt: skip
        protocol = f"/v1/sessions/{session_id}/protocol"
        await self.call(f"{protocol}/officers", {"chair": chair, "secretary": officer},
                        SECRETARIAT, "december-officers")  # fmt: skip
        await self.close_sitting(session_id, "december")
        await self.call(f"{protocol}/sign-off", None, SECRETARIAT, "december-sign-off")

    async def run(self) -> Loaded:
        await self.roster_complete()
        await self.april()
        # Who signs, who comes and how they vote are drawn first, in one order: the two
        # sittings then run at once.
        signers = [m for m in self.members if m != self.members[0]]
        self.random.shuffle(signers)
        few = self.present(0.74)
        few_choices = self.choices(few, 0.8)
        many = self.present(0.92)
        many_choices = [self.choices(many, share) for share in (0.85, 0.75, 0.65)]
        await asyncio.gather(
            self.extraordinary(signers, few, few_choices), self.december(many, many_choices)
        )
        self.api.finish()
        return self.loaded


def planned_calls(members: int) -> int:
    """About how many POSTs :meth:`Sessions.run` makes."""
    third = math.ceil(members / 3)
    return (
        (1 + 3)
        + (1 + third + 1 + 1 + math.ceil(members * 0.88) * 2 + 3)
        + (1 + 1 + math.ceil(members * 0.92) * 4 + 3 * 2 + 1 + 2)
    )
