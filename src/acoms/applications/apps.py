from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "acoms.applications"
    label = "applications"
