from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "sokkel.search"
    verbose_name = _("Søk")

    def ready(self) -> None:
        from sokkel.search import signals

        signals.connect()
