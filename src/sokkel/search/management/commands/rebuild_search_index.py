"""``sokkel manage rebuild_search_index``: index every published innovation again."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sokkel.search.index import rebuild


class Command(BaseCommand):
    help = "Throw the search index away and index every published innovation again."

    def handle(self, *args: Any, **options: Any) -> None:
        count = rebuild()
        self.stdout.write(f"Indexed {count} published innovations.")
