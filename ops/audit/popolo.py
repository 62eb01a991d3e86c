"""The Assembly's open data in the Popolo format (https://www.popoloproject.com), built from the
event logs of membership, sessions and the council, and valid against the Popolo JSON schemas
(``popolo_schemas/``, Draft 3) with format checking on.

What it holds, each with names in Kazakh (``name``), Russian and English (``other_names``, note
"ru" / "en"):

- **organizations**: the Assembly, its Council, Secretariat, Deputy Chairmen, Scientific-Expert
  Council, the Senate deputies it proposes, the 20 regional assemblies, and the associations;
- **areas**: the regions, cities of republican significance and the capital;
- **posts**: every post of every body, labelled in the three languages;
- **persons**: given, family and sort names (surname first, as a Kazakh list sorts), the
  Russian spelling; a post holder who is not a member keeps one id across terms;
- **memberships**: Assembly memberships (region, nominating association) with their end and
  its ground (``end_reason``, an extension) and post terms; a regional assembly's members
  under that regional assembly's organization, one person (``person_id``) however many
  assemblies they are a member of;
- **events**: the Session's sittings and the Council's meetings (times, place, attendance);
- **motions** and **vote_events**: each poll of a sitting, each vote at a Council meeting and
  each written poll, with the result and the counts for, against, abstaining, absent and not
  voting; the individual votes of open and roll-call polls (a secret ballot names nobody).

No private field (IIN, sex, ethnicity) is ever read into it. Fields Popolo has no place for
(``other_names`` of an area or an event, ``end_reason``, ``attendance``) are extensions, which
the schemas allow.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any, Final

from ops.audit.crosscheck import LoggedEvent, read_log
from shared import bodies
from shared.assemblies import is_national, of_event
from shared.citations import cite
from shared.protocols.names import family_name, given_name, surname_first

ASSEMBLY_ID: Final = "apk"
COUNCIL_ID: Final = "apk/council"
SECRETARIAT_ID: Final = "apk/secretariat"

MEMBERSHIP_TYPES: Final = (
    "MemberIncluded",
    "MembershipEnded",
    "MemberNameCorrected",
    "PostTermStarted",
    "PostTermEnded",
    "AssociationRegistered",
    "AssociationRenamed",
    "AssociationClosed",
    "RegionRegistered",
    "RegionRenamed",
)
SESSIONS_TYPES: Final = (
    "SessionConvened",
    "SittingOpened",
    "SittingClosed",
    "SittingRecordFixed",
    "PollOpened",
    "PollClosed",
    "VoteCast",
)
COUNCIL_TYPES: Final = (
    "MeetingConvened",
    "MeetingOpened",
    "MeetingClosed",
    "MeetingVoteTaken",
    "WrittenPollOpened",
    "WrittenPollBallotCast",
    "WrittenPollClosed",
)
_OPTION: Final = {"for": "yes", "against": "no", "abstain": "abstain"}
_END_REASONS: Final = {
    "own_wish": "own wish",
    "loss_of_citizenship_or_emigration": "loss of citizenship or emigration",
    "ex_officio_post_change": "left the office held ex officio",
    "death": "death",
    "court_ruling": "court ruling",
    "rotation": "rotation",
    "recall_by_nominating_association": "recalled by the nominating association",
    "chairman_health": "Chairman's decision: health",
    "chairman_improper_performance": "Chairman's decision: improper performance of duties",
    "chairman_discrediting_act": "Chairman's decision: an act discrediting the Assembly",
    "chairman_criminal_conviction": "Chairman's decision: criminal conviction",
    "chairman_other": "Chairman's decision: other grounds",
    "moved_to_another_region": "moved permanently to another region",
}
_CITY_GENITIVE: Final = {"Астана": "Астаны", "Шымкент": "Шымкента"}


def _names(names: Mapping[str, str], *languages: str) -> dict[str, Any]:
    """Popolo ``name`` (Kazakh) and ``other_names`` (the other languages, noted)."""
    return {
        "name": names["kk"],
        "other_names": [
            {"name": names[lang], "note": lang} for lang in languages if names.get(lang)
        ],
    }


def _instant(value: str | datetime) -> str:
    """An RFC 3339 date-time in whole seconds (the Popolo pattern has no fractions)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(microsecond=0).isoformat()


