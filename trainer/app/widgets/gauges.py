"""Side-panel gauges: the customer's anger with its reasons, and their patience running out."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from trainer.debrief import bar


def anger_style(anger: int) -> str:
    return "red" if anger >= 75 else "yellow" if anger >= 40 else "green"


class AngerMeter(Static):
    """Anger 0-100 as a bar, and the reasons for the latest change ("+15: blamed…")."""

    def show(self, anger: int, reasons: list[str]) -> None:
        text = Text()
        text.append(f"Anger {anger}/100\n", style="bold")
        text.append(bar(anger / 100, 24), style=anger_style(anger))
        text.append("\n")
        for reason in reasons:
            text.append(f"{reason}\n", style="red" if reason.startswith("+") else "green")
        self.update(text)


class PatienceTimer(Static):
    """How long the customer has waited for this reply against their patience."""

    def show(self, waited: float, patience: int, paused: bool = False) -> None:
        left = max(0.0, patience - waited)
        text = Text()
        text.append("Patience " + ("(paused)" if paused else f"{left:.0f}s left") + "\n",
                    style="bold")
        style = "red" if left <= patience * 0.25 else "cyan"
        text.append(bar(left / patience, 24), style=style)
        self.update(text)
