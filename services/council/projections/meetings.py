"""The meetings read models, fed by the meeting and resolution streams: meetings, their agenda
and attendance, the Council's resolutions (at a meeting or by written poll) and the ballots of
written polls. Applied in the command's transaction: deterministic, from events only."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.eventstore.model import RecordedEvent

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


def _instant(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


async def _agenda(db: AsyncSession, meeting: uuid.UUID, agenda: list[dict[str, Any]]) -> None:
    for position, item in enumerate(agenda, start=1):
        await db.execute(
            _AGENDA,
            {
                "id": meeting,
                "item": uuid.UUID(item["item_id"]),
                "position": position,
                "kk": item["title"]["kk"],
                "ru": item["title"]["ru"],
            },
        )


def _wording(resolution: uuid.UUID, d: dict[str, Any]) -> dict[str, Any]:
    """A resolution's body, kind, text (kk, ru) and content, as a vote at a meeting and a
    written poll both put them."""
    return {
        "id": resolution,
        "assembly": d["assembly"],
        "body": d["body"],
        "kind": d["content"]["kind"],
        "kk": d["text"]["kk"],
        "ru": d["text"]["ru"],
        "content": json.dumps(d["content"], ensure_ascii=False),
    }


class MeetingsProjection:
    name = "meetings"
    tables: tuple[str, ...] = (
        "written_poll_ballots",
        "resolutions",
        "meeting_attendance",
        "meeting_agenda",
        "meetings",
    )
    event_types = frozenset(
        {
            "MeetingConvened",
            "MeetingRecorded",
            "WrittenPollRecorded",
            "MeetingOpened",
            "AttendanceRecorded",
            "AttendanceWithdrawn",
            "MeetingClosed",
            "MeetingAbsenceRecorded",
            "SenateProposalsPutOnAgenda",
            "ProtocolSignedOff",
            "MeetingVoteTaken",
            "WrittenPollOpened",
            "WrittenPollBallotCast",
            "WrittenPollClosed",
            "ResolutionAdopted",
            "CandidacyReviewAdopted",
            "DeputyChairmanRecommended",
        }
    )

    async def apply(self, db: AsyncSession, event: RecordedEvent) -> None:
        d = event.data
        v = event.version
        if event.event_type in _RECORDS:
            await _RECORDS[event.event_type](db, event)
        elif "meeting_id" in d and event.stream_type == "meeting":
            await self._meeting(db, event, uuid.UUID(d["meeting_id"]), d, v)
        else:
            await self._resolution(db, event.event_type, uuid.UUID(d["resolution_id"]), d, v)

    async def _meeting(
        self, db: AsyncSession, event: RecordedEvent, meeting: uuid.UUID, d: dict[str, Any], v: int
    ) -> None:
        match event.event_type:
            case "MeetingConvened":
                chair, consent = d["chair"] or {}, d["consent"] or {}
                await db.execute(
                    _CONVENED,
                    {
                        "id": meeting,
                        "assembly": d["assembly"],
                        "body": d["body"],
                        "number": d["number"],
                        "held_on": date.fromisoformat(d["held_on"]),
                        "place": d["place"],
                        "chair_kk": chair.get("kk"),
                        "chair_ru": chair.get("ru"),
                        "by": d["convened_by"],
                        "consent_ref": consent.get("reference"),
                        "consent_on": (
                            date.fromisoformat(consent["given_on"]) if consent else None
                        ),
                        "convened_on": date.fromisoformat(d["convened_on"]),
                        "rule": d["rule"],
                        "v": v,
                    },
                )
                await _agenda(db, meeting, d["agenda"])
            case "MeetingOpened":
                await db.execute(
                    _OPENED,
                    {
                        "id": meeting,
                        "total": d["council_total"],
                        "required": d["required"],
                        "rulebook": d["rulebook"],
                        "rule": d["rule"],
                        "at": event.recorded_at,
                        "v": v,
                    },
                )
            case "AttendanceRecorded":
                await db.execute(
                    _PRESENT,
                    {
                        "id": meeting,
                        "member": uuid.UUID(d["member_id"]),
                        "kk": d["name"]["kk"],
                        "ru": d["name"]["ru"],
                    },
                )
                await db.execute(_COUNT, {"id": meeting, "v": v})
            case "AttendanceWithdrawn":
                await db.execute(_ABSENT, {"id": meeting, "member": uuid.UUID(d["member_id"])})
                await db.execute(_COUNT, {"id": meeting, "v": v})
            case "MeetingClosed":
                await db.execute(
                    _CLOSED,
                    {
                        "id": meeting,
                        "present": d["present"],
                        "quorate": d["quorate"],
                        "on": date.fromisoformat(d["closed_on"]),
                        "at": event.recorded_at,
                        "v": v,
                    },
                )
            case "SenateProposalsPutOnAgenda":
                item = d["item"]
                await db.execute(
                    _ITEM_ADDED,
                    {
                        "id": meeting,
                        "item": uuid.UUID(item["item_id"]),
                        "kk": item["title"]["kk"],
                        "ru": item["title"]["ru"],
                        "proposals": [uuid.UUID(p) for p in d["proposals"]],
                    },
                )
                await db.execute(_MEETING_VERSION, {"id": meeting, "v": v})
            case "MeetingAbsenceRecorded":
                absent = json.dumps(d["absent"], ensure_ascii=False)
                await db.execute(_ABSENT_MEMBERS, {"id": meeting, "absent": absent, "v": v})
            case "ProtocolSignedOff":
                title = d["position"] or {}
                await db.execute(
                    _SIGNED,
                    {
                        "id": meeting,
                        "by": d["signed_by"],
                        "kk": title.get("kk"),
                        "ru": title.get("ru"),
                        "at": _instant(d["signed_at"]),
                        "digests": json.dumps(d["digests"]),
                        "v": v,
                    },
                )

    async def _resolution(
        self, db: AsyncSession, kind: str, resolution: uuid.UUID, d: dict[str, Any], v: int
    ) -> None:
        match kind:
            case "MeetingVoteTaken":
                counts = d["counts"]
                await db.execute(
                    _VOTED,
                    {
                        **_wording(resolution, d),
                        "meeting": uuid.UUID(d["meeting_id"]),
                        "item": uuid.UUID(d["item_id"]),
                        "status": "adopted" if d["adopted"] else "rejected",
                        "for": counts["votes_for"],
                        "against": counts["against"],
                        "abstain": counts["abstain"],
                        "present": d["present"],
                        "total": d["council_total"],
                        "required": d["required"],
                        "quorum_required": d["quorum_required"],
                        "quorum_rule": d["quorum_rule"],
                        "rulebook": d["rulebook"],
                        "rule": d["rule"],
                        "on": date.fromisoformat(d["held_on"]),
                        "v": v,
                    },
                )
            case "WrittenPollOpened":
                await db.execute(
                    _POLL_OPENED,
                    {
                        **_wording(resolution, d),
                        "number": d["number"],
                        "total": d["council_total"],
                        "electorate": [uuid.UUID(m) for m in d["electorate"]],
                        "required": d["required"],
                        "rulebook": d["rulebook"],
                        "rule": d["rule"],
                        "on": date.fromisoformat(d["opened_on"]),
                        "deadline": _instant(d["deadline"]),
                        "v": v,
                    },
                )
            case "WrittenPollBallotCast":
                await db.execute(
                    _BALLOT,
                    {
                        "id": resolution,
                        "member": uuid.UUID(d["member_id"]),
                        "choice": d["choice"],
                        "at": _instant(d["cast_at"]),
                    },
                )
                await db.execute(_TALLY, {"id": resolution, "choice": d["choice"], "v": v})
            case "WrittenPollClosed":
                await db.execute(
                    _POLL_CLOSED,
                    {
                        "id": resolution,
                        "status": "adopted" if d["adopted"] else "rejected",
                        "at": _instant(d["closed_at"]),
                        "reason": d["reason"],
                        "v": v,
                    },
                )
            case "ResolutionAdopted":
                await db.execute(
                    _ADOPTED,
                    {
                        "id": resolution,
                        "number": d["protocol"]["number"],
                        "date": date.fromisoformat(d["protocol"]["date"]),
                        "on": date.fromisoformat(d["adopted_on"]),
                        "v": v,
                    },
                )
            case "CandidacyReviewAdopted":
                # Reviewed here at once (membership's echo follows): not reviewed twice.
                await db.execute(
                    _REVIEWED, {"member": uuid.UUID(d["member_id"]), "rec": d["recommended"]}
                )
                await db.execute(_VERSION, {"id": resolution, "v": v})
            case "DeputyChairmanRecommended":
                await db.execute(_VERSION, {"id": resolution, "v": v})


# -- acts recorded from their protocols ------------------------------------------------------


def _source(event: RecordedEvent) -> dict[str, Any]:
    """The protocol a recorded act comes from, and when it was recorded here."""
    source = event.data["source"]
    return {
        "source_number": source["number"],
        "source_date": date.fromisoformat(source["date"]),
        "recorded_at": event.recorded_at,
        "v": event.version,
    }


async def _meeting_recorded(db: AsyncSession, event: RecordedEvent) -> None:
    d = event.data
    meeting = uuid.UUID(d["meeting_id"])
    chair = d["chair"] or {}
    await db.execute(
        _RECORDED,
        {
            "id": meeting,
            "assembly": d["assembly"],
            "body": d["body"],
            "number": d["number"],
            "held_on": date.fromisoformat(d["held_on"]),
            "place": d["place"],
            "chair_kk": chair.get("kk"),
            "chair_ru": chair.get("ru"),
            "by": d["convened_by"],
            "total": d["council_total"],
            "required": d["required"],
            "rulebook": d["rulebook"],
            "rule": d["rule"],
            "present": d["present"],
            "quorate": d["quorate"],
            **_source(event),
        },
    )
    await _agenda(db, meeting, d["agenda"])


async def _poll_recorded(db: AsyncSession, event: RecordedEvent) -> None:
    d = event.data
    counts = d["counts"]
    await db.execute(
        _POLL_RECORDED,
        {
            **_wording(uuid.UUID(d["resolution_id"]), d),
            "number": d["number"],
            "status": "adopted" if d["adopted"] else "rejected",
            "for": counts["votes_for"],
            "against": counts["against"],
            "abstain": counts["abstain"],
            "total": d["council_total"],
            "required": d["required"],
            "rulebook": d["rulebook"],
            "rule": d["rule"],
            "on": date.fromisoformat(d["held_on"]),
            **_source(event),
        },
    )


_RECORDS = {"MeetingRecorded": _meeting_recorded, "WrittenPollRecorded": _poll_recorded}