def _regional_assembly_names(region: Mapping[str, Any]) -> dict[str, str]:
    kk, ru, en = region["name"]["kk"], region["name"]["ru"], region["name"].get("en") or ""
    if region.get("kind") == "region":
        if ru.startswith("область "):
            ru_genitive = "области " + ru.removeprefix("область ")
        elif ru.endswith("ская область"):
            ru_genitive = ru.removesuffix("ская область") + "ской области"
        else:
            ru_genitive = ru
        return {"kk": f"{kk} ассамблеясы", "ru": f"Ассамблея {ru_genitive}",
                "en": f"Assembly of {en}"}  # fmt: skip
    city = _CITY_GENITIVE.get(ru, ru)
    return {"kk": f"{kk} қаласы ассамблеясы", "ru": f"Ассамблея города {city}",
            "en": f"Assembly of {en}"}  # fmt: skip


def _person(person_id: str, name: Mapping[str, str]) -> dict[str, Any]:
    person: dict[str, Any] = {"id": person_id, **_names(name, "ru")}
    person["given_name"] = given_name(name["kk"])
    if family := family_name(name["kk"]):
        person["family_name"] = family
    person["sort_name"] = surname_first(name["kk"])
    return person


def _holder_id(data: Mapping[str, Any]) -> str:
    """A member's id; for a holder from outside the Assembly, one id by name across terms."""
    if data.get("member_id"):
        return str(data["member_id"])
    digest = hashlib.sha256(data["name"]["kk"].encode()).hexdigest()[:16]
    return f"person/{digest}"


def _counts(
    votes_for: int, against: int, abstain: int, present: int, total: int
) -> list[dict[str, Any]]:
    """Popolo counts: for, against, abstaining, and of the members entitled to vote (``total``)
    those present who did not vote and those absent."""
    return [
        {"option": "yes", "value": votes_for},
        {"option": "no", "value": against},
        {"option": "abstain", "value": abstain},
        {"option": "not voting", "value": max(present - votes_for - against - abstain, 0)},
        {"option": "absent", "value": max(total - present, 0)},
    ]


def _requirement(required: int, base: str, rule: str) -> str:
    return f"at least {required} votes in favour of {base} ({cite(rule, 'en')})"


