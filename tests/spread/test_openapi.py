"""The OpenAPI document describes the similar and adoption endpoints."""

from __future__ import annotations

from collections.abc import Callable

import pytest

pytestmark = pytest.mark.django_db


def test_the_openapi_document_lists_the_spread_endpoints(client_for: Callable) -> None:
    paths = client_for(None).get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/innovations/{innovation_id}/similar"]
    adoptions = paths["/api/v1/innovations/{innovation_id}/adoptions"]
    assert {"get", "post"} <= set(adoptions)
    effects = "/api/v1/innovations/{innovation_id}/adoptions/{adoption_id}/effects"
    assert "post" in paths[effects] and "delete" in paths[effects + "/{effect_id}"]
