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


def cut(text: str, width: int) -> str:
    """`text` in `width` columns, ending in "…" where it was cut: a title cut bare at a
    table's edge ("Charged twice for") reads as if that were all of it."""
    return text if len(text) <= width else text[:max(0, width - 1)] + "…"
