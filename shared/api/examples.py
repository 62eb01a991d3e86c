"""Realistic examples of request bodies, built from their JSON Schemas.

A model that declares ``examples`` (``model_config = ConfigDict(json_schema_extra=...)``) is
shown with its own. Any other body gets two examples made from its schema, one whose people
are Kazakh and one whose people are Russian, with the Assembly's vocabulary for the fields
the services share (names, posts, acts, places, regions, dates of the Asia/Almaty calendar).
Each example is valid against its schema; ``tests/api/test_openapi.py`` checks it.
"""

from __future__ import annotations

import re
from typing import Any, Final

from fastapi.routing import APIRoute

# Two casts: the people and words of one example, the people and words of the other.
_CASTS: Final[dict[str, dict[str, Any]]] = {
    "kk": {
        "summary": "Kazakh names",
        "person": {"kk": "Айгүл Серікқызы Жұмабаева", "ru": "Айгуль Сериковна Жумабаева"},
        "iin": "850412450128",
        "gender": "female",
        "ethnic_group": "kazakh",
        "region": "almaty_city",
        "place": "Астана, Бейбітшілік және келісім сарайы",
    },
    "ru": {
        "summary": "Russian names",
        "person": {"kk": "Сергей Иванович Петров", "ru": "Сергей Иванович Петров"},
        "iin": "790305300457",
        "gender": "male",
        "ethnic_group": "russian",
        "region": "kostanay",
        "place": "Астана, Дворец мира и согласия",
    },
}

_POST: Final = {
    "kk": "Қазақстан халқы Ассамблеясы Төрағасының орынбасары",
    "ru": "Заместитель Председателя Ассамблеи народа Казахстана",
}
_TITLE: Final = {
    "kk": "Этносаралық келісімді нығайту туралы",
    "ru": "Об укреплении межэтнического согласия",
}
_TEXT: Final = {
    "kk": "Ассамблея сессиясының шешімі бойынша жұмыс жоспары бекітілсін.",
    "ru": "Утвердить план работы по решению сессии Ассамблеи.",
}

_THING_NAME: Final = {
    "kk": "Этносаралық сенім деңгейі",
    "ru": "Уровень межэтнического доверия",
    "en": "Level of interethnic trust",
}
_PERSON_KEYS: Final = frozenset(
    {
        "person",
        "applicant",
        "speakers",
        "guests",
        "chair",
        "secretary",
        "mediator",
        "officer",
        "candidates",
        "recommended",
        "recipient",
        "speaker",
        "guest",
    }
)
_POST_KEYS: Final = frozenset({"post", "affiliation"})
_TEXT_KEYS: Final = frozenset(
    {"text", "summary", "statute", "task", "body", "description", "means", "content", "note"}
)
_DATE: Final = "2026-03-12"

_STRINGS: Final[dict[str, str]] = {
    "number": "№ 15",
    "decision_ref": "№ 15 от 12.03.2026",
    "reference": "№ 08-12/345",
    "reason": "По решению Совета Ассамблеи / Ассамблея Кеңесінің шешімі бойынша",
    "addressee": "Министерство культуры и информации Республики Казахстан",
    "outlet": "Казахстанская правда",
    "unit": "%",
    "period": "2026-Q1",
    "indicator": "interethnic_trust",
    "value": "87.5",
    "secret": "status-secret-from-the-receipt",
    "receipt": "abcdefghijklmnop234567",
    "url": "https://www.gov.kz/memleket/entities/assembly",
    "contact": "+7 701 123 45 67",
    "address": "Астана, ул. Бейбитшилик, 11",
    "media_type": "application/pdf",
    "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "citizenship": "KZ",
    "language": "kk",
    "factor": "3/2",
    "code": "interethnic_trust",
    "assembly": "national",
    "state_body": "ministry-of-culture",
    "document": "Казахстанская правда",
    "officer": "Секретариат Ассамблеи",
    "status": "published",
}


def body_examples(
    route: APIRoute, schema: dict[str, Any], components: dict[str, Any]
) -> dict[str, Any]:
    """The ``examples`` of a JSON request body: named, each with a summary and a value."""
    own = _resolve(schema, components).get("examples")
    if isinstance(own, list) and own:
        return {f"example{i + 1}": {"value": value} for i, value in enumerate(own)}
    examples = {}
    for cast_name, cast in _CASTS.items():
        value = _Builder(components, cast).value(schema, key="")
        examples[cast_name] = {"summary": f"{cast['summary']} ({route.name})", "value": value}
    return examples


def _resolve(node: dict[str, Any], components: dict[str, Any]) -> dict[str, Any]:
    seen = 0
    while "$ref" in node and seen < 32:
        node = components.get(node["$ref"].rsplit("/", 1)[1], {})
        seen += 1
    return node


