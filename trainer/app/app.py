"""The Textual app: routes between screens; all behaviour lives in the domain and screens."""

from __future__ import annotations

from textual import on
from textual.app import App
from textual.binding import Binding

from trainer.app.screens.conversation import ConversationScreen
from trainer.app.screens.debrief import DebriefScreen
from trainer.app.screens.home import HomeScreen
from trainer.app.screens.load_error import LoadErrorScreen
from trainer.app.settings import AppSettings
from trainer.debrief import build_debrief
from trainer.scenario.model import Scenario


class TrainerApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "Complaint-handling trainer"
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Theme")]

    def __init__(self, scenarios: list[Scenario], problems: list[str],
                 settings: AppSettings, start: Scenario | None = None,
                 mode: str = "practice") -> None:
        super().__init__()
        self.scenarios = scenarios
        self.problems = problems
        self.settings = settings
        self.start = start
        self.start_mode = mode
        self.best: dict[str, int] = {}

    def on_mount(self) -> None:
        if self.start is not None:
            self.push_screen(ConversationScreen(self.start, self.start_mode, self.settings))
            return
        if not self.scenarios:
            self.push_screen(LoadErrorScreen(self.problems or ["No scenarios found."]))
            return
        self.push_screen(HomeScreen(self.scenarios, self.best, self.settings.cursor_blink))
        if self.problems:
            self.notify(f"{len(self.problems)} problem(s) in scenario files; run `trainer "
                        "validate` for details.", severity="warning")

    @on(HomeScreen.Start)
    def _start(self, event: HomeScreen.Start) -> None:
        self.push_screen(ConversationScreen(event.scenario, event.mode, self.settings))

    @on(ConversationScreen.Finished)
    def _finished(self, event: ConversationScreen.Finished) -> None:
        debrief = build_debrief(event.session)
        scenario_id = debrief.scenario_id
        if event.session.turns:
            self.best[scenario_id] = max(self.best.get(scenario_id, 0), debrief.outcome.score)

        def back_home(_: object = None) -> None:
            if self.start is not None:
                self.exit()
                return
            for screen in self.screen_stack:
                if isinstance(screen, HomeScreen):
                    screen.refresh_best(self.best)

        self.pop_screen()  # the conversation is over; the debrief takes its place
        self.push_screen(DebriefScreen(debrief, self.settings.export_dir), back_home)

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
