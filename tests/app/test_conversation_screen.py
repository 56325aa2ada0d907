"""The conversation screen keeps everything the trainee types, says when to close, shows the
whole briefing on F1, and in exam mode shows nothing that scores a reply."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.app.helpers import (
    CLOSING,
    RESOLVING,
    direct_app,
    send,
    settings,
    type_in_one_go,
)
from trainer.app import make_app
from trainer.app.widgets.briefing import Briefing
from trainer.app.widgets.gauges import AngerMeter, PatienceTimer
from trainer.app.widgets.reply_box import ReplyBox
from trainer.app.widgets.transcript import MessageBubble, Transcript
from trainer.scenario import bundled_dir, load_scenario


def _customer_still_typing_app():
    """The customer takes an hour to type: every reply waits on their next line."""
    slow = replace(settings(), typing_delay=3600)
    return make_app(load_scenario(bundled_dir() / "late-birthday-delivery.yaml"), "practice",
                    slow)


def _bubbles(app, role: str) -> list[MessageBubble]:
    return [b for b in app.screen.query(MessageBubble) if b.role == role]


def _toasts(app) -> str:
    return "\n".join(str(toast.render()) for toast in app.screen.query("Toast"))


async def test_ctrl_j_among_fast_keys_breaks_the_line_where_it_was_pressed():
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        box = app.screen.query_one(ReplyBox)
        await type_in_one_go(pilot, *"line one.", "ctrl+j", *"line two")
        assert box.text == "line one.\nline two"
        box.move_cursor((1, 5))  # before "two"
        await type_in_one_go(pilot, "ctrl+j", *"new ")
        assert box.text == "line one.\nline \nnew two"
        box.select_all()
        await type_in_one_go(pilot, "ctrl+j", *"x")
        assert box.text == "\nx", "a line break replaces the selection, as a typed key does"


async def _first_message_in(pilot) -> None:
    """The customer's first message arrives (its typing timer, an hour here, fires)."""
    await pilot.pause()
    pilot.app.screen._deliver_opening()
    await pilot.pause()


async def test_a_reply_sent_before_the_customer_has_said_anything_waits_for_them():
    """A tester replied 0.8 s in: the reply went out, cut off a complaint they never saw,
    and cost anger for interrupting. Enter now waits for the first message, text kept."""
    app = _customer_still_typing_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await send(pilot, "I'm really sorry.")
        screen = app.screen
        assert not screen.session.turns and not _bubbles(app, "customer")
        assert screen.query_one(ReplyBox).text == "I'm really sorry."
        assert "Priya Desai is still typing. Your reply is kept" in _toasts(app)
        await _first_message_in(pilot)
        assert len(_bubbles(app, "customer")) == 1
        await pilot.press("enter")
        await pilot.pause()
        [turn] = screen.session.turns
        assert turn.reply == "I'm really sorry."  # sent now; they were still venting
        assert any("interrupted" in str(change) for change in turn.changes)


async def test_enter_on_an_empty_box_says_to_type_first_and_sends_nothing():
    app = direct_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await type_in_one_go(pilot, *"   ")
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.session.turns
        assert "Type your reply first; Enter sends it." in _toasts(app)
        await pilot.press("enter", "enter", "enter")  # pressed again fast: not stacked
        await pilot.pause()
        assert _toasts(app).count("Type your reply first; Enter sends it.") == 1
        await type_in_one_go(pilot, *"x")
        await pilot.press("backspace", "enter")  # typed and deleted: said again
        await pilot.pause()
        assert _toasts(app).count("Type your reply first; Enter sends it.") == 2


async def test_the_trainee_can_write_while_the_customer_types_and_enter_keeps_the_text():
    app = _customer_still_typing_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _first_message_in(pilot)
        await send(pilot, "Could you give me the order number?")  # the customer now types
        screen = app.screen
        assert screen.responding and len(screen.session.turns) == 1
        box = screen.query_one(ReplyBox)
        await type_in_one_go(pilot, *"Thanks,", "ctrl+j", *"one moment")
        assert box.text == "Thanks,\none moment"
        await pilot.press("enter")
        await pilot.pause()
        assert len(screen.session.turns) == 1, "nothing is sent while the customer types"
        assert box.text == "Thanks,\none moment"
        assert "Priya Desai is still typing. Your reply is kept" in _toasts(app)


