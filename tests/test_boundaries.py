"""Architecture rules: the domain never imports the UI; `scoring` imports nothing of ours."""

from __future__ import annotations

import subprocess
import sys

import pytest

import scoring

DOMAIN_MODULES = ["scoring", "scoring.training", "scoring.evaluation", "trainer.scenario",
                  "trainer.session",
                  "trainer.scenario.policy", "trainer.cli"]


@pytest.mark.parametrize("module", DOMAIN_MODULES)
def test_domain_module_does_not_load_textual(module):
    code = (f"import sys, {module}; "
            "bad = [m for m in sys.modules if m == 'textual' or m.startswith('textual.')]; "
            "print(bad); sys.exit(1 if bad else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_scoring_does_not_import_trainer():
    code = ("import sys, scoring, scoring.training, scoring.evaluation; "
            "scoring.score_reply('Sorry, I have refunded it.'); "
            "sys.exit(1 if any(m.split('.')[0] == 'trainer' for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_scoring_a_reply_needs_no_training_tools_or_numpy():
    """The run-time rubric is pure Python: scikit-learn, scipy and numpy belong to the
    'train' extra only."""
    code = ("import sys, scoring; scoring.score_reply('Sorry, I have refunded it.'); "
            "heavy = [m for m in ('sklearn', 'scipy', 'numpy') if m in sys.modules]; "
            "print(heavy); sys.exit(1 if heavy else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_scoring_public_face_exports_everything_it_names():
    for name in scoring.__all__:
        assert hasattr(scoring, name), name
    public = {n for n in dir(scoring) if not n.startswith("_")}
    submodules = {"errors", "result", "evaluation", "training", "json_lines", "context"}
    assert public - submodules <= set(scoring.__all__)


def test_building_the_command_line_loads_no_database_ui_or_validation_library():
    """`trainer --help` answers at once: the parser is built without SQLAlchemy, Textual or
    pydantic, which each command imports only when it runs."""
    code = ("import sys, trainer.cli; trainer.cli.build_parser(); "
            "heavy = [m for m in ('sqlalchemy', 'textual', 'pydantic', 'aiohttp') "
            "if m in sys.modules]; print(heavy); sys.exit(1 if heavy else 0)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
