"""The modules each ACO-MS app may offer by convention: `urls`, `demo`, `api`."""

import importlib
from importlib.util import find_spec

from django.conf import settings


def app_modules(name: str):
    """Yield (app, module) for every app in ACOMS_APPS that has a submodule `name`."""
    for app in settings.ACOMS_APPS:
        if find_spec(f"{app}.{name}") is not None:
            yield app, importlib.import_module(f"{app}.{name}")