async def test_a_reply_typed_straight_after_enter_is_kept_and_not_sent_yet():
    app = _customer_still_typing_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await _first_message_in(pilot)
        await type_in_one_go(pilot, *"Sorry.", "enter", *"Next", "enter", *" one")
        screen = app.screen
        assert [turn.reply for turn in screen.session.turns] == ["Sorry."]
        assert screen.query_one(ReplyBox).text == "Next one"
        assert "is still typing. Your reply is kept" in _toasts(app)


async def test_every_change_to_the_reply_ends_the_customers_silence():
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        session = app.screen.session
        session.clock.advance(session.reading_seconds + 50)
        assert session.seconds_waiting() == 50
        await pilot.press("h")
        await pilot.pause()
        assert session.seconds_waiting() == 0


async def test_a_satisfied_customer_is_announced_and_the_closing_reply_resolves_it():
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for reply in RESOLVING:
            await send(pilot, reply)
        screen = app.screen
        assert screen.session.closing and screen.session.ending is None
        (system,) = _bubbles(app, "system")
        assert system.text == ("Priya Desai is satisfied. Close the conversation: confirm what "
                               "happens next and when you'll follow up, and thank them. Ctrl+G "
                               "ends it now.")
        box = screen.query_one(ReplyBox)
        assert not box.disabled and box.has_focus
        await send(pilot, CLOSING)
        assert screen.session.ending.kind == "resolved"
        assert [b.speaker for b in _bubbles(app, "system")] == ["Time to close",
                                                                  "Conversation over"]
        assert box.disabled


async def test_an_exam_says_the_customer_is_satisfied_but_not_how_to_close():
    """Tips wait for the debrief in an exam; how to close is one (tester t19)."""
    app = direct_app(mode="exam")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for reply in RESOLVING:
            await send(pilot, reply)
        (system,) = _bubbles(app, "system")
        assert system.text == ("Priya Desai is satisfied. Your next reply closes the "
                               "conversation; Ctrl+G ends it now.")


async def test_a_customer_satisfied_by_a_promise_beyond_policy_is_not_the_end_of_the_lesson():
    """The customer's thanks cannot say the promise was beyond policy; practice mode does,
    with what it costs (a tester saw it only in the debrief)."""
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, RESOLVING[0])
        await send(pilot, RESOLVING[1].replace("delivery fee.", "delivery fee, and I promise "
                                               "it will be there by 1pm."))
        assert app.screen.session.closing
        (system,) = _bubbles(app, "system")
        assert system.text.startswith("Priya Desai is satisfied for now, but your reply "
                                      "promised more than the policy allows (")
        assert "caps this conversation at 50. Ctrl+B takes it back." in system.text


async def test_taking_back_the_reply_that_satisfied_them_removes_the_closing_prompt():
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for reply in RESOLVING:
            await send(pilot, reply)
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert not app.screen.session.closing
        assert not _bubbles(app, "system")
        assert [b.text for b in _bubbles(app, "trainee")] == RESOLVING[:1]
        assert len(_bubbles(app, "customer")) == len(app.screen.scenario.customer.opening) + 1


async def test_a_take_back_keeps_what_the_trainee_was_writing_one_undo_away():
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, "Let me check.")
        box = app.screen.query_one(ReplyBox)
        await pilot.press(*"draft")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert box.text == "Let me check. "
        await pilot.press("ctrl+z")
        assert box.text == "draft"


async def test_a_toast_never_covers_the_reply_being_edited_on_a_small_terminal():
    """At 80x24 the take-back toast sat over the reply box (a tester saw their own words
    hidden); toasts on this screen go to the top, over what was already read."""
    app = direct_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await send(pilot, "Well you should have checked with the courier first.")
        await pilot.press("ctrl+b")
        await pilot.pause()
        toasts = list(app.screen.query("Toast"))
        assert toasts and "Reply taken back" in _toasts(app)
        box = app.screen.query_one(ReplyBox).region
        for toast in toasts:
            assert not toast.region.overlaps(box), (toast.region, box)


async def test_exam_mode_shows_no_live_scoring_and_offers_no_take_back():
    app = direct_app(mode="exam")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, RESOLVING[0])
        screen = app.screen
        assert screen.session.turns[0].changes, "the reply did move their anger"
        meter = str(screen.query_one(AngerMeter).render())
        assert meter.splitlines()[0] == f"Anger {screen.session.anger}/100"
        assert "acknowledged" not in meter and ":" not in meter
        assert [b.note for b in _bubbles(app, "trainee")] == [""]
        footer = [key.action for key in screen.query("FooterKey")]
        assert "finish" in footer and "take_back" not in footer


