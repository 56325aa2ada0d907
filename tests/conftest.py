"""Shared fixtures. Tests are hermetic: no user data dir, no real clock, seeded randomness."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
SHARED_TOOLS = REPO.parent / "shared" / "tools"
CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _hermetic(tmp_path, monkeypatch):
    """Keep every test away from the developer's own files and settings."""
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("TRAINER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("TRAINER_DB", raising=False)
    monkeypatch.delenv("TRAINER_MODEL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    yield
    from scoring import use_model
    use_model(None)  # a test that adopted a team model leaves the bundled one behind it
