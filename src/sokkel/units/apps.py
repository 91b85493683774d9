from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "sokkel.units"
    verbose_name = _("Enheter")
