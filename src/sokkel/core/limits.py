"""Limits on what people send: one home for each shape of field.

Every write goes through a service, from a form or from the API alike, and the services check
their fields with these functions, which add a Norwegian message to an ``errors`` dict (field →
messages) as :class:`sokkel.core.errors.InvalidInput` carries them. The API's input
schemas also refuse, at the door, what no field may hold (:func:`refuse_unstorable`): NaN and
±Infinity, NUL bytes and lone surrogates, which a database cannot store or a page not show.
"""

from __future__ import annotations

import math
import re
from typing import Any

from django.utils.translation import gettext as _

#: Characters no text may hold: NUL and the other C0 controls but tab and line breaks, and
#: lone surrogates (JSON can write "\ud800"; UTF-8 and PostgreSQL cannot store it).
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
#: A part of a story (the problem, what we did, what changed, the adoption recipe).
MAX_STORY = 20_000
#: A measured value (before, after, an interval's ends): finite and at most this large.
MAX_MEASURE = 1e12
#: A count (n): from 1 to this.
MAX_COUNT = 100_000_000
#: Tags on one innovation.
MAX_TAGS = 20


def check_text(errors: dict[str, list[str]], field: str, value: str, max_length: int) -> str:
    """``value`` stripped, or an error for ``field`` when it is too long or unstorable."""
    value = value.strip()
    if UNSTORABLE.search(value):
        errors.setdefault(field, []).append(_("Teksten inneholder tegn som ikke kan lagres."))
    elif len(value) > max_length:
        errors.setdefault(field, []).append(
            _("Skriv høyst %(max)s tegn (nå %(length)s).")
            % {"max": f"{max_length:,}".replace(",", "\u00a0"), "length": len(value)}
        )
    return value


def check_measure(errors: dict[str, list[str]], field: str, value: float | None) -> float | None:
    """``value`` if it is a finite number of sensible size (or None), else an error."""
    if value is not None and not (math.isfinite(value) and abs(value) <= MAX_MEASURE):
        errors.setdefault(field, []).append(
            _("Oppgi et tall mellom −%(max)s og %(max)s.")
            % {"max": "1\u00a0000\u00a0000\u00a0000\u00a0000"}
        )
    return value


def check_count(errors: dict[str, list[str]], field: str, value: int | None) -> int | None:
    """``value`` if it is a whole number from 1 to :data:`MAX_COUNT` (or None), else an error."""
    if value is not None and not 1 <= value <= MAX_COUNT:
        errors.setdefault(field, []).append(
            _("Oppgi et helt tall fra 1 til %(max)s.") % {"max": "100\u00a0000\u00a0000"}
        )
    return value


def refuse_unstorable(value: Any) -> Any:
    """``value`` (any JSON value) unchanged; ``ValueError`` where a string holds an unstorable
    character or a number is not finite. For the API's input schemas."""
    if isinstance(value, str) and UNSTORABLE.search(value):
        raise ValueError(_("Teksten inneholder tegn som ikke kan lagres."))
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(_("Oppgi et endelig tall."))
    if isinstance(value, list | tuple):
        for item in value:
            refuse_unstorable(item)
    if isinstance(value, dict):
        for item in value.values():
            refuse_unstorable(item)
    return value
