"""The ``members`` read model: one row per candidacy or membership, with its current state.

The IIN never enters it: only its mask and a digest that identifies the same person. A row
is one candidacy or membership of one assembly (``assembly``); a person's rows in several
assemblies share ``person_id`` once included.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.membership.domain.iin import mask_iin, person_key
from shared.assemblies import of_event
from shared.eventstore.model import RecordedEvent

_NOMINATED = text(
    """
    INSERT INTO members (member_id, assembly, name_kk, name_ru, region, category, status,
        association_id, ethnic_group, gender, iin_masked, person_key, nomination_route,
        nominating_region, nomination_decision_number, nomination_decision_date, nominated_on,
        version)
    VALUES (:id, :assembly, :kk, :ru, :region, :category, 'nominated', :association, :ethnic,
        :gender, :iin_masked, :person_key, :route, :nominating_region, :num, :dd, :on, :v)
    """
)
_REVIEWED = text(
    "UPDATE members SET status = 'reviewed', recommended = :recommended,"
    " review_protocol_number = :num, review_protocol_date = :dd, version = :v"
    " WHERE member_id = :id"
)
_SUBMITTED = text(
    "UPDATE members SET status = 'submitted', submitted_on = :on, version = :v"
    " WHERE member_id = :id"
)
_REJECTED = text(
    "UPDATE members SET status = 'rejected', rejected_on = :on, decision_number = :num,"
    " decision_date = :dd, version = :v WHERE member_id = :id"
)
_INCLUDED = text(
    """
    INSERT INTO members (member_id, assembly, person_id, name_kk, name_ru, region, category,
        status, route, association_id, ethnic_group, gender, iin_masked, person_key,
        included_on, decision_number, decision_date, version)
    VALUES (:id, :assembly, :person_id, :kk, :ru, :region, :category, 'active', :route,
        :association, :ethnic, :gender, :iin_masked, :person_key, :on, :num, :dd, :v)
    ON CONFLICT (member_id) DO UPDATE SET assembly = EXCLUDED.assembly,
        person_id = EXCLUDED.person_id, name_kk = EXCLUDED.name_kk,
        name_ru = EXCLUDED.name_ru, region = EXCLUDED.region, category = EXCLUDED.category,
        status = 'active', route = EXCLUDED.route, included_on = EXCLUDED.included_on,
        decision_number = EXCLUDED.decision_number, decision_date = EXCLUDED.decision_date,
        version = EXCLUDED.version
    """
)
_ENDED = text(
    "UPDATE members SET status = 'ended', ended_on = :on, end_ground = :ground, version = :v"
    " WHERE member_id = :id"
)
_RENAMED = text(
    "UPDATE members SET name_kk = :kk, name_ru = :ru, version = :v WHERE member_id = :id"
)


def _person(d: dict[str, Any]) -> dict[str, Any]:
    iin = d.get("iin")
    return {
        "ethnic": d.get("ethnic_group"),
        "gender": d.get("gender"),
        "iin_masked": mask_iin(iin) if iin else None,
        "person_key": person_key(iin) if iin else None,
    }


def _uuid(value: str | None) -> uuid.UUID | None:
    return uuid.UUID(value) if value else None


class MembersProjection:
    name = "members"
    tables: tuple[str, ...] = ("members",)
    event_types = frozenset(
        {
            "CandidacyNominated",
            "CandidacyReviewed",
            "CandidacySubmitted",
            "CandidacyRejected",
            "MemberIncluded",
            "MembershipEnded",
            "MemberNameCorrected",
        }
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        common: dict[str, Any] = {"id": uuid.UUID(d["member_id"]), "v": event.version}
        match event.event_type:
            case "CandidacyNominated":
                statement, params = (
                    _NOMINATED,
                    {
                        **_person(d),
                        "assembly": of_event(d.get("assembly")),
                        "kk": d["name"]["kk"],
                        "ru": d["name"]["ru"],
                        "region": d["region"],
                        "category": d["category"],
                        "association": _uuid(d["association_id"]),
                        "route": d["route"],
                        "nominating_region": d["nominating_region"],
                        "num": d["decision"]["number"],
                        "dd": date.fromisoformat(d["decision"]["date"]),
                        "on": date.fromisoformat(d["nominated_on"]),
                    },
                )
            case "CandidacyReviewed":
                statement, params = (
                    _REVIEWED,
                    {
                        "recommended": d["recommended"],
                        "num": d["protocol"]["number"],
                        "dd": date.fromisoformat(d["protocol"]["date"]),
                    },
                )
            case "CandidacySubmitted":
                statement, params = _SUBMITTED, {"on": date.fromisoformat(d["submitted_on"])}
            case "CandidacyRejected":
                statement, params = (
                    _REJECTED,
                    {
                        "on": date.fromisoformat(d["rejected_on"]),
                        "num": d["decision"]["number"],
                        "dd": date.fromisoformat(d["decision"]["date"]),
                    },
                )
            case "MemberIncluded":
                statement, params = (
                    _INCLUDED,
                    {
                        **_person(d),
                        "assembly": of_event(d.get("assembly")),
                        "person_id": uuid.UUID(d.get("person_id") or d["member_id"]),
                        "kk": d["name"]["kk"],
                        "ru": d["name"]["ru"],
                        "region": d["region"],
                        "category": d["category"],
                        "route": d["route"],
                        "association": _uuid(d["association_id"]),
                        "on": date.fromisoformat(d["effective_on"]),
                        "num": d["decision"]["number"],
                        "dd": date.fromisoformat(d["decision"]["date"]),
                    },
                )
            case "MembershipEnded":
                statement, params = (
                    _ENDED,
                    {
                        "on": date.fromisoformat(d["effective_on"]),
                        "ground": d["ground"],
                    },
                )
            case "MemberNameCorrected":
                statement, params = _RENAMED, {"kk": d["name"]["kk"], "ru": d["name"]["ru"]}
            case _:
                return
        await db.execute(statement, {**common, **params})
