"""The council's messages in Kazakh, Russian and English, added to the shared catalogue."""

from __future__ import annotations

from shared.i18n import register_messages


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
            "Кеңес отырысында кворум жоқ: {total} мүшенің {present} қатысып отыр, кемінде {required} қажет ({rule}).",
            "Нет кворума заседания Совета: присутствуют {present} из {total} членов, требуется не менее {required} ({rule}).",
            "The Council meeting has no quorum: {present} of {total} members present, at least {required} required ({rule}).",
        )
    ),
    "not_a_council_member": _plain(
        (
            "{member_id} {day} күні Кеңес мүшесі емес ({rule}).",
            "{member_id} не является членом Совета на {day} ({rule}).",
            "{member_id} is not a member of the Council on {day} ({rule}).",
        )
    ),
    "not_in_poll_electorate": _plain(
        (
            "{member_id} сұрау салу ашылған күні Кеңес мүшесі болмаған: дауыс бере алмайды ({rule}).",
            "{member_id} не был членом Совета в день начала опроса и не голосует ({rule}).",
            "{member_id} was not a Council member on the day the poll opened and cannot vote ({rule}).",
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
            "{member_id} кандидатурасы Кеңестің қарауын күтіп тұрған жоқ (ұсынылмаған немесе қаралған) ({rule}).",
            "Кандидатура {member_id} не ожидает рассмотрения Советом (не выдвинута или уже рассмотрена) ({rule}).",
            "The candidacy {member_id} is not awaiting the Council's review (not nominated, or reviewed already) ({rule}).",
        )
    ),
    # -- invalid input ------------------------------------------------------------------------
    "council_duplicate_person": _plain(
        (
            "{member_id} бір шешімде екі рет аталған.",
            "{member_id} указан в решении дважды.",
            "{member_id} is named twice in one resolution.",
        )
    ),
    "council_member_id_required": _plain(
        (
            "Төраға орынбасарлығына Ассамблея мүшесі ғана ұсынылады: member_id көрсетіңіз.",
            "На должность заместителя Председателя рекомендуется член Ассамблеи: укажите member_id.",
            "Only an Assembly member is recommended as Deputy Chairman: give the member_id.",
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
}
for code, title, text in (
    (
        "meeting_not_found",
        ("Отырыс табылмады", "Заседание не найдено", "Meeting not found"),
        ("{id} отырысы жоқ.", "Заседания {id} не существует.", "There is no meeting {id}."),
    ),
    (
        "resolution_not_found",
        ("Қаулы табылмады", "Решение не найдено", "Resolution not found"),
        ("{id} шешімі жоқ.", "Решения {id} не существует.", "There is no resolution {id}."),
    ),
    (
        "control_card_not_found",
        (
            "Бақылау карточкасы табылмады",
            "Контрольная карточка не найдена",
            "Control card not found",
        ),
        (
            "{id} бақылау карточкасы жоқ.",
            "Контрольной карточки {id} не существует.",
            "There is no control card {id}.",
        ),
    ),
    (
        "assignment_not_found",
        ("Тапсырма табылмады", "Поручение не найдено", "Assignment not found"),
        ("{id} тапсырмасы жоқ.", "Поручения {id} не существует.", "There is no assignment {id}."),
    ),
    (
        "council_agenda_item_not_found",
        ("Күн тәртібінің мәселесі табылмады", "Вопрос повестки не найден", "Agenda item not found"),
        (
            "Отырыстың күн тәртібінде {id} мәселесі жоқ.",
            "В повестке заседания нет вопроса {id}.",
            "The meeting's agenda has no item {id}.",
        ),
    ),
    (
        "meeting_not_open",
        ("Отырыс ашық емес", "Заседание не открыто", "Meeting not open"),
        (
            "{meeting_id} отырысы ашық емес.",
            "Заседание {meeting_id} не открыто.",
            "The meeting {meeting_id} is not open.",
        ),
    ),
    (
        "meeting_already_opened",
        ("Отырыс ашылған", "Заседание уже открыто", "Meeting already opened"),
        (
            "{meeting_id} отырысы ашылып қойған.",
            "Заседание {meeting_id} уже открыто.",
            "The meeting {meeting_id} has already been opened.",
        ),
    ),
    (
        "meeting_not_closed",
        ("Отырыс жабылмаған", "Заседание не закрыто", "Meeting not closed"),
        (
            "Хаттамаға {meeting_id} отырысы жабылғаннан кейін қол қойылады.",
            "Протокол подписывается после закрытия заседания {meeting_id}.",
            "The protocol is signed off once the meeting {meeting_id} is closed.",
        ),
    ),
    (
        "protocol_already_signed_off",
        ("Хаттамаға қол қойылған", "Протокол подписан", "Protocol signed off"),
        (
            "{meeting_id} отырысының хаттамасына қол қойылған: ол енді өзгермейді.",
            "Протокол заседания {meeting_id} подписан и больше не изменяется.",
            "The protocol of the meeting {meeting_id} is signed off and never changes.",
        ),
    ),
    (
        "protocol_integrity_failed",
        (
            "Хаттаманың тұтастығы бұзылған",
            "Нарушена целостность протокола",
            "Protocol integrity failed",
        ),
        (
            "{meeting_id} хаттамасының сақталған нұсқасы қол қойылған кездегі дайджестке сәйкес келмейді.",
            "Сохранённая версия протокола {meeting_id} не совпадает с дайджестом, записанным при подписании.",
            "The stored rendering of the protocol {meeting_id} does not match the digest recorded at sign-off.",
        ),
    ),
    (
        "council_attendance_already_recorded",
        ("Қатысу тіркелген", "Присутствие уже отмечено", "Attendance already recorded"),
        (
            "{member_id} қатысып отыр деп тіркелген.",
            "{member_id} уже отмечен присутствующим.",
            "{member_id} is already recorded present.",
        ),
    ),
    (
        "council_attendance_not_recorded",
        ("Қатысу тіркелмеген", "Присутствие не отмечено", "Attendance not recorded"),
        (
            "{member_id} қатысып отыр деп тіркелмеген.",
            "{member_id} не отмечен присутствующим.",
            "{member_id} is not recorded present.",
        ),
    ),
    (
        "council_item_already_decided",
        ("Мәселе шешілген", "Вопрос уже решён", "Item already decided"),
        (
            "{item_id} мәселесі бойынша дауыс беру өткен.",
            "По вопросу {item_id} голосование уже проведено.",
            "The item {item_id} has already been voted on.",
        ),
    ),
    (
        "written_poll_not_open",
        ("Сұрау салу жабық", "Опрос закрыт", "Written poll closed"),
        (
            "{resolution_id} сұрау салуы жабылған.",
            "Опрос {resolution_id} закрыт.",
            "The written poll {resolution_id} is closed.",
        ),
    ),
    (
        "written_poll_deadline_passed",
        ("Сұрау салу мерзімі өтті", "Срок опроса истёк", "Poll deadline passed"),
        (
            "{resolution_id} сұрау салуының мерзімі {deadline} өтті.",
            "Срок опроса {resolution_id} истёк {deadline}.",
            "The written poll {resolution_id} closed for votes at {deadline}.",
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
            "{member_id} бұл сұрау салуда дауыс беріп қойған.",
            "{member_id} уже проголосовал в этом опросе.",
            "{member_id} has already voted in this poll.",
        ),
    ),
    (
        "assignment_completed",
        ("Тапсырма орындалған", "Поручение исполнено", "Assignment completed"),
        (
            "{assignment_id} тапсырмасы бойынша есеп қабылданған.",
            "Отчёт по поручению {assignment_id} уже принят.",
            "The report on the assignment {assignment_id} has been accepted.",
        ),
    ),
    (
        "report_pending",
        ("Есеп қаралуда", "Отчёт на рассмотрении", "Report under review"),
        (
            "{assignment_id} тапсырмасы бойынша есеп Хатшылықтың қарауында.",
            "Отчёт по поручению {assignment_id} на рассмотрении Секретариата.",
            "A report on the assignment {assignment_id} awaits the Secretariat's review.",
        ),
    ),
    (
        "no_report_pending",
        ("Қаралатын есеп жоқ", "Нет отчёта на рассмотрении", "No report under review"),
        (
            "{assignment_id} тапсырмасы бойынша қаралатын есеп жоқ.",
            "По поручению {assignment_id} нет отчёта на рассмотрении.",
            "No report on the assignment {assignment_id} awaits review.",
        ),
    ),
    (
        "control_card_closed",
        ("Карточка жабылған", "Карточка закрыта", "Card closed"),
        (
            "{card_id} бақылау карточкасы жабылған: шешім орындалды.",
            "Контрольная карточка {card_id} закрыта: решение исполнено.",
            "The control card {card_id} is closed: the decision is carried out.",
        ),
    ),
):
    MESSAGES.update(_titled(code, title, text))

register_messages(MESSAGES)  # type: ignore[arg-type]
