"""The page icon, drawn once from one character."""
from __future__ import annotations

from integrations.framework.contracts import Patch


def favicon(character: str) -> str:
    """The page icon drawn from one character as a data URL, made once with NiceGUI's private
    `nicegui.favicon._char_to_svg` and `_svg_to_data_url`.

    Why: given the character itself, `ui.run(favicon=...)` makes NiceGUI draw the SVG and encode it again for
    every page it sends; given this data URL, it writes it as it is.
    Gain: not measured (commit 82a5b80 gives no figure).
    Written for NiceGUI 3.18.0.
    """
    from nicegui.favicon import _char_to_svg, _svg_to_data_url
    return _svg_to_data_url(_char_to_svg(character))


PATCHES = (
    Patch('favicon', 'nothing replaced: reads NiceGUI nicegui.favicon._char_to_svg and _svg_to_data_url',
          'nicegui 3.18.0', originals={
              'nicegui.favicon._char_to_svg': '1a9c056a6cd92f1b30b7d64b7268e03fb86e5a8bb8f6b0901cd844928ab7a247',
              'nicegui.favicon._svg_to_data_url': '514c1a902abfe8431eb5b703b3f2933880aca3c1fba675d3f54ae710845c2550',
              'nicegui.favicon.get_favicon_url': 'ddce84476959e0dccffea1666ccbb4aa0130d246d50419f58b0029566fd69b8a',
          }),
)
