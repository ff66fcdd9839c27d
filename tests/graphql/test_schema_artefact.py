"""api/oms-schema.graphql is the published API: a change to the schema must change it too, on
purpose, in the same commit."""

from __future__ import annotations

from collections import Counter

import graphene

from saleor_oms_plugin.cli import main
from saleor_oms_plugin.graphql.federation.sdl import subgraph_sdl
from saleor_oms_plugin.graphql.schema import Mutation, Query, schema
from tests.fixtures.contract import REPO_ROOT

ARTEFACT = REPO_ROOT / "api" / "oms-schema.graphql"
REGENERATE = "saleor-oms schema > api/oms-schema.graphql"


def test_saleor_oms_schema_prints_the_subgraph_sdl(capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == subgraph_sdl(schema.graphql_schema)


def test_the_committed_schema_is_the_schema_we_serve():
    assert ARTEFACT.exists(), f"api/oms-schema.graphql is missing; create it with: {REGENERATE}"
    committed = ARTEFACT.read_text()
    current = subgraph_sdl(schema.graphql_schema)
    assert committed == current, (
        "The GraphQL schema changed but api/oms-schema.graphql did not. If the change is "
        f"intended, regenerate it with `{REGENERATE}` (from the repository root, in the venv) "
        "and commit it."
    )


def test_no_two_domains_define_the_same_root_field():
    # A later mixin would silently replace an earlier one's field of the same name.
    for root in (Query, Mutation):
        mixins = [
            cls
            for cls in root.__mro__[1:]
            if issubclass(cls, graphene.ObjectType) and cls is not graphene.ObjectType
        ]
        declared = (graphene.Field, graphene.types.unmountedtype.UnmountedType)
        names = Counter(
            name
            for mixin in mixins
            for name, value in vars(mixin).items()
            if isinstance(value, declared)
        )
        assert sum(names.values()) > 20
        assert [name for name, count in names.items() if count > 1] == [], root
