"""Localisation of user-facing messages: Kazakh (the default), Russian and English.

Messages are ``str.format`` templates keyed by a stable code:

* ``title.<code>``: the title of a problem (``shared.api.problems``) for an error code;
* ``<code>``: the detail message of an error code or of a reason code;
* ``validation.<type>``: a pydantic v2 validation error type, formatted with the error's ``ctx``.

Services add the reason codes of their own rules with :func:`register_messages`.

Parameters are written as a reader expects them (:func:`humanize`), whatever the template: a
rule reference (``rule``) in words naming its act and paragraph ("Ереженің 9-тармағы", "пункт 9
Положения"), a date (``YYYY-MM-DD``) in the language's written form, role codes (``roles``) as
the titles of those who hold them; ``rule_according`` ("согласно пункту 9 Положения") is
derived from ``rule``. A refusal's title (``title.rule_violation``) names the act it applies.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import suppress
from datetime import date
from typing import Any, Final, Literal, get_args

from shared.bodies import BODY_NAMES, POST_NAMES
from shared.citations import cite, document_kind

Language = Literal["kk", "ru", "en"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "kk"

# RFC 9110 §12.5.4 / RFC 4647 §2.1: a language range and an optional weight.
_RANGE = re.compile(r"\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_QVALUE = re.compile(r"0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?")


def negotiate_language(
    accept_language: str | None, default: Language = DEFAULT_LANGUAGE
) -> Language:
    """The supported language the client prefers most, by an ``Accept-Language`` header.

    Ranges match on their primary subtag (``kk-KZ`` selects ``kk``); ``*`` selects ``default``;
    ties keep the header's order; malformed members are skipped; nothing acceptable gives
    ``default``.
    """
    if not accept_language:
        return default
    best: Language = default
    best_q = 0.0
    for member in accept_language.split(","):
        parts = [part.strip() for part in member.split(";")]
        language_range = parts[0]
        if not _RANGE.fullmatch(language_range):
            continue
        q = 1.0
        malformed = False
        for param in parts[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() != "q":
                continue
            value = value.strip()
            if not _QVALUE.fullmatch(value):
                malformed = True
                break
            q = float(value)
        if malformed or q <= best_q:
            continue
        if language_range == "*":
            candidate: Language | None = default
        else:
            primary = language_range.split("-", 1)[0].lower()
            candidate = next((lang for lang in LANGUAGES if lang == primary), None)
        if candidate is not None:
            best, best_q = candidate, q
    return best


MESSAGES: dict[str, dict[Language, str]] = {
    # Titles of problems, by error code.
    "title.not_found": {"kk": "Табылмады", "ru": "Не найдено", "en": "Not found"},
    "title.unauthenticated": {
        "kk": "Аутентификация қажет",
        "ru": "Требуется аутентификация",
        "en": "Authentication required",
    },
    "title.forbidden": {
        "kk": "Қол жеткізуге тыйым салынған",
        "ru": "Доступ запрещён",
        "en": "Access denied",
    },
    "title.conflict": {"kk": "Қайшылық", "ru": "Конфликт", "en": "Conflict"},
    "title.concurrency_conflict": {
        "kk": "Бір мезгілде өзгерту қайшылығы",
        "ru": "Конфликт одновременного изменения",
        "en": "Concurrent modification conflict",
    },
    "title.idempotency_key_reused": {
        "kk": "Идемпотенттілік кілті қайта пайдаланылды",
        "ru": "Ключ идемпотентности использован повторно",
        "en": "Idempotency key reused",
    },
    "title.invalid_input": {
        "kk": "Деректер жарамсыз",
        "ru": "Некорректные данные",
        "en": "Invalid input",
    },
    "title.rule_violation": {
        "kk": "Ереже талабы орындалмады",
        "ru": "Нарушено требование Положения",
        "en": "A requirement of the Regulation is not met",
    },
    "title.rule_violation.law": {
        "kk": "Заң талабы орындалмады",
        "ru": "Нарушено требование Закона",
        "en": "A requirement of the Law is not met",
    },
    "title.rule_violation.appc": {
        "kk": "ӘРПК талабы орындалмады",
        "ru": "Нарушено требование АППК",
        "en": "A requirement of the APPC is not met",
    },
    "title.rule_violation.none": {
        "kk": "Деректер талапқа сай емес",
        "ru": "Данные не соответствуют требованиям",
        "en": "The data do not meet the requirements",
    },
    "title.service_unavailable": {
        "kk": "Қызмет қолжетімсіз",
        "ru": "Сервис недоступен",
        "en": "Service unavailable",
    },
    "title.internal_error": {"kk": "Ішкі қате", "ru": "Внутренняя ошибка", "en": "Internal error"},
    "title.validation_failed": {
        "kk": "Деректер тексеруден өтпеді",
        "ru": "Данные не прошли проверку",
        "en": "Validation failed",
    },
    "title.bad_request": {"kk": "Қате сұрау", "ru": "Некорректный запрос", "en": "Bad request"},
    "title.method_not_allowed": {
        "kk": "Әдіске рұқсат етілмеген",
        "ru": "Метод не разрешён",
        "en": "Method not allowed",
    },
    "title.request_timeout": {
        "kk": "Сұрау уақыты өтіп кетті",
        "ru": "Время ожидания запроса истекло",
        "en": "Request timeout",
    },
    "title.request_body_too_large": {
        "kk": "Сұрау денесі тым үлкен",
        "ru": "Слишком большое тело запроса",
        "en": "Request body too large",
    },
    "title.request_head_too_large": {
        "kk": "Сұрау тақырыптары тым үлкен",
        "ru": "Слишком большие заголовки запроса",
        "en": "Request header fields too large",
    },
    "title.overloaded": {
        "kk": "Қызмет шамадан тыс жүктелген",
        "ru": "Сервис перегружен",
        "en": "Service overloaded",
    },
    "title.http_error": {
        "kk": "Сұрау орындалмады",
        "ru": "Запрос не выполнен",
        "en": "Request failed",
    },
    # Details of problems, by error code.
    "not_found": {
        "kk": "Сұралған ресурс табылмады.",
        "ru": "Запрошенный ресурс не найден.",
        "en": "The requested resource was not found.",
    },
    "unauthenticated": {
        "kk": "Бұл ресурсқа қол жеткізу үшін аутентификациядан өту қажет.",
        "ru": "Для доступа к этому ресурсу требуется аутентификация.",
        "en": "Authentication is required to access this resource.",
    },
    "forbidden": {
        "kk": "Бұл әрекетті орындауға құқығыңыз жоқ.",
        "ru": "У вас нет прав на выполнение этого действия.",
        "en": "You do not have permission to perform this action.",
    },
    "conflict": {
        "kk": "Сұрау ресурстың ағымдағы күйіне қайшы келеді.",
        "ru": "Запрос противоречит текущему состоянию ресурса.",
        "en": "The request conflicts with the current state of the resource.",
    },
    "concurrency_conflict": {
        "kk": (
            "{stream_id} ағыны өзгерді: күтілген нұсқа {expected}, ағымдағы нұсқа {actual}. "
            "Деректерді қайта жүктеп, әрекетті қайталаңыз."
        ),
        "ru": (
            "Поток {stream_id} изменился: ожидалась версия {expected}, текущая версия {actual}. "
            "Обновите данные и повторите попытку."
        ),
        "en": (
            "Stream {stream_id} has changed: expected version {expected}, actual {actual}. "
            "Reload and try again."
        ),
    },
    "idempotency_key_reused": {
        "kk": (
            "Бұл Idempotency-Key басқа сұрау үшін пайдаланылған. "
            "Жаңа сұрау үшін жаңа кілт жіберіңіз."
        ),
        "ru": (
            "Этот Idempotency-Key уже использован с другим запросом. "
            "Для нового запроса передайте новый ключ."
        ),
        "en": (
            "This Idempotency-Key was already used with a different request. "
            "Send a new key with a new request."
        ),
    },
    "idempotency_key_invalid": {
        "kk": (
            "Idempotency-Key тақырыбы 1–{max} таңбадан тұруы керек; "
            "басқару таңбаларына рұқсат етілмейді."
        ),
        "ru": (
            "Заголовок Idempotency-Key должен содержать от 1 до {max} символов "
            "без управляющих символов."
        ),
        "en": (
            "The Idempotency-Key header must be 1 to {max} characters long, "
            "without control characters."
        ),
    },
    "if_match_invalid": {
        "kk": 'If-Match тақырыбында ағын нұсқасы болуы керек, мысалы "3".',
        "ru": 'Заголовок If-Match должен содержать версию потока, например "3".',
        "en": 'The If-Match header must hold a stream version, e.g. "3".',
    },
    "invalid_input": {
        "kk": "Сұрауда жарамсыз деректер бар.",
        "ru": "Запрос содержит некорректные данные.",
        "en": "The request contains invalid data.",
    },
    "rule_violation": {
        "kk": "Әрекет қабылданбады. {reason}",
        "ru": "Действие отклонено. {reason}",
        "en": "The action was refused. {reason}",
    },
    "service_unavailable": {
        "kk": "Қызмет уақытша қолжетімсіз. Кейінірек қайталап көріңіз.",
        "ru": "Сервис временно недоступен. Повторите попытку позже.",
        "en": "The service is temporarily unavailable. Try again later.",
    },
    "internal_error": {
        "kk": (
            "Ішкі қате орын алды. Қолдау қызметіне жүгінгенде "
            "корреляция идентификаторын көрсетіңіз."
        ),
        "ru": (
            "Произошла внутренняя ошибка. При обращении в службу поддержки "
            "укажите идентификатор корреляции."
        ),
        "en": "An internal error occurred. Quote the correlation ID when contacting support.",
    },
    "validation_failed": {
        "kk": "Сұрау тексеруден өтпеді. Толығырақ errors өрісінде көрсетілген.",
        "ru": "Запрос не прошёл проверку. Подробности приведены в поле errors.",
        "en": "The request did not pass validation. See errors for details.",
    },
    "bad_request": {
        "kk": "Сұрау дұрыс құрылмаған.",
        "ru": "Запрос сформирован некорректно.",
        "en": "The request is malformed.",
    },
    "method_not_allowed": {
        "kk": "Бұл ресурс үшін мұндай әдіске рұқсат етілмеген.",
        "ru": "Этот метод не поддерживается для данного ресурса.",
        "en": "This method is not allowed for the resource.",
    },
    "http_error": {
        "kk": "Сұрауды өңдеу мүмкін болмады.",
        "ru": "Не удалось обработать запрос.",
        "en": "The request could not be processed.",
    },
    "request_timeout": {
        "kk": "Сұрау денесі белгіленген уақыт ішінде келіп түспеді. Сұрауды қайта жіберіңіз.",
        "ru": "Тело запроса не поступило за отведённое время. Отправьте запрос повторно.",
        "en": "The request body did not arrive within the time allowed. Send the request again.",
    },
    "request_body_too_large": {
        "kk": "Сұрау денесі {limit} байттан асады.",
        "ru": "Тело запроса превышает {limit} байт.",
        "en": "The request body is larger than {limit} bytes.",
    },
    "request_head_too_large": {
        "kk": "Сұрау жолы мен тақырыптары бірге {limit} байттан аспауы керек.",
        "ru": "Строка запроса и заголовки вместе не должны превышать {limit} байт.",
        "en": "The request line and headers together may not exceed {limit} bytes.",
    },
    "overloaded": {
        "kk": "Қызмет бір мезгілде тым көп сұрауды өңдеп жатыр. Сәл кейінірек қайталап көріңіз.",
        "ru": (
            "Сервис обрабатывает слишком много запросов одновременно. Повторите попытку чуть позже."
        ),
        "en": "The service is handling too many requests at once. Try again in a moment.",
    },
    # Reason codes of the platform.
    "value_not_stored": {
        "kk": (
            "Сұраудағы бір мән дерекқор сақтай алатын шектен тыс "
            "(тым үлкен сан немесе сақталмайтын таңба)."
        ),
        "ru": (
            "Значение из запроса выходит за пределы того, что хранит база данных "
            "(слишком большое число или недопустимый символ)."
        ),
        "en": (
            "A value of the request is beyond what the database stores "
            "(a number too large, or a character it cannot store)."
        ),
    },
    "value_not_storable": {
        "kk": (
            "{field} мәнін сақтау мүмкін емес: ол ±9007199254740991 шегінен тыс сан "
            "не NUL немесе жұпсыз суррогат таңбасы бар мәтін."
        ),
        "ru": (
            "Значение {field} невозможно сохранить: это число за пределами ±9007199254740991 "
            "либо текст с символом NUL или одиночным суррогатом."
        ),
        "en": (
            "The value {field} cannot be stored: a number beyond ±9007199254740991, "
            "or text with a NUL or a lone surrogate."
        ),
    },
    "invalid_token": {
        "kk": "Қол жеткізу токені жарамсыз.",
        "ru": "Недействительный токен доступа.",
        "en": "The access token is invalid.",
    },
    "token_expired": {
        "kk": "Қол жеткізу токенінің мерзімі өтті. Жүйеге қайта кіріңіз.",
        "ru": "Срок действия токена доступа истёк. Войдите в систему заново.",
        "en": "The access token has expired. Sign in again.",
    },
    "token_lifetime_too_long": {
        "kk": (
            "Қол жеткізу токенінің қолданылу мерзімі рұқсат етілген ең ұзақ мерзімнен асады. "
            "Жаңа токен алыңыз."
        ),
        "ru": "Срок действия токена доступа превышает допустимый максимум. Получите новый токен.",
        "en": "The access token's lifetime exceeds the permitted maximum. Obtain a new token.",
    },
    "token_algorithm_not_accepted": {
        "kk": (
            "Қол жеткізу токені қабылданбайтын тәсілмен қол қойылған. Сенім білдірілген "
            "сәйкестендіру провайдерінен токен алыңыз."
        ),
        "ru": (
            "Токен доступа подписан недопустимым способом. Получите токен у доверенного "
            "поставщика удостоверений."
        ),
        "en": (
            "The access token is signed in a way that is not accepted. Obtain a token from the "
            "trusted identity provider."
        ),
    },
    "token_key_unknown": {
        "kk": "Қол жеткізу токені сәйкестендіру провайдері жарияламаған кілтпен қол қойылған.",
        "ru": "Токен доступа подписан ключом, который поставщик удостоверений не публикует.",
        "en": "The access token is signed with a key the identity provider does not publish.",
    },
    "token_issuer_not_accepted": {
        "kk": "Қол жеткізу токенін сенім білдірілмеген провайдер берген.",
        "ru": "Токен доступа выдан поставщиком, которому система не доверяет.",
        "en": "The access token was issued by a provider this system does not trust.",
    },
    "token_audience_not_accepted": {
        "kk": "Қол жеткізу токені осы жүйеге арналмаған.",
        "ru": "Токен доступа выдан не для этой системы.",
        "en": "The access token was not issued for this system.",
    },
    "identity_provider_unreachable": {
        "kk": "Сәйкестендіру провайдеріне қазір қол жеткізу мүмкін емес. Сәлден соң қайталаңыз.",
        "ru": "Поставщик удостоверений сейчас недоступен. Повторите попытку позже.",
        "en": "The identity provider cannot be reached now. Try again shortly.",
    },
    "role_required": {
        "kk": "Бұл әрекетті мына лауазым иелерінің бірі ғана орындай алады: {roles}.",
        "ru": "Это действие может выполнить только один из следующих: {roles}.",
        "en": "Only one of the following may do this: {roles}.",
    },
    # pydantic v2 validation error types, formatted with the error's ctx.
    "validation.missing": {
        "kk": "Бұл өрісті толтыру міндетті",
        "ru": "Поле обязательно для заполнения",
        "en": "This field is required",
    },
    "validation.string_too_short": {
        "kk": "Таңбалар саны кемінде {min_length} болуы керек",
        "ru": "Количество символов должно быть не меньше {min_length}",
        "en": "The number of characters must be at least {min_length}",
    },
    "validation.string_too_long": {
        "kk": "Таңбалар саны {max_length} мәнінен аспауы керек",
        "ru": "Количество символов должно быть не больше {max_length}",
        "en": "The number of characters must be at most {max_length}",
    },
    "validation.string_pattern_mismatch": {
        "kk": "Мән талап етілетін форматқа сәйкес келмейді",
        "ru": "Значение не соответствует требуемому формату",
        "en": "The value does not match the required format",
    },
    "validation.string_type": {
        "kk": "Мән мәтін болуы керек",
        "ru": "Значение должно быть строкой",
        "en": "The value must be a string",
    },
    "validation.int_parsing": {
        "kk": "Мән бүтін сан болуы керек",
        "ru": "Значение должно быть целым числом",
        "en": "The value must be an integer",
    },
    "validation.int_type": {
        "kk": "Мән бүтін сан болуы керек",
        "ru": "Значение должно быть целым числом",
        "en": "The value must be an integer",
    },
    "validation.float_parsing": {
        "kk": "Мән сан болуы керек",
        "ru": "Значение должно быть числом",
        "en": "The value must be a number",
    },
    "validation.bool_parsing": {
        "kk": "Мән логикалық болуы керек (true немесе false)",
        "ru": "Значение должно быть логическим (true или false)",
        "en": "The value must be a boolean (true or false)",
    },
    "validation.uuid_parsing": {
        "kk": "Мән жарамды UUID болуы керек",
        "ru": "Значение должно быть корректным UUID",
        "en": "The value must be a valid UUID",
    },
    "validation.uuid_type": {
        "kk": "Мән жарамды UUID болуы керек",
        "ru": "Значение должно быть корректным UUID",
        "en": "The value must be a valid UUID",
    },
    "validation.date_parsing": {
        "kk": "Мән ЖЖЖЖ-АА-КК форматындағы жарамды күн болуы керек",
        "ru": "Значение должно быть корректной датой в формате ГГГГ-ММ-ДД",
        "en": "The value must be a valid date in the YYYY-MM-DD format",
    },
    "validation.date_from_datetime_parsing": {
        "kk": "Мән ЖЖЖЖ-АА-КК форматындағы жарамды күн болуы керек",
        "ru": "Значение должно быть корректной датой в формате ГГГГ-ММ-ДД",
        "en": "The value must be a valid date in the YYYY-MM-DD format",
    },
    "validation.datetime_parsing": {
        "kk": "Мән ISO 8601 форматындағы жарамды күн мен уақыт болуы керек",
        "ru": "Значение должно быть корректными датой и временем в формате ISO 8601",
        "en": "The value must be a valid date and time in the ISO 8601 format",
    },
    "validation.datetime_from_date_parsing": {
        "kk": "Мән ISO 8601 форматындағы жарамды күн мен уақыт болуы керек",
        "ru": "Значение должно быть корректными датой и временем в формате ISO 8601",
        "en": "The value must be a valid date and time in the ISO 8601 format",
    },
    "validation.enum": {
        "kk": "Рұқсат етілген мәндер: {expected}",
        "ru": "Допустимые значения: {expected}",
        "en": "Allowed values: {expected}",
    },
    "validation.literal_error": {
        "kk": "Рұқсат етілген мәндер: {expected}",
        "ru": "Допустимые значения: {expected}",
        "en": "Allowed values: {expected}",
    },
    "validation.greater_than": {
        "kk": "Мән {gt} мәнінен үлкен болуы керек",
        "ru": "Значение должно быть больше {gt}",
        "en": "The value must be greater than {gt}",
    },
    "validation.greater_than_equal": {
        "kk": "Мән {ge} мәнінен кем болмауы керек",
        "ru": "Значение должно быть не меньше {ge}",
        "en": "The value must be greater than or equal to {ge}",
    },
    "validation.less_than": {
        "kk": "Мән {lt} мәнінен кіші болуы керек",
        "ru": "Значение должно быть меньше {lt}",
        "en": "The value must be less than {lt}",
    },
    "validation.less_than_equal": {
        "kk": "Мән {le} мәнінен аспауы керек",
        "ru": "Значение должно быть не больше {le}",
        "en": "The value must be less than or equal to {le}",
    },
    "validation.too_short": {
        "kk": "Элементтер саны кемінде {min_length} болуы керек",
        "ru": "Количество элементов должно быть не меньше {min_length}",
        "en": "The number of items must be at least {min_length}",
    },
    "validation.too_long": {
        "kk": "Элементтер саны {max_length} мәнінен аспауы керек",
        "ru": "Количество элементов должно быть не больше {max_length}",
        "en": "The number of items must be at most {max_length}",
    },
    "validation.list_type": {
        "kk": "Мән тізім болуы керек",
        "ru": "Значение должно быть списком",
        "en": "The value must be a list",
    },
    "validation.dict_type": {
        "kk": "Мән объект болуы керек",
        "ru": "Значение должно быть объектом",
        "en": "The value must be an object",
    },
    "validation.json_invalid": {
        "kk": "Сұрау денесі жарамды JSON емес",
        "ru": "Тело запроса не является корректным JSON",
        "en": "The request body is not valid JSON",
    },
    "validation.extra_forbidden": {
        "kk": "Бұл өріске рұқсат етілмейді",
        "ru": "Это поле не допускается",
        "en": "This field is not allowed",
    },
    "validation.value_error": {
        "kk": "Жарамсыз мән: {error}",
        "ru": "Недопустимое значение: {error}",
        "en": "Invalid value: {error}",
    },
    "validation.model_type": {
        "kk": "Мән объект болуы керек",
        "ru": "Значение должно быть объектом",
        "en": "The value must be an object",
    },
    "validation.finite_number": {
        "kk": "Сан ақырлы болуы керек (NaN немесе шексіздік емес)",
        "ru": "Число должно быть конечным (не NaN и не бесконечность)",
        "en": "The number must be finite (not NaN or infinity)",
    },
    "validation.decimal_parsing": {
        "kk": "Мән ондық сан болуы керек",
        "ru": "Значение должно быть десятичным числом",
        "en": "The value must be a decimal number",
    },
    "validation.decimal_max_digits": {
        "kk": "Санда {max_digits} цифрдан артық болмауы керек",
        "ru": "Число должно содержать не больше {max_digits} цифр",
        "en": "The number may have at most {max_digits} digits",
    },
    "validation.decimal_max_places": {
        "kk": "Үтірден кейін {decimal_places} цифрдан артық болмауы керек",
        "ru": "После запятой допускается не больше {decimal_places} цифр",
        "en": "The number may have at most {decimal_places} digits after the point",
    },
    "validation.decimal_whole_digits": {
        "kk": "Үтірге дейін {whole_digits} цифрдан артық болмауы керек",
        "ru": "До запятой допускается не больше {whole_digits} цифр",
        "en": "The number may have at most {whole_digits} digits before the point",
    },
    "validation.int_unsafe": {
        "kk": "Сан -{limit} мен {limit} аралығында болуы керек",
        "ru": "Число должно быть в пределах от -{limit} до {limit}",
        "en": "The number must be between -{limit} and {limit}",
    },
    "validation.number_not_finite": {
        "kk": "Сан ақырлы болуы керек (NaN немесе шексіздік емес)",
        "ru": "Число должно быть конечным (не NaN и не бесконечность)",
        "en": "The number must be finite (not NaN or infinity)",
    },
    "validation.string_unstorable": {
        "kk": "Мәтінде сақтауға болмайтын таңба бар (NUL немесе жұпсыз суррогат)",
        "ru": "Текст содержит символ, который невозможно сохранить (NUL или одиночный суррогат)",
        "en": "The text contains a character that cannot be stored (NUL or a lone surrogate)",
    },
    "validation.json_too_deep": {
        "kk": "Массивтер мен объектілердің кірістірілуі {limit} деңгейден аспауы керек",
        "ru": "Вложенность массивов и объектов не должна превышать {limit} уровней",
        "en": "Arrays and objects may be nested at most {limit} levels deep",
    },
    "validation.url_parsing": {
        "kk": "Мән жарамды URL мекенжайы болуы керек",
        "ru": "Значение должно быть корректным URL-адресом",
        "en": "The value must be a valid URL",
    },
}

# -- parameters as a reader expects them -----------------------------------------------------

ROLE_TITLES: Final[dict[str, dict[Language, str]]] = {
    "chairman": {"kk": "Ассамблея Төрағасы", "ru": "Председатель Ассамблеи",
                 "en": "the Chairman of the Assembly"},
    "deputy_chairman": {"kk": "Ассамблея Төрағасының орынбасары",
                        "ru": "заместитель Председателя Ассамблеи",
                        "en": "a Deputy Chairman of the Assembly"},
    "secretariat": {"kk": "Ассамблея Хатшылығы", "ru": "Секретариат Ассамблеи",
                    "en": "the Secretariat of the Assembly"},
    "council_member": {"kk": "Ассамблея Кеңесінің мүшесі", "ru": "член Совета Ассамблеи",
                       "en": "a member of the Council"},
    "member": {"kk": "Ассамблея мүшесі", "ru": "член Ассамблеи",
               "en": "a member of the Assembly"},
    "regional_assembly": {"kk": "өңір ассамблеясының хатшылығы",
                          "ru": "секретариат ассамблеи региона",
                          "en": "a regional assembly's secretariat"},
    "state_body": {"kk": "мемлекеттік орган", "ru": "государственный орган",
                   "en": "a state body"},
    "auditor": {"kk": "аудитор", "ru": "аудитор", "en": "an auditor"},
    "public": {"kk": "кез келген адам", "ru": "любой желающий", "en": "anyone"},
}  # fmt: skip
"""The roles of ``shared.api.auth.ROLES`` by the title of whoever holds them."""

_MONTHS: Final[dict[Language, tuple[str, ...]]] = {
    "kk": ("қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз",
           "қыркүйек", "қазан", "қараша", "желтоқсан"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}  # fmt: skip
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def written_date(day: date, lang: Language) -> str:
    """A date as each language writes it: "2026 жылғы 6 желтоқсан", "6 декабря 2026 г."."""
    month = _MONTHS[lang][day.month - 1]
    if lang == "kk":
        return f"{day.year} жылғы {day.day} {month}"
    if lang == "ru":
        return f"{day.day} {month} {day.year} г."
    return f"{day.day} {month} {day.year}"


def humanize(params: Mapping[str, Any], lang: Language) -> dict[str, Any]:
    """``params`` as a message shows them (see the module's docstring)."""
    out = dict(params)
    for key, value in params.items():
        if isinstance(value, date):
            out[key] = written_date(value, lang)
        elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
            with suppress(ValueError):  # "2026-13-45" stays as given
                out[key] = written_date(date.fromisoformat(value), lang)
    roles = params.get("roles")
    if isinstance(roles, str):
        codes = [code.strip() for code in roles.split(",") if code.strip()]
        out["roles"] = "; ".join(ROLE_TITLES[c][lang] if c in ROLE_TITLES else c for c in codes)
    for key, names in (("post", POST_NAMES), ("body", BODY_NAMES)):  # by name, not code
        code = params.get(key)
        if isinstance(code, str) and code in names:
            out[key] = names[code][lang]
    rule = params.get("rule")
    if isinstance(rule, str):
        out["rule"] = cite(rule, lang)
        out["rule_according"] = cite(rule, lang, "according")
    return out


# pydantic joins the allowed values of an enum or a literal with an English "or".
_OR: Final[dict[Language, str]] = {"kk": " немесе ", "ru": " или ", "en": " or "}


class _KeepMissing(dict[str, Any]):
    """Leaves a placeholder without a parameter visible instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def translate(code: str, lang: Language, /, **params: Any) -> str:
    """The message ``code`` in ``lang`` (else in English, else ``code`` itself), its parameters
    written as a reader expects them (:func:`humanize`); never raises."""
    entry = MESSAGES.get(code)
    if entry is None:
        return code
    if code == "title.rule_violation" and "rule" in params:  # titled by the act it applies
        kind = document_kind(str(params["rule"]))
        if kind != "regulation":
            entry = MESSAGES[f"{code}.{kind or 'none'}"]
    template = entry.get(lang) or entry.get("en")
    if template is None:
        return code
    try:
        text = template.format_map(_KeepMissing(humanize(params, lang)))
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        return template
    return text.replace(" ()", "")  # a reference to no act is left out


def register_messages(messages: Mapping[str, Mapping[Language, str]]) -> None:
    """Add a service's messages (e.g. the reason codes of its rules) to the catalogue.

    Every message needs all languages; a code may not be registered with a different text.
    """
    for code, entry in messages.items():
        missing = set(LANGUAGES) - set(entry)
        if missing:
            raise ValueError(f"message {code!r} lacks languages {sorted(missing)}")
        new = {lang: entry[lang] for lang in LANGUAGES}
        if MESSAGES.get(code, new) != new:
            raise ValueError(f"message {code!r} is already registered with another text")
        MESSAGES[code] = new


def translate_validation_error(err: Mapping[str, Any], lang: Language) -> str:
    """A pydantic v2 error (an item of ``ValidationError.errors()``) as a message in ``lang``.

    An error type without a catalogue entry keeps pydantic's own (English) ``msg``.
    """
    error_type = str(err.get("type", ""))
    code = f"validation.{error_type}"
    if code not in MESSAGES:
        return str(err.get("msg", error_type))
    ctx = err.get("ctx")
    params: dict[str, Any] = {k: str(v) for k, v in ctx.items()} if isinstance(ctx, dict) else {}
    expected = params.get("expected")
    if expected is not None and error_type in ("enum", "literal_error"):
        head, sep, last = expected.rpartition(" or ")
        if sep:
            params["expected"] = head + _OR[lang] + last
    return translate(code, lang, **params)
