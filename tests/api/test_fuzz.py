"""Property-based: schemathesis sends the API what its OpenAPI schema allows and much it does
not (strings with NUL bytes and lone surrogates, huge numbers, wrong types), signed in as a
person with a token; no answer may be a server error."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from sokkel.config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
# Data that fits the schema and data that does not; NUL bytes allowed in strings.
schema.config.generation.update(modes=list(GenerationMode), allow_x00=True)


@pytest.fixture(autouse=True)
def keep_the_connection() -> Iterator[None]:
    """Calling the WSGI application directly would close the database connection after each
    request, and with it the test's transaction; Django's test client keeps it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(alice: Any) -> str:
    from sokkel.people.models import ApiToken

    return ApiToken.issue(alice, "fuzz")[1]


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_input_gives_the_api_a_server_error(case: Any, token: str, innovation: Any) -> None:
    if "innovation_id" in (case.path_parameters or {}):
        # Alice's own published innovation: the writes get past «not found» to the fields.
        case.path_parameters["innovation_id"] = innovation.pk
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error]
    )
