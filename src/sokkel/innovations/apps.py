from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def add_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give SQLite a Unicode-aware lower() for :meth:`InnovationQuerySet.search`."""
    from sokkel.innovations.models import SQLITE_LOWER, sqlite_lower

    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_LOWER, 1, sqlite_lower, deterministic=True)


class InnovationsConfig(AppConfig):
    name = "sokkel.innovations"
    verbose_name = _("Innovasjoner")

    def ready(self) -> None:
        connection_created.connect(add_sqlite_functions, dispatch_uid="sokkel-sqlite-functions")