async def test_ctrl_b_in_an_exam_says_why_nothing_was_taken_back():
    """A tester pressed Ctrl+B in an exam and nothing at all happened."""
    app = direct_app(mode="exam")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.pause()
        await send(pilot, RESOLVING[0])
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert len(app.screen.session.turns) == 1
        assert "take-back is for practice" in _toasts(app)


async def test_the_reply_box_grows_with_a_long_reply_and_shrinks_once_it_is_sent():
    """At 80x24 a tester saw two lines of a five-sentence reply while typing it."""
    app = direct_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one(ReplyBox)
        empty = box.size.height
        await type_in_one_go(pilot, *("I'm so sorry the bike didn't arrive in time for the "
                                      "birthday. I've checked and it is at the depot. "))
        assert box.size.height > empty, "a four-line reply shows more than two lines"
        await type_in_one_go(pilot, *("word " * 80))
        assert box.size.height <= 4, "a very long reply scrolls inside four lines"
        await pilot.press("enter")
        await pilot.pause()
        assert box.size.height == empty


async def test_practice_mode_shows_reasons_and_offers_take_back():
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, RESOLVING[0])
        screen = app.screen
        assert "-10: acknowledged how they feel" in str(screen.query_one(AngerMeter).render())
        assert "take_back" in [key.action for key in screen.query("FooterKey")]


async def test_f1_opens_the_whole_briefing_at_80x24_and_closes_it_again():
    app = direct_app("hotel-room-not-as-booked")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        briefing = app.screen.query_one(Briefing)
        assert briefing.shortened, "the longest briefing does not fit in three lines"
        assert briefing.border_subtitle == "F1 whole briefing"
        await pilot.press("f1")
        await pilot.pause()
        assert briefing.expanded and briefing.max_scroll_y == 0
        assert briefing.border_subtitle == "F1 shorter"
        await pilot.press("f1")
        await pilot.pause()
        assert not briefing.expanded and briefing.shortened
        assert briefing.border_subtitle == "F1 whole briefing"


async def test_the_chat_follows_the_newest_message_after_the_briefing_closes_at_80x24():
    """A tester replied with the whole briefing open (F1): the chat, squeezed to nothing,
    stayed on its first lines for the rest of the session while patience ran down."""
    app = direct_app("hotel-room-not-as-booked")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        for reply in ("I'm so sorry, that's not the room you booked.",
                      "Could you tell me your booking reference?"):
            await send(pilot, reply)
        await pilot.press("f1")
        await pilot.pause()
        await pilot.pause()
        transcript = app.screen.query_one(Transcript)
        last = list(transcript.query(MessageBubble))[-1]
        assert transcript.max_scroll_y > 0 and transcript.scroll_y == transcript.max_scroll_y
        assert last.region.bottom <= transcript.region.bottom, "the newest message is in view"
        await send(pilot, "Thank you, I've found it.")
        await pilot.pause()
        assert transcript.scroll_y == transcript.max_scroll_y


async def test_a_briefing_that_fits_offers_no_f1_hint():
    app = direct_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        briefing = app.screen.query_one(Briefing)
        assert not briefing.shortened and briefing.max_scroll_y == 0
        assert briefing.border_subtitle == ""


def _briefing_lines(app) -> list[str]:
    return [line.rstrip() for line in
            app.screen.query_one("#briefing-text").render().plain.splitlines()]


async def test_a_short_screen_shows_who_the_customer_is_in_place_of_a_cut_briefing():
    """A tester at 80x24 read "...ordered a nut-free pesto pasta and was served" and no more:
    the panel was cut at its edge. Below 30 rows the side column gives up who the customer
    is, so the short briefing says it, whole, and marks what it leaves out."""
    app = direct_app("wrong-restaurant-order")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(_briefing_lines(app))
        assert shown == ("Aisha Rahman: Out for her partner's birthday; served regular pesto "
                         "despite flagging a nut allergy. …")
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await pilot.pause()
        shown = " ".join(_briefing_lines(app))
        # the side column names the customer again; the briefing keeps whole sentences
        assert shown.startswith("You are the shift manager at a busy pizza restaurant.")
        assert shown.endswith(". …") and "was served the regular pesto." in shown


