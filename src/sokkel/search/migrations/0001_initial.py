"""The search document table and each database's own ranked index over it."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

COLUMNS = "title, tags, units, body"
OLD = "old.title, old.tags, old.units, old.body"
NEW = "new.title, new.tags, new.units, new.body"

SQLITE_CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5("
    f"{COLUMNS}, content='search_searchdocument', content_rowid='innovation_id', "
    "tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.innovation_id, {NEW}); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.innovation_id, {OLD}); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN "
    f"INSERT INTO search_fts(search_fts, rowid, {COLUMNS}) "
    f"VALUES ('delete', old.innovation_id, {OLD}); "
    f"INSERT INTO search_fts(rowid, {COLUMNS}) VALUES (new.innovation_id, {NEW}); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
# The terms are already stemmed in Python, so the 'simple' configuration only splits them.
POSTGRES_CREATE = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple', title), 'A') || "
    "setweight(to_tsvector('simple', tags), 'B') || "
    "setweight(to_tsvector('simple', units), 'C') || "
    "setweight(to_tsvector('simple', body), 'D')) STORED",
    "CREATE INDEX search_searchdocument_vector ON search_searchdocument USING GIN (vector)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_searchdocument_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("innovations", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "innovation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="innovations.innovation",
                    ),
                ),
                ("title", models.TextField(blank=True)),
                ("tags", models.TextField(blank=True)),
                ("units", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("indexed_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "søkedokument",
                "verbose_name_plural": "søkedokumenter",
            },
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
