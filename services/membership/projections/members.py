"""The ``members`` read model: one row per candidacy or membership, with its current state,
and its queries.

The IIN never enters it: only its mask and a digest that identifies the same person. A row
is one candidacy or membership of one assembly (``assembly``); a person's rows in several
assemblies share ``person_id`` once included.

"On date D" means by effective dates: a member counts when ``included_on <= D`` and
(``ended_on`` is null or ``D < ended_on``) — ``ended_on`` is the first day without membership
(:func:`member_on`, the one place that says it).

The national roster and everything counted from it (the composition, the Halyq Kenesi's
quotas) take ``assembly = 'national'`` only, unless another assembly is asked for: a person who
is also a member of a regional assembly is counted once in each assembly, and once in the view
adding them up (by ``person_id``).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.membership.domain.events import (
    CandidacyNominated,
    CandidacyRejected,
    CandidacyReviewed,
    CandidacySubmitted,
    Gender,
    MemberIncluded,
    MemberNameCorrected,
    MembershipEnded,
    registry,
)
from services.membership.domain.iin import mask_iin, person_key
from shared.assemblies import ASSEMBLIES, NATIONAL, REGIONAL_COUNCIL_POST
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies


def on_day(first: str, end: str, day: str) -> str:
    """SQL: the half-open interval of days ``[first, end)`` holds ``day`` (``end`` null: still
    open). Memberships and terms of posts are such intervals."""
    return f"{first} <= {day} AND ({end} IS NULL OR {day} < {end})"


def member_on(day: str, alias: str = "") -> str:
    """SQL: the ``members`` row (``alias``) is a membership on ``day``."""
    prefix = f"{alias}." if alias else ""
    return on_day(f"{prefix}included_on", f"{prefix}ended_on", day)


def term_held_on(day: str, alias: str = "t") -> str:
    """SQL: the ``post_terms`` row (``alias``) holds on ``day``, and its holder, if an Assembly
    member, is a member that day: a member whose membership ended no longer sits in the Council
    (or elsewhere) even before the Secretariat records the end of the term."""
    return (
        f"{on_day(f'{alias}.start_on', f'{alias}.end_on', day)}"
        f" AND ({alias}.member_id IS NULL OR EXISTS (SELECT 1 FROM members m"
        f" WHERE m.member_id = {alias}.member_id AND {member_on(day, 'm')}))"
    )


# -- the writer -----------------------------------------------------------------------------

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


def _person(iin: str | None, gender: Gender | None, ethnic_group: str | None) -> dict[str, Any]:
    return {
        "ethnic": ethnic_group,
        "gender": gender,
        "iin_masked": mask_iin(iin) if iin else None,
        "person_key": person_key(iin) if iin else None,
    }


class MembersProjection(EventProjection):
    name = "members"
    tables = ("members",)
    registry = registry

    @applies(CandidacyNominated)
    async def nominated(
        self, db: AsyncSession, event: CandidacyNominated, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _NOMINATED,
            {
                "id": event.member_id,
                "v": recorded.version,
                **_person(event.iin, event.gender, event.ethnic_group),
                "assembly": event.assembly,
                "kk": event.name.kk,
                "ru": event.name.ru,
                "region": event.region,
                "category": event.category,
                "association": event.association_id,
                "route": event.route,
                "nominating_region": event.nominating_region,
                "num": event.decision.number,
                "dd": event.decision.date,
                "on": event.nominated_on,
            },
        )

    @applies(CandidacyReviewed)
    async def reviewed(
        self, db: AsyncSession, event: CandidacyReviewed, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _REVIEWED,
            {
                "id": event.member_id,
                "v": recorded.version,
                "recommended": event.recommended,
                "num": event.protocol.number,
                "dd": event.protocol.date,
            },
        )

    @applies(CandidacySubmitted)
    async def submitted(
        self, db: AsyncSession, event: CandidacySubmitted, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _SUBMITTED, {"id": event.member_id, "v": recorded.version, "on": event.submitted_on}
        )

    @applies(CandidacyRejected)
    async def rejected(
        self, db: AsyncSession, event: CandidacyRejected, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _REJECTED,
            {
                "id": event.member_id,
                "v": recorded.version,
                "on": event.rejected_on,
                "num": event.decision.number,
                "dd": event.decision.date,
            },
        )

    @applies(MemberIncluded)
    async def included(
        self, db: AsyncSession, event: MemberIncluded, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _INCLUDED,
            {
                "id": event.member_id,
                "v": recorded.version,
                **_person(event.iin, event.gender, event.ethnic_group),
                "assembly": event.assembly,
                "person_id": event.person_id,
                "kk": event.name.kk,
                "ru": event.name.ru,
                "region": event.region,
                "category": event.category,
                "route": event.route,
                "association": event.association_id,
                "on": event.effective_on,
                "num": event.decision.number,
                "dd": event.decision.date,
            },
        )

    @applies(MembershipEnded)
    async def ended(
        self, db: AsyncSession, event: MembershipEnded, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _ENDED,
            {
                "id": event.member_id,
                "v": recorded.version,
                "on": event.effective_on,
                "ground": event.ground,
            },
        )

    @applies(MemberNameCorrected)
    async def renamed(
        self, db: AsyncSession, event: MemberNameCorrected, recorded: RecordedEvent
    ) -> None:
        await db.execute(
            _RENAMED,
            {
                "id": event.member_id,
                "v": recorded.version,
                "kk": event.name.kk,
                "ru": event.name.ru,
            },
        )


# -- queries --------------------------------------------------------------------------------

_COLUMNS = (
    "member_id, assembly, person_id, name_kk, name_ru, region, category, status, route,"
    " association_id, ethnic_group, gender, iin_masked, nomination_route, nominating_region,"
    " nominated_on,"
    " recommended, submitted_on, rejected_on, included_on, ended_on, end_ground, version"
)

_ON_DATE = member_on(":d")

_FILTERS = (
    " (CAST(:region AS text) IS NULL OR region = :region)"
    " AND (CAST(:ethnic_group AS text) IS NULL OR ethnic_group = :ethnic_group)"
    " AND (CAST(:association_id AS uuid) IS NULL OR association_id = :association_id)"
    " AND (CAST(:category AS text) IS NULL OR category = :category)"
    " AND (CAST(:assembly AS text) IS NULL OR assembly = :assembly)"
)


def _filters(
    region: str | None,
    ethnic_group: str | None,
    association_id: uuid.UUID | None,
    category: str | None,
    assembly: str | None = None,
) -> dict[str, Any]:
    return {
        "region": region,
        "ethnic_group": ethnic_group,
        "association_id": association_id,
        "category": category,
        "assembly": assembly,
    }


async def list_members(
    db: AsyncSession,
    *,
    region: str | None = None,
    ethnic_group: str | None = None,
    association_id: uuid.UUID | None = None,
    category: str | None = None,
    status: str | None = None,
    assembly: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Candidacies and memberships of every assembly, or of ``assembly``."""
    rows = await db.execute(
        text(
            f"SELECT {_COLUMNS} FROM members WHERE {_FILTERS}"
            " AND (CAST(:status AS text) IS NULL OR status = :status)"
            " ORDER BY name_kk, member_id LIMIT :limit OFFSET :offset"
        ),
        {
            **_filters(region, ethnic_group, association_id, category, assembly),
            "status": status,
            "limit": limit,
            "offset": offset,
        },
    )
    return [dict(row._mapping) for row in rows]


