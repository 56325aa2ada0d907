"""The rubric engine: score a trainee's reply for empathy, apology, questions, solution and
follow-up, flag blame, dismissiveness and defensiveness, and say which words did it.

A calibrated linear model learned from the labelled corpus (`corpus/`); pure Python at run
time, importing nothing from `trainer` or `textual`. `../shared/RUBRIC.md` is the contract.
Typical use::

    from scoring import score_reply
    result = score_reply("I'm so sorry, I've refunded the $40 today.")
    result.scores["apology"], result.flags, result.evidence

Building and measuring the model lives in `scoring.training` (the `train` extra).
"""

from scoring._model import Model, load_model
from scoring._scorer import score_reply, use_model, who_was_blamed
from scoring.errors import CorpusError, ModelError, RubricError
from scoring.result import (
    CREDIT_THRESHOLD,
    DIMENSIONS,
    FLAGS,
    Evidence,
    ReplyScore,
    RubricAdjustments,
)

RUBRIC_VERSION = "2"
KEYS: tuple[str, ...] = (*DIMENSIONS, *FLAGS)

__all__ = [
    "CREDIT_THRESHOLD",
    "DIMENSIONS",
    "FLAGS",
    "KEYS",
    "RUBRIC_VERSION",
    "CorpusError",
    "Evidence",
    "Model",
    "ModelError",
    "ReplyScore",
    "RubricAdjustments",
    "RubricError",
    "load_model",
    "score_reply",
    "use_model",
    "who_was_blamed",
]
