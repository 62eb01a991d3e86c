"""Queries on the membership read models.

"On date D" means by effective dates: a member counts when ``included_on <= D`` and
(``ended_on`` is null or ``D < ended_on``) — ``ended_on`` is the first day without membership.

Each row is one membership of one assembly. The national roster and everything counted from
it (the composition, the Halyq Kenesi's quotas) take ``assembly = 'national'`` only, unless
another assembly is asked for: a person who is also a member of a regional assembly is
counted once in each assembly, and once in the view adding them up (by ``person_id``).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.assemblies import ASSEMBLIES, NATIONAL, REGIONAL_COUNCIL_POST

_COLUMNS = (
    "member_id, assembly, person_id, name_kk, name_ru, region, category, status, route,"
    " association_id, ethnic_group, gender, iin_masked, nomination_route, nominating_region,"
    " nominated_on,"
    " recommended, submitted_on, rejected_on, included_on, ended_on, end_ground, version"
)

_ON_DATE = "included_on <= :d AND (ended_on IS NULL OR :d < ended_on)"

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
    """
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
          AND m.included_on <= days.day AND (m.ended_on IS NULL OR days.day < m.ended_on)
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
    """
    SELECT t.region, t.post, t.name_kk, t.name_ru, t.member_id, t.term_id
    FROM post_terms t
    WHERE t.body = 'regional_assembly' AND t.start_on <= :d
      AND (t.end_on IS NULL OR :d < t.end_on)
      AND (t.member_id IS NULL OR EXISTS (SELECT 1 FROM members m
           WHERE m.member_id = t.member_id AND m.included_on <= :d
           AND (m.ended_on IS NULL OR :d < m.ended_on)))
    ORDER BY t.region, t.post, t.start_on, t.term_id
    """
)
_NATIONAL_COUNCIL = text(
    """
    SELECT count(*) FROM post_terms t
    WHERE t.post = 'council_member' AND t.start_on <= :d AND (t.end_on IS NULL OR :d < t.end_on)
      AND (t.member_id IS NULL OR EXISTS (SELECT 1 FROM members m
           WHERE m.member_id = t.member_id AND m.included_on <= :d
           AND (m.ended_on IS NULL OR :d < m.ended_on)))
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
