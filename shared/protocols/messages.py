"""Messages of the protocol refusals (``shared.protocols.errors``), in Kazakh, Russian and
English; registered when the errors are imported."""

from __future__ import annotations

from shared.i18n import Language, register_messages

MESSAGES: dict[str, dict[Language, str]] = {
    "title.protocol_already_signed": {
        "kk": "Хаттамаға қол қойылған",
        "ru": "Протокол подписан",
        "en": "The protocol is signed",
    },
    "protocol_already_signed": {
        "kk": (
            "Отырыстың хаттамасына қол қойылған, ол енді өзгермейді. Түзетуді хаттамаға "
            "қол қойылатын түзету ретінде енгізіңіз."
        ),
        "ru": (
            "Протокол заседания подписан и больше не изменяется. Оформите исправление "
            "к протоколу, которое подписывается так же."
        ),
        "en": (
            "The sitting's protocol is signed and no longer changes. Make a correction as a "
            "corrigendum, signed the same way."
        ),
    },
    "title.protocol_not_signed": {
        "kk": "Хаттамаға қол қойылмаған",
        "ru": "Протокол не подписан",
        "en": "The protocol is not signed",
    },
    "protocol_not_signed": {
        "kk": "Түзету тек қол қойылған хаттамаға енгізіледі.",
        "ru": "Исправление вносится только в подписанный протокол.",
        "en": "A corrigendum corrects a signed protocol only.",
    },
    "title.protocol_sitting_not_closed": {
        "kk": "Отырыс әлі жабылмаған",
        "ru": "Заседание ещё не закрыто",
        "en": "The sitting is not closed yet",
    },
    "protocol_sitting_not_closed": {
        "kk": "Хаттамаға отырыс жабылғаннан кейін қол қойылады.",
        "ru": "Протокол подписывается после закрытия заседания.",
        "en": "A protocol is signed once its sitting has closed.",
    },
    "title.protocol_sitting_not_in_progress": {
        "kk": "Отырыс жүріп жатқан жоқ",
        "ru": "Заседание не идёт",
        "en": "The sitting is not in progress",
    },
    "protocol_sitting_not_in_progress": {
        "kk": (
            "Төрағалық етуші мен хатшы, баяндамашылар, сөз сөйлегендер және шақырылғандар "
            "отырыс барысында жазылады."
        ),
        "ru": (
            "Председательствующий и секретарь, докладчики, выступившие и приглашённые "
            "записываются во время заседания."
        ),
        "en": (
            "The chair and the secretary, reporters, speakers and guests are recorded during "
            "the sitting."
        ),
    },
    "title.protocol_officers_not_recorded": {
        "kk": "Хаттамаға қол қоятындар көрсетілмеген",
        "ru": "Не указаны подписывающие протокол",
        "en": "The signatories are not recorded",
    },
    "protocol_officers_not_recorded": {
        "kk": (
            "Хаттамаға отырыстың төрағалық етушісі мен хатшысы қол қояды: оларды отырыс "
            "барысында көрсету қажет еді."
        ),
        "ru": (
            "Протокол подписывают председательствующий и секретарь заседания: их нужно было "
            "указать во время заседания."
        ),
        "en": (
            "The chair and the secretary of the sitting sign its protocol: they had to be "
            "recorded during the sitting."
        ),
    },
    "title.protocol_agenda_item_not_found": {
        "kk": "Күн тәртібінде мұндай мәселе жоқ",
        "ru": "Такого вопроса нет в повестке дня",
        "en": "No such item on the agenda",
    },
    "protocol_agenda_item_not_found": {
        "kk": "Отырыстың күн тәртібінде мұндай мәселе жоқ.",
        "ru": "В повестке дня заседания нет такого вопроса.",
        "en": "The sitting's agenda has no such item.",
    },
    "title.protocol_speaker_not_named": {
        "kk": "Сөз сөйлеуші көрсетілмеген",
        "ru": "Не указан выступающий",
        "en": "The speaker is not named",
    },
    "protocol_speaker_not_named": {
        "kk": (
            "Сөз сөйлеушінің аты-жөнін көрсетіңіз немесе отырыс күні Ассамблея мүшесі болған "
            "адамды таңдаңыз."
        ),
        "ru": (
            "Укажите фамилию, имя и отчество выступающего или выберите того, кто в день "
            "заседания был членом Ассамблеи."
        ),
        "en": "Name the speaker, or choose someone who was a member on the sitting's day.",
    },
    "title.protocol_tampered": {
        "kk": "Қол қойылған хаттама бүтін емес",
        "ru": "Подписанный протокол повреждён",
        "en": "The signed protocol is not intact",
    },
    "protocol_tampered": {
        "kk": (
            "Қол қойылған хаттаманың сақталған нұсқасы қол қою кезінде тіркелген хэшке сәйкес "
            "келмейді. Хатшылыққа хабарлаңыз."
        ),
        "ru": (
            "Хранимый экземпляр подписанного протокола не совпадает с хешем, записанным при "
            "подписании. Сообщите в Секретариат."
        ),
        "en": (
            "The stored copy of the signed protocol does not match the digest recorded when it "
            "was signed. Tell the Secretariat."
        ),
    },
}

register_messages(MESSAGES)
