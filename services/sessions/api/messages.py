"""The sessions service's messages in Kazakh, Russian and English, one catalogue per part of
the service; the composition root registers them (``create_service_app(messages=CATALOGUES)``)."""

from __future__ import annotations

from collections.abc import Mapping

from shared.i18n import Language

Catalogue = Mapping[str, Mapping[Language, str]]

SESSIONS: Catalogue = {
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
"""Sessions: convening, the sitting, attendance, quorum, members' requests, protocols."""

POLLS: Catalogue = {
    "secret_ballot_not_replayable": {
        "kk": "Жасырын бюллетень Idempotency-Key кілтімен қабылданбайды: бюллетень дауыс берушімен бірге ешқайда сақталмайды, сондықтан жауапты қайталау мүмкін емес. Бюллетеньді кілтсіз жіберіңіз; оны қайта жіберсеңіз, дауысыңыз бұрын берілгені туралы хабар аласыз.",
        "ru": "Тайный бюллетень не принимается с ключом Idempotency-Key: бюллетень нигде не хранится вместе с голосующим, поэтому ответ нельзя повторить. Отправьте бюллетень без ключа; при повторной отправке вы получите сообщение о том, что голос уже подан.",
        "en": "A secret ballot is not accepted with an Idempotency-Key: the ballot is never stored with its voter, so its answer cannot be replayed. Send it without the key; a repeated ballot answers already_voted.",
    },
    "decision_not_adopted": {
        "kk": "«{decision_ref}» осы Сессия қабылдаған шешімді білдірмейді: күн тәртібі мен регламент Сессияның өз шешімімен өзгертіледі ({rule}).",
        "ru": "«{decision_ref}» не является решением, принятым этой Сессией: повестка дня и регламент изменяются решением самой Сессии ({rule}).",
        "en": "“{decision_ref}” is not a decision this Session adopted: the agenda and the Rules of Procedure change by the Session's own decision ({rule}).",
    },
    "decision_of_another_kind": {
        "kk": "«{decision_ref}» шешімінің түрі — {kind}; регламентті бекіту үшін {expected} түріндегі шешім қажет ({rule}).",
        "ru": "Решение «{decision_ref}» имеет вид {kind}; для утверждения регламента нужно решение вида {expected} ({rule}).",
        "en": "The decision “{decision_ref}” is of kind {kind}; approving the Rules of Procedure needs a decision of kind {expected} ({rule}).",
    },
    "title.ballot_box_mismatch": {
        "kk": "Бюллетень жәшігі тізімге сәйкес емес",
        "ru": "Урна не соответствует списку",
        "en": "Ballot box does not match the roll",
    },
    "ballot_box_mismatch": {
        "kk": "Дауыс берудің жәшігі дауыс бергендер тізіміне сәйкес келмейді: ештеңе жарияланбады, дауыс беру ашық қалды; мұны тексеру қажет.",
        "ru": "Урна этого голосования не соответствует списку проголосовавших: ничего не опубликовано, голосование остаётся открытым; это требует проверки.",
        "en": "The ballot box of this poll does not match its voter roll: nothing was published and the poll stays open; this needs investigating.",
    },
    "ballot_forged": {
        "kk": "Дауыс беру жәшігіндегі {sealed} мөрленген бюллетеньнің {forged} бюллетені осы дауыс берудің дауыс бергендер тізімімен бірге жазылған түпнұсқа бюллетені емес (оларды қызметтің кілтінсіз өзгерткен, қосқан, көшірген не басқа жерден ауыстырған): ештеңе жарияланбады, дауыс беру ашық қалды; мұны тексеру қажет.",
        "ru": "{forged} из {sealed} запечатанных бюллетеней в урне не являются подлинными бюллетенями этого голосования, записанными вместе со списком проголосовавших (их изменили, добавили, скопировали или перенесли без ключа сервиса): ничего не опубликовано, голосование остаётся открытым; это требует проверки.",
        "en": "{forged} of the {sealed} sealed ballots in the box are not authentic ballots of this poll committed with its voter roll (changed, added, copied or moved by someone without the service's key): nothing was published and the poll stays open; this needs investigating.",
    },
    "ballot_box_count": {
        "kk": "Дауыс беру жәшігінде {authentic} түпнұсқа бюллетень бар, ал оқиғалар қоймасындағы дауыс бергендер тізімінде {roll} мүше, не олар топтар бойынша сәйкес келмейді: ештеңе жарияланбады, дауыс беру ашық қалды; мұны тексеру қажет.",
        "ru": "В урне этого голосования {authentic} подлинных бюллетеней, а в списке проголосовавших в хранилище событий {roll} членов, либо они расходятся по партиям: ничего не опубликовано, голосование остаётся открытым; это требует проверки.",
        "en": "The box of this poll holds {authentic} authentic ballots and the voter roll in the event store {roll} members, or they differ batch by batch: nothing was published and the poll stays open; this needs investigating.",
    },
    "ballot_receipt_twice": {
        "kk": "Дауыс беру жәшігінде бір түбіртек екі рет кездеседі: ештеңе жарияланбады, дауыс беру ашық қалды; мұны тексеру қажет.",
        "ru": "В урне этого голосования одна и та же квитанция встречается дважды: ничего не опубликовано, голосование остаётся открытым; это требует проверки.",
        "en": "A receipt appears twice in the box of this poll: nothing was published and the poll stays open; this needs investigating.",
    },
    "title.ballot_key_refused": {
        "kk": "Дауыс беру кілті қабылданбады",
        "ru": "Ключ голосования отклонён",
        "en": "Ballot key refused",
    },
    "ballot_key_refused": {
        "kk": "Дерекқорда сақталған дауыс беру кілтін бұл қызмет жасамаған: оны дерекқорда өзгерткен, не қызметтің кілттерді шифрлау кілті (KELISIM_SESSIONS_BALLOT_KEY) дауыс беру ашылған кездегі кілт емес. Дауыс беру ашылмайды, бюллетень қабылдамайды және жабылмайды; ештеңе жарияланбады.",
        "ru": "Ключ этого голосования, хранящийся в базе данных, создан не этим сервисом: его изменили в базе данных, либо ключ шифрования ключей сервиса (KELISIM_SESSIONS_BALLOT_KEY) не тот, с которым голосование было открыто. Голосование не открывается, не принимает бюллетени и не закрывается; ничего не опубликовано.",
        "en": "The ballot key of this poll stored in the database is not one this service made: it was changed there, or the service's key-encryption key (KELISIM_SESSIONS_BALLOT_KEY) is not the one the poll was opened with. The poll does not open, take ballots or close; nothing was published.",
    },
    "title.ballot_box_lost": {
        "kk": "Бюллетень жәшігі жоғалды",
        "ru": "Урна утрачена",
        "en": "Ballot box lost",
    },
    "ballot_box_lost": {
        "kk": "Дауыс беру жәшігі дерекқорда жоқ (дауыс беру ашық кезде PostgreSQL ақаудан кейін қайта іске қосылды не резервтік серверге ауысты, не жәшікті жойған): дауыс беру бюллетень қабылдамайды және нәтижемен жабыла алмайды; ештеңе жарияланбады.",
        "ru": "Урна этого голосования отсутствует в базе данных (PostgreSQL перезапустился после сбоя или переключился на резервный сервер, пока голосование было открыто, либо урну удалили): голосование не принимает бюллетени и не может быть закрыто с результатом; ничего не опубликовано.",
        "en": "The ballot box of this poll is gone from the database (PostgreSQL restarted after a crash or failed over while the poll was open, or the box was removed): the poll takes no ballots and cannot be closed with a result; nothing was published.",
    },
    "title.ballot_not_recorded": {
        "kk": "Бюллетень жазылмады",
        "ru": "Бюллетень не записан",
        "en": "Ballot not recorded",
    },
    "ballot_not_recorded": {
        "kk": "Осы дауыс берудегі бюллетеніңіз жазылмады: ол кірген бюллетеньдер тобын жазу мүмкін болмады. Сіз дауыс бермедіңіз; бюллетеньді қайта жіберіңіз.",
        "ru": "Ваш бюллетень в этом голосовании не записан: партию бюллетеней, в которой он был, не удалось записать. Вы не проголосовали; отправьте бюллетень ещё раз.",
        "en": "Your ballot in this poll was not recorded: the batch it was in could not be written. You have not voted; send your ballot again.",
    },
    "title.ballot_not_found": {
        "kk": "Бюллетень табылмады",
        "ru": "Бюллетень не найден",
        "en": "Ballot not found",
    },
    "ballot_not_found": {
        "kk": "Осы дауыс беру бойынша жарияланған бюллетеньдердің ішінде бұл түбіртегі бар бюллетень жоқ. Бюллетеньдер дауыс беру жабылғанда жарияланады.",
        "ru": "Среди бюллетеней, опубликованных по этому голосованию, нет бюллетеня с этой квитанцией. Бюллетени публикуются при закрытии голосования.",
        "en": "No ballot published for this poll has this receipt. Ballots are published when the poll closes.",
    },
    "title.receipt_lookup_moved": {
        "kk": "Түбіртекті тексеру басқа жерге көшірілді",
        "ru": "Проверка квитанции перенесена",
        "en": "Receipt lookup moved",
    },
    "receipt_lookup_moved": {
        "kk": "Түбіртек енді журналдарда сақталатын сұрау мекенжайы арқылы тексерілмейді: оны түбіртекті тексеру сұрауының денесінде жіберіңіз.",
        "ru": "Квитанция больше не проверяется по адресу запроса, который сохраняется в журналах: отправьте её в теле запроса проверки квитанции.",
        "en": "A receipt is no longer looked up in the URL, which logs keep: send it in the body of the receipt lookup request.",
    },
    "title.poll_already_open": {
        "kk": "Дауыс беру ашық",
        "ru": "Голосование уже открыто",
        "en": "Poll already open",
    },
    "poll_already_open": {
        "kk": "Бұл мәселе бойынша дауыс беру ашық: бір мәселе бойынша бір мезгілде тек бір дауыс беру ашылады.",
        "ru": "По этому вопросу голосование уже открыто: по одному вопросу одновременно открыто только одно голосование.",
        "en": "A poll on this item is already open: one open poll per agenda item.",
    },
    "title.poll_not_found": {
        "kk": "Дауыс беру табылмады",
        "ru": "Голосование не найдено",
        "en": "Poll not found",
    },
    "poll_not_found": {
        "kk": "Мұндай дауыс беру жоқ.",
        "ru": "Такого голосования нет.",
        "en": "There is no such poll.",
    },
    "title.poll_not_open": {
        "kk": "Дауыс беру жабық",
        "ru": "Голосование закрыто",
        "en": "Poll closed",
    },
    "poll_not_open": {
        "kk": "Бұл дауыс беру жабылған.",
        "ru": "Это голосование закрыто.",
        "en": "This poll is closed.",
    },
    "title.poll_deadline_passed": {
        "kk": "Дауыс беру мерзімі өтті",
        "ru": "Срок голосования истёк",
        "en": "Poll deadline passed",
    },
    "poll_deadline_passed": {
        "kk": "Дауыс беру мерзімі {deadline} өтті: дауыстар енді қабылданбайды.",
        "ru": "Срок голосования истёк {deadline}: голоса больше не принимаются.",
        "en": "The poll closed for votes at {deadline}: no more votes are accepted.",
    },
    "poll_deadline_not_later": {
        "kk": "Дауыс беру мерзімі оның ашылу уақытынан кейін болуы тиіс.",
        "ru": "Срок голосования должен быть позже момента его открытия.",
        "en": "A poll's deadline must be after its opening.",
    },
    "title.already_voted": {
        "kk": "Дауыс берілген",
        "ru": "Голос уже подан",
        "en": "Already voted",
    },
    "already_voted": {
        "kk": "Сіз бұл дауыс беруде дауыс беріп қойдыңыз; берілген дауыс өзгертілмейді.",
        "ru": "Вы уже проголосовали в этом голосовании; поданный голос изменить нельзя.",
        "en": "You have already voted in this poll; a cast vote cannot change.",
    },
    "not_present_to_vote": {
        "kk": "Дауыс бере алмайсыз: дауыс беру ашылған кезде де, қазір де отырыста қатысып отыр деп тіркелген мүшелер ғана дауыс береді ({rule}).",
        "ru": "Вы не можете голосовать: голосуют только члены, зарегистрированные присутствующими на заседании и при открытии голосования, и сейчас ({rule}).",
        "en": "You cannot vote: only members registered present at the sitting, both when the poll opened and now, vote ({rule}).",
    },
    "title.not_an_adopted_address": {
        "kk": "Қабылданған Үндеу емес",
        "ru": "Не принятое Обращение",
        "en": "Not an adopted Address",
    },
    "not_an_adopted_address": {
        "kk": "Жариялау туралы жазба тек қабылданған Үндеуге жүргізіледі.",
        "ru": "Запись о публикации ведётся только для принятого Обращения.",
        "en": "A publication record is kept only for an adopted Address.",
    },
    "title.address_already_published": {
        "kk": "Үндеу жарияланған",
        "ru": "Обращение уже опубликовано",
        "en": "Address already published",
    },
    "address_already_published": {
        "kk": "Бұл Үндеудің жариялануы тіркеліп қойған.",
        "ru": "Публикация этого Обращения уже записана.",
        "en": "The publication of this Address is already recorded.",
    },
}
"""Polls: voting, the secret ballot, decisions."""

RECORDS: Catalogue = {
    "count_exceeds_roster": {
        "kk": "Саны ({count}) сол күнгі тізімдегі мүшелер санынан ({roster}) артық.",
        "ru": "Число ({count}) больше числа членов по списку на тот день ({roster}).",
        "en": "The count ({count}) exceeds the members on the roster that day ({roster}).",
    },
    "count_exceeds_present": {
        "kk": "Саны ({count}) қатысып отырған мүшелер санынан ({present}) артық.",
        "ru": "Число ({count}) больше числа присутствующих членов ({present}).",
        "en": "The count ({count}) exceeds the members present ({present}).",
    },
    "roster_total_differs": {
        "kk": "Хаттамада {stated} мүше көрсетілген, ал {day} күнгі тізімде {roster} мүше бар.",
        "ru": "В протоколе указано {stated} членов, а в списке на {day} их {roster}.",
        "en": "The protocol states {stated} members; the roster of {day} has {roster}.",
    },
    "roster_total_unknown": {
        "kk": "{day} күнгі мүшелер тізімі белгісіз: хаттамадағы мүшелердің жалпы санын көрсетіңіз.",
        "ru": "Список членов на {day} неизвестен: укажите общее число членов по протоколу.",
        "en": "The roster of {day} is unknown: give the total number of members the protocol states.",
    },
    "title.session_not_recorded": {
        "kk": "Сессия хаттамадан енгізілмеген",
        "ru": "Сессия не внесена по протоколу",
        "en": "Session not recorded from its protocol",
    },
    "session_not_recorded": {
        "kk": "Бұл сессия хаттамадан енгізілмеген: оның дауыс беруін хаттамадан жазуға болмайды.",
        "ru": "Эта сессия не внесена по протоколу: её голосования по протоколу не записываются.",
        "en": "This Session was not recorded from its protocol: its votes cannot be recorded from one.",
    },
    "elected_beyond_seats": {
        "kk": "Көпшілік дауыс алғандар саны ({elected}) орындар санынан ({seats}) артық: дауыс санау хаттамасын тексеріңіз ({rule}).",
        "ru": "Большинство набрали {elected} кандидатов при {seats} местах: проверьте протокол подсчёта голосов ({rule}).",
        "en": "{elected} candidates reached the majority for {seats} seats: check the counting protocol ({rule}).",
    },
    "no_legislative_initiative": {
        "kk": "«{assembly}» Сессиясының заң жобасын Құрылтайға енгізу құқығы жоқ ({rule}).",
        "ru": "Сессия «{assembly}» не обладает правом внесения законопроекта в Курултай ({rule}).",
        "en": "The Session of “{assembly}” has no right to submit a draft law to the Kurultai ({rule}).",
    },
    "election_without_candidates": {
        "kk": "Сайлауда кемінде бір кандидат болуы тиіс.",
        "ru": "В выборах должен быть хотя бы один кандидат.",
        "en": "An election needs at least one candidate.",
    },
    "election_candidate_twice": {
        "kk": "Бір кандидат бюллетеньде екі рет көрсетілген.",
        "ru": "Один кандидат указан в бюллетене дважды.",
        "en": "A candidate is on the ballot twice.",
    },
}
"""Acts recorded from their protocols, the Mazhilis elections and the draft laws of the Halyq Kenesi."""

LIVE: Catalogue = {
    "live_board_full": {
        "kk": "Тікелей тақтаны қазір тым көп адам қарап отыр (шегі {limit}); біраздан кейін қайталаңыз.",
        "ru": "Живое табло сейчас смотрят слишком многие (предел {limit}); повторите позже.",
        "en": "Too many are watching the live board now (the limit is {limit}); try again later.",
    },
}
"""The live plenary board."""

CATALOGUES = (SESSIONS, POLLS, RECORDS, LIVE)
