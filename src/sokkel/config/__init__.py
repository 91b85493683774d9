"""Django project configuration: one settings module driven by environment variables."""
