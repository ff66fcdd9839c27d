"""The screening configuration document: defaults, merging, validation with clear errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from saleor_oms_plugin.screening.config import (
    ConfigInvalid,
    PaymentPolicy,
    settings_merge,
    settings_parse,
)
from saleor_oms_plugin.screening.facts import CheckName


def test_an_empty_document_is_screening_off_with_defaults():
    settings = settings_parse({})

    assert settings.enabled is False
    assert settings.checks == tuple(CheckName)
    assert settings.high_value["USD"] == Decimal("500")


def test_a_document_sets_checks_thresholds_per_currency_and_policy():
    settings = settings_parse(
        {
            "enabled": True,
            "checks": ["payment", "risk"],
            "payment": {"policy": "cod", "codMaxTotal": {"EUR": "300"}},
            "risk": {"highValue": {"EUR": 200, "SEK": "2000"}, "holdAt": 50},
            "address": {"poBoxRefusingCarriers": ["UPS"]},
        }
    )

    assert settings.checks == (CheckName.PAYMENT, CheckName.RISK)
    assert settings.payment_policy == PaymentPolicy.COD
    assert settings.cod_max_total == {"EUR": Decimal("300")}
    assert settings.high_value == {"EUR": Decimal("200"), "SEK": Decimal("2000")}
    assert settings.po_box_refusing_carriers == ("UPS",)


def test_every_problem_is_reported_with_its_path():
    with pytest.raises(ConfigInvalid) as raised:
        settings_parse(
            {
                "enabled": "yes",
                "checks": ["stock", "astrology"],
                "payment": {"policy": "barter"},
                "risk": {"highValue": {"DOLLARS": "5", "EUR": "-1"}, "holdAt": 500, "typo": 1},
                "colour": "blue",
            }
        )

    paths = [problem.path for problem in raised.value.problems]
    assert paths == [
        "colour",
        "checks",
        "risk.typo",
        "enabled",
        "payment.policy",
        "risk.holdAt",
        "risk.highValue.DOLLARS",
        "risk.highValue.EUR",
    ]
    assert "astrology" in str(raised.value)


def test_review_above_hold_is_refused():
    with pytest.raises(ConfigInvalid, match="reviewAt"):
        settings_parse({"risk": {"reviewAt": 80, "holdAt": 60}})


def test_a_channel_overrides_the_tenant_key_by_key():
    tenant = {"enabled": True, "payment": {"policy": "prepaid", "codMaxTotal": {"EUR": "1"}}}
    channel = {"payment": {"policy": "cod"}}

    merged = settings_merge(tenant, channel)

    assert merged == {"enabled": True, "payment": {"policy": "cod", "codMaxTotal": {"EUR": "1"}}}
