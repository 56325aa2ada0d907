"""The trainee's reply box: Enter sends, Ctrl+J starts a new line.

Both keys are handled as they arrive, in order with the typed characters. A binding would
run later: an unhandled key travels up to the app and waits in its queue behind the keys
that followed it, so a fast "one", Ctrl+J, "two" (one terminal read) became "onetwo\\n".
For the same reason the box empties itself the moment Enter sends, and decides itself
whether a send must wait: a reply typed straight after Enter is never cleared with the one
sent, and a second Enter before the customer has answered keeps its text in the box.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea


class ReplyBox(TextArea):
    BINDINGS = [
        # Both handled in _on_key (see the module docstring); listed here for the footer.
        Binding("enter", "submit", "Send", show=True),
        Binding("ctrl+j", "newline", "New line", show=True),
        # Everything before the cursor, as a shell's Ctrl+U clears a line: TextArea's own
        # clears one wrapped row, and a tester pressed it 11 times to clear a long reply.
        Binding("ctrl+u", "clear_before_cursor", "Clear", show=False),
    ]

    @dataclass
    class Submitted(Message):
        """The trainee sent this text (the box is already empty)."""

        reply_box: ReplyBox
        text: str

    @dataclass
    class Held(Message):
        """Enter was pressed before the customer answered the last reply: nothing was
        sent and the text stays in the box."""

        reply_box: ReplyBox

    def __init__(self, **kwargs) -> None:
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus",
                         **kwargs)
        # Set by each send; the screen clears it once the customer has answered.
        self.awaiting_answer = False
        # "Type your reply first" said since the text last changed: said once, not stacked
        # a toast per press (a tester pressed Enter five times and four covered the chat)
        self.told_empty = False

    async def _on_key(self, event: events.Key) -> None:
        if event.key in ("enter", "ctrl+j"):
            event.stop()
            event.prevent_default()
            if event.key == "enter":
                self.action_submit()
            else:
                self.action_newline()
            return
        await super()._on_key(event)

    def action_submit(self) -> None:
        text = self.text
        if not text.strip():
            # Said, not silently ignored: a tester pressed Enter on an empty box and
            # wondered whether anything had happened.
            if not self.told_empty:
                self.notify("Type your reply first; Enter sends it.", timeout=3)
                self.told_empty = True
            return
        if self.awaiting_answer:
            self.post_message(self.Held(self))
            return
        self.awaiting_answer = True
        self.clear()
        self.post_message(self.Submitted(self, text))

    def action_clear_before_cursor(self) -> None:
        """Delete from the start of the reply to the cursor (all of it, with the cursor at
        the end); Ctrl+Z brings it back."""
        self.delete((0, 0), self.cursor_location)

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self.told_empty = False

    def action_newline(self) -> None:
        """A line break at the cursor, replacing any selection, as typing a key does."""
        start, end = self.selection
        self.replace("\n", start, end, maintain_selection_offset=False)  # cursor after it
