"""Full-text search over published innovations, with Norwegian stemming.

SQLite (the embedded default) keeps an FTS5 table ranked with ``bm25``; PostgreSQL keeps a
``tsvector`` with a GIN index ranked with ``ts_rank``. Both index the same normalised terms
(:mod:`sokkel.search.text`) so that a search finds the same innovations on either database.
"""
