"""Site-wide styles: the page background and the fixes every page needs for WCAG AA. The brand colour's own rules are
in domain/business/brand.py (the PDFs use them too)."""
from __future__ import annotations

from domain.business.brand import PAGE

GLOBAL_CSS = f"""
body {{ background: {PAGE}; }}
@layer components {{
  .border, .border-t, .border-b, .border-l, .border-r, .border-x, .border-y {{ border-color: #d1d5db; }}
}}
@layer overrides {{ .nicegui-link {{ color: #1d4ed8; }} }}
"""


def install() -> None:
    """Site-wide fixes for WCAG AA: links in a blue that reads on white (NiceGUI's default is 3.7:1), and light
    grey borders (Tailwind v4 draws a bare `border` in the text colour). Only Tailwind's border classes are touched:
    Quasar's own field outlines keep their darker colour, which form controls need (3:1)."""
    from nicegui import ui
    ui.add_css(GLOBAL_CSS, shared=True)
