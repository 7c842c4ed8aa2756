from django.apps import AppConfig


class ParticipantsConfig(AppConfig):
    name = "acoms.participants"
    label = "participants"
