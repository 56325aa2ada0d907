"""The home screen's plan: the trainee's open assignments first (◆ and the due day, ! in red
once overdue), the practise-next line following the weakest dimension and moved on by
spacing (a store clock the test sets, days advanced), F4 starting it, and a scenario file
that failed validation shown as a dimmed row whose problems Enter opens."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Static

from tests.app.helpers import choose, settings
from tests.clocks import StepClock
from tests.test_report_progress import record
from trainer.app import make_app
from trainer.app.screens.conversation import ConversationScreen
from trainer.app.screens.home import HELP_ASSIGNED, HomeScreen
from trainer.app.screens.load_error import ScenarioProblemsScreen
from trainer.scenario import bundled_dir
from trainer.store import Store


def rows(home: HomeScreen) -> list[tuple[str, str]]:
    """Each row's first cell and its Due cell, as shown, top to bottom ("" for every row
    when nothing is assigned and there is no Due column)."""
    table = home.query_one(DataTable)
    cells = [table.get_row(row.key) for row in table.ordered_rows]
    return [(str(row[0]), str(row[4]) if len(row) > 4 else "") for row in cells]


def column_labels(home: HomeScreen) -> list[str]:
    return [str(column.label) for column in home.query_one(DataTable).ordered_columns]


def due_style(home: HomeScreen, scenario_id: str) -> str:
    table = home.query_one(DataTable)
    return str(table.get_cell(scenario_id, table.ordered_columns[4].key).style)


def practise_line(home: HomeScreen) -> str:
    return str(home.query_one("#practise-next", Static).render())


async def come_back(pilot) -> None:
    """Leave the home screen and return to it (History and back), as a trainee does."""
    await pilot.press("f3")
    await pilot.pause()
    await pilot.press("escape")
    await pilot.pause()


async def test_open_assignments_come_first_with_their_due_day_and_overdue_marked(tmp_path):
    clock = StepClock(dt.datetime(2026, 11, 10, 9, 0), dt.timedelta(seconds=1))
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=clock)
    store.assign("rude-staff", "ana", dt.date(2026, 11, 12))
    store.assign("double-charge", None, dt.date(2026, 11, 5))   # everyone's; overdue
    store.assign("hotel-room-not-as-booked", "ana", None)
    store.assign("wrong-restaurant-order", "ana", None)
    record(store, "ana", "wrong-restaurant-order")              # passed: done
    store.assign("late-birthday-delivery", "ben", None)          # not ana's
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        shown = rows(home)
        assert shown[:4] == [("Charged twice for one phone bill", "! 5 Nov"),
                             ("Spoken to rudely at the front desk", "◆ 12 Nov"),
                             ("The sea-view suite that faces the bins", "◆"),
                             ("A wrong order on a busy Friday night", "")]
        assert [due for _, due in shown[3:]] == [""] * 5
        assert "red" in due_style(home, "double-charge")
        assert "red" not in due_style(home, "rude-staff")
        assert str(home.query_one("#home-help", Static).render()) == HELP_ASSIGNED
        # Ana passes the overdue one (in another process): on return it is no longer first.
        other = Store(store.url, now=clock)
        record(other, "ana", "double-charge")
        other.close()
        await come_back(pilot)
        assert [title for title, _ in rows(home)[:3]] == [
            "Spoken to rudely at the front desk", "The sea-view suite that faces the bins",
            "A wrong order on a busy Friday night"]
    store.close()


async def test_the_due_column_appears_once_something_is_assigned(tmp_path):
    """Until then the tags take its room: at 80 columns they had read "restaura…" beside an
    empty Due column."""
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert column_labels(home) == ["Scenario", "Level", "Tags", "Best"]
        table = home.query_one(DataTable)
        assert str(table.get_row("wrong-restaurant-order")[2]) == "restaurant …"
        other = Store(store.url)
        other.assign("rude-staff", "ana", None)
        other.close()
        await come_back(pilot)
        assert column_labels(home) == ["Scenario", "Level", "Tags", "Best", "Due"]
        assert rows(home)[0] == ("Spoken to rudely at the front desk", "◆")
        assert str(table.get_row("wrong-restaurant-order")[2]) == "restaura…"
    store.close()


async def test_practise_next_follows_the_weakest_dimension_and_spacing_moves_it_on(tmp_path):
    clock = StepClock(dt.datetime(2026, 11, 2, 10, 0), dt.timedelta(seconds=1))
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=clock)
    record(store, "ana", "double-charge", questions=0.1)  # weak at questions, nothing else
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert practise_line(home) == ("Practise next: The invoicing app that keeps "
                                       "crashing — trains Questions")
        record(store, "ana", "crashing-software", passed=False, questions=0.1)
        await come_back(pilot)
        # Played today: it rests, and the other scenario that trains questions comes up.
        assert practise_line(home) == (
            "Practise next: A dining table that arrived cracked — trains Questions")
        clock.t += dt.timedelta(days=2)
        await come_back(pilot)
        assert practise_line(home) == (
            "Practise next: The invoicing app that keeps crashing — trains Questions")
        # Questions comes right (credited day after day); follow-up is now the weakest.
        for _ in range(3):
            clock.t += dt.timedelta(days=2)
            record(store, "ana", "crashing-software", follow_up=0.3)
        await come_back(pilot)
        assert practise_line(home) == (
            "Practise next: Four days offline while working from home — trains Follow-up")
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert app.screen.scenario.id == "internet-outage-home-worker"
    store.close()


async def test_a_flag_raised_session_after_session_sets_practise_next(tmp_path):
    clock = StepClock(dt.datetime(2026, 11, 2, 10, 0), dt.timedelta(seconds=1))
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=clock)
    record(store, "ana", "double-charge", questions=0.1, flags=("dismissive",))
    record(store, "ana", "rude-staff", questions=0.1, flags=("dismissive",))
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Questions is the weakest, but playing feelings down twice comes first: of the
        # scenarios that need empathy, the one that also trains questions most.
        assert practise_line(app.screen) == (
            "Practise next: The invoicing app that keeps crashing — trains Empathy: flagged "
            "dismissive in 2 of the last 2 sessions")
    store.close()


async def test_without_a_store_there_is_no_practise_next_line(tmp_path):
    app = make_app(settings=settings(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not app.screen.query_one("#practise-next", Static).display
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_broken_scenario_is_a_dimmed_row_whose_problems_enter_shows(tmp_path):
    team = tmp_path / "team"
    team.mkdir()
    text = (bundled_dir() / "double-charge.yaml").read_text(encoding="utf-8")
    (team / "broken.yaml").write_text(
        text.replace("id: double-charge", "id: team-broken").replace(
            "title: Charged twice for one phone bill\n", ""), encoding="utf-8")
    app = make_app(settings=settings(tmp_path), scenario_paths=[bundled_dir(), team])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        *playable, (broken, due) = rows(home)
        assert len(playable) == 8 and due == ""
        assert broken == "⚠ broken.yaml:2: missing required key 'title' in the top level"
        table = home.query_one(DataTable)
        assert "dim" in str(table.get_row(table.ordered_rows[-1].key)[0].style)
        await choose(pilot, "broken")
        assert isinstance(app.screen, ScenarioProblemsScreen)
        [problem] = app.screen.problems
        assert "broken.yaml:2:1: S006 error: missing required key 'title'" in problem
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home and app.is_running


async def test_an_assignment_for_a_scenario_this_app_did_not_load_is_shown_not_lost(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'r.db'}",
                  now=StepClock(dt.datetime(2026, 11, 10, 9, 0), dt.timedelta(seconds=1)))
    store.assign("team-only-case", "ana", dt.date(2026, 11, 12))
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert rows(home)[0] == ("team-only-case (not in this app's scenarios)", "◆ 12 Nov")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is home  # nothing to start; it says how to reach it instead
        [note] = [n.message for n in app._notifications]
        assert "--scenarios DIR" in note and "team-only-case" in note
    store.close()


async def test_the_filter_starts_empty_again_after_a_session(tmp_path):
    app = make_app(settings=settings(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*"rude", "enter")
        await pilot.pause()
        await pilot.press("escape", "y")  # leave the conversation without scoring
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert home.query_one("#filter").value == "" and len(home.shown) == 8
