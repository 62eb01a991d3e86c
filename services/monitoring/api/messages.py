"""Monitoring's messages in Kazakh, Russian and English; the composition root registers them
(``create_service_app(messages=CATALOGUES)``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from shared.i18n import Language

Catalogue = Mapping[str, Mapping[Language, str]]

MESSAGES: Final[Catalogue] = {
    "monitoring_date_in_future": {
        "kk": "{field} күні ({day}) әлі келген жоқ.",
        "ru": "Дата {field} ({day}) ещё не наступила.",
        "en": "The date {field} ({day}) is in the future.",
    },
    "monitoring_date_before": {
        "kk": "{field} күні ({day}) {earliest} күнінен ерте болмауы тиіс.",
        "ru": "Дата {field} ({day}) не может быть раньше {earliest}.",
        "en": "The date {field} ({day}) cannot be earlier than {earliest}.",
    },
    "invalid_id_number": {
        "kk": "{kind} дұрыс емес: 12 цифр және бақылау цифры сәйкес болуы тиіс ({rule}).",
        "ru": "{kind} неверен: нужны 12 цифр с верной контрольной цифрой ({rule}).",
        "en": "The {kind} is not valid: 12 digits with a matching check digit are required ({rule}).",
    },
    "title.appeal_closed": {
        "kk": "Өтініш жабылған",
        "ru": "Обращение закрыто",
        "en": "Appeal closed",
    },
    "appeal_closed": {
        "kk": "Бұл өтініш бойынша іс жүргізу аяқталған (күйі: {status}).",
        "ru": "Производство по этому обращению завершено (статус: {status}).",
        "en": "This appeal is no longer open (status: {status}).",
    },
    "extension_after_due": {
        "kk": "Мерзім өтіп кеткеннен кейін ұзартылмайды: мерзім {due} күні аяқталды ({rule}).",
        "ru": "Срок не продлевается после его истечения: он истёк {due} ({rule}).",
        "en": "A period cannot be extended after it ended on {due} ({rule}).",
    },
    "extension_beyond_limit": {
        "kk": "Мерзім барлығы екі айдан аспайтындай ғана ұзартылады: ең кеш күн — {limit} ({rule}).",
        "ru": "Срок продлевается не более чем на два месяца: не позднее {limit} ({rule}).",
        "en": "The period can be extended by two months at most: until {limit} at the latest ({rule}).",
    },
    "extension_not_later": {
        "kk": "Жаңа мерзім қазіргі мерзімнен ({due}) кеш болуы тиіс ({rule}).",
        "ru": "Новый срок должен быть позже текущего ({due}) ({rule}).",
        "en": "The new due date must be later than the current one ({due}) ({rule}).",
    },
    "title.notification_not_pending": {
        "kk": "Хабарлама күтілмейді",
        "ru": "Уведомление не ожидается",
        "en": "No notification pending",
    },
    "notification_not_pending": {
        "kk": "Өтініш берушіге «{subject}» туралы хабарлау қажет емес.",
        "ru": "Уведомлять заявителя о «{subject}» не требуется.",
        "en": "No notification about {subject} is owed to the applicant.",
    },
    "monitoring_unknown_region": {
        "kk": "{region} өңірі анықтамалықта жоқ ({rule}).",
        "ru": "Региона {region} нет в справочнике ({rule}).",
        "en": "The region {region} is not in the reference data ({rule}).",
    },
    "monitoring_unknown_ethnic_group": {
        "kk": "{code} этносы анықтамалықта жоқ.",
        "ru": "Этноса {code} нет в справочнике.",
        "en": "The ethnic group {code} is not in the reference data.",
    },
    "unknown_resolution": {
        "kk": "Ассамблея Кеңесінің бұл шешімі алынбаған немесе қабылданбаған ({rule}).",
        "ru": "Это решение Совета Ассамблеи не поступало или не принято ({rule}).",
        "en": "This Council resolution has not been received, or was not adopted ({rule}).",
    },
    "title.indicator_already_defined": {
        "kk": "Көрсеткіш анықталған",
        "ru": "Показатель уже определён",
        "en": "Indicator already defined",
    },
    "indicator_already_defined": {
        "kk": "{indicator} көрсеткіші бұрын анықталған.",
        "ru": "Показатель {indicator} уже определён.",
        "en": "The indicator {indicator} is already defined.",
    },
    "thresholds_not_ordered": {
        "kk": "Шектер деңгей бойынша реттелуі тиіс (жақсы бағыт: {direction}), кемінде біреуі берілуі тиіс.",
        "ru": "Пороги должны идти по уровням (хорошее направление: {direction}), нужен хотя бы один.",
        "en": "Thresholds must be ordered by level (good direction: {direction}), and at least one given.",
    },
    "title.incident_transition_refused": {
        "kk": "Бұл қадам мүмкін емес",
        "ru": "Этот шаг недопустим",
        "en": "Step not allowed",
    },
    "incident_transition_refused": {
        "kk": "«{status}» күйіндегі оқиғаға «{step}» қадамы қолданылмайды.",
        "ru": "Шаг «{step}» недопустим для инцидента в статусе «{status}».",
        "en": "The step {step} is not allowed for an incident that is {status}.",
    },
    "title.alert_already_closed": {
        "kk": "Дабыл жабылған",
        "ru": "Сигнал уже закрыт",
        "en": "Alert already closed",
    },
    "alert_already_closed": {
        "kk": "Бұл дабыл жабылған.",
        "ru": "Этот сигнал уже закрыт.",
        "en": "This alert is already closed.",
    },
    "alert_already_acknowledged": {
        "kk": "Бұл дабыл қабылданған.",
        "ru": "Этот сигнал уже принят к сведению.",
        "en": "This alert is already acknowledged.",
    },
    "rule_ids_not_unique": {
        "kk": "Бір ереже екі рет берілген.",
        "ru": "Одно правило указано дважды.",
        "en": "One rule is given twice.",
    },
    "monitoring_region_scope": {
        "kk": "Өңірлік ассамблея тек өз өңірі үшін әрекет етеді ({region}).",
        "ru": "Региональная ассамблея действует только в отношении своего региона ({region}).",
        "en": "A regional assembly acts for its own region only ({region}).",
    },
    "title.regional_report_exists": {
        "kk": "Есеп бұрын берілген",
        "ru": "Отчёт уже представлен",
        "en": "Report already submitted",
    },
    "regional_report_exists": {
        "kk": "{region} өңірінің {period} кезеңіне есебі бар: түзету сол есепті және "
        "себебін атайды.",
        "ru": "Отчёт региона {region} за период {period} уже есть: исправление ссылается на "
        "него и называет причину.",
        "en": "The report of {region} for {period} is on record: a correction names it in "
        "supersedes and gives a reason.",
    },
    "title.regional_report_stale": {
        "kk": "Есеп ескірген",
        "ru": "Отчёт устарел",
        "en": "Report out of date",
    },
    "regional_report_stale": {
        "kk": "{supersedes} есебі осы кезеңнің қолданыстағы есебі емес (қазіргісі: {current}).",
        "ru": "Отчёт {supersedes} не является действующим за этот период (действующий: {current}).",
        "en": "The report {supersedes} is not the period's current report (current: {current}).",
    },
    "regional_report_values_missing": {
        "kk": "Түзету ауыстырылатын есептің әр көрсеткішіне мән береді; жоқ: {indicators} "
        "({rule}).",
        "ru": "Исправление даёт значение по каждому показателю заменяемого отчёта; нет: "
        "{indicators} ({rule}).",
        "en": "A correction gives a value for every indicator of the report it supersedes; "
        "missing: {indicators} ({rule}).",
    },
    "regional_report_period": {
        "kk": "«{period}» кезеңі дұрыс емес (2026, 2026-H1, 2026-Q2 немесе 2026-03).",
        "ru": "Период «{period}» неверен (2026, 2026-H1, 2026-Q2 или 2026-03).",
        "en": "The period '{period}' is not valid (2026, 2026-H1, 2026-Q2 or 2026-03).",
    },
    "regional_report_future_period": {
        "kk": "{period} кезеңі әлі басталған жоқ: ол бойынша есеп берілмейді.",
        "ru": "Период {period} ещё не начался: отчёт за него не представляется.",
        "en": "The period {period} has not begun: no report can be given for it.",
    },
    "regional_report_reason_required": {
        "kk": "Есепті түзету себебін көрсетіңіз.",
        "ru": "Укажите причину исправления отчёта.",
        "en": "Give the reason for correcting the report.",
    },
    "regional_report_empty": {
        "kk": "Есепте көрсеткіш мәні де, оқиға да жоқ.",
        "ru": "В отчёте нет ни значений показателей, ни инцидентов.",
        "en": "The report has neither indicator values nor incidents.",
    },
    "calendar_day_outside_year": {
        "kk": "{day} күні жарияланатын жылға жатпайды.",
        "ru": "День {day} не относится к публикуемому году.",
        "en": "The day {day} is outside the year being published.",
    },
    "calendar_day_twice": {
        "kk": "{year} жылында бір күн екі рет берілген.",
        "ru": "В {year} году один день указан дважды.",
        "en": "A day is given twice in {year}.",
    },
    "calendar_year_not_published": {
        "kk": "{year} жылының күнтізбесі жарияланбаған: алдымен жылды жариялаңыз.",
        "ru": "Календарь {year} года не опубликован: сначала опубликуйте год.",
        "en": "The calendar of {year} is not published: publish the year first.",
    },
    "title.calendar_not_covered": {
        "kk": "Күнтізбеде жыл жоқ",
        "ru": "Года нет в календаре",
        "en": "Year not in the calendar",
    },
    "calendar_not_covered": {
        "kk": "{year} жылының демалыс күндері күнтізбеде жоқ: Хатшылық оны жариялауы тиіс.",
        "ru": "Выходных дней {year} года нет в календаре: Секретариат должен его опубликовать.",
        "en": "The calendar has no days off for {year}: the Secretariat must publish it.",
    },
    "title.rows_rejected": {
        "kk": "Жолдар қабылданбады",
        "ru": "Строки отклонены",
        "en": "Rows rejected",
    },
    "rows_rejected": {
        "kk": "{count} қате табылды; ештеңе енгізілмеді.",
        "ru": "Найдено ошибок: {count}; ничего не импортировано.",
        "en": "{count} errors found; nothing was imported.",
    },
    "row_csv_header": {
        "kk": "Бірінші жол тақырып болуы тиіс: {expected}.",
        "ru": "Первая строка должна быть заголовком: {expected}.",
        "en": "The first line must be the header: {expected}.",
    },
    "row_csv_columns": {
        "kk": "{line}-жол: {expected} баған күтілді, {got} берілді.",
        "ru": "Строка {line}: ожидалось столбцов {expected}, получено {got}.",
        "en": "Line {line}: {expected} columns expected, {got} given.",
    },
    "row_csv_too_many_rows": {
        "kk": "Файлда {max} жолдан көп.",
        "ru": "В файле больше {max} строк.",
        "en": "The file has more than {max} rows.",
    },
    "row_csv_no_rows": {
        "kk": "Файлда деректер жолы жоқ.",
        "ru": "В файле нет строк с данными.",
        "en": "The file has no data rows.",
    },
    "row_unknown_indicator": {
        "kk": "{line}-жол: {indicator} көрсеткіші анықталмаған.",
        "ru": "Строка {line}: показатель {indicator} не определён.",
        "en": "Line {line}: the indicator {indicator} is not defined.",
    },
    "row_unknown_region": {
        "kk": "{line}-жол: {region} өңірі анықтамалықта жоқ.",
        "ru": "Строка {line}: региона {region} нет в справочнике.",
        "en": "Line {line}: the region {region} is not in the reference data.",
    },
    "row_outside_region_scope": {
        "kk": "{line}-жол: {region} — басқа өңір; өңірлік ассамблея тек өз өңірі бойынша береді.",
        "ru": "Строка {line}: {region} — чужой регион; региональная ассамблея сдаёт данные только по своему.",
        "en": "Line {line}: {region} is another region; a regional assembly reports for its own only.",
    },
    "row_invalid_period": {
        "kk": "{line}-жол: «{period}» кезеңі дұрыс емес (2026, 2026-H1, 2026-Q2 немесе 2026-03).",
        "ru": "Строка {line}: период «{period}» неверен (2026, 2026-H1, 2026-Q2 или 2026-03).",
        "en": "Line {line}: the period '{period}' is not valid (2026, 2026-H1, 2026-Q2 or 2026-03).",
    },
    "row_invalid_value": {
        "kk": "{line}-жол: «{value}» мәні сан емес.",
        "ru": "Строка {line}: значение «{value}» не является числом.",
        "en": "Line {line}: the value '{value}' is not a number.",
    },
    "row_duplicate": {
        "kk": "{line}-жол: {first_line}-жолды қайталайды.",
        "ru": "Строка {line}: повторяет строку {first_line}.",
        "en": "Line {line}: repeats line {first_line}.",
    },
    "row_already_reported": {
        "kk": "{line}-жол: бұл көрсеткіш, өңір және кезең бойынша мән бұрын берілген.",
        "ru": "Строка {line}: значение по этому показателю, региону и периоду уже есть.",
        "en": "Line {line}: a value for this indicator, region and period is already on record.",
    },
    "row_not_reported": {
        "kk": "{line}-жол: түзетілетін мән жоқ.",
        "ru": "Строка {line}: нет значения, которое можно исправить.",
        "en": "Line {line}: there is no value on record to revise.",
    },
    "upload_unstorable": {
        "kk": "Файлда сақтауға болмайтын NUL таңбасы бар.",
        "ru": "Файл содержит символ NUL, который невозможно сохранить.",
        "en": "The file contains a NUL character, which cannot be stored.",
    },
    "upload_not_utf8": {
        "kk": "Файл UTF-8 кодталуында болуы тиіс.",
        "ru": "Файл должен быть в кодировке UTF-8.",
        "en": "The file must be encoded in UTF-8.",
    },
}

CATALOGUES: Final[tuple[Catalogue, ...]] = (MESSAGES,)