class _Builder:
    def __init__(self) -> None:
        self.persons: dict[str, dict[str, Any]] = {}
        self.organizations: dict[str, dict[str, Any]] = {
            ASSEMBLY_ID: {"id": ASSEMBLY_ID, **_names(bodies.ASSEMBLY, "ru", "en"),
                          "classification": "assembly"},
            COUNCIL_ID: {"id": COUNCIL_ID, **_names(bodies.BODY_NAMES["council"], "ru", "en"),
                         "classification": "council", "parent_id": ASSEMBLY_ID},
            SECRETARIAT_ID: {"id": SECRETARIAT_ID, **_names(bodies.SECRETARIAT, "ru", "en"),
                             "classification": "secretariat", "parent_id": ASSEMBLY_ID},
        }  # fmt: skip
        self.areas: dict[str, dict[str, Any]] = {}
        self.memberships: dict[str, dict[str, Any]] = {}
        self.posts: dict[str, dict[str, Any]] = {}
        self.events: dict[str, dict[str, Any]] = {}
        self.motions: dict[str, dict[str, Any]] = {}
        self.vote_events: dict[str, dict[str, Any]] = {}
        self.spans: dict[str, int] = {}
        self.person_of: dict[str, str] = {}
        """A membership's person: one natural person in every assembly (``person_id``)."""

    # -- membership ------------------------------------------------------------------------

    def _body(self, body: str, region: str | None) -> str:
        body_id = f"{ASSEMBLY_ID}/{body}/{region}" if region else f"{ASSEMBLY_ID}/{body}"
        if body_id not in self.organizations:
            names = dict(bodies.BODY_NAMES.get(body) or {"kk": body, "ru": body, "en": body})
            area = self.areas.get(f"area/{region}") if region else None
            if area is not None:
                names = area["regional_assembly"]
            organization = {"id": body_id, **_names(names, "ru", "en"), "classification": body,
                            "parent_id": ASSEMBLY_ID}  # fmt: skip
            if region:
                organization["area_id"] = f"area/{region}"
            self.organizations[body_id] = organization
        return body_id

    def region(self, d: Mapping[str, Any]) -> None:
        area_id = f"area/{d['code']}"
        area = self.areas.setdefault(
            area_id, {"id": area_id, "identifier": d["code"], "parent_id": "area/kz"}
        )
        if "kind" in d:
            area["classification"] = str(d["kind"]).replace("_", " ")
        area.update(_names(d["name"], "ru", "en"))
        names = _regional_assembly_names({**d, "kind": area.get("classification", "region")})
        area["regional_assembly"] = names
        organization_id = f"{ASSEMBLY_ID}/regional_assembly/{d['code']}"
        self.organizations[organization_id] = {
            "id": organization_id,
            **_names(names, "ru", "en"),
            "classification": "regional_assembly",
            "parent_id": ASSEMBLY_ID,
            "area_id": area_id,
        }

    def membership(self, event: LoggedEvent) -> None:
        d, kind = event.data, event.event_type
        if kind in ("RegionRegistered", "RegionRenamed"):
            self.region(d)
        elif kind == "MemberIncluded":
            member = str(d["member_id"])
            person_id = str(d.get("person_id") or member)
            self.person_of[member] = person_id
            self.persons[person_id] = _person(person_id, d["name"])
            self.spans[member] = self.spans.get(member, 0) + 1
            assembly = of_event(d.get("assembly"))
            row: dict[str, Any] = {
                "id": f"{member}/{self.spans[member]}",
                "person_id": person_id,
                "organization_id": ASSEMBLY_ID
                if is_national(assembly)
                else self._body("regional_assembly", assembly),
                "role": "member",
                "label": "Ассамблея мүшесі"
                if is_national(assembly)
                else "Өңір ассамблеясының мүшесі",
                "start_date": d["effective_on"],
            }
            if d.get("association_id"):
                row["on_behalf_of_id"] = f"association/{d['association_id']}"
            if d.get("region"):
                row["area_id"] = f"area/{d['region']}"
            self.memberships[row["id"]] = row
        elif kind == "MembershipEnded":
            member = str(d["member_id"])
            current = self.memberships.get(f"{member}/{self.spans.get(member, 0)}")
            if current is not None:
                current["end_date"] = d["effective_on"]
                current["end_reason"] = _END_REASONS.get(d["ground"], str(d["ground"]))
                if d.get("decision"):
                    current["end_decision"] = dict(d["decision"])
        elif kind == "MemberNameCorrected":
            member = str(d["member_id"])
            if (person := self.persons.get(self.person_of.get(member, member))) is not None:
                person.update(_person(person["id"], d["name"]))
        elif kind in ("AssociationRegistered", "AssociationRenamed"):
            org_id = f"association/{d['association_id']}"
            organization = self.organizations.setdefault(
                org_id, {"id": org_id, "classification": "association"}
            )
            organization.update(_names(d["name"], "ru", "en"))
            if kind == "AssociationRegistered":
                kind_words = str(d["kind"]).replace("_", " ")
                organization["classification"] = f"{d['level']} {kind_words} association"
                if d.get("region"):
                    organization["area_id"] = f"area/{d['region']}"
        elif kind == "AssociationClosed":
            if (closed := self.organizations.get(f"association/{d['association_id']}")) is not None:
                closed["dissolution_date"] = d["closed_on"]
        elif kind == "PostTermStarted":
            body = self._body(d["body"], d.get("region"))
            post_id = f"{body}/{d['post']}"
            labels = bodies.POST_NAMES.get(d["post"], {"kk": d["post"], "ru": d["post"],
                                                       "en": d["post"]})  # fmt: skip
            self.posts.setdefault(
                post_id,
                {"id": post_id, "organization_id": body, "label": labels["kk"],
                 "other_label": [labels["ru"], labels["en"]], "role": labels["en"]},
            )  # fmt: skip
            if d.get("region"):
                self.posts[post_id]["area_id"] = f"area/{d['region']}"
            holder = _holder_id(d)
            person_id = self.person_of.get(holder, holder)
            self.persons.setdefault(person_id, _person(person_id, d["name"]))
            self.memberships[f"term/{d['term_id']}"] = {
                "id": f"term/{d['term_id']}",
                "person_id": person_id,
                "organization_id": body,
                "post_id": post_id,
                "role": labels["en"],
                "label": labels["kk"],
                "start_date": d["start_on"],
            }
        elif kind == "PostTermEnded" and (term := self.memberships.get(f"term/{d['term_id']}")):
            term["end_date"] = d["end_on"]
            term["end_reason"] = str(d["ground"]).replace("_", " ")

    # -- sessions --------------------------------------------------------------------------

    def sessions(self, event: LoggedEvent) -> None:
        d, kind = event.data, event.event_type
        session = f"session/{d.get('session_id')}"
        if kind == "SessionConvened":
            self.events[session] = {
                "id": session,
                "name": "Ассамблея сессиясының отырысы",
                "other_names": [
                    {"name": "Заседание сессии Ассамблеи", "note": "ru"},
                    {"name": "Sitting of the Session of the Assembly", "note": "en"},
                ],
                "classification": f"{d['kind']} session sitting",
                "organization_id": ASSEMBLY_ID,
                "location": d["place"],
                "status": "convened",
            }
        elif kind == "SittingOpened" and session in self.events:
            self.events[session].update(start_date=_instant(event.recorded_at), status="open")
        elif kind == "SittingClosed" and session in self.events:
            self.events[session].update(end_date=_instant(event.recorded_at), status="held")
        elif kind == "SittingRecordFixed" and session in self.events:
            self.events[session]["attendance"] = {
                "present": len(d["present"]),
                "absent": len(d["absent"]),
                "total": d["roster_total"],
                "quorum": d["quorate"],
                "quorum_required": d["quorum_required"],
                "quorum_rule": cite(d["rule"], "en"),
            }
            self.events[session]["identifiers"] = [
                {"scheme": "protocol number", "identifier": d["number"]}
            ]
        elif kind == "PollOpened":
            poll = str(d["poll_id"])
            self.motions[poll] = {
                "id": poll,
                "organization_id": ASSEMBLY_ID,
                "legislative_session_id": session,
                "text": d["motion"]["kk"],
                "other_texts": [{"text": d["motion"]["ru"], "note": "ru"}],
                "classification": str(d.get("decision_kind", "other")).replace("_", " "),
                "date": _instant(d["opened_at"]),
                "requirement": _requirement(
                    d["required"], f"the {d['present']} members present", d["rule"]
                ),
            }
            self.vote_events[poll] = {
                "id": poll,
                "organization_id": ASSEMBLY_ID,
                "legislative_session_id": session,
                "motion_id": poll,
                "classification": f"{str(d['method']).replace('_', '-')} vote",
                "start_date": _instant(d["opened_at"]),
                "present": d["present"],
                "total": d["roster_total"],
                "votes": [],
            }
        elif kind == "PollClosed" and (vote := self.vote_events.get(str(d["poll_id"]))):
            result = "pass" if d["adopted"] else "fail"
            vote["end_date"] = _instant(d["closed_at"])
            vote["result"] = result
            self.motions[str(d["poll_id"])]["result"] = result
            vote["counts"] = _counts(
                d["votes_for"], d["against"], d["abstain"], d["present"], vote.pop("total")
            )
            vote.pop("present")
            if not vote["votes"]:
                del vote["votes"]
        elif kind == "VoteCast" and (vote := self.vote_events.get(str(d["poll_id"]))):
            option = _OPTION.get(d["choice"], d["choice"])
            vote.setdefault("votes", []).append({"voter_id": str(d["member_id"]), "option": option})

    # -- council ---------------------------------------------------------------------------

    def council(self, event: LoggedEvent) -> None:
        d, kind = event.data, event.event_type
        meeting = f"council/meeting/{d.get('meeting_id')}"
        if kind == "MeetingConvened":
            number = d["number"]
            self.events[meeting] = {
                "id": meeting,
                "name": f"Кеңес отырысы № {number}",
                "other_names": [
                    {"name": f"Заседание Совета № {number}", "note": "ru"},
                    {"name": f"Meeting of the Council No. {number}", "note": "en"},
                ],
                "classification": "council meeting",
                "organization_id": COUNCIL_ID,
                "location": d["place"],
                "identifiers": [{"scheme": "protocol number", "identifier": number}],
                "status": "convened",
            }
        elif kind == "MeetingOpened" and meeting in self.events:
            self.events[meeting].update(start_date=_instant(event.recorded_at), status="open")
        elif kind == "MeetingClosed" and meeting in self.events:
            self.events[meeting].update(
                end_date=_instant(event.recorded_at),
                status="held",
                attendance={
                    "present": d["present"],
                    "absent": max(d["council_total"] - d["present"], 0),
                    "total": d["council_total"],
                    "quorum": d["quorate"],
                    "quorum_required": d["required"],
                    "quorum_rule": cite(d["rule"], "en"),
                },
            )
        elif kind == "MeetingVoteTaken":
            resolution = str(d["resolution_id"])
            counts = d["counts"]
            result = "pass" if d["adopted"] else "fail"
            self.motions[resolution] = {
                "id": resolution,
                "organization_id": COUNCIL_ID,
                "legislative_session_id": meeting,
                "text": d["text"]["kk"],
                "other_texts": [{"text": d["text"]["ru"], "note": "ru"}],
                "classification": str(d["content"]["kind"]).replace("_", " "),
                "date": _instant(event.recorded_at),
                "requirement": _requirement(
                    d["required"], f"the {d['present']} Council members present", d["rule"]
                ),
                "result": result,
            }
            self.vote_events[resolution] = {
                "id": resolution,
                "organization_id": COUNCIL_ID,
                "legislative_session_id": meeting,
                "motion_id": resolution,
                "classification": "open vote",
                "start_date": _instant(event.recorded_at),
                "end_date": _instant(event.recorded_at),
                "result": result,
                "counts": _counts(
                    counts["votes_for"],
                    counts["against"],
                    counts["abstain"],
                    d["present"],
                    d["council_total"],
                ),
            }
        elif kind == "WrittenPollOpened":
            resolution = str(d["resolution_id"])
            self.motions[resolution] = {
                "id": resolution,
                "organization_id": COUNCIL_ID,
                "text": d["text"]["kk"],
                "other_texts": [{"text": d["text"]["ru"], "note": "ru"}],
                "classification": str(d["content"]["kind"]).replace("_", " "),
                "identifier": d["number"],
                "date": _instant(event.recorded_at),
                "requirement": _requirement(
                    d["required"], f"all {d['council_total']} Council members", d["rule"]
                ),
            }
            self.vote_events[resolution] = {
                "id": resolution,
                "organization_id": COUNCIL_ID,
                "motion_id": resolution,
                "classification": "written poll",
                "start_date": _instant(event.recorded_at),
                "electorate": len(d["electorate"]),
                "votes": [],
            }
        elif kind == "WrittenPollBallotCast" and (
            vote := self.vote_events.get(str(d["resolution_id"]))
        ):
            option = _OPTION.get(d["choice"], d["choice"])
            vote["votes"].append({"voter_id": str(d["member_id"]), "option": option})
        elif kind == "WrittenPollClosed" and (
            vote := self.vote_events.get(str(d["resolution_id"]))
        ):
            counts = d["counts"]
            result = "pass" if d["adopted"] else "fail"
            vote.update(end_date=_instant(d["closed_at"]), result=result)
            self.motions[str(d["resolution_id"])]["result"] = result
            electorate = vote.pop("electorate")  # the members of the day: all may vote
            vote["counts"] = _counts(
                counts["votes_for"], counts["against"], counts["abstain"], electorate,
                max(d["council_total"], electorate),
            )  # fmt: skip

    def document(self) -> dict[str, Any]:
        for area in self.areas.values():
            area.pop("regional_assembly", None)
        if self.areas:
            self.areas.setdefault(
                "area/kz",
                {"id": "area/kz", **_names({"kk": "Қазақстан Республикасы",
                                            "ru": "Республика Казахстан",
                                            "en": "Republic of Kazakhstan"}, "ru", "en"),
                 "classification": "country", "identifier": "KZ"},
            )  # fmt: skip
            self.areas["area/kz"].pop("parent_id", None)
        sections = {
            "persons": self.persons,
            "organizations": self.organizations,
            "areas": self.areas,
            "memberships": self.memberships,
            "posts": self.posts,
            "events": self.events,
            "motions": self.motions,
            "vote_events": self.vote_events,
        }
        return {name: [rows[key] for key in sorted(rows)] for name, rows in sections.items()}