async def get_member(db: AsyncSession, member_id: uuid.UUID) -> dict[str, Any] | None:
    row = (
        await db.execute(
            text(f"SELECT {_COLUMNS} FROM members WHERE member_id = :id"), {"id": member_id}
        )
    ).one_or_none()
    return dict(row._mapping) if row is not None else None


_MOST_FROM = text(
    f"""
    WITH days AS (
        SELECT CAST(:d AS date) AS day
        UNION SELECT included_on FROM members WHERE included_on > :d AND assembly = 'national'
    )
    SELECT coalesce(max(in_category), 0) AS in_category, coalesce(max(in_total), 0) AS in_total
    FROM (
        SELECT count(m.member_id) FILTER (WHERE m.category = :c) AS in_category,
               count(m.member_id) AS in_total
        FROM days LEFT JOIN members m
          ON m.assembly = 'national'
          AND {member_on("days.day", "m")}
        GROUP BY days.day
    ) counted
    """
)


async def most_members_from(db: AsyncSession, day: date, category: str) -> tuple[int, int]:
    """The most members of ``category``, and the most members in all, on the national roster
    of any day from ``day`` on (the counts change only on the days someone joins)."""
    row = (await db.execute(_MOST_FROM, {"d": day, "c": category})).one()
    return int(row.in_category), int(row.in_total)


