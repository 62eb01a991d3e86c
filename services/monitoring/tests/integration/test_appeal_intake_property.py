"""Property: the anonymous appeal intake never answers 5xx, and an appeal it accepts is kept.

Anyone may appeal without an account (APPC 2020 Art. 63-64), so ``POST /v1/appeals`` takes
whatever a citizen's browser sends: bodies built from a valid appeal with fields replaced by
arbitrary JSON (text with NUL and lone surrogates, integers of any size, NaN and infinities,
nested values), arbitrary JSON, arbitrary bytes, with any content type and language. Each is
answered 201, whose receipt then finds the appeal with its secret, or a 4xx problem in the
caller's language; never a 5xx, so no citizen's appeal is lost to a server error.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from services.monitoring.domain.events import AppealTopic
from services.monitoring.tests.conftest import secretariat

pytestmark = pytest.mark.integration

PROBLEM_JSON = "application/problem+json"

any_text = st.text(alphabet=st.characters(exclude_categories=()), max_size=40)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def mostly(valid: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``valid`` about three times in four, so that many appeals are registered."""
    return st.sampled_from([True, True, True, False]).flatmap(lambda v: valid if v else other)


plausible_text = mostly(st.text(min_size=1, max_size=300), any_text)


@st.composite
def appeals(draw: st.DrawFn) -> dict[str, Any]:
    """An appeal as a citizen might send it, its fields perhaps replaced, dropped or added."""
    applicant = {
        "name": draw(st.none() | plausible_text),
        "address": draw(st.none() | plausible_text),
        "contact": draw(st.none() | plausible_text),
    }
    body: dict[str, Any] = {
        "applicant": {k: v for k, v in applicant.items() if v is not None},
        "text": draw(plausible_text),
        "language": draw(mostly(st.sampled_from(["kk", "ru", "en"]), st.text(max_size=4))),
        "region": draw(mostly(st.sampled_from(["astana", "abai", "zhambyl"]), any_text)),
        "topic": draw(mostly(st.sampled_from([t.value for t in AppealTopic]), any_text)),
    }
    if draw(st.booleans()):
        for key in draw(st.sets(st.sampled_from([*body, "extra"]), min_size=1, max_size=3)):
            if draw(st.booleans()):
                body[key] = draw(json_values)
            else:
                body.pop(key, None)
    return body


bodies = mostly(
    appeals().map(lambda body: json.dumps(body).encode()),
    json_values.map(lambda value: json.dumps(value).encode()) | st.binary(max_size=300),
)
content_types = mostly(
    st.just("application/json"),
    st.sampled_from(["application/json; charset=utf-8", None, "text/plain"]),
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=bodies,
    content_type=content_types,
    language=st.sampled_from(["kk", "ru", "en", "de", ""]),
    staff=st.booleans(),
)
async def test_the_appeal_intake_answers_4xx_or_keeps_the_appeal_never_5xx(
    app: FastAPI,
    client: httpx.AsyncClient,
    body: bytes,
    content_type: str | None,
    language: str,
    staff: bool,
) -> None:
    headers = {"Accept-Language": language, **(secretariat(app) if staff else {})}
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = await client.post("/v1/appeals", content=body, headers=headers)
    event(f"answered {response.status_code}")  # --hypothesis-show-statistics shows the mix
    assert response.status_code < 500, response.text
    if response.status_code == 201:
        receipt = response.json()
        check = await client.post(
            "/v1/appeals/status-check",
            json={"number": receipt["number"], "secret": receipt["secret"]},
        )
        assert check.status_code == 200, check.text
        assert check.json()["number"] == receipt["number"]
        return
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith(PROBLEM_JSON)
    expected = language if language in ("kk", "ru", "en") else "kk"
    assert response.headers["content-language"] == expected
    assert response.json()["status"] == response.status_code
