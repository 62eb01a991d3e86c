"""The Council's year and the execution control board, through council's public API.

Four Council meetings of 2026, each opened, attended (its quorum: two thirds of the Council,
Reg2024 §14) and voting typed resolutions (work plan, next Session, a public award, other
decisions; adopted with two thirds of those present, Reg2024 §15), their protocols signed off;
and one written poll of 2012 recorded from its protocol, judged under the 2011 rulebook (Reg2011
§9). Then the control cards that council opened for the resolutions and the Session's decisions:
assignments to state bodies, reports accepted, returned, and deadlines let pass (overdue).
"""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ops.demo.api import Api, As

PART = "council"
CONTROL = "control"
SECRETARIAT = As("demo-secretariat", ("secretariat",))
CHAIRMAN = As("demo-chairman", ("chairman",))
PLACE = "Астана, Бейбітшілік және келісім сарайы"


def title(kk: str, ru: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru}


# (number, held_on, [(agenda title, resolution text, content)])
MEETINGS: list[tuple[str, date, list[tuple[dict[str, str], dict[str, str], dict[str, Any]]]]] = [
    ("1", date(2026, 2, 12), [
        (title("Хатшылықтың 2026 жылғы жұмыс жоспары", "План работы Секретариата на 2026 год"),
         title("Жұмыс жоспарына ұсыныстар мақұлдансын", "Одобрить предложения в план работы"),
         {"kind": "work_plan", "items": [
             title("Өңірлік этномәдени форумдар", "Региональные этнокультурные форумы"),
             title("Мемлекеттік тілді қолдау апталығы", "Неделя поддержки государственного языка"),
             title("Медиаторлар мектебі", "Школа медиаторов")]}),
        (title("Кезекті сессия туралы", "Об очередной сессии"),
         title("Кезекті сессияны шақыру ұсынылсын", "Предложить созвать очередную сессию"),
         {"kind": "next_session", "proposed_opens_on": "2026-04-24", "agenda": [
             title("Бағдарламалық құжат жобасы", "Проект программного документа"),
             title("Ассамблея Үндеуі", "Обращение Ассамблеи")]}),
    ]),
    ("2", date(2026, 3, 12), [
        (title("Қоғамдық келісім бағдарламасының жобасы",
               "Проект программы общественного согласия"),
         title("Бағдарлама жобасы талқыланды және сессияға ұсынылсын",
               "Проект программы обсуждён и рекомендован сессии"),
         {"kind": "other"}),
        (title("«Бірлік» медалі туралы", "О медали «Бірлік»"),
         title("«Бірлік» медалі тағайындалып, ережесі бекітілсін",
               "Учредить медаль «Бірлік» и утвердить её положение"),
         {"kind": "public_award", "award": title("«Бірлік» медалі", "Медаль «Бірлік»"),
          "statute": title("Медаль қоғамдық келісімді нығайтуға қосқан үлесі үшін беріледі (демо)",
                           "Медаль вручается за вклад в укрепление согласия (демо)")}),
    ]),
    ("3", date(2026, 6, 18), [
        (title("Этносаралық қатынастар мониторингінің нәтижелері",
               "Итоги мониторинга межэтнических отношений"),
         title("Өңірлерге ұсынымдар жолдансын", "Направить рекомендации регионам"),
         {"kind": "other"}),
        (title("Жұмыс жоспарын толықтыру", "Дополнение плана работы"),
         title("Жұмыс жоспары толықтырылсын", "Дополнить план работы"),
         {"kind": "work_plan", "items": [
             title("Жастар арасындағы диалог алаңдары", "Площадки диалога среди молодёжи")]}),
    ]),
    ("4", date(2026, 10, 15), [
        (title("Желтоқсан сессиясын дайындау", "Подготовка декабрьской сессии"),
         title("Сессияны 4 желтоқсанда шақыру ұсынылсын",
               "Предложить созвать сессию 4 декабря"),
         {"kind": "next_session", "proposed_opens_on": "2026-12-04", "agenda": [
             title("Жыл қорытындысы", "Итоги года"),
             title("Тұжырымдамалық ұстанымдар", "Концептуальные позиции")]}),
        (title("Тіл саясаты жөніндегі ұсынымдар", "Рекомендации по языковой политике"),
         title("Ұсынымдар мемлекеттік органдарға жолдансын",
               "Направить рекомендации государственным органам"),
         {"kind": "other"}),
    ]),
]  # fmt: skip


