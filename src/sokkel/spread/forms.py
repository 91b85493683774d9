"""Forms of the spread pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sokkel.innovations.forms import EffectForm, UnitField
from sokkel.innovations.models import Tag
from sokkel.units.models import Sector, Unit


class AdoptionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Enheten som tok den i bruk"), queryset=Unit.objects.none()
    )
    adopted_on = forms.DateField(
        label=_("Tatt i bruk"), widget=forms.DateInput(attrs={"type": "date"})
    )
    adaptations = forms.CharField(
        label=_("Hva tilpasset dere?"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    results = forms.CharField(
        label=_("Hvilke resultater og effekter har dere sett?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Målte effekter legger dere inn på neste side, slik originalen har sine."),
    )

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.order_by("path")


class AdoptionEffectForm(EffectForm):
    """An adopting unit's effect; the name field suggests the original's indicators."""

    def __init__(self, *args: Any, indicators: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if indicators:
            name = self.fields["name"]
            name.widget.attrs["list"] = "indicators"
            name.help_text = _(
                "Bruk samme navn som en av originalens effekter for å vises ved siden av den: "
                "%(names)s."
            ) % {"names": ", ".join(indicators)}


class FollowForm(forms.Form):
    sector = forms.ChoiceField(
        label=_("Sektor"), required=False, choices=[("", "—"), *Sector.choices]
    )
    tag = forms.ModelChoiceField(
        label=_("Stikkord"), required=False, queryset=Tag.objects.all(), to_field_name="slug"
    )
    unit = UnitField(label=_("Enhet (med underenheter)"), required=False)
