"""Home: every scenario with its difficulty, tags and the trainee's best result; type to filter,
Enter to start. The best results are read again whenever the screen comes back, so a session
recorded meanwhile (here, or by another trainer on the same store) shows at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from trainer.app.literal import literal
from trainer.scenario.model import Scenario


@dataclass(frozen=True)
class BestResult:
    """A scenario's best attempt: the best that passed, or, if none passed, the best that
    failed, marked so (a 100 that failed is not a best score)."""

    score: int
    passed: bool

    def __str__(self) -> str:
        return str(self.score) if self.passed else f"{self.score} ✗"

    def beats(self, other: BestResult | None) -> bool:
        return other is None or (self.passed, self.score) > (other.passed, other.score)


def best_results(attempts: Iterable[tuple[str, int, bool]]) -> dict[str, BestResult]:
    """The best result per scenario from (scenario id, score, passed) attempts."""
    best: dict[str, BestResult] = {}
    for scenario_id, score, passed in attempts:
        result = BestResult(score, passed)
        if result.beats(best.get(scenario_id)):
            best[scenario_id] = result
    return best


class HomeScreen(Screen):
    AUTO_FOCUS = "#filter"
    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("enter", "start", "Start"),
        Binding("f2", "toggle_exam", "Exam mode"),
        Binding("f3", "app.history", "History"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    @dataclass
    class Start(Message):
        """Start this scenario."""

        scenario: Scenario
        mode: str

    def __init__(self, scenarios: list[Scenario],
                 read_best: Callable[[], dict[str, BestResult]],
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.scenarios = scenarios
        self.read_best = read_best
        self.best: dict[str, BestResult] = {}  # read each time the screen is shown
        self.exam = False
        self.shown: list[Scenario] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Choose a customer. Type to filter, ↑/↓ to move, Enter to start.",
                     id="home-help")
        yield Input(placeholder="Filter by title, tag or difficulty…", id="filter")
        yield DataTable(id="scenario-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="mode-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = self.cursor_blink
        table = self.query_one(DataTable)
        table.add_column("Scenario", width=40)
        table.add_column("Level", width=6)
        table.add_column("Tags", width=16)
        table.add_column("Best", width=5)
        self._fill("")
        self._show_mode()

    def on_screen_resume(self) -> None:
        """Shown (first, or again after a session, History or a dialog): read the best
        results, since this or another process may have recorded one meanwhile."""
        self.best = self.read_best()
        table = self.query_one(DataTable)
        row = table.cursor_row
        self._fill(self.query_one("#filter", Input).value)
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))

    def _fill(self, query: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        words = query.lower().split()
        self.shown = [s for s in self.scenarios
                      if all(w in " ".join([s.title, s.difficulty, *s.tags, s.id]).lower()
                             for w in words)]
        for s in self.shown:
            best = self.best.get(s.id)
            table.add_row(literal(s.title), s.difficulty, literal(", ".join(s.tags)),
                          "–" if best is None else str(best), key=s.id)

    def _show_mode(self) -> None:
        text = ("Mode: EXAM (scores only in the debrief, no take-backs). F2: practice."
                if self.exam else "Mode: practice (scores after each reply, Ctrl+B takes "
                "one back). F2: exam.")
        self.query_one("#mode-line", Static).update(text)

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#filter")
    @on(DataTable.RowSelected)
    def action_start(self) -> None:
        table = self.query_one(DataTable)
        if not self.shown or table.cursor_row is None:
            self.notify("No scenario matches the filter.", severity="warning")
            return
        scenario = self.shown[min(table.cursor_row, len(self.shown) - 1)]
        self.post_message(self.Start(scenario, "exam" if self.exam else "practice"))

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        if self.shown:
            table.move_cursor(row=max(0, min(len(self.shown) - 1, table.cursor_row + step)))

    def action_toggle_exam(self) -> None:
        self.exam = not self.exam
        self._show_mode()
