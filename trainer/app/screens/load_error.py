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

    TITLE_TEXT = "The scenario could not be loaded"
    HINT = "Fix these problems in the file, then run `trainer validate` to check it:"

    def __init__(self, problems: list[str]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="load-errors"):
            yield Static(self.TITLE_TEXT, classes="title")
            yield Static(self.HINT, classes="hint")
            for problem in self.problems:
                yield Static(literal(problem), classes="problem")
        yield Footer()


class ScenarioProblemsScreen(LoadErrorScreen):
    """One broken scenario's problems, opened from its row on the home screen: Esc goes back
    to the other scenarios instead of quitting."""

    BINDINGS = [Binding("q,escape", "app.pop_screen", "Back")]


class ModelErrorScreen(LoadErrorScreen):
    """The rubric model is missing or broken: the product's fault, not the scenario's (a
    trainer was told to fix their scenario file when the model was being rebuilt)."""

    TITLE_TEXT = "The scoring model could not be loaded"
    HINT = ("Replies can't be scored until it is rebuilt; the scenario files are fine. "
            "Rebuild the model as the message says, then start the app again:")
