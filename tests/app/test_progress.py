"""Progress that tells the truth in the app: the home screen's Best (a pass, or the best
fail marked), read again when the screen comes back; the history chart, one measure at a
time over whole attempt numbers, per scenario; a past debrief reopened as it was shown."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console
from textual.widgets import DataTable, Static

from tests.app.helpers import choose, send, settings
from tests.clocks import StepClock
from tests.store.test_store import GOOD, QUESTION, play
from tests.test_debrief import BLAMES_THE_COURIER
from trainer.app import make_app
from trainer.app.screens.debrief import DebriefScreen
from trainer.app.screens.history import ArchivedDebriefScreen, HistoryScreen, SavedTurnsScreen
from trainer.app.screens.home import BestResult, HomeScreen, best_results
from trainer.debrief import LABELS
from trainer.store import Store


def record(store: Store, scenario_id: str, score: int, passed: bool,
           debrief: dict | None = None) -> None:
    """A finished session with a given result, as another trainer process would save it;
    without `debrief` data, as a store of schema 1 kept it (Markdown only)."""
    session_id = store.start_session("ana", scenario_id, "0" * 64, "2", "practice")
    store.finish_session(session_id, ending_id="x", ending_kind="resolved", score=score,
                         passed=passed, best=dict.fromkeys(
                             ("empathy", "apology", "questions", "solution", "follow_up"), 0.5),
                         debrief_markdown="# Debrief", debrief=debrief)


def best_cell(home: HomeScreen, scenario_id: str) -> str:
    table = home.query_one(DataTable)
    return str(table.get_cell(scenario_id, table.ordered_columns[3].key))


def chart_text(history: HistoryScreen) -> tuple[str, list[str]]:
    """The history chart's title and the labels on its x axis, as drawn."""
    lines = history.query_one("#history-chart").render().plain.splitlines()
    axis = next(i for i, line in enumerate(lines) if "└" in line)
    return lines[0].strip(), lines[axis + 1].split()


def debrief_text(screen: DebriefScreen) -> str:
    """Everything the debrief screen shows, as plain text."""
    console = Console(width=100, record=True, file=io.StringIO())
    for static in screen.query_one("#debrief").query(Static):
        console.print(static.content)
    return console.export_text()


async def open_history(pilot) -> None:
    """From home: F3, once the screen has settled."""
    await pilot.pause()
    await pilot.press("f3")
    await pilot.pause()


def test_best_is_the_best_pass_else_the_best_fail_marked():
    best = best_results([("a", 100, False), ("a", 72, True), ("a", 80, False),
                         ("b", 40, False), ("b", 62, False)])
    assert best == {"a": BestResult(72, True), "b": BestResult(62, False)}
    assert (str(best["a"]), str(best["b"])) == ("72", "62 ✗")


