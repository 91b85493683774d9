"""Forms of the account pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sokkel.people.models import User


class DeleteAccountForm(forms.Form):
    """The person confirms; one who signs in with a password types it again."""

    password = forms.CharField(
        label=_("Passordet ditt"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Jeg forstår at kontoen min slettes for godt"),
        error_messages={"required": _("Kryss av for å bekrefte at du vil slette kontoen.")},
    )

    def __init__(self, *args: Any, person: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        if not person.has_usable_password():
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise forms.ValidationError(_("Passordet er feil."))
        return password
