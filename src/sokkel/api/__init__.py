"""The JSON API under ``/api/v1`` (django-ninja), OpenAPI at ``/api/v1/openapi.json``."""