async def test_home_shows_a_failed_100_as_a_fail_and_a_pass_as_best(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    record(store, "double-charge", 100, False)
    record(store, "double-charge", 72, True)
    record(store, "rude-staff", 62, False)
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert best_cell(home, "double-charge") == "72"
        assert best_cell(home, "rude-staff") == "62 ✗"
        assert best_cell(home, "late-birthday-delivery") == "–"
    store.close()


async def test_home_reads_best_again_when_it_comes_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    store = Store(url)
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert best_cell(home, "rude-staff") == "–"
        other = Store(url)  # another trainer process, recording on the same store
        record(other, "rude-staff", 88, True)
        other.close()
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is home and best_cell(home, "rude-staff") == "88"
    store.close()


async def test_a_reopened_debrief_is_the_debrief_screen_shown_at_the_end(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await choose(pilot, "birthday")
        for reply in BLAMES_THE_COURIER:
            await send(pilot, reply)
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        at_the_end = debrief_text(app.screen)
        assert "Why it did not pass: Score capped at 50" in at_the_end
        uncapped = re.search(r"without that it would have been (\d+)", at_the_end).group(1)
        await pilot.press("escape")
        await open_history(pilot)
        # a tester's history read 50, 50, 50 where the skills behind them scored 92-99, and
        # another could not see which flag capped them
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[1]) == f"50 ✗ ({uncapped} before cap: blame)"
        assert "1 score capped by a flag (blame 1)" in " ".join(
            str(app.screen.query_one("#history-summary").render()).split())
        # below 100 columns the flag is left to that summary, so the title keeps room
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert str(table.get_row_at(0)[1]) == f"50 ✗ ({uncapped} before cap)"
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert debrief_text(app.screen) == at_the_end
        assert best_cell(app.screen_stack[1], "late-birthday-delivery") == "50 ✗"
    store.close()


async def test_history_chart_shows_one_measure_per_attempt_and_filters_by_scenario(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=StepClock())
    play(store, "ana", [QUESTION])
    play(store, "ana", [GOOD], scenario_id="wrong-restaurant-order")
    play(store, "ana", [GOOD])
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        history = app.screen
        assert isinstance(history, HistoryScreen)
        # both scenarios pass at 75: the line is drawn, and the title says what it is
        assert chart_text(history) == ("Overall score per attempt, all scenarios (● passed, "
                                       "✗ failed; line: pass mark)", ["1", "2", "3"])
        table = history.query_one(DataTable)
        await pilot.press("end")
        assert table.cursor_row == 2  # the oldest
        await pilot.press("home")
        assert table.cursor_row == 0  # the newest, which Enter then opens
        await pilot.press("d")
        await pilot.pause()
        assert chart_text(history)[0] == ("Empathy per attempt, all scenarios (credited at the "
                                          "line, 0.5)")
        await pilot.press("s")
        await pilot.pause()
        assert chart_text(history) == ("Empathy per attempt, Charged twice for one phone bill "
                                       "(credited at the line, 0.5)",
                                       ["1", "2"])
        assert {r.scenario_id for r in history.rows} == {"double-charge"}
        assert len(history.query_one(DataTable).rows) == 2
        for _ in range(5):  # through follow-up and back to the overall score
            await pilot.press("d")
        await pilot.pause()
        assert chart_text(history)[0] == ("Overall score per attempt, Charged twice for one "
                                          "phone bill (● passed, ✗ failed; line: pass mark)")
    store.close()


async def test_history_says_what_to_practise_next_and_cuts_titles_with_an_ellipsis(tmp_path):
    """A tester found no practise-next line in History, titles cut bare at 80 columns
    ("Charged twice for") and, with pass marks of 75 and 80, no way to tell which applied."""
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=StepClock())
    play(store, "ana", [QUESTION])
    play(store, "ana", [GOOD], scenario_id="late-birthday-delivery")
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_history(pilot)
        history = app.screen
        summary = str(history.query_one("#history-summary", Static).render())
        pick = app.plan().pick
        assert pick is not None
        assert (f"Practise next: {pick.scenario.title} — trains "
                f"{LABELS[pick.dimension]} (F4 on the home screen).") in " ".join(
                    summary.split())
        # pass marks 75 and 80: no one line to draw
        assert chart_text(history)[0] == ("Overall score per attempt, all scenarios "
                                          "(● passed, ✗ failed)")
        # below 100 columns Mode and the year give way, so titles keep room
        table = history.query_one(DataTable)
        assert [c.label.plain for c in table.columns.values()] == [
            "Started", "Score", "Ending", "Scenario"]
        titles = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert titles[-1] == "Charged twice for one phone bill"
        width = sum(c.get_render_width(table) for c in table.columns.values())
        assert width <= history.size.width
        # at 70 columns titles still show their start, cut with "…"
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        assert str(table.get_row_at(0)[0]).startswith("11-")
        titles = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert titles == ["The birthday bike that didn't c…", "Charged twice for one phone bill"]
        width = sum(c.get_render_width(table) for c in table.columns.values())
        assert width <= history.size.width
    store.close()


async def open_newest_in_history(pilot) -> None:
    """From home: F3, then Enter on the newest session."""
    await open_history(pilot)
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize(("debrief", "warned"), [(None, False), ({"format": 99}, True)])
async def test_a_debrief_not_saved_as_data_reopens_as_its_markdown(tmp_path, debrief, warned):
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    record(store, "rude-staff", 62, False, debrief)
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_newest_in_history(pilot)
        assert isinstance(app.screen, ArchivedDebriefScreen)
        assert app.screen.markdown == "# Debrief"
        said = [n.message for n in app._notifications]
        assert any("can't be shown as it was" in m for m in said) == warned, said
    store.close()


async def test_an_abandoned_session_opens_as_the_turns_that_were_saved(tmp_path):
    """A tester left a session half-way; Enter on it in History said only that it had no
    debrief, though its turns were saved."""
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=StepClock())
    play(store, "ana", [QUESTION], finish=False)
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_newest_in_history(pilot)
        assert isinstance(app.screen, SavedTurnsScreen)
        heading = str(app.screen.query_one("#saved-turns").query(Static).first().render())
        assert "choose the scenario on the home screen to pick it up" in heading
        assert f"  Trainee: {QUESTION}" in app.screen.lines
        assert app.screen.lines[-1].startswith("Not finished (left without a debrief")
    store.close()


async def test_history_counts_the_unfinished_sessions_it_lists(tmp_path):
    """A tester read "3 finished sessions" above four rows, one of them left half-way."""
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=StepClock())
    play(store, "ana", GOOD)
    play(store, "ana", [QUESTION], finish=False)
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        summary = str(app.screen.query_one("#history-summary", Static).render())
        assert summary.startswith("1 finished session and 1 unfinished session, all scenarios")
    store.close()



async def test_history_leaves_out_conversations_left_before_any_reply(tmp_path):
    """A tester's history filled with "0 turns saved" rows from starting and leaving."""
    store = Store(f"sqlite:///{tmp_path / 'r.db'}", now=StepClock())
    play(store, "ana", [QUESTION], finish=False)
    play(store, "ana", [], finish=False)
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        table = app.screen.query_one("#history-table")
        assert table.row_count == 1 and str(table.get_row_at(0)[2]) == "left after 1 turn"
    store.close()
