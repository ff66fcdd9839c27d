"""The delivery API: staff keep services and calendars; storefronts ask for promises."""

from __future__ import annotations

import json

import pytest
from freezegun import freeze_time
from graphql_relay import to_global_id

from saleor_oms_plugin.audit.models import AuditEvent
from saleor_oms_plugin.delivery.models import DeliveryService, LocationDeliveryCalendar
from saleor_oms_plugin.inventory.models import Channel, ChannelLocation, StockLevel
from saleor_oms_plugin.tenants.services import tenant_add
from tests.delivery.conftest import BANDS, LA, VARIANT
from tests.fixtures.contract import SYNC_CAPTURE_API_URL, sync_jwks
from tests.fixtures.graphql import gql, make_api_key

SAVE = """
mutation Save($code: String!, $input: OmsDeliveryServiceInput!) {
  deliveryServiceSave(code: $code, input: $input) {
    service { code name isActive transitBands { upToKm minDays maxDays } rates { currency upToKg amount } }
    errors { field code message }
  }
}
"""
CALENDAR = """
mutation Calendar($id: ID!, $input: OmsLocationDeliveryCalendarInput!) {
  locationDeliveryCalendarUpdate(locationId: $id, input: $input) {
    calendar { workingWeekdays holidays handlingAmount handlingUnit }
    errors { field code message }
  }
}
"""
PROMISE = """
query Promise($lines: [OmsPromiseLineInput!]!, $address: OmsPromiseDestinationInput, $point: ID) {
  deliveryPromise(channel: "live-us-71e878", lines: $lines, address: $address,
                  pickupLocationId: $point) {
    serviceCode serviceName complete shipDate earliest latest countdownMinutes shipsFrom sentence
  }
}
"""
TENT = [{"variantId": VARIANT, "quantity": 1}]
SF = {"country": "US", "postalCode": "94102", "city": "San Francisco", "countryArea": "CA"}


def _staff(tenant, permissions=("MANAGE_PRODUCTS",)):
    return make_api_key(tenant, list(permissions))


def test_a_service_is_created_then_changed_in_part(client, sync_tenant):
    key = _staff(sync_tenant)
    rates = json.dumps([{"currency": "USD", "upToKg": 5, "amount": "7"}])
    _, body = gql(
        client,
        SAVE,
        {
            "code": "express",
            "input": {"name": "Express", "transitBands": json.dumps(BANDS), "rates": rates},
        },
        api_key=key,
    )
    saved = body["data"]["deliveryServiceSave"]
    assert saved["errors"] == []
    assert saved["service"]["transitBands"][2] == {"upToKm": None, "minDays": 5, "maxDays": 6}
    # changing one setting keeps the others
    _, body = gql(client, SAVE, {"code": "express", "input": {"isActive": False}}, api_key=key)
    service = body["data"]["deliveryServiceSave"]["service"]
    assert (service["name"], service["isActive"], service["rates"][0]["amount"]) == (
        "Express",
        False,
        "7",
    )
    assert AuditEvent.objects.filter(verb="delivery_service.saved").count() == 2


@pytest.mark.parametrize(
    ("code", "fields", "field"),
    [
        ("Bad Code", {"name": "x"}, "code"),
        ("new", {"name": "No bands", "rates": "[]"}, "transitBands"),
        ("new", {"name": "", "transitBands": json.dumps(BANDS)}, "name"),
        (
            "new",
            {"name": "x", "transitBands": json.dumps(BANDS), "rates": '[{"currency": 1}]'},
            "rates",
        ),
    ],
)
def test_a_refused_service_changes_nothing(client, sync_tenant, code, fields, field):
    _, body = gql(client, SAVE, {"code": code, "input": fields}, api_key=_staff(sync_tenant))
    payload = body["data"]["deliveryServiceSave"]
    assert payload["service"] is None
    assert [e["field"] for e in payload["errors"]] == [field]
    assert DeliveryService.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="delivery_service.saved").exists()


def test_settings_need_a_staff_permission(client, sync_tenant):
    _, body = gql(
        client, "{ deliveryServices { code } }", api_key=_staff(sync_tenant, ["HANDLE_PAYMENTS"])
    )
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_a_tenant_sees_only_its_own_services(client, store):
    other = tenant_add(
        api_url="http://127.0.0.1:9/graphql/",
        token="t",
        jwks=sync_jwks(),
        app_id="QXBwOjI=",
        run_import=False,
    )
    _, body = gql(client, "{ deliveryServices { code } }", api_key=_staff(other))
    assert body["data"]["deliveryServices"] == []
    _, body = gql(client, "{ deliveryServices { code } }", api_key=_staff(store["tenant"]))
    assert body["data"]["deliveryServices"] == [{"code": "oms-ground"}]


def test_a_location_calendar_is_kept_and_checked(client, store):
    key = _staff(store["tenant"])
    location = to_global_id("OmsLocation", store["la"].pk)
    _, body = gql(
        client,
        CALENDAR,
        {
            "id": location,
            "input": {
                "workingWeekdays": [0, 1, 2, 3, 4, 5],
                "holidays": ["2026-12-25"],
                "handlingAmount": 1,
            },
        },
        api_key=key,
    )
    calendar = body["data"]["locationDeliveryCalendarUpdate"]["calendar"]
    assert calendar == {
        "workingWeekdays": [0, 1, 2, 3, 4, 5],
        "holidays": ["2026-12-25"],
        "handlingAmount": 1,
        "handlingUnit": "business_days",
    }
    _, body = gql(client, CALENDAR, {"id": location, "input": {"workingWeekdays": []}}, api_key=key)
    assert body["data"]["locationDeliveryCalendarUpdate"]["errors"][0]["field"] == (
        "workingWeekdays"
    )
    assert LocationDeliveryCalendar.objects.get().working_weekdays == [0, 1, 2, 3, 4, 5]


