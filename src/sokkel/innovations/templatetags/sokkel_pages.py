"""Template helpers of the pages: Designsystemet form widgets and small display rules."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.exceptions import FieldDoesNotExist
from django.forms import BoundField
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sokkel.innovations.models import Innovation

register = template.Library()

CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


@register.simple_tag
def ds_widget(field: BoundField) -> SafeString:
    """Render the field's widget with Designsystemet's ``ds-input`` class.

    Django adds ``aria-invalid`` and ``aria-describedby`` (help text and error ids).
    """
    return field.as_widget(attrs={"class": "ds-input"})


@register.simple_tag
def content_lang() -> SafeString:
    """``lang="no"`` on what people wrote, when the interface is not in Norwegian.

    Stories are written in Norwegian and stored as written (WCAG 3.1.2, language of parts).
    """
    if (get_language() or "nb") in {"nb", "nn", "no"}:
        return mark_safe("")
    return mark_safe(' lang="no"')


@register.filter
def field_kind(field: BoundField) -> str:
    """``hidden``, ``checkbox``, ``choices`` (radio buttons or checkboxes) or ``input``."""
    widget = field.field.widget
    if field.is_hidden:
        return "hidden"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, CHOICE_WIDGETS):
        return "choices"
    return "input"


@register.filter
def error_target(field: BoundField) -> str:
    """The id an error summary links to: the field, or its first option."""
    if isinstance(field.field.widget, CHOICE_WIDGETS):
        return f"{field.auto_id}_0"
    return field.id_for_label


@register.simple_tag
def describe_change(change: Any) -> str:
    """An audit entry's ``[old, new]`` pair as «old → new» (any other value as it is)."""
    if isinstance(change, list | tuple) and len(change) == 2:
        return f"{readable(change[0])} → {readable(change[1])}"
    return readable(change)


def readable(value: Any) -> str:
    """One value of an audit entry, readable."""
    if value is None or value == "" or value == []:
        return _("(tomt)")
    if isinstance(value, bool):
        return _("ja") if value else _("nei")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@register.filter
def number(value: float | None) -> str:
    """A measured value without a pointless ``.0``, in the language's number format."""
    if value is None:
        return ""
    return number_format(int(value) if float(value).is_integer() else round(value, 2))


ACTIONS = {
    "innovation.created": gettext_lazy("Fortalt"),
    "innovation.updated": gettext_lazy("Endret"),
    "innovation.published": gettext_lazy("Publisert"),
    "innovation.team_member_added": gettext_lazy("Lagt til i teamet"),
    "innovation.team_member_removed": gettext_lazy("Tatt ut av teamet"),
    "innovation.effect_added": gettext_lazy("Effekt lagt til"),
    "innovation.phase_moved": gettext_lazy("Flyttet til en annen fase"),
    "innovation.anchored": gettext_lazy("Forankret"),
    "innovation.kudos_given": gettext_lazy("Heiarop"),
    "innovation.adopted": gettext_lazy("Tatt i bruk av en enhet til"),
    "innovation.adoption_effect_added": gettext_lazy("Effekt av gjenbruk lagt til"),
    "innovation.adoption_effect_removed": gettext_lazy("Effekt av gjenbruk fjernet"),
    "innovation.withdrawn": gettext_lazy("Trukket tilbake"),
    "innovation.restored": gettext_lazy("Publisert igjen"),
}
OTHER_FIELDS = {
    "team": gettext_lazy("team"),
    "effects": gettext_lazy("effekter"),
    "kudos": gettext_lazy("heiarop"),
    "note": gettext_lazy("notat"),
    "adoptions": gettext_lazy("gjenbruk"),
    "adoption_effects": gettext_lazy("effekter av gjenbruk"),
}


@register.filter
def action_label(action: str) -> str:
    """An audit entry's dotted action code in words (unknown codes as they are)."""
    return str(ACTIONS.get(action, action))


@register.filter
def field_label(name: str) -> str:
    """The name of a changed field as the forms call it."""
    if name in OTHER_FIELDS:
        return str(OTHER_FIELDS[name])
    try:
        return str(Innovation._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name
