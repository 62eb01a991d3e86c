"""The Assembly's documents, loaded through the programmes service's public API.

:func:`load` makes, with the Secretariat's token: the Scientific-Expert Council, the
Assembly's Development Concept approved by the Chairman (Reg2024 §32), and a programme
document on interethnic and interfaith relations on its way (Reg2024 §31): drafted with the
Council's opinion; discussed by the Council and considered by the Session when the demo
passes the ids of a Council resolution and a Session decision it has made (and this service
has received them), then submitted, approved, ordered carried out, and carried out by a
ministry's action plan whose measures go to the council's control board. Names and documents
are invented for the demonstration and say so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from ops.demo.api import Api, As

PART = "programmes"
SECRETARIAT = As("demo-secretariat", ("secretariat",))
DEMO = " (демо)"


@dataclass
class Loaded:
    """What :func:`load` made: the ids the demo and the console may show."""

    expert_council: str = ""
    concept: str = ""
    programme: str = ""
    programme_status: str = ""
    plan: str | None = None
    steps: list[str] = field(default_factory=list)


def _act(number: str, day: date) -> dict[str, Any]:
    return {"number": f"{number}{DEMO}", "date": day.isoformat()}


class _Client:
    """The Secretariat's calls, each with an Idempotency-Key named after its step and path, so
    a second run adds nothing."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.step = 0

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        self.step += 1
        key = f"programmes-{self.step}-{path}"
        return await self.api.post("programmes", path, body, SECRETARIAT, key)

    async def get(self, path: str) -> Any:
        return await self.api.get("programmes", path, SECRETARIAT)


