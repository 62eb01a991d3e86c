"""The protocol (хаттама / протокол) of a Session's sitting, rendered in Kazakh and Russian from
one template (``shared.protocols``), the same as the Council's.

What it states, and where each part comes from:

- number, opening and closing times: the sitting's read model (number given at the opening);
- who was on the roster of the sitting's day, present and absent, and the quorum (Reg2024 §9):
  the record fixed at the closing (``SittingRecordFixed``); while the sitting is open, the live
  roster and attendance;
- the chair, the secretary, the place in both languages, who reported and spoke on each item,
  the invited guests, the sign-off and corrigenda: the protocol's own stream
  (``shared.protocols.record``), recorded by the Secretariat during the sitting;
- the agenda with each vote (method, counts, members present who did not vote, votes required
  and the rule, Reg2024 §10) and each decision: the polls' events.

Lists of names are annexes: members present, members absent, invited guests, each roll call.
A signed protocol is never built again: its bytes as signed are served (``archive``).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions import projections
from services.sessions.domain.session import Session
from services.sessions.domain.sitting_record import Names, RecordedMember, SittingRecordFixed
from shared import roster
from shared.errors import NotFound
from shared.eventstore import EventStore
from shared.protocols import (
    Agenda,
    AgendaItem,
    Annex,
    Attendance,
    KeyValue,
    Localized,
    Protocol,
    SignOff,
    Table,
    VoteResult,
    format_date,
)
from shared.protocols import projection as records
from shared.protocols.lists import guests_table, people_table, person_line, signatory
from shared.rulebooks import provisional

ASSEMBLY_NAMES: Final[dict[str, Localized]] = {
    "apk": Localized(kk="Қазақстан халқы Ассамблеясы", ru="Ассамблея народа Казахстана"),
}


async def assembly_name(db: AsyncSession, assembly: str) -> Localized:
    """The assembly as a protocol heads it: the national Assembly by name; a regional
    assembly by its region's names as membership published them (Reg2024 §18), else its
    code."""
    if assembly in ASSEMBLY_NAMES:
        return ASSEMBLY_NAMES[assembly]
    region = (await projections.sitting_protocols.region_names(db)).get(assembly)
    if region is None:
        return Localized(kk=assembly, ru=assembly)
    return Localized(
        kk=f"{region['kk']} Қазақстан халқы Ассамблеясы",
        ru=f"Ассамблея народа Казахстана: {region['ru']}",
    )


TITLE: Final = Localized(kk="Ассамблея сессиясы отырысының", ru="заседания сессии Ассамблеи")
KINDS: Final[dict[str, Localized]] = {
    "regular": Localized(kk="кезекті", ru="очередная"),
    "extraordinary": Localized(kk="кезектен тыс", ru="внеочередная"),
}
CHOICES: Final[dict[str | None, Localized]] = {
    "for": Localized(kk="жақтап", ru="за"),
    "against": Localized(kk="қарсы", ru="против"),
    "abstain": Localized(kk="қалыс қалды", ru="воздержался"),
    None: Localized(kk="дауыс берген жоқ", ru="не голосовал"),
}
REGION_HEADER: Final = Localized(kk="Өңір", ru="Регион")


@dataclass(frozen=True)
class Attendees:
    """Who was on the roster of the sitting's day, who was present, and the quorum."""

    members: Mapping[uuid.UUID, RecordedMember]
    present: Sequence[uuid.UUID]
    absent: Sequence[uuid.UUID]
    total: int
    required: int
    quorate: bool
    rule: str
    provisional: bool
    count: int
    """How many were present: the names in ``present``, or the number the protocol of a
    Session recorded afterwards states (it names nobody)."""


def _attendees_of(record: Mapping[str, Any]) -> Attendees:
    fixed = SittingRecordFixed.model_validate(record)
    members = {m.member_id: m for m in (*fixed.present, *fixed.absent)}
    return Attendees(
        members=members,
        present=[m.member_id for m in fixed.present],
        absent=[m.member_id for m in fixed.absent],
        total=fixed.roster_total,
        required=fixed.quorum_required,
        quorate=fixed.quorate,
        rule=fixed.rule,
        provisional=provisional(fixed.rulebook, fixed.rule),
        count=len(fixed.present),
    )


async def _live_attendees(
    db: AsyncSession, row: Mapping[str, Any], present_ids: Sequence[uuid.UUID]
) -> tuple[list[RecordedMember], list[RecordedMember]]:
    """The members on the roster of the sitting's day, present and absent, as named now."""
    regions = await projections.sitting_protocols.region_names(db)
    present_set = set(present_ids)
    present: list[RecordedMember] = []
    absent: list[RecordedMember] = []
    for member in await roster.members_on(db, row["assembly"], row["sitting_on"]):
        region = regions.get(member["region"] or "")
        recorded = RecordedMember(
            member_id=member["member_id"],
            name=Names(kk=member["name_kk"], ru=member["name_ru"]),
            region=None if region is None else Names(**region),
        )
        (present if member["member_id"] in present_set else absent).append(recorded)
    return present, absent