async def roster(
    db: AsyncSession,
    on: date,
    *,
    region: str | None = None,
    ethnic_group: str | None = None,
    association_id: uuid.UUID | None = None,
    category: str | None = None,
    assembly: str = NATIONAL,
) -> list[dict[str, Any]]:
    """The members of ``assembly`` (the national Assembly by default) on date ``on``."""
    rows = await db.execute(
        text(
            f"SELECT {_COLUMNS} FROM members WHERE {_ON_DATE} AND {_FILTERS}"
            " ORDER BY name_kk, member_id"
        ),
        {"d": on, **_filters(region, ethnic_group, association_id, category, assembly)},
    )
    return [dict(row._mapping) for row in rows]


async def composition(db: AsyncSession, on: date, assembly: str = NATIONAL) -> dict[str, Any]:
    """Counts and shares of the roster of ``assembly`` (the national Assembly by default) on
    ``on`` by region, ethnic group, category, gender."""
    of = f"{_ON_DATE} AND assembly = :assembly"
    params = {"d": on, "assembly": assembly}
    total = int(
        (await db.execute(text(f"SELECT count(*) FROM members WHERE {of}"), params)).scalar_one()
    )
    result: dict[str, Any] = {"as_of": on, "assembly": assembly, "total": total}
    if assembly != NATIONAL:
        # a regional assembly is chaired by the akim of the day (Law 2008 Art. 14)
        chairs, councils = await _regional_bodies(db, on)
        result["chair"] = chairs.get(assembly)
        result["council_members"] = councils.get(assembly, 0)
    for dimension in ("region", "ethnic_group", "category", "gender"):
        rows = await db.execute(
            text(
                f"SELECT {dimension} AS value, count(*) AS n FROM members WHERE {of}"
                f" GROUP BY {dimension} ORDER BY n DESC, {dimension}"
            ),
            params,
        )
        result[dimension] = [
            {
                "value": row.value,
                "count": row.n,
                "share": round(row.n / total, 4) if total else 0.0,
            }
            for row in rows
        ]
    return result


WAITING_STEPS = {
    "council_review": "status = 'nominated' AND assembly = 'national'",
    "submission": "status = 'reviewed' AND recommended",
    "chairman_decision": "status = 'submitted'",
    "regional_decision": "status = 'nominated' AND assembly <> 'national'",
}
"""The Assembly's candidacies wait for the Council, the Deputy Chairmen and the Chairman
(Reg2024 §13.2; Reg2002 §14); a regional assembly's for that assembly's decision (Law 2008
Art. 14)."""