async def _screen_and_patience(pilot):
    """The conversation screen once the time given to read the briefing is over, and the
    customer's patience."""
    await pilot.pause()
    screen = pilot.app.screen
    screen.session.clock.advance(screen.session.reading_seconds)
    return screen, screen.session.temperament.patience_seconds


async def test_the_patience_timer_says_reading_while_the_briefing_is_read_first():
    """A tester on a hard scenario read the briefing, and patience ran out before a word was
    typed: the customer now waits the briefing's reading time, and the timer says so."""
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        timer = screen.query_one(PatienceTimer)
        screen._tick()
        assert "Patience (reading)" in str(timer.render())
        screen.session.clock.advance(screen.session.reading_seconds + 1)
        screen._tick()
        assert "Patience (reading)" not in str(timer.render())
        assert "s left" in str(timer.render())


async def test_a_silence_past_patience_is_said_when_it_happens_once():
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, patience = await _screen_and_patience(pilot)
        screen.session.clock.advance(patience - 1)
        screen._tick()
        assert not _bubbles(app, "system")
        screen.session.clock.advance(2)
        screen._tick()
        screen._tick()
        await pilot.pause()
        (system,) = _bubbles(app, "system")
        assert f"has waited over {patience} s" in system.text
        await pilot.press("h")  # typing ends the silence; a new one is told again
        await pilot.pause()
        screen.session.clock.advance(patience + 1)
        screen._tick()
        await pilot.pause()
        assert len(_bubbles(app, "system")) == 2


async def test_reading_the_whole_briefing_holds_the_patience_timer():
    """Two testers lost patience while reading the policy on F1; reading it is part of the
    job, so the time the briefing is open is not silence (and the timer holds, not resets)."""
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, patience = await _screen_and_patience(pilot)
        screen.session.clock.advance(patience - 5)
        await pilot.press("f1")
        screen.session.clock.advance(patience * 3)
        screen._tick()
        assert screen.session.seconds_waiting() == pytest.approx(patience - 5)
        await pilot.press("f1")
        screen.session.clock.advance(4)
        screen._tick()
        await pilot.pause()
        assert not _bubbles(app, "system")
        screen.session.clock.advance(2)
        screen._tick()
        await pilot.pause()
        assert len(_bubbles(app, "system")) == 1


async def test_sending_with_the_whole_briefing_open_closes_it_to_show_the_answer():
    """A tester sent a reply with F1 open: the customer's answer stayed hidden under the
    briefing and "Patience (paused)" stayed on; the reading time was still not silence."""
    app = direct_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen, patience = await _screen_and_patience(pilot)
        await pilot.press("f1")
        screen.session.clock.advance(patience * 2)  # reading, not silence
        await send(pilot, "I'm so sorry, that must be so stressful with her party coming up.")
        briefing = screen.query_one(Briefing)
        assert not briefing.expanded and screen.query_one(Transcript).display
        assert screen.reading_from is None
        turn = screen.session.turns[-1]
        assert not any("kept them waiting" in c.reason for c in turn.changes)
        assert _bubbles(app, "customer")[-1].text == turn.customer_says


async def test_practice_says_what_a_calm_customer_still_needs_before_they_are_satisfied():
    """A tester calmed the customer to anger 0 and was never told that the scenario also
    wanted the photos asked for; now the chat says so, once per change."""
    app = direct_app("damaged-on-arrival")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, "I'm so sorry, Gareth, a cracked table days before your family "
                          "dinner is awful, and that's on us.")
        await send(pilot, "I've booked a replacement table for delivery on Friday and we'll "
                          "collect the damaged one for free at the same time.")
        notes = [b for b in _bubbles(app, "system") if b.speaker == "Not resolved yet"]
        assert notes and notes[-1].text == ("Gareth Lewis is calmer, but will be satisfied "
                                            "only once you ask about the photos.")
        await send(pilot, "Could you send me a couple of photos of the crack?")
        assert [b.speaker for b in _bubbles(app, "system")][-1] == "Time to close"


async def test_exam_mode_does_not_say_what_is_still_needed():
    app = direct_app("damaged-on-arrival", mode="exam")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, "I'm so sorry, Gareth, a cracked table days before your family "
                          "dinner is awful, and that's on us.")
        assert not _bubbles(app, "system")


