"""The council's messages in Kazakh, Russian and English; the composition root registers them
(``create_service_app(messages=CATALOGUES)``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, cast

from shared.i18n import Language

Catalogue = Mapping[str, Mapping[Language, str]]


def _titled(
    code: str, title: tuple[str, str, str], text: tuple[str, str, str]
) -> dict[str, dict[str, str]]:
    return {
        f"title.{code}": dict(zip(("kk", "ru", "en"), title, strict=True)),
        code: dict(zip(("kk", "ru", "en"), text, strict=True)),
    }


def _plain(text: tuple[str, str, str]) -> dict[str, str]:
    return dict(zip(("kk", "ru", "en"), text, strict=True))


MESSAGES: dict[str, dict[str, str]] = {
    # -- refusals under a rule (the rule is appended by the problem's detail) ---------------
    "council_consent_required": _plain(
        (
            "Төраға орынбасары Кеңес отырысын тек Төрағаның келісімімен шақырады; келісім көрсетілмеген ({rule}).",
            "Заместитель Председателя созывает заседание Совета только с согласия Председателя; согласие не указано ({rule}).",
            "A Deputy Chairman convenes the Council only with the Chairman's consent; no consent was given ({rule}).",
        )
    ),
    "council_not_entitled_to_convene": _plain(
        (
            "Кеңес отырысын Төраға немесе оның келісімімен Төраға орынбасарлары шақырады ({rule}).",
            "Заседание Совета созывает Председатель или, с его согласия, заместители Председателя ({rule}).",
            "The Council is convened by the Chairman, or by the Deputy Chairmen with his consent ({rule}).",
        )
    ),
    "council_quorum_not_present": _plain(
        (
            "Кеңес отырысында кворум жоқ: {total} мүшеден {present} мүше қатысып отыр, кемінде {required} мүше қажет ({rule}).",
            "Нет кворума заседания Совета: присутствуют {present} из {total} членов, требуется не менее {required} ({rule}).",
            "The Council meeting has no quorum: {present} of {total} members present, at least {required} required ({rule}).",
        )
    ),
    "not_a_council_member": _plain(
        (
            "Бұл адам {day} күні Кеңес мүшесі емес ({rule}).",
            "Это лицо не является членом Совета на {day} ({rule}).",
            "This person is not a member of the Council on {day} ({rule}).",
        )
    ),
    "not_in_poll_electorate": _plain(
        (
            "Сырттай дауыс беру басталған күні сіз Кеңес мүшесі болмадыңыз, сондықтан дауыс бере алмайсыз ({rule}).",
            "Вы не были членом Совета в день начала заочного голосования и не голосуете ({rule}).",
            "You were not a Council member on the day the written poll opened and cannot vote ({rule}).",
        )
    ),
    "senate_candidates_not_five": _plain(
        (
            "Кеңес Сенат депутаттығына {seats} кандидатура ұсынады; берілгені: {given} ({rule}).",
            "Совет предлагает {seats} кандидатур в депутаты Сената; указано: {given} ({rule}).",
            "The Council proposes {seats} candidates for the Senate; {given} given ({rule}).",
        )
    ),
    "too_many_deputy_chairmen": _plain(
        (
            "Кеңес ұсынымы бойынша Төрағаның {seats} орынбасары ғана тағайындалады; ұсынылғаны: {given} ({rule}).",
            "По рекомендации Совета назначаются только {seats} заместителя Председателя; рекомендовано: {given} ({rule}).",
            "Only {seats} Deputy Chairmen are appointed on the Council's recommendation; {given} recommended ({rule}).",
        )
    ),
    "candidacy_not_awaiting_review": _plain(
        (
            "Бұл кандидатура Кеңестің қарауын күтіп тұрған жоқ: ол ұсынылмаған немесе қаралған ({rule}).",
            "Эта кандидатура не ожидает рассмотрения Советом: она не выдвинута или уже рассмотрена ({rule}).",
            "This candidacy is not awaiting the Council's review: not nominated, or reviewed already ({rule}).",
        )
    ),
    # -- invalid input ------------------------------------------------------------------------
    "council_duplicate_person": _plain(
        (
            "Бір адам бір шешімде екі рет аталған.",
            "Одно лицо указано в решении дважды.",
            "One person is named twice in one resolution.",
        )
    ),
    "council_member_id_required": _plain(
        (
            "Төраға орынбасарлығына Ассамблея мүшесі ғана ұсынылады: ұсынылатын мүшені көрсетіңіз.",
            "На должность заместителя Председателя рекомендуется только член Ассамблеи: укажите рекомендуемого члена.",
            "Only an Assembly member is recommended as Deputy Chairman: name the member recommended.",
        )
    ),
    "council_votes_exceed_present": _plain(
        (
            "Дауыстар саны ({votes}) қатысып отырғандар санынан ({present}) артық.",
            "Голосов ({votes}) больше, чем присутствующих ({present}).",
            "More votes ({votes}) than members present ({present}).",
        )
    ),
    "council_count_exceeds_members": _plain(
        (
            "Саны ({count}) Кеңес мүшелерінің санынан ({members}) артық.",
            "Число ({count}) больше числа членов Совета ({members}).",
            "The count ({count}) exceeds the number of Council members ({members}).",
        )
    ),
    "council_total_differs": _plain(
        (
            "Хаттамада Кеңестің {stated} мүшесі көрсетілген, ал {day} күнгі құрамда {composition} мүше бар.",
            "В протоколе указано {stated} членов Совета, а в составе на {day} их {composition}.",
            "The protocol states {stated} Council members; the composition of {day} has {composition}.",
        )
    ),
    "council_total_unknown": _plain(
        (
            "{day} күнгі Кеңес құрамы белгісіз: хаттамадағы Кеңес мүшелерінің жалпы санын көрсетіңіз.",
            "Состав Совета на {day} неизвестен: укажите общее число членов Совета по протоколу.",
            "The Council's composition on {day} is unknown: give the total number of its members the protocol states.",
        )
    ),
    "council_meeting_in_future": _plain(
        (
            "Отырыс {held_on} күні өтеді: ол күнге дейін ашылмайды.",
            "Заседание назначено на {held_on}: до этого дня оно не открывается.",
            "The meeting is on {held_on}: it cannot be opened before that day.",
        )
    ),
    "council_date_too_early": _plain(
        (
            "{field} күні {earliest} күнінен ерте болмауы тиіс.",
            "Дата {field} не может быть ранее {earliest}.",
            "The date {field} cannot be earlier than {earliest}.",
        )
    ),
    "written_poll_deadline_not_later": _plain(
        (
            "Сұрау салу мерзімі оның ашылу уақытынан кейін болуы тиіс.",
            "Срок опроса должен быть позже момента его начала.",
            "A written poll's deadline must be after its opening.",
        )
    ),
    "date_in_future": _plain(
        (
            "{field} күні ({day}) әлі келмеген: болашақ күнмен жазуға болмайды.",
            "Дата {field} ({day}) ещё не наступила: записывать будущей датой нельзя.",
            "The date {field} ({day}) is in the future: acts cannot be recorded ahead of time.",
        )
    ),
    "members_act_for_themselves": _plain(
        (
            "Ассамблея мүшесі тек өз атынан әрекет етеді.",
            "Член Ассамблеи действует только от своего имени.",
            "A member of the Assembly acts only for themself.",
        )
    ),
    "state_body_not_assigned": _plain(
        (
            "Мемлекеттік орган тек өзіне жүктелген тапсырмалар бойынша әрекет етеді.",
            "Государственный орган действует только по поручениям, данным ему.",
            "A state body acts only on the assignments given to it.",
        )
    ),
    "council_body_mismatch": _plain(
        (
            "{assembly} ассамблеясының кеңесі — {expected}, {body} емес.",
            "Совет ассамблеи {assembly} — это {expected}, а не {body}.",
            "The council of assembly {assembly} is {expected}, not {body}.",
        )
    ),
    "senate_proposal_not_regional": _plain(
        (
            "Сенат депутаттығына кандидатуралар туралы ұсыныстарды Кеңеске өңір ассамблеялары дайындайды; {assembly} — өңір ассамблеясы емес ({rule}).",
            "Предложения по кандидатурам в депутаты Сената готовят для Совета ассамблеи регионов; {assembly} — не ассамблея региона ({rule}).",
            "Proposals of Senate candidates for the Council come from the regional assemblies; {assembly} is not one ({rule}).",
        )
    ),
    "council_power_national_only": _plain(
        (
            "Бұл шешім ({kind}) — Ассамблея Кеңесінің өкілеттігі, {assembly} кеңесінікі емес ({rule}).",
            "Это решение ({kind}) — полномочие Совета Ассамблеи, а не совета {assembly} ({rule}).",
            "This decision ({kind}) is a power of the Assembly's Council, not of the council of {assembly} ({rule}).",
        )
    ),
    "senate_proposals_national_council": _plain(
        (
            "Сенат депутаттығына кандидатураларды Ассамблея Кеңесі ұсынады; {assembly} кеңесі емес ({rule}).",
            "Кандидатуры в депутаты Сената предлагает Совет Ассамблеи, а не совет {assembly} ({rule}).",
            "The Assembly's Council proposes the Senate candidates, not the council of {assembly} ({rule}).",
        )
    ),
}
for code, title, text in (
    (
        "meeting_not_found",
        ("Отырыс табылмады", "Заседание не найдено", "Meeting not found"),
        ("Мұндай отырыс жоқ.", "Такого заседания нет.", "There is no such meeting."),
    ),
    (
        "resolution_not_found",
        ("Кеңестің шешімі табылмады", "Решение Совета не найдено", "Resolution not found"),
        (
            "Кеңестің мұндай шешімі жоқ.",
            "Такого решения Совета нет.",
            "There is no such resolution of the Council.",
        ),
    ),
    (
        "control_card_not_found",
        (
            "Бақылау карточкасы табылмады",
            "Контрольная карточка не найдена",
            "Control card not found",
        ),
        (
            "Мұндай бақылау карточкасы жоқ.",
            "Такой контрольной карточки нет.",
            "There is no such control card.",
        ),
    ),
    (
        "assignment_not_found",
        ("Тапсырма табылмады", "Поручение не найдено", "Assignment not found"),
        ("Мұндай тапсырма жоқ.", "Такого поручения нет.", "There is no such assignment."),
    ),
    (
        "council_agenda_item_not_found",
        ("Күн тәртібінің мәселесі табылмады", "Вопрос повестки не найден", "Agenda item not found"),
        (
            "Отырыстың күн тәртібінде мұндай мәселе жоқ.",
            "В повестке заседания нет такого вопроса.",
            "The meeting's agenda has no such item.",
        ),
    ),
    (
        "senate_proposal_not_found",
        ("Ұсыныс табылмады", "Предложение не найдено", "Proposal not found"),
        (
            "Сенат депутаттығына кандидатура туралы мұндай ұсыныс жоқ.",
            "Такого предложения по кандидатуре в депутаты Сената нет.",
            "There is no such Senate-candidate proposal.",
        ),
    ),
    (
        "senate_proposal_not_pending",
        ("Ұсыныс қаралуда", "Предложение уже в повестке", "Proposal already on an agenda"),
        (
            "Бұл ұсыныс Кеңес отырысының күн тәртібіне енгізілген.",
            "Это предложение уже внесено в повестку заседания Совета.",
            "This proposal is already on a Council meeting's agenda.",
        ),
    ),
    (
        "council_agenda_closed",
        ("Күн тәртібі жабық", "Повестка закрыта", "Agenda closed"),
        (
            "Отырыс жабылды: оның күн тәртібіне мәселе енгізілмейді.",
            "Заседание закрыто: в его повестку вопросы не вносятся.",
            "The meeting is closed: no item joins its agenda.",
        ),
    ),
    (
        "meeting_not_open",
        ("Отырыс ашық емес", "Заседание не открыто", "Meeting not open"),
        (
            "Бұл отырыс ашық емес.",
            "Это заседание не открыто.",
            "This meeting is not open.",
        ),
    ),
    (
        "meeting_already_opened",
        ("Отырыс ашылған", "Заседание уже открыто", "Meeting already opened"),
        (
            "Бұл отырыс ашылып қойған.",
            "Это заседание уже открыто.",
            "This meeting has already been opened.",
        ),
    ),
    (
        "protocol_already_signed_off",
        ("Хаттамаға қол қойылған", "Протокол подписан", "Protocol signed"),
        (
            "Бұл отырыстың хаттамасына қол қойылған: ол енді өзгермейді.",
            "Протокол этого заседания подписан и больше не изменяется.",
            "The protocol of this meeting is signed and never changes.",
        ),
    ),
    (
        "council_attendance_already_recorded",
        ("Қатысу тіркелген", "Присутствие уже отмечено", "Attendance already recorded"),
        (
            "Бұл Кеңес мүшесі қатысып отыр деп тіркелген.",
            "Этот член Совета уже отмечен присутствующим.",
            "This Council member is already recorded present.",
        ),
    ),
    (
        "council_attendance_not_recorded",
        ("Қатысу тіркелмеген", "Присутствие не отмечено", "Attendance not recorded"),
        (
            "Бұл Кеңес мүшесі қатысып отыр деп тіркелмеген.",
            "Этот член Совета не отмечен присутствующим.",
            "This Council member is not recorded present.",
        ),
    ),
    (
        "council_item_already_decided",
        ("Мәселе шешілген", "Вопрос уже решён", "Item already decided"),
        (
            "Бұл мәселе бойынша дауыс беру өткен.",
            "По этому вопросу голосование уже проведено.",
            "This item has already been voted on.",
        ),
    ),
    (
        "written_poll_not_open",
        ("Сұрау салу жабық", "Опрос закрыт", "Written poll closed"),
        (
            "Бұл сырттай дауыс беру жабылған.",
            "Это заочное голосование закрыто.",
            "This written poll is closed.",
        ),
    ),
    (
        "written_poll_deadline_passed",
        ("Сұрау салу мерзімі өтті", "Срок опроса истёк", "Poll deadline passed"),
        (
            "Сырттай дауыс беру мерзімі {deadline} өтті.",
            "Срок заочного голосования истёк {deadline}.",
            "The written poll closed for votes at {deadline}.",
        ),
    ),
    (
        "written_poll_deadline_not_reached",
        ("Мерзім әлі келмеген", "Срок ещё не наступил", "Deadline not reached"),
        (
            "Сұрау салу {deadline} дейін жалғасады; нәтиже өзгермейтін болса, өзі жабылады.",
            "Опрос идёт до {deadline}; он закроется сам, когда исход уже не сможет измениться.",
            "The poll runs until {deadline}; it closes by itself once the outcome cannot change.",
        ),
    ),
    (
        "council_already_voted",
        ("Дауыс берілген", "Голос уже подан", "Already voted"),
        (
            "Сіз бұл сырттай дауыс беруде дауыс беріп қойдыңыз.",
            "Вы уже проголосовали в этом заочном голосовании.",
            "You have already voted in this written poll.",
        ),
    ),
    (
        "assignment_completed",
        ("Тапсырма орындалған", "Поручение исполнено", "Assignment completed"),
        (
            "Бұл тапсырма бойынша есеп қабылданған.",
            "Отчёт по этому поручению уже принят.",
            "The report on this assignment has been accepted.",
        ),
    ),
    (
        "report_pending",
        ("Есеп қаралуда", "Отчёт на рассмотрении", "Report under review"),
        (
            "Бұл тапсырма бойынша есеп Хатшылықтың қарауында.",
            "Отчёт по этому поручению на рассмотрении Секретариата.",
            "A report on this assignment awaits the Secretariat's review.",
        ),
    ),
    (
        "no_report_pending",
        ("Қаралатын есеп жоқ", "Нет отчёта на рассмотрении", "No report under review"),
        (
            "Бұл тапсырма бойынша қаралатын есеп жоқ.",
            "По этому поручению нет отчёта на рассмотрении.",
            "No report on this assignment awaits review.",
        ),
    ),
    (
        "control_card_closed",
        ("Карточка жабылған", "Карточка закрыта", "Card closed"),
        (
            "Бұл бақылау карточкасы жабылған: шешім орындалды.",
            "Эта контрольная карточка закрыта: решение исполнено.",
            "This control card is closed: the decision is carried out.",
        ),
    ),
):
    MESSAGES.update(_titled(code, title, text))

CATALOGUES: Final[tuple[Catalogue, ...]] = (cast("Catalogue", MESSAGES),)
