"""PostgreSQL: keep the ``tsvector`` in a narrow table of its own, filled by triggers.

A search with many hits (a fifth of 100,000 innovations for «sykehjem») ranks every hit:
beside the normalised text in ``search_searchdocument`` the vectors were spread over 116 MB
of rows; alone they take 76 MB, and counting the hits can skip the table's pages
(benchmarks/search_100k.py). Like SQLite's FTS5 table (migration ``0001``), the table
``search_vector`` follows ``search_searchdocument`` through triggers.
"""

from typing import Any

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('simple', NEW.title), 'A') || "
    "setweight(to_tsvector('simple', NEW.tags), 'B') || "
    "setweight(to_tsvector('simple', NEW.units), 'C') || "
    "setweight(to_tsvector('simple', NEW.body), 'D')"
)
CREATE = [
    "CREATE TABLE search_vector (innovation_id bigint PRIMARY KEY, vector tsvector NOT NULL)",
    "CREATE FUNCTION search_vector_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_OP = 'DELETE' THEN "
    "DELETE FROM search_vector WHERE innovation_id = OLD.innovation_id; RETURN OLD; "
    "END IF; "
    f"INSERT INTO search_vector (innovation_id, vector) VALUES (NEW.innovation_id, {VECTOR}) "
    "ON CONFLICT (innovation_id) DO UPDATE SET vector = EXCLUDED.vector; RETURN NEW; "
    "END $$",
    "CREATE TRIGGER search_vector_write AFTER INSERT OR UPDATE OR DELETE "
    "ON search_searchdocument FOR EACH ROW EXECUTE FUNCTION search_vector_write()",
    "CREATE FUNCTION search_vector_truncate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "TRUNCATE search_vector; RETURN NULL; END $$",
    "CREATE TRIGGER search_vector_truncate AFTER TRUNCATE ON search_searchdocument "
    "FOR EACH STATEMENT EXECUTE FUNCTION search_vector_truncate()",
    "INSERT INTO search_vector (innovation_id, vector) "
    "SELECT innovation_id, vector FROM search_searchdocument",
    "CREATE INDEX search_vector_vector ON search_vector USING GIN (vector)",
    "DROP INDEX search_searchdocument_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN vector",
]
DROP = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    f"{VECTOR.replace('NEW.', '')}) STORED",
    "CREATE INDEX search_searchdocument_vector ON search_searchdocument USING GIN (vector)",
    "DROP TRIGGER search_vector_truncate ON search_searchdocument",
    "DROP FUNCTION search_vector_truncate()",
    "DROP TRIGGER search_vector_write ON search_searchdocument",
    "DROP FUNCTION search_vector_write()",
    "DROP TABLE search_vector",
]


def _run(statements: list[str]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fts_rank")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
