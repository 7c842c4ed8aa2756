from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "acoms.performance"
    label = "performance"