async def fixed_record(db: AsyncSession, session: Session) -> SittingRecordFixed:
    """What the closing fixes: the number, the roster of the day with those present and absent
    as named now, and the quorum (Reg2024 §9)."""
    session_id = uuid.UUID(session.id)
    row = await projections.sessions.session(db, session_id)
    sitting = await projections.sitting_protocols.sitting(db, session_id)
    assert row is not None and sitting is not None and row["sitting_on"] is not None
    present, absent = await _live_attendees(db, row, list(session.present))
    verdict = session.quorum(len(present) + len(absent))
    return SittingRecordFixed(
        session_id=session_id,
        number=sitting["number"],
        sitting_on=row["sitting_on"],
        roster_total=len(present) + len(absent),
        present=tuple(present),
        absent=tuple(absent),
        quorum_required=verdict.required,
        quorate=verdict.satisfied,
        rulebook=verdict.rulebook,
        rule=verdict.rule,
    )


async def _attendees(
    db: AsyncSession, row: Mapping[str, Any], sitting: Mapping[str, Any]
) -> Attendees:
    if sitting.get("record"):
        return _attendees_of(sitting["record"])
    present_ids = [
        a["member_id"]
        for a in await projections.sessions.attendance(db, row["session_id"])
        if a["present"]
    ]
    present, absent = await _live_attendees(db, row, present_ids)
    quorum = await projections.sessions.quorum(db, dict(row))
    assert quorum is not None
    return Attendees(
        members={m.member_id: m for m in (*present, *absent)},
        present=[m.member_id for m in present],
        absent=[m.member_id for m in absent],
        total=quorum["total"],
        required=quorum["required"],
        quorate=quorum["quorate"],
        rule=quorum["rule"],
        provisional=quorum["provisional"],
        count=quorum["present"],
    )


def _localized(value: Mapping[str, Any] | None) -> Localized | None:
    return None if not value else Localized(kk=value["kk"], ru=value["ru"])


def members_table(
    members: Sequence[RecordedMember],
    extra_header: Localized | None = None,
    extra: Sequence[Localized] = (),
) -> Table:
    """Members with their region (which tells most namesakes apart), and a further column."""
    people = []
    for index, member in enumerate(members):
        region = member.region
        cells: list[str | Localized] = [
            "—" if region is None else Localized(kk=region.kk, ru=region.ru)
        ]
        if extra:
            cells.append(extra[index])
        name = Localized(kk=member.name.kk, ru=member.name.ru)
        people.append((str(member.member_id), name, region, tuple(cells)))
    headers = (REGION_HEADER,) if extra_header is None else (REGION_HEADER, extra_header)
    return people_table(people, headers)


async def _roll_call_choices(
    db: AsyncSession, store: EventStore | None, poll_id: uuid.UUID
) -> dict[uuid.UUID, str | None]:
    """Each member's choice in a roll call; members present at its opening who did not vote
    (its electorate, kept in the poll's opening event) map to None."""
    rows = await db.execute(
        text("SELECT member_id, choice FROM votes WHERE poll_id = :p"), {"p": poll_id}
    )
    choices: dict[uuid.UUID, str | None] = {r.member_id: r.choice for r in rows}
    if store is not None:
        for event in await store.read_stream(db, f"poll-{poll_id}"):
            if event.event_type == "PollOpened":
                for member in event.data.get("electorate", ()):
                    choices.setdefault(uuid.UUID(member), None)
    return choices


