"""Product weights and dimensions from Saleor: reading one variant (pure), and the import
through a fake Saleor answering through Saleor's own schema, which never overwrites a row
edited here."""

from __future__ import annotations

from typing import Any

import pytest

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.tenants.services import tenant_settings_update
from saleor_oms_plugin.warehouse.dimension_source import DimensionSource, dimensions_of_variant
from saleor_oms_plugin.warehouse.dimensions_import import dimensions_import
from saleor_oms_plugin.warehouse.layout import DimensionsInput, dimensions_set
from saleor_oms_plugin.warehouse.models import VariantDimensions
from tests.fixtures.fake_saleor import FakeSaleor, _connection, global_id
from tests.fixtures.graphql import error_codes, gql, make_api_key, make_location
from tests.fixtures.inventory import OPERATOR
from tests.fixtures.warehouse import STAFF

ATTRIBUTES = DimensionSource("attributes", "width", "height", "depth", "cm")


def weight(value: float | None, unit: str = "KG") -> dict[str, Any] | None:
    return None if value is None else {"unit": unit, "value": value}


def attribute(slug: str, name: str | None, unit: str | None = None, plain: str | None = None):
    return {
        "attribute": {"slug": slug, "unit": unit},
        "values": [{"name": name, "plainText": plain}],
    }


def variant(
    pk: int,
    *,
    own_weight: dict[str, Any] | None = None,
    product_weight: dict[str, Any] | None = None,
    type_weight: dict[str, Any] | None = None,
    attributes: list[dict[str, Any]] | None = None,
    metadata: dict[str, str] | None = None,
    product_attributes: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A productVariants node as Saleor's schema shapes it (every field the document asks)."""
    return {
        "id": global_id("ProductVariant", pk),
        "sku": f"SKU-{pk}",
        "weight": own_weight,
        "attributes": attributes or [],
        "metadata": [{"key": k, "value": v} for k, v in (metadata or {}).items()],
        "product": {
            "weight": product_weight,
            "productType": {"weight": type_weight},
            "attributes": product_attributes or [],
            "metadata": [],
        },
    }


def sized(pk: int, w: str, h: str, d: str, **extra: Any) -> dict[str, Any]:
    return variant(
        pk,
        attributes=[attribute("width", w), attribute("height", h), attribute("depth", d)],
        **extra,
    )


# --- one variant ---------------------------------------------------------------------------


def test_sides_from_numeric_attributes_in_the_merchants_unit():
    read = dimensions_of_variant(sized(1, "12.5", "4", "0,8", own_weight=weight(0.25)), ATTRIBUTES)
    assert (read.sides_mm, read.weight_g, read.problem) == ((125, 40, 8), 250, "")


def test_an_attributes_own_unit_wins_and_product_attributes_count():
    node = variant(
        2,
        attributes=[attribute("width", "30", unit="MM")],
        product_attributes=[attribute("height", "1", unit="INCH"), attribute("depth", "2")],
    )
    assert dimensions_of_variant(node, ATTRIBUTES).sides_mm == (30, 25, 20)


def test_sides_from_metadata_in_inches():
    source = DimensionSource("metadata", "w", "h", "d", "in")
    node = variant(3, metadata={"w": "2", "h": "1.5", "d": "10"})
    assert dimensions_of_variant(node, source).sides_mm == (51, 38, 254)


def test_weight_falls_back_to_the_product_then_its_type():
    assert (
        dimensions_of_variant(variant(4, product_weight=weight(2, "LB")), ATTRIBUTES).weight_g
        == 907
    )
    assert (
        dimensions_of_variant(variant(5, type_weight=weight(300, "G")), ATTRIBUTES).weight_g == 300
    )
    assert dimensions_of_variant(variant(6), ATTRIBUTES).weight_g is None


def test_a_missing_or_unreadable_side_gives_no_size_and_says_why():
    missing = dimensions_of_variant(
        variant(7, attributes=[attribute("width", "3"), attribute("height", "3")]), ATTRIBUTES
    )
    assert missing.sides_mm is None and missing.problem == "no depth (depth)"
    garbled = dimensions_of_variant(sized(8, "3", "big", "3"), ATTRIBUTES)
    assert garbled.sides_mm is None and "height (height) is not a size" in garbled.problem
    unconfigured = dimensions_of_variant(sized(9, "3", "3", "3"), DimensionSource())
    assert (unconfigured.sides_mm, unconfigured.problem) == (None, "")


# --- the import ------------------------------------------------------------------------------


def _serve(fake: FakeSaleor, nodes: list[dict[str, Any]]) -> None:
    def resolve(info, **args):
        info.context.require("MANAGE_PRODUCTS")
        return _connection("productVariants", nodes, lambda v: [v["id"]], "ASC", args)

    fake.add_query("productVariants", resolve)


def _configure(tenant) -> None:
    tenant_settings_update(
        tenant_id=tenant.pk,
        changes={
            "dimensions": {"width_key": "width", "height_key": "height", "depth_key": "depth"}
        },
        actor=OPERATOR,
    )


@pytest.mark.django_db
def test_the_import_fills_rows_and_keeps_those_edited_here(capture_tenant, fake_saleor):
    _configure(capture_tenant)
    nodes = [
        sized(1, "10", "20", "30", own_weight=weight(1.5)),
        variant(2, type_weight=weight(400, "G")),
        variant(3),  # nothing known: no row
        sized(4, "1", "1", "1", own_weight=weight(9)),  # edited here: kept
    ] + [sized(n, "5", "5", "5", own_weight=weight(0.1)) for n in range(10, 115)]  # 2 pages
    _serve(fake_saleor, nodes)
    edited = dimensions_set(
        tenant_id=capture_tenant.pk,
        data=DimensionsInput(global_id("ProductVariant", 4), sku="MINE", weight_g=77),
        actor=STAFF,
    )
    client = SaleorClient(fake_saleor.url, fake_saleor.app_token)

    report = dimensions_import(tenant_id=capture_tenant.pk, actor=OPERATOR, client=client)

    assert (report.variants, report.created, report.kept_edited_here, report.nothing_known) == (
        109,
        107,
        1,
        1,
    )
    first = VariantDimensions.objects.get(variant_id=global_id("ProductVariant", 1))
    assert (first.width_mm, first.height_mm, first.depth_mm, first.weight_g) == (
        100,
        200,
        300,
        1500,
    )
    assert first.imported_at is not None and not first.edited_here
    second = VariantDimensions.objects.get(variant_id=global_id("ProductVariant", 2))
    assert (second.width_mm, second.weight_g) == (None, 400)
    edited.refresh_from_db()
    assert (edited.sku, edited.weight_g, edited.width_mm) == ("MINE", 77, None)
    assert len(fake_saleor.graphql_requests("OmsVariantDimensionsPage")) == 2
    assert AuditEvent.objects.filter(verb="variant_dimensions.imported").count() == 1

    # Saleor changes one variant; a second run writes that one only
    nodes[0] = sized(1, "11", "20", "30", own_weight=weight(1.5))
    again = dimensions_import(tenant_id=capture_tenant.pk, actor=OPERATOR, client=client)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 106)
    first.refresh_from_db()
    assert first.width_mm == 110


