"""Side-panel gauges: the customer's anger with its reasons, and their patience running out.

On a short terminal (`compact`) each gauge puts its bar beside its label, one line instead
of two: at 80x24 a reply that raised three flags pushed the anger reasons and the score bars
past the bottom of the side column (a tester)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trainer.debrief import bar

WIDE_BAR = 24


def anger_style(anger: int) -> str:
    return "red" if anger >= 75 else "yellow" if anger >= 40 else "green"


class _Gauge(Static):
    """A label and a bar, on two lines, or on one when `compact`; re-drawn when that
    changes."""

    compact = False
    _shown: tuple = ()

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            if self._shown:
                self.show(*self._shown)

    def _gauge(self, label: str, fraction: float, style: str) -> Text:
        text = Text()
        if self.compact:
            # room is left for the side column's scrollbar, which comes and goes with the
            # reasons' length: a bar that filled the line wrapped when it came
            width = max(6, (self.content_size.width or WIDE_BAR + 3) - len(label) - 3)
            text.append(label + " ", style="bold")
        else:
            width = WIDE_BAR
            text.append(label + "\n", style="bold")
        text.append(bar(fraction, width), style=style)
        return text


class AngerMeter(_Gauge):
    """Anger 0-100 as a bar, and the reasons for the latest change ("+15: blamed…")."""

    def show(self, anger: int, reasons: list[str]) -> None:
        self._shown = (anger, reasons)
        text = self._gauge(f"Anger {anger}" if self.compact else f"Anger {anger}/100",
                           anger / 100, anger_style(anger))
        for reason in reasons:
            text.append(f"\n{reason}", style="red" if reason.startswith("+") else "green")
        self.update(text)


class PatienceTimer(_Gauge):
    """How long the customer has waited for this reply against their patience."""

    def show(self, waited: float, patience: int, paused: bool = False,
             why: str = "paused") -> None:
        """`why`: the word shown while paused ("reading": time to read the briefing)."""
        self._shown = (waited, patience, paused, why)
        left = max(0.0, patience - waited)
        state = why if paused else f"{left:.0f}s"
        label = f"Patience {state:>6}" if self.compact else \
            "Patience " + (f"({why})" if paused else f"{left:.0f}s left")
        style = "red" if left <= patience * 0.25 else "cyan"
        self.update(self._gauge(label, left / patience, style))
