"""The debrief: score, pass/fail and every reason it failed, a bar per dimension, flags,
ending, anger curve, every turn with its evidence highlighted and the scorer's reasons, tips,
notes on the steps (their order and the close), and the model answer. Shown the same at the
end of a session and when a past session is reopened from History (both from a `Debrief`
value)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from trainer.app.literal import literal
from trainer.app.widgets.gauges import anger_style
from trainer.app.widgets.score_panel import dimension_table
from trainer.debrief import (
    Debrief,
    TurnReport,
    bar,
    reason_line,
    segments,
    taken_back_lines,
    verdict_lines,
)
from trainer.exports import export_debrief
from trainer.safe_text import shown
from trainer.session.outcome import flags_described


class DebriefScreen(Screen):
    AUTO_FOCUS = "#debrief"
    BINDINGS = [
        Binding("m", "export('md')", "Save Markdown"),
        Binding("h", "export('html')", "Save HTML"),
        Binding("escape", "close", "Done"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self, debrief: Debrief, export_dir: Path, trainee: str,
                 day: dt.date, unsaved: str = "") -> None:
        """`unsaved`: why this result was deliberately not recorded ("" when it was)."""
        super().__init__()
        self.debrief = debrief
        self.export_dir = export_dir
        self.trainee = trainee
        self.day = day  # the session's day, for the export's file name
        self.unsaved = unsaved

    def on_mount(self) -> None:
        # which scenario, in the header: reopened from History nothing else says (a tester)
        self.title = f"Debrief: {shown(self.debrief.title, one_line=True)}"

    def compose(self) -> ComposeResult:
        d, o = self.debrief, self.debrief.outcome
        yield Header()
        with VerticalScroll(id="debrief"):
            verdict = Text()
            verdict.append(f"{o.score}/100  ", style="bold")
            verdict.append("PASS" if o.passed else "FAIL",
                           style="bold green" if o.passed else "bold red")
            verdict.append(f"  (pass mark {o.pass_mark})   Ending: {d.ending_label}")
            yield Static(verdict, id="verdict")
            if self.unsaved:
                yield Static(literal(f"Not recorded: {self.unsaved}. This result is not in "
                                     "your history.", "bold yellow"), id="unsaved")
            if d.ending_line:
                yield Static(literal(f"{d.customer}: “{d.ending_line}”", "italic"))
            elif o.ending_kind == "trainee-ended":
                yield Static(Text(d.ending))
            for line in verdict_lines(d):
                yield Static(literal(line, "red"), classes="verdict-reason")
            yield Static(dimension_table([("best", o.best)], width=20), id="dimension-bars")
            if d.scoring:
                yield Static(literal(d.scoring, "dim"), id="how-scored")
            yield Static(Text("Flags raised: " + flags_described(o.flags),
                              style="red" if o.flags else "green"))
            if d.taken_back:
                yield Static(literal("\n".join(taken_back_lines(d)), "yellow"), id="taken-back")
            yield Static(Text("Anger over the conversation", style="bold"), classes="section")
            yield Static(self._anger_chart(), id="anger-curve")
            if o.notes:
                yield Static(Text("Notes on the steps", style="bold"), classes="section")
                for note in o.notes:
                    yield Static(literal(f"• {note}"))
            if d.tips:
                yield Static(Text("Tips", style="bold"), classes="section")
                for key, tip in d.tips.items():
                    yield Static(Text.assemble((f"{d.tip_label(key)}: ", "bold"),
                                               literal(tip)))
            yield Static(Text("Transcript", style="bold"), classes="section")
            for turn in d.turns:
                yield Static(self._turn_text(turn), classes="turn")
            yield Static(Text("Model answer", style="bold"), classes="section")
            yield Static(literal(d.model_answer), id="model-answer")
        yield Footer()

    def _anger_chart(self) -> Table:
        """One bar per point of the anger curve, each with the reasons it moved; the reasons
        wrap in their own column (at the screen's edge they ran back to the first column,
        under the labels, and a tester misread them)."""
        d = self.debrief
        table = Table.grid(padding=(0, 1))
        table.add_column(justify="right")
        table.add_column()
        table.add_column(justify="right")
        table.add_column(style="dim", ratio=1)
        labels = ["start", *(f"turn {t.number}" for t in d.turns)]
        for i, (label, anger) in enumerate(zip(labels, d.anger_curve, strict=False)):
            reasons = "; ".join(str(c) for c in d.turns[i - 1].changes) if i else ""
            table.add_row(label, Text(bar(anger / 100, 20), style=anger_style(anger)),
                          str(anger), reasons)
        return table

    def _turn_text(self, turn: TurnReport) -> Text:
        text = Text()
        text.append_text(literal(f"Turn {turn.number} · {turn.marks} · anger "
                                 f"{turn.anger_before}→{turn.anger_after}\n", "bold"))
        text.append("You: ")
        text.append_text(self._reply_text(turn))
        for h in turn.highlights:
            text.append_text(literal(f"\n   “{h.text}” → {h.label} ({h.strength})",
                                     "red" if h.effect == "flag" else "green"))
        for reason in turn.reasons:
            text.append_text(literal(f"\n   {reason_line(reason)}", "yellow"))
        for change in turn.changes:
            text.append(f"\n   {change}", style="dim")
        text.append_text(literal(f"\n{self.debrief.customer}: {turn.customer_says}",
                                 "italic"))
        return text

    @staticmethod
    def _reply_text(turn: TurnReport) -> Text:
        """The reply with its highlights, piece by piece: `literal` may write a control
        character out as several, so spans of the raw reply would land in the wrong place."""
        reply = Text()
        for piece, hs in segments(turn):
            style = ("" if not hs else "bold red underline"
                     if any(h.effect == "flag" for h in hs) else "bold green")
            reply.append_text(literal(piece, style))
        return reply

    def action_export(self, kind: str) -> None:
        try:
            path = export_debrief(self.debrief, kind, self.export_dir, self.trainee, self.day,
                                  unsaved=self.unsaved)
        except OSError as exc:
            self.notify(f"Could not save the debrief: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Saved {path}")

    def action_close(self) -> None:
        # "Saved ...md" is about this screen: it must not sit over the next one's briefing
        self.app.clear_notifications()
        self.dismiss()
