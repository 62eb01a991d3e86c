"""Messages of the acts recorded from their protocols, of the Mazhilis elections and of the
draft laws of the Halyq Kenesi, in Kazakh, Russian and English."""

from __future__ import annotations

from shared.i18n import register_messages

register_messages(
    {
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
)
