"""What makes a service's OpenAPI document a contract another team can build on.

Every operation gets, derived from its route rather than listed by hand:

- **operationId**: the route function's name in camelCase (``include_member`` gives
  ``includeMember``); a function names its operation as a verb and its object, so the id
  reads as one.
- **security**: an operation whose dependencies include ``require_roles`` (``shared.api.auth``)
  requires a bearer token (``bearerAuth``, a JWT; or ``openIdConnect`` where the document
  names the issuer's discovery URL) and lists the roles it admits in ``x-roles``. Any other
  operation is public: ``x-public: true``, with ``security: []`` where it never reads a token,
  and ``security: [{}, {"bearerAuth": []}, ...]`` (a token is optional) where a token widens
  what it answers (an official reads more than names; a stranger asking for what is not
  public yet, a draft protocol, is answered 401).
- **problems**: each error status lists the ``reason_code`` values the operation can answer
  with (``x-reason-codes``), collected from the errors its handler can raise
  (``shared.api.reasons``).
- **examples**: each JSON request body has realistic examples (``shared.api.examples``): a
  model's own ``examples`` if it declares them, else examples built from its schema with
  Kazakh and Russian names where people appear.
- **descriptions**: every parameter is described (its own description, or the platform's one
  for the common headers and parameters).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, Final

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from shared.api.auth import VerifiedTokens, get_actor, required_roles
from shared.api.examples import body_examples
from shared.api.reasons import reason_codes

BEARER: Final = "bearerAuth"
OPENID: Final = "openIdConnect"

_BEARER_SCHEME: Final[dict[str, Any]] = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT",
    "description": (
        "An access token (JWT) from the Assembly's identity provider: its `roles` claim names "
        "the caller's roles, `region` or `state_body` the scope of a scoped role."
    ),
}

_PARAMETER_DESCRIPTIONS: Final[dict[tuple[str, str], str]] = {
    ("header", "If-Match"): (
        "The version of the resource the change is based on, as its `ETag` gave it "
        '(`"3"`); a stale one is refused with 412.'
    ),
    ("header", "Idempotency-Key"): (
        "A key the client chooses for this request: sent again with the same request, the "
        "first answer is replayed (`Idempotent-Replayed: true`) instead of acting twice; with "
        "another request, 409 `idempotency_key_reused`."
    ),
    ("query", "limit"): "The largest number of items on one page.",
    ("query", "offset"): "The number of items to skip (deprecated: follow the `next` link).",
    ("query", "cursor"): "Where the page starts: the `cursor` of the previous page's `next` link.",
    ("query", "as_of"): "The calendar day (Asia/Almaty) the answer is about; today without it.",
    ("query", "on"): "The calendar day (Asia/Almaty) the answer is about; today without it.",
    ("query", "from"): "The first calendar day (Asia/Almaty) of the range, included.",
    ("query", "to"): "The last calendar day (Asia/Almaty) of the range, included.",
    ("query", "region"): "The code of a region (an oblast or a city of republican significance).",
    ("query", "year"): "A calendar year.",
    ("query", "status"): "Only the items in this state.",
    ("query", "fresh"): "Sign a tree head for the log as it is now rather than the last one.",
    ("query", "tree_size"): "The size of the tree (number of leaves) the proof is for.",
    ("query", "leaf_index"): "The index of the leaf (from 0) the proof is for.",
    ("query", "first"): "The size of the older tree.",
    ("query", "second"): "The size of the newer tree.",
    ("query", "start"): "The index of the first entry, included.",
    ("query", "end"): "The index after the last entry (excluded).",
    ("query", "ethnic_group"): "The code of an ethnic group.",
    ("query", "category"): "Only the members of this category.",
    ("query", "kind"): "Only the items of this kind.",
    ("query", "level"): "Only the items of this level.",
    ("query", "post"): "Only the holders of this post.",
    ("query", "body"): "The body of the Assembly (its code).",
    ("query", "assembly"): "The assembly: the national one or a regional one (its code).",
    ("query", "from_year"): "The first calendar year, included.",
    ("query", "to_year"): "The last calendar year, included.",
    ("query", "supported"): "Only the requests with (true) or without (false) enough signatures.",
    ("query", "lang"): "The language of the document: kk, ru or en.",
    ("query", "format"): "The representation: JSON, or CSV (`text/csv`) for a spreadsheet.",
    ("query", "awaiting"): "Only the candidacies waiting for the Council's review.",
    ("query", "state_body"): "The code of a state body.",
    ("query", "deadline_from"): "The first deadline day (Asia/Almaty), included.",
    ("query", "deadline_to"): "The last deadline day (Asia/Almaty), included.",
    ("query", "topic"): "Only the appeals on this topic.",
    ("query", "file_name"): "The name of the file imported, as the surveyor sent it.",
    ("query", "days"): "How many working days to count.",
    ("path", "year"): "A calendar year.",
    ("path", "code"): "The stable code of the item.",
    ("path", "sequence"): "The sequence number of the item, from 1.",
    ("path", "version"): "The version number, from 1.",
    ("path", "day"): "A calendar day (Asia/Almaty).",
    ("path", "region"): "The code of a region.",
    ("path", "body"): "The code of a body of the Assembly.",
    ("path", "assembly"): "The assembly the rulebook belongs to.",
}


_FIELD_DESCRIPTIONS: Final[dict[str, str]] = {
    "kk": "In Kazakh (the state language).",
    "ru": "In Russian.",
    "en": "In English.",
    "name": "The name, in Kazakh and in Russian (a person's given name first).",
    "name_kk": "The name in Kazakh.",
    "name_ru": "The name in Russian.",
    "name_en": "The name in English.",
    "reason": "Why, in words: it is kept in the record.",
    "status": "The state the item is in.",
    "version": "The stream version of the aggregate: send it back in `If-Match`.",
    "kind": "The kind of the item.",
    "assembly": "The assembly: the national one or a regional one (its code).",
    "text": "The text, in Kazakh and in Russian.",
    "rulebook": "The rulebook (the version of the Regulation) applied.",
    "rule": "The paragraph of the rule applied.",
    "number": "The number of the act, as it was registered.",
    "date": "The date of the act (Asia/Almaty).",
    "place": "Where it took place.",
    "region": "The code of a region (an oblast or a city of republican significance).",
    "regions": "Codes of regions.",
    "body": "The body of the Assembly, or the text of a message.",
    "title": "The title, in Kazakh and in Russian.",
    "agenda": "The items of the agenda, in order.",
    "recorded_at": "When the system recorded it (an instant, with its offset).",
    "post": "The post, in Kazakh and in Russian.",
    "present": "How many members were present.",
    "deadline": "The last day (Asia/Almaty) to act by.",
    "source_number": "The number of the source act.",
    "source_date": "The date of the source act (Asia/Almaty).",
    "act": "The act behind the step: its number, date and title.",
    "decision": "The decision behind the step: its number and date.",
    "choice": "The choice: for, against or abstain.",
    "votes_for": "Votes for.",
    "against": "Votes against.",
    "abstain": "Abstentions.",
    "method": "How the vote was taken.",
    "as_of": "The calendar day (Asia/Almaty) the answer is about.",
    "required": "How many are required by the rule applied.",
    "chair": "Who chaired, and in which post.",
    "secretary": "Who acted as secretary, and in which post.",
    "state_body": "The code of a state body.",
    "document": "The document (its reference).",
    "total": "How many in all.",
    "recommended": "The persons recommended.",
    "code": "The stable code of the item.",
    "type": "The type of the item.",
    "detail": "Details, in words.",
    "correlation_id": "The correlation id of the request that made it.",
    "content": "The content of the item.",
    "summary": "A summary, in Kazakh and in Russian.",
    "note": "A note, in words.",
    "gender": "The person's gender.",
    "iin": "The person's individual identification number (ЖСН / ИИН): 12 digits.",
    "ethnic_group": "The code of an ethnic group.",
    "ethnic_groups": "Codes of ethnic groups.",
    "category": "The category.",
    "person": "The person: name, IIN, gender and ethnic group.",
    "severity": "How severe it is.",
    "level": "The level.",
    "source": "Where it comes from.",
    "url": "A web address (http or https).",
    "unit": "The unit of measurement.",
    "period": "The period the value is for.",
    "value": "The value.",
    "values": "The values.",
    "topic": "The topic.",
    "language": "The language (its ISO 639 code).",
    "channel": "How it was received.",
    "applicant": "Who appeals: name, identification, address, contact.",
    "secret": "The secret of the receipt (kept by the applicant).",
    "receipt": "The receipt, as the applicant was given it.",
    "attachments": "Files kept outside the system, named by their SHA-256 digest.",
    "sha256": "The SHA-256 digest of the file (hexadecimal).",
    "media_type": "The media type of the file.",
    "size": "The size of the file in bytes.",
    "thresholds": "The thresholds of the levels: watch, pre-conflict, conflict.",
    "watch": "The threshold of the watch level.",
    "pre_conflict": "The threshold of the pre-conflict level.",
    "conflict": "The threshold of the conflict level.",
    "motion": "What is put to the vote.",
    "counts": "The votes counted: for, against, abstain.",
    "items": "The items.",
    "order": "The ids of the items, in their new order.",
    "outcome": "The outcome.",
    "subject": "The subject.",
    "role": "The role.",
    "ground": "The ground on which it ends (the law's or the Regulation's).",
    "factor": "The factor (a whole number or a fraction).",
    "revision": "Whether it revises values reported before.",
    "candidates": "The candidates.",
    "officer": "The officer in charge.",
    "mediator": "Who mediates.",
    "addressee": "To whom it is addressed.",
    "recipient": "On whom it was conferred.",
    "award": "The award.",
    "statute": "The statute, in Kazakh and in Russian.",
    "task": "The task, in Kazakh and in Russian.",
    "means": "By what means the applicant was notified.",
    "letter": "The letter (its number and date).",
    "basis": "The act the plan is based on.",
    "measures": "The measures of the plan.",
    "proposal": "The proposal (its number and date).",
    "protocol": "The protocol (its number and date).",
    "recommendation": "The recommendation (its number and date).",
    "conclusion": "The conclusion of the opinion.",
    "consent": "The Chairman's consent (its reference and date).",
    "convened_by": "Who convened it.",
    "route": "The way the nomination came.",
    "days": "The days.",
    "entry": "The day and what it is.",
    "reviews": "The reviews of the candidacies.",
    "rules": "The rules, each with its kind.",
    "sources": "The sources (title and web address).",
    "outlet": "Where it was published.",
    "contact": "How to reach the person.",
    "address": "The postal address.",
    "description": "A description, in words.",
    "start_on": "The first day (Asia/Almaty).",
    "end_on": "The first day (Asia/Almaty) it no longer holds; null while it lasts.",
    "id": "The id of the item.",
    "on": "The calendar day (Asia/Almaty).",
    "members": "The members.",
    "seats": "The seats.",
    "digests": "The SHA-256 digests of the signed files, by language and format.",
    "quorum_required": "How many members the quorum requires.",
    "quorum_rule": "The paragraph of the rule the quorum follows.",
    "council_total": "How many members the Council has.",
    "roster_total": "How many members the roster has that day.",
    "effective_from": "The first day (Asia/Almaty) it is in force.",
    "effective_until": "The first day (Asia/Almaty) it is no longer in force; null: open.",
    "term_from": "The first day (Asia/Almaty) of the term.",
    "term_until": "The last day (Asia/Almaty) of the term; null: open.",
    "nominating_region": "The region whose assembly nominated the person.",
    "affiliation": "Where the person works or what they represent, in Kazakh and Russian.",
    "rotation_period_months": "After how many months the post rotates.",
    "decision_kind": "The kind of decision.",
    "participants": "How many took part.",
    "reference": "The reference of the document.",
    "from_year": "The first calendar year, included.",
    "to_year": "The last calendar year, included.",
    "year": "A calendar year.",
    "assignments": "The assignments: a state body, its task and its deadline.",
    "id_kind": "The kind of the identification number: IIN (a person) or BIN (an entity).",
    "id_number": "The identification number (IIN or BIN): 12 digits.",
    "new_due": "The new last day (Asia/Almaty) of the answer period.",
    "good_direction": "Which way is good for the indicator: higher or lower.",
    "indicator": "The code of an indicator.",
    "indicators": "Codes of indicators.",
    "window_days": "How many days back the rule counts.",
    "baseline_days": "How many days the baseline covers.",
    "min_severity": "The least severity counted.",
    "levels": "The levels of the rate and their factors.",
    "min_count": "The least number of items for the rule to apply.",
    "topics": "The topics.",
    "day": "A calendar day (Asia/Almaty).",
    "submitted_to": "To whom the document is submitted.",
    "valid_until": "The last day (Asia/Almaty) it is valid; null: no end.",
    "supersedes": "The id of the document this one replaces.",
    "approved": "The act that approved it (its number, date and title).",
    "documents": "The ids of the documents.",
    "citizenship": "The citizenship (ISO 3166-1 alpha-2 code).",
}


def _describe_field(name: str) -> str | None:
    """The description of a field the schema does not describe: the platform's words for the
    names the services share, or what its suffix says (``_id``, ``_on``, ``_at``)."""
    if name in _FIELD_DESCRIPTIONS:
        return _FIELD_DESCRIPTIONS[name]
    words = name.replace("_", " ")
    spoken = words[:1].upper() + words[1:]
    if name.endswith("_id"):
        return f"The id of the {words.removesuffix(' id')}."
    if name.endswith("_ids"):
        return f"The ids of the {words.removesuffix(' ids')}s."
    if name.endswith("_on"):
        return f"{spoken} (a calendar day, Asia/Almaty)."
    if name.endswith("_at"):
        return f"{spoken} (an instant, with its offset)."
    if name.endswith("_by"):
        return f"{spoken}: who."
    if name.endswith(("_kk", "_ru", "_en")):
        language = {"kk": "Kazakh", "ru": "Russian", "en": "English"}[name[-2:]]
        return f"The {words[:-3]} in {language}."
    return None


def describe_fields(schemas: dict[str, Any]) -> None:
    """Describe every property of the document's schemas that has no description and whose
    name the platform knows."""
    for schema in schemas.values():
        for name, prop in schema.get("properties", {}).items():
            if isinstance(prop, dict) and not prop.get("description"):
                described = _describe_field(name)
                if described is not None:
                    prop["description"] = described


def operation_id(name: str) -> str:
    """``include_member`` → ``includeMember``."""
    first, *rest = name.strip("_").split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest if word)


OPERATION_ID: Final = re.compile(r"^[a-z]+(?:[A-Z][a-z0-9]*)+$")
"""A verb and its object, camelCase: at least two words."""


def _roles(dependant: Dependant) -> set[str] | None:
    """The roles any of the route's ``require_roles`` dependencies admits; None without one."""
    found: set[str] | None = None
    for dependency in _dependencies(dependant):
        roles = required_roles(dependency.call)
        if roles is not None:
            found = (found or set()) | set(roles)
    return found