async def sitting_protocol(
    db: AsyncSession,
    session_id: uuid.UUID,
    *,
    store: EventStore | None = None,
    sign_off: SignOff | None = None,
) -> Protocol:
    """The protocol of the Session's sitting; ``NotFound`` without an opened sitting. With
    ``sign_off``: the protocol as it will stand signed."""
    row = await projections.sessions.session(db, session_id)
    sitting = await projections.sitting_protocols.sitting(db, session_id)
    if row is None or row["sitting_on"] is None or sitting is None:
        raise NotFound(None, resource="sitting", id=str(session_id))
    record = await records.record(db, session_id) or {}
    attendees = await _attendees(db, row, sitting)
    speakers = await records.speakers(db, session_id)
    guests = await records.guests(db, session_id)

    annexes: list[Annex] = [
        Annex(
            title=Localized(
                kk="Сессия отырысына қатысқан Ассамблея мүшелерінің тізімі",
                ru="Список членов Ассамблеи, присутствовавших на заседании сессии",
            ),
            content=(members_table([attendees.members[m] for m in attendees.present]),),
        )
    ]
    absent_annex = None
    if attendees.absent:
        annexes.append(
            Annex(
                title=Localized(
                    kk="Сессия отырысына қатыспаған Ассамблея мүшелерінің тізімі",
                    ru="Список членов Ассамблеи, отсутствовавших на заседании сессии",
                ),
                content=(members_table([attendees.members[m] for m in attendees.absent]),),
            )
        )
        absent_annex = len(annexes)
    facts = [KeyValue(key=Localized(kk="Сессия түрі", ru="Вид сессии"), value=KINDS[row["kind"]])]
    if (announced := row["announced_on"]) is not None:
        facts.append(
            KeyValue(
                key=Localized(kk="Сессияның шақырылуы жарияланды", ru="Созыв сессии объявлен"),
                value=Localized(kk=format_date(announced, "kk"), ru=format_date(announced, "ru")),
            )
        )
    if row["source_number"]:  # recorded afterwards from its protocol
        source_date = row["source_date"]
        facts.append(
            KeyValue(
                key=Localized(kk="Хаттамадан енгізілді", ru="Внесено по протоколу"),
                value=Localized(
                    kk=f"№ {row['source_number']}, {format_date(source_date, 'kk')}",
                    ru=f"№ {row['source_number']}, {format_date(source_date, 'ru')}",
                ),
            )
        )
    if guests:
        annexes.append(
            Annex(
                title=Localized(kk="Шақырылғандар тізімі", ru="Список приглашённых"),
                content=(guests_table(guests),),
            )
        )
        facts.append(
            KeyValue(
                key=Localized(kk="Шақырылғандар", ru="Приглашённые"),
                value=Localized(
                    kk=f"{len(guests)}, {len(annexes)}-қосымшада",
                    ru=f"{len(guests)}, приложение {len(annexes)}",
                ),
            )
        )

    polls = [
        p
        for p in await projections.polls.session_polls(db, session_id, now=_far_future())
        if p["status"] == "closed"
    ]
    items: list[AgendaItem] = []
    for item in await projections.sessions.agenda(db, session_id):
        if item["position"] is None:  # withdrawn by decision
            continue
        on_item = [p for p in polls if p["item_id"] == item["item_id"]]
        votes = []
        for poll in on_item:
            annex = None
            if poll["method"] == "roll_call":
                choices = await _roll_call_choices(db, store, poll["poll_id"])
                voters = [attendees.members[m] for m in choices if m in attendees.members]
                annexes.append(
                    Annex(
                        title=Localized(
                            kk=f"Атаулы дауыс беру нәтижелері. {item['title_kk']}",
                            ru=f"Результаты поимённого голосования. {item['title_ru']}",
                        ),
                        content=(
                            members_table(
                                voters,
                                Localized(kk="Дауысы", ru="Голос"),
                                [CHOICES[choices[m.member_id]] for m in voters],
                            ),
                        ),
                    )
                )
                annex = len(annexes)
            votes.append(
                VoteResult(
                    method=poll["method"],
                    motion=None
                    if poll["adopted"]
                    else Localized(kk=poll["motion_kk"], ru=poll["motion_ru"]),
                    in_favour=poll["votes_for"] or 0,
                    against=poll["against"] or 0,
                    abstained=poll["abstain"] or 0,
                    present=poll["present"],
                    required=poll["required"],
                    adopted=bool(poll["adopted"]),
                    rule=poll["rule"],
                    provisional=provisional(poll["rulebook"], poll["rule"]),
                    annex=annex,
                )
            )
        adopted = [p for p in on_item if p["adopted"]]
        mine = [s for s in speakers if s["item_id"] == item["item_id"]]
        items.append(
            AgendaItem(
                title=Localized(kk=item["title_kk"], ru=item["title_ru"]),
                reporters=tuple(person_line(s) for s in mine if s["role"] == "reporter"),
                speakers=tuple(person_line(s) for s in mine if s["role"] == "speaker"),
                votes=tuple(votes),
                decision=Localized(kk=adopted[-1]["motion_kk"], ru=adopted[-1]["motion_ru"])
                if adopted
                else None,
            )
        )
    place = _localized(
        {"kk": record["place_kk"], "ru": record["place_ru"]} if record.get("place_kk") else None
    )
    return Protocol(
        kind="session_sitting",
        body=await assembly_name(db, row["assembly"]),
        title=TITLE,
        number=sitting["number"],
        date=row["sitting_on"],
        place=place or Localized(kk=row["place"], ru=row["place"]),
        opened_at=sitting["opened_at"],
        closed_at=sitting["closed_at"],
        chair=signatory(record["chair"]) if record.get("chair") else None,
        secretary=signatory(record["secretary"]) if record.get("secretary") else None,
        attendance=Attendance(
            present=attendees.count,
            total=attendees.total,
            quorum=attendees.quorate,
            required=attendees.required,
            rule=attendees.rule,
            provisional=attendees.provisional,
            present_annex=1,
            absent_annex=absent_annex,
        ),
        facts=tuple(facts),
        content=(Agenda(items=tuple(items)),) if items else (),
        annexes=tuple(annexes),
        sign_off=sign_off,
    )


def _far_future() -> datetime:
    """A reading instant after any deadline: the protocol shows results, not live state."""
    return datetime.max.replace(tzinfo=UTC)
