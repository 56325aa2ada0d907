"""Read a YAML file from an untrusted author into plain values that remember their place.

Scenario files come from people we don't control, so this loader:

- refuses files over 256 KiB, text that is not UTF-8 (naming UTF-16/32 when it sees it) and
  control characters, before parsing, each with its line and column;
- composes nodes with PyYAML's SafeLoader and never runs a constructor for a tag: any tag
  other than the plain YAML ones (`!!python/object`, `!custom`, merge keys) is an error;
- bounds the work while composing: aliases, values, items in one list or mapping, nesting
  depth and total text are counted as they are parsed, and reading stops at a small bound,
  so an alias bomb or a 200,000-item list is refused in milliseconds instead of being built;
- reads scalars by YAML 1.2's core schema: `1:30` is text (not 90 as in YAML 1.1), `yes` is
  text, `017` is 17, and numbers must be finite (`.inf` and `.nan` are refused);
- reports duplicate keys instead of silently keeping the last one;
- records the line and column of every key and value, so later checks can point at them.

Sequences become tuples and mappings dicts, ready for frozen models.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.events import AliasEvent, ScalarEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from trainer.safe_text import unsafe_characters
from trainer.scenario.diagnostics import Diagnostic

MAX_BYTES = 256 * 1024  # the largest bundled scenario is under 10 KiB
MAX_ALIASES = 20
MAX_NODES = 10_000  # values, counted while composing and again as aliases expand
MAX_ITEMS = 1_000  # items in one list, or keys in one mapping
MAX_TEXT = 512 * 1024  # characters in all values together, aliases expanded
MAX_DEPTH = 32  # lists and mappings inside each other; a scenario needs 4

Path_ = tuple[str | int, ...]

_STR, _INT, _FLOAT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_BOOL, _NULL = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"
_PLAIN_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL, "tag:yaml.org,2002:seq",
               "tag:yaml.org,2002:map"}

# YAML 1.2 core schema: what an unquoted scalar means (anything else is text).
_CORE_SCHEMA = (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (_FLOAT, r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
             r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:merge", r"^<<$", "<"),  # kept only to refuse it by name
)

# Byte-order marks, longest first (a UTF-32 LE mark begins like a UTF-16 LE one).
_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32 LE"), (b"\x00\x00\xfe\xff", "UTF-32 BE"),
         (b"\xff\xfe", "UTF-16 LE"), (b"\xfe\xff", "UTF-16 BE"))
# Where the NUL bytes of mostly-ASCII text fall, by position modulo 4.
_NUL_PATTERNS = (({1, 2, 3}, "UTF-32 LE"), ({0, 1, 2}, "UTF-32 BE"), ({1, 3}, "UTF-16 LE"),
                 ({0, 2}, "UTF-16 BE"))
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "backspace", 0x0B: "vertical tab",
                  0x0C: "form feed", 0x0D: "carriage return", 0x1B: "ESC", 0x7F: "DEL",
                  0x85: "next line", 0xFFFE: "a non-character", 0xFFFF: "a non-character"}
_MAX_CONTROL_REPORTS = 5


@dataclass
class Positions:
    """Where each value (and each mapping key) of a document stands, by path from the root."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    # a number, true/false or null as written ("007", "yes"), for messages about it
    written: dict[Path_, str] = field(default_factory=dict)

    def of(self, path: Path_, prefer_key: bool = False) -> tuple[int, int]:
        """The closest known position for `path`: itself, else its nearest ancestor."""
        path = tuple(path)
        while True:
            if prefer_key and path in self.keys:
                return self.keys[path]
            if path in self.values:
                return self.values[path]
            if not path:
                return (1, 1)
            path = path[:-1]


@dataclass
class YamlDocument:
    """The result of reading one file: its value (None when unusable) and what went wrong."""

    value: object
    positions: Positions
    diagnostics: list[Diagnostic]