def _dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from _dependencies(dependency)


def _reads_token(dependant: Dependant) -> bool:
    return any(d.call is get_actor for d in _dependencies(dependant))


def document_contract(
    app: FastAPI,
    document: dict[str, Any],
    openid_connect_url: str | None,
    problem: Callable[[int], dict[str, Any]],
) -> None:
    """Add ids, security, reasons, examples and descriptions to ``document``'s operations;
    ``problem`` makes the shared response of a problem status the document lacks."""
    components = document.setdefault("components", {})
    schemes: dict[str, Any] = {BEARER: _BEARER_SCHEME}
    if openid_connect_url:
        schemes[OPENID] = {
            "type": "openIdConnect",
            "openIdConnectUrl": openid_connect_url,
            "description": "The Assembly's identity provider (OpenID Connect discovery).",
        }
    components["securitySchemes"] = {**components.get("securitySchemes", {}), **schemes}
    describe_fields(components.get("schemas", {}))
    requirement: list[dict[str, list[str]]] = [{name: []} for name in schemes]
    platform = getattr(app.state, "platform", None)
    service = getattr(getattr(platform, "settings", None), "service", None)
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path_format
        if not isinstance(route, APIRoute) or not context.include_in_schema or path is None:
            continue
        for method in context.methods or ():
            operation = document["paths"].get(path, {}).get(method.lower())
            if operation is None:
                continue
            operation["operationId"] = route.operation_id or operation_id(route.name)
            roles = _roles(route.dependant)
            if roles is not None:
                operation["security"] = requirement
                operation["x-roles"] = sorted(roles)
            else:
                operation["x-public"] = True
                operation["security"] = [{}, *requirement] if _reads_token(route.dependant) else []
            _describe_parameters(operation)
            _add_csv_answer(operation)
            _add_reason_codes(service, route, operation, components, problem)
            _add_examples(route, operation, components)


