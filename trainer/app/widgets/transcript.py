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
    """Messages top to bottom; keeps the newest in view unless the reader scrolled up."""

    def add_message(self, role: str, speaker: str, text: str, note: str = "") -> MessageBubble:
        at_end = self.max_scroll_y == 0 or self.scroll_y >= self.max_scroll_y - 1
        bubble = MessageBubble(role, speaker, text, note)
        self.mount(bubble)
        if at_end:
            self.call_after_refresh(self.scroll_end, animate=False)
        return bubble

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
