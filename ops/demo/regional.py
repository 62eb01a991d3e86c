"""Three regional assemblies' year (Law 2008 Art. 14; Reg2024 §18–19), through the same public
APIs as the national Assembly's, acted by each assembly's own secretariat (a
``regional_assembly`` token for its region).

- Abai, Zhambyl and Astana include their members (new persons, and two members of the national
  Assembly each, who keep one ``person_id`` in both assemblies) and appoint their councils.
- Each holds a regular Session in December: attendance, then a decision adopted by vote (Abai
  openly, Zhambyl by roll-call, Astana by secret ballot), judged under the regional rulebook on
  the assembly's own roster; the sitting is opened on the services' day, as the national ones.
- Abai's council meets in November and adopts a resolution; the Abai Session's decision opens
  a control card in council, whose assignment goes to the region's akimat.
- Each region sends monitoring its periodic report on interethnic relations for the third
  quarter (indicator values; Zhambyl's with an incident).
The national data stays as the other parts load it: this part runs after them.
"""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ops.demo.api import Api, As
from ops.demo.membership import Membership

PART = "regional"
SECRETARIAT = As("demo-secretariat", ("secretariat",))
REGIONS = ("abai", "zhambyl", "astana")
"""The assemblies the demo fills, each with the vote method of its Session's decision."""
METHODS = {"abai": "open", "zhambyl": "roll_call", "astana": "secret"}
PLACES = {
    "abai": "Семей, «Қоғамдық келісім» үйі",
    "zhambyl": "Тараз, Достық үйі",
    "astana": "Астана, Бейбітшілік және келісім сарайы",
}
SIZE = 14
"""New members per assembly (besides the two national members it also includes)."""
COUNCIL = 7
INCLUDED_ON = date(2026, 1, 15)
COUNCIL_FROM = date(2026, 2, 2)
ANNOUNCED_ON = date(2026, 10, 30)
OPENS_ON = {"abai": date(2026, 12, 1), "zhambyl": date(2026, 12, 2), "astana": date(2026, 12, 3)}
COUNCIL_HELD_ON = date(2026, 11, 20)
REPORT_PERIOD = "2026-Q3"
REPORT_VALUES = {
    "abai": {"trust_index": "74.5", "state_language_use": "63.0", "tension_index": "17.5"},
    "zhambyl": {"trust_index": "61.0", "state_language_use": "71.5", "tension_index": "29.0"},
    "astana": {"trust_index": "78.0", "state_language_use": "58.5", "tension_index": "14.0"},
}


def title(kk: str, ru: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru}


AGENDA = {
    "abai": (
        title("Өңірдегі этносаралық келісімді нығайту жоспары туралы",
              "О плане укрепления межэтнического согласия в области"),
        title("Жоспар бекітілсін және облыс әкімдігіне жолдансын",
              "Утвердить план и направить его акимату области"),
    ),
    "zhambyl": (
        title("Қордай ауданындағы қоғамдық келісім туралы",
              "Об общественном согласии в Кордайском районе"),
        title("Аудандағы медиация кеңестерінің жұмысы мақұлдансын",
              "Одобрить работу советов медиации в районе"),
    ),
    "astana": (
        title("Астана қаласы Ассамблеясы Кеңесінің құрамын жаңарту туралы",
              "Об обновлении состава Совета Ассамблеи города Астаны"),
        title("Кеңестің жаңартылған құрамы мақұлдансын",
              "Одобрить обновлённый состав Совета"),
    ),
}  # fmt: skip
COUNCIL_ITEM = (
    title("Сессияны дайындау туралы", "О подготовке сессии"),
    title("Желтоқсан сессиясының күн тәртібі мақұлдансын",
          "Одобрить повестку декабрьской сессии"),
)  # fmt: skip


def secretariat_of(region: str) -> As:
    """The regional assembly's secretariat: acts for its own assembly only."""
    return As(f"demo-akimat-{region}", ("regional_assembly",), region=region)


