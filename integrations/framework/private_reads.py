"""Private attributes of a library that the portal reads outside this package: Tortoise's.

Nothing is replaced; each read is declared with the library source that defines or uses the attribute, so the
contract test names it when that source changes.
"""
from __future__ import annotations

from integrations.framework.contracts import Patch

PATCHES = (
    Patch('sql.models', "calls Tortoise's private tortoise.models.Model._init_from_db (domain/models/sql.py: rows read "
          'by hand made into models as the ORM makes them)', 'tortoise-orm 1.1.9',
          originals={
              'tortoise.models.Model._init_from_db': '5c5ac3cc150db023f83cdcb3fcabef900336bb854ff376c20927b3323b9c109d'}),
)
