"""The `trainer` command as a user runs it: exit codes, messages, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SHARED_DATA
from trainer.cli import main


def run(args, stdin: str | None = None, cwd: Path | None = None):
    proc = subprocess.run([sys.executable, "-m", "trainer", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("play", "validate", "schema", "new", "test", "grade", "eval", "report",
                    "show", "export", "regrade", "assign"):
        assert command in out


def test_version(capsys):
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.startswith("trainer 0.")


def test_unknown_command_is_a_usage_error():
    assert run(["frobnicate"]).returncode == 2


def test_validate_bundled_set_exits_zero():
    proc = run(["validate"])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "8 valid, 0 invalid" in proc.stderr


def test_scenarios_lists_each_playable_scenario_with_its_file():
    proc = run(["scenarios"])
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 8
    assert lines[0].split()[:2] == ["crashing-software", "medium"]
    assert all(line.endswith(".yaml)") for line in lines)


def test_scenarios_names_a_broken_file_and_how_to_see_why(tmp_path):
    (tmp_path / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    proc = run(["--scenarios", str(tmp_path), "scenarios"])
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 8  # the bundled set is still listed
    assert f"see `trainer validate {tmp_path / 'broken.yaml'}`" in proc.stderr


def test_validate_broken_folder_reports_each_fault_and_exits_one(tmp_path):
    (tmp_path / "syntax.yaml").write_text("id: [\n", encoding="utf-8")
    (tmp_path / "tag.yaml").write_text("id: !!python/object/apply:os.system [ls]\n",
                                       encoding="utf-8")
    proc = run(["validate", str(tmp_path)])
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert any(line.startswith(f"{tmp_path / 'syntax.yaml'}:2:1: S001 error:") for line in lines)
    assert any(line.startswith(f"{tmp_path / 'tag.yaml'}:1:5: S012 error:") for line in lines)


def test_validate_warns_that_a_team_scenario_with_a_bundled_id_replaces_it(tmp_path):
    """A tester's team scenario took a bundled id and silently replaced it in the app."""
    mine = tmp_path / "mine.yaml"
    mine.write_text((REPO / "scenarios" / "double-charge.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    (tmp_path / "own.yaml").write_text(
        (REPO / "scenarios" / "rude-staff.yaml").read_text(encoding="utf-8")
        .replace("id: rude-staff", "id: our-rude-staff"), encoding="utf-8")
    proc = run(["validate", str(tmp_path)])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [
        f"{mine}:2:5: W106 warning: scenario id 'double-charge' is already a bundled "
        "scenario's (double-charge.yaml): in the app and `trainer play` this file replaces "
        "it; give it another id to keep both"]
    assert run(["validate", "--strict", str(tmp_path)]).returncode == 1
    # with --no-bundled the team's file replaces nothing
    assert run(["validate", "--no-bundled", "--scenarios", str(tmp_path)]).stdout == ""
    assert run(["validate"]).stdout == ""  # the bundled files do not replace themselves


def test_validate_missing_path_is_a_usage_error(tmp_path):
    assert run(["validate", str(tmp_path / "nope.yaml")]).returncode == 2


def test_strict_turns_warnings_into_errors(tmp_path):
    new = run(["new", "demo", "--dir", str(tmp_path)])
    assert new.returncode == 0
    path = tmp_path / "demo.yaml"
    path.write_text(path.read_text().replace("when_asked: [order number, order, reference]",
                                             "when_asked: []"), encoding="utf-8")
    assert run(["validate", str(path)]).returncode == 0
    strict = run(["validate", "--strict", str(path)])
    assert strict.returncode == 1 and "W102 error" in strict.stdout


def test_new_refuses_to_overwrite_and_rejects_bad_ids(tmp_path):
    assert run(["new", "demo", "--dir", str(tmp_path)]).returncode == 0
    assert run(["new", "demo", "--dir", str(tmp_path)]).returncode == 1
    assert run(["new", "Bad Id", "--dir", str(tmp_path)]).returncode == 2


def test_new_files_are_shareable_as_the_umask_says(tmp_path):
    """A tester's teammates on a shared folder could not read the starter (mode 0600)."""
    import os
    import stat
    old = os.umask(0o022)
    try:
        assert main(["new", "demo", "--dir", str(tmp_path)]) == 0
    finally:
        os.umask(old)
    for name in ("demo.yaml", "scenario.schema.json"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name


def test_new_writes_the_schema_its_first_line_points_at_and_keeps_an_existing_one(
        tmp_path, capsys):
    import jsonschema
    import yaml

    from trainer.commands.schema import scenario_schema
    assert main(["new", "demo", "--dir", str(tmp_path)]) == 0
    first_line = (tmp_path / "demo.yaml").read_text(encoding="utf-8").splitlines()[0]
    target = tmp_path / first_line.split("$schema=", 1)[1]  # relative to the scenario
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert schema == scenario_schema()
    starter = yaml.safe_load((tmp_path / "demo.yaml").read_text(encoding="utf-8"))
    assert not list(jsonschema.Draft202012Validator(schema).iter_errors(starter))
    target.write_text("{}", encoding="utf-8")  # a trainer's own copy, edited
    assert main(["new", "other", "--dir", str(tmp_path)]) == 0
    assert target.read_text(encoding="utf-8") == "{}"
    assert capsys.readouterr().out.count("scenario.schema.json") == 1


def test_schema_is_json_and_accepts_every_bundled_scenario():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    from trainer.scenario import bundled_dir
    schema = json.loads(run(["schema"]).stdout)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(bundled_dir().glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert not list(validator.iter_errors(data)), path.name
    assert "description" in schema["properties"]["briefing"]


def test_grade_writes_one_result_per_line_and_reports_broken_lines(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "reply": "I\'m so sorry, I\'ve refunded the $5 today."}\n'
                      "{broken\n"
                      '{"id": "c", "reply": 42}\n'
                      '{"id": "d", "reply": "Calm down, you\'re overreacting."}\n'
                      '{"id": "e", "reply": " \\n "}\n',
                      encoding="utf-8")
    proc = run(["grade", str(source)])
    assert proc.returncode == 1
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in results] == ["a", "d"]
    assert results[0]["scores"]["apology"] >= 0.9 and "dismissive" in results[1]["flags"]
    assert results[0]["evidence"][0]["span"]
    assert f"{source}:2:" in proc.stderr and f"{source}:3:" in proc.stderr
    assert f"{source}:5: field 'reply' is empty" in proc.stderr


@pytest.mark.parametrize("content, says", [
    (None, "the rubric model is missing; rebuild it with `make model`"),
    (b"{not json", "the rubric model is corrupt"),
    (b'{"format": 3, "keys": ["empathy"]}', "the rubric model is corrupt (its keys are not"),
])
def test_a_missing_or_corrupt_model_is_one_line_saying_how_to_rebuild(
        tmp_path, monkeypatch, capsys, content, says):
    model = tmp_path / "rubric-model.json"
    if content is not None:
        model.write_bytes(content)
    monkeypatch.setattr("trainer.rubric_model.team_model_path", lambda: model)
    monkeypatch.setattr("scoring._model.BUNDLED", "model/absent.json")
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "reply": "Sorry."}\n', encoding="utf-8")
    assert main(["grade", str(source)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0] and "make model" in err[0], err


def test_grade_reads_stdin_and_prints_a_table():
    proc = run(["grade", "-", "--format", "table"],
               stdin='{"id": "x", "reply": "Could you send me the order number?"}\n')
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[1].startswith("x ")


def test_grade_in_a_scenario_flags_a_promise_beyond_its_policy():
    """A tester graded "guaranteed before 3" and got no flag, though the scenario forbids
    it: over-promises are judged against a scenario's policy, so grade takes one."""
    replies = ('{"id": "p", "reply": "I promise it will definitely arrive in time, '
               'guaranteed before 3."}\n'
               '{"id": "ok", "reply": "I have booked a same-day courier from the depot."}\n')
    plain = run(["grade", "-"], stdin=replies)
    assert [json.loads(line)["flags"] for line in plain.stdout.splitlines()] == [[], []]
    proc = run(["grade", "-", "--scenario", "late-birthday-delivery"], stdin=replies)
    assert proc.returncode == 0, proc.stderr
    promised, booked = (json.loads(line) for line in proc.stdout.splitlines())
    assert promised["flags"] == ["overpromise"]
    assert "promises 'guaranteed before 3', which must never be promised" in (
        promised["overpromises"])
    assert booked["flags"] == [] and "overpromises" not in booked
    unknown = run(["grade", "-", "--scenario", "late-birthday"], stdin=replies)
    assert unknown.returncode == 1
    assert unknown.stderr.startswith("trainer grade: no scenario with id 'late-birthday'")


def test_eval_prints_f1_for_every_key_and_the_baseline():
    path = SHARED_DATA / "dev_replies.jsonl"
    if not path.exists():
        pytest.skip("shared dev set not present")
    proc = run(["eval", str(path), "--baseline"])
    assert proc.returncode == 0
    for key in ("empathy", "apology", "questions", "solution", "follow_up", "blame",
                "dismissive", "defensive", "macro-F1"):
        assert any(line.startswith(key) for line in proc.stdout.splitlines()), key


def test_eval_misses_lists_disagreements_with_evidence(tmp_path):
    path = tmp_path / "l.jsonl"
    labels = dict.fromkeys(["empathy", "apology", "questions", "solution", "follow_up",
                            "blame", "dismissive", "defensive"], 0)
    path.write_text(json.dumps({"id": "m1", "reply": "I'm so sorry.", "labels": labels}) + "\n",
                    encoding="utf-8")
    proc = run(["eval", str(path), "--misses"])
    assert "m1  apology: labelled 0, scored " in proc.stdout
    assert "'sorry'" in proc.stdout and "credit" in proc.stdout


def test_eval_prints_a_reliability_table_and_brier_scores():
    path = SHARED_DATA / "dev_replies.jsonl"
    if not path.exists():
        pytest.skip("shared dev set not present")
    proc = run(["eval", str(path)])
    assert "Brier" in proc.stdout.splitlines()[1]
    assert "calibration over every key" in proc.stdout
    assert any(line.startswith("0.9-1.0") for line in proc.stdout.splitlines())


KEYS8 = ("empathy", "apology", "questions", "solution", "follow_up", "blame", "dismissive",
         "defensive")


def _labelled(path, rows):
    path.write_text("".join(json.dumps({"id": f"r{i}", "reply": reply, "labels": dict(
        zip(KEYS8, map(int, labels), strict=True))}) + "\n" for i, (reply, labels)
        in enumerate(rows)), encoding="utf-8")
    return path


def test_calibrate_prints_agreement_per_key_and_the_disagreements(tmp_path):
    team = _labelled(tmp_path / "team.jsonl", [
        ("I'm so sorry, I've refunded the $40 to your card today.", "01010000"),
        ("Calm down, it's not a big deal.", "00000010"),
        ("I'm so sorry we let you down.", "00000000"),  # this trainer hears no apology
    ])
    proc = run(["calibrate", str(team)])
    assert proc.returncode == 0
    lines = proc.stdout.splitlines()
    assert lines[1].split() == ["key", "agree", "kappa", "trainer", "yes", "engine", "yes"]
    assert {line.split()[0] for line in lines[2:10]} == set(KEYS8)
    assert "disagreements" in proc.stdout and "r2  apology: trainer 0, engine 1" in proc.stdout
    apology = next(line for line in lines if line.startswith("apology"))
    assert apology.split()[1] == "66.7%"
    # three labelled replies: every key's kappa is marked as too few to trust
    assert apology.split()[2].endswith("*")
    assert "* fewer than 20 replies have this key" in proc.stdout


def test_calibrate_reads_stdin_like_grade_and_eval():
    team = '{"id": "t1", "reply": "Calm down.", "labels": {"empathy": 0, "apology": 0, ' \
           '"questions": 0, "solution": 0, "follow_up": 0, "blame": 0, "dismissive": 1, ' \
           '"defensive": 0}}\n'
    proc = run(["calibrate", "-"], stdin=team)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("1 reply labelled by your trainers")


@pytest.mark.parametrize("command", ["grade", "calibrate"])
def test_an_empty_file_name_says_so_rather_than_is_a_directory(command):
    proc = run([command, ""])
    assert proc.returncode == 1
    assert proc.stderr.strip() == "'': cannot read: the file name is empty"


def test_calibrate_adopt_retrains_and_the_new_scores_follow_the_trainers(tmp_path):
    pytest.importorskip("sklearn")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _labelled(corpus / "base.jsonl", [
        ("I'm so sorry for the delay.", "01000000"),
        ("Could you send me your order number?", "00100000"),
        ("I've refunded you today.", "00010000"),
        ("I'll call you on Friday.", "00001000"),
        ("That must be so frustrating.", "10000000"),
        ("You should have read the manual.", "00000100"),
        ("Relax, it's nothing.", "00000010"),
        ("That's not true.", "00000001"),
    ] * 4)
    team = _labelled(tmp_path / "team.jsonl", [("Cheers for your patience, legend.", "10000000")])
    model = tmp_path / "config" / "team-model.json"
    env = {**os.environ, "TRAINER_MODEL": str(model)}
    before = subprocess.run([sys.executable, "-m", "trainer", "grade", "-"], env=env,
                            input='{"reply": "Cheers for your patience, legend."}\n',
                            capture_output=True, text=True, cwd=tmp_path)
    proc = subprocess.run([sys.executable, "-m", "trainer", "calibrate", str(team), "--adopt",
                           "--corpus", str(corpus)], env=env, capture_output=True, text=True,
                          cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert model.exists() and f"written to {model}" in proc.stdout
    assert "run `trainer test`" in proc.stdout
    after = subprocess.run([sys.executable, "-m", "trainer", "grade", "-"], env=env,
                           input='{"reply": "Cheers for your patience, legend."}\n',
                           capture_output=True, text=True, cwd=tmp_path)
    empathy = [json.loads(p.stdout)["scores"]["empathy"] for p in (before, after)]
    assert empathy[1] > empathy[0] and empathy[1] >= 0.5, empathy


def test_test_command_runs_bundled_scenario_tests():
    proc = run(["test"])
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.strip().splitlines()[-1].endswith("0 failed")


def test_test_command_reports_the_turn_where_a_test_diverged(tmp_path):
    assert run(["new", "demo", "--dir", str(tmp_path)]).returncode == 0
    path = tmp_path / "demo.yaml"
    path.write_text(path.read_text().replace("    ending: resolved", "    ending: manager"),
                    encoding="utf-8")
    proc = run(["test", str(path)])
    assert proc.returncode == 1
    assert "reached 'resolved' at turn 1" in proc.stdout and "expected 'manager'" in proc.stdout


def test_committed_schema_matches_trainer_schema():
    """docs/scenario.schema.json is what editors use; it must not drift from the model."""
    from tests.conftest import REPO
    committed = json.loads((REPO / "docs" / "scenario.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(run(["schema"]).stdout)


def test_plain_play_records_and_report_shows_it(tmp_path):
    db = f"sqlite:///{tmp_path / 'r.db'}"
    reply = ("I'm so sorry, that's our mistake. I've refunded the second $42.50 today and "
             "I'll email you the confirmation this afternoon.\n")
    played = run(["play", "double-charge", "--plain", "--seed", "1", "--trainee", "Ana",
                  "--db", db], stdin=reply)
    score = re.search(r"Overall score: (\d+)/100", played.stdout)
    assert played.returncode == 0 and score
    table = run(["report", "--db", db])
    assert table.stdout.splitlines()[1].split()[:2] == ["Ana", "1"]
    as_json = json.loads(run(["report", "--db", db, "--format", "json"]).stdout)
    assert as_json[0]["best_score"] == int(score.group(1))
    as_csv = run(["report", "--db", db, "--format", "csv"]).stdout.splitlines()
    assert as_csv[0].startswith("trainee,attempts,empathy")
    regraded = run(["regrade", "--db", db])
    assert "1 session(s) re-scored" in regraded.stdout and "0 changed" in regraded.stdout


def test_play_no_save_records_nothing(tmp_path):
    """A tester's own try-outs as a trainer were stored as trainee 'root' and overdue in
    every report."""
    db = f"sqlite:///{tmp_path / 'r.db'}"
    reply = "I'm so sorry, that's our mistake. I've refunded the second $42.50 today.\n"
    played = run(["play", "double-charge", "--plain", "--no-save", "--seed", "1",
                  "--db", db], stdin=reply)
    assert played.returncode == 0 and "Overall score" in played.stdout
    assert not (tmp_path / "r.db").exists()


def test_plain_play_prints_the_whole_conversation_from_a_pipe():
    replies = ("I'm so sorry, that must be so stressful with her party coming up. Could you "
               "confirm your order number?\nThank you. I've booked a same-day courier to "
               "bring the bike by 1pm and refunded the $24 delivery fee. I'll text you the "
               "tracking link within the hour.\nOk.\n")
    proc = run(["play", "late-birthday-delivery", "--plain", "--seed", "1"], stdin=replies)
    assert proc.returncode == 0
    # The apology is answered, then the order number asked for.
    assert "Priya Desai: Okay. At least someone is owning it. The order number is TS-55120." in (
        proc.stdout)
    assert "Overall score: " in proc.stdout and "(PASS" in proc.stdout
    assert "Ending: Resolved" in proc.stdout
    # the closing "Ok." moved nothing: no empty reasons (a tester saw "(anger 22 -> 22: )")
    assert "(anger 25 -> 25)" in proc.stdout.splitlines()


def test_a_corrupt_database_is_one_clear_line_and_exit_one(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage")
    proc = run(["report", "--db", f"sqlite:///{bad}"])
    assert proc.returncode == 1
    assert "not an SQLite database" in proc.stderr and bad.read_bytes() == b"garbage"


def test_play_unknown_scenario_lists_the_available_ones():
    proc = run(["play", "nope", "--plain"], stdin="")
    assert proc.returncode == 1 and "double-charge" in proc.stderr


def test_the_readme_plain_example_says_what_it_scores(tmp_path, capsys, monkeypatch):
    """A tester ran the README's `--plain` example and got another score than it says."""
    import io
    import shlex

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"the example below resolves and passes \((\d+)/100\)", readme)
    block = re.search(r"printf '%s\\n' (.*?)\n\s*\| trainer play double-charge --plain "
                      r"--seed 1", readme, re.S)
    assert stated and block
    replies = shlex.split(block.group(1).replace("\\\n", " ").rstrip(" \\"))
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(replies) + "\n"))
    monkeypatch.setenv("TRAINER_DATA_DIR", str(tmp_path))
    assert main(["play", "double-charge", "--plain", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert f"Overall score: {stated.group(1)}/100 (PASS" in out
    assert "Ending: Resolved" in out
