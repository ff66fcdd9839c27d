"""The GraphQL examples in README.md stay valid against the schema we serve."""

from __future__ import annotations

import re

from graphql import parse, validate

from saleor_oms_plugin.graphql.schema import schema
from tests.fixtures.contract import REPO_ROOT


def test_every_graphql_example_in_the_readme_validates():
    readme = (REPO_ROOT / "README.md").read_text()
    examples = re.findall(r"```graphql\n(.*?)```", readme, flags=re.S)
    assert examples, "the README shows GraphQL examples"
    for example in examples:
        for operation in re.split(r"\n(?=query|mutation)", example.strip()):
            errors = validate(schema.graphql_schema, parse(operation))
            assert errors == [], (operation, errors)
