"""Fuzz the scenario loader: random bytes, and random mutations of the bundled scenarios.

Whatever the bytes, loading ends in a scenario or in diagnostics, never in another exception;
every diagnostic has a place and a known code, and its text holds no control character.
Cases are drawn from a fixed seed (`derandomize`), so every run checks the same inputs. The
deadline is a hang guard only (a case takes milliseconds; a hang, like the 60 s list before
composing was bounded, takes far longer), not a speed test: speed is in benchmarks/.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trainer.safe_text import unsafe_characters
from trainer.scenario import CODES, bundled_dir, load_bytes

BUNDLED = [p.read_bytes() for p in sorted(bundled_dir().glob("*.yaml"))]
# Pieces that YAML, PyYAML or our checks treat specially.
TOKENS = [b"&a ", b"*a", b"!!python/object:os.system ", b"!x ", b"<<: ", b"[", b"]", b"{",
          b"}", b"- ", b": ", b"? ", b"'", b'"', b"\t", b"\x00", b"\x07", b"\x1b[31m",
          b"\xef\xbb\xbf", b"\xff\xfe", b"\xc2\x9b", b"\xe2\x80\xae", b".inf", b".nan",
          b"1:30", b"~", b"yes", b"0x1F", b"9" * 5000, b"%YAML 1.1\n---\n", b"---\n", b"...\n",
          b"\r\n", b"\n", b"  ", b"#", b"|", b">", b"\\x1b", b"[/]", b"\xed\xa0\x80",
          b"\xef\xbf\xbe"]

CASE_SETTINGS = settings(max_examples=1000, derandomize=True, database=None,
                         deadline=dt.timedelta(seconds=5),
                         suppress_health_check=[HealthCheck.too_slow,
                                                HealthCheck.data_too_large])


@st.composite
def mutated_scenario(draw) -> bytes:
    data = bytearray(draw(st.sampled_from(BUNDLED)))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "token", "repeat"]))
        if action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 200))]
        elif action == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "token":
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif action == "repeat":
            data[at:at] = bytes(data[at:at + draw(st.integers(1, 400))]) * draw(
                st.integers(2, 50))
    return bytes(data)


def _check(data: bytes, counts: dict[str, int]) -> None:
    counts["cases"] += 1
    loaded = load_bytes(data, "fuzz.yaml")  # any other exception fails the case
    errors = [d for d in loaded.diagnostics if d.is_error()]
    assert (loaded.scenario is None) == bool(errors)
    for diagnostic in loaded.diagnostics:
        assert diagnostic.path == "fuzz.yaml"
        assert diagnostic.line >= 1 and diagnostic.column >= 1
        assert diagnostic.code in CODES
        assert not unsafe_characters(diagnostic.format())
    counts["refused" if errors else "loaded"] += 1


def test_random_bytes_never_escape_as_exceptions():
    counts = {"cases": 0, "loaded": 0, "refused": 0}

    @CASE_SETTINGS
    @given(st.binary(max_size=2048))
    def case(data: bytes) -> None:
        _check(data, counts)

    case()
    print(f"\nrandom bytes: {counts['cases']} cases, {counts['refused']} refused with "
          "diagnostics, 0 escapes")
    assert counts["cases"] >= 1000


def test_mutated_bundled_scenarios_never_escape_as_exceptions():
    counts = {"cases": 0, "loaded": 0, "refused": 0}

    @CASE_SETTINGS
    @given(mutated_scenario())
    def case(data: bytes) -> None:
        _check(data, counts)

    case()
    print(f"\nmutated scenarios: {counts['cases']} cases, {counts['loaded']} still valid, "
          f"{counts['refused']} refused with diagnostics, 0 escapes")
    assert counts["cases"] >= 1000 and counts["loaded"] and counts["refused"]
