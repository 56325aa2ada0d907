"""The app with a results store: the name asked once, turns saved as played, history."""

from __future__ import annotations

import pytest

from tests.app.helpers import CLOSING, RESOLVING, choose, direct_app, send, settings
from tests.store.test_store import QUESTION, play_left
from trainer.app import make_app
from trainer.app.dialogs.confirm import ConfirmDialog
from trainer.app.dialogs.name import NameDialog
from trainer.app.screens.conversation import ConversationScreen
from trainer.app.screens.debrief import DebriefScreen
from trainer.app.screens.history import HistoryScreen
from trainer.app.screens.home import BestResult, HomeScreen
from trainer.app.widgets.reply_box import ReplyBox
from trainer.app.widgets.transcript import MessageBubble
from trainer.identity import remembered_name
from trainer.scenario import bundled_dir, load_scenario
from trainer.session import FrozenClock
from trainer.store import Store, pick_up


async def test_first_run_asks_the_name_once_and_remembers_it(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    app = make_app(settings=settings(tmp_path), store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NameDialog)
        assert "only be asked once" in str(app.screen.query_one("Label").render())
        await pilot.press(*"Ana Lima", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert remembered_name() == "Ana Lima"
    store.close()


async def test_turns_are_saved_as_played_and_history_reopens_the_debrief(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'r.db'}")
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await choose(pilot, "birthday")
        await send(pilot, RESOLVING[0])
        [row] = store.history("ana")
        assert row.status == "active" and row.turn_count == 1  # saved before the end
        await send(pilot, RESOLVING[1])
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        [finished] = store.history("ana")
        assert finished.passed and app.screen.best["late-birthday-delivery"] == BestResult(
            finished.score, True)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen) and len(app.screen.rows) == 1
        table = app.screen.query_one("#history-table")
        # named as on the home screen, not by id (two testers asked)
        assert str(table.get_row_at(0)[-1]) == "The birthday bike that didn't come"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.debrief.title.startswith("The birthday bike")
    [row] = store.history("ana")
    assert row.status == "finished" and row.passed
    store.close()


async def test_best_scores_come_back_from_the_store_on_the_next_run(tmp_path):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    store = Store(url)
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await choose(pilot, "birthday")
        for reply in RESOLVING:
            await send(pilot, reply)
        await pilot.press("ctrl+g")
        await pilot.pause()
    [played] = store.history("ana")
    store.close()
    again = Store(url)
    app = make_app(settings=settings(tmp_path), store=again, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.best == {"late-birthday-delivery": BestResult(played.score, True)}
    again.close()


def bubbles(screen) -> list[tuple[str, str]]:
    return [(b.role, b.text) for b in screen.query(MessageBubble)]


async def closed_after_one_reply(tmp_path) -> tuple[str, list[tuple[str, str]], int]:
    """The birthday scenario played to its first reply, then the app closed mid-conversation:
    the store's URL, the messages shown then, and the customer's anger."""
    url = f"sqlite:///{tmp_path / 'r.db'}"
    store = Store(url)
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await choose(pilot, "birthday")
        await send(pilot, RESOLVING[0])
        shown_then, anger = bubbles(app.screen), app.screen.session.anger
    store.close()
    return url, shown_then, anger


async def test_a_left_conversation_is_picked_up_where_it_was_left(tmp_path):
    """A trainee who left (Esc, a closed terminal, a crash) is offered their conversation
    back the next time they choose it, and it goes on as one session."""
    url, before, anger = await closed_after_one_reply(tmp_path)

    again = Store(url)
    app = make_app(settings=settings(tmp_path), store=again, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await choose(pilot, "birthday")
        assert isinstance(app.screen, ConfirmDialog)
        assert "left it after 1 reply" in str(app.screen.query_one("Label").render())
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen) and screen.session.anger == anger
        shown_now = bubbles(screen)
        assert shown_now[:len(before)] == before  # the conversation as they left it
        assert shown_now[-1] == ("system", "Everything said so far is above. The "
                                           "customer's patience starts again now.")
        await send(pilot, RESOLVING[1])
        await send(pilot, CLOSING)
        assert screen.session.ending is not None and screen.session.ending.kind == "resolved"
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
    [row] = again.history("ana")  # one session, not a second one
    assert row.status == "finished" and row.passed and row.turn_count == 3
    again.close()


async def test_a_conversation_carried_on_in_another_window_is_not_mixed_into(tmp_path):
    """Picked up in two windows: the other window saves its reply first. This window says
    so, plays on unsaved, and the store keeps the other window's conversation whole."""
    url, _, _ = await closed_after_one_reply(tmp_path)
    again = Store(url)
    app = make_app(settings=settings(tmp_path), store=again, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await choose(pilot, "birthday")
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        # meanwhile, the other window picks it up too and saves its reply first
        scenario = load_scenario(bundled_dir() / "late-birthday-delivery.yaml")
        left = again.left_session("ana", "late-birthday-delivery", "practice")
        other, other_recorder = pick_up(again, "ana", left, scenario, FrozenClock())
        other_recorder.record(other.reply("Could you give me your order number?"))
        await send(pilot, RESOLVING[1])
        assert screen.recorder is None
        assert any("carried on in another window" in str(n.message)
                   for n in app._notifications)
        # and it stays in sight, not only in a toast (a tester missed the toast)
        assert ("system", "Not saved from here on") in [
            (b.role, b.speaker) for b in screen.query(MessageBubble)]
        assert screen.sub_title == "not saved"
        await send(pilot, CLOSING)  # plays on
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        note = str(app.screen.query_one("#unsaved").render())
        assert note.startswith("Not recorded: This conversation was carried on in another")
        await pilot.press("m")
        await pilot.pause()
        [saved] = tmp_path.glob("debrief-*.md")
        assert "Not recorded in the results: This conversation was carried on" in (
            saved.read_text(encoding="utf-8"))
        await pilot.press("escape")
        await pilot.pause()
        # the home screen's best is what the store holds, not this window's result
        assert "late-birthday-delivery" not in app.screen.best
    [row] = again.history("ana")
    assert row.status == "active" and row.turn_count == 2  # the other window's, unmixed
    assert [t.reply for t in again.session_turns(row.id)] == [
        RESOLVING[0], "Could you give me your order number?"]
    again.close()


@pytest.fixture
def store(tmp_path):
    opened = Store(f"sqlite:///{tmp_path / 'r.db'}")
    yield opened
    opened.close()


async def leave_after_one_reply(pilot) -> None:
    """Choose the birthday scenario, reply once, and leave with Esc (confirmed)."""
    await choose(pilot, "birthday")
    await send(pilot, RESOLVING[0])
    await pilot.press("escape", "y")
    await pilot.pause()


async def test_starting_again_leaves_the_old_conversation_unfinished(store, tmp_path):
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await leave_after_one_reply(pilot)
        mode_line = str(app.screen.query_one("#mode-line").render())
        assert mode_line.endswith("Left unfinished (practice), choose to pick up: The "
                                  "birthday bike that didn't come")
        await choose(pilot, "birthday")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert not app.screen.session.turns
        assert [b.role for b in app.screen.query(MessageBubble)] == ["customer"] * len(
            app.screen.scenario.customer.opening)
        await pilot.press("escape", "y")
        await choose(pilot, "birthday")  # started again: nothing to pick up now
        assert isinstance(app.screen, ConversationScreen)
    assert [r.turn_count for r in store.history("ana")] == [0, 0, 1]


async def test_a_conversation_left_in_another_mode_is_not_offered_nor_lost(store, tmp_path):
    """A tester left an exam, tried the scenario in practice, and found the exam gone."""
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f2")  # exam mode
        await leave_after_one_reply(pilot)
        await pilot.press("f2")  # practice: nothing to pick up there
        await choose(pilot, "birthday")
        assert isinstance(app.screen, ConversationScreen)
        assert app.screen.session.mode == "practice"
        await pilot.press("escape", "y")
        await pilot.press("f2")  # exam again: the left exam is still offered
        await choose(pilot, "birthday")
        assert isinstance(app.screen, ConfirmDialog)


async def test_esc_on_the_offer_starts_nothing_and_keeps_it_on_offer(store, tmp_path):
    """A tester pressed Esc on the offer, got a new conversation, and lost the old one."""
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await leave_after_one_reply(pilot)
        await choose(pilot, "birthday")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await choose(pilot, "birthday")
        assert isinstance(app.screen, ConfirmDialog)
    assert [r.turn_count for r in store.history("ana")] == [1]


async def test_play_offers_a_left_conversation_and_esc_there_closes_the_app(store, tmp_path):
    """`trainer play ID` opens straight on the scenario: the offer comes first, and Esc
    (decide later) has no home screen to go back to, so the app closes."""
    play_left(store, "ana", [QUESTION], seed=1, scenario_id="double-charge")
    scenario = load_scenario(bundled_dir() / "double-charge.yaml")
    app = make_app(scenario, "practice", settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code == 0  # closing, not left on an empty screen
    assert store.left_session("ana", "double-charge", "practice") is not None


async def test_ctrl_q_in_a_conversation_asks_only_when_words_would_be_lost(store, tmp_path):
    """A tester lost a typed reply to Ctrl+Q. With a draft it asks; with nothing to lose
    (the replies are saved, the box is empty) it quits at once, as everywhere else."""
    app = make_app(settings=settings(tmp_path), store=store, trainee="ana")
    async with app.run_test(size=(100, 30)) as pilot:
        await choose(pilot, "birthday")
        await send(pilot, RESOLVING[0])
        box = app.screen.query_one(ReplyBox)
        box.text = "I've booked a same-day courier"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("Label").render())
        assert "lose the reply you are typing" in question
        assert "The replies you sent are saved" in question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen) and box.text.startswith("I've booked")
        box.text = ""
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0  # nothing to lose: quit at once


async def test_ctrl_q_asks_before_losing_a_conversation_that_is_not_saved(tmp_path):
    app = direct_app(tmp_path=tmp_path)  # no results store
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, RESOLVING[0])
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "this conversation, which is not being saved" in str(
            app.screen.query_one("Label").render())
        await pilot.press("y")
        await pilot.pause()
        assert app.return_code == 0
