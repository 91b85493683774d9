"""Plain dictionaries of units and innovations, shaped like :mod:`sokkel.api.schemas`."""

from __future__ import annotations

from typing import Any

from sokkel.innovations.models import EffectFields, Innovation, Phase
from sokkel.units.models import Unit


def unit_ref(unit: Unit) -> dict[str, str]:
    return {"key": unit.key, "name": unit.name}


def unit_out(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "key": unit.key,
        "name": unit.name,
        "kind": unit.kind,
        "sector": unit.sector,
        "parent": unit.parent.key if unit.parent_id else None,
        "number": unit.number,
        "population": unit.population,
    }


def innovation_item(innovation: Innovation) -> dict[str, Any]:
    """The list entry; the first unit in tree order is the innovation's ``unit``."""
    units = sorted(innovation.units.all(), key=lambda unit: unit.path)
    return {
        "id": innovation.pk,
        "title": innovation.title,
        "slug": innovation.slug,
        "phase": innovation.phase,
        "sector": innovation.sector,
        "unit": unit_ref(units[0]) if units else None,
        "units": [unit_ref(unit) for unit in units],
        "evidence_level": innovation.evidence_level,
        "is_published": innovation.is_published,
        "url": innovation.get_absolute_url(),
    }


def _journey(innovation: Innovation) -> list[dict[str, Any]]:
    """The creation, then every phase move in order (forward and back)."""
    creator = innovation.created_by
    steps: list[dict[str, Any]] = [
        {
            "event": "created",
            "at": innovation.created_at,
            "by": str(creator) if creator else None,
            "from_phase": None,
            "to_phase": Phase.DISCOVERED.value,
            "note": "",
        }
    ]
    for transition in innovation.transitions.select_related("by"):
        steps.append(
            {
                "event": "moved",
                "at": transition.at,
                "by": str(transition.by) if transition.by else None,
                "from_phase": transition.from_phase,
                "to_phase": transition.to_phase,
                "note": transition.note,
            }
        )
    return steps


def effect_out(effect: EffectFields) -> dict[str, Any]:
    """An innovation's or an adopting unit's effect, as ``EffectOut``."""
    return {
        "id": effect.pk,
        "kind": effect.kind,
        "name": effect.name,
        "unit": effect.unit,
        "baseline": effect.baseline,
        "result": effect.result,
        "change": effect.change,
        "n": effect.n,
        "interval_low": effect.interval_low,
        "interval_high": effect.interval_high,
        "rating": effect.rating,
        "description": effect.description,
        "source": effect.source,
        "is_illustrative": effect.is_illustrative,
    }


def innovation_detail(innovation: Innovation, viewer: Any) -> dict[str, Any]:
    """Everything about one innovation a reader may see (no e-mail addresses)."""
    team = [
        {
            "name": member.display_name,
            "actor_type": member.actor_type,
            "role": member.role,
            "organisation": member.organisation,
            "is_researcher": bool(member.person and member.person.is_researcher),
        }
        for member in innovation.team.select_related("person")
    ]
    return {
        **innovation_item(innovation),
        "problem": innovation.problem,
        "what_we_did": innovation.what_we_did,
        "what_changed": innovation.what_changed,
        "tags": list(innovation.tags.values_list("name", flat=True)),
        "team": team,
        "sponsor": str(innovation.sponsor) if innovation.sponsor_id else None,
        "kudos": innovation.kudos.count(),
        "effects": [effect_out(effect) for effect in innovation.effects.all()],
        "journey": _journey(innovation),
        "study_design": innovation.study_design,
        "adoption_recipe": innovation.adoption_recipe,
        "barometer_type": innovation.barometer_type,
        "novelty": innovation.novelty,
        "initiator": innovation.initiator,
        "gains": list(innovation.gains or []),
        "version": innovation.version,
        "created_at": innovation.created_at,
        "updated_at": innovation.updated_at,
        "published_at": innovation.published_at,
        "can_edit": innovation.can_edit(viewer),
        "withdrawn_at": innovation.withdrawn_at,
        "withdrawn_by": str(innovation.withdrawn_by) if innovation.withdrawn_by_id else None,
        "withdrawal_reason": innovation.withdrawal_reason or None,
    }