def popolo(
    membership: Iterable[LoggedEvent],
    sessions: Iterable[LoggedEvent],
    council: Iterable[LoggedEvent] = (),
) -> dict[str, Any]:
    """The Popolo document of the Assembly from the three logs (each in commit order)."""
    builder = _Builder()
    for event in membership:
        builder.membership(event)
    for event in sessions:
        builder.sessions(event)
    for event in council:
        builder.council(event)
    return builder.document()


async def popolo_from_databases(
    membership_url: str, sessions_url: str | None, council_url: str | None = None
) -> dict[str, Any]:
    membership = await read_log(membership_url, "membership", MEMBERSHIP_TYPES) or []
    sessions = await read_log(sessions_url, "sessions", SESSIONS_TYPES) if sessions_url else None
    council = await read_log(council_url, "council", COUNCIL_TYPES) if council_url else None
    return popolo(membership, sessions or [], council or [])


# -- the Popolo schemas ------------------------------------------------------------------------

SCHEMA_FILES: Final = {
    "persons": "person.json",
    "organizations": "organization.json",
    "areas": "area.json",
    "memberships": "membership.json",
    "posts": "post.json",
    "events": "event.json",
    "motions": "motion.json",
    "vote_events": "vote_event.json",
}


@cache
def schemas() -> dict[str, dict[str, Any]]:
    """The vendored Popolo schemas by file name (``popolo_schemas/README.md``)."""
    folder = files("ops.audit").joinpath("popolo_schemas")
    return {
        entry.name: json.loads(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }
