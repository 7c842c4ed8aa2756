from participants.conftest import world  # noqa: F401 (the registry and A1002's list, written by the actions)
