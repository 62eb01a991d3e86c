"""The protocol (хаттама / протокол) of a Council meeting (Reg2024 §15: "Кеңестің шешімі
хаттамамен ресімделеді"), rendered in Kazakh and Russian from the same template as a Session's
sitting (``shared.protocols``).

Everything it says comes from events: the meeting's (convening, opening and closing times,
attendance with the names recorded that day, who was absent, fixed at the closing), its
resolutions' (each vote: counts, members present, votes required and the rule, the full text of
the decision with its typed content, an award's statute included) and its protocol record's
(chair, secretary, place in both languages, reporters and speakers, guests, sign-off). A
rejected draft is printed as put to the vote, never as a decision. Lists of names are annexes.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from services.council import projections
from services.council.application.meetings import council_of, meetings
from services.council.domain.errors import MeetingNotFound, ProtocolAlreadySignedOff
from services.council.domain.meeting import Meeting, MeetingStatus
from services.council.domain.meeting_record import MeetingProtocol
from services.council.projections import composition
from shared.application import UnitOfWork
from shared.assemblies import ensure_may_act_for
from shared.citations import cite
from shared.protocols import (
    Agenda,
    AgendaItem,
    Annex,
    Attendance,
    KeyValue,
    Localized,
    Protocol,
    ProtocolLanguage,
    SignOff,
    Table,
    VoteResult,
    format_date,
)
from shared.protocols import projection as records
from shared.protocols.commands import ProtocolCommands, SignCorrigendum
from shared.protocols.lists import guests_table, people_table, person_line, signatory
from shared.protocols.record import Name, ProtocolRecord, SittingState
from shared.rulebooks import provisional

BODY_NAMES: Final[dict[str, Localized]] = {
    "council": Localized(
        kk="Қазақстан халқы Ассамблеясының Кеңесі", ru="Совет Ассамблеи народа Казахстана"
    ),
}
REGION_NAMES: Final[dict[str, Localized]] = {
    "abai": Localized(kk="Абай облысы", ru="область Абай"),
    "akmola": Localized(kk="Ақмола облысы", ru="Акмолинская область"),
    "aktobe": Localized(kk="Ақтөбе облысы", ru="Актюбинская область"),
    "almaty_region": Localized(kk="Алматы облысы", ru="Алматинская область"),
    "atyrau": Localized(kk="Атырау облысы", ru="Атырауская область"),
    "west_kazakhstan": Localized(kk="Батыс Қазақстан облысы", ru="Западно-Казахстанская область"),
    "zhambyl": Localized(kk="Жамбыл облысы", ru="Жамбылская область"),
    "zhetisu": Localized(kk="Жетісу облысы", ru="область Жетісу"),
    "karaganda": Localized(kk="Қарағанды облысы", ru="Карагандинская область"),
    "kostanay": Localized(kk="Қостанай облысы", ru="Костанайская область"),
    "kyzylorda": Localized(kk="Қызылорда облысы", ru="Кызылординская область"),
    "mangystau": Localized(kk="Маңғыстау облысы", ru="Мангистауская область"),
    "pavlodar": Localized(kk="Павлодар облысы", ru="Павлодарская область"),
    "north_kazakhstan": Localized(
        kk="Солтүстік Қазақстан облысы", ru="Северо-Казахстанская область"
    ),
    "turkistan": Localized(kk="Түркістан облысы", ru="Туркестанская область"),
    "ulytau": Localized(kk="Ұлытау облысы", ru="область Ұлытау"),
    "east_kazakhstan": Localized(kk="Шығыс Қазақстан облысы", ru="Восточно-Казахстанская область"),
    "astana": Localized(kk="Астана қаласы", ru="город Астана"),
    "almaty_city": Localized(kk="Алматы қаласы", ru="город Алматы"),
    "shymkent": Localized(kk="Шымкент қаласы", ru="город Шымкент"),
}
"""The regions whose assemblies hold councils of their own (Law 2008 Art. 14), as membership's
reference data names them."""
TITLE: Final = Localized(kk="Кеңес отырысының", ru="заседания Совета")
CONVENED_BY: Final[dict[str, Localized]] = {
    "chairman": Localized(kk="Ассамблея Төрағасы", ru="Председатель Ассамблеи"),
    "deputy_chairman": Localized(
        kk="Ассамблея Төрағасының орынбасары, Төрағаның келісімімен",
        ru="заместитель Председателя Ассамблеи с согласия Председателя",
    ),
    "regional_assembly": Localized(kk="Өңір ассамблеясы", ru="Ассамблея региона"),
}
KIND_NAMES: Final[dict[str, Localized]] = {
    "candidacy_review": Localized(
        kk="Ассамблея мүшелігіне кандидатураларды қарау",
        ru="Рассмотрение кандидатур в члены Ассамблеи",
    ),
    "senate_candidates": Localized(
        kk="Сенат депутаттығына кандидатуралар бойынша ұсыныстар",
        ru="Предложения по кандидатурам в депутаты Сената",
    ),
    "next_session": Localized(
        kk="Кезекті сессияны шақыру және оның күн тәртібі туралы ұсыныстар",
        ru="Предложения о созыве очередной сессии и её повестке дня",
    ),
    "work_plan": Localized(
        kk="Хатшылықтың жұмыс жоспарына ұсыныстар", ru="Предложения в план работы Секретариата"
    ),
    "public_award": Localized(
        kk="Қоғамдық наградаларды тағайындау және олар туралы ережелерді бекіту",
        ru="Учреждение общественных наград и утверждение положений о них",
    ),
    "deputy_chairman_recommendation": Localized(
        kk="Төраға орынбасарлығына ұсыным", ru="Рекомендация на должность заместителя Председателя"
    ),
    "other": Localized(kk="Өзге шешім", ru="Иное решение"),
}
RECOMMENDED: Final[dict[bool, Localized]] = {
    True: Localized(kk="ұсынылды", ru="рекомендуется"),
    False: Localized(kk="ұсынылмады", ru="не рекомендуется"),
}


def body_name(body: str) -> Localized:
    """The council's name: the Assembly's, or a regional assembly's (``regional_assembly.<region>``,
    Law 2008 Art. 14) with its region."""
    region = REGION_NAMES.get(body.removeprefix("regional_assembly."))
    if region is not None:
        return Localized(
            kk=f"{region.kk} Қазақстан халқы ассамблеясының кеңесі",
            ru=f"Совет ассамблеи народа Казахстана — {region.ru}",
        )
    return BODY_NAMES.get(body, Localized(kk=f"Кеңес ({body})", ru=f"Совет ({body})"))


def _numbered(lines: Sequence[str]) -> list[str]:
    return [f"{n}) {line}" for n, line in enumerate(lines, start=1)]


def _content_lines(content: Mapping[str, Any], lang: ProtocolLanguage) -> list[str]:
    """The typed content of a resolution in one language: names, dates and items in words."""
    kind = content.get("kind")
    if kind == "candidacy_review":
        return [
            f"{r['name'][lang] if r.get('name') else '—'} — "
            + RECOMMENDED[r["recommended"]].pick(lang)
            for r in content["reviews"]
        ]
    if kind in ("senate_candidates", "deputy_chairman_recommendation"):
        people = content["candidates" if kind == "senate_candidates" else "recommended"]
        return _numbered([p["name"][lang] for p in people])
    if kind == "next_session":
        lines = []
        if when := content.get("proposed_opens_on"):
            from datetime import date

            day = format_date(date.fromisoformat(str(when)), lang)
            lines.append(
                f"Сессияны шақыру ұсынылатын күн: {day}."
                if lang == "kk"
                else f"Предлагаемая дата созыва сессии: {day}"  # "… 2027 г."
            )
        lines.append("Күн тәртібі:" if lang == "kk" else "Повестка дня:")
        return lines + _numbered([t[lang] for t in content["agenda"]])
    if kind == "work_plan":
        return _numbered([t[lang] for t in content["items"]])
    if kind == "public_award":
        award = content["award"][lang]
        heading = f"{award} туралы ереже:" if lang == "kk" else f"Положение о награде ({award}):"
        return [heading, content["statute"][lang]]
    return []


def decision_text(resolution: Mapping[str, Any]) -> Localized:
    """The full text of a resolution (the decision adopted, or the draft put to the vote)."""
    kind = KIND_NAMES[resolution["kind"]]
    texts = {}
    for lang in ("kk", "ru"):
        lines = [f"{kind.pick(lang)}.", resolution[f"text_{lang}"]]
        texts[lang] = "\n".join(lines + _content_lines(resolution["content"], lang))
    return Localized(kk=texts["kk"], ru=texts["ru"])


def names_table(people: Sequence[tuple[str, Localized]]) -> Table:
    """Council members (member id, name): surname first, namesakes numbered."""
    return people_table([(key, name, None, ()) for key, name in people])


def build_protocol(
    meeting: Mapping[str, Any],
    agenda: Sequence[Mapping[str, Any]],
    attendance: Sequence[Mapping[str, Any]],
    resolutions: Sequence[Mapping[str, Any]],
    record: Mapping[str, Any],
    speakers: Sequence[Mapping[str, Any]],
    guests: Sequence[Mapping[str, Any]],
    sign_off: SignOff | None,
) -> Protocol:
    """The protocol of one meeting, from its read-model rows. Pure."""
    present = [a for a in attendance if a["present"]]
    present_names = [
        (str(a["member_id"]), Localized(kk=a["name_kk"], ru=a["name_ru"])) for a in present
    ]
    absent_names = [
        (str(a.get("member_id")), Localized(kk=a["name"]["kk"], ru=a["name"]["ru"]))
        for a in meeting.get("absent") or []
    ]
    annexes = [
        Annex(
            title=Localized(
                kk="Кеңес отырысына қатысқан Кеңес мүшелерінің тізімі",
                ru="Список членов Совета, присутствовавших на заседании",
            ),
            content=(names_table(present_names),),
        )
    ]
    absent_annex = None
    if absent_names:
        annexes.append(
            Annex(
                title=Localized(
                    kk="Кеңес отырысына қатыспаған Кеңес мүшелерінің тізімі",
                    ru="Список членов Совета, отсутствовавших на заседании",
                ),
                content=(names_table(absent_names),),
            )
        )
        absent_annex = len(annexes)
    facts = [
        KeyValue(
            key=Localized(kk="Шақырған", ru="Созвано"), value=CONVENED_BY[meeting["convened_by"]]
        )
    ]
    if meeting["consent_reference"]:
        given = meeting["consent_given_on"]
        facts.append(
            KeyValue(
                key=Localized(kk="Төрағаның келісімі", ru="Согласие Председателя"),
                value=Localized(
                    kk=f"{meeting['consent_reference']}, {format_date(given, 'kk')}",
                    ru=f"{meeting['consent_reference']}, {format_date(given, 'ru')}",
                ),
            )
        )
    if meeting["convening_rule"]:
        facts.append(
            KeyValue(
                key=Localized(kk="Шақыру негізі", ru="Основание созыва"),
                value=Localized(
                    kk=cite(meeting["convening_rule"], "kk"),
                    ru=cite(meeting["convening_rule"], "ru"),
                ),
            )
        )
    if meeting["source_number"]:  # recorded afterwards from its protocol
        source_date = meeting["source_date"]
        facts.append(
            KeyValue(
                key=Localized(kk="Хаттамадан енгізілді", ru="Внесено по протоколу"),
                value=Localized(
                    kk=f"№ {meeting['source_number']}, {format_date(source_date, 'kk')}",
                    ru=f"№ {meeting['source_number']}, {format_date(source_date, 'ru')}",
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
    by_item = {r["item_id"]: r for r in resolutions}
    items = []
    for row in agenda:
        decided = by_item.get(row["item_id"])
        mine = [s for s in speakers if s["item_id"] == row["item_id"]]
        votes: tuple[VoteResult, ...] = ()
        decision = None
        if decided is not None:
            adopted = decided["status"] == "adopted"
            text = decision_text(decided)
            votes = (
                VoteResult(
                    method="open",
                    motion=None if adopted else text,
                    in_favour=decided["votes_for"],
                    against=decided["against"],
                    abstained=decided["abstain"],
                    present=decided["present"],
                    required=decided["required"],
                    adopted=adopted,
                    rule=decided["rule"],
                    provisional=provisional(decided["rulebook"], decided["rule"]),
                ),
            )
            decision = text if adopted else None
        items.append(
            AgendaItem(
                title=Localized(kk=row["title_kk"], ru=row["title_ru"]),
                reporters=tuple(person_line(s) for s in mine if s["role"] == "reporter"),
                speakers=tuple(person_line(s) for s in mine if s["role"] == "speaker"),
                votes=votes,
                decision=decision,
            )
        )
    quorate = meeting["quorate"]
    if quorate is None and meeting["quorum_required"] is not None:
        quorate = len(present) >= meeting["quorum_required"]
    # a meeting recorded from its protocol has the number present it states, not names
    counted = meeting["present"] if meeting["status"] == "recorded" else len(present)
    total = meeting["council_total"] or 0
    place = Localized(kk=meeting["place"], ru=meeting["place"])
    if record.get("place_kk"):
        place = Localized(kk=record["place_kk"], ru=record["place_ru"])
    chair = signatory(record["chair"]) if record.get("chair") else None
    return Protocol(
        kind="council_meeting",
        body=body_name(meeting["body"]),
        title=TITLE,
        number=meeting["number"],
        date=meeting["held_on"],
        place=place,
        opened_at=meeting.get("opened_at"),
        closed_at=meeting.get("closed_at"),
        chair=chair,
        secretary=signatory(record["secretary"]) if record.get("secretary") else None,
        attendance=Attendance(
            present=counted,
            total=max(total, counted),
            quorum=bool(quorate),
            required=meeting["quorum_required"],
            rule=meeting["quorum_rule"],
            present_annex=1,
            absent_annex=absent_annex,
            provisional=provisional(meeting["rulebook"], meeting["quorum_rule"]),
        ),
        facts=tuple(facts),
        content=(Agenda(items=tuple(items)),) if items else (),
        annexes=tuple(annexes),
        sign_off=sign_off,
    )


async def protocol_of(
    db: AsyncSession, meeting_id: uuid.UUID, sign_off: SignOff | None = None
) -> Protocol:
    """The meeting's protocol from the read models (with ``sign_off``: as it will be signed)."""
    meeting = await projections.meetings.meeting(db, meeting_id)
    if meeting is None:
        raise MeetingNotFound(None, resource="meeting", id=str(meeting_id))
    return build_protocol(
        meeting,
        await projections.meetings.agenda(db, meeting_id),
        await projections.meetings.attendance(db, meeting_id),
        await projections.meetings.meeting_resolutions(db, meeting_id),
        await records.record(db, meeting_id) or {},
        await records.speakers(db, meeting_id),
        await records.guests(db, meeting_id),
        sign_off,
    )


