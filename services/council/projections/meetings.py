"""The meetings read models, fed by the meeting and resolution streams: meetings, their agenda
and attendance, the Council's resolutions (at a meeting or by written poll) and the ballots of
written polls. Applied in the command's transaction: deterministic, from events only. Its
writer and its queries (with the ``?assembly=`` filter the council's read models share)."""

from __future__ import annotations

import itertools
import json
import uuid
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.council.domain.events import (
    AgendaItem,
    AttendanceRecorded,
    AttendanceWithdrawn,
    CandidacyReviewAdopted,
    DeputyChairmanRecommended,
    MeetingClosed,
    MeetingConvened,
    MeetingOpened,
    MeetingRecorded,
    MeetingVoteTaken,
    ProtocolSignedOff,
    ResolutionAdopted,
    SenateProposalsPutOnAgenda,
    WrittenPollBallotCast,
    WrittenPollClosed,
    WrittenPollOpened,
    WrittenPollRecorded,
    registry,
)
from services.council.domain.meeting_record import MeetingAbsenceRecorded
from shared.assemblies import (
    NATIONAL,
    NATIONAL_RULEBOOK_CODES,
    REGIONAL_ASSEMBLIES,
    body_key,
    codes_of,
)
from shared.eventstore.model import RecordedEvent
from shared.projections import EventProjection, applies
from shared.rulebooks import (
    NoRulebookInForce,
    Rulebook,
    assembly_rulebook_on,
    council_gap,
    rulebook_on,
)

