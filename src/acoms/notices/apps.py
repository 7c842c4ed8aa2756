from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "acoms.notices"
    label = "notices"
    verbose_name = "notices"