async def load(
    api: Api,
    start: date,
    *,
    resolution_id: str | None = None,
    decision_id: str | None = None,
) -> Loaded:
    """Load the demo's documents from ``start`` on (every date between ``start`` and the last
    step must not be in the future: ``start`` some four months back).

    ``resolution_id``/``decision_id``: an adopted Council resolution and Session decision this
    service has received, dated after ``start + 20 days``; without them the programme document
    stays where the Regulation stops it, before the Council's discussion."""
    api = api.for_part(PART, 17)
    client = _Client(api)
    loaded = Loaded()
    council = await client.post(
        "/v1/bodies",
        {"kind": "scientific_expert_council",
         "name": {"kk": "Ғылыми-сарапшылық кеңес", "ru": "Научно-экспертный совет"},
         "established_on": start.isoformat(), "decided_by": "head_of_secretariat",
         "act": _act("Бұйрық № 1", start)}
    )  # fmt: skip
    loaded.expert_council = council["id"]
    await client.post(
        f"/v1/bodies/{council['id']}/statutes",
        {"text": {"kk": f"Ғылыми-сарапшылық кеңес туралы ереже{DEMO}",
                  "ru": f"Положение о Научно-экспертном совете{DEMO}"},
         "approved_on": start.isoformat(), "approved_by": "head_of_secretariat",
         "act": _act("Бұйрық № 1", start)}
    )  # fmt: skip

    concept = await client.post(
        "/v1/documents",
        {"kind": "development_concept",
         "title": {"kk": f"Қазақстан халқы Ассамблеясының даму тұжырымдамасы{DEMO}",
                   "ru": f"Концепция развития Ассамблеи народа Казахстана{DEMO}"},
         "text": {"kk": f"Тұжырымдама мәтіні{DEMO}", "ru": f"Текст Концепции{DEMO}"},
         "drafted_on": start.isoformat()}
    )  # fmt: skip
    loaded.concept = concept["id"]
    submitted = start + timedelta(days=5)
    await client.post(f"/v1/documents/{concept['id']}/submission",
                {"submitted_to": "chairman", "letter": _act("Хат № 10", submitted),
                 "submitted_on": submitted.isoformat()})  # fmt: skip
    approved = start + timedelta(days=10)
    await client.post(
        f"/v1/documents/{concept['id']}/approval",
        {"approved_by": "chairman", "approved_on": approved.isoformat(),
         "act": _act("Жарлық № 100", approved),
         "valid_until": date(approved.year + 5, 1, 1).isoformat()}
    )  # fmt: skip

    programme = await client.post(
        "/v1/documents",
        {"kind": "programme_document",
         "title": {"kk": f"Қоғамдық келісім мен жалпыұлттық бірлік бағдарламасы{DEMO}",
                   "ru": f"Программа общественного согласия и общенационального единства{DEMO}"},
         "text": {"kk": f"Бағдарлама мәтіні{DEMO}", "ru": f"Текст программы{DEMO}"},
         "drafted_on": start.isoformat()}
    )  # fmt: skip
    loaded.programme = document = programme["id"]
    met = start + timedelta(days=15)
    meeting = await client.post(
        f"/v1/bodies/{council['id']}/meetings",
        {"number": f"1{DEMO}", "held_on": met.isoformat(), "place": "Астана",
         "agenda": [{"kk": "Бағдарлама жобасы", "ru": "Проект программы"}],
         "documents": [document], "present": 11}
    )  # fmt: skip
    await client.post(
        f"/v1/documents/{document}/opinions",
        {"body_id": council["id"], "meeting_id": meeting["meeting_id"], "conclusion": "supported",
         "summary": {"kk": "Жобаны қолдайды", "ru": "Поддерживает проект"},
         "given_on": met.isoformat()}
    )  # fmt: skip
    loaded.steps = ["drafted", "expert_opinion"]
    loaded.programme_status = "drafting"
    if resolution_id is None or decision_id is None:
        api.finish()
        return loaded
    await client.post(f"/v1/documents/{document}/council-discussion",
                {"resolution_id": resolution_id})  # fmt: skip
    await client.post(f"/v1/documents/{document}/session-consideration",
                {"decision_id": decision_id})  # fmt: skip
    loaded.steps += ["council_discussion", "session_consideration"]
    history = await client.get(f"/v1/documents/{document}/history")
    considered = date.fromisoformat(
        next(h["data"]["considered_on"] for h in history if "considered_on" in h["data"])
    )
    await client.post(f"/v1/documents/{document}/submission",
                {"submitted_to": "president", "letter": _act("Хат № 12", considered),
                 "submitted_on": considered.isoformat()})  # fmt: skip
    state = await client.post(
        f"/v1/documents/{document}/approval",
        {"approved_by": "chairman", "approved_on": considered.isoformat(),
         "act": _act("Жарлық № 101", considered)}
    )  # fmt: skip
    await client.post(
        f"/v1/documents/{document}/orders",
        {"act": _act("Тапсырма № 3", considered), "issued_on": considered.isoformat(),
         "text": {"kk": "Бағдарламаны іске асыру қамтамасыз етілсін",
                  "ru": "Обеспечить реализацию программы"}}
    )  # fmt: skip
    plan = await client.post(
        "/v1/action-plans",
        {"state_body": "minculture",
         "title": {"kk": f"Бағдарламаны іске асыру жоспары{DEMO}",
                   "ru": f"План реализации программы{DEMO}"},
         "basis": {"kind": "programme_document", "id": document},
         "approved": _act("Бұйрық № 7", considered), "registered_on": considered.isoformat(),
         "measures": [
             {"text": {"kk": "Өңірлік форумдар өткізу", "ru": "Провести региональные форумы"},
              "state_body": "minculture", "deadline": (considered + timedelta(90)).isoformat()},
             {"text": {"kk": "Этносаралық келісім туралы жинақ шығару",
                       "ru": "Издать сборник о межэтническом согласии"},
              "state_body": "mininfo", "deadline": (considered + timedelta(180)).isoformat()}]}
    )  # fmt: skip
    await client.post(f"/v1/action-plans/{plan['id']}/coordination",
                {"coordinated_on": considered.isoformat()})  # fmt: skip
    loaded.plan = plan["id"]
    loaded.steps += ["submission", "approval", "order", "action_plan"]
    loaded.programme_status = state["status"]
    api.finish()
    return loaded
