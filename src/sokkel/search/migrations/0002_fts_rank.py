"""Make FTS5's ``rank`` column the weighted bm25, so it can be selected next to aggregates.

``bm25()`` may not be called where SQLite groups rows (the list page counts kudos); the
``rank`` column computes the same figure while the FTS5 table is scanned.
"""

from typing import Any

from django.db import migrations

WEIGHTS = "10.0, 4.0, 2.0, 1.0"  # title, tags, unit names, story


def set_rank(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25({WEIGHTS})')"
        )


def reset_rank(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('rank', 'bm25()')")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(set_rank, reset_rank)]
