from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "sokkel.api"
    verbose_name = "API"
