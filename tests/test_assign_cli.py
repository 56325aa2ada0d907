"""`trainer assign`: assignments stored and listed, ids checked against the scenarios
trainees play (a team's folder included), and every mistake one line with its exit code."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.test_scenario_folders import team_folder
from trainer.cli import main
from trainer.store import Store


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'r.db'}"


def assignments(db: str):
    store = Store(db)
    try:
        return [(a.scenario_id, a.trainee, a.due) for a in store.assignments()]
    finally:
        store.close()


def test_assign_to_a_trainee_and_to_everyone_then_list_them(db, capsys):
    assert main(["assign", "double-charge", "--to", "  Ana   Lima ", "--due", "2026-12-10",
                 "--db", db]) == 0
    assert capsys.readouterr().out == "Assigned double-charge to Ana Lima, due 2026-12-10.\n"
    assert main(["assign", "rude-staff", "--all", "--db", db]) == 0
    assert "to everyone" in capsys.readouterr().out
    assert assignments(db) == [("double-charge", "Ana Lima", dt.date(2026, 12, 10)),
                               ("rude-staff", None, None)]
    assert main(["assign", "--list", "--db", db]) == 0
    header, first, second = capsys.readouterr().out.splitlines()
    assert header.split() == ["#", "scenario", "to", "due", "made", "done", "overdue"]
    assert first.split()[:5] == ["1", "double-charge", "Ana", "Lima", "2026-12-10"]
    assert first.split()[-2:] == ["0/1", "0"]
    assert second.split()[:4] == ["2", "rude-staff", "everyone", "–"]


def test_an_unknown_scenario_is_one_line_exit_one_and_nothing_is_stored(db, capsys):
    assert main(["assign", "double-charg", "--to", "ana", "--db", db]) == 1
    captured = capsys.readouterr()
    [line] = captured.err.splitlines()
    assert line.startswith("trainer assign: no scenario with id 'double-charg' (a team's own? "
                           "add its folder with --scenarios DIR); available: ")
    assert "double-charge" in line and captured.out == ""
    assert assignments(db) == []


def test_a_scenario_from_a_team_folder_can_be_assigned(db, tmp_path, capsys):
    folder = team_folder(tmp_path)
    assert main(["assign", "team-refund", "--all", "--db", db]) == 1  # not bundled
    assert main(["assign", "team-refund", "--all", "--scenarios", str(folder), "--db", db]) == 0
    assert main(["assign", "double-charge", "--all", "--scenarios", str(folder),
                 "--db", db]) == 0  # the bundled set still counts
    assert [a[0] for a in assignments(db)] == ["team-refund", "double-charge"]
    assert main(["assign", "team-refund", "--all", "--scenarios", str(tmp_path / "nope"),
                 "--db", db]) == 1
    assert "S015 error: no such file or folder" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "message"), [
    (["double-charge"], "say who it is for: --to NAME, or --all for everyone"),
    (["--to", "ana"], "name the scenario to assign (or use --list)"),
    (["double-charge", "--to", "   "], "--to needs a name"),
    (["double-charge", "--list"], "--list takes no scenario, --to, --all or --due"),
])
def test_a_missing_or_conflicting_part_is_a_usage_error(db, capsys, args, message):
    assert main(["assign", *args, "--db", db]) == 2
    assert capsys.readouterr().err == f"trainer assign: {message}\n"


@pytest.mark.parametrize("args", [["double-charge", "--to", "ana", "--all"],
                                  ["double-charge", "--to", "ana", "--due", "Friday"]])
def test_both_whos_or_a_bad_date_are_refused_by_the_parser(db, capsys, args):
    with pytest.raises(SystemExit) as exit_info:
        main(["assign", *args, "--db", db])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "not allowed with argument --to" in err or "not a date: 'Friday'" in err


def test_a_name_with_control_characters_is_listed_visibly(db, capsys):
    assert main(["assign", "double-charge", "--to", "ana\x1b[31m", "--db", db]) == 0
    assert main(["assign", "--list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "ana\\x1b[31m" in out


def test_list_on_a_store_without_assignments_and_on_no_store(db, capsys):
    assert main(["assign", "--list", "--db", db]) == 1  # nothing recorded: not created
    assert "no results yet" in capsys.readouterr().err
    Store(db).close()
    assert main(["assign", "--list", "--db", db]) == 0
    assert capsys.readouterr().out == "no assignments yet\n"


def test_list_counts_who_has_done_it_and_who_is_overdue(db, capsys):
    assert main(["assign", "rude-staff", "--all", "--due", "2020-01-01", "--db", db]) == 0
    store = Store(db)
    for trainee in ("ana", "ben"):
        store.trainee_id(trainee)
    session_id = store.start_session("ana", "rude-staff", "0" * 64, "2", "practice")
    store.finish_session(session_id, ending_id="x", ending_kind="resolved", score=90,
                         passed=True, best=dict.fromkeys(
                             ("empathy", "apology", "questions", "solution", "follow_up"), 1),
                         debrief_markdown="# D")
    store.close()
    capsys.readouterr()
    assert main(["assign", "--list", "--db", db]) == 0
    row = capsys.readouterr().out.splitlines()[1].split()
    assert row[1:4] == ["rude-staff", "everyone", "2020-01-01"]
    assert row[-2:] == ["1/2", "1"]  # ana passed it; ben, late


def test_an_assignment_can_be_taken_back_by_its_number(db, capsys):
    assert main(["assign", "double-charge", "--to", "Ana", "--db", db]) == 0
    assert main(["assign", "rude-staff", "--all", "--db", db]) == 0
    capsys.readouterr()
    assert main(["assign", "--remove", "1", "--db", db]) == 0
    assert capsys.readouterr().out == "Removed assignment #1: double-charge for Ana.\n"
    assert assignments(db) == [("rude-staff", None, None)]
    assert main(["assign", "--remove", "1", "--db", db]) == 1
    assert capsys.readouterr().err == ("trainer assign: no assignment #1 (trainer assign "
                                       "--list shows them)\n")
    assert main(["assign", "--remove", "2", "--list", "--db", db]) == 2
    assert capsys.readouterr().err == ("trainer assign: --remove takes only the assignment's "
                                       "number\n")
    assert assignments(db) == [("rude-staff", None, None)]


def test_a_due_date_already_past_is_made_but_said(db, capsys):
    """A tester typed yesterday's date by mistake; it was overdue at once, silently."""
    assert main(["assign", "double-charge", "--to", "Ana", "--due", "2020-01-01",
                 "--db", db]) == 0
    out, err = capsys.readouterr()
    assert out == "Assigned double-charge to Ana, due 2020-01-01.\n"
    assert "2020-01-01 is already past" in err and "overdue from the start" in err


def test_a_name_that_differs_only_in_case_is_refused_and_a_new_name_is_said(db, capsys):
    """A tester's --to "alex novak" made a second trainee beside "Alex Novak", who then
    stayed in every report."""
    assert main(["assign", "double-charge", "--to", "Alex Novak", "--db", db]) == 0
    assert "note: 'Alex Novak' has not played yet" in capsys.readouterr().err
    assert main(["assign", "rude-staff", "--to", "alex novak", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err == ("trainer assign: no trainee is called 'alex novak', but 'Alex Novak' is: "
                   "names are matched exactly (--to 'Alex Novak')\n")
    assert assignments(db) == [("double-charge", "Alex Novak", None)]
    assert main(["assign", "rude-staff", "--to", "Alex Novak", "--db", db]) == 0
    assert capsys.readouterr().err == ""  # known now: no note
