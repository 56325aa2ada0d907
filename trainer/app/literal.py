"""Text from a scenario file or a reply, as the app shows it: literally.

A `Static` given a string reads Rich markup in it, so a title holding `[/]` crashes the
screen and `[@click=app.quit]` becomes an action. Everything a trainer or trainee wrote goes
through `literal`, which builds a `Text` (never parsed as markup) with control characters
written out visibly.
"""

from __future__ import annotations

from rich.text import Text

from trainer.safe_text import shown


def literal(text: str, style: str = "") -> Text:
    return Text(shown(text), style=style)
