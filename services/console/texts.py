"""The console's interface texts in Kazakh, Russian and English (one entry per text)."""

from __future__ import annotations

from typing import Final, Literal

Language = Literal["kk", "ru", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("kk", "ru", "en")
LANGUAGE_NAMES: Final = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

TEXTS: Final[dict[str, dict[Language, str]]] = {
    "site": {
        "kk": "Қазақстан халқы Ассамблеясы",
        "ru": "Ассамблея народа Казахстана",
        "en": "Assembly of the People of Kazakhstan",
    },
    "skip": {"kk": "Мазмұнға өту", "ru": "Перейти к содержанию", "en": "Skip to content"},
    "nav_home": {"kk": "Басты бет", "ru": "Главная", "en": "Home"},
    "nav_composition": {"kk": "Құрамы", "ru": "Состав", "en": "Composition"},
    "nav_sessions": {
        "kk": "Сессиялар мен Кеңес",
        "ru": "Сессии и Совет",
        "en": "Sessions and Council",
    },
    "nav_execution": {
        "kk": "Шешімдердің орындалуы",
        "ru": "Исполнение решений",
        "en": "Execution of decisions",
    },
    "nav_monitoring": {"kk": "Мониторинг", "ru": "Мониторинг", "en": "Monitoring"},
    "nav_appeals": {
        "kk": "Өтініштер статистикасы",
        "ru": "Статистика обращений",
        "en": "Appeal statistics",
    },
    "nav_audit": {"kk": "Аудитор", "ru": "Аудитор", "en": "Auditor"},
    "nav_secretariat": {"kk": "Хатшылық", "ru": "Секретариат", "en": "Secretariat"},
    "language": {"kk": "Тіл", "ru": "Язык", "en": "Language"},
    "sign_in": {"kk": "Кіру", "ru": "Войти", "en": "Sign in"},
    "sign_out": {"kk": "Шығу", "ru": "Выйти", "en": "Sign out"},
    "signed_in_as": {"kk": "Жүйеде:", "ru": "Вы вошли как", "en": "Signed in as"},
    "home_intro": {
        "kk": "Ассамблеяның құрамы, сессиялары, шешімдері және мониторингі туралы ашық деректер.",
        "ru": "Открытые данные о составе, сессиях, решениях и мониторинге Ассамблеи.",
        "en": "Open data on the Assembly's composition, Sessions, decisions and monitoring.",
    },
    "as_of": {"kk": "Күні", "ru": "На дату", "en": "As of"},
    "show": {"kk": "Көрсету", "ru": "Показать", "en": "Show"},
    "total_members": {"kk": "Мүшелер саны", "ru": "Всего членов", "en": "Members in all"},
    "by_region": {"kk": "Өңірлер бойынша", "ru": "По регионам", "en": "By region"},
    "by_ethnic_group": {"kk": "Этностар бойынша", "ru": "По этносам", "en": "By ethnic group"},
    "by_gender": {"kk": "Жынысы бойынша", "ru": "По полу", "en": "By gender"},
    "by_category": {"kk": "Санаты бойынша", "ru": "По категориям", "en": "By category"},
    "value": {"kk": "Мәні", "ru": "Значение", "en": "Value"},
    "count": {"kk": "Саны", "ru": "Количество", "en": "Count"},
    "share": {"kk": "Үлесі", "ru": "Доля", "en": "Share"},
    "regions_grid": {"kk": "20 өңір", "ru": "20 регионов", "en": "The 20 regions"},
    "upcoming_sessions": {
        "kk": "Алдағы сессиялар",
        "ru": "Предстоящие сессии",
        "en": "Upcoming Sessions",
    },
    "past_sessions": {"kk": "Өткен сессиялар", "ru": "Прошедшие сессии", "en": "Past Sessions"},
    "council_meetings": {
        "kk": "Кеңес отырыстары",
        "ru": "Заседания Совета",
        "en": "Council meetings",
    },
    "decisions": {"kk": "Шешімдер", "ru": "Решения", "en": "Decisions"},
    "resolutions": {
        "kk": "Кеңес қаулылары",
        "ru": "Постановления Совета",
        "en": "Council resolutions",
    },
    "date": {"kk": "Күні", "ru": "Дата", "en": "Date"},
    "place": {"kk": "Орны", "ru": "Место", "en": "Place"},
    "kind": {"kk": "Түрі", "ru": "Вид", "en": "Kind"},
    "status": {"kk": "Мәртебесі", "ru": "Статус", "en": "Status"},
    "text": {"kk": "Мәтіні", "ru": "Текст", "en": "Text"},
    "none": {"kk": "Жоқ", "ru": "Нет", "en": "None"},
    "live_board": {"kk": "Тікелей тақта", "ru": "Живое табло", "en": "Live board"},
    "quorum": {"kk": "Кворум", "ru": "Кворум", "en": "Quorum"},
    "present": {"kk": "Қатысуда", "ru": "Присутствуют", "en": "Present"},
    "of_total": {"kk": "барлығы", "ru": "из", "en": "of"},
    "required": {"kk": "қажет", "ru": "требуется", "en": "required"},
    "quorate": {"kk": "Кворум бар", "ru": "Кворум есть", "en": "Quorate"},
    "not_quorate": {"kk": "Кворум жоқ", "ru": "Кворума нет", "en": "Not quorate"},
    "polls": {"kk": "Дауыс берулер", "ru": "Голосования", "en": "Polls"},
    "motion": {"kk": "Ұсыныс", "ru": "Предложение", "en": "Motion"},
    "method": {"kk": "Тәсілі", "ru": "Способ", "en": "Method"},
    "turnout": {"kk": "Дауыс бергендер", "ru": "Проголосовали", "en": "Turnout"},
    "votes_for": {"kk": "Жақтады", "ru": "За", "en": "For"},
    "against": {"kk": "Қарсы", "ru": "Против", "en": "Against"},
    "abstain": {"kk": "Қалыс қалды", "ru": "Воздержались", "en": "Abstained"},
    "secret_hidden": {
        "kk": "Жасырын дауыс беру: нәтиже жабылғаннан кейін",
        "ru": "Тайное голосование: итог после закрытия",
        "en": "Secret poll: the tally after the close",
    },
    "adopted": {"kk": "Қабылданды", "ru": "Принято", "en": "Adopted"},
    "rejected": {"kk": "Қабылданбады", "ru": "Не принято", "en": "Not adopted"},
    "open": {"kk": "Ашық", "ru": "Открыто", "en": "Open"},
    "closed": {"kk": "Жабық", "ru": "Закрыто", "en": "Closed"},
    "live_connected": {
        "kk": "Тікелей жаңартулар қосулы",
        "ru": "Обновления в реальном времени включены",
        "en": "Live updates on",
    },
    "live_waiting": {"kk": "Қосылуда…", "ru": "Подключение…", "en": "Connecting…"},
    "cards": {"kk": "Бақылау карталары", "ru": "Контрольные карточки", "en": "Control cards"},
    "assignments": {"kk": "Тапсырмалар", "ru": "Поручения", "en": "Assignments"},
    "state_body": {"kk": "Мемлекеттік орган", "ru": "Государственный орган", "en": "State body"},
    "deadline": {"kk": "Мерзімі", "ru": "Срок", "en": "Deadline"},
    "overdue": {"kk": "Мерзімі өткен", "ru": "Просрочено", "en": "Overdue"},
    "done": {"kk": "Орындалды", "ru": "Исполнено", "en": "Done"},
    "progress": {"kk": "Орындалуы", "ru": "Исполнение", "en": "Progress"},
    "task": {"kk": "Тапсырма", "ru": "Поручение", "en": "Task"},
    "national_summary": {
        "kk": "Ұлттық жиынтық",
        "ru": "Национальная сводка",
        "en": "National summary",
    },
    "region": {"kk": "Өңір", "ru": "Регион", "en": "Region"},
    "open_incidents": {"kk": "Ашық оқиғалар", "ru": "Открытые инциденты", "en": "Open incidents"},
    "active_alerts": {
        "kk": "Белсенді ескертулер",
        "ru": "Активные оповещения",
        "en": "Active alerts",
    },
    "alert_level": {"kk": "Ескерту деңгейі", "ru": "Уровень оповещения", "en": "Alert level"},
    "indicators": {"kk": "Көрсеткіштер", "ru": "Показатели", "en": "Indicators"},
    "thresholds": {"kk": "Шектері", "ru": "Пороги", "en": "Thresholds"},
    "latest": {"kk": "Соңғы мәні", "ru": "Последнее значение", "en": "Latest value"},
    "incidents_over_time": {
        "kk": "Айлар бойынша оқиғалар",
        "ru": "Инциденты по месяцам",
        "en": "Incidents by month",
    },
    "month": {"kk": "Ай", "ru": "Месяц", "en": "Month"},
    "appeals_received": {
        "kk": "Түскен өтініштер",
        "ru": "Поступило обращений",
        "en": "Appeals received",
    },
    "answered_on_time": {
        "kk": "Мерзімінде жауап берілді",
        "ru": "Отвечено в срок",
        "en": "Answered on time",
    },
    "answered_late": {
        "kk": "Кешігіп жауап берілді",
        "ru": "Отвечено с опозданием",
        "en": "Answered late",
    },
    "open_overdue": {"kk": "Мерзімі өткен", "ru": "Просрочены", "en": "Overdue"},
    "open_in_time": {"kk": "Қаралуда", "ru": "На рассмотрении", "en": "Under consideration"},
    "forwarded_on_time": {
        "kk": "Мерзімінде жіберілді",
        "ru": "Перенаправлены в срок",
        "en": "Forwarded on time",
    },
    "forwarded_late": {
        "kk": "Кешігіп жіберілді",
        "ru": "Перенаправлены с опозданием",
        "en": "Forwarded late",
    },
    "closed_unconsidered": {
        "kk": "Қаралмай жабылды",
        "ru": "Закрыты без рассмотрения",
        "en": "Closed unconsidered",
    },
    "by_topic": {"kk": "Тақырыптар бойынша", "ru": "По темам", "en": "By topic"},
    "compliance": {
        "kk": "Мерзімдердің сақталуы",
        "ru": "Соблюдение сроков",
        "en": "Deadline compliance",
    },
    "no_personal_data": {
        "kk": "Жеке деректерсіз жиынтық сандар.",
        "ru": "Сводные числа без персональных данных.",
        "en": "Aggregate counts, no personal data.",
    },
    "audit_intro": {
        "kk": "Әр қызметтің қол қойылған ағаш басы және ашық кілті. Жазбаның енгізу дәлелі осы бетте браузерде тексеріледі.",
        "ru": "Подписанные вершины дерева и открытые ключи каждой службы. Доказательство включения записи проверяется прямо в браузере.",
        "en": "Each service's signed tree head and public key. An entry's inclusion proof is checked in this page, in your browser.",
    },
    "service": {"kk": "Қызмет", "ru": "Служба", "en": "Service"},
    "tree_size": {"kk": "Ағаш өлшемі", "ru": "Размер дерева", "en": "Tree size"},
    "root_hash": {"kk": "Түбір хэші", "ru": "Хэш корня", "en": "Root hash"},
    "public_key": {"kk": "Ашық кілт", "ru": "Открытый ключ", "en": "Public key"},
    "signature": {"kk": "Қолтаңба", "ru": "Подпись", "en": "Signature"},
    "signed_at": {"kk": "Қол қойылған уақыты", "ru": "Время подписи", "en": "Signed at"},
    "verify_entry": {"kk": "Жазбаны тексеру", "ru": "Проверить запись", "en": "Verify an entry"},
    "leaf_index": {"kk": "Жазба нөмірі", "ru": "Номер записи", "en": "Entry number"},
    "verify": {"kk": "Тексеру", "ru": "Проверить", "en": "Verify"},
    "verified": {
        "kk": "Тексерілді: жазба қол қойылған ағашқа енгізілген",
        "ru": "Проверено: запись входит в подписанное дерево",
        "en": "Verified: the entry is in the signed tree",
    },
    "not_verified": {
        "kk": "Тексеру сәтсіз",
        "ru": "Проверка не пройдена",
        "en": "Verification failed",
    },
    "audit_sign_in": {
        "kk": "Енгізу дәлелдерін аудитор немесе Хатшылық кіргеннен кейін алады.",
        "ru": "Доказательства включения доступны аудитору или Секретариату после входа.",
        "en": "Inclusion proofs are for auditors and the Secretariat: sign in first.",
    },
    "no_head": {
        "kk": "Әлі қол қойылған ағаш басы жоқ",
        "ru": "Подписанной вершины ещё нет",
        "en": "No signed tree head yet",
    },
    "inbox": {"kk": "Өтініштер", "ru": "Обращения", "en": "Appeals inbox"},
    "control_board": {"kk": "Бақылау тақтасы", "ru": "Контрольная доска", "en": "Control board"},
    "incidents_alerts": {
        "kk": "Оқиғалар мен ескертулер",
        "ru": "Инциденты и оповещения",
        "en": "Incidents and alerts",
    },
    "convene": {"kk": "Шақыру", "ru": "Созыв", "en": "Convene"},
    "working_days_left": {
        "kk": "Қалған жұмыс күндері",
        "ru": "Осталось рабочих дней",
        "en": "Working days left",
    },
    "topic": {"kk": "Тақырыбы", "ru": "Тема", "en": "Topic"},
    "registered": {"kk": "Тіркелді", "ru": "Зарегистрировано", "en": "Registered"},
    "answer_due": {"kk": "Жауап мерзімі", "ru": "Срок ответа", "en": "Answer due"},
    "overdue_list": {"kk": "Мерзімі өткендер", "ru": "Просроченные", "en": "Overdue"},
    "reports": {"kk": "Есептер", "ru": "Отчёты", "en": "Reports"},
    "accept": {"kk": "Қабылдау", "ru": "Принять", "en": "Accept"},
    "return": {"kk": "Қайтару", "ru": "Вернуть", "en": "Return"},
    "reason": {"kk": "Себебі", "ru": "Причина", "en": "Reason"},
    "acknowledge": {"kk": "Танысу", "ru": "Подтвердить", "en": "Acknowledge"},
    "close": {"kk": "Жабу", "ru": "Закрыть", "en": "Close"},
    "note": {"kk": "Ескертпе", "ru": "Примечание", "en": "Note"},
    "alerts": {"kk": "Ескертулер", "ru": "Оповещения", "en": "Alerts"},
    "incidents": {"kk": "Оқиғалар", "ru": "Инциденты", "en": "Incidents"},
    "severity": {"kk": "Маңыздылығы", "ru": "Серьёзность", "en": "Severity"},
    "convene_session": {"kk": "Сессияны шақыру", "ru": "Созвать сессию", "en": "Convene a Session"},
    "convene_meeting": {
        "kk": "Кеңес отырысын шақыру",
        "ru": "Созвать заседание Совета",
        "en": "Convene a Council meeting",
    },
    "opens_on": {"kk": "Ашылу күні", "ru": "Дата открытия", "en": "Opens on"},
    "place_kk": {"kk": "Орны (қазақша)", "ru": "Место (на казахском)", "en": "Place (Kazakh)"},
    "place_ru": {"kk": "Орны (орысша)", "ru": "Место (на русском)", "en": "Place (Russian)"},
    "submit": {"kk": "Жіберу", "ru": "Отправить", "en": "Submit"},
    "done_ok": {"kk": "Орындалды", "ru": "Выполнено", "en": "Done"},
    "error": {"kk": "Қате", "ru": "Ошибка", "en": "Error"},
    "needs_sign_in": {
        "kk": "Бұл бет Хатшылыққа арналған: кіріңіз.",
        "ru": "Эта страница для Секретариата: войдите.",
        "en": "This page is for the Secretariat: sign in.",
    },
    "pending_report": {
        "kk": "Қаралатын есеп",
        "ru": "Отчёт на рассмотрении",
        "en": "Report to review",
    },
    "card_closed": {"kk": "Карта жабылды", "ru": "Карточка закрыта", "en": "Card closed"},
    "days": {"kk": "күн", "ru": "дн.", "en": "days"},
    "chart_of": {
        "kk": "Диаграмма; деректер төмендегі кестеде",
        "ru": "Диаграмма; данные в таблице ниже",
        "en": "Chart; the data is in the table below",
    },
    "level_watch": {"kk": "Бақылау", "ru": "Наблюдение", "en": "Watch"},
    "level_pre_conflict": {"kk": "Қақтығыс алды", "ru": "Предконфликт", "en": "Pre-conflict"},
    "level_conflict": {"kk": "Қақтығыс", "ru": "Конфликт", "en": "Conflict"},
}


CODES: Final[dict[str, dict[Language, str]]] = {
    "female": {"kk": "Әйел", "ru": "Женщины", "en": "Women"},
    "male": {"kk": "Ер", "ru": "Мужчины", "en": "Men"},
    "state_body": {
        "kk": "Мемлекеттік органдар",
        "ru": "Государственные органы",
        "en": "State bodies",
    },
    "ethnocultural_association": {
        "kk": "Этномәдени бірлестіктер",
        "ru": "Этнокультурные объединения",
        "en": "Ethnocultural associations",
    },
    "public_association": {
        "kk": "Қоғамдық бірлестіктер",
        "ru": "Общественные объединения",
        "en": "Public associations",
    },
    "public_figure": {
        "kk": "Қоғам қайраткерлері",
        "ru": "Общественные деятели",
        "en": "Public figures",
    },
    "maslikhat": {
        "kk": "Мәслихат депутаттары",
        "ru": "Депутаты маслихатов",
        "en": "Maslikhat deputies",
    },
    "regular": {"kk": "Кезекті", "ru": "Очередная", "en": "Regular"},
    "extraordinary": {"kk": "Кезектен тыс", "ru": "Внеочередная", "en": "Extraordinary"},
    "open": {"kk": "Ашық", "ru": "Открытое", "en": "Open"},
    "roll_call": {"kk": "Атаулы", "ru": "Поименное", "en": "Roll call"},
    "secret": {"kk": "Жасырын", "ru": "Тайное", "en": "Secret"},
    "closed": {"kk": "Жабылды", "ru": "Закрыто", "en": "Closed"},
    "convened": {"kk": "Шақырылды", "ru": "Созвана", "en": "Convened"},
    "sitting": {"kk": "Отырыс жүріп жатыр", "ru": "Идёт заседание", "en": "Sitting"},
    "held": {"kk": "Өткізілді", "ru": "Проведена", "en": "Held"},
    "cancelled": {"kk": "Күшін жойды", "ru": "Отменена", "en": "Cancelled"},
    "adopted": {"kk": "Қабылданды", "ru": "Принято", "en": "Adopted"},
    "rejected": {"kk": "Қабылданбады", "ru": "Не принято", "en": "Rejected"},
    "polling": {"kk": "Дауыс беру жүріп жатыр", "ru": "Идёт голосование", "en": "Polling"},
    "assigned": {"kk": "Тапсырылды", "ru": "Поручено", "en": "Assigned"},
    "reported": {"kk": "Есеп берілді", "ru": "Отчёт представлен", "en": "Reported"},
    "returned": {"kk": "Қайтарылды", "ru": "Возвращено", "en": "Returned"},
    "done": {"kk": "Орындалды", "ru": "Исполнено", "en": "Done"},
    "acknowledged": {"kk": "Танысты", "ru": "Принято к сведению", "en": "Acknowledged"},
}


def code(value: object, lang: Language) -> str:
    """A code the APIs answer with (a method, a status, a category) in the page's language;
    the code itself when it has no label here."""
    entry = CODES.get(str(value))
    return entry[lang] if entry is not None else str(value if value is not None else "—")


def text(key: str, lang: Language) -> str:
    entry = TEXTS.get(key)
    if entry is None:
        return key
    return entry[lang]
