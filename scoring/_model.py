"""The learned rubric: a calibrated linear model over the features `_reading` finds.

For each key the score is sigmoid(bias + the sum of the weights of the features present),
with the calibration folded into the weights when the model is built. Because the model is
linear, what each feature did is exact: its weight is its share of the logit, and the
evidence a reply gets is those shares laid on the characters they came from.

The artefact is a JSON file (`scoring/model/rubric.json`, rebuilt by `make model`): readable
metadata (keys, families, calibration, the score each flag is raised at, what it was
trained on, the hash of `words.yaml`),
the feature names as one newline-joined string, and the weights as a base64 array of
little-endian float32, eight per feature, so a 35,000-feature model loads in well under
100 ms. A model that does not match the running code is refused with a message saying
how to rebuild it.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import sys
from array import array
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from itertools import repeat
from pathlib import Path

from scoring._reading import FAMILIES, PREFIX, Reading, read
from scoring._words import WORDS
from scoring.errors import ModelError
from scoring.result import CREDIT_THRESHOLD, DIMENSIONS, FLAGS

FORMAT = 3   # 3: each flag's threshold (`flag_thresholds`)
KEYS: tuple[str, ...] = (*DIMENSIONS, *FLAGS)
BUNDLED = "model/rubric.json"
# A feature whose weight for a key is smaller than this is not worth pointing at: it still
# counts in the score, and in `Model.contributions`, but it is left out of the evidence.
EVIDENCE_WEIGHT = 0.1
_JOINED = (PREFIX["pair"], PREFIX["triple"])   # features named by norms joined with spaces
# `Model._packed`: weights as whole numbers of 2^-32, offset into 64-bit fields
_FIXED = 2.0 ** 32
_OFFSET = 1 << 40                 # weights within +-256; a trained model's are within +-20
_FIELD = (1 << 64) - 1
_SHIFTS = tuple(64 * k for k in range(len(KEYS)))
_REBUILD = "rebuild it with `make model` (or `python -m scoring.training build`)"


@dataclass(frozen=True, eq=False)
class Model:
    """A loaded model: feature index (by name, and by norms for scoring), one weight list
    per key, and where it came from."""

    source: str
    families: frozenset[str]
    bias: tuple[float, ...]
    index: dict[str, int]             # feature name -> its row
    by_norms: dict[str, dict[str | tuple[str, ...], int]]   # see `index_by_norms`
    rows: list[tuple[float, ...]]     # rows[i][k]: feature i's weight for KEYS[k]
    meta: dict[str, object]
    thresholds: dict[str, float]      # key -> the score it is credited or raised at

    def raised(self, key: str, score: float) -> bool:
        """Whether `score` credits dimension `key` or raises flag `key`."""
        return score >= self.thresholds[key]

    @cached_property
    def notable(self) -> list[int]:
        """Per feature, bit k set when |rows[i][k]| >= EVIDENCE_WEIGHT: which keys it is
        worth pointing at. Worked out on the first explanation, not at load."""
        out = []
        for row in self.rows:
            bits = 0
            for k, w in enumerate(row):
                if w >= EVIDENCE_WEIGHT or w <= -EVIDENCE_WEIGHT:
                    bits |= 1 << k
            out.append(bits)
        return out

    def rows_of(self, reading: Reading) -> list[int | None]:
        """Each feature's row in the model (None: not in the model), in the order of
        `reading.features`: the same as looking each name up in `index`."""
        norms, tables, families = reading.norms, self.by_norms, self.families
        n = len(norms)
        ids: list[int | None] = ([*map(tables[PREFIX["word"]].get, norms)]
                                 if "word" in families else [None] * n)
        for i in reading.negated_at:
            ids[i] = None  # a negated word is read as negated, not as itself
        if n > 1:
            ids += (map(tables[PREFIX["pair"]].get, zip(norms, norms[1:], strict=False))
                    if "pair" in families else [None] * (n - 1))
        if n > 2:
            ids += (map(tables[PREFIX["triple"]].get,
                        zip(norms, norms[1:], norms[2:], strict=False))
                    if "triple" in families else [None] * (n - 2))
        ids += [tables[prefix].get(norms[i]) for prefix, i in reading.cues]
        return ids

    def logits(self, reading: Reading) -> tuple[list[float], list[int | None]]:
        """Each key's logit, and each feature's row in the model (None: not in the model).

        A feature counts once however often it occurs (the model was trained on presence).
        The rows present are added as `_packed` integers: one addition per row instead of
        eight, which makes scoring about a seventh faster. Each weight is counted to within
        2^-32 (`_FIXED`), so a logit is within 2^-32 times the rows present (under 5e-8 for a
        typical reply's ~200) of adding the float weights.
        """
        ids = self.rows_of(reading)
        present = set(ids)
        present.discard(None)
        return self.logits_of_rows(present), ids

    def logits_of_rows(self, present: set[int]) -> list[float]:
        """Each key's logit when exactly the rows `present` are present."""
        if not present:
            return list(self.bias)
        total = sum(map(self._packed.__getitem__, present))
        offset = len(present) * _OFFSET
        return [b + (((total >> shift) & _FIELD) - offset) / _FIXED
                for b, shift in zip(self.bias, _SHIFTS, strict=True)]

    @cached_property
    def _packed(self) -> list[int]:
        """Each row's eight weights as one integer: weight k, as a whole number of 2^-32
        (`_FIXED`) plus `_OFFSET` so it is never negative, in bits 64k to 64k + 63. Adding
        such integers adds every key's weights at once, and the 64-bit fields leave room
        for any number of rows a model can have without one field running into the next.
        Worked out on the first score (about 80 ms), not at load."""
        flat = array("Q")
        try:
            flat.fromlist([int(w * _FIXED) + _OFFSET for row in self.rows for w in row])
            fits = not flat or max(flat) < 2 * _OFFSET
        except (OverflowError, ValueError):   # too large, infinite or not a number
            fits = False
        if not fits:
            raise ModelError(f"{self.source}: a weight is beyond +-{_OFFSET / _FIXED:g}; "
                             f"{_REBUILD}")
        if sys.byteorder != "little":
            flat.byteswap()
        view, size = memoryview(flat.tobytes()), 8 * len(KEYS)
        return list(map(int.from_bytes, [view[i:i + size] for i in range(0, len(view), size)],
                        repeat("little")))

    @staticmethod
    def places(ids: list[int | None]) -> dict[int, list[int]]:
        """For each model row present, the features (positions in the reading) that hit it."""
        out: dict[int, list[int]] = {}
        for j, i in enumerate(ids):
            if i is not None:
                out.setdefault(i, []).append(j)
        return out

    def contributions(self, text: str, key: str) -> list[tuple[str, int, int, float]]:
        """Every present feature's exact share of `key`'s logit: (feature, start, end, weight).

        A feature that occurs more than once shares its weight equally between its places.
        The bias plus these shares is the logit, to rounding.
        """
        k = KEYS.index(key)
        reading = read(text, self.families)
        _, ids = self.logits(reading)
        offsets = reading.offsets()
        out = []
        for i, js in self.places(ids).items():
            share = self.rows[i][k] / len(js)
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
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            found = data.get("format") if isinstance(data, dict) else None
            raise ValueError(f"format {found!r}, expected {FORMAT}")
        if tuple(data["keys"]) != KEYS:
            raise ValueError("its keys are not the rubric's")
        families = frozenset(data["families"])
        if not families <= set(FAMILIES):
            raise ValueError(f"unknown feature families {sorted(families - set(FAMILIES))}")
        names: list[str] = data["features"].split("\n") if data["features"] else []
        packed = array("f")
        packed.frombytes(base64.b64decode(data["weights"], validate=True))
        if sys.byteorder != "little":
            packed.byteswap()
        if len(packed) != len(names) * len(KEYS):
            raise ValueError("features and weights do not line up")
        bias = tuple(float(b) for b in data["bias"])
        if len(bias) != len(KEYS):
            raise ValueError("bias does not have one value per key")
        thresholds = {key: CREDIT_THRESHOLD for key in DIMENSIONS}
        for key in FLAGS:
            t = float(data["flag_thresholds"][key])
            if not 0.0 < t < 1.0:
                raise ValueError(f"{key}'s threshold {t} is not between 0 and 1")
            thresholds[key] = t
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        raise ModelError(f"{label}: the rubric model is corrupt ({exc}); {_REBUILD}") from None
    if data.get("words_digest") != WORDS.digest:
        raise ModelError(f"{label}: the rubric model was built with other word lists than "
                         f"scoring/words.yaml; {_REBUILD}")
    flat = iter(packed.tolist())
    rows = list(zip(*[flat] * len(KEYS), strict=True))  # eight at a time, in C
    meta = {k: v for k, v in data.items() if k not in ("features", "weights", "bias")}
    index = dict(zip(names, range(len(names)), strict=True))
    return Model(label, families, bias, index, index_by_norms(index), rows, meta, thresholds)


def index_by_norms(index: dict[str, int]) -> dict[str, dict[str | tuple[str, ...], int]]:
    """The feature index keyed by what a reading holds: for each family's prefix ("w:",
    "b:", ...), a word or cue feature by its norm and a pair or triple by the tuple of its
    norms ("b:so sorry" by ("so", "sorry")).

    This is for speed: `Model.rows_of` looks a reply's features up without building a name
    for each, and its pairs and triples come straight from `zip` over the norms. A norm never
    holds a space (the tokeniser splits on spaces and `words.yaml` spellings are single
    words), so splitting a name on spaces gives back its norms exactly. The norms are
    interned, as `_reading` interns every norm it reads, so a lookup that finds its key
    compares strings by identity, not character by character.
    """
    tables: dict[str, dict[str | tuple[str, ...], int]] = {p: {} for p in PREFIX.values()}
    for name, i in index.items():
        table = tables.get(name[:2])  # every prefix is two characters
        if table is None:
            continue  # no reading has this feature, so it never counts
        body = name[2:]
        if name[:2] in _JOINED:
            table[tuple(map(sys.intern, body.split(" ")))] = i
        else:
            table[sys.intern(body)] = i
    return tables


def pack_weights(rows: list[list[float]]) -> str:
    """The artefact's weights field: rows of eight floats as base64 little-endian float32."""
    packed = array("f", [w for row in rows for w in row])
    if sys.byteorder != "little":
        packed.byteswap()
    return base64.b64encode(packed.tobytes()).decode("ascii")