class _Refused(Exception):
    """Composing stopped at a bound; `code` and `message` say which, `mark` where."""

    def __init__(self, mark: yaml.Mark, code: str, message: str) -> None:
        self.mark, self.code, self.message = mark, code, message


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 scalars that stops composing at the bounds above."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0
        self.node_count = 0
        self.text_size = 0
        self.depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:  # type: ignore[override]
        mark = self.peek_event().start_mark
        if self.check_event(AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise _Refused(mark, "S009", f"more than {MAX_ALIASES} aliases; anchors and "
                               "aliases are limited to keep files readable and safe")
        self.node_count += 1
        if self.node_count > MAX_NODES:
            raise _Refused(mark, "S017", f"more than {MAX_NODES:,} values in one file")
        if parent is not None and len(parent.value) >= MAX_ITEMS:
            raise _Refused(mark, "S017", f"more than {MAX_ITEMS:,} items in one list or "
                           "mapping")
        if self.check_event(ScalarEvent):
            self.text_size += len(self.peek_event().value)
            if self.text_size > MAX_TEXT:
                raise _Refused(mark, "S017", f"more than {MAX_TEXT:,} characters of text")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(mark, "S017", f"lists and mappings nested more than {MAX_DEPTH} "
                           "deep")
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


for _tag, _pattern, _first in _CORE_SCHEMA:
    _BoundedLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


def read_yaml(path: Path, label: str | None = None) -> YamlDocument:
    """Read one YAML file safely; every problem becomes a Diagnostic with a position."""
    label = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return _fail(label, 1, 1, "S010",
                         f"file is {size:,} bytes; scenario files may be at most {MAX_BYTES:,}")
        data = path.read_bytes()
    except OSError as exc:
        return _fail(label, 1, 1, "S015", f"cannot read file: {exc.strerror or exc}")
    return parse_yaml(data, label)


def _in_plain_words(problem: str, text: str, line: int, column: int = 1) -> str | None:
    """What the parser's complaint means to someone editing a scenario, for the complaints
    an author most often meets; None for the rest (the parser's words are shown alone).

    A tester indented one key a space too far and was told "expected <block end>, but found
    '<block mapping start>'" about the line after it."""
    lines = text.splitlines()
    if problem.startswith("expected <block end>, but found '<scalar>'") and line <= len(lines):
        quoted = _after_quote(lines, line, column)
        if quoted:
            return quoted
    if problem.startswith("expected <block end>") and 1 < line <= len(lines):
        indent = _indent(lines[line - 1])
        above = next((n for n in range(line - 1, 0, -1)
                      if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")),
                     None)
        if above is not None and _indent(lines[above - 1]) != indent:
            return (f"indentation does not line up: this line starts at column {indent + 1} "
                    f"and line {above} at column {_indent(lines[above - 1]) + 1}; the keys "
                    "of one block must start in the same column")
    if problem.startswith("found character '\\t'"):
        here = lines[line - 1] if line <= len(lines) else ""
        if column - 1 > len(here) - len(here.lstrip(" \t")):
            # a tester's tab inside a sentence was called an indent
            return ("a tab character in this line: YAML reads no tabs outside quotes; use "
                    "spaces, or put the value in quotes")
        return "a tab: YAML indents with spaces only"
    if problem.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        return ("a [ ] or { } list goes wrong here or just before: check its quotes. A value "
                "in '...' ends at the next ' (so write \"it's\" in double quotes, or 'it''s'), "
                "and every quote must be closed on its own line")
    if problem == "found unexpected end of stream":
        return "a quote is never closed: the value runs on to the end of the file"
    if problem == "mapping values are not allowed here":
        return ("a ':' where a value was expected: put a value that holds ': ' in quotes "
                "(\"like: this\"), or check this line's indentation against the one above")
    return None


def _after_quote(lines: list[str], line: int, column: int) -> str | None:
    """Text found after a value that ended early, mid-line: a quote closed too soon ("'Don't
    be long.'"), a quote left open lines above, or a value starting with "{" read as a
    mapping ("- {amount} received"). A tester was told about indentation for each."""
    here = lines[line - 1]
    before = here[:column - 1]
    if not before.strip() or column - 1 <= _indent(here):
        return None
    item = before.lstrip(" ").removeprefix("- ")
    if item.startswith("{") or (": " in item and item.split(": ", 1)[1].lstrip().startswith("{")):
        return ("a value that starts with { is read as a { } mapping: put the whole value in "
                "quotes (\"{amount} back? Fine.\")")
    closing = max(before.rfind('"'), before.rfind("'"))
    if closing < 0:
        return None
    mark = before[closing]
    opened = _opening_quote(lines, line, closing, mark)
    if opened is not None and opened[0] != line:
        return (f"the {mark} opened at line {opened[0]}, column {opened[1]} is closed only "
                f"here, so the lines between were read as one value: close it on its own "
                "line")
    return (f"text goes on after the closing {mark}: a value in {mark}...{mark} ends at the "
            "next " + mark + (" (write \"Don't\" in double quotes, or 'Don''t')"
                              if mark == "'" else " (write \\\" for a quote inside it)"))


def _opening_quote(lines: list[str], line: int, closing: int,
                   mark: str) -> tuple[int, int] | None:
    """Where the quote `mark` that closes at (line, closing) was opened: the one before it,
    searching back over lines (a doubled '' or an escaped \\" is not one)."""
    n, end = line, closing
    while n >= 1:
        text, i = lines[n - 1], end
        while (i := text.rfind(mark, 0, i)) >= 0:
            if mark == '"' and i > 0 and text[i - 1] == "\\":
                continue  # \" inside "..."
            if mark == "'" and i > 0 and text[i - 1] == "'":
                i -= 1  # '' inside '...': skip the pair
                continue
            return n, i + 1
        n -= 1
        end = len(lines[n - 1]) if n >= 1 else 0
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def parse_yaml(data: bytes, label: str) -> YamlDocument:
    positions = Positions()
    if len(data) > MAX_BYTES:
        return _fail(label, 1, 1, "S010",
                     f"file is {len(data):,} bytes; scenario files may be at most {MAX_BYTES:,}")
    text = _decode(data, label)
    if isinstance(text, YamlDocument):
        return text
    loader = _BoundedLoader(text)
    try:
        root = loader.get_single_node()
    except _Refused as exc:
        return _fail(label, exc.mark.line + 1, exc.mark.column + 1, exc.code, exc.message)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        context = exc.context_mark
        if exc.context and context is not None and context.line + 1 != line:
            # Say where the unfinished construct began: an unclosed quote is found late.
            problem += (f" ({exc.context} that starts at line {context.line + 1}, column "
                        f"{context.column + 1})")
        plain = _in_plain_words(exc.problem or "", text, line, column)
        if plain:
            problem = f"{plain} (the YAML parser says: {problem})"
        return _fail(label, line, column, "S001", f"YAML syntax error: {problem}")
    except yaml.YAMLError as exc:
        return _fail(label, 1, 1, "S001", f"YAML syntax error: {exc}")
    finally:
        loader.dispose()
    if root is None:
        return _fail(label, 1, 1, "S015", "file is empty; a scenario is a mapping of keys")
    builder = _Builder(label, positions)
    try:
        value = builder.build(root, ())
    except _Refused as exc:
        return _fail(label, exc.mark.line + 1, exc.mark.column + 1, exc.code, exc.message)
    # Keep the value even when some nodes were refused, so the schema check can still
    # report every other problem in the file; refused nodes are None.
    return YamlDocument(value, positions, builder.diagnostics)


def _decode(data: bytes, label: str) -> str | YamlDocument:
    """The file's text, or a document of diagnostics saying why it is not UTF-8 text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _fail(label, 1, 1, "S011", f"file is {encoding} text (it starts with a "
                         f"{encoding} byte-order mark); save it as UTF-8")
    encoding = _nul_pattern(data)
    if encoding:
        return _fail(label, 1, 1, "S011", f"file looks like {encoding} text (its NUL bytes "
                     "fall where that encoding puts them); save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return _fail(label, line, column, "S011",
                     f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8")
    text = text.removeprefix("\ufeff")
    controls = [(i, c) for i, c in unsafe_characters(text) if c != "\r"]
    controls += [(m.start(), m.group()) for m in re.finditer("[\ufffe\uffff]", text)]
    if not controls:
        return text
    diagnostics = []
    for index, character in sorted(controls)[:_MAX_CONTROL_REPORTS]:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        diagnostics.append(Diagnostic(label, line, column, "S016",
                                      f"{describe_character(character)} in the file; a "
                                      "scenario file must be plain text: delete it"))
    if len(controls) > _MAX_CONTROL_REPORTS:
        diagnostics.append(Diagnostic(label, 1, 1, "S016", f"{len(controls)} control "
                                      "characters in all; is this a text file?"))
    return YamlDocument(None, Positions(), diagnostics)


def _nul_pattern(data: bytes) -> str | None:
    """The UTF-16/32 encoding whose layout the NUL bytes at the start of `data` match."""
    sample = data[:256]
    sample = sample[:len(sample) - len(sample) % 4]
    if b"\x00" not in sample:
        return None
    zero_at = {i % 4 for i, b in enumerate(sample) if b == 0}
    nonzero_at = {i % 4 for i, b in enumerate(sample) if b != 0}
    for positions, encoding in _NUL_PATTERNS:
        if zero_at <= positions and not (nonzero_at & positions) and zero_at:
            return encoding
    return None


def describe_character(character: str) -> str:
    """'control character U+001B (ESC)': how a diagnostic names an unwanted character."""
    code = ord(character)
    name = _CONTROL_NAMES.get(code)
    kind = ("bidirectional control" if 0x202A <= code <= 0x2069 else
            "non-character" if code in (0xFFFE, 0xFFFF) else "control character")
    return f"{kind} U+{code:04X}" + (f" ({name})" if name and kind != "non-character" else "")


class _Builder:
    """Turns composed nodes into values, checking tags and keys and recording positions."""

    def __init__(self, label: str, positions: Positions) -> None:
        self.label = label
        self.positions = positions
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0  # counted again here: an alias is composed once, expanded each use
        self.text_size = 0

    def _error(self, node: Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.diagnostics.append(Diagnostic(self.label, mark.line + 1, mark.column + 1, code,
                                           message))

    def build(self, node: Node, path: Path_) -> object:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Refused(node.start_mark, "S017",
                           f"the document expands to more than {MAX_NODES:,} values")
        self.positions.values.setdefault(path, (node.start_mark.line + 1,
                                                node.start_mark.column + 1))
        if node.tag not in _PLAIN_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self._error(node, "S012", f"tag {shown} is not allowed; scenario files hold "
                        "plain text, numbers, lists and mappings only")
            return None
        if isinstance(node, ScalarNode):
            if node.tag != _STR:
                self.positions.written[path] = node.value
            self.text_size += len(node.value)
            if self.text_size > MAX_TEXT:
                raise _Refused(node.start_mark, "S017", "the document expands to more than "
                               f"{MAX_TEXT:,} characters of text")
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            return tuple(self.build(item, (*path, i)) for i, item in enumerate(node.value))
        assert isinstance(node, MappingNode)
        result: dict[str, object] = {}
        first_seen: dict[str, Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._error(key_node, "S012", "merge keys (<<) are not allowed; write the "
                            "keys out in full")
                continue
            if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self._error(key_node, "S004", "a key must be plain text")
                continue
            key = str(key_node.value)
            if key in first_seen:
                first = first_seen[key].start_mark
                self._error(key_node, "S002", f"duplicate key {key!r} (first defined at line "
                            f"{first.line + 1}, column {first.column + 1})")
                continue
            first_seen[key] = key_node
            child = (*path, key)
            self.positions.keys[child] = (key_node.start_mark.line + 1,
                                          key_node.start_mark.column + 1)
            result[key] = self.build(value_node, child)
        return result

    def _scalar(self, node: ScalarNode) -> object:
        """The value of a scalar by the YAML 1.2 core schema; None (and a diagnostic) when it
        can't be used."""
        text = node.value
        if node.tag == _STR:
            unsafe = unsafe_characters(text)
            if unsafe:
                self._error(node, "S016", f"{describe_character(unsafe[0][1])} in this text "
                            "(written as an escape); scenario text is shown to trainees and "
                            "may not hold control characters")
                return None
            return text
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            return text.lower() == "true"
        if text.lstrip("+-").lower() in (".inf", ".nan"):
            self._error(node, "S005", f"{text} is not a finite number; write the largest "
                        "amount you mean")
            return None
        try:
            if node.tag == _INT:
                base = {"0o": 8, "0x": 16}.get(text[:2], 10)
                return int(text[2:] if base != 10 else text, base)
            number = float(text)
        except ValueError as exc:  # more digits than Python converts, say
            self._error(node, "S004", f"cannot read number {text[:40]!r}: {exc}")
            return None
        return number


def _fail(label: str, line: int, column: int, code: str, message: str) -> YamlDocument:
    return YamlDocument(None, Positions(), [Diagnostic(label, line, column, code, message)])
