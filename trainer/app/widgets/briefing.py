"""The scenario's briefing above the chat: its opening sentences, or the whole of it on F1.

A briefing often ends with the policy ("you may refund up to $220…"), which the trainee needs
all conversation long, and at 80×24 only three to six lines fit above the chat. Cut at the
panel's edge, a tester read "...ordered a nut-free pesto pasta and was served" and stopped
before the key fact. So the short panel shows the whole prose when it fits. Else, on a
short screen, where the side column gives up who the customer is, it shows that instead: the
scenario's own one-line summary ("Aisha Rahman: Out for her partner's birthday; served
regular pesto despite flagging a nut allergy."). Else it shows as many whole sentences as fit.
It ends with "…" where it leaves something out, and F1 opens the whole briefing (scrolling
only past most of the chat's height).
"""

from __future__ import annotations

import re

from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Size
from textual.widgets import Static

from trainer.app.literal import literal

OPEN_HINT = "F1 whole briefing"
CLOSE_HINT = "F1 shorter"
MORE = " …"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class Briefing(VerticalScroll, can_focus=False):
    """The briefing's prose, then the policy in full (`describe_policy`): over-promises are
    judged against the policy, so it is shown whatever the prose says."""

    def __init__(self, text: str, policy: str, summary: str, **kwargs) -> None:
        """`summary`: who the customer is and what happened to them, in a line or two."""
        self._prose = " ".join(text.split())
        self._summary = " ".join(summary.split())
        self._whole = literal(self._prose + "\n" + policy)
        # what a shortened briefing is made of: the prose's sentences, then the policy's
        # on a line of their own ("Policy: ...", "Never promise: ...")
        self._sentences = [*_SENTENCE_END.split(self._prose),
                           *(("\n" if i == 0 else "") + part
                             for i, part in enumerate(_SENTENCE_END.split(policy.strip())))]
        self.shortened = False   # the panel shows part of the briefing
        self.summarise = False   # shortened, show the summary (the screen sets it)
        super().__init__(Static(self._whole, id="briefing-text"), **kwargs)

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
        self.fit()

    def on_resize(self) -> None:
        self.fit()

    def fit(self) -> None:
        """Show the whole briefing when open or when it fits, else part of it (`_opening`),
        and offer F1 on the bottom border."""
        lines, width = self._room()
        self.shortened = not self.expanded and self._height(self._whole, width) > lines
        self.query_one("#briefing-text", Static).update(
            self._opening(lines, width) if self.shortened else self._whole)
        self.border_subtitle = (CLOSE_HINT if self.expanded
                                else OPEN_HINT if self.shortened else "")

    def _room(self) -> tuple[int, int]:
        """The lines the short panel has (its max-height less its border and padding) and
        the width its text wraps at."""
        max_height = self.styles.max_height
        cells = int(max_height.value) if max_height is not None and max_height.is_cells \
            else self.size.height
        width = self.size.width - self.styles.gutter.width - self.styles.scrollbar_size_vertical
        return max(1, cells - self.styles.gutter.height), max(1, width)

    def _height(self, text: Text, width: int) -> int:
        return len(text.wrap(self.app.console, width))

    def _opening(self, lines: int, width: int) -> Text:
        """As many whole sentences as fit (the prose's, then the policy's), with "…" after
        them; but on a short screen, the summary when the prose does not all fit and the
        summary does; and whole words of the first sentence when not even it fits."""
        shown = self._longest(self._sentences, lines, width)
        prose_fits = len(shown) >= len(self._prose)
        if self.summarise and not prose_fits and self._fits(self._summary, lines, width):
            shown = self._summary
        return literal((shown or self._longest(self._prose.split(), lines, width)) + MORE)

    def _fits(self, text: str, lines: int, width: int) -> bool:
        return self._height(literal(text + MORE), width) <= lines

    def _longest(self, pieces: list[str], lines: int, width: int) -> str:
        """The longest run of `pieces` from the first that fits in `lines` with "…"."""
        shown = ""
        for piece in pieces:
            candidate = shown + piece if piece.startswith("\n") else f"{shown} {piece}".strip()
            if not self._fits(candidate, lines, width):
                break
            shown = candidate
        return shown
