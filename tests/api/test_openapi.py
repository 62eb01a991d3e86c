"""The five services' OpenAPI documents: every parameter and every value of a request body is
bounded, and every operation lists the problems it answers with (``shared.api.openapi``).

A new unbounded ``int`` or ``str`` query or path parameter fails here; a field of a JSON body
is shown with the bounds the body check enforces (``shared.api.body``) when it declares none.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest

from ops.testing.services import settings_for_test
from shared.api.contract import BEARER, OPENID, OPERATION_ID
from shared.api.openapi import install_openapi
from shared.api.server import settings_class
from shared.bounds import MAX_JSON_ARRAY, MAX_JSON_STRING, MAX_SAFE_INTEGER
from shared.i18n import MESSAGES
from shared.runtime.catalog import SERVICES, get_service

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


# -- the contract: ids, security, problems with their reasons, examples, descriptions --------


def test_every_operation_has_a_meaningful_unique_operation_id(document: dict[str, Any]) -> None:
    ids = [operation.get("operationId", "") for _, _, operation in _operations(document)]
    odd = [i for i in ids if not OPERATION_ID.fullmatch(i)]
    assert odd == []
    assert len(ids) == len(set(ids))


def test_every_operation_is_protected_or_marked_public(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes[BEARER] == {**schemes[BEARER], "type": "http", "scheme": "bearer"}
    unmarked = []
    for path, method, operation in _operations(document):
        security = operation.get("security")
        if operation.get("x-public") is True:
            # Public: no requirement, or an optional one ({} first) where a token widens it.
            if security != [] and (not security or security[0] != {}):
                unmarked.append(f"{method.upper()} {path}: public with {security}")
        elif security and all(set(r) <= set(schemes) and r for r in security):
            assert operation["x-roles"], (path, method)
            assert {"401", "403"} <= set(operation["responses"]), (path, method)
        else:
            unmarked.append(f"{method.upper()} {path}: neither protected nor public")
    assert unmarked == []


def test_protected_and_public_operations_follow_the_routes_dependencies() -> None:
    document = _document("membership")
    include = document["paths"]["/v1/members"]["post"]
    assert include["operationId"] == "includeMember"
    # the Chairman for the Assembly; a regional assembly's secretariat (or the Secretariat)
    # for a regional assembly's own membership
    assert include["x-roles"] == ["chairman", "regional_assembly", "secretariat"]
    assert include["security"] == [{BEARER: []}]
    assert "assembly_scope" in include["responses"]["403"]["x-reason-codes"]
    assert "x-public" not in include
    regions = document["paths"]["/v1/reference/regions"]["get"]
    assert (regions["x-public"], regions["security"]) == (True, [])
    member = document["paths"]["/v1/members/{member_id}"]["get"]  # officials read more
    assert (member["x-public"], member["security"]) == (True, [{}, {BEARER: []}])


def test_the_openid_connect_scheme_is_declared_when_its_url_is_given() -> None:
    spec = get_service("council")
    settings = settings_for_test(settings_class(spec), "postgresql+asyncpg://unused/unused")
    app = importlib.import_module(f"{spec.module}.main").create_app(settings)
    app.openapi_schema = None
    url = "http://127.0.0.1:8009/.well-known/openid-configuration"
    install_openapi(app, openid_connect_url=url)
    document = app.openapi()
    assert document["components"]["securitySchemes"][OPENID] == {
        "type": "openIdConnect",
        "openIdConnectUrl": url,
        "description": document["components"]["securitySchemes"][OPENID]["description"],
    }
    protected = document["paths"]["/v1/council/meetings"]["post"]
    assert protected["security"] == [{BEARER: []}, {OPENID: []}]
    assert OPENID not in _document("council")["components"]["securitySchemes"]


def test_every_error_response_is_a_problem_with_its_reason_codes(
    document: dict[str, Any],
) -> None:
    known = set(MESSAGES)
    missing = []
    for path, method, operation in _operations(document):
        errors = {s: _resolve(document, r) for s, r in operation["responses"].items() if s >= "4"}
        if not errors:
            missing.append(f"{method.upper()} {path}: no error response")
        for status, response in errors.items():
            assert list(response["content"]) == [PROBLEM_JSON], (path, method, status)
            unknown = set(response.get("x-reason-codes", ())) - known if status < "5" else set()
            assert unknown == set(), (path, method, status)
    assert missing == []


def test_reason_codes_are_collected_from_the_errors_the_handler_raises() -> None:
    document = _document("membership")
    approval = document["paths"]["/v1/candidacies/{member_id}/approval"]["post"]["responses"]
    assert "approval_before_council_review" in approval["422"]["x-reason-codes"]
    assert "candidacy_already_decided" in approval["409"]["x-problem-codes"]
    assert "concurrency_conflict" in approval["412"]["x-problem-codes"]
    assert "role_required" in approval["403"]["x-reason-codes"]
    assert "token_expired" in approval["401"]["x-reason-codes"]
    regions = document["paths"]["/v1/reference/regions"]["get"]["responses"]
    assert "x-reason-codes" not in regions.get("422", {})  # a read names no rule


def test_reason_codes_follow_handlers_imported_under_an_alias() -> None:
    # council's routes name their handlers through ``meetings as handlers``: the reasons of
    # the handler and of the aggregate it runs are documented, no other aggregate's.
    document = _document("council")
    ballots = document["paths"]["/v1/council/written-polls/{resolution_id}/ballots"]["post"]
    assert "council_already_voted" in ballots["responses"]["409"]["x-problem-codes"]
    assert "members_act_for_themselves" in ballots["responses"]["403"]["x-reason-codes"]
    convene = document["paths"]["/v1/council/meetings"]["post"]["responses"]
    assert "council_date_too_early" in convene["422"]["x-reason-codes"]
    assert "control_card_not_found" not in convene.get("404", {}).get("x-problem-codes", ())


def test_every_json_request_body_has_valid_examples_with_kazakh_and_russian_names(
    document: dict[str, Any],
) -> None:
    schemas = {"components": {"schemas": document["components"]["schemas"]}}
    missing, invalid = [], []
    names = 0
    for path, method, operation in _operations(document):
        media = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if media is None:
            continue
        examples = media.get("examples", {})
        if not examples:
            missing.append(f"{method.upper()} {path}")
        validator = jsonschema.Draft202012Validator({**media["schema"], **schemas})
        for name, example in examples.items():
            errors = [e.message for e in validator.iter_errors(example["value"])]
            if errors:
                invalid.append(f"{method.upper()} {path} {name}: {errors[:2]}")
        text = json.dumps([e["value"] for e in examples.values()], ensure_ascii=False)
        if "PersonName" in json.dumps(media["schema"]) or "Айгүл" in text:
            names += 1
            assert "Айгүл" in text and "Петров" in text, (path, method)
    assert missing == []
    assert invalid == []


def test_every_parameter_is_described_and_every_operation_has_one_tag(
    document: dict[str, Any],
) -> None:
    undescribed = [
        f"{method.upper()} {path} {parameter['in']} {parameter['name']}"
        for path, method, operation in _operations(document)
        for parameter in operation.get("parameters", ())
        if not parameter.get("description")
    ]
    assert undescribed == []
    untagged = [
        f"{method.upper()} {path}"
        for path, method, operation in _operations(document)
        if len(operation.get("tags", ())) != 1
    ]
    assert untagged == []


def test_every_field_a_client_sends_is_described(document: dict[str, Any]) -> None:
    undescribed = set()
    for path, method, operation in _operations(document):
        media = operation.get("requestBody", {}).get("content", {}).get("application/json")
        if media is None:
            continue
        for node in _leaves(document, media["schema"]):
            for name, prop in node.get("properties", {}).items():
                if not _resolve(document, prop).get("description") and not prop.get("description"):
                    undescribed.add(f"{method.upper()} {path}: {name}")
    assert sorted(undescribed) == []


def test_every_request_body_of_any_media_type_has_an_example(document: dict[str, Any]) -> None:
    missing = [
        f"{method.upper()} {path} {media_type}"
        for path, method, operation in _operations(document)
        for media_type, media in operation.get("requestBody", {}).get("content", {}).items()
        if not media.get("examples") and "example" not in media
    ]
    assert missing == []
