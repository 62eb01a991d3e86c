"""The audit endpoints' messages in Kazakh, Russian and English."""

from __future__ import annotations

from shared.i18n import register_messages

register_messages(
    {
        "audit_not_enabled": {
            "kk": "{service} қызметінің аудит журналы әлі қосылмаған (аудит кестелері жоқ).",
            "ru": "Журнал аудита службы {service} ещё не включён (нет таблиц аудита).",
            "en": "The audit log of {service} is not enabled yet (no audit tables).",
        },
        "audit_no_tree_head": {
            "kk": "{service} қызметі әлі қол қойылған ағаш басын шығармаған.",
            "ru": "Служба {service} ещё не выпустила подписанную вершину дерева.",
            "en": "{service} has not issued a signed tree head yet.",
        },
        "audit_leaf_not_found": {
            "kk": "{event} оқиғасы аудит ағашында жоқ (әлі жоқ немесе мүлде жоқ).",
            "ru": "Событие {event} отсутствует в дереве аудита (ещё или вовсе).",
            "en": "Event {event} is not in the audit tree (not yet, or not at all).",
        },
        "audit_event_or_leaf": {
            "kk": (
                "Оқиғаның идентификаторын немесе журнал жазбасының нөмірін беріңіз, екеуін бірге"
                " емес."
            ),
            "ru": (
                "Укажите идентификатор события или номер записи журнала, но не то и другое вместе."
            ),
            "en": "Give an event's id or a log entry's number, not both.",
        },
        "audit_stalled": {
            "kk": (
                "{service} қызметінің аудит журналы артта қалды: бір оқиға қол қойылған ағаш"
                " басын {waiting} секунд күтіп тұр (шегі {limit} секунд)."
            ),
            "ru": (
                "Журнал аудита службы {service} отстаёт: событие ждёт подписанной вершины"
                " дерева {waiting} с (предел {limit} с)."
            ),
            "en": (
                "The audit log of {service} is behind: an event has waited {waiting} s for a"
                " signed tree head (limit {limit} s)."
            ),
        },
        "audit_quarantined": {
            "kk": (
                "{service} қызметінің аудит журналында карантиндегі {quarantined} жапырақ бар:"
                " RFC 8785 бойынша канондық түрге келтіруге болмайтын оқиғалар, олардың"
                " сақталған мәтіні тіркелді. Оларды тексеріңіз."
            ),
            "ru": (
                "В журнале аудита службы {service} листов в карантине: {quarantined}. Это"
                " события, которые нельзя привести к каноническому виду RFC 8785; в журнал"
                " занесён их хранимый текст. Проверьте их."
            ),
            "en": (
                "The audit log of {service} holds {quarantined} quarantined leaves: events"
                " RFC 8785 cannot canonicalise, committed as their stored text. Look into them."
            ),
        },
        "audit_range_invalid": {
            "kk": "Сұралған ағаш өлшемі немесе ауқым журналда жоқ: {detail}.",
            "ru": "Запрошенный размер дерева или диапазон отсутствует в журнале: {detail}.",
            "en": "The tree size or range asked for is not in the log: {detail}.",
        },
    }
)
