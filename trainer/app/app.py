"""The Textual app: routes between screens; all behaviour lives in the domain and screens."""

from __future__ import annotations

import sqlalchemy as sa
from textual import on
from textual.app import App
from textual.binding import Binding

from scoring import RubricError, score_reply
from trainer.app.dialogs.confirm import ConfirmDialog
from trainer.app.dialogs.name import NameDialog
from trainer.app.screens.conversation import ConversationScreen
from trainer.app.screens.debrief import DebriefScreen
from trainer.app.screens.home import (
    BestResult,
    BrokenScenario,
    HomePlan,
    HomeScreen,
    best_results,
    open_assignments,
)
from trainer.app.screens.load_error import LoadErrorScreen, ModelErrorScreen
from trainer.app.settings import AppSettings
from trainer.debrief import build_debrief
from trainer.identity import remember_name
from trainer.practise_next import practise_next
from trainer.rubric_model import activate
from trainer.safe_text import shown
from trainer.scenario.model import Scenario
from trainer.session import Session
from trainer.store import CannotResume, LeftSession, SessionRecorder, Store, StoreError, pick_up
from trainer.store.times import local_day, local_text


class TrainerApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "Complaint-handling trainer"
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "Theme")]

    def __init__(self, scenarios: list[Scenario], problems: list[str],
                 settings: AppSettings, start: Scenario | None = None,
                 mode: str = "practice", store: Store | None = None,
                 trainee: str | None = None, remember_trainee: bool = True,
                 broken: list[BrokenScenario] | None = None) -> None:
        super().__init__()
        self.scenarios = scenarios
        self.problems = problems
        self.broken = broken or []  # scenario files that failed validation, shown as such
        self.settings = settings
        self.start = start
        self.start_mode = mode
        self.store = store
        self.trainee = trainee
        self.played: list[tuple[str, int, bool]] = []  # (scenario, score, passed) this run
        # False where one app serves many people (`trainer serve`): a name asked is theirs
        # for this session only, never written over the machine's remembered name.
        self.remember_trainee = remember_trainee

    def on_mount(self) -> None:
        # Load the rubric model (a team's adopted one, if any) while the trainee reads the
        # home screen, so the first reply is not held up by it.
        self.run_worker(self._warm_scorer, thread=True, name="warm-scorer",
                        exit_on_error=False)
        if self.store is not None and self.trainee is None:
            self.push_screen(NameDialog(remembered=self.remember_trainee), self._named)
            return
        self._open_first_screen()

    def _warm_scorer(self) -> None:
        try:
            activate()
            # a reply with words: the first one scored also lays out the model's sums
            score_reply("I'm sorry; I'll refund it today.")
        except RubricError as exc:  # a missing or corrupt model: say so instead of crashing
            self.call_from_thread(self.push_screen, ModelErrorScreen([str(exc)]))

    def _named(self, name: str | None) -> None:
        self.trainee = name or "trainee"
        if name and self.remember_trainee and not remember_name(name):
            self.notify("Could not save your name; you'll be asked again next time.",
                        severity="warning")
        self._open_first_screen()

    def _open_first_screen(self) -> None:
        if self.start is not None:
            self._open_conversation(self.start, self.start_mode)
            return
        if not self.scenarios:
            self.push_screen(LoadErrorScreen(self.problems or ["No scenarios found."]))
            return
        self.push_screen(HomeScreen(self.scenarios, self.best_results,
                                    self.settings.cursor_blink, broken=self.broken,
                                    read_plan=self.plan))
        if self.problems:
            self.notify(f"{len(self.problems)} problem(s) in scenario files; run `trainer "
                        "validate` for details.", severity="warning")

    def best_results(self) -> dict[str, BestResult]:
        """The trainee's best result per scenario: from the store (every process that
        records there) and from this run (kept even when the store could not save it)."""
        attempts = list(self.played)
        if self.store is not None and self.trainee is not None:
            try:
                attempts += [(r.scenario_id, r.score, bool(r.passed))
                             for r in self.store.history(self.trainee) if r.score is not None]
            except (StoreError, sa.exc.SQLAlchemyError) as exc:
                self.notify(f"Could not read your results: {shown(str(exc), one_line=True)}",
                            severity="warning", markup=False)
        return best_results(attempts)

    def plan(self) -> HomePlan:
        """The trainee's open assignments and what to practise next, from the store, by its
        clock (none without a store)."""
        if self.store is None or self.trainee is None:
            return HomePlan()
        try:
            now = self.store.now()
            statuses = self.store.assignment_statuses(self.trainee)
            attempts = self.store.attempts(self.trainee)
            left = self.store.left_conversations(self.trainee)
        except (StoreError, sa.exc.SQLAlchemyError) as exc:
            self.notify(f"Could not read your assignments: {shown(str(exc), one_line=True)}",
                        severity="warning", markup=False)
            return HomePlan()
        return HomePlan(open_assignments(statuses), local_day(now),
                        practise_next(self.scenarios, attempts, now), planned=True, left=left)

    def _recorder(self, session: Session) -> SessionRecorder | None:
        if self.store is None:
            return None
        try:
            return SessionRecorder(self.store, self.trainee or "trainee", session)
        except Exception as exc:  # noqa: BLE001 - practise even if the database is down
            self.notify(f"Progress won't be saved: {exc}", severity="error", timeout=8)
            return None

    def _open_conversation(self, scenario: Scenario, mode: str) -> None:
        """A new conversation, or, when the trainee left their last one of this scenario
        (closed the app, lost the terminal, pressed Esc) before it ended, the choice to pick
        that one up where they left it."""
        left = self._left_session(scenario, mode)
        if left is None:
            self.push_screen(ConversationScreen(scenario, mode, self.settings, self._recorder))
            return

        def answered(resume: bool | None) -> None:
            if resume is None:  # Esc: neither; the left conversation stays on offer
                if self.start is not None:  # `trainer play ID`: no home screen to go back to
                    self.exit()
                else:
                    self.notify("Your conversation is kept: choose the scenario again to "
                                "pick it up.", timeout=4)
                return
            picked_up = None
            if resume:
                try:
                    picked_up = pick_up(self.store, self.trainee or "trainee", left, scenario,
                                        self.settings.clock_factory())
                except CannotResume as exc:
                    self.notify(f"That conversation can't be picked up: {exc}. "
                                "Starting a new one.", severity="warning", timeout=8)
            self.push_screen(ConversationScreen(scenario, mode, self.settings, self._recorder,
                                                picked_up=picked_up))

        replies = len(left.turns)
        self.push_screen(ConfirmDialog(
            f"You started this conversation on {local_text(left.started_at)} and left it "
            f"after {replies} {'reply' if replies == 1 else 'replies'}. Pick it up where "
            "you left off? (Esc: decide later.)",
            yes="Pick it up (y)", no="Start again (n)", on_escape=None), answered)

    def _left_session(self, scenario: Scenario, mode: str) -> LeftSession | None:
        if self.store is None or self.trainee is None:
            return None
        try:
            return self.store.left_session(self.trainee, scenario.id, mode)
        except (StoreError, sa.exc.SQLAlchemyError):
            return None  # the recorder says so when the conversation starts

    @on(HomeScreen.Start)
    def _start(self, event: HomeScreen.Start) -> None:
        self._open_conversation(event.scenario, event.mode)

    def action_history(self) -> None:
        if self.store is None or self.trainee is None:
            self.notify("No results store is open, so there is no history.")
            return
        from trainer.app.screens.history import HistoryScreen
        self.push_screen(HistoryScreen(self.store, self.trainee, self.settings.export_dir,
                                       self.scenarios, self.plan().pick))

    @on(ConversationScreen.Finished)
    def _finished(self, event: ConversationScreen.Finished) -> None:
        debrief = build_debrief(event.session)
        if event.session.turns and not event.unsaved:  # a result kept elsewhere is not ours
            self.played.append((debrief.scenario_id, debrief.outcome.score,
                                debrief.outcome.passed))

        def back_home(_: object = None) -> None:
            # Started on one scenario, the app ends with its debrief; otherwise the home
            # screen comes back and reads the new best results itself.
            if self.start is not None:
                self.exit()

        self.pop_screen()  # the conversation is over; the debrief takes its place
        self.push_screen(DebriefScreen(debrief, self.settings.export_dir,
                                       self.trainee or "trainee", self.settings.today(),
                                       unsaved=event.unsaved),
                         back_home)

    def action_quit(self) -> None:
        """Ctrl+Q: in a conversation, that screen decides whether to ask first."""
        if isinstance(self.screen, ConversationScreen):
            self.screen.quit_app()
        else:
            self.exit()

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"
