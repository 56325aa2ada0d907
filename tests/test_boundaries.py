"""Architecture rules: the domain never imports the UI; `scoring` imports nothing of ours."""

from __future__ import annotations

import subprocess
import sys

import pytest

import scoring

DOMAIN_MODULES = ["scoring", "scoring.engine", "trainer.scenario", "trainer.session",
                  "trainer.scenario.policy", "trainer.cli"]


@pytest.mark.parametrize("module", DOMAIN_MODULES)
def test_domain_module_does_not_load_textual(module):
    code = (f"import sys, {module}; "
            "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_scoring_does_not_import_trainer():
    code = ("import sys, scoring, scoring.engine, scoring.evaluation, scoring.baseline; "
            "sys.exit(1 if any(m.split('.')[0] == 'trainer' for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_scoring_public_face_exports_everything_it_names():
    for name in scoring.__all__:
        assert hasattr(scoring, name), name
    public = {n for n in dir(scoring) if not n.startswith("_")}
    submodules = {"engine", "errors", "lexicon", "result", "text", "tips", "baseline",
                  "evaluation", "cues"}
    assert public - submodules <= set(scoring.__all__)