_CONVENED = text(
    """
    INSERT INTO meetings (meeting_id, assembly, body, number, held_on, place, chair_kk, chair_ru,
        convened_by, consent_reference, consent_given_on, convened_on, convening_rule, status,
        version)
    VALUES (:id, :assembly, :body, :number, :held_on, :place, :chair_kk, :chair_ru, :by,
        :consent_ref, :consent_on, :convened_on, :rule, 'convened', :v)
    """
)
_RECORDED = text(
    """
    INSERT INTO meetings (meeting_id, assembly, body, number, held_on, place, chair_kk, chair_ru,
        convened_by, status, council_total, quorum_required, rulebook, quorum_rule, present,
        quorate, closed_on, source_number, source_date, recorded_at, version)
    VALUES (:id, :assembly, :body, :number, :held_on, :place, :chair_kk, :chair_ru, :by,
        'recorded', :total, :required, :rulebook, :rule, :present, :quorate, :held_on,
        :source_number, :source_date, :recorded_at, :v)
    """
)
_AGENDA = text(
    "INSERT INTO meeting_agenda (meeting_id, item_id, position, title_kk, title_ru)"
    " VALUES (:id, :item, :position, :kk, :ru)"
)
_ITEM_ADDED = text(
    """
    INSERT INTO meeting_agenda (meeting_id, item_id, position, title_kk, title_ru,
        senate_proposals)
    SELECT :id, :item, coalesce(max(position), 0) + 1, :kk, :ru, CAST(:proposals AS uuid[])
    FROM meeting_agenda WHERE meeting_id = :id
    """
)
_MEETING_VERSION = text("UPDATE meetings SET version = :v WHERE meeting_id = :id")
_OPENED = text(
    "UPDATE meetings SET status = 'open', council_total = :total, quorum_required = :required,"
    " rulebook = :rulebook, quorum_rule = :rule, opened_at = :at, version = :v"
    " WHERE meeting_id = :id"
)
_PRESENT = text(
    """
    INSERT INTO meeting_attendance (meeting_id, member_id, name_kk, name_ru, present)
    VALUES (:id, :member, :kk, :ru, TRUE)
    ON CONFLICT (meeting_id, member_id) DO UPDATE SET present = TRUE, name_kk = EXCLUDED.name_kk,
        name_ru = EXCLUDED.name_ru
    """
)
_ABSENT = text(
    "UPDATE meeting_attendance SET present = FALSE WHERE meeting_id = :id AND member_id = :member"
)
_COUNT = text(
    "UPDATE meetings SET present = (SELECT count(*) FROM meeting_attendance"
    " WHERE meeting_id = :id AND present), version = :v WHERE meeting_id = :id"
)
_CLOSED = text(
    "UPDATE meetings SET status = 'closed', present = :present, quorate = :quorate,"
    " closed_on = :on, closed_at = :at, version = :v WHERE meeting_id = :id"
)
_ABSENT_MEMBERS = text(
    "UPDATE meetings SET absent = CAST(:absent AS jsonb), version = :v WHERE meeting_id = :id"
)
_SIGNED = text(
    "UPDATE meetings SET status = 'signed_off', signed_by = :by, position_kk = :kk,"
    " position_ru = :ru, signed_at = :at, digests = CAST(:digests AS jsonb), version = :v"
    " WHERE meeting_id = :id"
)
_VOTED = text(
    """
    INSERT INTO resolutions (resolution_id, assembly, body, method, meeting_id, item_id, number,
        kind, text_kk, text_ru, content, status, votes_for, against, abstain, present,
        council_total, required, quorum_required, quorum_rule, rulebook, rule, voted_on, version)
    SELECT :id, :assembly, :body, 'meeting', :meeting, :item, m.number, :kind, :kk, :ru,
        CAST(:content AS jsonb), :status, :for, :against, :abstain, :present, :total, :required,
        :quorum_required, :quorum_rule, :rulebook, :rule, :on, :v
    FROM meetings m WHERE m.meeting_id = :meeting
    """
)
_POLL_OPENED = text(
    """
    INSERT INTO resolutions (resolution_id, assembly, body, method, number, kind, text_kk,
        text_ru, content, status, council_total, electorate, required, rulebook, rule, voted_on,
        deadline, version)
    VALUES (:id, :assembly, :body, 'written_poll', :number, :kind, :kk, :ru,
        CAST(:content AS jsonb), 'polling', :total, CAST(:electorate AS uuid[]), :required,
        :rulebook, :rule, :on, :deadline, :v)
    """
)
_POLL_RECORDED = text(
    """
    INSERT INTO resolutions (resolution_id, assembly, body, method, number, kind, text_kk,
        text_ru, content, status, votes_for, against, abstain, council_total, required,
        rulebook, rule, voted_on, source_number, source_date, recorded_at, version)
    VALUES (:id, :assembly, :body, 'written_poll', :number, :kind, :kk, :ru,
        CAST(:content AS jsonb), :status, :for, :against, :abstain, :total, :required,
        :rulebook, :rule, :on, :source_number, :source_date, :recorded_at, :v)
    """
)
_BALLOT = text(
    "INSERT INTO written_poll_ballots (resolution_id, member_id, choice, cast_at)"
    " VALUES (:id, :member, :choice, :at)"
)
_TALLY = text(
    "UPDATE resolutions SET votes_for = votes_for + CAST(:choice = 'for' AS integer),"
    " against = against + CAST(:choice = 'against' AS integer),"
    " abstain = abstain + CAST(:choice = 'abstain' AS integer), version = :v"
    " WHERE resolution_id = :id"
)
_POLL_CLOSED = text(
    "UPDATE resolutions SET status = :status, closed_at = :at, close_reason = :reason,"
    " version = :v WHERE resolution_id = :id"
)
_ADOPTED = text(
    "UPDATE resolutions SET status = 'adopted', protocol_number = :number, protocol_date = :date,"
    " adopted_on = :on, version = :v WHERE resolution_id = :id"
)
_VERSION = text("UPDATE resolutions SET version = :v WHERE resolution_id = :id")
_REVIEWED = text(
    "UPDATE candidacies SET reviewed = TRUE, recommended = :rec WHERE member_id = :member"
)


async def _agenda(db: AsyncSession, meeting: uuid.UUID, agenda: tuple[AgendaItem, ...]) -> None:
    for position, item in enumerate(agenda, start=1):
        await db.execute(
            _AGENDA,
            {
                "id": meeting,
                "item": item.item_id,
                "position": position,
                "kk": item.title.kk,
                "ru": item.title.ru,
            },
        )


def _wording(event: MeetingVoteTaken | WrittenPollOpened | WrittenPollRecorded) -> dict[str, Any]:
    """A resolution's body, kind, text (kk, ru) and content, as a vote at a meeting and a
    written poll both put them."""
    return {
        "id": event.resolution_id,
        "assembly": event.assembly,
        "body": event.body,
        "kind": str(event.content.kind),
        "kk": event.text.kk,
        "ru": event.text.ru,
        "content": json.dumps(event.content.model_dump(mode="json"), ensure_ascii=False),
    }


