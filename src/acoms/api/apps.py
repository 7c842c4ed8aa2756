from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "acoms.api"
    label = "api"
