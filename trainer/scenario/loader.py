"""Load scenario files into validated `Scenario` values, collecting every problem found.

`load_file` reads one file; `load_paths` reads files and folders (one broken file never
hides the valid ones) and checks that no two files in a folder share a scenario id;
`load_library` reads the folders a trainer plays from, a later folder's id winning.
`bundled_dir` finds the scenarios shipped with the package, from a checkout or an install.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ValidationError
from rapidfuzz import process

from trainer.scenario.checks import check_scenario
from trainer.scenario.diagnostics import Diagnostic, ScenarioLoadError
from trainer.scenario.model import LINE_FORMS, Scenario
from trainer.scenario.yaml_source import Path_, Positions, YamlDocument, parse_yaml, read_yaml

SUFFIXES = (".yaml", ".yml")

_TYPE_ERRORS = ("_type", "_parsing", "int_from_float", "is_instance_of", "model_attributes_type")
_RANGE_ERRORS = ("greater_than", "less_than", "too_short", "too_long", "string_too")
_CHOICE_ERRORS = ("literal_error", "string_pattern_mismatch", "enum", "value_error")


@dataclass
class LoadedScenario:
    """One file's outcome: the scenario (None when it has errors) and its diagnostics."""

    path: Path
    label: str
    scenario: Scenario | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    positions: Positions = field(default_factory=Positions)

    def ok(self, strict: bool = False) -> bool:
        return self.scenario is not None and not any(d.is_error(strict) for d in self.diagnostics)


def bundled_dir() -> Path:
    """The folder of scenarios shipped with the package (works from a checkout or a wheel)."""
    return Path(str(resources.files("scenarios")))


def load_file(path: Path, label: str | None = None) -> LoadedScenario:
    label = label or str(path)
    return _validate(path, label, read_yaml(path, label))


def load_bytes(data: bytes, label: str = "<bytes>") -> LoadedScenario:
    """Load a scenario from the bytes of a file (untrusted: any bytes give diagnostics)."""
    return _validate(Path(label), label, parse_yaml(data, label))


def load_text(text: str, label: str = "<text>") -> LoadedScenario:
    return load_bytes(text.encode("utf-8"), label)


def load_scenario(path: Path) -> Scenario:
    """Load one scenario or raise ScenarioLoadError with every error (warnings allowed)."""
    loaded = load_file(path)
    if loaded.scenario is None:
        raise ScenarioLoadError([d for d in loaded.diagnostics if d.is_error()])
    return loaded.scenario


def load_paths(paths: list[Path]) -> tuple[list[LoadedScenario], list[Diagnostic]]:
    """Load every scenario file under `paths`; second value: problems with the paths."""
    results: list[LoadedScenario] = []
    problems: list[Diagnostic] = []
    for root in paths:
        if root.is_dir():
            files = sorted(p for p in root.rglob("*") if p.suffix in SUFFIXES and p.is_file()
                           and not _hidden(p.relative_to(root)))
            folder_results = [load_file(p) for p in files]
            _check_duplicate_ids(folder_results)
            results.extend(folder_results)
        elif root.is_file():
            results.append(load_file(root))
        else:
            problems.append(Diagnostic(str(root), 1, 1, "S015", "no such file or folder"))
    return results, problems


def _hidden(relative: Path) -> bool:
    """A file in a hidden folder or hidden itself (".github/workflows/ci.yml" at a repository's
    root, an editor's backup): not a scenario, so a folder's check leaves it alone."""
    return any(part.startswith(".") for part in relative.parts)


def load_library(folders: list[Path]) -> tuple[list[LoadedScenario], list[Diagnostic]]:
    """Every scenario in `folders`, each folder checked as `load_paths` does; where two
    folders hold the same id, the later folder's scenario replaces the earlier one (a team's
    folder overrides a bundled scenario)."""
    results, problems = load_paths(folders)
    last = {r.scenario.id: i for i, r in enumerate(results) if r.scenario is not None}
    return [r for i, r in enumerate(results)
            if r.scenario is None or last[r.scenario.id] == i], problems


def warn_of_bundled_replacements(results: list[LoadedScenario],
                                 bundled_loaded: bool = False) -> None:
    """Give W106 to each scenario from outside the bundled folder whose id a bundled
    scenario has: loaded together (`load_library`), the team's file silently takes the
    bundled one's place, so `validate` says so while the trainer can still rename it.
    `bundled_loaded`: `results` hold the whole bundled folder, so it need not be read again."""
    bundled = bundled_dir().resolve()
    inside = [r.path.resolve().is_relative_to(bundled) for r in results]
    outside = [r for r, is_in in zip(results, inside, strict=True)
               if r.scenario is not None and not is_in]
    if not outside:
        return
    ours = ([r for r, is_in in zip(results, inside, strict=True) if is_in] if bundled_loaded
            else load_paths([bundled])[0])
    shipped = {r.scenario.id: r.path.name for r in ours if r.scenario is not None}
    for result in outside:
        sid = result.scenario.id
        if sid in shipped:
            line, column = result.positions.of(("id",))
            result.diagnostics.append(Diagnostic(
                result.label, line, column, "W106",
                f"scenario id {sid!r} is already a bundled scenario's ({shipped[sid]}): in the "
                "app and `trainer play` this file replaces it; give it another id to keep "
                "both"))


def _check_duplicate_ids(results: list[LoadedScenario]) -> None:
    owners: dict[str, LoadedScenario] = {}
    for result in results:
        if result.scenario is None:
            continue
        sid = result.scenario.id
        if sid in owners:
            line, column = result.positions.of(("id",))
            result.diagnostics.append(Diagnostic(
                result.label, line, column, "S013",
                f"scenario id {sid!r} is already used by {owners[sid].label}"))
            result.scenario = None
        else:
            owners[sid] = result


