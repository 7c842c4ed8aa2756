from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "acoms.applications"
    label = "applications"

    def ready(self):
        from acoms.audit import labels  # noqa: PLC0415 (the audit vocabulary learns this app's events once apps load)

        from .events import LABELS  # noqa: PLC0415 (as above)

        labels.register(LABELS)
