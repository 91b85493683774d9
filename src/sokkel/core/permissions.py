"""Who is acting: the one test of «signed in» every rule of the platform starts from."""

from __future__ import annotations

from typing import Any


def is_signed_in(user: Any) -> bool:
    """True for a person who is signed in with an account that is still active."""
    return bool(user is not None and user.is_authenticated and user.is_active)
