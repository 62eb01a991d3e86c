"""Polls' messages in Kazakh, Russian and English, added to the shared catalogue."""

from __future__ import annotations

from shared.i18n import register_messages

register_messages(
    {
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
)
