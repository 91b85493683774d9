"""PostgreSQL: ``search_hits(query)``, the ranked hits of a search as (innovation, rank) rows.

Ranking a search's hits, then joining them with the innovations someone may see, keeps each
hit's ``tsvector`` out of the join and the sort (PostgreSQL carried them along: 300 ms for the
20,000 hits of «sykehjem» among 100,000 innovations). The function takes its hits from the GIN
index: the planner counts ``@@`` as almost free and would otherwise read every vector when a
fifth of them match, about four times slower (benchmarks/search_100k.py).
"""

from typing import Any

from django.db import migrations

CREATE = (
    "CREATE FUNCTION search_hits(query tsquery) "
    "RETURNS TABLE (innovation_id bigint, rank real) "
    "LANGUAGE sql STABLE SET enable_seqscan = off AS $$ "
    "SELECT innovation_id, ts_rank(vector, query) FROM search_vector WHERE vector @@ query $$"
)
DROP = "DROP FUNCTION search_hits(tsquery)"


def _run(statement: str) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_postgres_vector_table")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
