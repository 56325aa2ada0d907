"""The labelled corpus: assembled from its annotations, and free of held-out text."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import CORPUS, SHARED_TOOLS

HELDOUT = SHARED_TOOLS / "heldout.py"


def _corpus_files():
    return sorted(CORPUS.glob("*.jsonl")) + sorted((CORPUS / "texts").glob("*.jsonl"))


@pytest.mark.parametrize("path", _corpus_files(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_no_corpus_file_holds_held_out_measurement_text(path):
    """../shared/tools/heldout.py lists (and exits 1 on) replies that match held-out text."""
    if not HELDOUT.exists():
        pytest.skip(f"{HELDOUT} is not present in this checkout")
    proc = subprocess.run([sys.executable, str(HELDOUT), str(path)], capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stdout


def test_the_labelled_files_are_what_the_annotations_give():
    proc = subprocess.run([sys.executable, str(CORPUS / "assemble.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr + proc.stdout


def test_every_text_names_its_source_and_licence():
    for path in sorted((CORPUS / "texts").glob("*.jsonl")):
        for number, line in enumerate(path.open(encoding="utf-8"), 1):
            item = json.loads(line)
            assert item.get("source") and "licence" in item, f"{path}:{number}"