def _add_csv_answer(operation: dict[str, Any]) -> None:
    """A listing that takes ``format=csv`` answers ``text/csv`` too: say so where its route did
    not (a CSV answer the document does not describe is one no client expects)."""
    takes_csv = any(
        parameter["in"] == "query"
        and parameter["name"] == "format"
        and "csv" in parameter.get("schema", {}).get("enum", ())
        for parameter in operation.get("parameters", ())
    )
    ok = operation.get("responses", {}).get("200")
    if takes_csv and ok is not None:
        ok.setdefault("content", {}).setdefault(
            "text/csv",
            {"schema": {"type": "string", "description": "The rows as CSV (UTF-8 with a BOM)."}},
        )


def _describe_parameters(operation: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", ()):
        if parameter.get("description"):
            continue
        described = _PARAMETER_DESCRIPTIONS.get((parameter["in"], parameter["name"]))
        if described is None and parameter["name"].endswith("_id"):
            thing = parameter["name"].removesuffix("_id").replace("_", " ")
            described = f"The id of the {thing}."
        if described is not None:
            parameter["description"] = described


def _add_reason_codes(
    scope: str | None,
    route: APIRoute,
    operation: dict[str, Any],
    components: dict[str, Any],
    problem: Callable[[int], dict[str, Any]],
) -> None:
    calls = [route.endpoint, *(d.call for d in _dependencies(route.dependant) if d.call)]
    if _reads_token(route.dependant):
        # get_actor verifies through an instance held by the app: name its method, so the
        # token refusals it can answer with are collected too.
        calls.append(VerifiedTokens.verify)
    by_status = reason_codes(calls, scope)
    names = {p["name"] for p in operation.get("parameters", ())}
    if "If-Match" in names:
        by_status.setdefault(412, (set(), set()))[1].add("concurrency_conflict")
    if "Idempotency-Key" in names:
        by_status.setdefault(409, (set(), set()))[1].add("idempotency_key_reused")
    responses = operation.setdefault("responses", {})
    shared = components.setdefault("responses", {})
    for status, (reasons, codes) in sorted(by_status.items()):
        key = str(status)
        reference = {"$ref": f"#/components/responses/Problem{status}"}
        response = responses.get(key, reference)
        if "$ref" in response:
            name = response["$ref"].rsplit("/", 1)[1]
            if name not in shared:
                shared[name] = problem(status)
            # A reference cannot be extended: the operation gets its own copy.
            response = {**shared[name]}
        listed = [f"`{c}`" for c in sorted(reasons)]
        if listed:
            response["description"] = (
                f"{response.get('description', '')}. `reason_code`: {', '.join(listed)}."
            )
        response["x-problem-codes"] = sorted(codes)
        response["x-reason-codes"] = sorted(reasons)
        responses[key] = response


def _add_examples(route: APIRoute, operation: dict[str, Any], components: dict[str, Any]) -> None:
    content = operation.get("requestBody", {}).get("content", {})
    media = content.get("application/json")
    if media is None or "schema" not in media:
        return
    examples = body_examples(route, media["schema"], components.get("schemas", {}))
    if examples:
        media["examples"] = examples
