"""The app as a trainee uses it, driven through Textual's Pilot: keys in, screens out."""

from __future__ import annotations

import pytest

from tests.app.helpers import (
    CLOSING,
    ESCALATING,
    LEAVING,
    RESOLVING,
    choose,
    direct_app,
    home_app,
    send,
)
from trainer.app.screens.conversation import ConversationScreen
from trainer.app.screens.debrief import DebriefScreen
from trainer.app.screens.home import HomeScreen, fitted_tags
from trainer.app.screens.load_error import LoadErrorScreen, ModelErrorScreen
from trainer.app.widgets.score_panel import ScorePanel
from trainer.app.widgets.transcript import MessageBubble


async def test_home_lists_every_bundled_scenario_and_filters_by_typing():
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen) and len(home.shown) == 8
        await pilot.press(*"hard")
        await pilot.pause()
        assert {s.difficulty for s in home.shown} == {"hard"} and len(home.shown) == 2


async def test_home_titles_are_whole_at_100_columns_and_shrink_back_at_80():
    app = home_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        longest = max(len(s.title) for s in home.shown)
        assert home.title_width >= longest
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert home.title_width == 38 and len(home.shown) == 8


async def test_every_home_column_stays_on_screen_from_80_columns_down_to_70():
    """From 80 to 70 the tags had kept their width and pushed Best off the screen."""
    from textual.widgets import DataTable

    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for width in (70, 80, 70):
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            assert table.virtual_size.width <= table.scrollable_content_region.width, width
            assert str(table.ordered_columns[-1].label) == "Best"


async def test_enter_starts_the_highlighted_scenario_and_the_customer_vents():
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await choose(pilot, "birthday")
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        assert screen.scenario.id == "late-birthday-delivery"
        customer = [b for b in screen.query(MessageBubble) if b.role == "customer"]
        assert len(customer) == len(screen.scenario.customer.opening)


@pytest.mark.parametrize(("replies", "kind"), [([*RESOLVING, CLOSING], "resolved"),
                                               (ESCALATING, "escalated"),
                                               (LEAVING, "left")])
async def test_playing_to_each_ending_then_the_debrief(replies, kind):
    app = home_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await choose(pilot, "birthday")
        for reply in replies:
            await send(pilot, reply)
        screen = app.screen
        assert screen.session.ending.kind == kind
        system = [b for b in screen.query(MessageBubble) if b.role == "system"]
        assert system, "the end of the conversation is announced"
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.debrief.outcome.ending_kind == kind
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        [(_, score, _)] = app.played
        assert app.screen.best["late-birthday-delivery"].score == score


async def test_trainee_can_end_early_and_still_get_a_debrief():
    app = direct_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send(pilot, "Could you give me the order number?")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.debrief.outcome.ending_kind == "trainee-ended"


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
async def test_practice_take_back_restores_and_compares_side_by_side(size):
    app = direct_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        start = screen.session.anger
        await send(pilot, "Let me check.")
        assert screen.session.anger != start
        trainee = [b for b in screen.query(MessageBubble) if b.role == "trainee"]
        assert trainee[0].note == "nothing credited"
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert screen.session.anger == start and not screen.session.turns
        # back with a space, so words typed on do not run into the last one
        assert screen.query_one("#reply").text == "Let me check. "
        assert screen.query_one(ScorePanel).heading == "Taken back: edit and resend"
        await send(pilot, RESOLVING[0])
        await pilot.pause()
        panel = screen.query_one(ScorePanel)
        assert panel.columns == ("before", "now")
        assert len(panel.flagged) == 2  # each side's flags in its own column
        # at 80x24 the comparison starts below the side column's fold: it is scrolled to
        side = screen.query_one("#side")
        assert side.region.y <= panel.region.y and panel.region.bottom <= side.region.bottom
        # and the debrief names the reply taken back
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        assert str(app.screen.query_one("#taken-back").render()).splitlines() == [
            "Taken back in practice: 1 reply, not scored", "  “Let me check.” (nothing credited)"]


async def test_the_side_column_has_no_blank_rows_above_it_after_a_comparison_at_80x24():
    """A tester saw the side column's level line jump down after a take-back and resend at
    80x24, leaving blank rows above it that stayed after the next reply."""
    app = direct_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send(pilot, "Thank you so much, bear with me one moment!")
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("ctrl+a")
        await send(pilot, RESOLVING[0])
        await pilot.pause()
        side = app.screen.query_one("#side")
        assert 0 <= side.scroll_y <= side.max_scroll_y
        await send(pilot, RESOLVING[1])
        await pilot.pause()
        assert side.scroll_y == 0
        assert app.screen.query_one("#customer-card").region.y == side.region.y


