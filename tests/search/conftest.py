"""Helpers for the search tests: innovations told through the services, as users do."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def tell(alice: Any, unit: Any) -> Callable[..., Any]:
    """Tell (and by default publish) an innovation in ``unit`` (the municipality) as alice."""
    from sokkel.innovations import services

    def make(
        title: str,
        problem: str = "Et problem på jobben.",
        *,
        what_we_did: str = "Vi prøvde noe nytt.",
        what_changed: str = "Det ble bedre.",
        tags: tuple[str, ...] = (),
        publish: bool = True,
        sector: str = "health_care",
        units: Any = None,
    ) -> Any:
        return services.create_innovation(
            by=alice,
            title=title,
            problem=problem,
            what_we_did=what_we_did,
            what_changed=what_changed,
            units=units or [unit],
            sector=sector,
            tags=tags,
            publish=publish,
        )

    return make
