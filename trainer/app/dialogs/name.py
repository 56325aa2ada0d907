"""The trainee's name, asked when none is known, so progress can be kept: once per machine
(it is remembered), or once per session where one app serves many people (`--ask-name`,
each browser of `trainer serve`), and the dialog says which."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class NameDialog(ModalScreen[str]):
    DEFAULT_CSS = """
    NameDialog { align: center middle; }
    NameDialog > Vertical { width: 56; height: auto; padding: 1 2;
                            border: thick $accent; background: $surface; }
    NameDialog Label { width: 100%; margin-bottom: 1; }
    """
    AUTO_FOCUS = "Input"

    def __init__(self, remembered: bool = True) -> None:
        super().__init__()
        self.remembered = remembered

    def compose(self) -> ComposeResult:
        with Vertical():
            if self.remembered:
                note = "It keeps your progress; you'll only be asked once."
            else:
                note = "It keeps your progress; you'll be asked each time you start."
            yield Label(f"Welcome! What's your name? {note}")
            yield Input(placeholder="Your name", max_length=80)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if name:
            self.dismiss(name)
