"""Tenant-controlled outbound URLs (availability feed, rule webhooks): no private addresses when
saved or when sent (DNS rebinding), no credentials, safe error categories, a total deadline."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from saleor_oms_plugin.audit.services import Actor
from saleor_oms_plugin.availability.delivery import delivery_attempt
from saleor_oms_plugin.availability.errors import AvailabilityError
from saleor_oms_plugin.availability.models import AvailabilityDelivery
from saleor_oms_plugin.availability.services import subscription_create, subscription_update
from saleor_oms_plugin.core import signing
from saleor_oms_plugin.core.outbound_urls import address_is_public, check_url
from saleor_oms_plugin.rules.errors import RuleError
from saleor_oms_plugin.rules.services import outbound_endpoint_create
from tests.fixtures.graphql import make_location
from tests.fixtures.inventory import make_channel, make_stock
from tests.fixtures.receiver import Receiver

STAFF = Actor.operator("tests")
MUG = "UHJvZHVjdFZhcmlhbnQ6NDAx"
PUBLIC = "93.184.216.34"
PRIVATE_URLS = [
    "http://localhost:6379/",
    "http://127.0.0.1:8000/hook",
    "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.5:22/",
    "http://192.168.1.1/",
    "http://[::1]:8000/",
    "http://[::ffff:10.0.0.1]/",
    "http://[fe80::1]/",
    "http://0.0.0.0/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def guarded(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    return settings


@pytest.fixture
def fake_dns(monkeypatch):
    """Names of our choosing: ``answers[name]`` is the list of addresses, consumed one per
    lookup (the last one sticks); other names resolve as usual."""
    answers: dict[str, list[str]] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            queue = answers[host]
            address = queue.pop(0) if len(queue) > 1 else queue[0]
            return real(address, port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_the_address_classification():
    assert address_is_public(PUBLIC)
    assert address_is_public("2606:4700::1111")
    assert address_is_public(f"::ffff:{PUBLIC}")
    for address in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "169.254.169.254", "100.64.0.1"]:
        assert not address_is_public(address)
    for address in ["::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1", "ff02::1", "::"]:
        assert not address_is_public(address)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PRIVATE_URLS)
def test_private_urls_are_refused_when_saved(capture_tenant, guarded, url):
    make_channel(capture_tenant, "marketplace", [make_location(capture_tenant, "LA")])
    with pytest.raises(AvailabilityError) as refused:
        subscription_create(
            tenant_id=capture_tenant.pk,
            name="s",
            url=url,
            channel_slugs=["marketplace"],
            actor=STAFF,
        )
    assert (refused.value.code, refused.value.field) == ("URL_NOT_ALLOWED", "url")
    with pytest.raises(RuleError) as refused_rule:
        outbound_endpoint_create(tenant_id=capture_tenant.pk, name="erp", url=url, actor=STAFF)
    assert refused_rule.value.code == "URL_NOT_ALLOWED"


@pytest.mark.django_db
def test_a_name_resolving_to_a_private_address_is_refused_and_a_public_one_accepted(
    capture_tenant, guarded, fake_dns
):
    make_channel(capture_tenant, "marketplace", [make_location(capture_tenant, "LA")])
    fake_dns["inside.example"] = ["10.0.0.7"]
    fake_dns["outside.example"] = [PUBLIC]
    with pytest.raises(AvailabilityError) as refused:
        subscription_create(
            tenant_id=capture_tenant.pk,
            name="s",
            url="https://inside.example/hook",
            channel_slugs=["marketplace"],
            actor=STAFF,
        )
    assert refused.value.code == "URL_NOT_ALLOWED"
    subscription, _ = subscription_create(
        tenant_id=capture_tenant.pk,
        name="s",
        url="https://outside.example/hook",
        channel_slugs=["marketplace"],
        actor=STAFF,
        secret="x",
    )
    # a later change of URL is checked too
    with pytest.raises(AvailabilityError):
        subscription_update(
            tenant_id=capture_tenant.pk,
            pk=subscription.pk,
            actor=STAFF,
            url="http://169.254.169.254/",
        )
    endpoint, _ = outbound_endpoint_create(
        tenant_id=capture_tenant.pk, name="erp", url=f"http://{PUBLIC}/hooks", actor=STAFF
    )
    assert endpoint.url == f"http://{PUBLIC}/hooks"


@pytest.mark.django_db
def test_urls_with_credentials_are_refused_even_when_private_hosts_are_allowed(
    capture_tenant, settings
):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = True
    make_channel(capture_tenant, "marketplace", [make_location(capture_tenant, "LA")])
    url = "https://user:secret@hooks.example.com/x"
    with pytest.raises(AvailabilityError) as refused:
        subscription_create(
            tenant_id=capture_tenant.pk,
            name="s",
            url=url,
            channel_slugs=["marketplace"],
            actor=STAFF,
        )
    assert refused.value.code == "URL_NOT_ALLOWED"
    with pytest.raises(RuleError) as refused_rule:
        outbound_endpoint_create(tenant_id=capture_tenant.pk, name="erp", url=url, actor=STAFF)
    assert refused_rule.value.code == "URL_NOT_ALLOWED"


def _subscribed(tenant, url, on_commit):
    la = make_location(tenant, "LA")
    make_stock(tenant, la, MUG, on_hand=4)
    make_channel(tenant, "marketplace", [la])
    with on_commit(execute=False):  # queued, not sent
        subscription_create(
            tenant_id=tenant.pk,
            name="s",
            url=url,
            channel_slugs=["marketplace"],
            actor=STAFF,
            secret="x",
        )


@pytest.mark.django_db
def test_a_private_address_is_refused_when_sent(
    capture_tenant, settings, receiver, django_capture_on_commit_callbacks
):
    settings.INVENTORY_WRITE_BACK_ENABLED = False
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = True  # saved while allowed
    tenant = capture_tenant
    _subscribed(tenant, receiver.url, django_capture_on_commit_callbacks)
    from saleor_oms_plugin.availability.push import full_push

    full_push(tenant_id=tenant.pk)
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    delivery = AvailabilityDelivery.objects.get()
    delivery_attempt(delivery_pk=delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.last_status, delivery.last_error) == (
        "DEAD",
        None,
        "address not allowed",
    )
    assert receiver.requests == []


def test_dns_rebinding_is_refused_on_the_address_connected_to(settings, receiver, fake_dns):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = False
    port = receiver.server.server_address[1]
    # public when checked, then the name rebinds to the loopback receiver
    fake_dns["rebind.example"] = [PUBLIC, "127.0.0.1"]
    check_url(f"http://rebind.example:{port}/x")
    result = signing.signed_post(
        url=f"http://rebind.example:{port}/x",
        secret="s",
        body=b"{}",
        event="e",
        delivery_id="d",
    )
    assert (result.status, result.error) == (None, "address not allowed")
    assert receiver.requests == []
    # the same receiver is reached when private hosts are allowed
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = True
    result = signing.signed_post(
        url=f"http://rebind.example:{port}/x",
        secret="s",
        body=b"{}",
        event="e",
        delivery_id="d",
    )
    assert result.delivered and len(receiver.requests) == 1


def test_errors_are_categories_without_hosts_or_ports(settings):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = True
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = signing.signed_post(
        url=f"http://127.0.0.1:{port}/x", secret="s", body=b"{}", event="e", delivery_id="d"
    )
    assert result.error == "connection refused"
    result = signing.signed_post(
        url="http://no-such-host.invalid/x", secret="s", body=b"{}", event="e", delivery_id="d"
    )
    assert result.error == "DNS resolution failed"


class _Drip:
    """A receiver answering one byte every ``pause`` seconds: the headers, or only the body."""

    def __init__(self, *, drip_headers: bool, pause: float = 0.2) -> None:
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(1)
        self.port = self.server.getsockname()[1]
        answer = b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n"
        head, tail = (b"", answer) if drip_headers else (answer, b"")
        tail += b"x" * 40

        def serve() -> None:
            connection, _ = self.server.accept()
            with connection:
                connection.recv(65536)
                connection.sendall(head)
                for byte in tail:
                    time.sleep(pause)
                    try:
                        connection.sendall(bytes([byte]))
                    except OSError:
                        return

        threading.Thread(target=serve, daemon=True).start()

    def close(self) -> None:
        self.server.close()


@pytest.mark.parametrize("drip_headers", [True, False])
def test_a_dripping_receiver_cannot_hold_the_worker(settings, monkeypatch, drip_headers):
    settings.OUTBOUND_ALLOW_PRIVATE_HOSTS = True
    monkeypatch.setattr(signing, "DEADLINE_SECONDS", 1.0)
    drip = _Drip(drip_headers=drip_headers)
    try:
        started = time.monotonic()
        result = signing.signed_post(
            url=f"http://127.0.0.1:{drip.port}/",
            secret="s",
            body=b"{}",
            event="e",
            delivery_id="d",
        )
        elapsed = time.monotonic() - started
    finally:
        drip.close()
    # headers dripped past the deadline: a timeout; a dripped body is never read
    assert result.error == ("timeout" if drip_headers else "")
    # the whole drip takes 16 s; the 1 s deadline ends it (with room for a busy machine)
    assert elapsed < 6.0