@dataclass
class Loaded:
    meetings: list[str] = field(default_factory=list)
    resolutions: list[str] = field(default_factory=list)
    """In the order of ``MEETINGS``: meeting 2's first is the programme document's."""
    written_poll: str | None = None
    cards: dict[str, int] = field(default_factory=dict)
    """Assignments made, by what became of them."""

    @property
    def programme_resolution(self) -> str:
        return self.resolutions[2]

    @property
    def monitoring_resolution(self) -> str:
        return self.resolutions[4]


class Council:
    def __init__(self, api: Api, seed: int, council: list[str]) -> None:
        self.api = api
        self.random = random.Random(seed * 104729 + 3)  # noqa: S311 - invented demo data
        self.council = sorted(council)
        self.loaded = Loaded()

    async def call(self, api: Api, path: str, body: Any, caller: As, key: str) -> Any:
        return await api.post("council", path, body, caller, f"council-{key}")

    async def composition_known(self) -> None:
        async def known() -> bool:
            found = await self.api.get(
                "council", "/v1/council/composition", as_of=MEETINGS[0][1].isoformat()
            )
            return int(found["total"]) >= len(self.council)

        await self.api.eventually(known, "the Council's composition in council")

    async def meetings(self) -> Loaded:
        api = self.api.for_part(PART, len(MEETINGS) * (6 + len(self.council)) + 1)
        await self.composition_known()
        for number, held_on, items in MEETINGS:
            await self.meeting(api, number, held_on, items)
        await self.written_poll(api)
        api.finish()
        return self.loaded

    async def meeting(
        self,
        api: Api,
        number: str,
        held_on: date,
        items: list[tuple[dict[str, str], dict[str, str], dict[str, Any]]],
    ) -> None:
        key = f"meeting-{number}"
        created = await self.call(
            api, "/v1/council/meetings",
            {"number": f"Хаттама № {number} (демо)", "held_on": held_on.isoformat(),
             "place": PLACE, "agenda": [agenda for agenda, _, _ in items]},
            CHAIRMAN, key,
        )  # fmt: skip
        meeting_id = str(created["id"])
        self.loaded.meetings.append(meeting_id)
        url = f"/v1/council/meetings/{meeting_id}"
        present = list(self.council)
        self.random.shuffle(present)
        present = sorted(present[: math.ceil(len(present) * (0.8 + 0.05 * int(number) % 3))])
        detail = await api.get("council", url)
        if detail["status"] == "convened":
            await self.call(api, f"{url}/opening", None, SECRETARIAT, f"{key}-opening")
        await asyncio.gather(
            *(
                self.call(
                    api,
                    f"{url}/attendance",
                    {"member_id": member_id},
                    SECRETARIAT,
                    f"{key}-attendance-{member_id}",
                )
                for member_id in present
            )
        )
        detail = await api.get("council", url)
        for n, (item, (_, text, content)) in enumerate(zip(detail["agenda"], items, strict=True)):
            against = n % 2
            abstain = 1 + n
            resolution = await self.call(
                api, f"{url}/items/{item['item_id']}/vote",
                {"text": text, "content": content,
                 "counts": {"votes_for": len(present) - against - abstain, "against": against,
                            "abstain": abstain}},
                SECRETARIAT, f"{key}-vote-{n}",
            )  # fmt: skip
            self.loaded.resolutions.append(str(resolution["id"]))
        officer = {"name": title("Әлия Омарова (демо)", "Алия Омарова (демо)"),
                   "post": title("Хатшылық меңгерушісі", "Заведующая Секретариатом")}  # fmt: skip
        await self.call(
            api, f"{url}/protocol/officers", {"chair": officer, "secretary": officer},
            SECRETARIAT, f"{key}-officers",
        )  # fmt: skip
        if (await api.get("council", url))["status"] != "closed":
            await self.call(api, f"{url}/closing", None, SECRETARIAT, f"{key}-closing")
        await self.call(api, f"{url}/protocol/sign-off", None, SECRETARIAT, f"{key}-sign-off")

    async def written_poll(self, api: Api) -> None:
        """A written poll of May 2012, recorded from its protocol (Reg2011 §9)."""
        held = "2012-05-15"
        recorded = await self.call(
            api, "/v1/council/written-polls/records",
            {"number": "Сұрау салу № 3 (демо)",
             "text": title("Этномәдени бірлестіктердің форумын өткізу туралы",
                           "О проведении форума этнокультурных объединений"),
             "content": {"kind": "other"}, "held_on": held,
             "counts": {"votes_for": 33, "against": 2, "abstain": 1}, "council_total": 40,
             "source": {"number": "Хаттама № 3-СС (демо)", "date": held}},
            SECRETARIAT, "written-poll-2012",
        )  # fmt: skip
        self.loaded.written_poll = str(recorded["id"])

    async def card_of(self, source_id: str) -> dict[str, Any]:
        async def found() -> dict[str, Any] | None:
            cards = await self.api.get(
                "council", "/v1/control/cards", SECRETARIAT, source_id=source_id
            )
            return cards[0] if cards else None

        return await self.api.eventually(found, f"a control card for {source_id}")

    async def control(self, decisions: dict[str, str], live_decisions: list[str]) -> Loaded:
        """Assignments on the cards of the resolutions and decisions, and what became of them:
        ``accepted`` (reported and accepted: the card closes), ``returned`` (reported and
        sent back), ``overdue`` (its deadline passed without a report) and ``open``."""
        r = self.loaded.resolutions
        plan: list[tuple[str, str, list[tuple[str, str, str, str, str | None]]]] = [
            # (source, assigned_on, [(state body, deadline, outcome, task, filed_on)])
            (r[0], "2026-02-16",
             [("minculture", "2026-04-30", "accepted", "Форумдар", "2026-04-20")]),
            (r[3], "2026-03-16",
             [("mininfo", "2026-05-29", "returned", "Медаль ережесі", "2026-05-20")]),
            (r[4], "2026-06-22", [("akimat-zhambyl", "2026-09-30", "overdue", "Ұсынымдар", None),
                                  ("akimat-shymkent", "2026-08-31", "overdue", "Ұсынымдар", None)]),
            (r[7], "2026-10-19", [("mined", "2027-02-26", "open", "Тіл саясаты", None)]),
            (decisions["address"], "2026-04-28", [
                ("minculture", "2026-06-30", "accepted", "Үндеуді жариялау", "2026-06-15"),
                ("mininfo", "2026-06-30", "accepted", "Үндеуді таратау", "2026-06-22")]),
            (decisions["members_reports"], "2026-04-28",
             [("mined", "2026-10-30", "overdue", "Есептерді қорыту", None)]),
        ]  # fmt: skip
        for decision in live_decisions:
            plan.append(
                (decision, "", [("minculture", "2027-03-31", "open", "Шешімді орындау", None)])
            )
        api = self.api.for_part(CONTROL, sum(1 + 2 * len(a) for _, _, a in plan))
        outcomes: dict[str, int] = {}
        for source, assigned_on, assignments in plan:
            card = await self.card_of(source)
            body: dict[str, Any] = {
                "assignments": [
                    {"state_body": body, "deadline": deadline,
                     "task": title(f"{task} (демо)", f"{task} (демо)")}
                    for body, deadline, _, task, _ in assignments
                ]
            }  # fmt: skip
            if assigned_on:
                body["assigned_on"] = assigned_on
            await self.call(api, f"/v1/control/cards/{card['card_id']}/assignments", body,
                            SECRETARIAT, f"card-{source}-assignments")  # fmt: skip
            listed = await api.get(
                "council", "/v1/control/assignments", SECRETARIAT, source_id=source
            )
            by_body = {a["state_body"]: a for a in listed}
            for state_body, _, outcome, task, filed_on in assignments:
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
                assignment = by_body[state_body]
                if filed_on is None:
                    continue
                officer = As(f"demo-{state_body}", ("state_body",), state_body=state_body)
                aid = assignment["assignment_id"]
                await self.call(
                    api, f"/v1/control/assignments/{aid}/reports",
                    {"text": f"{task}: орындалды (демо)", "filed_on": filed_on},
                    officer, f"card-{source}-{state_body}-report",
                )  # fmt: skip
                if outcome == "accepted":
                    await self.call(
                        api, f"/v1/control/assignments/{aid}/acceptance", None, SECRETARIAT,
                        f"card-{source}-{state_body}-acceptance",
                    )  # fmt: skip
                else:
                    await self.call(
                        api, f"/v1/control/assignments/{aid}/return",
                        {"reason": "Есепте нәтижелер көрсетілмеген (демо)"},
                        SECRETARIAT, f"card-{source}-{state_body}-return",
                    )  # fmt: skip
        self.loaded.cards = outcomes
        api.finish()
        return self.loaded
