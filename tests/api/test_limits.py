"""Limits on every input of the API: what a database cannot store or a page not show is
refused with 400 and the field named, never stored and never a server error."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

MEASURED = {"kind": "quantitative", "name": "Turer", "unit": "turer", "baseline": 1, "result": 2}


@pytest.fixture
def api(alice: Any) -> Client:
    from sokkel.people.models import ApiToken

    raw = ApiToken.issue(alice, "limits")[1]
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(api: Client, url: str, body: str) -> Any:
    return api.post(url, body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (json.dumps({**MEASURED, "n": 2**63}), "n"),
        (json.dumps({**MEASURED, "n": 0}), "n"),
        (json.dumps({**MEASURED, "name": "x" * 100_000}), "name"),
        (json.dumps({**MEASURED, "name": "a\x00b"}), "name"),
        ('{"kind": "quantitative", "name": "\\ud800", "baseline": 1, "result": 2}', "name"),
        ('{"kind": "quantitative", "name": "x", "baseline": 1e400, "result": 2}', "baseline"),
        ('{"kind": "quantitative", "name": "x", "baseline": Infinity, "result": 2}', "baseline"),
        ('{"kind": "quantitative", "name": "x", "baseline": NaN, "result": 2}', "baseline"),
        (json.dumps({**MEASURED, "result": 1e300}), "result"),
    ],
)
def test_an_effect_out_of_bounds_is_refused_and_not_stored(
    api: Client, innovation: Any, body: str, field: str
) -> None:
    response = post(api, f"/api/v1/innovations/{innovation.pk}/effects", body)
    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]
    assert innovation.effects.count() == 0


def test_too_many_tags_or_a_story_too_long_is_refused(
    api: Client, innovation: Any, home: Any
) -> None:
    story = {"title": "T", "problem": "p", "what_we_did": "w", "what_changed": "c"}
    body = {**story, "units": [home.key], "sector": "health_care"}
    many = post(
        api, "/api/v1/innovations", json.dumps({**body, "tags": [f"t{i}" for i in range(500)]})
    )
    assert many.status_code == 400
    assert "tags" in many.json()["errors"]
    long = post(api, "/api/v1/innovations", json.dumps({**body, "problem": "x" * 20_001}))
    assert long.status_code == 400
    assert "problem" in long.json()["errors"]
    assert post(api, "/api/v1/innovations", json.dumps(body)).status_code == 201


def test_a_nul_in_a_phase_note_or_a_team_name_is_refused(api: Client, innovation: Any) -> None:
    member = {"actor_type": "public_body", "name": "Sykehjemmet\x00"}
    response = post(api, f"/api/v1/innovations/{innovation.pk}/team", json.dumps(member))
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


#: Any JSON number Python's json module writes: huge ints, NaN, ±Infinity, 1e400 overflows.
NUMBERS = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True, allow_infinity=True))
#: Any text, NUL bytes and lone surrogates included.
TEXTS = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    effect=st.fixed_dictionaries(
        {
            "kind": st.sampled_from(["quantitative", "immaterial"]),
            "name": TEXTS,
            "unit": TEXTS,
            "baseline": NUMBERS,
            "result": NUMBERS,
            "n": st.one_of(st.none(), st.integers()),
            "rating": st.one_of(st.none(), st.integers()),
            "description": TEXTS,
        }
    )
)
def test_any_effect_is_stored_whole_or_refused_with_400(
    api: Client, innovation: Any, effect: dict[str, Any]
) -> None:
    body = json.dumps(effect)  # NaN and Infinity written as JSON allows them in Python
    before = innovation.effects.count()
    response = post(api, f"/api/v1/innovations/{innovation.pk}/effects", body)
    assert response.status_code in (201, 400), response.content[:300]
    stored = innovation.effects.count() - before
    assert stored == (1 if response.status_code == 201 else 0)
    if stored:
        latest = innovation.effects.latest("pk")
        for value in (latest.baseline, latest.result):
            assert value is None or math.isfinite(value)