def _source(event: MeetingRecorded | WrittenPollRecorded, rec: RecordedEvent) -> dict[str, Any]:
    """The protocol a recorded act comes from, and when it was recorded here."""
    return {
        "source_number": event.source.number,
        "source_date": event.source.date,
        "recorded_at": rec.recorded_at,
        "v": rec.version,
    }


class MeetingsProjection(EventProjection):
    name = "meetings"
    tables = (
        "written_poll_ballots",
        "resolutions",
        "meeting_attendance",
        "meeting_agenda",
        "meetings",
    )
    registry = registry

    # -- meetings ----------------------------------------------------------------------------

    @applies(MeetingConvened)
    async def convened(self, db: AsyncSession, event: MeetingConvened, rec: RecordedEvent) -> None:
        chair, consent = event.chair, event.consent
        await db.execute(
            _CONVENED,
            {
                "id": event.meeting_id,
                "assembly": event.assembly,
                "body": event.body,
                "number": event.number,
                "held_on": event.held_on,
                "place": event.place,
                "chair_kk": chair.kk if chair else None,
                "chair_ru": chair.ru if chair else None,
                "by": str(event.convened_by),
                "consent_ref": consent.reference if consent else None,
                "consent_on": consent.given_on if consent else None,
                "convened_on": event.convened_on,
                "rule": event.rule,
                "v": rec.version,
            },
        )
        await _agenda(db, event.meeting_id, event.agenda)

    @applies(MeetingOpened)
    async def opened(self, db: AsyncSession, event: MeetingOpened, rec: RecordedEvent) -> None:
        await db.execute(
            _OPENED,
            {
                "id": event.meeting_id,
                "total": event.council_total,
                "required": event.required,
                "rulebook": event.rulebook,
                "rule": event.rule,
                "at": rec.recorded_at,
                "v": rec.version,
            },
        )

    @applies(AttendanceRecorded)
    async def present(
        self, db: AsyncSession, event: AttendanceRecorded, rec: RecordedEvent
    ) -> None:
        await db.execute(
            _PRESENT,
            {
                "id": event.meeting_id,
                "member": event.member_id,
                "kk": event.name.kk,
                "ru": event.name.ru,
            },
        )
        await db.execute(_COUNT, {"id": event.meeting_id, "v": rec.version})

    @applies(AttendanceWithdrawn)
    async def withdrawn(
        self, db: AsyncSession, event: AttendanceWithdrawn, rec: RecordedEvent
    ) -> None:
        await db.execute(_ABSENT, {"id": event.meeting_id, "member": event.member_id})
        await db.execute(_COUNT, {"id": event.meeting_id, "v": rec.version})

    @applies(MeetingClosed)
    async def closed(self, db: AsyncSession, event: MeetingClosed, rec: RecordedEvent) -> None:
        await db.execute(
            _CLOSED,
            {
                "id": event.meeting_id,
                "present": event.present,
                "quorate": event.quorate,
                "on": event.closed_on,
                "at": rec.recorded_at,
                "v": rec.version,
            },
        )

    @applies(SenateProposalsPutOnAgenda)
    async def item_added(
        self, db: AsyncSession, event: SenateProposalsPutOnAgenda, rec: RecordedEvent
    ) -> None:
        await db.execute(
            _ITEM_ADDED,
            {
                "id": event.meeting_id,
                "item": event.item.item_id,
                "kk": event.item.title.kk,
                "ru": event.item.title.ru,
                "proposals": list(event.proposals),
            },
        )
        await db.execute(_MEETING_VERSION, {"id": event.meeting_id, "v": rec.version})

    @applies(MeetingAbsenceRecorded)
    async def absence(
        self, db: AsyncSession, event: MeetingAbsenceRecorded, rec: RecordedEvent
    ) -> None:
        absent = json.dumps(
            [person.model_dump(mode="json") for person in event.absent], ensure_ascii=False
        )
        await db.execute(
            _ABSENT_MEMBERS, {"id": event.meeting_id, "absent": absent, "v": rec.version}
        )

    @applies(ProtocolSignedOff)
    async def signed_off(
        self, db: AsyncSession, event: ProtocolSignedOff, rec: RecordedEvent
    ) -> None:
        title = event.position
        await db.execute(
            _SIGNED,
            {
                "id": event.meeting_id,
                "by": event.signed_by,
                "kk": title.kk if title else None,
                "ru": title.ru if title else None,
                "at": event.signed_at,
                "digests": json.dumps(event.digests.model_dump(mode="json")),
                "v": rec.version,
            },
        )

    @applies(MeetingRecorded)
    async def meeting_recorded(
        self, db: AsyncSession, event: MeetingRecorded, rec: RecordedEvent
    ) -> None:
        """A meeting recorded from its protocol, not held here."""
        chair = event.chair
        await db.execute(
            _RECORDED,
            {
                "id": event.meeting_id,
                "assembly": event.assembly,
                "body": event.body,
                "number": event.number,
                "held_on": event.held_on,
                "place": event.place,
                "chair_kk": chair.kk if chair else None,
                "chair_ru": chair.ru if chair else None,
                "by": str(event.convened_by),
                "total": event.council_total,
                "required": event.required,
                "rulebook": event.rulebook,
                "rule": event.rule,
                "present": event.present,
                "quorate": event.quorate,
                **_source(event, rec),
            },
        )
        await _agenda(db, event.meeting_id, event.agenda)

    # -- resolutions: at a meeting, or by written poll ---------------------------------------

    @applies(MeetingVoteTaken)
    async def voted(self, db: AsyncSession, event: MeetingVoteTaken, rec: RecordedEvent) -> None:
        counts = event.counts
        await db.execute(
            _VOTED,
            {
                **_wording(event),
                "meeting": event.meeting_id,
                "item": event.item_id,
                "status": "adopted" if event.adopted else "rejected",
                "for": counts.votes_for,
                "against": counts.against,
                "abstain": counts.abstain,
                "present": event.present,
                "total": event.council_total,
                "required": event.required,
                "quorum_required": event.quorum_required,
                "quorum_rule": event.quorum_rule,
                "rulebook": event.rulebook,
                "rule": event.rule,
                "on": event.held_on,
                "v": rec.version,
            },
        )

    @applies(WrittenPollOpened)
    async def poll_opened(
        self, db: AsyncSession, event: WrittenPollOpened, rec: RecordedEvent
    ) -> None:
        await db.execute(
            _POLL_OPENED,
            {
                **_wording(event),
                "number": event.number,
                "total": event.council_total,
                "electorate": list(event.electorate),
                "required": event.required,
                "rulebook": event.rulebook,
                "rule": event.rule,
                "on": event.opened_on,
                "deadline": event.deadline,
                "v": rec.version,
            },
        )

    @applies(WrittenPollBallotCast)
    async def ballot_cast(
        self, db: AsyncSession, event: WrittenPollBallotCast, rec: RecordedEvent
    ) -> None:
        choice = str(event.choice)
        await db.execute(
            _BALLOT,
            {
                "id": event.resolution_id,
                "member": event.member_id,
                "choice": choice,
                "at": event.cast_at,
            },
        )
        await db.execute(_TALLY, {"id": event.resolution_id, "choice": choice, "v": rec.version})

    @applies(WrittenPollClosed)
    async def poll_closed(
        self, db: AsyncSession, event: WrittenPollClosed, rec: RecordedEvent
    ) -> None:
        await db.execute(
            _POLL_CLOSED,
            {
                "id": event.resolution_id,
                "status": "adopted" if event.adopted else "rejected",
                "at": event.closed_at,
                "reason": str(event.reason),
                "v": rec.version,
            },
        )

    @applies(WrittenPollRecorded)
    async def poll_recorded(
        self, db: AsyncSession, event: WrittenPollRecorded, rec: RecordedEvent
    ) -> None:
        """A written poll recorded from its protocol, not held here."""
        counts = event.counts
        await db.execute(
            _POLL_RECORDED,
            {
                **_wording(event),
                "number": event.number,
                "status": "adopted" if event.adopted else "rejected",
                "for": counts.votes_for,
                "against": counts.against,
                "abstain": counts.abstain,
                "total": event.council_total,
                "required": event.required,
                "rulebook": event.rulebook,
                "rule": event.rule,
                "on": event.held_on,
                **_source(event, rec),
            },
        )

    @applies(ResolutionAdopted)
    async def adopted(self, db: AsyncSession, event: ResolutionAdopted, rec: RecordedEvent) -> None:
        await db.execute(
            _ADOPTED,
            {
                "id": event.resolution_id,
                "number": event.protocol.number,
                "date": event.protocol.date,
                "on": event.adopted_on,
                "v": rec.version,
            },
        )

    @applies(CandidacyReviewAdopted)
    async def candidacy_reviewed(
        self, db: AsyncSession, event: CandidacyReviewAdopted, rec: RecordedEvent
    ) -> None:
        # Reviewed here at once (membership's echo follows): not reviewed twice.
        await db.execute(_REVIEWED, {"member": event.member_id, "rec": event.recommended})
        await db.execute(_VERSION, {"id": event.resolution_id, "v": rec.version})

    @applies(DeputyChairmanRecommended)
    async def deputy_chairman_recommended(
        self, db: AsyncSession, event: DeputyChairmanRecommended, rec: RecordedEvent
    ) -> None:
        await db.execute(_VERSION, {"id": event.resolution_id, "v": rec.version})


