from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpreadConfig(AppConfig):
    name = "sokkel.spread"
    verbose_name = _("Spredning")
