"""Private attributes of NiceGUI, Tortoise, Babel and gettext that the portal reads outside this package.

Nothing is replaced; each read is declared with the library source that defines or uses the attribute, so the
contract test names it when that source changes.
"""
from __future__ import annotations

from integrations.framework.contracts import Patch

PATCHES = (
    Patch('web.server_error', "reads the scope key 'nicegui_page_path' that NiceGUI's nicegui.client.Client.__init__ "
          'sets on a page request (integrations/web.py: a failed page gets the error page of NiceGUI)', 'nicegui 3.18.0',
          originals={
              'nicegui.client.Client.__init__': '02f87beaaff713112ec757b4b2cba705c44c1270f7c727ebeff49f253475dcb7'}),
    Patch('sql.models', "calls Tortoise's private tortoise.models.Model._init_from_db (domain/models/sql.py: rows read "
          'by hand made into models as the ORM makes them)', 'tortoise-orm 1.1.9',
          originals={
              'tortoise.models.Model._init_from_db': '5c5ac3cc150db023f83cdcb3fcabef900336bb854ff376c20927b3323b9c109d'}),
    Patch('formats.translations', "fills Babel's babel.support.Translations._catalog and plural from a .po file, and "
          "calls gettext.c2py (domain/formats.py: catalogs read without compiling a .mo)", 'babel 2.19.0, Python 3.11',
          originals={
              'babel.support.NullTranslations.__init__': '4094c67fc2c70c7202ab455cd6661ba7b9ef00a7f096d12486fe0ac87444e9ae',
              'babel.support.Translations.gettext': '48011a295ab16b07b9a87e28adb16239e6ed8ba07125c4bad981f2ffb694c4c6',
              'babel.support.Translations.ngettext': '23015151e7b2d16e14a18afbd17e9d2519532732e3e672c5c6c1e599e4b820ea',
              'gettext.c2py': '3fc8cb71552ff9531f75c5366821e30612e31734b831ec3a179629fd03f96818',
          }),
)
