"""History: the trainee's past sessions, a chart of each dimension over time, and any past
debrief reopened exactly as it was shown."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, MarkdownViewer, Static
from textual_plotext import PlotextPlot

from scoring import DIMENSIONS
from trainer.app.literal import literal
from trainer.debrief import ENDING_LABELS, LABELS
from trainer.store import SessionRow, Store

CHART_COLOURS = {"empathy": "magenta", "apology": "green", "questions": "cyan",
                 "solution": "yellow", "follow_up": "orange"}


class HistoryScreen(Screen):
    AUTO_FOCUS = "#history-table"
    BINDINGS = [Binding("enter", "open", "Open debrief"),
                Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, store: Store, trainee: str) -> None:
        super().__init__()
        self.store = store
        self.trainee = trainee
        self.rows: list[SessionRow] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="history-summary")
        yield PlotextPlot(id="history-chart")
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"History: {self.trainee}"
        self.rows = self.store.history(self.trainee)
        table = self.query_one(DataTable)
        table.add_columns("Started", "Scenario", "Mode", "Status", "Ending", "Score")
        for row in self.rows:
            # A session still marked active was cut short (closed or crashed): abandoned.
            status = "finished" if row.status == "finished" else "abandoned"
            table.add_row(row.started_at.strftime("%Y-%m-%d %H:%M"), literal(row.scenario_id),
                          row.mode, status, ENDING_LABELS.get(row.ending_kind, "–")
                          if row.status == "finished" else f"{row.turn_count} turn(s) saved",
                          "–" if row.score is None else str(row.score), key=str(row.id))
        finished = [r for r in reversed(self.rows) if r.status == "finished"]
        self.query_one("#history-summary", Static).update(
            f"{len(finished)} finished session(s). Enter reopens a debrief." if finished
            else "No finished sessions yet.")
        plt = self.query_one(PlotextPlot).plt
        plt.title("Best score per dimension, by session")
        if finished:
            xs = list(range(1, len(finished) + 1))
            for d in DIMENSIONS:
                plt.plot(xs, [r.best[d] or 0.0 for r in finished], label=LABELS[d],
                         color=CHART_COLOURS[d], marker="braille")
            plt.ylim(0, 1)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.rows and table.cursor_row is not None:
            self._open_row(self.rows[table.cursor_row].id)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        self._open_row(int(event.row_key.value))

    def _open_row(self, session_id: int) -> None:
        markdown = self.store.debrief_markdown(session_id)
        if markdown is None:
            self.notify("That session was not finished, so it has no debrief.")
            return
        self.app.push_screen(ArchivedDebriefScreen(markdown))


class ArchivedDebriefScreen(Screen):
    """A past debrief, exactly as it was saved when the session ended."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        yield Header()
        yield MarkdownViewer(self.markdown, show_table_of_contents=False)
        yield Footer()