_STATES: Final = {MeetingStatus.OPEN: SittingState.OPEN, MeetingStatus.CLOSED: SittingState.CLOSED}


class CouncilSittings:
    """What the protocol commands need to know of a meeting."""

    async def meeting(self, uow: UnitOfWork, meeting_id: uuid.UUID) -> Meeting:
        """The meeting, refused to a regional token of another assembly (``assembly_scope``)."""
        meeting = await meetings.read(uow, str(meeting_id))
        if meeting is None:
            raise MeetingNotFound(None, resource="meeting", id=str(meeting_id))
        ensure_may_act_for(uow.actor, meeting.assembly)
        return meeting

    async def state(self, uow: UnitOfWork, subject_id: uuid.UUID) -> SittingState:
        meeting = await self.meeting(uow, subject_id)
        if meeting.status is MeetingStatus.SIGNED_OFF:
            raise ProtocolAlreadySignedOff(None, meeting_id=meeting.id)
        return _STATES.get(meeting.status or MeetingStatus.CONVENED, SittingState.NOT_OPEN)

    async def agenda(self, uow: UnitOfWork, subject_id: uuid.UUID) -> frozenset[uuid.UUID]:
        meeting = await self.meeting(uow, subject_id)
        return frozenset(item.item_id for item in meeting.agenda)

    async def member_name(
        self, uow: UnitOfWork, subject_id: uuid.UUID, member_id: uuid.UUID
    ) -> Name | None:
        meeting = await self.meeting(uow, subject_id)
        assert meeting.held_on is not None
        council = council_of(meeting)
        name = await composition.member_on(
            uow.db, council.body, council.member_post, member_id, meeting.held_on
        )
        return None if name is None else Name(kk=name["kk"], ru=name["ru"])

    async def protocol(
        self, uow: UnitOfWork, subject_id: uuid.UUID, sign_off: SignOff | None
    ) -> Protocol:
        await self.meeting(uow, subject_id)
        return await protocol_of(uow.db, subject_id, sign_off)


class CouncilProtocolCommands(ProtocolCommands):
    """The protocol commands, each refused first to a regional token of another assembly (403
    ``assembly_scope``): a regional assembly keeps its own council's protocols only."""

    sittings: CouncilSittings

    async def sign_corrigendum(self, command: SignCorrigendum, uow: UnitOfWork) -> ProtocolRecord:
        await self.sittings.meeting(uow, command.subject_id)
        return await super().sign_corrigendum(command, uow)


COMMANDS = CouncilProtocolCommands(MeetingProtocol, CouncilSittings())
