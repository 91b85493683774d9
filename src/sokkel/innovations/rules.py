"""Phase rules: what an innovation needs before it may move to a later phase.

DESIGN.md's rules, applied when ``settings.SOKKEL_PHASE_RULES`` is ``"strict"`` (the default):

- leaving *discovered* needs a researcher on the team;
- *understood* (and later) needs at least one effect and an evidence level;
- *shared* needs an adoption recipe.

A move that jumps several phases must meet the rules of every phase it passes (from
*discovered* straight to *shared* needs all of them). Moving back is always allowed.
``"relaxed"`` lets any move through. The reasons are plain Norwegian, written for the
person who asked to move the innovation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.translation import gettext as _

from sokkel.innovations.models import Phase

if TYPE_CHECKING:
    from sokkel.innovations.models import Innovation

STRICT = "strict"
RELAXED = "relaxed"


def rules_mode() -> str:
    """The installation's phase-rule mode: ``"strict"`` or ``"relaxed"``."""
    return getattr(settings, "SOKKEL_PHASE_RULES", STRICT)


def phase_blockers(innovation: Innovation, to_phase: str) -> list[str]:
    """Plain-Norwegian reasons why ``innovation`` may not move to ``to_phase`` yet.

    Parameters
    ----------
    innovation
        The innovation to move.
    to_phase
        The phase it should move to (a :class:`~sokkel.innovations.models.Phase` value).

    Returns
    -------
    list[str]
        Empty when the move is allowed.
    """
    if to_phase not in Phase.values:
        return [_("«%(phase)s» er ikke en fase.") % {"phase": to_phase}]
    if to_phase == innovation.phase:
        return [
            _("Innovasjonen er allerede i fasen «%(phase)s».") % {"phase": Phase(to_phase).label}
        ]
    moving_back = Phase.index(to_phase) < Phase.index(innovation.phase)
    if moving_back or rules_mode() == RELAXED:
        return []
    target = Phase.index(to_phase)
    missing: list[str] = []
    if innovation.phase == Phase.DISCOVERED and not innovation.has_researcher():
        missing.append(
            _(
                "Teamet trenger en forsker før innovasjonen kan gå videre fra «oppdaget». "
                "Legg til en forsker i teamet."
            )
        )
    if target >= Phase.index(Phase.UNDERSTOOD):
        if not innovation.effects.exists():
            missing.append(
                _("For å bli «forstått» må innovasjonen ha minst én effekt. Legg til en effekt.")
            )
        if innovation.evidence_level is None:
            missing.append(
                _(
                    "For å bli «forstått» må innovasjonen ha et evidensnivå. "
                    "Velg evidensnivå når du endrer innovasjonen."
                )
            )
    if to_phase == Phase.SHARED and not innovation.adoption_recipe.strip():
        missing.append(
            _(
                "For å bli «delt» må innovasjonen ha en oppskrift på hvordan andre kan ta den "
                "i bruk. Skriv oppskriften når du endrer innovasjonen."
            )
        )
    return missing
