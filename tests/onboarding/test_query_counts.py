"""SQL per request of the onboarding checklist: fixed, whatever the store's size."""

from __future__ import annotations

import itertools

import pytest
from freezegun import freeze_time

from saleor_oms_plugin.inventory.models import Channel
from saleor_oms_plugin.locations.models import Location
from tests.fixtures.contract import tokens
from tests.fixtures.graphql import make_location, valid_moment
from tests.fixtures.query_counts import assert_constant_queries

pytestmark = pytest.mark.django_db

# The Dashboard's checklist (components/OnboardingChecklist.tsx).
CHECKLIST = """
query OnboardingChecklist {
  onboardingChecklist { openCount items { code done title detail link } }
}
"""
DASHBOARD = {"Authorization": f"Bearer {tokens()['app_extension_access']}"}


def test_onboarding_checklist(client, capture_tenant):
    numbers = itertools.count(1)

    def grow(count):
        # a channel and a location without coordinates each: both show up in the details
        for _ in range(count):
            number = next(numbers)
            Channel.objects.create(
                tenant=capture_tenant, slug=f"channel-{number}", saleor_id=f"Q2hhbm5lbDo{number}"
            )
            location = make_location(capture_tenant, f"Location {number}")
            Location.objects.filter(pk=location.pk).update(latitude=None, longitude=None)

    def unplaced(body):
        coordinates = next(
            item
            for item in body["data"]["onboardingChecklist"]["items"]
            if item["code"] == "LOCATION_COORDINATES"
        )
        return int(coordinates["detail"].split()[0])

    # the tenant (1), locations without coordinates (1), channels (1), published rule sets (1),
    # return policies (1), locations with warehouse execution (1), the last import (1)
    with freeze_time(valid_moment("app_extension_access")):
        assert_constant_queries(
            client,
            CHECKLIST,
            grow=grow,
            rows=unplaced,
            expected=7,
            headers=DASHBOARD,
        )
