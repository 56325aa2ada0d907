"""The trainee's reply box: Enter sends, Ctrl+J starts a new line."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea


class ReplyBox(TextArea):
    BINDINGS = [
        Binding("enter", "submit", "Send", show=True),  # handled in _on_key; shown here
        Binding("ctrl+j", "newline", "New line", show=True),
    ]

    @dataclass
    class Submitted(Message):
        """The trainee pressed Enter with this text in the box."""

        reply_box: ReplyBox
        text: str

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                         **kwargs)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self, self.text))
            return
        await super()._on_key(event)

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self, self.text))

    def action_newline(self) -> None:
        self.insert("\n")