class _Builder:
    def __init__(self, components: dict[str, Any], cast: dict[str, Any]) -> None:
        self.components = components
        self.cast = cast
        self.depth = 0
        self.path: list[str] = []  # the keys and the schemas' names from the root here

    def value(self, node: dict[str, Any], key: str) -> Any:
        self.depth += 1
        self.path.append(key)
        if "$ref" in node:
            self.path.append(node["$ref"].rsplit("/", 1)[1])
        try:
            return self._value(_resolve(node, self.components), key)
        finally:
            self.depth -= 1
            del self.path[len(self.path) - (2 if "$ref" in node else 1) :]

    def _about_a_person(self) -> bool:
        return any(k in _PERSON_KEYS or "Person" in k for k in self.path)

    def _value(self, node: dict[str, Any], key: str) -> Any:
        if "examples" in node and isinstance(node["examples"], list) and node["examples"]:
            return node["examples"][0]
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return self._choice(node["enum"], key)
        if "default" in node and node["default"] is not None and key != "":
            return node["default"]
        for combinator in ("oneOf", "anyOf"):
            if combinator in node:
                options = [o for o in node[combinator] if o.get("type") != "null"]
                return self.value(options[0] if options else node[combinator][0], key)
        if "allOf" in node:
            return self.value(node["allOf"][0], key)
        kind = node.get("type")
        if kind == "object" or "properties" in node:
            return self._object(node, key)
        if kind == "array":
            item = node.get("items", {})
            count = max(1, min(2, node.get("minItems", 1)))
            values = [self.value(item, key.removesuffix("s")) for _ in range(count)]
            if node.get("uniqueItems") or count > 1:
                values = _unique(values)[: max(1, node.get("minItems", 1))]
            return values
        if kind == "string":
            return self._string(node, key)
        if kind == "integer":
            return self._number(node, key, integer=True)
        if kind == "number":
            return self._number(node, key, integer=False)
        if kind == "boolean":
            return False
        return self._string(node, key)

    def _choice(self, values: list[Any], key: str) -> Any:
        if key == "gender" and self.cast["gender"] in values:
            return self.cast["gender"]
        return values[0]

    def _object(self, node: dict[str, Any], key: str) -> dict[str, Any]:
        properties: dict[str, Any] = node.get("properties", {})
        if {"kk", "ru"} <= set(properties):
            pair = self._bilingual(key)
            result = {"kk": pair["kk"], "ru": pair["ru"]}
            if "en" in properties:
                result["en"] = pair.get("en", pair["ru"])
            return result
        required = set(node.get("required", ()))
        result = {}
        for name, child in properties.items():
            # Optional members shown too, unless they may be null (an id of something the
            # example would have to create first, a note) or nest deeper than a reader follows.
            if name in required or (
                self.depth < 4 and not (_nullable(child) and name.endswith("_id"))
            ):
                result[name] = self.value(child, name)
        return result

    def _bilingual(self, key: str) -> dict[str, str]:
        if key == "name" or key.endswith("name"):
            person: dict[str, str] = self.cast["person"]
            return person if self._about_a_person() else _THING_NAME
        if key in _PERSON_KEYS:
            return dict(self.cast["person"])
        if key in _POST_KEYS:
            return _POST
        if key in _TEXT_KEYS:
            return _TEXT
        return _TITLE

    def _string(self, node: dict[str, Any], key: str) -> str:
        text = self._text(node, key)
        pattern = node.get("pattern")
        if pattern and not re.search(pattern, text):
            text = _matching(pattern, key)
        low, high = node.get("minLength", 0), node.get("maxLength")
        if len(text) < low:
            text = text + "." * (low - len(text))
        if high is not None:
            text = text[:high]
        return text

    def _text(self, node: dict[str, Any], key: str) -> str:
        fmt = node.get("format")
        if fmt == "date":
            return _DATE
        if fmt == "date-time":
            return "2026-03-12T10:30:00+05:00"
        if fmt == "uuid":
            return "3f2c8a4e-6b1d-4c7a-9e2f-1a5b7c9d0e11"
        if fmt == "uri":
            return "https://www.gov.kz/memleket/entities/assembly"
        if key in ("iin", "id_number"):
            return str(self.cast["iin"])
        if key in ("region", "nominating_region", "regions"):
            return str(self.cast["region"])
        if key in ("ethnic_group", "ethnic_groups"):
            return str(self.cast["ethnic_group"])
        if key in ("place",):
            return str(self.cast["place"])
        if key == "name" or key.endswith("name"):
            if self._about_a_person():
                return str(self.cast["person"]["ru"])
            return (
                "Протокол заседания Совета.pdf" if "Attachment" in self.path else _THING_NAME["ru"]
            )
        if key in _STRINGS:
            return _STRINGS[key]
        if key in ("title", "topic", "subject"):
            return _TITLE["ru"]
        return _TEXT["ru"]

    def _number(self, node: dict[str, Any], key: str, *, integer: bool) -> int | float:
        low = node.get("minimum", node.get("exclusiveMinimum", 0))
        high = node.get("maximum", node.get("exclusiveMaximum", 1_000_000))
        preferred = {
            "year": 2026,
            "present": 312,
            "votes_for": 298,
            "against": 4,
            "abstain": 10,
            "participants": 1200,
            "window_days": 30,
            "baseline_days": 365,
            "min_count": 3,
            "size": 245_760,
            # the thresholds of an indicator whose higher values are good
            "watch": 60,
            "pre_conflict": 50,
            "conflict": 40,
        }.get(key, 1)
        chosen = min(max(preferred, low), high)
        if "exclusiveMinimum" in node and chosen <= node["exclusiveMinimum"]:
            chosen = node["exclusiveMinimum"] + 1
        return int(chosen) if integer else float(chosen)


def _nullable(node: dict[str, Any]) -> bool:
    return any(option.get("type") == "null" for option in node.get("anyOf", ()))


def _unique(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


_PATTERN_SAMPLES: Final = (
    "almaty_city",
    "interethnic_trust",
    "national",
    "kazakh",
    "KZ",
    "kk",
    "3/2",
    "850412450128",
    "application/pdf",
    "published",
    "abcdefghijklmnop234567",
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "reg-2024",
)


def _matching(pattern: str, key: str) -> str:
    """A value of ``pattern`` from the vocabulary (the key's own first)."""
    candidates = [_STRINGS.get(key, ""), *_PATTERN_SAMPLES]
    for candidate in candidates:
        if candidate and re.search(pattern, candidate):
            return candidate
    return key or "value"
