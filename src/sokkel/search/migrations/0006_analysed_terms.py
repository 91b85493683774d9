"""Both databases index the terms of Sokkel's Norwegian analysis; a vocabulary for «did you mean».

Documents hold the terms :mod:`sokkel.search.norwegian` makes (lemmas, bokmål for nynorsk,
compound parts) on SQLite and PostgreSQL alike, so both find the same. PostgreSQL's vector is
again the ``simple`` configuration over those terms (as before migration ``0005``, whose
functions go). ``search_searchterm`` counts each term's documents, with a trigram index of its
folded word: PostgreSQL's ``pg_trgm``, SQLite's FTS5 ``trigram`` tokenizer.

Documents made by another analysis are made again after ``migrate`` (``analysis`` differs
from the current version: :func:`sokkel.search.index.ensure_current`).
"""

from importlib import import_module
from typing import Any

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# Migration 0005's functions: its vector of the text as written, and the ``simple`` one.
M0005 = import_module("sokkel.search.migrations.0005_postgres_norwegian")
POSTGRES_CREATE = [
    M0005.WRITE.format(vector=M0005.SIMPLE),
    *M0005.DROP[1:],
    "CREATE INDEX search_searchterm_folded_trgm ON search_searchterm "
    "USING GIN (folded gin_trgm_ops)",
]
POSTGRES_DROP = ["DROP INDEX search_searchterm_folded_trgm", *M0005.CREATE]
# SQLite adds the column by making the table anew, which drops its triggers: they are made
# again (migration 0001's), and the FTS5 index is rebuilt from the documents.
FTS_TRIGGERS = import_module("sokkel.search.migrations.0001_initial").SQLITE_CREATE[1:]
SQLITE_CREATE = [
    *(f"DROP TRIGGER IF EXISTS search_fts_{event}" for event in ("insert", "delete", "update")),
    *FTS_TRIGGERS,
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    "CREATE VIRTUAL TABLE search_term_trigrams USING fts5("
    "folded, content='search_searchterm', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER search_term_trigrams_insert AFTER INSERT ON search_searchterm BEGIN "
    "INSERT INTO search_term_trigrams(rowid, folded) VALUES (new.id, new.folded); END",
    "CREATE TRIGGER search_term_trigrams_delete AFTER DELETE ON search_searchterm BEGIN "
    "INSERT INTO search_term_trigrams(search_term_trigrams, rowid, folded) "
    "VALUES ('delete', old.id, old.folded); END",
    "CREATE TRIGGER search_term_trigrams_update AFTER UPDATE OF folded ON search_searchterm "
    "BEGIN INSERT INTO search_term_trigrams(search_term_trigrams, rowid, folded) "
    "VALUES ('delete', old.id, old.folded); "
    "INSERT INTO search_term_trigrams(rowid, folded) VALUES (new.id, new.folded); END",
]
SQLITE_DROP = [
    "DROP TRIGGER search_term_trigrams_update",
    "DROP TRIGGER search_term_trigrams_delete",
    "DROP TRIGGER search_term_trigrams_insert",
    "DROP TABLE search_term_trigrams",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgres_norwegian")]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.CharField(max_length=200, unique=True)),
                ("word", models.CharField(max_length=200)),
                ("folded", models.CharField(max_length=200)),
                ("documents", models.PositiveIntegerField(default=0)),
            ],
            options={"verbose_name": "søkeord", "verbose_name_plural": "søkeord"},
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="analysis",
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.RunPython(
            _run({"postgresql": POSTGRES_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": POSTGRES_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
