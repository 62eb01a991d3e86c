"""The protocol (хаттама / протокол) of a Council meeting, built from its read models — which are
its events and its resolutions' events, nothing else — and rendered as HTML and PDF in Kazakh
and Russian (Reg2024 §15).

Everything the document says is in the events (the names of those present as recorded that
day, the counts and rules of each vote, the sign-off), so a signed-off protocol renders the
same bytes again: its digests are recorded at sign-off, and the bytes as signed are kept in
``protocol_documents`` and checked against them on every read.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from services.council.domain.errors import MeetingNotFound, ProtocolTampered
from services.council.domain.events import Digests
from services.council.projections import queries
from shared.protocols import (
    Agenda,
    AgendaItem,
    Attendance,
    KeyValue,
    Localized,
    Protocol,
    ProtocolLanguage,
    SignOff,
    Table,
    VoteResult,
    digest,
    render_html,
    render_pdf,
)
from shared.rulebooks import provisional

BODY_NAMES: Final[dict[str, Localized]] = {
    "council": Localized(
        kk="Қазақстан халқы Ассамблеясының Кеңесі", ru="Совет Ассамблеи народа Казахстана"
    ),
}
TITLE: Final = Localized(kk="Кеңес отырысының", ru="заседания Совета")
CONVENED_BY: Final[dict[str, Localized]] = {
    "chairman": Localized(kk="Ассамблея Төрағасы", ru="Председатель Ассамблеи"),
    "deputy_chairman": Localized(
        kk="Төраға орынбасары, Төрағаның келісімімен",
        ru="Заместитель Председателя с согласия Председателя",
    ),
}
KIND_NAMES: Final[dict[str, Localized]] = {
    "candidacy_review": Localized(kk="Кандидатураларды қарау", ru="Рассмотрение кандидатур"),
    "senate_candidates": Localized(
        kk="Сенат депутаттығына кандидаттар", ru="Кандидатуры в депутаты Сената"
    ),
    "next_session": Localized(
        kk="Кезекті сессияны шақыру туралы ұсыныс", ru="Предложение о созыве очередной сессии"
    ),
    "work_plan": Localized(kk="Хатшылықтың жұмыс жоспары", ru="План работы Секретариата"),
    "public_award": Localized(kk="Қоғамдық марапат", ru="Общественная награда"),
    "deputy_chairman_recommendation": Localized(
        kk="Төраға орынбасарлығына ұсыным", ru="Рекомендация на должность заместителя"
    ),
    "other": Localized(kk="Өзге шешім", ru="Иное решение"),
}
RECOMMENDED: Final = {True: Localized(kk="ұсынылды", ru="рекомендован(а)"),
                      False: Localized(kk="ұсынылмады", ru="не рекомендован(а)")}  # fmt: skip
FORMATS: Final = ("html", "pdf")
LANGS: Final[tuple[ProtocolLanguage, ...]] = ("kk", "ru")


def body_name(body: str) -> Localized:
    return BODY_NAMES.get(body, Localized(kk=f"Кеңес ({body})", ru=f"Совет ({body})"))


def _localized(kk: str | None, ru: str | None) -> Localized | None:
    return Localized(kk=kk, ru=ru) if kk and ru else None


def _content_lines(content: Mapping[str, Any]) -> list[str]:
    """The typed content in words that read the same in both languages (names, dates)."""
    kind = content.get("kind")
    if kind == "candidacy_review":
        return [
            f"{r['name']['kk'] if r.get('name') else r['member_id']}"
            f" / {r['name']['ru'] if r.get('name') else r['member_id']}:"
            f" {RECOMMENDED[r['recommended']].kk} / {RECOMMENDED[r['recommended']].ru}"
            for r in content["reviews"]
        ]
    if kind in ("senate_candidates", "deputy_chairman_recommendation"):
        people = content["candidates" if kind == "senate_candidates" else "recommended"]
        return [f"{p['name']['kk']} / {p['name']['ru']}" for p in people]
    if kind == "next_session":
        lines = [f"{t['kk']} / {t['ru']}" for t in content["agenda"]]
        when = content.get("proposed_opens_on")
        return ([str(when)] if when else []) + lines
    if kind == "work_plan":
        return [f"{t['kk']} / {t['ru']}" for t in content["items"]]
    if kind == "public_award":
        return [f"{content['award']['kk']} / {content['award']['ru']}"]
    return []


def build_protocol(
    meeting: Mapping[str, Any],
    agenda: Sequence[Mapping[str, Any]],
    attendance: Sequence[Mapping[str, Any]],
    resolutions: Sequence[Mapping[str, Any]],
    sign_off: SignOff | None,
) -> Protocol:
    """The protocol of one meeting, from its read-model rows. Pure."""
    by_item = {r["item_id"]: r for r in resolutions}
    items = []
    for row in agenda:
        decided = by_item.get(row["item_id"])
        title = Localized(kk=row["title_kk"], ru=row["title_ru"])
        if decided is None:
            items.append(AgendaItem(title=title))
            continue
        kind = KIND_NAMES[decided["kind"]]
        lines = _content_lines(decided["content"])
        decision = Localized(
            kk="\n".join([f"{kind.kk}.", decided["text_kk"], *lines]),
            ru="\n".join([f"{kind.ru}.", decided["text_ru"], *lines]),
        )
        vote = VoteResult(
            method="open",
            in_favour=decided["votes_for"],
            against=decided["against"],
            abstained=decided["abstain"],
            adopted=decided["status"] == "adopted",
            rule=decided["rule"],
            provisional=provisional(decided["rulebook"], decided["rule"]),
        )
        items.append(AgendaItem(title=title, decision=decision, vote=vote))
    present = [a for a in attendance if a["present"]]
    total = meeting["council_total"] or 0
    facts = [
        KeyValue(
            key=Localized(kk="Шақырған", ru="Созвано"), value=CONVENED_BY[meeting["convened_by"]]
        ),
    ]
    if meeting["consent_reference"]:
        facts.append(
            KeyValue(
                key=Localized(kk="Төрағаның келісімі", ru="Согласие Председателя"),
                value=f"{meeting['consent_reference']} ({meeting['consent_given_on']})",
            )
        )
    if meeting["rulebook"] and meeting["convening_rule"]:
        facts.append(
            KeyValue(
                key=Localized(kk="Қолданылған ереже", ru="Применённое положение"),
                value=f"{meeting['rulebook']}: {meeting['convening_rule']}",
            )
        )
    if meeting["source_number"]:  # recorded from its protocol
        facts.append(
            KeyValue(
                key=Localized(kk="Хаттамадан енгізілді", ru="Внесено по протоколу"),
                value=f"№ {meeting['source_number']}, {meeting['source_date'].isoformat()}",
            )
        )
    content: list[Any] = [
        Table(
            caption=Localized(kk="Қатысқан Кеңес мүшелері", ru="Присутствовавшие члены Совета"),
            header=("№", Localized(kk="Аты-жөні", ru="Ф. И. О.")),
            rows=tuple(
                (str(n), Localized(kk=a["name_kk"], ru=a["name_ru"]))
                for n, a in enumerate(present, start=1)
            ),
        )
    ]
    if items:
        content.append(Agenda(items=tuple(items)))
    quorate = meeting["quorate"]
    if quorate is None and meeting["quorum_required"] is not None:
        quorate = len(present) >= meeting["quorum_required"]
    # a meeting recorded from its protocol has the number present it states, not names
    counted = meeting["present"] if meeting["status"] == "recorded" else len(present)
    return Protocol(
        kind="council_meeting",
        body=body_name(meeting["body"]),
        title=TITLE,
        number=meeting["number"],
        date=meeting["held_on"],
        place=meeting["place"],
        chair=_localized(meeting["chair_kk"], meeting["chair_ru"]),
        attendance=Attendance(
            present=counted,
            total=max(total, counted),
            quorum=bool(quorate),
            rule=meeting["quorum_rule"],
            provisional=provisional(meeting["rulebook"], meeting["quorum_rule"]),
        ),
        facts=tuple(facts),
        content=tuple(content),
        sign_off=sign_off,
    )


def render_all(protocol: Protocol) -> dict[tuple[str, str], bytes]:
    """Every rendering: (language, format) → bytes."""
    out: dict[tuple[str, str], bytes] = {}
    for lang in LANGS:
        out[(lang, "html")] = render_html(protocol, lang).encode()
        out[(lang, "pdf")] = render_pdf(protocol, lang)
    return out


def digests_of(documents: Mapping[tuple[str, str], bytes]) -> Digests:
    return Digests(
        kk_html=digest(documents[("kk", "html")]),
        kk_pdf=digest(documents[("kk", "pdf")]),
        ru_html=digest(documents[("ru", "html")]),
        ru_pdf=digest(documents[("ru", "pdf")]),
    )


def sign_off_of(meeting: Mapping[str, Any]) -> SignOff | None:
    if meeting["signed_at"] is None:
        return None
    return SignOff(
        signed_by=meeting["signed_by"],
        position=_localized(meeting["position_kk"], meeting["position_ru"]),
        signed_at=meeting["signed_at"],
    )


async def protocol_of(
    db: AsyncSession, meeting_id: uuid.UUID, sign_off: SignOff | None = None
) -> Protocol:
    """The meeting's protocol from the read models (with ``sign_off``: as it will be signed)."""
    meeting = await queries.meeting(db, meeting_id)
    if meeting is None:
        raise MeetingNotFound(None, resource="meeting", id=str(meeting_id))
    return build_protocol(
        meeting,
        await queries.agenda(db, meeting_id),
        await queries.attendance(db, meeting_id),
        await queries.meeting_resolutions(db, meeting_id),
        sign_off or sign_off_of(meeting),
    )