def member(member_id: str) -> As:
    return As(member_id, ("member",))


@dataclass
class Assembly:
    members: list[str] = field(default_factory=list)
    national: list[str] = field(default_factory=list)
    """Its members who are members of the national Assembly too (their regional ids)."""
    council: list[str] = field(default_factory=list)
    session: str = ""
    poll: str = ""
    decision: str = ""
    meeting: str | None = None
    report: str = ""


@dataclass
class Loaded:
    assemblies: dict[str, Assembly] = field(default_factory=dict)
    incidents: int = 0
    card: str = ""


class Regional:
    def __init__(self, api: Api, seed: int, people: dict[str, tuple[str, dict[str, Any]]]) -> None:
        self.api = api.for_part(PART, planned_calls())
        self.random = random.Random(seed * 7727 + 13)  # noqa: S311 - invented demo data
        # New persons come from the membership part's generator, its IIN serials apart.
        self.persons = Membership(api, seed * 7727 + 17)
        self.persons.serial = 5000
        self.people = people
        self.loaded = Loaded()

    async def call(self, service: str, path: str, body: Any, caller: As, key: str) -> Any:
        return await self.api.post(service, path, body, caller, f"regional-{key}")

    def document(self, region: str, number: int, on: date) -> dict[str, str]:
        return {"number": f"{region.upper()}-{number} (демо)", "date": on.isoformat()}

    async def include(self, region: str, n: int, person: dict[str, Any]) -> str:
        included = await self.call(
            "membership", "/v1/members",
            {"assembly": region, "person": person, "region": region,
             "category": self.random.choice(["ethnocultural_association", "public_figure"]),
             "decision": self.document(region, 1, INCLUDED_ON - timedelta(days=5)),
             "effective_on": INCLUDED_ON.isoformat()},
            secretariat_of(region), f"{region}-member-{n}",
        )  # fmt: skip
        return str(included["member_id"])

    async def members(self, region: str, assembly: Assembly) -> None:
        """New members, and two of the national Assembly's members from the region."""
        groups = ["kazakh"] * 6 + ["russian", "ukrainian", "uzbek", "tatar", "korean", "german"]
        persons = [self.persons.person(self.random.choice(groups)) for _ in range(SIZE)]
        national = sorted((m for m, (r, _) in self.people.items() if r == region), key=str)[:2]
        assembly.members = [
            await self.include(region, n, person) for n, person in enumerate(persons)
        ]
        for n, member_id in enumerate(national):
            both = await self.include(region, SIZE + n, self.people[member_id][1])
            assembly.national.append(both)
            assembly.members.append(both)

    async def council(self, region: str, assembly: Assembly) -> None:
        """The regional council: its holders are members of that assembly (Law 2008 Art. 14);
        one body's appointments one after another."""
        assembly.council = assembly.members[:COUNCIL]
        for n, member_id in enumerate(assembly.council):
            await self.call(
                "membership", "/v1/posts",
                {"post": "regional_council_member", "region": region, "member_id": member_id,
                 "start_on": COUNCIL_FROM.isoformat(),
                 "document": self.document(region, 2, COUNCIL_FROM - timedelta(days=4))},
                secretariat_of(region), f"{region}-council-{n}",
            )  # fmt: skip

    async def roster_known(self, region: str, assembly: Assembly) -> None:
        async def known() -> bool:
            roster = await self.api.get(
                "sessions", "/v1/roster", assembly=region, as_of=OPENS_ON[region].isoformat()
            )
            return set(assembly.members) <= {m["member_id"] for m in roster["members"]}

        await self.api.eventually(known, f"the {region} roster in sessions")

    async def session(self, region: str, assembly: Assembly) -> None:
        """The December Session: attendance, one decision by the region's vote method."""
        caller = secretariat_of(region)
        agenda, motion = AGENDA[region]
        convened = await self.call(
            "sessions", "/v1/sessions",
            {"assembly": region, "opens_on": OPENS_ON[region].isoformat(),
             "announced_on": ANNOUNCED_ON.isoformat(), "place": PLACES[region],
             "agenda": [agenda]},
            caller, f"{region}-session",
        )  # fmt: skip
        session_id = assembly.session = str(convened["id"])
        url = f"/v1/sessions/{session_id}"
        if (await self.api.get("sessions", url))["status"] == "convened":
            await self.call("sessions", f"{url}/sitting/opening", None, caller,
                            f"{region}-opening")  # fmt: skip
        chosen = list(assembly.members)
        self.random.shuffle(chosen)
        present = sorted(chosen[: math.ceil(len(chosen) * 0.85)])
        for member_id in present:
            await self.call("sessions", f"{url}/attendance", {"member_id": member_id}, caller,
                            f"{region}-attendance-{member_id}")  # fmt: skip
        detail = await self.api.get("sessions", url)
        opened = await self.call(
            "sessions", f"{url}/polls",
            {"item_id": detail["agenda"][0]["item_id"], "method": METHODS[region],
             "motion": motion, "decision_kind": "other"},
            caller, f"{region}-poll",
        )  # fmt: skip
        poll_id = assembly.poll = str(opened["id"])
        if (await self.api.get("sessions", f"/v1/polls/{poll_id}"))["status"] == "open":
            choices = ["against", "abstain"] + ["for"] * (len(present) - 2)
            # Every member present votes at once (secret ballots wait for their batch); a
            # ballot already counted is refused as such and skipped.
            await asyncio.gather(
                *(
                    self.api.post(
                        "sessions", f"/v1/polls/{poll_id}/votes", {"choice": choice},
                        member(m), None, accept=(409,), unlimited=True,
                    )
                    for m, choice in zip(present, choices, strict=True)
                )
            )  # fmt: skip
            await self.call("sessions", f"/v1/polls/{poll_id}/closing", None, caller,
                            f"{region}-closing")  # fmt: skip
        if (await self.api.get("sessions", url))["status"] == "sitting":
            await self.call("sessions", f"{url}/sitting/closing", None, caller,
                            f"{region}-adjourned")  # fmt: skip
        [decision] = await self.api.get(
            "sessions", "/v1/decisions", session_id=session_id, assembly=region
        )
        assembly.decision = str(decision["decision_id"])

    async def council_meeting(self, region: str, assembly: Assembly) -> None:
        """The regional council's November meeting: its composition learnt by council, the
        members present, a resolution voted, the protocol signed off."""
        caller = secretariat_of(region)

        async def known() -> bool:
            found = await self.api.get(
                "council", "/v1/council/composition", assembly=region,
                as_of=COUNCIL_HELD_ON.isoformat(),
            )  # fmt: skip
            return int(found["total"]) >= len(assembly.council)

        await self.api.eventually(known, f"the {region} council's composition in council")
        agenda, text = COUNCIL_ITEM
        created = await self.call(
            "council", "/v1/council/meetings",
            {"assembly": region, "number": f"{region.upper()}-К-4 (демо)",
             "held_on": COUNCIL_HELD_ON.isoformat(), "place": PLACES[region],
             "agenda": [agenda]},
            caller, f"{region}-meeting",
        )  # fmt: skip
        meeting_id = assembly.meeting = str(created["id"])
        url = f"/v1/council/meetings/{meeting_id}"
        present = assembly.council[:-1]
        if (await self.api.get("council", url))["status"] == "convened":
            await self.call("council", f"{url}/opening", None, caller, f"{region}-m-opening")
        for member_id in present:
            await self.call("council", f"{url}/attendance", {"member_id": member_id}, caller,
                            f"{region}-m-attendance-{member_id}")  # fmt: skip
        detail = await self.api.get("council", url)
        await self.call(
            "council", f"{url}/items/{detail['agenda'][0]['item_id']}/vote",
            {"text": text, "content": {"kind": "other"},
             "counts": {"votes_for": len(present) - 1, "against": 0, "abstain": 1}},
            caller, f"{region}-m-vote",
        )  # fmt: skip
        akim = {"name": title("Облыс әкімі (демо)", "Аким области (демо)"),
                "post": title("Ассамблея төрағасы", "Председатель ассамблеи")}  # fmt: skip
        officer = {"name": title("Гүлнара Сейітова (демо)", "Гульнара Сеитова (демо)"),
                   "post": title("Ассамблея хатшылығы", "Секретариат ассамблеи")}  # fmt: skip
        await self.call("council", f"{url}/protocol/officers",
                        {"chair": akim, "secretary": officer}, caller,
                        f"{region}-m-officers")  # fmt: skip
        if (await self.api.get("council", url))["status"] != "closed":
            await self.call("council", f"{url}/closing", None, caller, f"{region}-m-closing")
        await self.call("council", f"{url}/protocol/sign-off", None, caller,
                        f"{region}-m-sign-off")  # fmt: skip

    async def control(self, region: str, assembly: Assembly) -> None:
        """The Session's decision opened a control card (over Kafka): its assignment."""
        caller = secretariat_of(region)

        async def card() -> dict[str, Any] | None:
            found = await self.api.get(
                "council", "/v1/control/cards", caller, source_id=assembly.decision
            )
            return found[0] if found else None

        opened = await self.api.eventually(card, f"a control card for the {region} decision")
        self.loaded.card = str(opened["card_id"])
        await self.call(
            "council", f"/v1/control/cards/{opened['card_id']}/assignments",
            {"assignments": [{"state_body": f"akimat-{region}", "deadline": "2027-03-31",
                              "task": title("Жоспарды орындау (демо)",
                                            "Исполнить план (демо)")}]},
            caller, f"{region}-card",
        )  # fmt: skip

    async def report(self, region: str, assembly: Assembly) -> None:
        incidents = []
        if region == "zhambyl":
            incidents.append(
                {"place": "Қордай ауданы, Сортөбе ауылы", "occurred_on": "2026-08-14",
                 "category": "domestic_conflict", "ethnic_groups": ["kazakh", "dungan"],
                 "severity": "medium",
                 "description": "Тұрмыстық жанжал ақсақалдар алқасының қатысуымен реттелді "
                                "(демо)."}
            )  # fmt: skip
        reported = await self.call(
            "monitoring", "/v1/regional-reports",
            {"region": region, "period": REPORT_PERIOD,
             "values": [{"indicator": i, "value": v} for i, v in REPORT_VALUES[region].items()],
             "incidents": incidents},
            secretariat_of(region), f"{region}-report",
        )  # fmt: skip
        assembly.report = str(reported["report_id"])
        self.loaded.incidents += len(incidents)

    async def membership(self) -> Loaded:
        """The assemblies' members and councils (membership alone)."""
        for region in REGIONS:
            assembly = self.loaded.assemblies[region] = Assembly()
            await self.members(region, assembly)
            await self.council(region, assembly)
        return self.loaded

    async def assembly(self, region: str) -> None:
        assembly = self.loaded.assemblies[region]
        await self.roster_known(region, assembly)
        await self.session(region, assembly)
        if region == "abai":
            await self.council_meeting(region, assembly)
            await self.control(region, assembly)
        await self.report(region, assembly)

    async def run(self) -> Loaded:
        await self.membership()
        for region in REGIONS:
            await self.assembly(region)
        self.api.finish()
        return self.loaded


def planned_calls() -> int:
    """About how many POSTs :meth:`Regional.run` makes."""
    members = SIZE + 2
    present = math.ceil(members * 0.85)
    per_region = members + COUNCIL + 1 + 1 + present + 1 + present + 2 + 1
    meeting = 1 + 1 + COUNCIL - 1 + 1 + 1 + 1 + 1
    return len(REGIONS) * per_region + meeting + 1
