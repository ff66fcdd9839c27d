"""Adapters by key, each satisfying the interface."""

from decimal import Decimal

import pytest

from saleor_oms_plugin.carriers import registry
from saleor_oms_plugin.carriers.errors import CarrierError, CarrierErrorCode
from saleor_oms_plugin.carriers.interface import CarrierAdapter
from saleor_oms_plugin.carriers.model import Parcel
from saleor_oms_plugin.carriers.own_fleet import OwnFleetCarrier
from tests.carriers.test_rate_table import TABLE
from tests.fixtures.documents import address, warehouse_address

CONFIGS = {
    "own_fleet": {},
    "rate_table": TABLE,
    "http_json": {"base_url": "https://carrier.example/v1", "api_key": "k"},
}


def test_the_built_in_carriers_are_registered():
    assert set(CONFIGS) <= set(registry.carrier_keys())


@pytest.mark.parametrize("key", sorted(CONFIGS))
def test_each_built_in_carrier_is_an_adapter_under_its_key(key):
    adapter = registry.carrier_build(key, CONFIGS[key])

    assert isinstance(adapter, CarrierAdapter)
    assert adapter.key == key


def test_an_unknown_key_is_refused():
    with pytest.raises(CarrierError) as raised:
        registry.carrier_build("pigeon", {})

    assert raised.value.code == CarrierErrorCode.UNKNOWN_CARRIER


def test_an_invalid_rate_table_is_refused_as_invalid_input():
    with pytest.raises(CarrierError) as raised:
        registry.carrier_build("rate_table", {"name": "x"})

    assert raised.value.code == CarrierErrorCode.INVALID_INPUT
    assert "zones" in raised.value.message


def test_a_new_carrier_plugs_in_by_registering_a_factory(monkeypatch):
    monkeypatch.setattr(registry, "_factories", dict(registry._factories))

    def factory(config):
        return OwnFleetCarrier(name=config["name"], prefix="PG")

    registry.register_carrier("pigeon", factory)
    adapter = registry.carrier_build("pigeon", {"name": "Pigeon post"})

    assert adapter.key == "pigeon"
    assert adapter.rates([Parcel(1)], warehouse_address(), address()) == []
    with pytest.raises(ValueError):
        registry.register_carrier("pigeon", lambda config: factory(config))


def test_rates_from_a_registered_rate_table_name_the_key():
    adapter = registry.carrier_build("rate_table", TABLE)

    rates = adapter.rates([Parcel(500)], warehouse_address(), address())

    assert {(r.carrier, r.amount) for r in rates} == {
        ("rate_table", Decimal("4.90")),
        ("rate_table", Decimal("14.50")),
    }
