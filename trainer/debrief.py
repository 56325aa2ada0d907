"""The debrief: what a finished session teaches, as plain data, text, Markdown or HTML.

Built from a session by `build_debrief`; the Textual debrief screen, `trainer play --plain`
and the export to a file all show this same value, so they always agree.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from scoring import DIMENSIONS, Evidence
from trainer.session.engine import Session, Turn
from trainer.session.outcome import Outcome, outcome_of

LABELS = {"empathy": "Empathy", "apology": "Apology", "questions": "Questions",
          "solution": "Solution", "follow_up": "Follow-up"}
ENDING_LABELS = {"resolved": "Resolved", "escalated": "Escalated", "left": "Customer left",
                 "trainee-ended": "Ended by you", None: "Not finished"}


@dataclass(frozen=True)
class Debrief:
    scenario_id: str
    title: str
    customer: str
    outcome: Outcome
    ending_line: str
    turns: tuple[Turn, ...]
    tips: dict[str, str]               # for each dimension never credited
    anger_curve: tuple[int, ...]        # anger at the start, then after each turn
    model_answer: str

    @property
    def ending_label(self) -> str:
        return ENDING_LABELS.get(self.outcome.ending_kind, str(self.outcome.ending_kind))


def build_debrief(session: Session) -> Debrief:
    outcome = outcome_of(session)
    tips: dict[str, str] = {}
    for dimension in DIMENSIONS:
        if outcome.best[dimension] >= 0.5:
            continue
        tip = next((t.score.tips[dimension] for t in reversed(session.turns)
                    if dimension in t.score.tips), None)
        if tip:
            tips[dimension] = tip
    curve = (session.scenario.customer.anger, *(t.anger_after for t in session.turns))
    return Debrief(session.scenario.id, session.scenario.title, session.scenario.customer.name,
                   outcome, session.ending.says if session.ending else "",
                   tuple(session.turns), tips, curve, session.scenario.model_answer.strip())


SHOWN_SHARE = 0.5  # a span is shown when it weighs at least half its key's strongest span


def credited_evidence(turn: Turn) -> list[Evidence]:
    """The words that decided each credit and flag in a turn, in reply order.

    The scorer's evidence lists every span that moved a key; a trainee needs the ones that
    decided it: for each key, the spans weighing at least half of its strongest, and where
    spans of two keys overlap, the heavier one. Scenario phrases always show.
    """
    shown = [e for e in turn.score.evidence  # a flag the conversation explains is not shown
             if (e.effect == "credit" or (e.effect == "flag" and e.key in turn.flags))
             and e.end > e.start and e.key != "all"]
    top: dict[str, float] = {}
    for e in shown:
        top[e.key] = max(top.get(e.key, 0.0), e.score)
    kept = sorted((e for e in shown if e.rule != "model" or e.score >= SHOWN_SHARE * top[e.key]),
                  key=lambda e: -e.score)
    chosen: list[Evidence] = []
    for e in kept:
        if not any(e.start < c.end and c.start < e.end for c in chosen):
            chosen.append(e)
    return sorted(chosen, key=lambda e: (e.start, e.end))


def why(e: Evidence) -> str:
    """What a piece of evidence says about itself: how strongly the words counted (the
    model's weight, in words a trainee reads), or the scenario phrase or reason it names."""
    if e.rule != "model":
        return e.rule
    weight = abs(e.score)
    return "strong" if weight >= 3 else "clear" if weight >= 1 else "slight"


def dimension_marks(turn: Turn) -> str:
    hits = [LABELS[d] for d in DIMENSIONS if turn.credited(d)]
    return ", ".join(hits + [f"⚑ {f}" for f in turn.flags]) or "nothing credited"


def render_text(d: Debrief) -> str:
    """The debrief for a terminal or a screen reader: plain lines, no colour or layout."""
    o = d.outcome
    lines = [f"DEBRIEF: {d.title}",
             f"Overall score: {o.score}/100 ({'PASS' if o.passed else 'FAIL'}, pass mark "
             f"{o.pass_mark})",
             f"Ending: {d.ending_label}" + (f": \"{d.ending_line}\"" if d.ending_line else "")]
    lines += [f"Score capped: {c}" for c in o.caps]
    lines.append("Dimensions (best reply):")
    for dimension in DIMENSIONS:
        value = o.best[dimension]
        bar = "#" * round(value * 10)
        lines.append(f"  {LABELS[dimension]:<10} {bar:<10} {value:.2f}")
    lines.append("Flags raised: " + (", ".join(o.flags) or "none"))
    lines.append("Anger: " + " -> ".join(str(a) for a in d.anger_curve))
    for turn in d.turns:
        lines.append(f"Turn {turn.number} (anger {turn.anger_before} -> {turn.anger_after}):"
                     f" {dimension_marks(turn)}")
        lines.append(f"  You: {turn.reply}")
        for e in credited_evidence(turn):
            lines.append(f"    [{e.key}] \"{e.text}\" ({why(e)})")
        for change in turn.changes:
            lines.append(f"    {change}")
        lines.append(f"  {d.customer}: {turn.customer_says}")
    if d.tips:
        lines.append("Tips:")
        lines += [f"  {LABELS[k]}: {v}" for k, v in d.tips.items()]
    if o.notes:
        lines.append("Notes on order:")
        lines += [f"  {n}" for n in o.notes]
    lines.append(f"Model answer: {d.model_answer}")
    return "\n".join(lines)


def render_markdown(d: Debrief) -> str:
    """The debrief as Markdown. Every text that came from a reply or a scenario has its
    HTML escaped, since a Markdown viewer renders raw HTML (a `<script>` in a reply)."""
    o = d.outcome
    e = _escape_md
    out = [f"# Debrief: {e(d.title)}", "",
           f"**Overall score:** {o.score}/100 ({'pass' if o.passed else 'fail'}, pass mark "
           f"{o.pass_mark})  ", f"**Ending:** {e(d.ending_label)}"
           + (f": “{e(d.ending_line)}”" if d.ending_line else "") + "  ",
           f"**Flags raised:** {e(', '.join(o.flags) or 'none')}", ""]
    out += [f"> Score capped: {e(c)}" for c in o.caps]
    out += ["", "| Dimension | Best score |", "|---|---|"]
    out += [f"| {LABELS[k]} | {o.best[k]:.2f} |" for k in DIMENSIONS]
    out += ["", "## Anger", "", " → ".join(str(a) for a in d.anger_curve), "", "## Transcript"]
    for turn in d.turns:
        out += ["", f"### Turn {turn.number}: {e(dimension_marks(turn))}", "",
                f"**You:** {_highlight_md(turn)}", ""]
        out += [f"- {e(str(change))}" for change in turn.changes]
        out += ["", f"**{e(d.customer)}:** {e(turn.customer_says)}"]
    if d.tips:
        out += ["", "## Tips", ""] + [f"- **{LABELS[k]}:** {e(v)}" for k, v in d.tips.items()]
    if o.notes:
        out += ["", "## Notes on order", ""] + [f"- {e(n)}" for n in o.notes]
    out += ["", "## Model answer", "", e(d.model_answer), ""]
    return "\n".join(out)


def _escape_md(text: str) -> str:
    """`<`, `>` and `&` as entities, so no HTML in `text` is rendered; Markdown viewers show
    the entities as the characters. Quotes stay as typed (they only matter in attributes)."""
    return html.escape(text, quote=False)


def render_html(d: Debrief) -> str:
    o = d.outcome
    e = html.escape
    rows = "".join(f"<tr><td>{LABELS[k]}</td><td><meter min='0' max='1' value='{o.best[k]:.2f}'>"
                   f"</meter> {o.best[k]:.2f}</td></tr>" for k in DIMENSIONS)
    turns = []
    for turn in d.turns:
        changes = "".join(f"<li>{e(str(c))}</li>" for c in turn.changes)
        turns.append(f"<section><h3>Turn {turn.number}: {e(dimension_marks(turn))}</h3>"
                     f"<p><b>You:</b> {_highlight_html(turn)}</p><ul>{changes}</ul>"
                     f"<p><b>{e(d.customer)}:</b> {e(turn.customer_says)}</p></section>")
    tips = "".join(f"<li><b>{LABELS[k]}:</b> {e(v)}</li>" for k, v in d.tips.items())
    notes = "".join(f"<li>{e(n)}</li>" for n in o.notes)
    return (f"<!doctype html><html lang='en'><meta charset='utf-8'><title>Debrief: "
            f"{e(d.title)}</title><style>body{{font-family:sans-serif;max-width:50em;margin:auto}}"
            f"mark{{background:#fde68a}} mark.flag{{background:#fca5a5}}</style>"
            f"<h1>Debrief: {e(d.title)}</h1><p><b>Overall score:</b> {o.score}/100 "
            f"({'pass' if o.passed else 'fail'}, pass mark {o.pass_mark})<br><b>Ending:</b> "
            f"{e(d.ending_label)} {e(d.ending_line)}<br><b>Flags:</b> "
            f"{e(', '.join(o.flags) or 'none')}</p>"
            + "".join(f"<p><i>Score capped: {e(c)}</i></p>" for c in o.caps)
            + f"<table>{rows}</table><h2>Anger</h2><p>"
            f"{' → '.join(str(a) for a in d.anger_curve)}</p><h2>Transcript</h2>"
            + "".join(turns)
            + (f"<h2>Tips</h2><ul>{tips}</ul>" if tips else "")
            + (f"<h2>Notes on order</h2><ul>{notes}</ul>" if notes else "")
            + f"<h2>Model answer</h2><p>{e(d.model_answer)}</p></html>\n")


def _segments(turn: Turn):
    """Split a reply into (text, evidence-or-None) pieces for highlighting."""
    cursor = 0
    for ev in credited_evidence(turn):
        if ev.start < cursor:
            continue
        yield turn.reply[cursor:ev.start], None
        yield turn.reply[ev.start:ev.end], ev
        cursor = ev.end
    yield turn.reply[cursor:], None


def _highlight_md(turn: Turn) -> str:
    return "".join(f"**{_escape_md(t)}** _({ev.key})_" if ev else _escape_md(t)
                   for t, ev in _segments(turn) if t)


def _highlight_html(turn: Turn) -> str:
    parts = []
    for text, ev in _segments(turn):
        if not text:
            continue
        if ev is None:
            parts.append(html.escape(text))
        else:
            cls = " class='flag'" if ev.effect == "flag" else ""
            parts.append(f"<mark{cls} title='{html.escape(ev.key)}: {html.escape(why(ev))}'>"
                         f"{html.escape(text)}</mark>")
    return "".join(parts)
