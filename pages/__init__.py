"""Every screen of the portal. Each module defines a `router`; `routers()` finds them for app.py."""
from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    found = []
    for info in pkgutil.walk_packages(__path__, prefix=f'{__name__}.'):
        module = importlib.import_module(info.name)
        router = getattr(module, 'router', None)
        if isinstance(router, APIRouter):
            found.append(router)
    return found
