from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InnovationsConfig(AppConfig):
    name = "sokkel.innovations"
    verbose_name = _("Innovasjoner")