_STORE = text(
    "INSERT INTO protocol_documents (meeting_id, lang, format, content, sha256)"
    " VALUES (:id, :lang, :format, :content, :sha)"
)
_STORED = text(
    "SELECT content, sha256 FROM protocol_documents"
    " WHERE meeting_id = :id AND lang = :lang AND format = :format"
)


async def store_signed(
    db: AsyncSession, meeting_id: uuid.UUID, documents: Mapping[tuple[str, str], bytes]
) -> None:
    for (lang, fmt), content in documents.items():
        await db.execute(
            _STORE,
            {"id": meeting_id, "lang": lang, "format": fmt, "content": content,
             "sha": digest(content)},
        )  # fmt: skip


async def signed_document(
    db: AsyncSession, meeting_id: uuid.UUID, digests: Mapping[str, str], lang: str, fmt: str
) -> bytes | None:
    """The bytes as signed, checked against the digest the sign-off recorded."""
    row = (await db.execute(_STORED, {"id": meeting_id, "lang": lang, "format": fmt})).first()
    if row is None:
        return None
    expected = digests[f"{lang}_{fmt}"]
    content = bytes(row.content)
    if digest(content) != expected or row.sha256 != expected:
        raise ProtocolTampered(None, meeting_id=str(meeting_id), lang=lang, format=fmt)
    return content


def signed_at_now(now: datetime) -> datetime:
    """The sign-off instant as stored (whole seconds): the document shows it to the minute."""
    return now.replace(microsecond=0)
