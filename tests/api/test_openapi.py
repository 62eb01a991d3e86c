"""The four services' OpenAPI documents: every parameter and every value of a request body is
bounded, and every operation lists the problems it answers with (``shared.api.openapi``).

A new unbounded ``int`` or ``str`` query or path parameter fails here; a field of a JSON body
is shown with the bounds the body check enforces (``shared.api.body``) when it declares none.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest

from shared.api.server import settings_class
from shared.bounds import MAX_JSON_ARRAY, MAX_JSON_STRING, MAX_SAFE_INTEGER
from shared.runtime.catalog import SERVICES, get_service
from shared.testing.services import settings_for_test

PROBLEM_JSON = "application/problem+json"
BOUNDED_FORMATS = {"uuid", "date", "date-time"}
EVERYWHERE = {413, 422, 500, 503}
UNLIMITED = {"/health"}


def _document(service: str) -> dict[str, Any]:
    spec = get_service(service)
    settings = settings_for_test(settings_class(spec), "postgresql+asyncpg://unused/unused")
    app = importlib.import_module(f"{spec.module}.main").create_app(settings)
    document: dict[str, Any] = app.openapi()
    return document


@pytest.fixture(scope="module", params=[s.name for s in SERVICES])
def document(request: pytest.FixtureRequest) -> dict[str, Any]:
    return _document(request.param)


def _resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        section, name = node["$ref"].split("/")[-2:]
        node = document["components"][section][name]
    return node


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _leaves(document: dict[str, Any], schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every schema object under ``schema`` (references followed once)."""
    seen: set[str] = set()
    stack = [schema]
    while stack:
        node = stack.pop()
        if "$ref" in node:
            if node["$ref"] not in seen:
                seen.add(node["$ref"])
                stack.append(_resolve(document, node))
            continue
        yield node
        stack.extend(node.get("properties", {}).values())
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                stack.append(node[key])
        for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            stack.extend(node.get(key, ()))


def _unbounded(node: dict[str, Any]) -> str | None:
    """What is unbounded about a schema object, or None."""
    kind = node.get("type")
    if kind in ("integer", "number"):
        low = node.get("minimum", node.get("exclusiveMinimum"))
        high = node.get("maximum", node.get("exclusiveMaximum"))
        if low is None or high is None or low < -MAX_SAFE_INTEGER or high > MAX_SAFE_INTEGER:
            return f"{kind} without bounds within ±(2^53-1): {node}"
    if kind == "string":
        fixed = "enum" in node or "const" in node or node.get("format") in BOUNDED_FORMATS
        if not fixed and not 0 < node.get("maxLength", MAX_JSON_STRING + 1) <= MAX_JSON_STRING:
            return f"string without a maximum length: {node}"
    if kind == "array" and not 0 < node.get("maxItems", MAX_JSON_ARRAY + 1) <= MAX_JSON_ARRAY:
        return f"array without a maximum number of items: {node}"
    return None


def test_every_query_and_path_parameter_is_bounded(document: dict[str, Any]) -> None:
    unbounded = [
        f"{method.upper()} {path} {parameter['name']}: {problem}"
        for path, method, operation in _operations(document)
        for parameter in operation.get("parameters", ())
        if parameter["in"] in ("query", "path")
        for node in _leaves(document, parameter["schema"])
        if (problem := _unbounded(node)) is not None
    ]
    assert unbounded == []


def test_every_value_of_a_json_request_body_is_bounded(document: dict[str, Any]) -> None:
    bodies = 0
    unbounded = []
    for path, method, operation in _operations(document):
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items():
            if media_type == "application/json":
                bodies += 1
                unbounded += [
                    f"{method.upper()} {path}: {problem}"
                    for node in _leaves(document, media["schema"])
                    if (problem := _unbounded(node)) is not None
                ]
    assert bodies > 0
    assert unbounded == []


def test_every_operation_lists_the_problems_it_answers_with(document: dict[str, Any]) -> None:
    missing = []
    for path, method, operation in _operations(document):
        responses = {int(s): _resolve(document, r) for s, r in operation["responses"].items()}
        expected = {500} if path in UNLIMITED else set(EVERYWHERE)
        if "requestBody" in operation:
            expected |= {400, 408}
        if any(p["in"] == "path" for p in operation.get("parameters", ())):
            expected.add(404)
        if method != "get":
            expected |= {404, 409}
        if not expected <= set(responses):
            missing.append(f"{method.upper()} {path}: {sorted(expected - set(responses))}")
        for status, response in responses.items():
            if status >= 400:
                content = response["content"]
                assert list(content) == [PROBLEM_JSON], (path, method, status)
                schema = content[PROBLEM_JSON]["schema"]
                assert schema == {"$ref": "#/components/schemas/ProblemDetails"}
    assert missing == []
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_an_authenticated_operation_lists_401_and_403() -> None:
    document = _document("monitoring")
    submit = document["paths"]["/v1/appeals"]["post"]["responses"]
    assert {"401", "403"} <= set(submit)  # a bad token is refused even where none is needed
    assert "503" in submit
    overloaded = _resolve(document, submit["503"])
    assert "Retry-After" in overloaded["headers"]
    calendar_year = document["paths"]["/v1/calendar/years/{year}"]["put"]["parameters"][0]
    assert (calendar_year["schema"]["minimum"], calendar_year["schema"]["maximum"]) == (2000, 2100)
