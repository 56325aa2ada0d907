"""A yes/no question as a modal; dismisses with True or False (or, where Esc is a third
answer, `on_escape`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmDialog(ModalScreen[bool | None]):
    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical { width: 50; height: auto; padding: 1 2;
                               border: thick $warning; background: $surface; }
    ConfirmDialog Label { width: 100%; margin-bottom: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """
    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n", "answer(False)", "No"),
                Binding("escape", "escape", "Cancel")]

    def __init__(self, question: str, yes: str = "Yes (y)", no: str = "No (n)",
                 on_escape: bool | None = False) -> None:
        """`on_escape`: what Esc answers; None where neither yes nor no is safe to assume
        (picking up a left conversation: "no" starts again, and the old one is gone)."""
        super().__init__()
        self.question = question
        self.labels = (yes, no)
        self.on_escape = on_escape

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question)
            yield Button(self.labels[0], id="yes", variant="warning")
            yield Button(self.labels[1], id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def action_escape(self) -> None:
        self.dismiss(self.on_escape)
