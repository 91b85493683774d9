from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def index_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After ``migrate``, documents made by an older analysis are made again."""
    from sokkel.search.index import ensure_current

    if using == "default":
        ensure_current()


class SearchConfig(AppConfig):
    name = "sokkel.search"
    verbose_name = _("Søk")

    def ready(self) -> None:
        from sokkel.search import signals

        signals.connect()
        post_migrate.connect(index_after_migrate, sender=self, dispatch_uid="sokkel-search-index")