async def test_page_up_and_down_scroll_the_chat_while_the_reply_box_keeps_the_focus():
    """A tester at 80x24 could not scroll back: the chat never has the focus."""
    app = direct_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for reply in ("I'm so sorry about the bike.", "Could you tell me the order number?",
                      "Thank you, let me look."):
            await send(pilot, reply)
        transcript = app.screen.query_one(Transcript)
        bottom = transcript.scroll_y
        assert bottom == transcript.max_scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert transcript.scroll_y < bottom and not transcript.following
        assert app.screen.focused is app.screen.query_one(ReplyBox)
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert transcript.scroll_y == transcript.max_scroll_y and transcript.following


async def test_sending_a_reply_after_paging_up_shows_the_newest_again():
    """A tester paged up to reread, sent a reply, and saw neither it nor the answer."""
    app = direct_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for reply in ("I'm so sorry about the bike.", "Could you tell me the order number?"):
            await send(pilot, reply)
        transcript = app.screen.query_one(Transcript)
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        assert not transcript.following
        await send(pilot, "Thank you, let me look.")
        await pilot.pause()
        assert transcript.following and transcript.scroll_y == transcript.max_scroll_y


async def test_ctrl_u_clears_a_long_reply_in_one_press_and_ctrl_z_brings_it_back():
    """TextArea's own Ctrl+U clears one wrapped row: a tester pressed it 11 times."""
    app = direct_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        box = app.screen.query_one(ReplyBox)
        long_reply = "I'm so sorry about the mix-up with your order. " * 10
        box.text = long_reply
        box.focus()
        box.move_cursor(box.document.end)
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert box.text == ""
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert box.text == long_reply


async def test_ctrl_q_before_any_reply_says_nothing_is_kept():
    app = direct_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.screen.query_one(ReplyBox).text = "I'm so sorry"
        await pilot.press("ctrl+q")
        await pilot.pause()
        question = str(app.screen.query_one("Label").render())
        assert "lose the reply you are typing. Nothing from this conversation is kept." in (
            question)


async def test_practice_says_what_no_reply_has_done_yet_after_a_reply_that_helped_nothing():
    """A tester, with a remedy and a follow-up given but the customer not yet calm enough,
    asked "Is there anything else I can help with today?", got "I'm still waiting." and +5
    anger, and could not tell what was missing."""
    app = direct_app("double-charge")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await send(pilot, "I've refunded the second $42.50 to your card today, and I'll email "
                          "you at 5pm to confirm it has gone through.")
        await send(pilot, "Is there anything else I can help with today?")
        notes = [b for b in _bubbles(app, "system") if b.speaker == "Not resolved yet"]
        assert notes[-1].text == (
            "That reply did nothing for Tom Okafor. Not done yet in this conversation: "
            "acknowledge how they feel, and apologise and own the problem, and ask a useful "
            "question.")


@pytest.mark.parametrize("mode", ["practice", "exam"])
async def test_the_chat_warns_when_one_reply_is_left_before_the_customer_gives_up(mode):
    """A tester's customer left at a reply limit nothing had mentioned. It is the
    customer's patience with the conversation, not a score, so exams say it too."""
    app = direct_app("internet-outage-home-worker", mode=mode)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for n, question in enumerate(("Could you give me your account number?",
                                      "Could you tell me which lights are on the router?",
                                      "Could you tell me whether you've restarted it?",
                                      "Could you tell me if the neighbours have a connection?",
                                      "Could you send me a photo of the router?"), start=1):
            await send(pilot, question)
            warned = [b for b in _bubbles(app, "system") if b.speaker == "One reply left"]
            assert len(warned) == (n == 5)
        assert warned[0].text == ("Chloe Bennett gives a conversation 6 replies: unless your "
                                  "next one satisfies them, they will give up.")


async def test_page_down_scrolls_the_whole_briefing_to_its_end_on_a_small_screen():
    """At 70x20 a tester could not reach the end of the policy with F1 open: PageDown
    scrolled the hidden chat."""
    app = direct_app("hotel-room-not-as-booked")
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        briefing = app.screen.query_one(Briefing)
        assert briefing.expanded and briefing.max_scroll_y > 0
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        assert briefing.scroll_y == briefing.max_scroll_y
