"""The Assembly's members, loaded through membership's public API.

About 400 members across all 20 regions and many ethnic groups, with Kazakh and Russian names;
most come through the full candidacy lifecycle (nomination by an association or a regional
assembly, the Council's review back-filled from a protocol, submission, the Chairman's
approval), some by the Chairman's discretion. Then the bodies: the Council, the three Deputy
Chairmen, the Scientific-Expert Council, each regional assembly's chair and the five Senate
deputies. Names, associations and documents are invented for the demonstration and say so.
Every act carries an Idempotency-Key named after its item, so a second run adds nothing.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ops.demo.api import Api, As
from shared.identity import is_valid_iin

PART = "membership"
SECRETARIAT = As("demo-secretariat", ("secretariat",))
CHAIRMAN = As("demo-chairman", ("chairman",))
DEPUTY_CHAIRMAN = As("demo-deputy_chairman", ("deputy_chairman",))
START = date(2022, 1, 10)
"""The first nominations; the bodies are appointed 400 days later (February 2023)."""

# (kk, ru) given names by sex, and surname stems, per naming tradition
KAZAKH_MALE = [
    ("Ерлан", "Ерлан"),
    ("Нұрлан", "Нурлан"),
    ("Дәулет", "Даулет"),
    ("Асқар", "Аскар"),
    ("Бауыржан", "Бауыржан"),
    ("Серік", "Серик"),
    ("Марат", "Марат"),
    ("Ержан", "Ержан"),
    ("Қайрат", "Кайрат"),
    ("Ғалым", "Галым"),
    ("Жандос", "Жандос"),
    ("Тимур", "Тимур"),
]
KAZAKH_FEMALE = [
    ("Әлия", "Алия"),
    ("Айгүл", "Айгуль"),
    ("Гүлнара", "Гульнара"),
    ("Дана", "Дана"),
    ("Жанар", "Жанар"),
    ("Сәуле", "Сауле"),
    ("Мәдина", "Мадина"),
    ("Ботагөз", "Ботагоз"),
    ("Айжан", "Айжан"),
    ("Ләззат", "Ляззат"),
    ("Динара", "Динара"),
    ("Құралай", "Куралай"),
]
KAZAKH_SURNAMES = [
    ("Сейітов", "Сеитов"),
    ("Нұрланов", "Нурланов"),
    ("Әбенов", "Абенов"),
    ("Жұмабаев", "Жумабаев"),
    ("Қасымов", "Касымов"),
    ("Омаров", "Омаров"),
    ("Тоқаев", "Токаев"),
    ("Бекмұхамбетов", "Бекмухамбетов"),
    ("Ысқақов", "Искаков"),
    ("Сәрсенов", "Сарсенов"),
    ("Мұратов", "Муратов"),
    ("Есенов", "Есенов"),
]
SLAVIC_MALE = [("Иван", "Иван"), ("Сергей", "Сергей"), ("Андрей", "Андрей"), ("Олег", "Олег")]
SLAVIC_FEMALE = [("Ольга", "Ольга"), ("Елена", "Елена"), ("Наталья", "Наталья"), ("Ирина", "Ирина")]
SLAVIC_SURNAMES = [
    ("Петров", "Петров"),
    ("Смирнов", "Смирнов"),
    ("Ковальчук", "Ковальчук"),
    ("Бондаренко", "Бондаренко"),
    ("Соколов", "Соколов"),
]
OTHER_MALE = [
    ("Рустам", "Рустам"),
    ("Алишер", "Алишер"),
    ("Виктор", "Виктор"),
    ("Ильдар", "Ильдар"),
    ("Арсен", "Арсен"),
]
OTHER_FEMALE = [("Зарина", "Зарина"), ("Лейла", "Лейла"), ("Анна", "Анна"), ("Гульшат", "Гульшат")]
OTHER_SURNAMES = [
    ("Юсупов", "Юсупов"),
    ("Шмидт", "Шмидт"),
    ("Ким", "Ким"),
    ("Хасанов", "Хасанов"),
    ("Ахмедов", "Ахмедов"),
    ("Сабиров", "Сабиров"),
]

# The Assembly's members are drawn from many ethnic groups; the weights are the demo's own.
ETHNIC_WEIGHTS = {
    "kazakh": 40,
    "russian": 14,
    "uzbek": 5,
    "ukrainian": 4,
    "uyghur": 4,
    "german": 4,
    "tatar": 4,
    "korean": 3,
    "azerbaijani": 3,
    "turkish": 2,
    "dungan": 2,
    "belarusian": 2,
    "chechen": 2,
    "kurdish": 2,
    "polish": 2,
    "tajik": 2,
    "bashkir": 1,
    "greek": 1,
}
CATEGORIES = ["ethnocultural_association", "public_association", "state_body", "public_figure"]


@dataclass
class Loaded:
    members: list[str] = field(default_factory=list)
    candidacies: int = 0
    associations: int = 0
    posts: int = 0
    council: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    people: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    """Each member's region and person as included: a regional assembly includes some of
    them too (one natural person in two assemblies)."""


class Membership:
    def __init__(self, api: Api, seed: int) -> None:
        self.api = api
        self.random = random.Random(seed)  # noqa: S311 - invented demo data, not secrets
        self.serial = 0
        self.loaded = Loaded()

    async def call(self, caller: As, path: str, body: dict[str, Any], key: str) -> Any:
        return await self.api.post("membership", path, body, caller, f"membership-{key}")

    def iin(self, birth: date, female: bool) -> str:
        while True:
            self.serial += 1
            digit = ("4" if female else "3") if birth.year < 2000 else ("6" if female else "5")
            prefix = f"{birth:%y%m%d}{digit}{self.serial % 10000:04d}"
            for check in range(10):
                if is_valid_iin(prefix + str(check)):
                    return prefix + str(check)

    def person(self, ethnic_group: str) -> dict[str, Any]:
        female = self.random.random() < 0.45
        if ethnic_group == "kazakh":
            given = self.random.choice(KAZAKH_FEMALE if female else KAZAKH_MALE)
            family = self.random.choice(KAZAKH_SURNAMES)
        elif ethnic_group in ("russian", "ukrainian", "belarusian", "polish"):
            given = self.random.choice(SLAVIC_FEMALE if female else SLAVIC_MALE)
            family = self.random.choice(SLAVIC_SURNAMES)
        else:
            given = self.random.choice(OTHER_FEMALE if female else OTHER_MALE)
            family = self.random.choice(OTHER_SURNAMES)
        suffix = ("а", "а") if female and family[1].endswith("ов") else ("", "")
        birth = date(1950, 1, 1) + timedelta(days=self.random.randrange(0, 365 * 50))
        return {
            "name": {
                "kk": f"{given[0]} {family[0]}{suffix[0]}",
                "ru": f"{given[1]} {family[1]}{suffix[1]}",
            },
            "iin": self.iin(birth, female),
            "gender": "female" if female else "male",
            "ethnic_group": ethnic_group,
        }

    def document(self, prefix: str, on: date) -> dict[str, str]:
        return {
            "number": f"{prefix}-{self.random.randrange(1, 999)} (demo)",
            "date": on.isoformat(),
        }

    async def associations(self, groups: set[str]) -> dict[str, list[str]]:
        """One republican ethnocultural association per ethnic group (invented, marked demo)."""
        by_group: dict[str, list[str]] = {}
        for group in sorted(groups & set(ETHNIC_WEIGHTS)):
            created = await self.call(
                SECRETARIAT,
                "/v1/reference/associations",
                {
                    "name": {
                        "kk": f"Демо этномәдени бірлестігі: {group}",
                        "ru": f"Демо этнокультурное объединение: {group}",
                        "en": f"Demo ethnocultural association: {group}",
                    },
                    "level": "republican",
                    "kind": "ethnocultural",
                    "ethnic_group": group,
                },
                f"association-{group}",
            )
            by_group.setdefault(group, []).append(str(created["association_id"]))
            self.loaded.associations += 1
        return by_group

    async def candidate(
        self, n: int, region: str, group: str, associations: dict[str, list[str]], day: date
    ) -> str:
        """Nomination → the Council's review → submission → the Chairman's approval."""
        association = self.random.choice(associations[group]) if group in associations else None
        regional = association is not None and self.random.random() < 0.5
        route = "regional_assembly" if regional else "association" if association else "council"
        person = self.person(group)
        nomination = {
            "person": person,
            "region": region,
            "category": "ethnocultural_association" if association else "public_figure",
            "association_id": association,
            "route": route,
            "nominating_region": region if regional else None,
            "decision": self.document("Шешім", day),
            "nominated_on": day.isoformat(),
        }
        review = {"recommended": True, "protocol": self.document("Хаттама", day + timedelta(10))}
        approval = {
            "decision": self.document("Өкім", day + timedelta(30)),
            "effective_on": str(day + timedelta(31)),
        }
        nominated = await self.call(SECRETARIAT, "/v1/candidacies", nomination, f"nominee-{n}")
        member_id = str(nominated["member_id"])
        self.loaded.people[member_id] = (region, person)
        base = f"/v1/candidacies/{member_id}"
        await self.call(SECRETARIAT, f"{base}/council-review", review, f"review-{n}")
        submission = {"submitted_on": str(day + timedelta(20))}
        await self.call(DEPUTY_CHAIRMAN, f"{base}/submission", submission, f"submission-{n}")
        await self.call(CHAIRMAN, f"{base}/approval", approval, f"approval-{n}")
        self.loaded.candidacies += 1
        return member_id

    async def discretionary(self, n: int, region: str, group: str, day: date) -> str:
        person = self.person(group)
        inclusion = {
            "person": person,
            "region": region,
            "category": self.random.choice(CATEGORIES[2:]),
            "decision": self.document("Өкім", day),
            "effective_on": day.isoformat(),
        }
        included = await self.call(CHAIRMAN, "/v1/members", inclusion, f"member-{n}")
        self.loaded.people[str(included["member_id"])] = (region, person)
        return str(included["member_id"])

    async def appoint(self, body: dict[str, Any], key: str) -> None:
        await self.call(SECRETARIAT, "/v1/posts", body, f"post-{key}")
        self.loaded.posts += 1

    async def posts(self, members: list[str], regions: list[str], day: date) -> None:
        """The bodies: Council, Deputy Chairmen, Scientific-Expert Council, chairs, Senate."""
        pool = list(members)
        self.random.shuffle(pool)
        council, rest = pool[:40], pool[40:]
        self.loaded.council = council
        decision = self.document("Төраға шешімі", day)
        # One body's appointments are serialised by its stream: appoint one after another.
        for n, member in enumerate(council):
            await self.appoint(
                {
                    "post": "council_member",
                    "member_id": member,
                    "start_on": str(day),
                    "document": decision,
                },
                f"council-{n}",
            )
        await self.appoint(
            {
                "post": "deputy_chairman_head_of_secretariat",
                "member_id": rest[0],
                "start_on": str(day),
                "document": self.document("Өкім", day),
            },
            "head-of-secretariat",
        )
        for n, member in enumerate(rest[1:3]):
            await self.appoint(
                {
                    "post": "deputy_chairman_ethnocultural",
                    "member_id": member,
                    "start_on": str(day),
                    "document": self.document("Өкім", day),
                    "rotation_period_months": 24,
                    "recommendation": self.document("Кеңес хаттамасы", day - timedelta(14)),
                },
                f"deputy-{n}",
            )
        scientists = [self.person("kazakh")["name"] for _ in range(9)]
        sec_protocol = self.document("ҒСК хаттамасы", day)
        for n, name in enumerate(scientists):
            await self.appoint(
                {
                    "post": "scientific_expert_council_member",
                    "name": name,
                    "start_on": str(day),
                    "document": sec_protocol,
                },
                f"scientist-{n}",
            )
        await self.appoint(
            {
                "post": "scientific_expert_council_chair",
                "name": scientists[0],
                "start_on": str(day),
                "document": sec_protocol,
            },
            "scientific-chair",
        )
        await self.appoint(
            {
                "post": "scientific_expert_council_deputy_chair",
                "name": scientists[1],
                "start_on": str(day),
                "document": sec_protocol,
            },
            "scientific-deputy",
        )
        for region in regions:
            await self.appoint(
                {
                    "post": "regional_assembly_chair",
                    "region": region,
                    "name": self.person("kazakh")["name"],
                    "start_on": str(day),
                    "document": self.document("Өкім", day),
                },
                f"chair-{region}",
            )
        for n, member in enumerate(rest[3:8]):
            await self.appoint(
                {
                    "post": "senate_deputy",
                    "member_id": member,
                    "start_on": str(day),
                    "document": self.document("Жарлық", day),
                    "proposal": self.document("Кеңес ұсынысы", day - timedelta(7)),
                },
                f"senate-{n}",
            )

    async def run(self, count: int, day: date = START) -> Loaded:
        """``count`` members (at least 48: the Council's 40 and the other posts)."""
        regions = [r["code"] for r in await self.api.get("membership", "/v1/reference/regions")]
        groups = {
            g["code"] for g in await self.api.get("membership", "/v1/reference/ethnic-groups")
        }
        self.loaded.regions = regions
        planned = planned_calls(count, len(regions), len(groups & set(ETHNIC_WEIGHTS)))
        self.api = self.api.for_part(PART, planned)
        associations = await self.associations(groups)
        weights = {g: w for g, w in ETHNIC_WEIGHTS.items() if g in groups}
        jobs: list[Awaitable[str]] = []
        for i in range(count):
            region = regions[i % len(regions)]  # every region, evenly
            group = self.random.choices(list(weights), list(weights.values()))[0]
            joined = day + timedelta(days=self.random.randrange(0, 300))
            if i % 4 == 3:
                jobs.append(self.discretionary(i, region, group, joined))
            else:
                jobs.append(self.candidate(i, region, group, associations, joined))
        members: list[str] = list(await asyncio.gather(*jobs))
        self.loaded.members = members
        await self.posts(members, regions, day + timedelta(days=400))
        self.api.finish()
        return self.loaded


def planned_calls(count: int, regions: int = 20, groups: int = 18) -> int:
    """How many POSTs ``run`` makes, for the progress bar."""
    candidates = count - count // 4
    posts = 40 + 1 + 2 + 9 + 2 + regions + 5
    return groups + candidates * 4 + count // 4 + posts
