"""Shown instead of a traceback when scenarios can't be loaded; and, from the home screen,
the problems of one scenario file that failed validation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from trainer.app.literal import literal


class LoadErrorScreen(Screen):
    BINDINGS = [Binding("q,escape", "app.quit", "Quit")]

    def __init__(self, problems: list[str]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="load-errors"):
            yield Static("The scenario could not be loaded", classes="title")
            yield Static("Fix these problems in the file, then run `trainer validate` to "
                         "check it:", classes="hint")
            for problem in self.problems:
                yield Static(literal(problem), classes="problem")
        yield Footer()


class ScenarioProblemsScreen(LoadErrorScreen):
    """One broken scenario's problems, opened from its row on the home screen: Esc goes back
    to the other scenarios instead of quitting."""

    BINDINGS = [Binding("q,escape", "app.pop_screen", "Back")]
