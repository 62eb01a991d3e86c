"""Polls' messages in Kazakh, Russian and English, added to the shared catalogue."""

from __future__ import annotations

from shared.i18n import register_messages

register_messages(
    {
        "secret_ballot_not_available": {
            "kk": "Жасырын дауыс беру әзірге қолжетімді емес: ол өз қауіп-қатер моделімен бөлек әзірленеді.",
            "ru": "Тайное голосование пока недоступно: оно разрабатывается отдельно, со своей моделью угроз.",
            "en": "The secret ballot is not yet available: it is being designed separately, with its own threat model.",
        },
        "title.poll_already_open": {
            "kk": "Дауыс беру ашық",
            "ru": "Голосование уже открыто",
            "en": "Poll already open",
        },
        "poll_already_open": {
            "kk": "{item_id} мәселесі бойынша дауыс беру ашық: бір мәселе бойынша бір мезгілде тек бір дауыс беру ашылады.",
            "ru": "По вопросу {item_id} голосование уже открыто: по одному вопросу одновременно открыто только одно голосование.",
            "en": "A poll on the item {item_id} is already open: one open poll per agenda item.",
        },
        "title.poll_not_found": {
            "kk": "Дауыс беру табылмады",
            "ru": "Голосование не найдено",
            "en": "Poll not found",
        },
        "poll_not_found": {
            "kk": "{id} дауыс беруі жоқ.",
            "ru": "Голосования {id} не существует.",
            "en": "There is no poll {id}.",
        },
        "title.poll_not_open": {
            "kk": "Дауыс беру жабық",
            "ru": "Голосование закрыто",
            "en": "Poll closed",
        },
        "poll_not_open": {
            "kk": "{poll_id} дауыс беруі жабылған.",
            "ru": "Голосование {poll_id} закрыто.",
            "en": "The poll {poll_id} is closed.",
        },
        "title.poll_deadline_passed": {
            "kk": "Дауыс беру мерзімі өтті",
            "ru": "Срок голосования истёк",
            "en": "Poll deadline passed",
        },
        "poll_deadline_passed": {
            "kk": "{poll_id} дауыс беруінің мерзімі {deadline} өтті: дауыстар енді қабылданбайды.",
            "ru": "Срок голосования {poll_id} истёк {deadline}: голоса больше не принимаются.",
            "en": "The poll {poll_id} closed for votes at {deadline}: no more votes are accepted.",
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
            "kk": "{member_id} бұл дауыс беруде дауыс беріп қойған; берілген дауыс өзгертілмейді.",
            "ru": "{member_id} уже проголосовал в этом голосовании; поданный голос изменить нельзя.",
            "en": "{member_id} has already voted in this poll; a cast vote cannot change.",
        },
        "not_present_to_vote": {
            "kk": "{member_id} дауыс бере алмайды: дауыс беру ашылған кезде де, қазір де отырыста қатысып отыр деп тіркелген мүшелер ғана дауыс береді ({rule}).",
            "ru": "{member_id} не может голосовать: голосуют только члены, зарегистрированные присутствующими на заседании и при открытии голосования, и сейчас ({rule}).",
            "en": "{member_id} cannot vote: only members registered present at the sitting, both when the poll opened and now, vote ({rule}).",
        },
        "title.poll_tally_changed": {
            "kk": "Дауыс беру қорытындысы өзгерді",
            "ru": "Итоги голосования изменились",
            "en": "Tally changed",
        },
        "poll_tally_changed": {
            "kk": "{poll_id} дауыс беруін жабу кезінде жаңа дауыс тіркелді: жабуды қайталаңыз.",
            "ru": "Во время закрытия голосования {poll_id} был подан новый голос: повторите закрытие.",
            "en": "A vote was recorded while the poll {poll_id} was being closed: close it again.",
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
            "kk": "{decision_id} Үндеуінің жариялануы тіркеліп қойған.",
            "ru": "Публикация Обращения {decision_id} уже записана.",
            "en": "The publication of the Address {decision_id} is already recorded.",
        },
    }
)