@freeze_time("2026-12-02T18:00:00Z")
def test_a_storefront_asks_when_a_cart_arrives(client, store):
    status, body = gql_storefront(client, PROMISE, {"lines": TENT, "address": SF})
    assert status == 200, body
    (promise,) = body["data"]["deliveryPromise"]
    assert promise["serviceCode"] == "oms-ground"
    assert promise["complete"] is True
    assert (promise["shipDate"], promise["earliest"], promise["latest"]) == (
        "2026-12-02",
        "2026-12-03",
        "2026-12-04",
    )
    assert promise["countdownMinutes"] == 300
    assert promise["shipsFrom"] == ["Los Angeles"]
    assert promise["sentence"].startswith("Order within 5 h, get it")


@freeze_time("2026-12-02T18:00:00Z")
def test_a_pickup_promise_says_whether_the_point_holds_the_cart(client, store):
    _, body = gql_storefront(client, PROMISE, {"lines": TENT, "point": LA})
    (promise,) = body["data"]["deliveryPromise"]
    assert (promise["serviceCode"], promise["complete"], promise["shipsFrom"]) == (
        None,
        True,
        ["Los Angeles"],
    )
    StockLevel.objects.filter(location=store["la"]).update(on_hand=0)
    _, body = gql_storefront(client, PROMISE, {"lines": TENT, "point": LA})
    (promise,) = body["data"]["deliveryPromise"]
    assert (promise["complete"], promise["sentence"]) == (False, None)


@pytest.mark.parametrize(
    "variables",
    [
        {"lines": TENT},  # neither an address nor a point
        {"lines": TENT, "address": SF, "point": LA},  # both
        {"lines": [], "address": SF},
        {"lines": [{"variantId": VARIANT, "quantity": 0}], "address": SF},
        {"lines": TENT, "address": {"country": "USA"}},
    ],
)
def test_a_promise_question_that_makes_no_sense_is_refused(client, store, variables):
    _, body = gql_storefront(client, PROMISE, variables)
    assert body["errors"][0]["extensions"]["code"] == "INVALID_ARGUMENTS"


def gql_storefront(client, query, variables):
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        headers={"Saleor-Api-Url": SYNC_CAPTURE_API_URL},
    )
    return response.status_code, response.json()


VARIANT_PROMISE = """
query Entities($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on ProductVariant {
      oms { deliveryPromise(near: {country: "US", postalCode: "94102"}) { serviceCode sentence } }
    }
  }
}
"""


@freeze_time("2026-12-02T18:00:00Z")
def test_a_product_page_shows_when_one_unit_would_arrive(client, store):
    # given the channel the variant is sold in, served by both locations
    channel = Channel.objects.create(tenant=store["tenant"], slug="live-us-71e878")
    for location in (store["la"], store["ny"]):
        ChannelLocation.objects.create(channel=channel, location=location)
    # when the storefront asks through the gateway (the federation entity)
    _, body = gql_storefront(
        client,
        VARIANT_PROMISE,
        {
            "representations": [
                {"__typename": "ProductVariant", "id": VARIANT, "channel": "live-us-71e878"}
            ]
        },
    )
    # then the variant carries the promise of each delivery service
    (entity,) = body["data"]["_entities"]
    (promise,) = entity["oms"]["deliveryPromise"]
    assert promise["serviceCode"] == "oms-ground"
    assert promise["sentence"] == (
        "Order within 5 h, get it between Thursday 3 Dec and Friday 4 Dec from Los Angeles"
    )


def test_the_place_a_parcel_leaves_from_is_shown_as_people_write_it():
    from saleor_oms_plugin.delivery.profiles import shown_place
    from saleor_oms_plugin.locations.models import Location

    assert shown_place(Location(city="LOS ANGELES", name="LA DC")) == "Los Angeles"
    assert shown_place(Location(city="McAllen", name="TX DC")) == "McAllen"
    assert shown_place(Location(city="", name="Main DC")) == "Main DC"


DELETE = """
mutation Delete($code: String!) {
  deliveryServiceDelete(code: $code) { code errors { field code } }
}
"""


def test_deleting_a_service_forgets_it_and_an_unknown_one_is_refused(client, store):
    key = _staff(store["tenant"])
    _, body = gql(client, DELETE, {"code": "oms-ground"}, api_key=key)
    assert body["data"]["deliveryServiceDelete"] == {"code": "oms-ground", "errors": []}
    assert not DeliveryService.objects.exists()
    assert AuditEvent.objects.filter(verb="delivery_service.deleted").count() == 1
    _, body = gql(client, DELETE, {"code": "oms-ground"}, api_key=key)
    assert body["data"]["deliveryServiceDelete"]["errors"] == [
        {"field": "code", "code": "NOT_FOUND"}
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"handlingUnit": "weeks"}, "handlingUnit"),
        ({"handlingAmount": -1}, "handlingAmount"),
        ({"handlingAmount": 31}, "handlingAmount"),  # business days: at most 30
        ({"holidays": ["next tuesday"]}, "holidays"),
    ],
)
def test_a_refused_calendar_changes_nothing(client, store, changes, field):
    location = to_global_id("OmsLocation", store["la"].pk)
    _, body = gql(
        client, CALENDAR, {"id": location, "input": changes}, api_key=_staff(store["tenant"])
    )
    payload = body["data"]["locationDeliveryCalendarUpdate"]
    assert (payload["calendar"], [e["field"] for e in payload["errors"]]) == (None, [field])
    assert not LocationDeliveryCalendar.objects.exists()