async def test_the_comparison_shows_whose_flag_it_was():
    """A tester saw one "blame" in the Flags row of the comparison and could not tell
    whether it was the reply taken back or the new one."""
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, "Relax, it's only a bike.")
        await pilot.press("ctrl+b")
        await pilot.pause()
        await pilot.press("ctrl+a")  # the taken-back text is in the box: replace it
        await send(pilot, RESOLVING[0])
        await pilot.pause()
        panel = app.screen.query_one(ScorePanel)
        assert panel.columns == ("before", "now")
        assert panel.flagged == (("dismissive",), ())


async def test_exam_mode_hides_scores_and_refuses_take_backs():
    app = direct_app(mode="exam")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, "Let me check.")
        screen = app.screen
        trainee = [b for b in screen.query(MessageBubble) if b.role == "trainee"]
        assert trainee[0].note == ""
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert len(screen.session.turns) == 1
        panel = screen.query_one(ScorePanel)
        assert panel.hidden and panel.columns == ()


async def test_replying_while_the_customer_vents_counts_as_interrupting():
    from dataclasses import replace

    from tests.app.helpers import settings
    from trainer.app import make_app
    from trainer.scenario import bundled_dir, load_scenario

    slow = replace(settings(), typing_delay=3600)  # the customer is still venting
    app = make_app(load_scenario(bundled_dir() / "late-birthday-delivery.yaml"), "practice",
                   slow)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen._deliver_opening()  # their first message is in; more is coming
        await pilot.pause()
        assert app.screen.session.venting
        await send(pilot, "Could you give me the order number?")
        assert app.screen.session.turns[0].interrupted


async def test_debrief_exports_markdown_and_html(tmp_path):
    app = direct_app(tmp_path=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for reply in RESOLVING:
            await send(pilot, reply)
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("m", "h", "m")
        await pilot.pause()
        assert any("Saved" in n.message for n in app._notifications)
        await pilot.press("escape")
        await pilot.pause()
        # a tester saw "Saved ...md" sitting over the next scenario's briefing
        assert not list(app._notifications)
    # Named for the trainee, the scenario and the day; a second export never overwrites.
    stem = "debrief-trainee-late-birthday-delivery-2026-12-04"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [f"{stem}-2.md", f"{stem}.html", f"{stem}.md"]
    markdown = (tmp_path / f"{stem}.md").read_text()
    assert "# Debrief: The birthday bike" in markdown and "**Overall score:**" in markdown
    assert "<mark" in (tmp_path / f"{stem}.html").read_text()


async def test_a_scenario_folder_that_fails_to_load_shows_a_clear_screen(tmp_path):
    (tmp_path / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    app = home_app(scenario_paths=[tmp_path])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorScreen)
        assert any("S001" in p for p in app.screen.problems)
        await pilot.press("q")


async def test_a_corrupt_rubric_model_shows_a_clear_screen(tmp_path, monkeypatch):
    from scoring import use_model

    bad = tmp_path / "rubric-model.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("TRAINER_MODEL", str(bad))
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        # the model's fault, not the scenario's: a trainer was told to fix their file
        assert isinstance(app.screen, ModelErrorScreen)
        assert any("the rubric model is corrupt" in p for p in app.screen.problems)
        assert "scenario files are fine" in app.screen.HINT
        await pilot.press("q")
    use_model(None)


async def test_resizing_and_stray_keys_never_crash():
    app = direct_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for size in [(40, 12), (200, 60), (80, 24), (20, 8)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("f2", "tab", "escape", "n", "ctrl+t", "pageup", "end", "ctrl+j",
                          "ctrl+b", "enter", "enter")
        await pilot.pause()
        await send(pilot, "🙂 " * 300)
        await send(pilot, "")
        assert app.is_running


async def test_theme_toggles_between_dark_and_light():
    app = home_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != before


async def test_f2_switches_mode_and_the_footer_names_the_mode_it_switches_to():
    """A tester in exam mode still read 'f2 Exam mode' in the footer."""
    app = home_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()

        def footer() -> list[str]:
            return [key.description for key in app.screen.query("FooterKey")]

        assert "Exam mode" in footer() and "Practice mode" not in footer()
        await pilot.press("f2")
        await pilot.pause()
        assert "EXAM" in str(app.screen.query_one("#mode-line").render())
        assert "Practice mode" in footer() and "Exam mode" not in footer()
        await pilot.press("f2")
        await pilot.pause()
        assert "Mode: practice" in str(app.screen.query_one("#mode-line").render())
        assert "Exam mode" in footer()


@pytest.mark.parametrize(("tags", "width", "shown"), [
    (["telecom", "billing"], 40, "telecom, billing"),
    (["telecom", "billing"], 9, "telecom …"),
    (["restaurant", "allergy"], 9, "restaura…"),
    (["software", "billing"], 9, "software…"),
    (["telecom", "billing", "outage"], 18, "telecom, billing …"),
])
def test_tags_are_shown_whole_or_marked_as_cut(tags, width, shown):
    """Cut mid-word, "restauran" and "hospitali" read as other words (two testers)."""
    assert fitted_tags(tags, width) == shown
