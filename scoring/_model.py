"""The learned rubric: a calibrated linear model over the features `_reading` finds.

For each key the score is sigmoid(bias + the sum of the weights of the features present),
with the calibration folded into the weights when the model is built. Because the model is
linear, what each feature did is exact: its weight is its share of the logit, and the
evidence a reply gets is those shares laid on the characters they came from.

The artefact is a JSON file (`scoring/model/rubric.json`, rebuilt by `make model`). It
records the feature families and the hash of `words.yaml` it was built with; a model that
does not match the running code is refused with a message saying how to rebuild it.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from scoring._reading import FAMILIES, Reading, read
from scoring._words import WORDS
from scoring.errors import ModelError
from scoring.result import DIMENSIONS, FLAGS

FORMAT = 1
KEYS: tuple[str, ...] = (*DIMENSIONS, *FLAGS)
BUNDLED = "model/rubric.json"
# A feature whose weight for a key is smaller than this is not worth pointing at: it still
# counts in the score, and in `Model.contributions`, but it is left out of the evidence.
EVIDENCE_WEIGHT = 0.1
_REBUILD = "rebuild it with `make model` (or `python -m scoring.training build`)"


@dataclass(frozen=True, eq=False)
class Model:
    """A loaded model: feature index, one weight list per key, and where it came from."""

    source: str
    families: frozenset[str]
    bias: tuple[float, ...]
    index: dict[str, int]
    weights: tuple[list[float], ...]  # weights[k][i]: feature i's weight for KEYS[k]
    notable: list[int]                # bit k set when |weights[k][i]| >= EVIDENCE_WEIGHT
    meta: dict[str, object]

    def logits(self, reading: Reading) -> tuple[list[float], list[int | None]]:
        """Each key's logit, and each feature's row in the model (None: not in the model).

        A feature counts once however often it occurs (the model was trained on presence).
        """
        rows = list(map(self.index.get, reading.features))
        present = set(rows)
        present.discard(None)
        weights = zip(self.bias, self.weights, strict=True)
        return [b + sum(map(w.__getitem__, present)) for b, w in weights], rows

    def contributions(self, text: str, key: str) -> list[tuple[str, int, int, float]]:
        """Every present feature's exact share of `key`'s logit: (feature, start, end, weight).

        A feature that occurs more than once shares its weight equally between its places.
        The bias plus these shares is the logit, to rounding.
        """
        k = KEYS.index(key)
        reading = read(text, self.families)
        _, rows = self.logits(reading)
        offsets = reading.offsets()
        places: dict[int, list[int]] = {}
        for j, i in enumerate(rows):
            if i is not None:
                places.setdefault(i, []).append(j)
        out = []
        for i, js in places.items():
            share = self.weights[k][i] / len(js)
            for j in js:
                first, last = reading.place(j)
                out.append((reading.features[j], offsets[first][0], offsets[last - 1][1],
                            share))
        return out


def probability(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    e = math.exp(logit)
    return e / (1.0 + e)


def load_model(path: str | Path | None = None) -> Model:
    """Load a model artefact; the bundled one when `path` is None."""
    label = str(path) if path is not None else f"scoring/{BUNDLED}"
    try:
        if path is None:
            raw = resources.files("scoring").joinpath(BUNDLED).read_bytes()
        else:
            raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise ModelError(f"{label}: the rubric model is missing; {_REBUILD}") from None
    except OSError as exc:
        raise ModelError(f"{label}: cannot read the rubric model ({exc.strerror}); "
                         f"{_REBUILD}") from None
    return model_from_bytes(raw, label)


def model_from_bytes(raw: bytes, label: str) -> Model:
    try:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {FORMAT}")
        if tuple(data["keys"]) != KEYS:
            raise ValueError("its keys are not the rubric's")
        families = frozenset(data["families"])
        if not families <= set(FAMILIES):
            raise ValueError(f"unknown feature families {sorted(families - set(FAMILIES))}")
        names: list[str] = data["features"]
        rows: list[list[float]] = data["weights"]
        if len(names) != len(rows) or any(len(r) != len(KEYS) for r in rows):
            raise ValueError("features and weights do not line up")
        bias = tuple(float(b) for b in data["bias"])
        if len(bias) != len(KEYS):
            raise ValueError("bias does not have one value per key")
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{label}: the rubric model is corrupt ({exc}); {_REBUILD}") from None
    if data.get("words_digest") != WORDS.digest:
        raise ModelError(f"{label}: the rubric model was built with other word lists than "
                         f"scoring/words.yaml; {_REBUILD}")
    weights = tuple([float(r[k]) for r in rows] for k in range(len(KEYS)))
    notable = [sum(1 << k for k in range(len(KEYS)) if abs(r[k]) >= EVIDENCE_WEIGHT)
               for r in rows]
    meta = {k: v for k, v in data.items() if k not in ("features", "weights", "bias")}
    return Model(label, families, bias, {n: i for i, n in enumerate(names)}, weights,
                 notable, meta)
