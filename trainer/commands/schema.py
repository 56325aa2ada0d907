"""`trainer schema`: print the scenario format as JSON Schema, for editors' YAML support."""

from __future__ import annotations

import argparse
import json

SCHEMA_ID = "https://complaint-trainer.invalid/scenario.schema.json"


def scenario_schema() -> dict:
    from trainer.scenario import Scenario
    schema = Scenario.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            **schema}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "schema", help="print the JSON Schema of the scenario format",
        description="Print a JSON Schema of the scenario format. Save it next to your "
                    "scenarios and point your editor's YAML language server at it.")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    print(json.dumps(scenario_schema(), indent=2))
    return 0
