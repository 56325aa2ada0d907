"""Read a YAML file from an untrusted author into plain values that remember their place.

Scenario files come from people we don't control, so this loader:

- refuses files over 1 MiB and bytes that are not UTF-8, before parsing;
- composes nodes with PyYAML's SafeLoader and never runs a constructor for a tag: any tag
  other than the plain YAML ones (`!!python/object`, `!custom`, merge keys) is an error;
- counts anchors and aliases as they are parsed and stops at a small bound, so an alias
  bomb is refused in microseconds instead of being expanded;
- reports duplicate keys instead of silently keeping the last one;
- records the line and column of every key and value, so later checks can point at them.

Sequences become tuples and mappings dicts, ready for frozen models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from trainer.scenario.diagnostics import Diagnostic

MAX_BYTES = 1024 * 1024
MAX_ALIASES = 20
MAX_NODES = 100_000  # after alias expansion; a 1 MiB file of plain data stays far below

Path_ = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}


@dataclass
class Positions:
    """Where each value (and each mapping key) of a document stands, by path from the root."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

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


class _TooManyAliases(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _CountingLoader(yaml.SafeLoader):
    """SafeLoader that stops composing once it has seen too many aliases."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.alias_count = 0

    def compose_node(self, parent: Node | None, index: object) -> Node | None:  # type: ignore[override]
        if self.check_event(AliasEvent):
            self.alias_count += 1
            if self.alias_count > MAX_ALIASES:
                raise _TooManyAliases(self.peek_event().start_mark)
        return super().compose_node(parent, index)


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


def parse_yaml(data: bytes, label: str) -> YamlDocument:
    positions = Positions()
    if len(data) > MAX_BYTES:
        return _fail(label, 1, 1, "S010",
                     f"file is {len(data):,} bytes; scenario files may be at most {MAX_BYTES:,}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return _fail(label, line, column, "S011",
                     f"byte 0x{data[exc.start]:02x} is not valid UTF-8; save the file as UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    loader = _CountingLoader(text)
    try:
        root = loader.get_single_node()
    except _TooManyAliases as exc:
        return _fail(label, exc.mark.line + 1, exc.mark.column + 1, "S009",
                     f"more than {MAX_ALIASES} aliases; anchors and aliases are limited to "
                     "keep files readable and safe")
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        context = exc.context_mark
        if exc.context and context is not None and context.line + 1 != line:
            # Say where the unfinished construct began: an unclosed quote is found late.
            problem += (f" ({exc.context} that starts at line {context.line + 1}, column "
                        f"{context.column + 1})")
        return _fail(label, line, column, "S001", f"YAML syntax error: {problem}")
    except yaml.YAMLError as exc:
        return _fail(label, 1, 1, "S001", f"YAML syntax error: {exc}")
    except RecursionError:
        return _fail(label, 1, 1, "S001", "YAML syntax error: nesting is too deep")
    finally:
        loader.dispose()
    if root is None:
        return _fail(label, 1, 1, "S015", "file is empty; a scenario is a mapping of keys")
    builder = _Builder(label, loader, positions)
    try:
        value = builder.build(root, ())
    except RecursionError:
        return _fail(label, 1, 1, "S001", "YAML syntax error: nesting is too deep")
    except _Budget:
        return _fail(label, 1, 1, "S009",
                     f"the document expands to more than {MAX_NODES:,} values")
    # Keep the value even when some nodes were refused, so the schema check can still
    # report every other problem in the file; refused nodes are None.
    return YamlDocument(value, positions, builder.diagnostics)


class _Budget(Exception):
    pass


class _Builder:
    """Turns composed nodes into values, checking tags and keys and recording positions."""

    def __init__(self, label: str, loader: yaml.SafeLoader, positions: Positions) -> None:
        self.label = label
        self.loader = loader
        self.positions = positions
        self.diagnostics: list[Diagnostic] = []
        self.nodes = 0

    def _error(self, node: Node, code: str, message: str) -> None:
        mark = node.start_mark
        self.diagnostics.append(Diagnostic(self.label, mark.line + 1, mark.column + 1, code,
                                           message))

    def build(self, node: Node, path: Path_) -> object:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Budget
        self.positions.values.setdefault(path, (node.start_mark.line + 1,
                                                node.start_mark.column + 1))
        if node.tag not in _PLAIN_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self._error(node, "S012", f"tag {shown} is not allowed; scenario files hold "
                        "plain text, numbers, lists and mappings only")
            return None
        if isinstance(node, ScalarNode):
            if node.tag == "tag:yaml.org,2002:timestamp":
                return node.value  # dates stay text: "2024-05-01"
            try:
                return self.loader.construct_object(node, deep=False)
            except (yaml.YAMLError, ValueError) as exc:
                self._error(node, "S004", f"cannot read value {node.value!r}: {exc}")
                return None
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


def _fail(label: str, line: int, column: int, code: str, message: str) -> YamlDocument:
    return YamlDocument(None, Positions(), [Diagnostic(label, line, column, code, message)])
