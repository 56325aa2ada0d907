"""A trainer's own scenarios everywhere: `--scenarios DIR` (or TRAINER_SCENARIOS) adds a
team's folder to the bundled set for the app, play, test, validate and regrade;
`--no-bundled` uses only the team's; a team's scenario replaces a bundled one of its id."""

from __future__ import annotations

import argparse
import io

from tests.app.helpers import settings
from trainer.app import make_app
from trainer.cli import build_parser, main
from trainer.commands.scenario_options import scenario_folders
from trainer.scenario import bundled_dir, load_library

BASE = (bundled_dir() / "double-charge.yaml").read_text(encoding="utf-8")


def team_folder(tmp_path):
    folder = tmp_path / "team"
    folder.mkdir()
    (folder / "team-refund.yaml").write_text(
        BASE.replace("id: double-charge", "id: team-refund").replace(
            "title: Charged twice for one phone bill", "title: Our own refund case"),
        encoding="utf-8")
    (folder / "double-charge.yaml").write_text(
        BASE.replace("title: Charged twice for one phone bill", "title: Our double charge"),
        encoding="utf-8")
    return folder


def test_a_team_folder_adds_to_the_bundled_set_and_replaces_ids_it_shares(tmp_path):
    folder = team_folder(tmp_path)
    results, _ = load_library(scenario_folders(argparse.Namespace(scenarios=[folder])))
    titles = {r.scenario.id: r.scenario.title for r in results}
    assert len(titles) == 9 and titles["team-refund"] == "Our own refund case"
    assert titles["double-charge"] == "Our double charge"


def test_no_bundled_uses_only_the_team_folder_and_the_environment_works_too(
        tmp_path, monkeypatch):
    folder = team_folder(tmp_path)
    only = scenario_folders(argparse.Namespace(scenarios=[folder], no_bundled=True))
    assert only == [folder]
    monkeypatch.setenv("TRAINER_SCENARIOS", str(folder))
    assert scenario_folders(argparse.Namespace()) == [bundled_dir(), folder]
    monkeypatch.setenv("TRAINER_NO_BUNDLED", "1")
    assert scenario_folders(argparse.Namespace()) == [folder]


def test_play_and_test_find_the_team_scenarios(tmp_path, capsys, monkeypatch):
    folder = team_folder(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("/end\n"))
    assert main(["play", "team-refund", "--plain", "--scenarios", str(folder), "--db",
                 f"sqlite:///{tmp_path / 'r.db'}"]) == 0
    assert "Our own refund case" in capsys.readouterr().out
    assert main(["test", "--scenarios", str(folder), "--no-bundled"]) == 0
    out = capsys.readouterr().out
    assert "team-refund.yaml" in out and "crashing-software" not in out


def test_the_app_lists_the_team_scenarios_from_the_top_level_option(tmp_path):
    folder = team_folder(tmp_path)
    args = build_parser().parse_args(["--scenarios", str(folder)])
    app = make_app(settings=settings(tmp_path), scenario_paths=scenario_folders(args))
    ids = {s.id for s in app.scenarios}
    assert "team-refund" in ids and len(ids) == 9


def test_a_folder_check_leaves_hidden_folders_alone(tmp_path, capsys):
    """A trainer ran `trainer validate .` at a repository's root and got seven errors for
    `.github/workflows/ci.yml`."""
    folder = team_folder(tmp_path)
    hidden = folder / ".github" / "workflows"
    hidden.mkdir(parents=True)
    (hidden / "ci.yml").write_text("name: ci\non: push\n", encoding="utf-8")
    (folder / ".draft.yaml").write_text("id: [\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    assert "ci.yml" not in capsys.readouterr().out
