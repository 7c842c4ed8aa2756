from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "acoms.quality"
    label = "quality"