@pytest.mark.django_db
def test_without_configured_sides_only_weights_are_imported(capture_tenant, fake_saleor):
    _serve(fake_saleor, [sized(1, "10", "20", "30", own_weight=weight(2))])
    VariantDimensions.objects.create(
        tenant=capture_tenant,
        variant_id=global_id("ProductVariant", 1),
        width_mm=5,
        height_mm=5,
        depth_mm=5,
    )
    client = SaleorClient(fake_saleor.url, fake_saleor.app_token)
    dimensions_import(tenant_id=capture_tenant.pk, actor=OPERATOR, client=client)
    row = VariantDimensions.objects.get()
    assert (row.width_mm, row.weight_g) == (5, 2000)


IMPORT = "mutation { variantDimensionsImport { queued errors { code } } }"


@pytest.mark.django_db
def test_the_mutation_queues_the_import(client, capture_tenant, django_capture_on_commit_callbacks):
    key = make_api_key(capture_tenant, ["MANAGE_PRODUCTS"])
    with django_capture_on_commit_callbacks() as callbacks:
        _, body = gql(client, IMPORT, api_key=key)
    assert body["data"]["variantDimensionsImport"] == {"queued": True, "errors": []}
    assert len(callbacks) == 1

    scoped = make_api_key(
        capture_tenant, ["MANAGE_PRODUCTS"], location=make_location(capture_tenant, "3PL")
    )
    _, body = gql(client, IMPORT, api_key=scoped)
    assert error_codes(body) == ["PERMISSION_DENIED"]
