"""Asked once on first run: the trainee's name, so progress can be kept."""

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

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label("Welcome! What's your name? It keeps your progress; you'll only be "
                        "asked once.")
            yield Input(placeholder="Your name", max_length=80)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if name:
            self.dismiss(name)
