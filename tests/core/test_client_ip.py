"""The client address rate limits count by: X-Forwarded-For only as far as proxies are trusted."""

from __future__ import annotations

import pytest

from saleor_oms_plugin.core.http import client_ip_from


@pytest.mark.parametrize(
    ("forwarded_for", "trusted", "expected"),
    [
        # no trusted proxy: the header is the client's own words
        ("6.6.6.6", 0, "10.0.0.1"),
        # one proxy: the entry it appended
        ("203.0.113.7", 1, "203.0.113.7"),
        # one proxy, and the client sent a header of its own: still the proxy's entry
        ("6.6.6.6, 203.0.113.7", 1, "203.0.113.7"),
        # two proxies
        ("6.6.6.6, 203.0.113.7, 10.0.0.2", 2, "203.0.113.7"),
        # fewer entries than trusted proxies: the leftmost there is
        ("203.0.113.7", 3, "203.0.113.7"),
        # a trusted proxy that sent no header
        ("", 1, "10.0.0.1"),
    ],
)
def test_the_client_address(forwarded_for, trusted, expected):
    assert client_ip_from("10.0.0.1", forwarded_for, trusted_proxies=trusted) == expected
