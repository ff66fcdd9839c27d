"""The examples in README.md stay valid: GraphQL against the schema we serve, rule documents
through ``saleor-oms rules test``, and the trigger list against the triggers rules accept."""

from __future__ import annotations

import io
import json
import re

from django.core.management import call_command
from graphql import parse, validate

from saleor_oms_plugin.graphql.schema import schema
from saleor_oms_plugin.rules.definitions import definition_validate
from saleor_oms_plugin.rules.triggers import trigger_names
from tests.fixtures.contract import REPO_ROOT


def test_every_graphql_example_in_the_readme_validates():
    readme = (REPO_ROOT / "README.md").read_text()
    examples = re.findall(r"```graphql\n(.*?)```", readme, flags=re.S)
    assert examples, "the README shows GraphQL examples"
    for example in examples:
        for operation in re.split(r"\n(?=query|mutation)", example.strip()):
            errors = validate(schema.graphql_schema, parse(operation))
            assert errors == [], (operation, errors)


def _section(title: str) -> str:
    readme = (REPO_ROOT / "README.md").read_text()
    start = readme.index(f"\n## {title}\n")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else None]


def test_the_rule_document_in_the_readme_passes_rules_test_as_is(tmp_path):
    # given the README's rule example, saved as the README says
    example = re.findall(r"```json\n(.*?)```", _section("Trigger rules"), flags=re.S)[-1]
    path = tmp_path / "rules.json"
    path.write_text(example)
    # when it is fed to `saleor-oms rules test`
    out = io.StringIO()
    call_command("rules", "test", str(path), stdout=out)
    # then every rule in it is valid
    assert json.loads(out.getvalue()) == {"rules": [{"name": "SLA breach", "valid": True}]}


def test_the_rule_definitions_shown_in_the_rules_section_are_valid():
    # every json block but the document is one rule definition (the event data example)
    *definitions, _ = re.findall(r"```json\n(.*?)```", _section("Trigger rules"), flags=re.S)
    assert definitions, "the README shows a rule reading its event's data"
    for raw in definitions:
        definition_validate(json.loads(raw))


def test_the_readme_lists_every_rule_trigger():
    section = _section("Trigger rules")
    bullet = section[section.index("- **Triggers**") : section.index("- **Conditions**")]
    listed = {name for name in re.findall(r"`([^`]+)`", bullet) if re.fullmatch(r"[a-z_.]+", name)}
    assert listed == set(trigger_names())
