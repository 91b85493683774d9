"""Forms of the innovation pages.

The forms only validate and shape input; the writes go through
:mod:`sokkel.innovations.services`, whose ``InvalidInput`` errors are put back on the form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from sokkel.innovations.models import (
    ActorType,
    BarometerType,
    EffectKind,
    EvidenceLevel,
    Gain,
    Initiator,
    Innovation,
    Novelty,
    Phase,
    StudyDesign,
)
from sokkel.people.models import User
from sokkel.units.lookup import find_unit, in_order, labelled, suggest, unit_label
from sokkel.units.models import Sector, Unit

MARKDOWN_HELP = _("Du kan bruke Markdown: **fet**, *kursiv*, lister og lenker.")
INPUT = {"class": "ds-input"}


def blank(choices: list[tuple[Any, str]], label: str = "—") -> list[tuple[Any, str]]:
    """Prepend an empty choice to ``choices``."""
    return [("", label), *choices]


class PageTemplateWidget(forms.Widget):
    """A widget drawn by a template of the pages (``templates/``), with their tags."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        return mark_safe(render_to_string(self.template_name, self.get_context(name, value, attrs)))


class UnitSearchInput(PageTemplateWidget, forms.TextInput):
    """A text field for one unit that suggests units as one types (``unit_search.html``).

    Without JavaScript it is a plain text field; a name that fits several units comes back
    with them listed as radio buttons of the same name, after the text field.
    """

    template_name = "includes/unit_search.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str:
        # The last value: a unit ticked among the listed ones wins over the text typed.
        values = posted_values(data, name)
        return values[-1] if values else ""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        text = context["widget"]["value"] or ""
        unit = find_unit(text)
        context["widget"]["value"] = unit_label(unit) if unit else text
        context["widget"].update(matches=[] if unit else labelled(suggest(text)), match="radio")
        return context


class UnitPicker(PageTemplateWidget):
    """Chosen units as ticked chips, and a unit search to add more (``unit_picker.html``).

    Chips and search field post the same name: chips a unit's id, the search field its text.
    Without JavaScript one types a name and saves; a name that fits several units comes back
    with them listed, to tick.
    """

    template_name = "includes/unit_picker.html"

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return posted_values(data, name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False  # like checkboxes: nothing ticked is a value (none)

    def use_required_attribute(self, initial: Any) -> bool:
        return False  # the chips may hold the units while the search field stays empty

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen, unknown = read_units(value or [])
        text = unknown[-1] if unknown else ""
        context["widget"].update(
            value=text,
            chosen=labelled(chosen),
            matches=labelled(suggest(text)) if text else [],
            match="checkbox",
        )
        return context


def posted_values(data: Any, name: str) -> list[str]:
    """The non-blank values posted under ``name`` (of a QueryDict, or of a plain dict)."""
    values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
    values = values if isinstance(values, list | tuple) else [values]
    return [str(value) for value in values if str(value or "").strip()]


def read_units(values: list[Any]) -> tuple[list[Unit], list[str]]:
    """The units the posted values name (ids, keys, labels or names), and those naming none."""
    texts = [str(value).strip() for value in values if str(value).strip()]
    units = in_order(dict.fromkeys(int(text) for text in texts if text.isdigit()))
    found = {str(unit.pk) for unit in units}
    unknown = [text for text in texts if text.isdigit() and text not in found]
    for text in (text for text in texts if not text.isdigit()):
        unit = find_unit(text)
        if unit is None:
            unknown.append(text)
        elif unit not in units:
            units.append(unit)
    return units, unknown


def unknown_unit(text: str) -> ValidationError:
    """The error for a text that does not name one unit (the widget lists the ones it fits)."""
    if suggest(text, limit=1):
        message = _("Velg hvilken enhet du mener med «%(text)s».")
    else:
        message = _("Fant ingen enhet som heter «%(text)s».")
    return ValidationError(message, code="unknown_unit", params={"text": text})


class UnitField(forms.Field):
    """One unit, given by its key, its label or a name only it has (the list's filter)."""

    widget = UnitSearchInput

    def to_python(self, value: Any) -> Unit | None:
        text = str(value or "").strip()
        if not text:
            return None
        unit = find_unit(text)
        if unit is None:
            raise unknown_unit(text)
        return unit

    def prepare_value(self, value: Any) -> Any:
        return value.key if isinstance(value, Unit) else value


class UnitsField(forms.Field):
    """Units, each given by its id, its label or a name only it has (an innovation's units)."""

    widget = UnitPicker

    def to_python(self, value: Any) -> list[Unit]:
        units, unknown = read_units(value or [])
        if unknown:
            raise unknown_unit(unknown[0])
        return units

    def prepare_value(self, value: Any) -> Any:
        return [getattr(item, "pk", item) for item in value or []]


def put_service_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    """Attach a service's ``InvalidInput.errors`` to the form fields (or the form itself)."""
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)


