"""Full-text search over published innovations, with Norwegian stemming.

SQLite (the embedded default) keeps an FTS5 table of the terms made in Python
(:mod:`sokkel.search.text`), ranked with ``bm25``; PostgreSQL keeps ``tsvector`` rows made by
its own ``norwegian`` configuration, with a GIN index, ranked with ``ts_rank``. Both stem
with Snowball's Norwegian stemmer and undouble a final double consonant, so a search finds
the same innovations on either database but for rare words (docs/spread.md).
"""