async def candidacies_waiting(
    db: AsyncSession, assembly: str | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Candidacies waiting at each step: the Council's review, submission, the decision (of
    one assembly if given)."""
    result: dict[str, list[dict[str, Any]]] = {}
    for step, condition in WAITING_STEPS.items():
        rows = await db.execute(
            text(
                f"SELECT {_COLUMNS} FROM members WHERE {condition}"
                " AND (CAST(:assembly AS text) IS NULL OR assembly = :assembly)"
                " ORDER BY nominated_on"
            ),
            {"assembly": assembly},
        )
        result[step] = [dict(row._mapping) for row in rows]
    return result


_PERSON_ID = text(
    """
    WITH locked AS (
        SELECT pg_advisory_xact_lock(hashtextextended('membership-person:' || :key, 0))
    )
    SELECT (SELECT person_id FROM members WHERE person_key = :key AND person_id IS NOT NULL
            ORDER BY included_on, member_id LIMIT 1) AS person_id
    FROM locked
    """
)


async def person_id_of(db: AsyncSession, key: str) -> uuid.UUID | None:
    """The person id of the person whose IIN digest is ``key``, from any of their memberships
    (the first that has one); None for a person new to every assembly. One round trip that
    first takes the person's transaction lock: the inclusions of one person queue, so two
    memberships of a person included at once get one id."""
    row = (await db.execute(_PERSON_ID, {"key": key})).one()
    return row.person_id  # type: ignore[no-any-return]


_ASSEMBLY_COUNTS = text(
    f"""
    SELECT assembly, count(*) AS members FROM members WHERE {_ON_DATE} GROUP BY assembly
    """
)
_PEOPLE = text(
    f"""
    SELECT count(DISTINCT person_id) AS people,
           count(DISTINCT person_id) FILTER (WHERE assembly <> 'national') AS regional_people
    FROM members WHERE {_ON_DATE}
    """
)
_CHAIRS_AND_COUNCILS = text(
    f"""
    SELECT t.region, t.post, t.name_kk, t.name_ru, t.member_id, t.term_id
    FROM post_terms t
    WHERE t.body = 'regional_assembly' AND {term_held_on(":d")}
    ORDER BY t.region, t.post, t.start_on, t.term_id
    """
)
_NATIONAL_COUNCIL = text(
    f"""
    SELECT count(*) FROM post_terms t
    WHERE t.post = 'council_member' AND {term_held_on(":d")}
    """
)


async def _regional_bodies(
    db: AsyncSession, on: date
) -> tuple[dict[str, dict[str, Any]], dict[str, int]]:
    """Each regional assembly's chair on ``on`` (the akim, from ``regional_assembly_chair``)
    and the size of its council (holders of ``regional_council_member``), by region."""
    chairs: dict[str, dict[str, Any]] = {}
    councils: dict[str, int] = {}
    for row in await db.execute(_CHAIRS_AND_COUNCILS, {"d": on}):
        if row.post == REGIONAL_COUNCIL_POST:
            councils[row.region] = councils.get(row.region, 0) + 1
        elif row.region not in chairs:
            chairs[row.region] = {
                "term_id": row.term_id,
                "member_id": row.member_id,
                "name": {"kk": row.name_kk, "ru": row.name_ru},
            }
    return chairs, councils


async def assemblies_composition(db: AsyncSession, on: date) -> dict[str, Any]:
    """The composition of every assembly on ``on``: its members, its chair of the day (a
    regional assembly's is the akim, Law 2008 Art. 14) and its council's size; and the view
    adding them up, each natural person counted once (by ``person_id``)."""
    counted = await db.execute(_ASSEMBLY_COUNTS, {"d": on})
    counts = {row.assembly: int(row.members) for row in counted}
    chairs, councils = await _regional_bodies(db, on)
    national_council = int((await db.execute(_NATIONAL_COUNCIL, {"d": on})).scalar_one())
    people = (await db.execute(_PEOPLE, {"d": on})).one()
    assemblies = [
        {
            "assembly": code,
            "members": counts.get(code, 0),
            "chair": None if code == NATIONAL else chairs.get(code),
            "council_members": national_council if code == NATIONAL else councils.get(code, 0),
        }
        for code in ASSEMBLIES
    ]
    return {
        "as_of": on,
        "assemblies": assemblies,
        "total": {
            "memberships": sum(counts.values()),
            "people": int(people.people),
            "national_members": counts.get(NATIONAL, 0),
            "regional_people": int(people.regional_people),
        },
    }