# -- queries -------------------------------------------------------------------------------


async def _rows(db: AsyncSession, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in await db.execute(text(sql), params)]


async def _one(db: AsyncSession, sql: str, params: dict[str, Any]) -> dict[str, Any] | None:
    rows = await _rows(db, sql, params)
    return rows[0] if rows else None


def of_assembly(column: str) -> str:
    return f"(CAST(:assemblies AS text[]) IS NULL OR {column} = ANY(CAST(:assemblies AS text[])))"


# -- meetings --------------------------------------------------------------------------------


async def meeting(db: AsyncSession, meeting_id: uuid.UUID) -> dict[str, Any] | None:
    return await _one(db, "SELECT * FROM meetings WHERE meeting_id = :id", {"id": meeting_id})


async def meetings(
    db: AsyncSession, assembly: str | None, body: str | None, limit: int, offset: int
) -> list[dict[str, Any]]:
    return await _rows(
        db,
        f"SELECT * FROM meetings WHERE {of_assembly('assembly')}"
        " AND (CAST(:b AS text) IS NULL OR body = :b)"
        " ORDER BY held_on DESC, meeting_id LIMIT :limit OFFSET :offset",
        {"assemblies": codes_of(assembly), "b": body, "limit": limit, "offset": offset},
    )


async def agenda(db: AsyncSession, meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    return await _rows(
        db,
        "SELECT item_id, position, title_kk, title_ru,"
        " coalesce(senate_proposals, CAST('{}' AS uuid[])) AS senate_proposals"
        " FROM meeting_agenda WHERE meeting_id = :id ORDER BY position",
        {"id": meeting_id},
    )


async def attendance(db: AsyncSession, meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    return await _rows(
        db,
        "SELECT member_id, name_kk, name_ru, present FROM meeting_attendance"
        " WHERE meeting_id = :id ORDER BY name_kk, member_id",
        {"id": meeting_id},
    )


async def item_decided(db: AsyncSession, meeting_id: uuid.UUID, item_id: uuid.UUID) -> bool:
    found = await db.scalar(
        text("SELECT 1 FROM resolutions WHERE meeting_id = :m AND item_id = :i"),
        {"m": meeting_id, "i": item_id},
    )
    return found is not None


async def meeting_resolutions(db: AsyncSession, meeting_id: uuid.UUID) -> list[dict[str, Any]]:
    return await _rows(
        db,
        "SELECT * FROM resolutions WHERE meeting_id = :id ORDER BY voted_on, resolution_id",
        {"id": meeting_id},
    )


async def meeting_gaps(db: AsyncSession, assembly: str, body: str, as_of: date) -> dict[str, Any]:
    """Gaps between meetings held (closed with quorum) longer than the rulebook allows, and
    whether the current one is (Law 2008 Art. 10: at least once every six months). Each gap is
    judged by the rulebook in force at its end (none under Reg2002 §9: no maximum)."""
    held = [
        r["held_on"]
        for r in await _rows(
            db,
            "SELECT held_on FROM meetings WHERE assembly = :a AND body = :b AND quorate"
            " AND status IN ('closed', 'signed_off') AND held_on <= :d ORDER BY held_on",
            {"a": assembly, "b": body, "d": as_of},
        )
    ]
    gaps = []
    for earlier, later in itertools.pairwise(held):
        verdict = council_gap(rulebook_on(later, assembly), earlier, later)
        if not verdict.satisfied:
            gaps.append(
                {
                    "from_meeting": earlier,
                    "to_meeting": later,
                    "due_by": verdict.deadline,
                    "rulebook": verdict.rulebook,
                    "rule": verdict.rule,
                }
            )
    current: dict[str, Any] | None = None
    flagged = False
    if held:
        try:
            now = council_gap(rulebook_on(as_of, assembly), held[-1], as_of)
        except NoRulebookInForce:
            now = None
        if now is not None:
            flagged = not now.satisfied
            current = {
                "last_meeting": held[-1],
                "due_by": now.deadline,
                "overdue": flagged,
                "rulebook": now.rulebook,
                "rule": now.rule,
            }
    return {
        "assembly": assembly,
        "body": body,
        "as_of": as_of,
        "flagged": flagged,
        "current": current,
        "past_gaps": gaps,
    }


def _council_rulebook(assembly: str, day: date) -> Rulebook | None:
    try:
        return assembly_rulebook_on(day, assembly)
    except NoRulebookInForce:
        return None


async def gaps_by_assembly(db: AsyncSession, as_of: date) -> list[dict[str, Any]]:
    """The council of each of the 21 assemblies on ``as_of``: its last meeting held (closed
    with quorum, or recorded quorate from its protocol) and whether the gap since exceeds the
    maximum of the rulebook in force that day (Law 2008 Art. 10; Law 2008 Art. 14 for a
    regional assembly's council). Without a meeting on record nothing is judged."""
    last = {
        r["roster"]: r["last_meeting"]
        for r in await _rows(
            db,
            "SELECT CASE WHEN assembly = ANY(CAST(:national AS text[])) THEN :nat"
            " ELSE assembly END AS roster, max(held_on) AS last_meeting FROM meetings"
            " WHERE quorate AND status IN ('closed', 'signed_off', 'recorded')"
            " AND held_on <= :d GROUP BY 1",
            {"national": sorted(NATIONAL_RULEBOOK_CODES), "nat": NATIONAL, "d": as_of},
        )
    }
    rows = []
    for assembly in (NATIONAL, *REGIONAL_ASSEMBLIES):
        held = last.get(assembly)
        book = _council_rulebook(assembly, as_of)
        verdict = council_gap(book, held, as_of) if book is not None and held else None
        rows.append(
            {
                "assembly": assembly,
                "body": body_key(assembly),
                "last_meeting": held,
                "due_by": verdict.deadline if verdict else None,
                "overdue": (not verdict.satisfied) if verdict else None,
                "rulebook": book.id if book else None,
                "rule": book.council_max_gap_months.citation if book else None,
                "provisional": bool(book and book.council_max_gap_months.provisional),
            }
        )
    return rows


# -- resolutions -----------------------------------------------------------------------------

_RESOLUTION_COLUMNS = (
    "resolution_id, assembly, body, method, meeting_id, item_id, number, kind, text_kk, text_ru,"
    " content, status, votes_for, against, abstain, present, council_total, required,"
    " quorum_required, quorum_rule, rulebook, rule, voted_on, deadline, closed_at, close_reason,"
    " protocol_number, protocol_date, adopted_on, source_number, source_date, recorded_at,"
    " version"
)


async def resolution(db: AsyncSession, resolution_id: uuid.UUID) -> dict[str, Any] | None:
    return await _one(
        db,
        f"SELECT {_RESOLUTION_COLUMNS} FROM resolutions WHERE resolution_id = :id",
        {"id": resolution_id},
    )


async def resolutions(
    db: AsyncSession,
    *,
    assembly: str | None,
    body: str | None,
    kind: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> list[dict[str, Any]]:
    return await _rows(
        db,
        f"SELECT {_RESOLUTION_COLUMNS} FROM resolutions WHERE {of_assembly('assembly')}"
        " AND (CAST(:b AS text) IS NULL OR body = :b)"
        " AND (CAST(:kind AS text) IS NULL OR kind = :kind)"
        " AND (CAST(:status AS text) IS NULL OR status = :status)"
        " ORDER BY voted_on DESC, resolution_id LIMIT :limit OFFSET :offset",
        {"assemblies": codes_of(assembly), "b": body, "kind": kind, "status": status,
         "limit": limit, "offset": offset},
    )  # fmt: skip


async def ballots(db: AsyncSession, resolution_id: uuid.UUID) -> list[dict[str, Any]]:
    return await _rows(
        db,
        "SELECT member_id, choice, cast_at FROM written_poll_ballots WHERE resolution_id = :id"
        " ORDER BY cast_at, member_id",
        {"id": resolution_id},
    )
