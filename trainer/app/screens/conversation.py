"""The conversation: briefing, chat transcript, anger meter, patience timer, reply box.

The reply box is always writable: the trainee may draft the next reply while the customer
types; only sending waits for the customer's line. Exam mode shows nothing that scores a
reply (no credit marks, no reasons for anger changes, no take-back) until the debrief.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea

from trainer.app.dialogs.confirm import ConfirmDialog
from trainer.app.literal import literal
from trainer.app.settings import AppSettings
from trainer.app.widgets.briefing import Briefing
from trainer.app.widgets.gauges import AngerMeter, PatienceTimer
from trainer.app.widgets.reply_box import ReplyBox
from trainer.app.widgets.score_panel import ScorePanel
from trainer.app.widgets.transcript import Transcript
from trainer.debrief import ENDING_LABELS, dimension_marks
from trainer.safe_text import shown
from trainer.scenario.model import Scenario
from trainer.session import Session, Turn
from trainer.session.outcome import (
    FAULT_CAPS,
    not_yet_shown_text,
    policy_and_limit_text,
    still_needed_text,
)
from trainer.store import SavedElsewhere, SessionRecorder

SAVED_ELSEWHERE = "This conversation was carried on in another window, which saved it first"
SHORT_SCREEN = 30  # rows: below this the side column drops who the customer is


class ConversationScreen(Screen):
    AUTO_FOCUS = "#reply"
    BINDINGS = [
        # Ctrl+Z and Ctrl+E belong to the reply box (undo, end of line).
        Binding("ctrl+b", "take_back", "Take back"),
        Binding("ctrl+g", "finish", "End & debrief"),
        Binding("escape", "leave", "Leave"),
        Binding("f1", "toggle_briefing", "Briefing"),
        # The chat scrolls from the keyboard too; the reply box has no use for whole pages.
        Binding("pageup", "chat_page(-1)", "Scroll chat", show=False, priority=True),
        Binding("pagedown", "chat_page(1)", "Scroll chat", show=False, priority=True),
    ]

    @dataclass
    class Finished(Message):
        """The session is over (or ended by the trainee): show its debrief. `unsaved`: why
        it was not recorded, when it was deliberately not ("" otherwise)."""

        session: Session
        unsaved: str = ""

    def __init__(self, scenario: Scenario, mode: str, settings: AppSettings,
                 recorder_for: Callable[[Session], SessionRecorder | None] | None = None,
                 picked_up: tuple[Session, SessionRecorder] | None = None) -> None:
        """`picked_up`: a left session replayed to where it stopped, and its recorder."""
        super().__init__()
        self.scenario = scenario
        self.settings = settings
        self.picked_up = picked_up is not None
        if picked_up is not None:
            self.session, self.recorder = picked_up
        else:
            # a seed of our own when none is set, so the store can keep it for resuming
            seed = settings.seed if settings.seed is not None else random.randrange(2**62)
            self.session = Session(scenario, clock=settings.clock_factory(),
                                   rng=random.Random(seed), mode=mode, seed=seed)
            self.recorder = recorder_for(self.session) if recorder_for else None
        self.unsaved = ""  # why this window stopped saving, once it has
        self.taken_back: Turn | None = None
        self.comparing = False     # the last reply was a resend after a take-back
        self.told_waiting = False   # "patience ran out" said for the current silence
        self.reading_from: float | None = None  # when the whole briefing (F1) was opened
        self.told_needed = ""       # "not resolved yet" last said, so it is not repeated

    @property
    def responding(self) -> bool:
        """A reply is sent and the customer's answer is not in yet: sending waits."""
        return self.query_one(ReplyBox).awaiting_answer

    def compose(self) -> ComposeResult:
        s = self.scenario
        yield Header()
        with Horizontal(id="conversation-body"):
            with Vertical(id="chat"):
                yield Briefing(s.briefing, policy_and_limit_text(self.session),
                               f"{s.customer.name}: {s.customer.situation}", id="briefing")
                yield Transcript(id="transcript")
                yield Static("", id="typing")
                yield ReplyBox(id="reply")
            with VerticalScroll(id="side", can_focus=False):
                with Vertical(id="customer-card"):
                    # who the customer is gives way on a short terminal (SHORT_SCREEN, see
                    # app.tcss); the level, mode and pass mark stay (a tester missed them)
                    yield Static(Text.assemble(literal(s.customer.name, "bold"), "\n",
                                               literal(s.customer.situation)),
                                 id="customer-who")
                    yield Static(Text(f"{s.difficulty} · {self.session.mode} · pass "
                                      f"{s.rubric.pass_mark}", "dim"))
                # the countdown above the anger and its reasons, which grow: below them it
                # was pushed out of sight at 70x20 while patience ran out (a tester)
                yield PatienceTimer(id="patience")
                yield AngerMeter(id="anger")
                yield ScorePanel(id="score")
        yield Footer(compact=True, show_command_palette=False)  # seven keys in 80 columns

    def on_resize(self, event: events.Resize) -> None:
        short = event.size.height < SHORT_SCREEN
        self.set_class(short, "short")
        # who the customer is leaves the side column; the short briefing says it instead
        briefing = self.query_one(Briefing)
        briefing.summarise = short
        self.call_after_refresh(briefing.fit)
        for gauge in (self.query_one(PatienceTimer), self.query_one(AngerMeter)):
            gauge.set_compact(short)

    def on_mount(self) -> None:
        self.title = self.scenario.title
        self.query_one(ReplyBox).cursor_blink = self.settings.cursor_blink
        self.query_one(AngerMeter).show(self.session.anger, [])
        if self.session.mode == "exam":
            self.query_one(ScorePanel).show_hidden()
        self._tick()
        self.set_interval(self.settings.tick_seconds, self._tick)
        # Enter is held until the customer's first message is in: a reply sent before they
        # have said anything would cut off a complaint the trainee never saw. Once they have
        # spoken, replying while they still vent is allowed, and costs anger.
        self.query_one(ReplyBox).awaiting_answer = self.session.venting
        if self.picked_up:
            self._show_picked_up()
        self._next_opening()

    def _show_picked_up(self) -> None:
        """The conversation so far, as the trainee left it, then theirs to go on."""
        turns = self.session.turns
        for line in self.scenario.customer.opening[:turns[0].openings_heard]:
            self._customer_says(line)
        practice = self.session.mode == "practice"
        transcript = self.query_one(Transcript)
        for turn in turns:
            transcript.add_message("trainee", "You", turn.reply,
                                   dimension_marks(turn) if practice else "")
            if turn is not turns[-1]:
                self._customer_says(turn.customer_says)
        if practice:
            self.query_one(ScorePanel).show_turn(turns[-1], None)
        self._react(turns[-1])
        transcript.add_message(
            "system", "Picked up where you left off",
            "Everything said so far is above. The customer's patience starts again now.")

    # -- the customer --------------------------------------------------------------------
    def _next_opening(self) -> None:
        if not self.session.venting:
            self._typing(False)
            return
        if self.settings.typing_delay > 0:
            self._typing(True)
            self.set_timer(self.settings.typing_delay, self._deliver_opening)
        else:
            self._deliver_opening()

    def _deliver_opening(self) -> None:
        if not self.session.venting:  # the trainee interrupted; the vent is over
            self._typing(False)
            return
        line = self.session.deliver_opening()
        if line is not None:
            self._customer_says(line)
        self.query_one(ReplyBox).awaiting_answer = False
        self._next_opening()

    def _customer_says(self, text: str) -> None:
        self.query_one(Transcript).add_message("customer", self.scenario.customer.name, text)

    def _typing(self, on_: bool) -> None:
        label = literal(f"{self.scenario.customer.name} is typing…" if on_ else "")
        self.query_one("#typing", Static).update(label)

    def _tick(self) -> None:
        self._excuse_reading()
        paused = self.session.venting or self.responding or self.session.ending is not None
        waiting = 0.0 if paused else self.session.seconds_waiting()
        patience = self.session.temperament.patience_seconds
        reading = self.reading_from is not None
        # the time given to read the briefing before the first reply (`Session`)
        first_read = not paused and self.session.reading_briefing
        self.query_one(PatienceTimer).show(waiting, patience, paused or reading or first_read,
                                           "reading" if first_read and not reading else "paused")
        if waiting > patience and not self.told_waiting:
            # Said when it happens, not only at the next reply: the lesson is the silence.
            self.told_waiting = True
            self.query_one(Transcript).add_message(
                "system", "Patience ran out",
                f"{self.scenario.customer.name} has waited over {patience} s without a word "
                "from you: your next reply starts with them angrier. Send something soon.")

    # -- the trainee -----------------------------------------------------------------------
    @on(TextArea.Changed, "#reply")
    def _typed(self) -> None:
        """The customer sees the trainee typing: patience counts silence, not typing. Time
        spent reading the whole briefing before the keystroke is excused first: typing with
        it open counted the reading as silence."""
        self._excuse_reading()
        self.session.note_typing()
        self.told_waiting = False

    @on(ReplyBox.Held)
    def _hold(self) -> None:
        self.notify(f"{self.scenario.customer.name} is still typing. Your reply is kept: "
                    "press Enter again once their message is in.", markup=False)

    @on(ReplyBox.Submitted)
    def _send(self, event: ReplyBox.Submitted) -> None:
        if self.session.ending is not None:  # over already: the text goes back, unsent
            event.reply_box.awaiting_answer = False
            event.reply_box.insert(event.text, (0, 0))
            return
        if self.query_one(Briefing).expanded:
            # the answer comes in the chat, which the whole briefing covers: a tester sent
            # with it open and saw no answer, and "Patience (paused)" stayed on
            self.action_toggle_briefing()
        text = event.text.strip()
        turn = self.session.reply(text)
        self.told_waiting = False  # a new silence starts when they answer
        self._save(lambda r: r.record(turn))
        practice = self.session.mode == "practice"
        note = dimension_marks(turn) if practice else ""
        transcript = self.query_one(Transcript)
        transcript.follow()
        transcript.add_message("trainee", "You", text, note)
        if practice:
            self.query_one(ScorePanel).show_turn(turn, self.taken_back)
            self.comparing = self.taken_back is not None
            self._show_comparison()
        self.taken_back = None
        if self.settings.typing_delay > 0:
            self._typing(True)
            self.set_timer(self.settings.typing_delay, lambda: self._react(turn))
        else:
            self._react(turn)

    def _react(self, turn: Turn) -> None:
        self._typing(False)
        self._customer_says(turn.customer_says)
        reasons = [str(c) for c in turn.changes] if self.session.mode == "practice" else []
        self.query_one(AngerMeter).show(turn.anger_after, reasons)
        transcript = self.query_one(Transcript)
        box = self.query_one(ReplyBox)
        box.awaiting_answer = False
        if turn.ending is not None:
            label = ENDING_LABELS.get(turn.ending.kind, turn.ending.kind)
            transcript.add_message(
                "system", "Conversation over", f"{label}. Press Ctrl+G to see your debrief.")
            box.disabled = True
            self.query_one(Footer).focus()
        else:
            if self.session.closing:
                transcript.add_message("system", "Time to close", self._time_to_close(turn))
            elif self.session.mode == "practice":
                self._say_what_is_still_needed(transcript, turn)
            limit = self.session.reply_limit
            if not self.session.closing and limit and len(self.session.turns) == limit - 1:
                # a customer's patience with the whole conversation, not a score: said in
                # exams too (a tester's customer left at a limit nothing had mentioned)
                transcript.add_message(
                    "system", "One reply left",
                    f"{self.scenario.customer.name} gives a conversation {limit} replies: "
                    "unless your next one satisfies them, they will give up.")
            box.focus()
        self._show_comparison()  # the customer's reasons above it have just grown
        self._tick()

    def _show_comparison(self) -> None:
        """After a take-back and resend, the before/now comparison is what the trainee
        wants to see; on a short screen it sits below the fold of the side column."""
        self.call_after_refresh(self._settle_side)

    def _settle_side(self) -> None:
        """While comparing, the side column is anchored at its end, so it stays there while
        the customer's reasons above grow (a plain scroll to the end landed before they had
        grown), but only when the column does not fit: anchored when it fitted, Textual put
        it at -4, four blank rows above the level line that stayed after the comparison was
        gone (a tester, 80x24). Otherwise it is at its top."""
        side = self.query_one("#side", VerticalScroll)
        overflowing = self.comparing and side.max_scroll_y > 0
        side.anchor(overflowing)
        if not overflowing:
            side.scroll_y = 0

    def _time_to_close(self, turn: Turn) -> str:
        """The customer is satisfied: close. In practice, how to close, and a reply that
        satisfied them with a promise beyond policy is named, since the customer's thanks
        cannot say it (a tester was thanked for one and saw the cap only in the debrief)."""
        name = self.scenario.customer.name
        if self.session.mode != "practice":
            # how to close is a tip, and tips wait for the debrief in an exam (a tester)
            return (f"{name} is satisfied. Your next reply closes the conversation; Ctrl+G "
                    "ends it now.")
        close = ("Close the conversation: confirm what happens next and when you'll follow "
                 "up, and thank them. Ctrl+G ends it now.")
        if not turn.breaches:
            return f"{name} is satisfied. {close}"
        return (f"{name} is satisfied for now, but your reply promised more than the policy "
                f"allows ({turn.breaches[0].message}), which caps this conversation at "
                f"{FAULT_CAPS['overpromise'][0]}. Ctrl+B takes it back. Or: {close}")

    def _say_what_is_still_needed(self, transcript: Transcript, turn: Turn) -> None:
        """Practice mode: once the customer is calm enough, say what still stands between
        them and satisfied; after a reply that helped nothing, what no reply has done yet (a
        tester asked "Anything else I can help with?", got "I'm still waiting." and could
        not tell what was missing). Said again only when it changes."""
        name = self.scenario.customer.name
        wants = still_needed_text(self.session)
        not_yet = not_yet_shown_text(self.session)
        if wants:
            text = (f"{name} is calmer, but will be satisfied only once you "
                    f"{shown(wants, one_line=True)}.")
        elif not_yet and turn.helped_nothing:
            text = (f"That reply did nothing for {name}. Not done yet in this conversation: "
                    f"{not_yet}.")
        else:
            return
        if text != self.told_needed:
            self.told_needed = text
            transcript.add_message("system", "Not resolved yet", text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Exam mode offers no take-back: the binding is off and gone from the footer."""
        return action != "take_back" or self.session.mode == "practice"

    def action_chat_page(self, step: int) -> None:
        """PageUp/PageDown scroll what is in view: the chat, or the whole briefing in its
        place (at 70x20 a tester could not reach the end of the policy)."""
        briefing = self.query_one(Briefing)
        if not briefing.expanded:
            self.query_one(Transcript).page(step)
        elif step > 0:
            briefing.scroll_page_down()
        else:
            briefing.scroll_page_up()

    def action_toggle_briefing(self) -> None:
        """Open or close the whole briefing; while it is open the patience timer holds."""
        briefing = self.query_one(Briefing)
        briefing.toggle()
        # The whole briefing reads in the chat's place: beside it, on a small screen, it
        # pushed the reply box off (a tester typed into a box they could not see).
        self.query_one(Transcript).display = not briefing.expanded
        self.query_one("#typing").display = not briefing.expanded
        self._excuse_reading()
        self.reading_from = self.session.clock.now() if briefing.expanded else None
        self._tick()

    def _excuse_reading(self) -> None:
        """The time since the briefing was opened (or last excused) is not silence."""
        if self.reading_from is not None:
            now = self.session.clock.now()
            self.session.excuse_silence(now - self.reading_from)
            self.reading_from = now

    def on_key(self, event: events.Key) -> None:
        # The binding is off in an exam (see check_action); the key still gets an answer,
        # as a tester pressed it and saw nothing happen.
        if event.key == "ctrl+b" and self.session.mode != "practice":
            event.stop()
            self.notify("In an exam a reply stands: take-back is for practice.", timeout=3)

    def action_take_back(self) -> None:
        if self.session.mode != "practice":
            return
        if self.responding or not self.session.turns:
            self.notify("There is no reply to take back yet.")
            return
        turn = self.session.take_back()
        self._save(lambda r: r.took_back(turn))
        self.taken_back = turn
        self.query_one(Transcript).remove_from_last("trainee")
        self.query_one(AngerMeter).show(self.session.anger, ["(reply taken back)"])
        self.query_one(ScorePanel).show_taken_back(turn)
        box = self.query_one(ReplyBox)
        box.disabled = False
        draft = box.text.strip()
        # An edit, not a reload: whatever the trainee was writing stays one Ctrl+Z away.
        # with a space after it, so words typed on at the end do not run into the last one
        # (a tester's "happen again.That must have been")
        box.replace(turn.reply.rstrip() + " ", (0, 0), box.document.end)
        box.focus()
        # short: the toast sits over the briefing, which the trainee may want to reread
        self.notify("Reply taken back. Edit it (Ctrl+U clears it) and press Enter to "
                    "compare the two."
                    + (" Ctrl+Z brings back what you were writing." if draft else ""),
                    timeout=4)

    def _save(self, action: Callable[[SessionRecorder], None]) -> None:
        """Record to the store; a failure is reported, never fatal: the session goes on."""
        if self.recorder is None:
            return
        try:
            action(self.recorder)
        except SavedElsewhere:
            # Picked up in two windows: the other saved first and keeps the conversation.
            # This one plays on unsaved rather than mix two conversations into one, and
            # says so where it stays in sight (a toast alone was missed by a tester).
            self.recorder = None
            self.unsaved = SAVED_ELSEWHERE
            self.sub_title = "not saved"
            self.query_one(Transcript).add_message(
                "system", "Not saved from here on",
                f"{SAVED_ELSEWHERE}. You can play on for practice; the other window's "
                "conversation is the one kept.")
            self.notify(f"{SAVED_ELSEWHERE}: nothing from this window is saved from here on.",
                        severity="warning", timeout=12)
        except Exception as exc:  # noqa: BLE001 - any database failure: keep playing
            self.notify(f"Could not save this turn: {exc}", severity="error", timeout=8)

    def action_finish(self) -> None:
        if self.responding:
            return
        self.session.end_by_trainee()
        self._save(lambda recorder: recorder.finish())
        self.post_message(self.Finished(self.session, self.unsaved))

    def quit_app(self) -> None:
        """Ctrl+Q here (the app asks this screen): quit, asking first when that would lose
        words, the reply being typed or replies that are not being saved (no store, or
        saved in another window). A tester lost a typed reply to Ctrl+Q."""
        lost = []
        if self.query_one(ReplyBox).text.strip():
            lost.append("the reply you are typing")
        if self.session.turns and self.recorder is None:
            lost.append("this conversation, which is not being saved")
        if not lost:
            self.app.exit()
            return
        kept = (" The replies you sent are saved: choose the scenario again to pick it up."
                if self.recorder is not None and self.session.turns
                else " Nothing from this conversation is kept." if not self.session.turns
                else "")
        self.app.push_screen(ConfirmDialog(f"Quit the trainer? You will lose {' and '.join(lost)}."
                                           + kept, yes="Quit (y)", no="Stay (n)"),
                             lambda quit_now: self.app.exit() if quit_now else None)

    def action_leave(self) -> None:
        def leave(confirmed: bool | None) -> None:
            if confirmed:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog(
            "Leave this conversation? It won't be scored. Choose the scenario again later "
            "to pick it up where you left it."), leave)
