from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "acoms.accounts"
    label = "accounts"

    def ready(self):
        from acoms.accounts import signals  # noqa: PLC0415, F401
