"""Every screen of the portal. Each module defines a `router`; `routers()` finds them for app.py."""
from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter


def routers() -> list[APIRouter]:
    """One router with every module's routes, fixed paths before paths with parameters, so `/staff/contacts/new`
    is never read as the contact whose id is 'new' (ids are read as text and checked by the page)."""
    found = []
    for info in pkgutil.walk_packages(__path__, prefix=f'{__name__}.'):
        module = importlib.import_module(info.name)
        router = getattr(module, 'router', None)
        if isinstance(router, APIRouter):
            found.append(router)
    combined = APIRouter()
    combined.routes.extend(sorted((route for router in found for route in router.routes),
                                  key=lambda route: '{' in getattr(route, 'path', '')))
    return [combined]
