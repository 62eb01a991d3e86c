"""What every service's OpenAPI document says beyond its routes' own declarations.

- **Problems.** Every operation lists the ``application/problem+json`` answers the platform
  gives it, all with one ``ProblemDetails`` schema: 422 (validation, or a NUL in the path or
  the query), 413 (a body or a ``Content-Length`` beyond the limit), 500 and 503 (overloaded,
  with ``Retry-After``) everywhere; 400 (a body that cannot be read) and 408 (a body that did
  not arrive in time) where there is a body; 401 and 403 where the caller is authenticated;
  404 where a path names a resource, and 404 and 409 on every command (a command may name
  another resource, race another writer, or reuse an Idempotency-Key). FastAPI's own 422
  (``application/json``, ``HTTPValidationError``) is replaced: it is not what is answered.
- **Bounds.** Every integer, number, string and array in a JSON request body is bounded by the
  check every JSON body passes (``shared.api.body``); where a schema declares no bound of its own,
  the document shows that one, so that a client (and a fuzzer) knows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any, Final

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from shared.api.auth import get_actor
from shared.api.contract import document_contract
from shared.api.limits import UNLIMITED_PATHS
from shared.api.problems import PROBLEM_MEDIA_TYPE
from shared.bounds import MAX_JSON_ARRAY, MAX_JSON_STRING, MAX_SAFE_INTEGER

PROBLEM_SCHEMA: Final = "ProblemDetails"
_PROBLEM_REF: Final = {"$ref": f"#/components/schemas/{PROBLEM_SCHEMA}"}
_COMMAND_METHODS: Final = frozenset({"post", "put", "patch", "delete"})
_BOUNDED_FORMATS: Final = frozenset({"date", "date-time", "time", "uuid", "duration"})

_PROBLEM_DETAILS: Final[dict[str, Any]] = {
    "title": PROBLEM_SCHEMA,
    "description": "RFC 9457 problem details, localised by Accept-Language (kk, ru, en).",
    "type": "object",
    "required": ["type", "title", "status", "code", "correlation_id"],
    "properties": {
        "type": {"type": "string", "format": "uri"},
        "title": {"type": "string"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "Stable code of the problem."},
        "correlation_id": {"type": "string"},
        "reason_code": {"type": "string", "description": "Stable code of the reason."},
        "rule": {"type": "string", "description": "The paragraph of the rule applied."},
        "reason": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "Each value refused: its location, type and message.",
            "items": {"type": "object"},
        },
    },
}


def install_openapi(app: FastAPI, *, openid_connect_url: str | None = None) -> None:
    """Make ``app.openapi()`` document the platform's problems and body bounds, and each
    operation's id, security and examples (``shared.api.contract``). ``openid_connect_url`` is
    the OIDC discovery document's URL: given, an ``openIdConnect`` scheme is declared beside
    ``bearerAuth``."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            document_problems(app, document)
            document_contract(app, document, openid_connect_url, _problem_response)
            document_body_bounds(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def document_problems(app: FastAPI, document: dict[str, Any]) -> None:
    components = document.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas[PROBLEM_SCHEMA] = _PROBLEM_DETAILS
    responses: dict[str, Any] = {}
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path_format
        if not isinstance(route, APIRoute) or not context.include_in_schema or path is None:
            continue
        operations = document["paths"].get(path, {})
        for method in context.methods or ():
            operation = operations.get(method.lower())
            if operation is not None:
                statuses = _add_problems(route, path, method.lower(), operation)
                for status in statuses:
                    responses.setdefault(f"Problem{status}", _problem_response(status))
    components["responses"] = {**components.get("responses", {}), **dict(sorted(responses.items()))}
    for unused in ("HTTPValidationError", "ValidationError"):
        if not _referenced(document, unused):
            schemas.pop(unused, None)


def _add_problems(route: APIRoute, path: str, method: str, operation: dict[str, Any]) -> set[int]:
    """Refer the operation to the problems it may answer with; their statuses."""
    statuses = {500}
    if path not in UNLIMITED_PATHS:
        statuses |= {413, 422, 503}
    if "requestBody" in operation:
        statuses |= {400, 408}
    if _depends_on(route.dependant, get_actor):
        statuses |= {401, 403}
    if any(p.get("in") == "path" for p in operation.get("parameters", ())):
        statuses.add(404)
    if method in _COMMAND_METHODS:
        statuses |= {404, 409}
    responses = operation.setdefault("responses", {})
    if "422" in responses and "422" not in _declared(route):
        del responses["422"]  # FastAPI's HTTPValidationError, never answered as such
    statuses |= {int(s) for s in responses if s.isdigit() and int(s) >= 400}
    for status in sorted(statuses):
        responses[str(status)] = {"$ref": f"#/components/responses/Problem{status}"}
    return statuses


def _problem_response(status: int) -> dict[str, Any]:
    headers: dict[str, Any] = {
        "Content-Language": {"schema": {"type": "string", "enum": ["kk", "ru", "en"]}}
    }
    if status == 503:
        headers["Retry-After"] = {
            "description": "Seconds to wait before trying again (when overloaded).",
            "schema": {"type": "integer", "minimum": 0},
        }
    return {
        "description": HTTPStatus(status).phrase,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": dict(_PROBLEM_REF)}},
        "headers": headers,
    }


def _declared(route: APIRoute) -> set[str]:
    return {str(status) for status in route.responses}


def _depends_on(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(
        d.call is call or _depends_on(d, call) for d in dependant.dependencies if d is not None
    )


def _referenced(node: Any, name: str) -> bool:
    target = f"#/components/schemas/{name}"
    if isinstance(node, dict):
        return node.get("$ref") == target or any(_referenced(v, name) for v in node.values())
    if isinstance(node, list):
        return any(_referenced(v, name) for v in node)
    return False


# -- bounds of request bodies ------------------------------------------------------------------


def document_body_bounds(document: dict[str, Any]) -> None:
    """Show the body check's bounds on every request-body schema that declares none."""
    components = document.get("components", {}).get("schemas", {})
    seen: set[str] = set()
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            for media_type, media in content.items():
                if _is_json(media_type) and "schema" in media:
                    for node in _nodes(media["schema"], components, seen):
                        _bound(node)


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or media_type.endswith("+json")


def _nodes(root: Any, components: dict[str, Any], seen: set[str]) -> Iterator[dict[str, Any]]:
    """Every schema object under ``root``, following references into components once."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            name = ref.rsplit("/", 1)[1]
            if name not in seen and name in components:
                seen.add(name)
                stack.append(components[name])
        yield node
        for key in ("properties", "patternProperties", "$defs"):
            stack.extend(node.get(key, {}).values())
        for key in ("items", "additionalProperties", "not", "if", "then", "else"):
            if isinstance(node.get(key), dict):
                stack.append(node[key])
        for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            stack.extend(node.get(key, ()))


def _types(node: dict[str, Any]) -> set[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {t for t in declared if isinstance(t, str)}
    return set()


def _bound(node: dict[str, Any]) -> None:
    types = _types(node)
    if types & {"integer", "number"}:
        if "minimum" not in node and "exclusiveMinimum" not in node:
            node["minimum"] = -MAX_SAFE_INTEGER
        if "maximum" not in node and "exclusiveMaximum" not in node:
            node["maximum"] = MAX_SAFE_INTEGER
    if "string" in types and not _fixed(node):
        node["maxLength"] = min(node.get("maxLength", MAX_JSON_STRING), MAX_JSON_STRING)
    if "array" in types:
        node["maxItems"] = min(node.get("maxItems", MAX_JSON_ARRAY), MAX_JSON_ARRAY)


def _fixed(node: dict[str, Any]) -> bool:
    """A string whose values are listed or whose format bounds its length."""
    return "enum" in node or "const" in node or node.get("format") in _BOUNDED_FORMATS
