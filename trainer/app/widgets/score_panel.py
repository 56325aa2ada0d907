"""What a reply hit, shown after each reply in practice mode (and side by side after a
take-back)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from scoring import DIMENSIONS
from trainer.debrief import LABELS, bar
from trainer.session.engine import Turn


def dimension_table(scores: list[tuple[str, dict[str, float]]], width: int = 8) -> Table:
    """Columns of scores (e.g. "before", "now") for each dimension; a credited one (at
    least 0.5) is green and ticked."""
    table = Table.grid(padding=(0, 1))
    table.add_column()
    for _ in scores:
        table.add_column()
    if len(scores) > 1:
        table.add_row("", *[Text(name, style="bold") for name, _ in scores])
    for dimension in DIMENSIONS:
        cells = []
        for _, values in scores:
            value = values[dimension]
            # ✓ marks a credit: a tester read a partly filled bar as one
            credited = value >= 0.5
            cells.append(Text.assemble((bar(value, width), "green" if credited else "dim"),
                                       (" ✓" if credited else "  ", "green")))
        table.add_row(LABELS[dimension], *cells)
    return table


class ScorePanel(Static):
    """Practice mode: the dimensions the last reply hit, and any flags, under a title that
    says so."""

    columns: tuple[str, ...] = ()  # what is shown: ("now",) or ("before", "now")
    flagged: tuple[tuple[str, ...], ...] = ()  # the flags of each column
    heading: str = ""               # what the bars are: the last reply, a taken-back one...
    hidden: bool = False

    def show_turn(self, turn: Turn, previous: Turn | None = None,
                  title: str | None = None) -> None:
        columns = [("now", turn.score.scores)]
        if previous is not None:
            columns.insert(0, ("before", previous.score.scores))
        self.columns = tuple(name for name, _ in columns)
        table = dimension_table(columns, width=5 if previous else 8)
        # one cell a column, as the bars: a tester could not tell whose a lone flag was
        flagged = [(previous.flags if name == "before" else turn.flags)
                   for name, _ in columns] if previous is not None else [turn.flags]
        self.flagged = tuple(flagged)
        if any(flagged) and previous is None:
            table.add_row(Text("Flags", style="bold red"),
                          *(Text(", ".join(f), style="red") for f in flagged))
        else:
            # A row a flag, marked ✗ under the reply that raised it: a tester could not tell
            # whose a lone "blame" was, and "Flags before: blame, defensive", a line per
            # column, wrapped in the side column at 80x24 and pushed it past the fold.
            for flag in dict.fromkeys(f for names in flagged for f in names):
                table.add_row(Text(flag.capitalize(), style="bold red"),
                              *(Text(" ✗", style="red") if flag in names
                                else Text(" –", style="dim") for names in flagged))
        # The bars are this reply's, not progress: a remedy-only reply empties Empathy.
        self.heading = title or ("Your last reply" if previous is None else "Taken back vs now")
        self.update(Group(Text(self.heading, style="bold"), table))

    def show_taken_back(self, turn: Turn) -> None:
        """The reply just taken back, named as such: it is no longer the last reply."""
        self.show_turn(turn, title="Taken back: edit and resend")

    def show_hidden(self) -> None:
        self.hidden = True
        self.update(Text("Exam mode: scores appear in the debrief.", style="italic"))
