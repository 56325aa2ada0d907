"""Save a debrief as a Markdown or HTML file the trainee can keep or hand in.

Kept out of the debrief screen so the file handling is tested without a terminal: a new
file is always created (a name already taken gets -2, -3...), never written over and never
written through a symlink.
"""

from __future__ import annotations

from pathlib import Path

from trainer.debrief import Debrief, render_html, render_markdown
from trainer.new_files import create_numbered

RENDERERS = {"md": render_markdown, "html": render_html}


def export_debrief(debrief: Debrief, kind: str, folder: Path) -> Path:
    """Write the debrief as `kind` ("md" or "html") into `folder`; returns the file written.
    Raises OSError if the folder or file can't be created."""
    folder.mkdir(parents=True, exist_ok=True)
    return create_numbered(folder, f"debrief-{debrief.scenario_id}", kind,
                           RENDERERS[kind](debrief))
