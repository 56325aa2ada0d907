"""History: the trainee's past sessions, a chart of one measure per attempt, what to practise
next, and any past debrief reopened on the debrief screen exactly as it was shown.

The chart shows one line at a time, the overall score or one dimension (`d` cycles), over
whole attempt numbers, for all scenarios or one (`s` cycles); the table lists the same
sessions. Five lines on one small chart hid each other. The pass mark is a line on the
overall chart when the sessions shown share one (a tester's 74 sat on the 75 gridline of a
scenario that passes at 75).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, MarkdownViewer, Static
from textual_plotext import PlotextPlot

from scoring import CREDIT_THRESHOLD, DIMENSIONS
from trainer.app.literal import cut, literal
from trainer.app.screens.debrief import DebriefScreen
from trainer.app.screens.home import BestResult
from trainer.debrief import ENDING_LABELS, FLAG_LABELS, LABELS, Debrief
from trainer.practise_next import Pick
from trainer.safe_text import shown
from trainer.scenario.model import Scenario
from trainer.session.outcome import FAULT_CAPS, overall_score
from trainer.session_text import transcript_lines
from trainer.store import SessionRow, Store
from trainer.store.times import local_text

MEASURES = ("overall", *DIMENSIONS)  # what the chart can show, in the order `d` cycles
MEASURE_LABELS = {"overall": "Overall score", **LABELS}
MAX_TICKS = 12  # attempt numbers labelled on the x axis, at most
COLUMNS = ("Started", "Score", "Ending", "Mode", "Scenario")
SCROLLBAR = 2   # the table's vertical scrollbar, when it has more rows than room
# Below this width the table drops Mode and the year, and a capped score's note leaves the
# flag to the summary line, so titles keep room: at 70 columns a tester read "The bi" for a
# title, and at 80 another read "Cha" beside "50 ✗ (95 before cap: over-promise)".
NARROW = 100
SHOWN_SESSIONS = 500  # the newest; a table of thousands helps nobody and slows the screen


class HistoryScreen(Screen):
    AUTO_FOCUS = "#history-table"
    BINDINGS = [Binding("enter", "open", "Open debrief"),
                Binding("d", "next_measure", "Dimension"),
                Binding("s", "next_scenario", "Scenario"),
                Binding("escape", "app.pop_screen", "Back"),
                # the table's own Home and End scroll sideways; here they go to the newest
                # and the oldest session (a tester pressed Home, then Enter, and opened the
                # oldest)
                Binding("home", "to_row(0)", "Newest", show=False, priority=True),
                Binding("end", "to_row(-1)", "Oldest", show=False, priority=True)]

    def __init__(self, store: Store, trainee: str, export_dir: Path,
                 scenarios: Sequence[Scenario] = (), pick: Pick | None = None) -> None:
        """`scenarios`: those loaded, so history names them as the home screen does (an id
        whose file is gone is shown as the id), says what a capped score was before its cap
        (their weights) and draws their pass mark. `pick`: what to practise next, as the home
        screen says it (a tester looked for it here)."""
        super().__init__()
        self.titles = {s.id: s.title for s in scenarios}
        self.weights = {s.id: dict(s.rubric.weights) for s in scenarios}
        self.pass_marks = {s.id: s.rubric.pass_mark for s in scenarios}
        self.pick = pick
        self.store = store
        self.trainee = trainee
        self.export_dir = export_dir
        self.all_rows: list[SessionRow] = []
        self.rows: list[SessionRow] = []   # the rows shown, newest first
        self.flags: dict[int, list[str]] = {}  # session id -> the flags its replies raised
        self.measure = "overall"
        self.scenario: str | None = None   # None: every scenario

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="history-summary")
        yield PlotextPlot(id="history-chart")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"History: {shown(self.trainee, one_line=True)}"
        # A conversation left before any reply holds nothing to show or count (a tester's
        # history filled with "abandoned, 0 turns saved").
        played = [(row, flags) for row, flags in self.store.finished_sessions(
            self.trainee, unfinished_too=True) if row.status == "finished" or row.turn_count]
        self.all_rows = [row for row, _ in reversed(played[-SHOWN_SESSIONS:])]
        self.flags = {row.id: flags for row, flags in played}
        self._show()

    def on_resize(self) -> None:
        """Titles are cut to the room the other columns leave, and the chart's title to its
        width, worked out again on every resize."""
        if self.all_rows:
            self._show()

    def scenarios(self) -> list[str]:
        """The scenarios played, in the order first played."""
        return list(dict.fromkeys(r.scenario_id for r in reversed(self.all_rows)))

    def action_next_measure(self) -> None:
        self.measure = MEASURES[(MEASURES.index(self.measure) + 1) % len(MEASURES)]
        self._show()

    def action_next_scenario(self) -> None:
        choices = [None, *self.scenarios()]
        self.scenario = choices[(choices.index(self.scenario) + 1) % len(choices)]
        self._show()

    def _show(self) -> None:
        self.rows = [r for r in self.all_rows
                     if self.scenario is None or r.scenario_id == self.scenario]
        self._fill_table()
        finished = [r for r in reversed(self.rows) if r.status == "finished"]
        which = "all scenarios" if self.scenario is None else self._title(self.scenario)
        # every row counted: a tester read "3 finished sessions" above four rows
        left = len(self.rows) - len(finished)
        unfinished = f" and {_count(left, 'unfinished session')}" if left else ""
        capped_rows = [r for r in finished if self._cap_note(r)]
        by_flag = Counter(flag for r in capped_rows for flag in self._capping(r))
        which_flags = ", ".join(f"{FLAG_LABELS[f].lower()} {n}" for f, n in
                                by_flag.most_common())
        caps = (f" {_count(len(capped_rows), 'score')} capped by a flag"
                + (f" ({which_flags})" if which_flags else "")
                + ": \"before cap\" is what the skills earned." if capped_rows else "")
        summary = (f"{_count(len(finished), 'finished session')}{unfinished}, {which}. Enter "
                   f"opens a debrief.{caps}" if finished
                   else f"No finished sessions yet ({which}).")
        if self.pick is not None:
            summary += (f"\nPractise next: {self.pick.scenario.title} — trains "
                        f"{self.pick.trains()} (F4 on the home screen).")
        self.query_one("#history-summary", Static).update(literal(summary))
        self._draw(finished, which)

    def _fill_table(self) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        narrow = self.size.width < NARROW
        columns = tuple(c for c in COLUMNS if not (narrow and c == "Mode"))
        # The scenario's title goes last: it is the one column that can be long, and it is
        # better cut short than pushing the others off the screen.
        cells = []
        for row in self.rows:
            # A session still marked active was left (Esc, closed, crashed): it can be
            # picked up from the home screen while it is the scenario's latest.
            score = ("–" if row.score is None
                     else str(BestResult(row.score, bool(row.passed)))
                     + self._cap_note(row, with_flags=not narrow))
            ending = (ENDING_LABELS.get(row.ending_kind, "–") if row.status == "finished"
                      else f"left after {_count(row.turn_count, 'turn')}")
            started = local_text(row.started_at)
            cells.append((started[5:], score, ending) if narrow
                          else (started, score, ending, row.mode))
        # the title takes what the other columns leave (each padded by one a side), cut
        # with "…": cut bare at the edge, "Charged twice for" read as a whole title. The
        # widths are set, not left to the table: re-added on a resize, its own widths
        # stayed those of the headings ("11-01 0", "Resolv").
        widths = [max(len(c) for c in column)
                  for column in zip(columns[:-1], *cells, strict=False)]
        room = max(12, self.size.width - sum(w + 2 for w in widths) - 2 - SCROLLBAR)
        titles = [cut(self._title(row.scenario_id), room) for row in self.rows]
        table.clear(columns=True)
        for label, width in zip(columns, [*widths, max([len("Scenario"), *map(len, titles)])],
                                strict=True):
            table.add_column(label, width=width)
        for row, row_cells, title in zip(self.rows, cells, titles, strict=True):
            table.add_row(*row_cells, literal(title), key=str(row.id))
        if cursor and self.rows:
            table.move_cursor(row=min(cursor, len(self.rows) - 1))

    def _cap_note(self, row: SessionRow, with_flags: bool = True) -> str:
        """" (92 before cap: blame)" for a score a flag capped: a tester's history read 50,
        50, 50 where the skills behind them scored 92 to 99, and one phrase was the whole
        problem. Worked out from the session's best per dimension and the scenario's weights
        now; "" when the scenario is gone or nothing was capped."""
        weights = self.weights.get(row.scenario_id)
        if weights is None or row.score is None:
            return ""
        best = {d: row.best.get(d) or 0.0 for d in DIMENSIONS}
        uncapped, _ = overall_score(best, weights, ())
        if uncapped <= row.score:
            return ""
        flags = ", ".join(FLAG_LABELS[f].lower() for f in self._capping(row)) if with_flags else ""
        return f" ({uncapped} before cap{': ' + flags if flags else ''})"

    def _capping(self, row: SessionRow) -> list[str]:
        """The flags of `row`'s session that cap a score (blame, dismissive, over-promise):
        a tester saw "50 ✗ (99 before cap)" four times and could not see that over-promising
        was the pattern."""
        return [f for f in self.flags.get(row.id, ()) if f in FAULT_CAPS]

    def _title(self, scenario_id: str) -> str:
        return shown(self.titles.get(scenario_id, scenario_id), one_line=True)

    def _draw(self, finished: list[SessionRow], which: str) -> None:
        """One line: the chosen measure for each finished attempt, oldest first, numbered
        1, 2, 3... on the x axis; passes and fails marked on the overall score."""
        chart = self.query_one(PlotextPlot)
        plt = chart.plt
        plt.clear_figure()
        # what the marks mean goes in the title: plotext's legend sits over the first points
        marks = ("" if not finished
                 else (" (● passed, ✗ failed; line: pass mark)" if self._one_pass_mark(
                     finished) else " (● passed, ✗ failed)") if self.measure == "overall"
                 else " (credited at the line, 0.5)")
        plt.title(_fitted_title(f"{MEASURE_LABELS[self.measure]} per attempt, {which}", marks,
                                chart.size.width - 2))
        # the x axis is not labelled "attempt" (the title says "per attempt"): on a short
        # screen that line is worth more as one more row of scores
        if finished:
            xs = list(range(1, len(finished) + 1))
            if self.measure == "overall":
                ys = [float(r.score or 0) for r in finished]
                plt.ylim(0, 100)
                plt.yticks([0, 25, 50, 75, 100], ["0", "25", "50", "75", "100"])
                if (pass_mark := self._one_pass_mark(finished)) is not None:
                    plt.hline(pass_mark, "gray")
            else:
                ys = [r.best[self.measure] or 0.0 for r in finished]
                plt.ylim(0, 1)
                plt.yticks([0, 0.5, 1], ["0", "0.5", "1"])
                # the credit line, and a mark on every attempt: one attempt was a lone
                # braille dot a tester could hardly see
                plt.hline(CREDIT_THRESHOLD, "gray")
            plt.plot(xs, ys, color="cyan", marker="braille")
            if self.measure == "overall":
                for passed, colour, mark in ((True, "green", "●"), (False, "red", "✗")):
                    points = [(x, y) for x, y, r in zip(xs, ys, finished, strict=True)
                              if bool(r.passed) == passed]
                    if points:
                        plt.scatter(*zip(*points, strict=True), color=colour, marker=mark)
            else:
                plt.scatter(xs, ys, color="cyan", marker="●")
            step = math.ceil(len(xs) / MAX_TICKS)
            ticks = xs[::step]
            plt.xticks(ticks, [str(x) for x in ticks])
            plt.xlim(0.5, len(xs) + 0.5)
        chart.refresh()

    def _one_pass_mark(self, finished: list[SessionRow]) -> int | None:
        """The pass mark the sessions shown share, or None when they differ or a scenario
        is gone."""
        marks = {self.pass_marks.get(r.scenario_id) for r in finished}
        return marks.pop() if len(marks) == 1 else None

    def action_to_row(self, row: int) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            table.move_cursor(row=row % table.row_count)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.rows and table.cursor_row is not None:
            self._open_row(self.rows[table.cursor_row].id)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        self._open_row(int(event.row_key.value))

    def _open_row(self, session_id: int) -> None:
        """The debrief screen as it was shown; for a session finished before the store kept
        debriefs as data (or whose saved debrief is unreadable), its Markdown; for one left
        without a debrief, the turns that were saved."""
        row = next(r for r in self.all_rows if r.id == session_id)
        if row.status != "finished":
            # Left without a debrief: what was played is still worth reading back.
            self.app.push_screen(SavedTurnsScreen(
                transcript_lines(row, self.store.session_turns(session_id))))
            return
        data = self.store.debrief_data(session_id)
        if data is not None:
            try:
                debrief = Debrief.from_dict(data)
            except ValueError as exc:
                self.notify(f"The saved debrief can't be shown as it was "
                            f"({shown(str(exc), one_line=True)}); showing its text.",
                            severity="warning", markup=False)
            else:
                self.app.push_screen(DebriefScreen(debrief, self.export_dir, self.trainee,
                                                   row.started_at.date()))
                return
        markdown = self.store.debrief_markdown(session_id)
        if markdown is None:
            self.notify("That session's debrief was not saved.")
            return
        self.app.push_screen(ArchivedDebriefScreen(markdown))


class SavedTurnsScreen(Screen):
    """A session left without a debrief: the turns that were saved, as `trainer show`
    prints them."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="saved-turns"):
            # a tester read this and did not know the conversation could go on
            yield Static(Text("Not finished, so there is no debrief. If it is your latest "
                              "conversation of this scenario in this mode, choose the "
                              "scenario on the home screen to pick it up. The turns that "
                              "were saved:", style="bold"))
            yield Static(literal("\n".join(self.lines)))
        yield Footer()


class ArchivedDebriefScreen(Screen):
    """A past debrief from before debriefs were kept as data: its Markdown, as saved."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        yield Header()
        yield MarkdownViewer(self.markdown, show_table_of_contents=False)
        yield Footer()


def _fitted_title(title: str, marks: str, width: int) -> str:
    """The chart's title with what its marks mean, or without them, or cut with "…", to fit
    `width`: plotext leaves out a title too long for the chart, and a tester saw a blank
    title over one scenario's chart."""
    if width <= 0 or len(title + marks) <= width:
        return title + marks
    return cut(title, max(2, width))


def _count(n: int, thing: str) -> str:
    """"1 turn", "3 turns"."""
    return f"{n} {thing}{'' if n == 1 else 's'}"
