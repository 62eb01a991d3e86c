"""The protocol (хаттама / протокол) of a Session's sitting, built from its read models — the
projections of its events and of its polls' events, nothing else — and rendered as HTML and PDF
in Kazakh and Russian (issue 4, item 7).

It states the sitting's date and place, the attendance against the roster of the day with the
quorum and its rule (Reg2024 §9), the agenda with, for each item, the decision adopted on it and
every vote with its counts, method and majority rule (Reg2024 §10), the members present, and
each member's vote in roll-call polls. A secret poll shows its counts only. Until the sitting is
closed the protocol is marked as a draft by the renderer (it has no sign-off).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.sessions.projections import poll_queries, queries
from shared.errors import NotFound
from shared.protocols import (
    Agenda,
    AgendaItem,
    Attendance,
    Heading,
    KeyValue,
    Localized,
    Protocol,
    Table,
    VoteResult,
)
from shared.rulebooks import provisional

ASSEMBLY_NAMES: Final[dict[str, Localized]] = {
    "apk": Localized(kk="Қазақстан халқы Ассамблеясы", ru="Ассамблея народа Казахстана"),
}
TITLE: Final = Localized(kk="Ассамблея сессиясының отырысы", ru="заседания сессии Ассамблеи")
KINDS: Final[dict[str, Localized]] = {
    "regular": Localized(kk="кезекті", ru="очередная"),
    "extraordinary": Localized(kk="кезектен тыс", ru="внеочередная"),
}
CHOICES: Final[dict[str, Localized]] = {
    "for": Localized(kk="жақтап", ru="за"),
    "against": Localized(kk="қарсы", ru="против"),
    "abstain": Localized(kk="қалыс", ru="воздержался"),
}
METHODS: Final[dict[str, Localized]] = {
    "open": Localized(kk="ашық", ru="открытое"),
    "roll_call": Localized(kk="атаулы", ru="поименное"),
    "secret": Localized(kk="жасырын", ru="тайное"),
}
NO_VOTES: Final = Localized(kk="Дауыс беру өткізілмеді.", ru="Голосование не проводилось.")


async def _present_names(db: AsyncSession, session_id: uuid.UUID) -> list[tuple[str, str]]:
    rows = await db.execute(
        text(
            "SELECT coalesce(r.name_kk, a.member_id::text), coalesce(r.name_ru, a.member_id::text)"
            " FROM session_attendance a LEFT JOIN roster r USING (member_id)"
            " WHERE a.session_id = :s AND a.present ORDER BY 1, a.member_id"
        ),
        {"s": session_id},
    )
    return [(kk, ru) for kk, ru in rows.all()]


async def _number(db: AsyncSession, row: dict[str, Any]) -> str:
    """ "<year>/<n>": the n-th sitting the assembly opened that year (by date, then id)."""
    ordinal = await db.scalar(
        text(
            "SELECT count(*) FROM sessions WHERE assembly = :a AND sitting_on IS NOT NULL"
            " AND extract(year FROM sitting_on) = :y"
            " AND (sitting_on, session_id) <= (:d, :s)"
        ),
        {
            "a": row["assembly"],
            "y": row["sitting_on"].year,
            "d": row["sitting_on"],
            "s": row["session_id"],
        },
    )
    return f"{row['sitting_on'].year}/{ordinal}"


def _vote(poll: dict[str, Any]) -> VoteResult:
    return VoteResult(
        method=poll["method"],
        in_favour=poll["votes_for"] or 0,
        against=poll["against"] or 0,
        abstained=poll["abstain"] or 0,
        adopted=bool(poll["adopted"]),
        rule=poll["rule"],
        provisional=provisional(poll["rulebook"], poll["rule"]),
    )


def _poll_line(number: int, poll: dict[str, Any]) -> Localized:
    method = METHODS[poll["method"]]
    counts = f"{poll['votes_for']}/{poll['against']}/{poll['abstain']}"
    kk_result = "қабылданды" if poll["adopted"] else "қабылданбады"
    ru_result = "принято" if poll["adopted"] else "не принято"
    return Localized(
        kk=f"{number}-дауыс беру ({method.kk}): {poll['motion_kk']} — {counts}, {kk_result}"
        f" ({poll['rule']}).",
        ru=f"Голосование {number} ({method.ru}): {poll['motion_ru']} — {counts}, {ru_result}"
        f" ({poll['rule']}).",
    )


async def sitting_protocol(db: AsyncSession, session_id: uuid.UUID) -> Protocol:
    """The protocol of the Session's sitting; ``NotFound`` without an opened sitting."""
    row = await queries.session(db, session_id)
    if row is None or row["sitting_on"] is None:
        raise NotFound(None, resource="sitting", id=str(session_id))
    quorum = await queries.quorum(db, row)
    assert quorum is not None
    polls = [
        p
        for p in await poll_queries.session_polls(db, session_id, now=_far_future())
        if p["status"] == "closed"
    ]
    items: list[AgendaItem] = []
    for item in await queries.agenda(db, session_id):
        if item["position"] is None:  # withdrawn by decision
            continue
        on_item = [p for p in polls if p["item_id"] == item["item_id"]]
        adopted = [p for p in on_item if p["adopted"]]
        last = on_item[-1] if on_item else None
        items.append(
            AgendaItem(
                title=Localized(kk=item["title_kk"], ru=item["title_ru"]),
                discussion=tuple(_poll_line(n, p) for n, p in enumerate(on_item, 1)) or (NO_VOTES,),
                decision=Localized(kk=adopted[-1]["motion_kk"], ru=adopted[-1]["motion_ru"])
                if adopted
                else None,
                vote=_vote(last) if last is not None else None,
            )
        )
    content: list[Any] = []
    if items:
        content.append(Agenda(items=tuple(items)))
    present = await _present_names(db, session_id)
    if present:
        content.append(
            Table(
                caption=Localized(kk="Қатысқан мүшелер", ru="Присутствовавшие члены"),
                header=("№", Localized(kk="Аты-жөні", ru="Ф. И. О.")),
                rows=tuple(
                    (str(n), Localized(kk=kk, ru=ru)) for n, (kk, ru) in enumerate(present, 1)
                ),
            )
        )
    for number, poll in enumerate(polls, 1):
        if poll["method"] != "roll_call":
            continue
        detail = await poll_queries.poll(db, poll["poll_id"], _far_future())
        assert detail is not None
        content.append(
            Heading(
                text=Localized(
                    kk=f"{number}-атаулы дауыс беру: {poll['motion_kk']}",
                    ru=f"Поименное голосование {number}: {poll['motion_ru']}",
                ),
                level=3,
            )
        )
        content.append(
            Table(
                header=(
                    Localized(kk="Мүше", ru="Член"),
                    Localized(kk="Дауыс", ru="Голос"),
                ),
                rows=tuple(
                    (
                        Localized(
                            kk=b["name_kk"] or str(b["member_id"]),
                            ru=b["name_ru"] or str(b["member_id"]),
                        ),
                        CHOICES[b["choice"]],
                    )
                    for b in detail["ballots"] or ()
                ),
            )
        )
    facts = [KeyValue(key=Localized(kk="Сессия түрі", ru="Вид сессии"), value=KINDS[row["kind"]])]
    if row["announced_on"] is not None:
        facts.append(
            KeyValue(
                key=Localized(kk="Шақырылды", ru="Созвана"),
                value=f"{row['announced_on'].isoformat()} ({row['rulebook']}, {row['rule']})",
            )
        )
    if row["source_number"]:  # recorded from its protocol
        facts.append(
            KeyValue(
                key=Localized(kk="Хаттамадан енгізілді", ru="Внесено по протоколу"),
                value=f"№ {row['source_number']}, {row['source_date'].isoformat()}",
            )
        )
    if row["rules_of_procedure"]:
        facts.append(
            KeyValue(
                key=Localized(kk="Регламент бекітілді", ru="Регламент утверждён"),
                value=str(row["rules_of_procedure"]),
            )
        )
    return Protocol(
        kind="session_sitting",
        body=ASSEMBLY_NAMES.get(row["assembly"], Localized(kk=row["assembly"], ru=row["assembly"])),
        title=TITLE,
        number=await _number(db, row),
        date=row["sitting_on"],
        place=row["place"],
        attendance=Attendance(
            present=quorum["present"],
            total=quorum["total"],
            quorum=quorum["quorate"],
            rule=quorum["rule"],
            provisional=quorum["provisional"],
        ),
        facts=tuple(facts),
        content=tuple(content),
    )


def _far_future() -> datetime:
    """A reading instant after any deadline: the protocol shows results, not live state."""
    return datetime.max.replace(tzinfo=UTC)
