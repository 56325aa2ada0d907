"""The conversation as a chat: one widget per message, scrolled only if already at the end."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from trainer.app.literal import literal


class MessageBubble(Static):
    """One message. `role` is customer, trainee or system (a CSS class of the same name)."""

    def __init__(self, role: str, speaker: str, text: str, note: str = "") -> None:
        body = Text()
        body.append_text(literal(f"{speaker}\n", "bold"))
        body.append_text(literal(text))
        if note:
            body.append(f"\n{note}", style="italic")
        super().__init__(body, classes=f"bubble {role}")
        self.role = role
        self.speaker = speaker
        self.text = text
        self.note = note


class Transcript(VerticalScroll, can_focus=False):
    """Messages top to bottom; keeps the newest in view unless the reader scrolled up.

    Whether it follows the newest is the reader's choice, kept as a flag that only their
    scrolling changes: worked out from the scroll position instead, a chat squeezed to a
    line by the open briefing (F1 at 80x24) looked "scrolled up" and never followed again.
    """

    following = True

    def add_message(self, role: str, speaker: str, text: str, note: str = "") -> MessageBubble:
        bubble = MessageBubble(role, speaker, text, note)
        self.mount(bubble)
        if self.following:
            self.call_after_refresh(self.scroll_end, animate=False)
        return bubble

    def follow(self) -> None:
        """Show the newest again and keep it in view: the trainee sent a reply, so they are
        back in the conversation (a tester paged up, sent, and saw neither their reply nor
        the answer)."""
        self.following = True
        self.call_after_refresh(self.scroll_end, animate=False)

    def on_resize(self) -> None:
        if self.following:  # the briefing closed, or the terminal changed size
            self.call_after_refresh(self.scroll_end, animate=False)

    def page(self, step: int) -> None:
        """A page up (step < 0) or down, from the keyboard: the reply box keeps the focus,
        so the screen passes PageUp and PageDown here."""
        if step < 0:
            self.following = False
            self.scroll_page_up(animate=False)
        else:
            self.scroll_page_down(animate=False)
            self.call_after_refresh(self._follow_if_at_end)

    def on_mouse_scroll_up(self) -> None:
        self.following = False

    def on_mouse_scroll_down(self) -> None:
        self.call_after_refresh(self._follow_if_at_end)

    def _follow_if_at_end(self) -> None:
        self.following = self.scroll_y >= self.max_scroll_y - 1

    def remove_from_last(self, role: str) -> None:
        """Remove the last message from `role` and everything after it (a take-back: the
        reply, the customer's answer and any system line, however many there were)."""
        bubbles = list(self.query(MessageBubble))
        roles = [bubble.role for bubble in bubbles]
        if role not in roles:
            return
        start = len(roles) - 1 - roles[::-1].index(role)
        for bubble in bubbles[start:]:
            bubble.remove()
