"""The rubric engine: score a trainee's reply for empathy, apology, questions, solution and
follow-up, flag blame, dismissiveness and defensiveness, and say which words did it.

Pure Python; imports nothing from `trainer` or `textual`. `../shared/RUBRIC.md` is the
contract. Typical use::

    from scoring import score_reply
    result = score_reply("I'm so sorry, I've refunded the $40 today.")
    result.scores["apology"], result.flags, result.evidence
"""

from scoring.engine import score_reply
from scoring.errors import LexiconError, RubricError
from scoring.lexicon import Lexicon, load_lexicon
from scoring.result import (
    CREDIT_THRESHOLD,
    DIMENSIONS,
    FLAGS,
    Evidence,
    ReplyScore,
    RubricAdjustments,
)

RUBRIC_VERSION = "1"

__all__ = [
    "CREDIT_THRESHOLD",
    "DIMENSIONS",
    "FLAGS",
    "RUBRIC_VERSION",
    "Evidence",
    "Lexicon",
    "LexiconError",
    "ReplyScore",
    "RubricAdjustments",
    "RubricError",
    "load_lexicon",
    "score_reply",
]
