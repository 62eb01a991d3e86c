"""The programmes service's messages in Kazakh, Russian and English, given to the app by the
composition root (``main.py``), which registers them in the shared catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from shared.i18n import Language

MESSAGES: Final[Mapping[str, Mapping[Language, str]]] = {
    "programmes_date_in_future": {
        "kk": "{field} күні ({day}) әлі келген жоқ.",
        "ru": "Дата {field} ({day}) ещё не наступила.",
        "en": "The date {field} ({day}) is in the future.",
    },
    "programmes_date_before": {
        "kk": "{field} күні ({day}) {earliest} күнінен ерте болмауы тиіс.",
        "ru": "Дата {field} ({day}) не может быть раньше {earliest}.",
        "en": "The date {field} ({day}) cannot be earlier than {earliest}.",
    },
    "programmes_step_missing": {
        "kk": "«{step}» қадамының алдында құжаттың {version}-нұсқасы бойынша «{missing}» қадамы жасалуы тиіс ({rulebook}, {rule}).",
        "ru": "Перед шагом «{step}» по редакции {version} документа должен быть пройден шаг «{missing}» ({rulebook}, {rule}).",
        "en": "Before the step {step}, the step {missing} must have been taken on version {version} of the document ({rulebook}, {rule}).",
    },
    "programmes_not_competent": {
        "kk": "«{act}» актісін «{given}» қабылдай алмайды: {rulebook} бойынша бұл — {competent} құзыреті ({rule}).",
        "ru": "Акт «{act}» не может принять «{given}»: по {rulebook} это компетенция: {competent} ({rule}).",
        "en": "The act {act} is not for {given} to take: under {rulebook} it belongs to {competent} ({rule}).",
    },
    "programmes_power_not_provided": {
        "kk": "{rulebook} «{act}» өкілеттігін көздемейді ({rule}).",
        "ru": "{rulebook} не предусматривает полномочия «{act}» ({rule}).",
        "en": "{rulebook} provides no power for {act} ({rule}).",
    },
    "title.programmes_step_refused": {
        "kk": "Қадам жасалмайды",
        "ru": "Шаг недоступен",
        "en": "Step not available",
    },
    "programmes_step_refused": {
        "kk": "Құжаттың қазіргі күйінде ({status}) «{step}» қадамы жасалмайды.",
        "ru": "В текущем состоянии ({status}) шаг «{step}» недоступен.",
        "en": "The step {step} is not available in the current state ({status}).",
    },
    "programmes_not_in_force": {
        "kk": "{what} {day} күні күшінде емес ({rule}).",
        "ru": "{what} не действует на {day} ({rule}).",
        "en": "The {what} is not in force on {day} ({rule}).",
    },
    "programmes_concept_in_force": {
        "kk": "{day} күні басқа Тұжырымдама күшінде: жаңа Тұжырымдама оны алмастыруы тиіс ({rule}).",
        "ru": "На {day} действует другая Концепция: новая Концепция должна её заменить ({rule}).",
        "en": "Another Concept is in force on {day}: a new Concept must supersede it ({rule}).",
    },
    "programmes_unknown_act": {
        "kk": "{what} алынбаған немесе қажетті түрде емес (күтілгені: {expected}) ({rule}).",
        "ru": "{what} не поступал(о) или не того вида (ожидается: {expected}) ({rule}).",
        "en": "The {what} has not been received or is not of the kind expected ({expected}) ({rule}).",
    },
    "programmes_composition_by_membership": {
        "kk": "Ғылыми-сарапшылық кеңестің төрағасы, орынбасарлары мен мүшелері мүшелік қызметінде лауазым ретінде есепке алынады; мұнда тек тартылған сарапшылар жазылады («{role}» емес) ({rule}).",
        "ru": "Председатель, заместители и члены Научно-экспертного совета учитываются как должности в сервисе членства; здесь записываются только привлечённые эксперты (не «{role}») ({rule}).",
        "en": "The Scientific-Expert Council's chair, deputies and members are posts kept by the membership service; only experts it draws on are recorded here (not {role}) ({rule}).",
    },
    "title.programmes_already_done": {
        "kk": "Бұрын жазылған",
        "ru": "Уже записано",
        "en": "Already recorded",
    },
    "programmes_already_done": {
        "kk": "{what} бұрын жазылған.",
        "ru": "{what} уже записан(о).",
        "en": "The {what} is already recorded.",
    },
    "programmes_invalid_iin": {
        "kk": "ЖСН дұрыс емес: 12 цифр және бақылау цифры сәйкес болуы тиіс ({rule}).",
        "ru": "ИИН неверен: нужны 12 цифр с верной контрольной цифрой ({rule}).",
        "en": "The IIN is not valid: 12 digits with a matching check digit are required ({rule}).",
    },
    "programmes_iin_required": {
        "kk": "Қазақстан азаматы үшін ЖСН көрсетілуі тиіс.",
        "ru": "Для гражданина Казахстана нужно указать ИИН.",
        "en": "A citizen of Kazakhstan is registered with an IIN.",
    },
    "programmes_identity_required": {
        "kk": "ЖСН болмаса, жеке басын куәландыратын құжат көрсетілуі тиіс.",
        "ru": "Без ИИН нужно указать документ, удостоверяющий личность.",
        "en": "Without an IIN, an identity document is required.",
    },
    "programmes_expert_registered": {
        "kk": "Бұл ЖСН-мен сарапшы бұрын тіркелген.",
        "ru": "Эксперт с этим ИИН уже зарегистрирован.",
        "en": "An expert with this IIN is already registered.",
    },
    "programmes_state_body_scope": {
        "kk": "Мемлекеттік орган тек өзіне іс-шаралар жүктелген жоспарларды көреді.",
        "ru": "Государственный орган видит только планы, в которых есть его мероприятия.",
        "en": "A state body reads only the plans that give it measures.",
    },
    "programmes_plan_without_measures": {
        "kk": "Іс-шарасы жоқ жоспар келісілмейді.",
        "ru": "План без мероприятий не согласовывается.",
        "en": "A plan without measures cannot be coordinated.",
    },
    "programmes_plan_year": {
        "kk": "{year} жылғы жоспар сол жылы немесе оның алдындағы жылы жасалады, ал оның тармақтарының мерзімі сол жылдың ішінде болады ({day}).",
        "ru": "План на {year} год составляется в этом или предыдущем году, а сроки его пунктов лежат в пределах этого года ({day}).",
        "en": "The plan of {year} is made in that year or the year before, and its items fall due within it ({day}).",
    },
    "programmes_region_required": {
        "kk": "«{kind}» құрылымы өңірде құрылады: өңірді көрсетіңіз.",
        "ru": "Структура «{kind}» создаётся в регионе: укажите регион.",
        "en": "A {kind} exists in a region: give the region.",
    },
    "programmes_region_not_expected": {
        "kk": "«{kind}» — Ассамблеяның өз органы, өңірі болмайды.",
        "ru": "«{kind}» — орган самой Ассамблеи, регион не указывается.",
        "en": "A {kind} is a body of the Assembly itself, in no region.",
    },
    "programmes_one_occupant": {
        "kk": "Орынды не Ассамблея мүшесі, не сарапшы алады — екеуінің бірі.",
        "ru": "Место занимает либо член Ассамблеи, либо эксперт — кто-то один.",
        "en": "A seat goes to either a member of the Assembly or an expert, one of them.",
    },
    "programmes_not_a_member": {
        "kk": "Көрсетілген адам {day} күні Ассамблея мүшесі емес.",
        "ru": "Указанное лицо не является членом Ассамблеи на {day}.",
        "en": "The person named is not a member of the Assembly on {day}.",
    },
    "programmes_opinion_not_on_meeting_day": {
        "kk": "Қорытынды отырыс өткен күні ({held_on}) қабылданады.",
        "ru": "Заключение принимается в день заседания ({held_on}).",
        "en": "An opinion is adopted on the day of its meeting ({held_on}).",
    },
}
