"""Home: every scenario with its difficulty, tags and the trainee's best result; type to filter,
Enter to start. The trainee's open assignments come first, marked with their due date (◆,
or ! when overdue); a line says what to practise next (F4 starts it); a scenario file that
failed validation is a dimmed row with its first problem (Enter shows them all). The best
results and the plan are read again whenever the screen comes back, so a session recorded
meanwhile (here, or by another trainer on the same store) shows at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static

from trainer import safe_text
from trainer.app.literal import cut, literal
from trainer.app.screens.load_error import ScenarioProblemsScreen
from trainer.practise_next import Pick
from trainer.scenario import LoadedScenario
from trainer.scenario.model import Scenario
from trainer.store import AssignmentStatus

# Ctrl+Q is named here: Textual's own quit binding keeps it out of the footer, and a tester
# had to guess it.
HELP = "Choose a customer: type to filter, ↑/↓ to move, Enter to start. Ctrl+Q quits."
HELP_ASSIGNED = "◆ assigned to you (! overdue) first. Filter, ↑/↓, Enter; Ctrl+Q quits."
# The title column: 38 wide at 80 columns (FIXED_WIDTH is the rest of the row), wider on a
# wider screen up to TITLE_WIDTH_MAX.
TITLE_WIDTH, TITLE_WIDTH_MAX, FIXED_WIDTH = 38, 48, 42
DUE_WIDTH = 8


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


def fitted_tags(tags: Iterable[str], width: int) -> str:
    """The tags that fit in `width` whole, with "…" for the rest: cut mid-word they read as
    other words ("restauran", "hospitali"; two testers)."""
    tags = list(tags)
    full = ", ".join(tags)
    if len(full) <= width:
        return full
    shown = ""
    for tag in tags:
        longer = f"{shown}, {tag}" if shown else tag
        if len(longer) + 2 > width:
            break
        shown = longer
    # no whole tag fits with room to say more follow: the first, cut, and "…"
    return f"{shown} …" if shown else tags[0][:max(0, width - 1)] + "…"


def best_results(attempts: Iterable[tuple[str, int, bool]]) -> dict[str, BestResult]:
    """The best result per scenario from (scenario id, score, passed) attempts."""
    best: dict[str, BestResult] = {}
    for scenario_id, score, passed in attempts:
        result = BestResult(score, passed)
        if result.beats(best.get(scenario_id)):
            best[scenario_id] = result
    return best


@dataclass(frozen=True)
class MissingAssignment:
    """An assignment for a scenario this app did not load (a team's folder it was not
    started with): shown, so the trainee knows it is there and how to reach it."""

    scenario_id: str
    status: AssignmentStatus

    @property
    def message(self) -> str:
        return (f"{self.scenario_id} is assigned to you, but this app was not started with "
                "the folder it is in: ask your trainer, or start `trainer --scenarios DIR` "
                "(or set TRAINER_SCENARIOS)")


@dataclass(frozen=True)
class BrokenScenario:
    """A scenario file that failed validation: shown, so it doesn't silently vanish, but it
    can't be played."""

    file: str             # the file's name
    first: str            # its first problem, as 'line: message'
    problems: list[str]   # every error, formatted as `trainer validate` prints it

    @classmethod
    def from_loaded(cls, loaded: LoadedScenario) -> BrokenScenario:
        errors = [d for d in loaded.diagnostics if d.is_error()]
        first = f"{errors[0].line}: {errors[0].message}" if errors else "1: could not be loaded"
        return cls(Path(loaded.label).name, first, [d.format() for d in errors])


@dataclass(frozen=True)
class HomePlan:
    """What the store says the trainee should do: their open assignments by scenario (the
    soonest due of each), the day to judge them by, and what to practise next. Without a
    store there is nothing to plan from (`planned` False) and the line is hidden."""

    assigned: dict[str, AssignmentStatus] = field(default_factory=dict)
    today: dt.date = dt.date.min
    pick: Pick | None = None
    planned: bool = False
    # (scenario id, mode) -> replies saved, for each conversation left that can be picked up
    left: dict[tuple[str, str], int] = field(default_factory=dict)


def open_assignments(statuses: Iterable[AssignmentStatus]) -> dict[str, AssignmentStatus]:
    """The open assignment of each scenario that has one, the soonest due (statuses come
    soonest first, undated last)."""
    found: dict[str, AssignmentStatus] = {}
    for status in statuses:
        if status.done_at is None:
            found.setdefault(status.assignment.scenario_id, status)
    return found


