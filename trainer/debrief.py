"""The debrief: what a finished session teaches, as plain data, text, Markdown or HTML.

Built from a session by `build_debrief`; the Textual debrief screen, `trainer play --plain`
and the export to a file all show this same value, so they always agree. The value holds
only what is shown (no scorer objects), so the store keeps it as JSON when the session ends
(`as_dict`) and History reopens the very debrief the trainee saw (`from_dict`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from scoring import CREDIT_THRESHOLD, DIMENSIONS, Evidence, RubricAdjustments, score_reply
from trainer.scenario.model import Scenario
from trainer.session.engine import WAITED, Session, Turn
from trainer.session.outcome import (  # noqa: F401 - LABELS is read from here too
    FAULT_CAPS,
    LABELS,
    Outcome,
    flags_described,
    outcome_of,
)

FLAG_LABELS = {"blame": "Blame", "dismissive": "Dismissive", "defensive": "Defensive",
               "overpromise": "Over-promise"}
ENDING_LABELS = {"resolved": "Resolved", "escalated": "Escalated", "left": "Customer left",
                 "trainee-ended": "Ended by you", None: "Not finished"}
YOU_ENDED = "You ended the conversation."
# What a never-credited dimension needs, said before an example from the scenario itself.
ADVICE = {
    "empathy": "Acknowledge how they feel before you fix anything.",
    "apology": "Apologise and own the problem without blaming anyone.",
    "questions": "Ask for what you need to know to put it right.",
    "solution": "Offer a concrete remedy within policy: what, how much and when.",
    "follow_up": "Commit to coming back to them, with a time or an event.",
}
DEBRIEF_FORMAT = 1  # the shape `as_dict` writes; `from_dict` refuses any other


@dataclass(frozen=True)
class Highlight:
    """Words of a reply that decided a credit or a flag, and how strongly they counted."""

    key: str
    effect: str      # "credit" or "flag"
    start: int
    end: int
    text: str
    strength: str    # see `why`

    @property
    def label(self) -> str:
        """The key as the debrief names it elsewhere: "Follow-up", not "follow_up"."""
        return LABELS.get(self.key) or FLAG_LABELS.get(self.key, self.key)


@dataclass(frozen=True)
class Reason:
    """The scorer's own account of why words earned no credit or raised a flag: the key,
    the words it points at (may be empty) and its advice for that reply."""

    key: str
    words: str
    advice: str

    @property
    def label(self) -> str:
        if self.key in LABELS:
            return f"{LABELS[self.key]}, no credit"
        return FLAG_LABELS.get(self.key, "Every dimension held down")


@dataclass(frozen=True)
class TurnReport:
    """One turn as the debrief shows it."""

    number: int
    reply: str
    marks: str                          # what it was credited for and flagged for
    highlights: tuple[Highlight, ...]
    reasons: tuple[Reason, ...]
    changes: tuple[str, ...]            # why anger moved, one "+15: reason" each
    anger_before: int
    anger_after: int
    customer_says: str


@dataclass(frozen=True)
class Debrief:
    scenario_id: str
    title: str
    customer: str
    outcome: Outcome
    ending_line: str                    # the customer's last words; "" if none were said
    turns: tuple[TurnReport, ...]
    tips: dict[str, str]                # each dimension never credited, each flag raised
    anger_curve: tuple[int, ...]        # anger at the start, then after each turn
    patience: tuple[str, ...]           # each time waiting too long angered the customer
    model_answer: str
    scoring: str = ""                   # how the score is made (`how_scored`); "" if saved
                                        # before debriefs said so
    # each reply taken back in practice, as '"reply" (what it hit)': a trainer reading a
    # 100 should see that a capping reply was taken back first (a tester)
    taken_back: tuple[str, ...] = ()

    @property
    def ending_label(self) -> str:
        return ENDING_LABELS.get(self.outcome.ending_kind, str(self.outcome.ending_kind))

    @property
    def ending(self) -> str:
        """The ending in words: its label and the customer's last words, or, when the
        trainee ended it, that they did (those are nobody's words to quote)."""
        if self.outcome.ending_kind == "trainee-ended":
            return YOU_ENDED
        return self.ending_label + (f": “{self.ending_line}”" if self.ending_line else "")

    def tip_label(self, key: str) -> str:
        return LABELS.get(key) or FLAG_LABELS.get(key, key)

    def as_dict(self) -> dict:
        """The debrief as JSON-ready data, for the store."""
        return {"format": DEBRIEF_FORMAT, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict) -> Debrief:
        """The debrief `as_dict` made; ValueError when `data` is not one. Every value is
        read as the type it must be, so a damaged store is an error here, not a crash on
        the screen."""
        try:
            if data.get("format") != DEBRIEF_FORMAT:
                raise ValueError(f"debrief format {data.get('format')!r} is not "
                                 f"{DEBRIEF_FORMAT}")
            o = data["outcome"]
            ending_kind = None if o["ending_kind"] is None else str(o["ending_kind"])
            outcome = Outcome(int(o["score"]), bool(o["passed"]), int(o["pass_mark"]),
                              {d: float(o["best"][d]) for d in DIMENSIONS},
                              _texts(o["flags"]), _texts(o["caps"]), _texts(o["notes"]),
                              ending_kind, _texts(o["failed_because"]))
            return cls(str(data["scenario_id"]), str(data["title"]), str(data["customer"]),
                       outcome, str(data["ending_line"]),
                       tuple(_turn_from_dict(t) for t in data["turns"]),
                       {str(k): str(v) for k, v in data["tips"].items()},
                       tuple(int(a) for a in data["anger_curve"]), _texts(data["patience"]),
                       str(data["model_answer"]), str(data.get("scoring", "")),
                       _texts(data.get("taken_back", ())))
        except (AttributeError, KeyError, TypeError) as exc:  # int("x") is a ValueError
            raise ValueError(f"not a saved debrief ({type(exc).__name__}: {exc})") from None


def _texts(values: list) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


def _turn_from_dict(t: dict) -> TurnReport:
    highlights = tuple(Highlight(str(h["key"]), str(h["effect"]), int(h["start"]),
                                 int(h["end"]), str(h["text"]), str(h["strength"]))
                       for h in t["highlights"])
    reasons = tuple(Reason(str(r["key"]), str(r["words"]), str(r["advice"]))
                    for r in t["reasons"])
    return TurnReport(int(t["number"]), str(t["reply"]), str(t["marks"]), highlights, reasons,
                      _texts(t["changes"]), int(t["anger_before"]), int(t["anger_after"]),
                      str(t["customer_says"]))


def how_scored(weights: dict[str, float]) -> str:
    """How the 0-100 score is made (`overall_score`), in a line a trainee reads under it:
    testers could not tell how 96 came from five bars."""
    heavier = [f"{LABELS[d]} ×{weights[d]:g}" for d in DIMENSIONS if weights.get(d, 1.0) != 1.0]
    weighting = (f"weighted for this scenario ({', '.join(heavier)}; the rest ×1)" if heavier
                 else "weighted equally")
    by_cap: dict[int, list[str]] = {}
    for flag, (cap, _) in FAULT_CAPS.items():
        by_cap.setdefault(cap, []).append(flag)
    caps = "; ".join(f"{_either(flags)} caps it at {cap}" for cap, flags in by_cap.items())
    return (f"How the score is made: each skill's best score in any reply, {weighting}, as a "
            f"share of 100; {caps}.")


def _either(words: list[str]) -> str:
    """"a", "a or b", "a, b or c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def build_debrief(session: Session) -> Debrief:
    scenario = session.scenario
    outcome = outcome_of(session)
    ending = session.ending
    ending_line = ending.says if ending and ending.kind != "trainee-ended" else ""
    curve = (scenario.customer.anger, *(t.anger_after for t in session.turns))
    return Debrief(scenario.id, scenario.title, scenario.customer.name, outcome, ending_line,
                   tuple(turn_report(t) for t in session.turns),
                   _tips(session, outcome), curve, tuple(_patience(session.turns)),
                   scenario.model_answer.strip(), how_scored(dict(scenario.rubric.weights)),
                   tuple(f"“{t.reply}” ({dimension_marks(t)})" for t in session.taken_back))


def turn_report(turn: Turn) -> TurnReport:
    # each promise beyond policy is pointed at too, not only named in its reason (t22)
    breaches: list[Highlight] = []
    for b in sorted(turn.breaches, key=lambda b: (b.start, b.start - b.end)):
        if b.end > b.start and not any(b.start < h.end and h.start < b.end for h in breaches):
            breaches.append(Highlight("overpromise", "flag", b.start, b.end,
                                      turn.reply[b.start:b.end], "beyond policy"))
    highlights = tuple(sorted(
        [*(Highlight(e.key, e.effect, e.start, e.end, e.text, why(e))
           for e in credited_evidence(turn)), *breaches],
        key=lambda h: (h.start, h.end)))
    return TurnReport(turn.number, turn.reply, dimension_marks(turn), highlights,
                      tuple(scorer_reasons(turn)), tuple(str(c) for c in turn.changes),
                      turn.anger_before, turn.anger_after, turn.customer_says)


NEAR_MISS_WEIGHT = 3.0  # a span this strong ("strong") for a dimension left uncredited
# ...in a reply that scored at least this for it: at 0.01, "'sorry': counted towards it,
# not enough for credit" told a tester the word nearly earned what the reply was far from
NEAR_MISS_SCORE = 0.1
JUST_CREDITED = 0.7     # a credited dimension below this is explained by what held it down
HELD_DOWN_WEIGHT = 1.0  # ...with words that held it down at least this much ("clear")


def scorer_reasons(turn: Turn) -> list[Reason]:
    """Every reason the scorer gave for this reply, as `trainer grade` shows them: each
    phrase that earned a dimension nothing ("for any inconvenience"), with the scorer's tip
    for it, and a tip for each flag the turn raised (they quote the words that raised it).
    Also a near miss: the strongest words that counted towards a dimension that was still
    not credited, so a partial score is not left unexplained (a tester's "I'll check on
    Friday that the money has landed" earned nothing and the debrief said nothing)."""
    reasons = []
    # a rule's own reason ("no time or event") explains the dimension; a near miss beside it
    # printed the same tip twice for the same words (a tester)
    ruled = {e.key for e in turn.score.evidence if e.held_down_by_rule}
    for dimension in DIMENSIONS:
        if (dimension in ruled or turn.credited(dimension)
                or turn.score.scores[dimension] < NEAR_MISS_SCORE):
            continue
        near = max((e for e in turn.score.evidence_for(dimension)
                    if e.rule == "model" and e.effect == "weak" and e.score >= NEAR_MISS_WEIGHT),
                   key=lambda e: e.score, default=None)
        if near is not None:
            reasons.append(Reason(dimension, near.text, (
                f"counted towards it, not enough for credit "
                f"({turn.score.scores[dimension]:.2f} of the 0.50 needed). "
                + turn.score.tips.get(dimension, ADVICE[dimension]))))
    for dimension in DIMENSIONS:
        # credited only just: the words that held it down, which the credit alone hid (a
        # tester's second-language apology scored 0.52, held down by "our staff")
        score = turn.score.scores[dimension]
        if turn.credited(dimension) and score < JUST_CREDITED:
            held = min((e for e in turn.score.evidence_for(dimension)
                        if e.rule == "model" and e.effect == "cancel"
                        and e.score <= -HELD_DOWN_WEIGHT), key=lambda e: e.score, default=None)
            if held is not None:
                reasons.append(Reason(dimension, held.text, (
                    f"held it down: credited, but only just ({score:.2f}). "
                    + ADVICE[dimension])))
    for e in turn.score.evidence:
        if e.rule == "model" or e.effect == "credit":
            continue
        if e.key in DIMENSIONS and not turn.credited(e.key):
            reasons.append(Reason(e.key, e.text, turn.score.tips.get(e.key, e.note)))
        elif e.key == "all":
            reasons.append(Reason(e.key, "", e.note))
    for flag in turn.flags:
        advice = _flag_tip(turn, flag)
        if advice:
            reasons.append(Reason(flag, "", advice))
    return reasons


def _flag_tip(turn: Turn, flag: str) -> str | None:
    if flag == "overpromise" and turn.breaches:
        return (f"Promise only what you can deliver: {_breaches(turn)}. Offer what the "
                "policy allows instead.")
    return turn.score.tips.get(flag)


def _breaches(turn: Turn) -> str:
    """Every promise beyond policy in the reply, not only the first: a tester's reply made
    two and the debrief named one."""
    return "; ".join(dict.fromkeys(b.message for b in turn.breaches))


def _patience(turns: list[Turn]) -> list[str]:
    """Each turn where the customer's patience ran out before the reply came."""
    return [f"Turn {t.number}: {c}" for t in turns for c in t.changes
            if c.reason.startswith(WAITED[1])]


def _tips(session: Session, outcome: Outcome) -> dict[str, str]:
    """A tip for each dimension never credited, fitted to the scenario where its model
    answer shows how, and a tip for each flag raised (from the last reply that raised it)."""
    tips: dict[str, str] = {}
    quoted: list[str] = []
    for dimension in DIMENSIONS:
        if outcome.best[dimension] >= 0.5:
            continue
        example = model_answer_example(session.scenario, dimension, quoted)
        if example:
            quoted.append(example)
            tips[dimension] = f"{ADVICE[dimension]} As in the model answer: “{example}”"
            continue
        tip = next((t.score.tips[dimension] for t in reversed(session.turns)
                    if dimension in t.score.tips), None)
        if tip:
            tips[dimension] = tip
    for flag in outcome.flags:
        tip = next((_flag_tip(t, flag) for t in reversed(session.turns) if flag in t.flags),
                   None)
        if tip:
            tips[flag] = tip
    return tips


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+")


def model_answer_example(scenario: Scenario, dimension: str,
                         quoted: list[str] | tuple[str, ...] = ()) -> str | None:
    """The sentence of the scenario's model answer the scorer credits most for
    `dimension`, or None when no sentence of it earns the credit alone. A sentence in
    `quoted` (another tip's example) is passed over while another one earns the credit: a
    tester got the same sentence as the example for empathy and for apology."""
    sentences = [s for s in _SENTENCE_BREAK.split(" ".join(scenario.model_answer.split())) if s]
    adjustments = RubricAdjustments(dict(scenario.rubric.phrases))
    customer = " ".join(scenario.customer.opening)
    credited = [(score.scores[dimension], s) for s in sentences
                if (score := score_reply(s, customer, adjustments)).credited(dimension)]
    fresh = [pair for pair in credited if pair[1] not in quoted]
    return max(fresh or credited, default=(0.0, None))[1]


SHOWN_SHARE = 0.5  # a span is shown when it weighs at least half its key's strongest span


def credited_evidence(turn: Turn) -> list[Evidence]:
    """The words that decided each credit and flag in a turn, in reply order.

    The scorer's evidence lists every span that moved a key; a trainee needs the ones that
    decided it: for each key, the spans weighing at least half of its strongest, and where
    spans of two keys overlap, the heavier one. Every key credited or flagged keeps its
    strongest span even where a heavier key's overlaps it ("I'm so sorry, that must be hard"
    is empathy as well as the apology in "sorry"): a credit shown without its words is one a
    trainee cannot check. Scenario phrases always show.
    """
    shown = [e for e in turn.score.evidence  # a flag the conversation explains is not shown
             if (e.effect == "credit" or (e.effect == "flag" and e.key in turn.flags))
             and e.end > e.start and e.key != "all"]
    shown = _in_best_sentence(turn.reply, shown)
    top: dict[str, float] = {}
    for e in shown:
        top[e.key] = max(top.get(e.key, 0.0), e.score)
    kept = sorted((e for e in shown if e.rule != "model" or e.score >= SHOWN_SHARE * top[e.key]),
                  key=lambda e: -e.score)
    strongest: dict[str, Evidence] = {}
    for e in kept:
        strongest.setdefault(e.key, e)
    chosen = list(strongest.values())
    for e in kept:
        if e not in chosen and not any(e.start < c.end and c.start < e.end for c in chosen):
            chosen.append(e)
    return sorted(chosen, key=lambda e: (e.start, e.end))


def _in_best_sentence(reply: str, evidence: list[Evidence]) -> list[Evidence]:
    """The model's spans for each key kept to the one sentence whose spans weigh most for
    it: a reply earns a remedy in the sentence that offers it. Word by word the heaviest spans
    can sit anywhere ("that's on us" showed "us" as the remedy, beside "I'm having the
    kitchen remake your pasta"), which a tester could not believe. Scenario phrases and named
    reasons are kept wherever they are."""
    ends = [m.start() for m in _SENTENCE_BREAK.finditer(reply)]

    def sentence(e: Evidence) -> int:
        return sum(1 for end in ends if end < e.start)

    weight: dict[tuple[str, int], float] = {}
    for e in evidence:
        if e.rule == "model":
            key = (e.key, sentence(e))
            weight[key] = weight.get(key, 0.0) + e.score
    best: dict[str, tuple[float, int]] = {}
    for (key, index), total in weight.items():
        best[key] = max(best.get(key, (total, index)), (total, index))
    return [e for e in evidence if e.rule != "model" or sentence(e) == best[e.key][1]]


def why(e: Evidence) -> str:
    """What a piece of evidence says about itself: how strongly the words counted (the
    model's weight, in words a trainee reads), or the scenario phrase or reason it names."""
    if e.rule.startswith("scenario-phrase:"):
        return "a phrase this scenario credits"
    if e.rule != "model":
        return e.rule
    weight = abs(e.score)
    return "strong" if weight >= 3 else "clear" if weight >= 1 else "slight"


def dimension_marks(turn: Turn) -> str:
    """What a reply earned, as the chat shows it under the reply: the dimensions credited,
    then each flag with the words that raised it (a flag a trainee cannot place teaches
    nothing; a tester saw "⚑ overpromise" and had to guess why)."""
    hits = [LABELS[d] for d in DIMENSIONS if turn.credited(d)]
    return ", ".join(hits + [_flag_mark(turn, f) for f in turn.flags]) or "nothing credited"


def _flag_mark(turn: Turn, flag: str) -> str:
    if flag == "overpromise" and turn.breaches:
        return f"⚑ {flag} ({_breaches(turn)})"
    words = turn.score.raised_by(flag)
    return f"⚑ {flag} “{words.text}”" if words else f"⚑ {flag}"


def reason_line(r: Reason) -> str:
    """A scorer's reason in one line: what it concerns, the words, and its advice."""
    words = f"“{r.words}”: " if r.words else ""
    return f"{r.label}: {words}{r.advice}"


def verdict_lines(d: Debrief) -> list[str]:
    """Why the result is what it is: every reason a session failed (a capped score, an
    ending that was not resolved, a score below the mark), the caps on a pass, and each
    time the customer's patience ran out."""
    o = d.outcome
    lines = [f"Why it did not pass: {r}" for r in o.failed_because]
    if o.passed:
        lines += [f"Score capped: {c}" for c in o.caps]
    lines += [f"Patience ran out: {p}" for p in d.patience]
    return lines


def taken_back_heading(d: Debrief) -> str:
    n = len(d.taken_back)
    return f"Taken back in practice: {n} {'reply' if n == 1 else 'replies'}, not scored"


def taken_back_lines(d: Debrief) -> list[str]:
    """The heading, then each reply taken back indented under it; none when there were
    none. The plain text and the debrief screen show these lines."""
    return [taken_back_heading(d), *(f"  {t}" for t in d.taken_back)] if d.taken_back else []


def render_text(d: Debrief) -> str:
    """The debrief for a terminal or a screen reader: plain lines, no colour or layout."""
    o = d.outcome
    lines = [f"DEBRIEF: {d.title}",
             f"Overall score: {o.score}/100 ({'PASS' if o.passed else 'FAIL'}, pass mark "
             f"{o.pass_mark})",
             f"Ending: {d.ending}"]
    lines += verdict_lines(d)
    lines.append("Dimensions (best reply):")
    for dimension in DIMENSIONS:
        value = o.best[dimension]
        bar = "#" * round(value * 10)
        lines.append(f"  {LABELS[dimension]:<10} {bar:<10} {value:.2f}")
    if d.scoring:
        lines.append(d.scoring)
    lines.append("Flags raised: " + flags_described(o.flags))
    lines += taken_back_lines(d)
    lines.append("Anger: " + " -> ".join(str(a) for a in d.anger_curve))
    for turn in d.turns:
        lines.append(f"Turn {turn.number} (anger {turn.anger_before} -> {turn.anger_after}):"
                     f" {turn.marks}")
        lines.append(f"  You: {turn.reply}")
        for h in turn.highlights:
            lines.append(f"    [{h.label}] \"{h.text}\" ({h.strength})")
        for r in turn.reasons:
            lines.append(f"    {reason_line(r)}")
        for change in turn.changes:
            lines.append(f"    {change}")
        lines.append(f"  {d.customer}: {turn.customer_says}")
    if d.tips:
        lines.append("Tips:")
        lines += [f"  {d.tip_label(k)}: {v}" for k, v in d.tips.items()]
    if o.notes:
        lines.append("Notes on the steps:")
        lines += [f"  {n}" for n in o.notes]
    lines.append(f"Model answer: {d.model_answer}")
    return "\n".join(lines)


def render_markdown(d: Debrief, handed_in: str = "") -> str:
    """The debrief as Markdown. Every text that came from a reply or a scenario has its
    HTML escaped, since a Markdown viewer renders raw HTML (a `<script>` in a reply).
    `handed_in`: who saved it and when, for a file a trainee hands to a trainer."""
    o = d.outcome
    e = _escape_md
    out = [f"# Debrief: {e(d.title)}", ""]
    if handed_in:
        out += [f"*{e(handed_in)}*", ""]
    out += [f"**Overall score:** {o.score}/100 ({'pass' if o.passed else 'fail'}, pass mark "
           f"{o.pass_mark})  ", f"**Ending:** {e(d.ending)}  ",
           f"**Flags raised:** {e(flags_described(o.flags))}", ""]
    if d.taken_back:
        out += [f"**{taken_back_heading(d)}**", "", *(f"- {e(t)}" for t in d.taken_back), ""]
    out += [f"> {e(line)}  " for line in verdict_lines(d)]
    out += ["", "| Dimension | Best reply's score | Credited (0.50 or more) |", "|---|---|---|"]
    out += [f"| {LABELS[k]} | {bar(o.best[k], 10)} {o.best[k]:.2f} | "
            f"{'yes' if o.best[k] >= CREDIT_THRESHOLD else 'no'} |" for k in DIMENSIONS]
    if d.scoring:
        out += ["", e(d.scoring)]
    out += ["", "## Anger", "", " → ".join(str(a) for a in d.anger_curve), "", "## Transcript"]
    for turn in d.turns:
        out += ["", f"### Turn {turn.number}: {e(turn.marks)}", "",
                f"**You:** {_highlight_md(turn)}", ""]
        out += [f"- {e(reason_line(r))}" for r in turn.reasons]
        out += [f"- {e(change)}" for change in turn.changes]
        out += ["", f"**{e(d.customer)}:** {e(turn.customer_says)}"]
    if d.tips:
        out += ["", "## Tips", ""] + [f"- **{d.tip_label(k)}:** {e(v)}"
                                      for k, v in d.tips.items()]
    if o.notes:
        out += ["", "## Notes on the steps", ""] + [f"- {e(n)}" for n in o.notes]
    out += ["", "## Model answer", "", e(d.model_answer), ""]
    return "\n".join(out)


def bar(fraction: float, width: int) -> str:
    """A 0-1 fraction as a bar of `width` blocks, as the screens draw scores and anger."""
    filled = max(0, min(width, round(fraction * width)))
    return "█" * filled + "░" * (width - filled)


def _escape_md(text: str) -> str:
    """`<`, `>` and `&` as entities, so no HTML in `text` is rendered; Markdown viewers show
    the entities as the characters. Quotes stay as typed (they only matter in attributes)."""
    return html.escape(text, quote=False)


def render_html(d: Debrief, handed_in: str = "") -> str:
    o = d.outcome
    e = html.escape
    rows = "".join(f"<tr><td>{LABELS[k]}</td><td><meter min='0' max='1' value='{o.best[k]:.2f}'>"
                   f"</meter> {o.best[k]:.2f}</td></tr>" for k in DIMENSIONS)
    turns = []
    for turn in d.turns:
        items = "".join(f"<li>{e(line)}</li>" for line in
                        [*(reason_line(r) for r in turn.reasons), *turn.changes])
        turns.append(f"<section><h3>Turn {turn.number}: {e(turn.marks)}</h3>"
                     f"<p><b>You:</b> {_highlight_html(turn)}</p><ul>{items}</ul>"
                     f"<p><b>{e(d.customer)}:</b> {e(turn.customer_says)}</p></section>")
    tips = "".join(f"<li><b>{d.tip_label(k)}:</b> {e(v)}</li>" for k, v in d.tips.items())
    notes = "".join(f"<li>{e(n)}</li>" for n in o.notes)
    return (f"<!doctype html><html lang='en'><meta charset='utf-8'><title>Debrief: "
            f"{e(d.title)}</title><style>body{{font-family:sans-serif;max-width:50em;margin:auto}}"
            f"mark{{background:#fde68a}} mark.flag{{background:#fca5a5}}</style>"
            f"<h1>Debrief: {e(d.title)}</h1>"
            + (f"<p><i>{e(handed_in)}</i></p>" if handed_in else "")
            + f"<p><b>Overall score:</b> {o.score}/100 "
            f"({'pass' if o.passed else 'fail'}, pass mark {o.pass_mark})<br><b>Ending:</b> "
            f"{e(d.ending)}<br><b>Flags:</b> {e(flags_described(o.flags))}</p>"
            + (f"<p><b>{taken_back_heading(d)}</b></p><ul>"
               + "".join(f"<li>{e(t)}</li>" for t in d.taken_back) + "</ul>"
               if d.taken_back else "")
            + "".join(f"<p><i>{e(line)}</i></p>" for line in verdict_lines(d))
            + f"<table>{rows}</table>"
            + (f"<p>{e(d.scoring)}</p>" if d.scoring else "")
            + "<h2>Anger</h2><p>"
            f"{' → '.join(str(a) for a in d.anger_curve)}</p><h2>Transcript</h2>"
            + "".join(turns)
            + (f"<h2>Tips</h2><ul>{tips}</ul>" if tips else "")
            + (f"<h2>Notes on the steps</h2><ul>{notes}</ul>" if notes else "")
            + f"<h2>Model answer</h2><p>{e(d.model_answer)}</p></html>\n")


def segments(turn: TurnReport) -> Iterator[tuple[str, tuple[Highlight, ...]]]:
    """Split a reply into (text, highlights) pieces for highlighting; plain text has none.
    Highlights that overlap share one piece, the union of their spans: "sorry" that earned
    both empathy and the apology is one piece with both (a tester's Markdown export showed
    only the apology, and empathy then had no words)."""
    pieces: list[tuple[int, int, list[Highlight]]] = []
    for h in sorted(turn.highlights, key=lambda h: (h.start, h.end)):
        if pieces and h.start < pieces[-1][1]:
            start, end, group = pieces[-1]
            pieces[-1] = (start, max(end, h.end), [*group, h])
        else:
            pieces.append((h.start, h.end, [h]))
    cursor = 0
    for start, end, group in pieces:
        yield turn.reply[cursor:start], ()
        yield turn.reply[start:end], tuple(group)
        cursor = end
    yield turn.reply[cursor:], ()


def _labels_of(highlights: tuple[Highlight, ...]) -> str:
    """"Empathy, Apology": each key once, in the order the highlights come."""
    return ", ".join(dict.fromkeys(h.label for h in highlights))


def _highlight_md(turn: TurnReport) -> str:
    return "".join(f"**{_escape_md(t)}** _({_labels_of(hs)})_" if hs else _escape_md(t)
                   for t, hs in segments(turn) if t)


def _highlight_html(turn: TurnReport) -> str:
    parts = []
    for text, hs in segments(turn):
        if not text:
            continue
        if not hs:
            parts.append(html.escape(text))
        else:
            cls = " class='flag'" if any(h.effect == "flag" for h in hs) else ""
            title = "; ".join(f"{h.label}: {h.strength}" for h in hs)
            parts.append(f"<mark{cls} title='{html.escape(title)}'>{html.escape(text)}</mark>")
    return "".join(parts)
