"""Monitoring's year, through its public API: indicators, incidents, alerts and appeals.

- Three indicators with thresholds, reported for all 20 regions for each month of 2026 (one
  month as a survey file, CSV); a few regions slide past their thresholds in the summer.
- Incidents reported by the regional assemblies through the year, verified, mediated, resolved
  or dismissed, and a recommendation resting on a Council resolution.
- The early-warning rules evaluated at the end of four months: the alerts the values and
  incidents raise (Strategy2002 §6), some acknowledged and closed.
- Appeals (APPC 2020 Art. 63–64, 76) received across New Year and Nauryz (registered on the next
  working day), answered, forwarded, extended, anonymous (registered and closed), and some whose
  term ran out in November (overdue).
Applicants are invented and say so; their IINs are valid numbers of nobody in particular.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ops.demo.api import Api, As
from shared.identity import is_valid_iin

PART = "monitoring"
APPEALS = "appeals"
SECRETARIAT = As("demo-secretariat", ("secretariat",))
HEAD = As("demo-head-of-secretariat", ("deputy_chairman",))
YEAR = 2026
MONTHS = [f"{YEAR}-{m:02d}" for m in range(1, 13)]
CSV_MONTH = f"{YEAR}-06"
LAST_DAYS = [date(YEAR, 3, 31), date(YEAR, 6, 30), date(YEAR, 8, 31), date(YEAR, 11, 30)]

INDICATORS: list[dict[str, Any]] = [
    {"code": "trust_index",
     "name": {"kk": "Этносаралық сенім индексі", "ru": "Индекс межэтнического доверия",
              "en": "Interethnic trust index"},
     "unit": "%", "good_direction": "higher",
     "thresholds": {"watch": "60", "pre_conflict": "50", "conflict": "40"}},
    {"code": "state_language_use",
     "name": {"kk": "Мемлекеттік тілді қолдану үлесі", "ru": "Доля использования госязыка",
              "en": "Use of the state language"},
     "unit": "%", "good_direction": "higher",
     "thresholds": {"watch": "55", "pre_conflict": "45", "conflict": "35"}},
    {"code": "tension_index",
     "name": {"kk": "Әлеуметтік шиеленіс индексі", "ru": "Индекс социальной напряжённости",
              "en": "Social tension index"},
     "unit": "балл", "good_direction": "lower",
     "thresholds": {"watch": "30", "pre_conflict": "45", "conflict": "60"}},
]  # fmt: skip
# Regions whose summer is difficult: (region, months) where trust falls and tension rises.
TROUBLED = {"zhambyl": (6, 7), "turkistan": (8,), "shymkent": (7, 8, 9)}
PLACES = {"zhambyl": "Қордай ауданы", "turkistan": "Сарыағаш ауданы", "shymkent": "Абай ауданы"}
CATEGORIES = ["domestic_conflict", "hate_speech", "language_dispute", "land_or_resource_dispute",
              "discrimination", "protest"]  # fmt: skip


def text(kk: str, ru: str) -> str:
    return f"{kk} / {ru}"


@dataclass
class Loaded:
    indicators: int = 0
    value_rows: int = 0
    incidents: int = 0
    alerts: int = 0
    appeals: dict[str, int] = field(default_factory=dict)


class Monitoring:
    def __init__(self, api: Api, seed: int, regions: list[str]) -> None:
        self.api = api
        self.seed = seed
        # One generator per sequence: the appeals load alongside the indicators.
        self.random = random.Random(seed * 15485863 + 5)  # noqa: S311 - invented demo data
        self.people = random.Random(seed * 15485863 + 7)  # noqa: S311 - invented demo data
        self.regions = regions
        self.loaded = Loaded()
        self.serial = 0

    async def call(self, api: Api, path: str, body: Any, caller: As, key: str, **kw: Any) -> Any:
        return await api.post("monitoring", path, body, caller, f"monitoring-{key}", **kw)

    # -- indicators, incidents, alerts --------------------------------------------------------

    def value(self, indicator: str, region: str, month: int, base: dict[str, float]) -> str:
        bad = month in TROUBLED.get(region, ())
        noise = self.random.uniform(-2.5, 2.5)
        if indicator == "trust_index":
            v = base[region] + noise - (22 if bad else 0)
        elif indicator == "state_language_use":
            v = base[region] - 8 + month * 0.6 + noise
        else:
            v = 90 - base[region] + noise + (25 if bad else 0)
        return f"{max(0.0, min(100.0, v)):.1f}"

    async def indicators(self, regions_part: Api) -> None:
        api = regions_part
        for definition in INDICATORS:
            await self.call(api, "/v1/indicators", definition, SECRETARIAT,
                            f"indicator-{definition['code']}")  # fmt: skip
            self.loaded.indicators += 1
        base = {r: self.random.uniform(66, 82) for r in self.regions}
        for month, period in enumerate(MONTHS, start=1):
            rows = [
                {"indicator": i["code"], "region": region, "period": period,
                 "value": self.value(i["code"], region, month, base)}
                for region in self.regions for i in INDICATORS
            ]  # fmt: skip
            if period == CSV_MONTH:
                lines = ["indicator,region,period,value"]
                lines += [
                    f"{r['indicator']},{r['region']},{r['period']},{r['value']}" for r in rows
                ]
                await self.call(
                    api, "/v1/indicator-values/imports?file_name=survey-2026-06.csv", None,
                    SECRETARIAT, f"values-{period}", content=("\n".join(lines) + "\n").encode(),
                    content_type="text/csv",
                )  # fmt: skip
            else:
                await self.call(api, "/v1/indicator-values", {"values": rows}, SECRETARIAT,
                                f"values-{period}")  # fmt: skip
            self.loaded.value_rows += len(rows)

    def incidents_plan(self) -> list[dict[str, Any]]:
        plan = []
        for region, months in TROUBLED.items():
            if region not in self.regions:
                continue
            for n, month in enumerate(months):
                for day in (6, 19):
                    plan.append(
                        {"region": region, "place": PLACES[region],
                         "occurred_on": date(YEAR, month, day + n).isoformat(),
                         "category": CATEGORIES[0] if day == 6 else CATEGORIES[3],
                         "ethnic_groups": ["kazakh", "dungan" if region == "zhambyl" else "uzbek"],
                         "severity": "high" if day == 6 else "medium",
                         "description": "Тұрмыстық жанжал ұлтаралық сипат алды (демо)."}
                    )  # fmt: skip
        for n, region in enumerate(self.regions):
            month = 1 + (n * 5) % 11
            plan.append(
                {"region": region, "place": "Облыс орталығы (демо)",
                 "occurred_on": date(YEAR, month, 3 + n).isoformat(),
                 "category": CATEGORIES[n % len(CATEGORIES)],
                 "ethnic_groups": ["kazakh", "russian"],
                 "severity": "low" if n % 3 else "medium",
                 "description": "Әлеуметтік желідегі даулы жарияланым (демо)."}
            )  # fmt: skip
        return plan

    async def incidents(self, api: Api, resolution_id: str | None) -> None:
        for n, incident in enumerate(self.incidents_plan()):
            occurred = date.fromisoformat(incident["occurred_on"])
            reporter = As(f"demo-assembly-{incident['region']}", ("regional_assembly",),
                          region=incident["region"])  # fmt: skip
            created = await self.call(
                api, "/v1/incidents", {**incident, "reported_on": str(occurred + timedelta(1))},
                reporter, f"incident-{n}",
            )  # fmt: skip
            self.loaded.incidents += 1
            url = f"/v1/incidents/{created['id']}"
            on = occurred + timedelta(days=3)
            if n % 4 == 3:
                await self.call(api, f"{url}/dismissal",
                                {"reason": "Ұлтаралық сипаты расталмады (демо)", "on": str(on)},
                                SECRETARIAT, f"incident-{n}-dismissal")  # fmt: skip
                continue
            await self.call(api, f"{url}/verification",
                            {"reason": "Жергілікті жерде тексерілді (демо)", "on": str(on)},
                            SECRETARIAT, f"incident-{n}-verification")  # fmt: skip
            if incident["severity"] == "high" or n % 2 == 0:
                await self.call(
                    api, f"{url}/mediation",
                    {"reason": "Ақсақалдар алқасы келіссөз жүргізді (демо)",
                     "on": str(on + timedelta(4)), "mediator": "Өңірлік медиаторлар кеңесі"},
                    SECRETARIAT, f"incident-{n}-mediation",
                )  # fmt: skip
            if n % 2 == 0:
                await self.call(api, f"{url}/resolution",
                                {"reason": "Тараптар татуласты (демо)",
                                 "on": str(on + timedelta(9))},
                                SECRETARIAT, f"incident-{n}-resolution")  # fmt: skip
            if n == 0 and resolution_id is not None:
                # a recommendation may cite only a resolution it has received (Reg2024 §4.10)
                await api.received(
                    "monitoring", "/v1/council-resolutions", "resolution_id", resolution_id,
                    SECRETARIAT,
                )  # fmt: skip
                await self.call(
                    api, f"{url}/recommendations",
                    {"addressee": "Жамбыл облысының әкімдігі",
                     "text": "Ауылдарда диалог алаңдарын ашу ұсынылады (демо).",
                     "resolution_id": resolution_id, "respond_by": "2026-09-30",
                     "issued_on": "2026-06-25"},
                    SECRETARIAT, f"incident-{n}-recommendation",
                )  # fmt: skip

    async def alerts(self, api: Api) -> None:
        """Evaluate the rules at the end of four months (once: re-evaluating a closed alert's
        day would raise it again), then acknowledge and close the summer's first alerts."""
        existing = await api.get("monitoring", "/v1/alerts", SECRETARIAT, limit=1000)
        if not existing:
            for day in LAST_DAYS:
                await api.post("monitoring", "/v1/early-warning/evaluations",
                               {"as_of": day.isoformat()}, SECRETARIAT, None)  # fmt: skip
        alerts = await api.get("monitoring", "/v1/alerts", SECRETARIAT, limit=1000)
        self.loaded.alerts = len(alerts)
        for alert in sorted(alerts, key=lambda a: str(a["alert_id"]))[:3]:
            aid = alert["alert_id"]
            if alert["status"] != "closed":
                await self.call(
                    api, f"/v1/alerts/{aid}/acknowledgement",
                    {"text": "Хатшылықтың жұмыс тобы өңірге шықты (демо)"}, SECRETARIAT,
                    f"alert-{aid}-ack",
                )  # fmt: skip
                await self.call(
                    api, f"/v1/alerts/{aid}/closure",
                    {"text": "Кездесулер өтті, шиеленіс бәсеңдеді (демо)"}, SECRETARIAT,
                    f"alert-{aid}-closure",
                )  # fmt: skip

    async def run_indicators(self, resolution_id: str | None) -> Loaded:
        api = self.api.for_part(PART, 3 + len(MONTHS) + 2 * 40 + 8)
        await self.indicators(api)
        await self.incidents(api, resolution_id)
        await self.alerts(api)
        api.finish()
        return self.loaded

    # -- appeals -------------------------------------------------------------------------------

    def iin(self) -> str:
        while True:
            self.serial += 1
            born = date(1960, 1, 1) + timedelta(days=self.people.randrange(0, 365 * 40))
            prefix = f"{born:%y%m%d}{self.people.choice('34')}{self.serial:04d}"
            for check in range(10):
                if is_valid_iin(prefix + str(check)):
                    return prefix + str(check)

    def applicant(self, n: int) -> dict[str, Any]:
        names = ["Ерлан Сейітұлы", "Гүлнар Әбенова", "Иван Петров", "Алишер Юсупов",
                 "Ольга Ким", "Дәулет Омаров", "Зарина Хасанова", "Сергей Бондаренко"]  # fmt: skip
        return {
            "name": f"{names[n % len(names)]} (демо)",
            "id_number": self.iin(),
            "address": f"Демо көшесі, {n + 1}",
            "contact": f"demo{n}@example.kz",
        }

    def appeals_plan(self) -> list[tuple[str, str, str]]:
        """(received_at, region, fate) for each appeal."""
        plan = []
        for n, at in enumerate(
            [
                "2026-01-01T10:00",
                "2026-01-02T15:30",
                "2026-01-03T11:00",
                "2026-01-05T09:20",
                "2026-01-07T12:00",
            ]
        ):
            plan.append((at, ["answered", "forwarded", "anonymous", "extended", "answered"][n]))
        for n, at in enumerate(
            [
                "2026-03-20T19:00",
                "2026-03-21T10:00",
                "2026-03-22T16:45",
                "2026-03-23T08:30",
                "2026-03-24T13:10",
                "2026-03-25T10:00",
            ]
        ):
            plan.append((at, ["answered", "extended", "forwarded", "answered", "anonymous",
                              "answered"][n]))  # fmt: skip
        for month in range(2, 11):
            plan.append((f"2026-{month:02d}-1{month % 9}T11:00", "answered"))
        plan += [("2026-05-12T10:00", "forwarded"), ("2026-09-08T14:00", "extended")]
        plan += [("2026-11-02T10:00", "overdue"), ("2026-11-03T12:00", "overdue"),
                 ("2026-11-05T09:00", "overdue")]  # fmt: skip
        plan += [("2026-11-30T10:00", "open"), ("2026-12-01T16:00", "open")]
        return [
            (f"{at}:00+05:00", self.regions[(n * 7) % len(self.regions)], fate)
            for n, (at, fate) in enumerate(plan)
        ]

    async def appeals(self) -> Loaded:
        plan = self.appeals_plan()
        api = self.api.for_part(APPEALS, len(plan) * 4)
        topics = ["interethnic_relations", "language_use", "discrimination",
                  "ethnocultural_associations"]  # fmt: skip
        for n, (received_at, region, fate) in enumerate(plan):
            self.loaded.appeals[fate] = self.loaded.appeals.get(fate, 0) + 1
            applicant = {} if fate == "anonymous" else self.applicant(n)
            receipt = await self.call(
                api, "/v1/appeals",
                {"applicant": applicant,
                 "text": "Ауылдағы мектепте ана тілін оқыту туралы өтініш (демо).",
                 "language": "kk" if n % 3 else "ru", "region": region,
                 "topic": topics[n % len(topics)], "channel": ["post", "email", "in_person"][n % 3],
                 "received_at": received_at},
                SECRETARIAT, f"appeal-{n}",
            )  # fmt: skip
            if fate in ("anonymous", "overdue", "open"):
                continue
            aid = receipt["appeal_id"]
            registered = date.fromisoformat(receipt["registered_on"])
            due = date.fromisoformat(receipt["answer_due"])
            url = f"/v1/appeals/{aid}"
            await self.call(
                api, f"{url}/assignment",
                {"officer": "Хатшылықтың бас маманы (демо)", "assigned_on": str(registered)},
                SECRETARIAT, f"appeal-{n}-assignment",
            )  # fmt: skip
            if fate == "forwarded":
                await self.call(
                    api, f"{url}/forwarding",
                    {"body": "Облыс әкімдігі",
                     "reason": "Жер мәселесі Ассамблея құзыретіне жатпайды",
                     "forwarded_on": str(registered)},
                    SECRETARIAT, f"appeal-{n}-forwarding",
                )  # fmt: skip
                await self.call(
                    api, f"{url}/notification",
                    {"subject": "forwarding", "means": "SMS", "notified_on": str(registered)},
                    SECRETARIAT, f"appeal-{n}-notification",
                )  # fmt: skip
                continue
            if fate == "extended":
                decided = due - timedelta(days=2)
                await self.call(
                    api, f"{url}/extension",
                    {"reason": "Жергілікті жерде тексеру қажет", "decided_on": str(decided),
                     "new_due": str(due + timedelta(days=30))},
                    HEAD, f"appeal-{n}-extension",
                )  # fmt: skip
                await self.call(
                    api, f"{url}/notification",
                    {"subject": "extension", "means": "e-mail", "notified_on": str(decided)},
                    SECRETARIAT, f"appeal-{n}-notification",
                )  # fmt: skip
                answered = due + timedelta(days=20)
            else:
                answered = min(due, registered + timedelta(days=10))
            await self.call(
                api, f"{url}/answer",
                {"summary": "Түсініктеме берілді, шаралар қабылданды",
                 "answered_on": str(answered)},
                SECRETARIAT, f"appeal-{n}-answer",
            )  # fmt: skip
        api.finish()
        return self.loaded
