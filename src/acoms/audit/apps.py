from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "acoms.audit"
    label = "audit"
