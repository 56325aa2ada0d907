"""Save a debrief as a Markdown or HTML file the trainee can keep or hand in.

Kept out of the debrief screen so the file handling is tested without a terminal: a new
file is always created (a name already taken gets -2, -3...), never written over and never
written through a symlink.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from trainer.debrief import Debrief, render_html, render_markdown
from trainer.new_files import create_numbered

RENDERERS = {"md": render_markdown, "html": render_html}


def export_debrief(debrief: Debrief, kind: str, folder: Path, trainee: str,
                   day: dt.date, unsaved: str = "") -> Path:
    """Write the debrief as `kind` ("md" or "html") into `folder`, named for the trainee,
    the scenario and the day (`debrief-ana-lopez-double-charge-2026-12-04.md`), so a
    trainer's folder of hand-ins sorts itself; `unsaved` says why the session was not
    recorded, when it was not. Returns the file written. Raises OSError if
    the folder or file can't be created."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"debrief-{_slug(trainee)}-{debrief.scenario_id}-{day.isoformat()}"
    # who and when inside the file too: a trainer reads the page, not its name (a tester)
    handed_in = f"Saved by {trainee} on {day.isoformat()}" + (
        f". Not recorded in the results: {unsaved}." if unsaved else "")
    return create_numbered(folder, stem, kind, RENDERERS[kind](debrief, handed_in))


def _slug(name: str) -> str:
    """A name as a file name can hold it: lower-case ASCII letters and digits joined by -
    ("Ana López!" -> "ana-lopez")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-") or "trainee"