def _validate(path: Path, label: str, document: YamlDocument) -> LoadedScenario:
    diagnostics = list(document.diagnostics)
    value = document.value
    if value is None and diagnostics:
        return LoadedScenario(path, label, None, diagnostics, document.positions)
    if not isinstance(value, dict):
        line, column = document.positions.of(())
        diagnostics.append(Diagnostic(label, line, column, "S015",
                                      "a scenario file must be a mapping of keys (id: …, "
                                      "title: …), not a list or a single value"))
        return LoadedScenario(path, label, None, diagnostics, document.positions)
    refused = {(d.line, d.column) for d in diagnostics}
    try:
        scenario = Scenario.model_validate(value)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            diagnostic = _from_pydantic(error, label, document.positions)
            # A node the YAML reader already refused (a forbidden tag) is reported once.
            if (diagnostic.line, diagnostic.column) not in refused:
                diagnostics.append(diagnostic)
        return LoadedScenario(path, label, None, sorted(set(diagnostics)), document.positions)
    if any(d.is_error() for d in diagnostics):
        # A value the reader refused stands in as None, which an optional field accepts;
        # the whole-scenario checks would then judge a scenario the author never wrote.
        return LoadedScenario(path, label, None, sorted(set(diagnostics)), document.positions)
    diagnostics.extend(check_scenario(scenario, document.positions, label))
    ok = not any(d.is_error() for d in diagnostics)
    return LoadedScenario(path, label, scenario if ok else None, sorted(set(diagnostics)),
                          document.positions)


def _from_pydantic(error: dict, label: str, positions: Positions) -> Diagnostic:
    # "[key]" and a reaction line's form are pydantic's steps, not places in the file.
    loc: Path_ = tuple(p for p in error["loc"] if p != "[key]" and p not in LINE_FORMS)
    kind: str = error["type"]
    where = ".".join(str(p) for p in loc) or "(top level)"
    received = error.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        choices = _fields_at(loc[:-1])
        hint = ""
        if choices:
            best = process.extractOne(key, choices, score_cutoff=60)
            hint = f" (did you mean {best[0]!r}?)" if best else ""
            hint += f"; allowed here: {', '.join(choices)}" if not best else ""
        line, column = positions.of(loc, prefer_key=True)
        return Diagnostic(label, line, column, "S003", f"unknown key {key!r}{hint}")
    if kind == "missing":
        line, column = positions.of(loc[:-1])
        parent = ".".join(str(p) for p in loc[:-1]) or "the top level"
        return Diagnostic(label, line, column, "S006",
                          f"missing required key {str(loc[-1])!r} in {parent}")
    if "[key]" in error["loc"]:
        line, column = positions.of(loc, prefer_key=True)
    else:
        line, column = positions.of(loc)
    code = ("S004" if any(t in kind for t in _TYPE_ERRORS)
            else "S005" if any(t in kind for t in _RANGE_ERRORS)
            else "S007")
    message = _friendly(kind, error.get("ctx") or {}, error["msg"])
    shown = "" if isinstance(received, dict | tuple | list) else f", got {received!r}"
    if kind == "literal_error" and isinstance(received, str):
        # a tester's `shown: [solutions]` named the choices but not the near one
        choices = re.findall(r"'([^']+)'", str((error.get("ctx") or {}).get("expected", "")))
        best = process.extractOne(received, choices, score_cutoff=60) if choices else None
        if best:
            shown += f" (did you mean {best[0]!r}?)"
    if kind in ("int_from_float", "int_type") and isinstance(received, float):
        shown += (" (a whole number out of 100, e.g. 80)" if loc[-1:] == ("pass_mark",)
                  else " (a whole number)")
    written = positions.written.get(loc)
    if kind == "string_type" and written:
        # a tester's `says: 20931` and `name: 007` (shown as 7): text that reads as a number
        shown = f", got {written} (quote it to keep it as text: \"{written}\")"
    if (kind.startswith(("int_", "float_")) and isinstance(received, str)
            and received.strip().lstrip("-").replace(".", "", 1).isdigit()):
        shown += f" (a number goes without quotes: {received.strip()})"
    return Diagnostic(label, line, column, code, f"{where}: {message}{shown}")


def _friendly(kind: str, ctx: dict, fallback: str) -> str:
    """Say range and length problems the way a trainer would."""
    if kind in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind in ("too_short", "string_too_short"):
        noun = "character" if kind.startswith("string") else "item"
        return f"needs at least {ctx.get('min_length')} {noun}(s)"
    if kind in ("too_long", "string_too_long"):
        noun = "character" if kind.startswith("string") else "item"
        return f"may have at most {ctx.get('max_length')} {noun}(s)"
    if kind == "string_pattern_mismatch":
        return "must use lower-case letters, digits, - and _, starting with a letter"
    if kind in ("tuple_type", "list_type", "set_type", "frozen_set_type"):
        return "should be a list: one '- item' per line, or [item, item]"
    if kind == "value_error" and "error" in ctx:
        return str(ctx["error"])  # our own validator's words, without pydantic's prefix
    return fallback[0].lower() + fallback[1:]


def _fields_at(loc: Path_) -> list[str]:
    """The keys allowed at `loc` in the Scenario model (for "did you mean" hints)."""
    model: type[BaseModel] | None = Scenario
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field_info = model.model_fields.get(str(part))
        if field_info is None:
            return []
        model = _model_in(field_info.annotation)
    return list(model.model_fields) if model is not None else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None
