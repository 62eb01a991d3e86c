"""Sessions' messages in Kazakh, Russian and English, added to the shared catalogue."""

from __future__ import annotations

from shared.i18n import register_messages

register_messages(
    {
        "insufficient_notice": {
            "kk": "Сессияның күні, орны және алдын ала күн тәртібі ол ашылардан кемінде {required} күн бұрын жариялануы тиіс; қазір {actual} күн ({rule}).",
            "ru": "Дата, место и предварительная повестка дня сессии объявляются не менее чем за {required} дней до её открытия; сейчас — {actual} дн. ({rule}).",
            "en": "A Session's date, place and provisional agenda must be announced at least {required} days before it opens; here {actual} days ({rule}).",
        },
        "extraordinary_too_late": {
            "kk": "Кезектен тыс сессия шақыру туралы шешім қабылданған күннен бастап бір ай ішінде, {deadline} күнінен кешіктірілмей өткізілуі тиіс ({rule}).",
            "ru": "Внеочередная сессия проводится в течение месяца со дня принятия решения о её созыве, не позднее {deadline} ({rule}).",
            "en": "An extraordinary Session must be held within one month of the decision to convene it, by {deadline} ({rule}).",
        },
        "request_not_supported": {
            "kk": "Мүшелердің өтінішіне Ассамблея мүшелері жалпы санының кемінде үштен бірі қол қоймаған; қазір {signatures} қолтаңба ({rule}).",
            "ru": "Требование членов не подписано не менее чем одной третью от общего числа членов Ассамблеи; сейчас подписей: {signatures} ({rule}).",
            "en": "The members' request is not signed by at least one third of all members of the Assembly; {signatures} signatures so far ({rule}).",
        },
        "quorum_not_present": {
            "kk": "Кворум жоқ: {total} мүшеден {present} мүше қатысып отыр, кемінде {required} мүше қажет ({rule}).",
            "ru": "Нет кворума: присутствуют {present} из {total} членов, требуется не менее {required} ({rule}).",
            "en": "No quorum: {present} of {total} members present, at least {required} required ({rule}).",
        },
        "not_on_roster": {
            "kk": "Бұл адам {day} күні Ассамблея мүшелерінің тізімінде жоқ ({rule}).",
            "ru": "Это лицо не состоит в списке членов Ассамблеи на {day} ({rule}).",
            "en": "This person is not on the roster of the Assembly on {day} ({rule}).",
        },
        "sitting_before_session_date": {
            "kk": "Отырыс сессияның жарияланған күнінен ({opens_on}) бұрын ашылмайды ({rule}).",
            "ru": "Заседание не открывается ранее объявленной даты сессии ({opens_on}) ({rule}).",
            "en": "The sitting cannot open before the Session's announced date ({opens_on}) ({rule}).",
        },
        "sitting_not_open": {
            "kk": "Сессия отырысы ашық емес: тіркеу мен сессия шешімдері тек ашық отырыста жүргізіледі ({rule}).",
            "ru": "Заседание сессии не открыто: регистрация и решения сессии возможны только на открытом заседании ({rule}).",
            "en": "The Session's sitting is not open: attendance and Session decisions happen only at an open sitting ({rule}).",
        },
        "title.session_cancelled": {
            "kk": "Сессия болдырылмады",
            "ru": "Сессия отменена",
            "en": "Session cancelled",
        },
        "session_cancelled": {
            "kk": "Бұл сессия болдырылмады: ол өткізілмейді.",
            "ru": "Эта сессия отменена и не проводится.",
            "en": "This Session has been cancelled and will not be held.",
        },
        "title.sitting_already_opened": {
            "kk": "Отырыс ашылған",
            "ru": "Заседание уже открыто",
            "en": "Sitting already opened",
        },
        "sitting_already_opened": {
            "kk": "Сессияның отырысы ашылған немесе өткізілген: сессияны кейінге қалдыруға немесе болдырмауға, ал отырысты қайта ашуға болмайды.",
            "ru": "Заседание сессии уже открыто или проведено: сессию нельзя перенести или отменить, а заседание — открыть повторно.",
            "en": "The Session's sitting has opened or been held: the Session can no longer be postponed or cancelled, nor the sitting opened again.",
        },
        "title.attendance_already_registered": {
            "kk": "Қатысу тіркелген",
            "ru": "Присутствие уже зарегистрировано",
            "en": "Attendance already registered",
        },
        "attendance_already_registered": {
            "kk": "Бұл мүше отырыста тіркеліп қойған.",
            "ru": "Этот член уже зарегистрирован на заседании.",
            "en": "This member is already registered at the sitting.",
        },
        "title.attendance_not_registered": {
            "kk": "Қатысу тіркелмеген",
            "ru": "Присутствие не зарегистрировано",
            "en": "Attendance not registered",
        },
        "attendance_not_registered": {
            "kk": "Бұл мүше отырыста қатысушы ретінде тіркелмеген.",
            "ru": "Этот член не зарегистрирован присутствующим на заседании.",
            "en": "This member is not registered as present at the sitting.",
        },
        "title.request_already_signed": {
            "kk": "Өтінішке қол қойылған",
            "ru": "Требование уже подписано",
            "en": "Request already signed",
        },
        "request_already_signed": {
            "kk": "Сіз бұл өтінішке қол қойып қойдыңыз; әр мүше бір рет қол қояды.",
            "ru": "Вы уже подписали это требование; каждый член подписывает один раз.",
            "en": "You have already signed this request; each member signs once.",
        },
        "title.request_already_convened": {
            "kk": "Өтініш бойынша сессия шақырылған",
            "ru": "По требованию сессия уже созвана",
            "en": "Session already convened on this request",
        },
        "request_already_convened": {
            "kk": "Бұл өтініш бойынша кезектен тыс сессия шақырылып қойған.",
            "ru": "По этому требованию внеочередная сессия уже созвана.",
            "en": "An extraordinary Session has already been convened on this request.",
        },
        "title.agenda_item_not_found": {
            "kk": "Күн тәртібінің мәселесі табылмады",
            "ru": "Вопрос повестки дня не найден",
            "en": "Agenda item not found",
        },
        "agenda_item_not_found": {
            "kk": "Сессияның күн тәртібінде мұндай мәселе жоқ.",
            "ru": "Такого вопроса нет в повестке дня сессии.",
            "en": "There is no such item on the Session's agenda.",
        },
        "agenda_order_invalid": {
            "kk": "Жаңа реттілік күн тәртібіндегі барлық мәселені бір реттен қамтуы тиіс.",
            "ru": "Новый порядок должен содержать каждый вопрос повестки дня ровно один раз.",
            "en": "The new order must list every item on the agenda exactly once.",
        },
        "postponement_not_later": {
            "kk": "Сессия қазіргі күнінен ({opens_on}) кейінгі күнге ғана ауыстырылады.",
            "ru": "Сессия переносится только на дату позже текущей ({opens_on}).",
            "en": "A Session can only be postponed to a date after its current one ({opens_on}).",
        },
        "date_too_early": {
            "kk": "{field} күні {earliest} күнінен ерте болмауы тиіс.",
            "ru": "Дата {field} не может быть ранее {earliest}.",
            "en": "The date {field} cannot be earlier than {earliest}.",
        },
        "date_in_future": {
            "kk": "{field} күні ({day}) әлі келмеген: болашақ күнмен жазуға болмайды.",
            "ru": "Дата {field} ({day}) ещё не наступила: записывать будущей датой нельзя.",
            "en": "The date {field} ({day}) is in the future: acts cannot be recorded ahead of time.",
        },
        "assembly_mismatch": {
            "kk": "Өтініш «{expected}» ассамблеясына жатады, «{actual}» емес.",
            "ru": "Требование относится к ассамблее «{expected}», а не «{actual}».",
            "en": "The request belongs to the assembly “{expected}”, not “{actual}”.",
        },
        "members_act_for_themselves": {
            "kk": "Ассамблея мүшесі тек өз атынан әрекет етеді.",
            "ru": "Член Ассамблеи действует только от своего имени.",
            "en": "A member of the Assembly acts only for themself.",
        },
    }
)
