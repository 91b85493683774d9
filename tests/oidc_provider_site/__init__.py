"""A real OpenID Connect provider for the tests: django-oidc-provider in a tiny Django site of
its own, started by ``tests/people/test_oidc.py`` in a separate process (its own environment,
its own SQLite database), never Sokkel's settings."""
