"""The scenario's briefing above the chat: a few lines at a time, or the whole of it on F1.

A briefing often ends with the policy ("you may refund up to $220…"), which the trainee needs
all conversation long, and at 80×24 only about six lines fit above the chat. So the panel
scrolls, and F1 opens it to its full length (scrolling only past most of the chat's height).
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widgets import Static

from trainer.app.literal import literal

OPEN_HINT = "F1 whole briefing"
CLOSE_HINT = "F1 shorter"


class Briefing(VerticalScroll, can_focus=False):
    """The briefing's prose, then the policy in full (`describe_policy`): over-promises are
    judged against the policy, so it is shown whatever the prose says."""

    def __init__(self, text: str, policy: str, **kwargs) -> None:
        super().__init__(Static(literal(" ".join(text.split()) + "\n" + policy),
                                id="briefing-text"), **kwargs)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Measure the text at the width it is drawn at: beside the scrollbar's gutter
        (kept by `scrollbar-gutter: stable`), which Textual's auto height leaves out, so a
        briefing that just fits would otherwise lose its last line."""
        return super().get_content_height(container, viewport,
                                          width - self.styles.scrollbar_size_vertical)

    @property
    def expanded(self) -> bool:
        return self.has_class("expanded")

    def toggle(self) -> None:
        self.toggle_class("expanded")
        self._hint()

    def on_resize(self) -> None:
        self._hint()

    def _hint(self) -> None:
        """Offer F1 on the bottom border only when it shows more (or less)."""
        if self.expanded:
            self.border_subtitle = CLOSE_HINT
        else:
            self.border_subtitle = OPEN_HINT if self.max_scroll_y > 0 else ""
