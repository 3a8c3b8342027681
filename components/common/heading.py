from nicegui.elements.mixins.text_element import TextElement


class Heading(TextElement):
    """A real <h1>..<h3>, so screen readers can jump between sections."""

    def __init__(self, text: str, level: int = 1) -> None:
        super().__init__(tag=f'h{level}', text=text)
        self.classes({1: 'text-2xl font-semibold m-0', 2: 'text-lg font-semibold m-0', 3: 'text-base font-semibold m-0'}[level])