class StoryForm(forms.Form):
    """The story and its classification: shared by «tell a story» and «edit»."""

    title = forms.CharField(label=_("Tittel"), max_length=200)
    problem = forms.CharField(
        label=_("Hva var problemet?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )
    what_we_did = forms.CharField(
        label=_("Hva gjorde dere?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )
    what_changed = forms.CharField(
        label=_("Hva ble endret?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MARKDOWN_HELP,
    )
    units = UnitsField(
        label=_("Enheter"),
        help_text=_(
            "Hvor innovasjonen hører hjemme. Søk etter enheten og velg den i listen; "
            "fjern haken for å ta en enhet ut."
        ),
    )
    sector = forms.ChoiceField(label=_("Sektor"), choices=blank(Sector.choices))
    tags = forms.CharField(
        label=_("Stikkord"),
        required=False,
        max_length=500,
        help_text=_("Skill stikkordene med komma, for eksempel: demens, røntgen"),
    )
    barometer_type = forms.ChoiceField(
        label=_("Type innovasjon"), required=False, choices=blank(BarometerType.choices)
    )
    novelty = forms.ChoiceField(
        label=_("Nyhetsgrad"), required=False, choices=blank(Novelty.choices)
    )
    initiator = forms.ChoiceField(
        label=_("Hvem tok initiativet?"), required=False, choices=blank(Initiator.choices)
    )
    gains = forms.MultipleChoiceField(
        label=_("Gevinster"),
        required=False,
        choices=Gain.choices,
        widget=forms.CheckboxSelectMultiple(attrs=INPUT),
    )

    def clean_tags(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["tags"].split(",")]
        unique: list[str] = []
        for name in names:
            if name and name.casefold() not in {seen.casefold() for seen in unique}:
                unique.append(name)
        return unique


class CreateInnovationForm(StoryForm):
    publish = forms.BooleanField(
        label=_("Publiser med en gang, så alle kan lese historien"),
        required=False,
        widget=forms.CheckboxInput(attrs=INPUT),
        help_text=_("Uten publisering ser bare teamet og lederne utkastet."),
    )


class EditInnovationForm(StoryForm):
    evidence_level = forms.TypedChoiceField(
        label=_("Evidensnivå"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=blank(EvidenceLevel.choices),
        help_text=_("Nestas evidensstandard, fra 1 (beskrevet) til 5 (kan skaleres)."),
    )
    study_design = forms.ChoiceField(
        label=_("Studiedesign"), required=False, choices=blank(StudyDesign.choices)
    )
    adoption_recipe = forms.CharField(
        label=_("Slik tar dere det i bruk"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            "{} {}", _("Oppskriften for andre enheter som vil gjøre det samme."), MARKDOWN_HELP
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, innovation: Innovation) -> dict[str, Any]:
        """The form's starting values from the stored innovation."""
        return {
            "title": innovation.title,
            "problem": innovation.problem,
            "what_we_did": innovation.what_we_did,
            "what_changed": innovation.what_changed,
            "units": list(innovation.units.all()),
            "sector": innovation.sector,
            "tags": ", ".join(tag.name for tag in innovation.tags.all()),
            "barometer_type": innovation.barometer_type,
            "novelty": innovation.novelty,
            "initiator": innovation.initiator,
            "gains": list(innovation.gains or []),
            "evidence_level": innovation.evidence_level,
            "study_design": innovation.study_design,
            "adoption_recipe": innovation.adoption_recipe,
            "version": innovation.version,
        }

    def service_fields(self) -> dict[str, Any]:
        """Cleaned data as ``update_innovation`` keyword arguments (without ``version``)."""
        data = dict(self.cleaned_data)
        data.pop("version")
        data["units"] = list(data["units"])
        return data


class TeamMemberForm(forms.Form):
    """Either a registered researcher, or a named actor from outside the platform."""

    person = forms.ModelChoiceField(
        label=_("Registrert forsker"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("— ingen, jeg skriver inn et navn —"),
    )
    name = forms.CharField(
        label=_("Eller navnet på en ekstern aktør"),
        required=False,
        max_length=200,
        help_text=_("En person eller virksomhet som ikke er registrert i Sokkel."),
    )
    actor_type = forms.ChoiceField(
        label=_("Aktørtype"),
        required=False,
        choices=blank(ActorType.choices),
        help_text=_("Forskere får typen «forskning» hvis du lar feltet stå tomt."),
    )
    organisation = forms.CharField(label=_("Organisasjon"), required=False, max_length=200)
    role = forms.CharField(label=_("Rolle i teamet"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = User.objects.filter(is_active=True, is_researcher=True).order_by(
            "full_name", "email"
        )
        field.label_from_instance = researcher_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        person, name = data.get("person"), (data.get("name") or "").strip()
        if person and name:
            self.add_error(
                "name", _("Velg enten en registrert forsker eller skriv et navn, ikke begge.")
            )
        elif not person and not name:
            self.add_error("person", _("Velg en registrert forsker eller skriv inn et navn."))
        if person and not data.get("actor_type"):
            data["actor_type"] = ActorType.RESEARCH
        if not person and name and not data.get("actor_type"):
            self.add_error("actor_type", _("Velg hvilken type aktør dette er."))
        return data


def researcher_label(user: User) -> str:
    return f"{user.get_full_name()} ({user.affiliation})" if user.affiliation else str(user)


class EffectForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type effekt"),
        choices=EffectKind.choices,
        initial=EffectKind.QUANTITATIVE,
        widget=forms.RadioSelect(attrs=INPUT),
        help_text=_(
            "En målt effekt har tall før og etter; en immateriell effekt vurderes og beskrives."
        ),
    )
    name = forms.CharField(label=_("Hva ble målt eller vurdert?"), max_length=200)
    unit = forms.CharField(
        label=_("Måleenhet"),
        required=False,
        max_length=40,
        help_text=_("For eksempel: minutter, prosent, kroner"),
    )
    baseline = forms.FloatField(label=_("Før"), required=False)
    result = forms.FloatField(label=_("Etter"), required=False)
    n = forms.IntegerField(label=_("Antall (n)"), required=False, min_value=1)
    interval_low = forms.FloatField(label=_("Usikkerhetsintervall fra"), required=False)
    interval_high = forms.FloatField(label=_("Usikkerhetsintervall til"), required=False)
    rating = forms.TypedChoiceField(
        label=_("Vurdering (1–5)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=blank([(value, str(value)) for value in range(1, 6)]),
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    source = forms.CharField(
        label=_("Kilde"),
        required=False,
        max_length=500,
        help_text=_("Hvor tallene kommer fra: rapport, artikkel, egen måling …"),
    )
    is_illustrative = forms.BooleanField(
        label=_("Tallene er illustrerende, ikke målt"),
        required=False,
        widget=forms.CheckboxInput(attrs=INPUT),
    )


class PhaseForm(forms.Form):
    to_phase = forms.ChoiceField(
        label=_("Ny fase"), choices=Phase.choices, widget=forms.RadioSelect(attrs=INPUT)
    )
    note = forms.CharField(
        label=_("Notat"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hva har skjedd? Notatet vises på reisen."),
    )

    def __init__(self, *args: Any, innovation: Innovation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_phase"].choices = [
            (value, capfirst(label)) for value, label in Phase.choices if value != innovation.phase
        ]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor trekkes innovasjonen tilbake?"),
        max_length=Innovation._meta.get_field("withdrawal_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Teamet og lederne ser begrunnelsen på innovasjonens side. "
            "Du kan publisere den igjen senere."
        ),
    )


class InnovationFilterForm(forms.Form):
    """The list page's filters (GET)."""

    q = forms.CharField(label=_("Søk"), required=False, max_length=200)
    phase = forms.ChoiceField(
        label=_("Fase"), required=False, choices=blank(Phase.choices, _("Alle"))
    )
    sector = forms.ChoiceField(
        label=_("Sektor"), required=False, choices=blank(Sector.choices, _("Alle"))
    )
    unit = UnitField(
        label=_("Enhet (med underenheter)"),
        required=False,
        help_text=_("Skriv navnet, for eksempel «Bodø»."),
    )
    evidence_level = forms.TypedChoiceField(
        label=_("Evidensnivå"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=blank(EvidenceLevel.choices, _("Alle")),
    )

    def narrows(self) -> bool:
        """Whether a filter other than the search is set (the form must be valid)."""
        return any(value for name, value in self.cleaned_data.items() if name != "q")
