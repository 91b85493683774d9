"""PostgreSQL: index with PostgreSQL's own ``norwegian`` text-search configuration.

PostgreSQL's parser, Norwegian stopwords and Snowball stemmer make the terms, from the text as
written; one step is added, as in Python (``sokkel.search.text.term``): a final double
consonant is undoubled, because Snowball leaves «sykehjemmet» as ``sykehjemm`` beside
«sykehjem» ``sykehjem``. Documents now hold the text as written on PostgreSQL (SQLite keeps
the Python terms), so the index is rebuilt: run ``sokkel manage rebuild_search_index``.

- ``search_undouble(term)``: the term with a final double consonant undoubled;
- ``search_norwegian(text)``: the ``tsvector`` of ``text``, positions kept for ranking;
- ``search_terms(text)``: the distinct terms of a search, in the order they were typed.
"""

from typing import Any

from django.db import migrations

VECTOR = (
    "setweight(search_norwegian(NEW.title), 'A') || "
    "setweight(search_norwegian(NEW.tags), 'B') || "
    "setweight(search_norwegian(NEW.units), 'C') || "
    "setweight(search_norwegian(NEW.body), 'D')"
)
WRITE = (
    "CREATE OR REPLACE FUNCTION search_vector_write() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN IF TG_OP = 'DELETE' THEN "
    "DELETE FROM search_vector WHERE innovation_id = OLD.innovation_id; RETURN OLD; "
    "END IF; "
    "INSERT INTO search_vector (innovation_id, vector) VALUES (NEW.innovation_id, {vector}) "
    "ON CONFLICT (innovation_id) DO UPDATE SET vector = EXCLUDED.vector; RETURN NEW; "
    "END $$"
)
SIMPLE = (
    "setweight(to_tsvector('simple', NEW.title), 'A') || "
    "setweight(to_tsvector('simple', NEW.tags), 'B') || "
    "setweight(to_tsvector('simple', NEW.units), 'C') || "
    "setweight(to_tsvector('simple', NEW.body), 'D')"
)
CREATE = [
    "CREATE FUNCTION search_undouble(term text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT regexp_replace(term, '^(.{2,})([^aeiouyæøå])\\2$', '\\1\\2') $$",
    # A tsvector literal keeps the positions ts_rank counts: 'term':1,7 (quotes doubled).
    "CREATE FUNCTION search_norwegian(document text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT coalesce(string_agg("
    "'''' || replace(replace(search_undouble(lexeme), '\\', '\\\\'), '''', '''''') || ''':' "
    "|| array_to_string(positions, ','), ' ')::tsvector, ''::tsvector) "
    "FROM unnest(to_tsvector('pg_catalog.norwegian', document)) $$",
    "CREATE FUNCTION search_terms(query text) RETURNS text[] "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_agg(term ORDER BY first), '{}') FROM ("
    "SELECT search_undouble(lexeme) AS term, min(positions[1]) AS first "
    "FROM unnest(to_tsvector('pg_catalog.norwegian', query)) GROUP BY 1) AS terms $$",
    WRITE.format(vector=VECTOR),
]
DROP = [
    WRITE.format(vector=SIMPLE),
    "DROP FUNCTION search_terms(text)",
    "DROP FUNCTION search_norwegian(text)",
    "DROP FUNCTION search_undouble(text)",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_postgres_search_hits")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