def due_cell(status: AssignmentStatus | None, today: dt.date) -> Text:
    """◆ and the due day for an open assignment; ! and the day, in red, once overdue."""
    if status is None:
        return Text("")
    due = status.assignment.due
    if due is None:
        return Text("◆")
    day = f"{due.day} {due:%b}"
    if status.overdue(today):
        return Text(f"! {day}", style="bold red")
    return Text(f"◆ {day}")


class HomeScreen(Screen):
    AUTO_FOCUS = "#filter"
    BINDINGS = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("enter", "start", "Start"),
        # F2 switches mode; the footer names the mode it switches to (one of the two shows)
        Binding("f2", "set_exam(True)", "Exam mode"),
        Binding("f2", "set_exam(False)", "Practice mode"),
        Binding("f3", "app.history", "History"),
        Binding("f4", "practise_next", "Practise next"),  # offered only when there is one
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    @dataclass
    class Start(Message):
        """Start this scenario."""

        scenario: Scenario
        mode: str

    def __init__(self, scenarios: list[Scenario],
                 read_best: Callable[[], dict[str, BestResult]],
                 cursor_blink: bool = True, *, broken: Iterable[BrokenScenario] = (),
                 read_plan: Callable[[], HomePlan] = HomePlan) -> None:
        super().__init__()
        self.cursor_blink = cursor_blink
        self.scenarios = scenarios
        self.broken = list(broken)
        self.read_best = read_best
        self.read_plan = read_plan
        self.best: dict[str, BestResult] = {}  # read each time the screen is shown
        self.plan = HomePlan()                  # likewise
        self.exam = False
        self.shown: list[Scenario | BrokenScenario | MissingAssignment] = []
        self.title_width = TITLE_WIDTH
        self.tags_width = 9

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(HELP, id="home-help")
        yield Input(placeholder="Filter by title, tag or difficulty…", id="filter")
        yield DataTable(id="scenario-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="practise-next")
        yield Static(id="mode-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = self.cursor_blink
        self._add_columns()
        self._fill("")
        self._show_mode()

    def on_resize(self) -> None:
        """Titles and tags take the room a wider screen gives ("Four days offline while
        working from home" was cut at 100 columns)."""
        if self.query_one(DataTable).columns and self._widths() != (self.title_width,
                                                                     self.tags_width):
            self._add_columns()
            self._fill(self.query_one("#filter", Input).value)

    def _widths(self) -> tuple[int, int]:
        """The title's and the tags' columns for this width. The tags take what the title
        leaves, up to a screen that shows them all, and the Due column's room when nothing
        is assigned (at 80 columns they read "restaura…"). Both are worked out again on every
        resize: from 80 columns to 70 the tags kept their width and pushed Best off the
        screen (a tester)."""
        title = max(TITLE_WIDTH, min(self.size.width - FIXED_WIDTH, TITLE_WIDTH_MAX))
        room = self.size.width - FIXED_WIDTH - title + 9
        if not self._shows_due():
            room += DUE_WIDTH + 2
        return title, max(9, min(room, 40))

    def _add_columns(self) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self.title_width, self.tags_width = self._widths()
        table.add_column("Scenario", width=self.title_width)
        table.add_column("Level", width=6)
        table.add_column("Tags", width=self.tags_width)
        table.add_column("Best", width=5)
        if self._shows_due():
            table.add_column("Due", width=DUE_WIDTH)

    def _shows_due(self) -> bool:
        """A Due column only when something is assigned: most trainees practise freely."""
        return bool(self.plan.assigned)

    def on_screen_resume(self) -> None:
        """Shown (first, or again after a session, History or a dialog): read the best
        results and the plan, since this or another process may have recorded a session or
        an assignment meanwhile."""
        self.best = self.read_best()
        had_due = self._shows_due()
        self.plan = self.read_plan()
        if self._shows_due() != had_due:
            self._add_columns()
        self._show_plan()
        self._show_mode()
        table = self.query_one(DataTable)
        row = table.cursor_row
        # A filter typed before a session would swallow the next one's first keys
        # ("rude" + "bike" = "rudebike"): back home, the filter starts empty.
        self.query_one("#filter", Input).value = ""
        self._fill("")
        if self.shown:
            table.move_cursor(row=min(row, len(self.shown) - 1))

    def _rows(self) -> list[Scenario | BrokenScenario | MissingAssignment]:
        """Open assignments first (soonest due first), then the other scenarios, then the
        files that failed validation."""
        assigned = self.plan.assigned
        order = {s.id: i for i, s in enumerate(self.scenarios)}

        def soonest(s: Scenario) -> tuple:
            due = assigned[s.id].assignment.due
            return (due is None, due or dt.date.min, order[s.id])

        first = sorted((s for s in self.scenarios if s.id in assigned), key=soonest)
        missing = [MissingAssignment(sid, status) for sid, status in sorted(assigned.items())
                   if sid not in order]
        return [*first, *missing, *(s for s in self.scenarios if s.id not in assigned),
                *self.broken]

    def _fill(self, query: str) -> None:
        table = self.query_one(DataTable)
        table.clear()
        words = query.lower().split()
        self.shown = [row for row in self._rows()
                      if all(w in _searchable(row).lower() for w in words)]
        for i, row in enumerate(self.shown):
            if isinstance(row, BrokenScenario):
                problem = literal(f"⚠ {row.file}:{row.first}", style="dim")
                problem.overflow = "ellipsis"
                table.add_row(*self._cells(problem, "", "", "", ""), key=f"broken:{i}")
                continue
            if isinstance(row, MissingAssignment):
                name = literal(f"{row.scenario_id} (not in this app's scenarios)", style="dim")
                name.overflow = "ellipsis"
                table.add_row(*self._cells(name, "", "", "",
                                           due_cell(row.status, self.plan.today)),
                              key=f"missing:{i}")
                continue
            best = self.best.get(row.id)
            table.add_row(*self._cells(literal(cut(row.title, self.title_width)),
                                       row.difficulty,
                                       literal(fitted_tags(row.tags, self.tags_width)),
                                       "–" if best is None else str(best),
                                       due_cell(self.plan.assigned.get(row.id),
                                                self.plan.today)),
                          key=row.id)

    def _cells(self, *cells: object) -> tuple[object, ...]:
        """A row's cells for the columns shown: the last, Due, only when it is."""
        return cells if self._shows_due() else cells[:-1]

    def _show_plan(self) -> None:
        self.query_one("#home-help", Static).update(HELP_ASSIGNED if self.plan.assigned
                                                    else HELP)
        line = self.query_one("#practise-next", Static)
        line.display = self.plan.planned
        pick = self.plan.pick
        if pick is None:
            line.update("Practise next: every skill is holding; play whatever you like.")
        else:
            line.update(Text.assemble("Practise next: ", literal(pick.scenario.title),
                                      f" — trains {pick.trains()}"))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """F4 is offered (in the footer) only when there is something to practise next; F2
        offers the mode the trainee is not in."""
        if action == "set_exam":
            return parameters[0] != self.exam
        return action != "practise_next" or self.plan.pick is not None

    def _show_mode(self) -> None:
        mode = "exam" if self.exam else "practice"
        text = Text("Mode: EXAM (the customer reacts; scores and tips wait for the debrief; no "
                    "take-backs). F2: practice."
                    if self.exam else "Mode: practice (scores after each reply, Ctrl+B takes "
                    "one back). F2: exam.")
        titles = {s.id: s.title for s in self.scenarios}
        left = [titles[scenario_id] for (scenario_id, in_mode) in self.plan.left
                if in_mode == mode and scenario_id in titles]
        if left:  # testers could not tell which scenarios had a conversation to pick up
            text.append_text(literal(f"\nLeft unfinished ({mode}), choose to pick up: "
                                     + "; ".join(sorted(left))))
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
        row = self.shown[min(table.cursor_row, len(self.shown) - 1)]
        if isinstance(row, BrokenScenario):
            self.app.push_screen(ScenarioProblemsScreen(row.problems))
            return
        if isinstance(row, MissingAssignment):
            self.notify(safe_text.shown(row.message, one_line=True), severity="warning",
                        markup=False)
            return
        self.post_message(self.Start(row, "exam" if self.exam else "practice"))

    def action_practise_next(self) -> None:
        if self.plan.pick is None:
            return
        self.post_message(self.Start(self.plan.pick.scenario,
                                     "exam" if self.exam else "practice"))

    def action_move(self, step: int) -> None:
        table = self.query_one(DataTable)
        if self.shown:
            table.move_cursor(row=max(0, min(len(self.shown) - 1, table.cursor_row + step)))

    def action_set_exam(self, exam: bool) -> None:
        self.exam = exam
        self._show_mode()
        self.refresh_bindings()


def _searchable(row: Scenario | BrokenScenario | MissingAssignment) -> str:
    """What the filter matches a row by."""
    if isinstance(row, BrokenScenario):
        return f"{row.file} {row.first}"
    if isinstance(row, MissingAssignment):
        return row.scenario_id
    return " ".join([row.title, row.difficulty, *row.tags, row.id])
