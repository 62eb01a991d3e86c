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
            "kk": "Бюллетень жәшігінде {ballots} бюллетень бар, ал дауыс бергендер тізімінде {roll} мүше: дауыс беру жабылмады, мұны тексеру қажет.",
            "ru": "В урне {ballots} бюллетеней, а в списке проголосовавших {roll} членов: голосование не закрыто, это требует проверки.",
            "en": "The ballot box holds {ballots} ballots and the voter roll {roll} members: the poll is not closed; this needs investigating.",
        },
        "title.ballot_box_unreadable": {
            "kk": "Бюллетень жәшігі ашылмайды",
            "ru": "Урну невозможно вскрыть",
            "en": "Ballot box unreadable",
        },
        "ballot_box_unreadable": {
            "kk": "Бюллетень жәшігі ашылмайды: дауыс берудің кілті жоқ немесе қызметтің кілттерді шифрлау кілті (KELISIM_SESSIONS_BALLOT_KEY) өзгерген. Ештеңе жабылмады.",
            "ru": "Урну невозможно вскрыть: нет ключа голосования или ключ шифрования ключей сервиса (KELISIM_SESSIONS_BALLOT_KEY) изменился. Ничего не закрыто.",
            "en": "The ballot box cannot be opened: the poll's key is missing or the service's key-encryption key (KELISIM_SESSIONS_BALLOT_KEY) has changed. Nothing was closed.",
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
