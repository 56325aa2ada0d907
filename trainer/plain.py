"""`trainer play --plain`: the whole session as plain lines, for screen readers and pipes.

Customer lines are printed; replies are read one per line from the input; the debrief is
printed at the end. Untimed: a screen reader user must never be penalised for reading.
"""

from __future__ import annotations

import io
import random
from typing import IO

from trainer.debrief import LABELS, build_debrief, render_text
from trainer.safe_text import shown
from trainer.scenario.model import Scenario
from trainer.session import FrozenClock, Session
from trainer.session.outcome import policy_and_limit_text
from trainer.store import SessionRecorder, Store

END_COMMANDS = {"/end", "/quit", "/exit"}


def play_plain(scenario: Scenario, stdin: IO[str], stdout: IO[str], *, mode: str = "practice",
               seed: int | None = None, interactive: bool = False,
               store: Store | None = None, trainee: str = "trainee") -> Session:
    """Play to the end; with a `store`, every turn is saved the moment it is played."""
    rng = random.Random(seed)
    session = Session(scenario, clock=FrozenClock(), rng=rng, mode=mode)
    recorder = SessionRecorder(store, trainee, session) if store is not None else None
    name = scenario.customer.name

    def say(text: str = "") -> None:
        stdout.write(shown(text) + "\n")  # scenario text and replies are shown, never obeyed
        stdout.flush()

    say(f"{scenario.title} ({scenario.difficulty})")
    say(f"Briefing: {' '.join(scenario.briefing.split())}")
    say(policy_and_limit_text(session))
    say(f"Customer: {name}. {scenario.customer.situation}")
    say(f"Type one reply per line. {', '.join(sorted(END_COMMANDS))} ends the conversation.")
    say()
    for line in session.deliver_all_openings():
        say(f"{name}: {line}")
    say(f"(anger {session.anger}/100)")
    while session.ending is None:
        if interactive:
            stdout.write("You: ")
            stdout.flush()
        raw = _read_reply(stdin)
        if raw is None:
            session.end_by_trainee()
            break
        text = raw.strip()
        if not text:
            continue
        if text.lower() in END_COMMANDS:
            session.end_by_trainee()
            break
        turn = session.reply(text)
        if recorder is not None:
            recorder.record(turn)
        if not interactive:
            say(f"You: {text}")
        say(f"{name}: {turn.customer_says}")
        # a closing reply may move nothing, and then has no reasons to give (a tester saw
        # "(anger 22 -> 22: )")
        reasons = "; ".join(str(c) for c in turn.changes)
        say(f"(anger {turn.anger_before} -> {turn.anger_after}"
            + (f": {reasons})" if reasons else ")"))
        if mode == "practice":
            hits = [LABELS[d] for d in LABELS if turn.credited(d)]
            flags = list(turn.flags)
            say("(credited: " + (", ".join(hits) or "nothing")
                + (f"; flags: {', '.join(flags)}" if flags else "") + ")")
        if session.closing:
            say(f"({name} is satisfied. Close the conversation: confirm what happens next "
                "and when you'll follow up, and thank them. /end ends it now.)")
    if recorder is not None:
        recorder.finish()
    say()
    say(render_text(build_debrief(session)))
    return session


def _read_reply(stdin: IO[str]) -> str | None:
    """The next line typed, or None when there is no more: the end of the input, a closed or
    broken input, or Ctrl+C. Each ends the conversation as /end does, with every turn kept."""
    try:
        raw = stdin.readline()
    except (OSError, ValueError, KeyboardInterrupt):
        return None
    return raw or None


def reply_input(stdin: IO[str] | None) -> IO[str] | None:
    """Standard input as replies are read from it: UTF-8, an undecodable byte becoming U+FFFD
    rather than a crash. None when there is no input at all (started with stdin closed)."""
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:
        return stdin
    return io.TextIOWrapper(buffer, encoding="utf-8", errors="replace", newline=None)
