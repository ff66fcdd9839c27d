"""Guarding tenant-controlled outbound URLs against server-side request forgery.

A tenant saves the URL its availability feed or rule webhooks are POSTed to; without a guard it
could point us at our own network (Redis, the cloud metadata service at 169.254.169.254, an
admin port on localhost). Unless ``settings.OUTBOUND_ALLOW_PRIVATE_HOSTS`` is on, a URL is
refused when saved if it carries credentials (``user:pass@``) or if any address its host
resolves to is not public (``ipaddress.ip_address(a).is_global``), and every connection made
when sending is checked again on the address actually connected to: a host that resolved to a
public address when saved and to a private one later (DNS rebinding) is refused too.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class UnsafeUrl(Exception):
    """A URL (or the address it led to) we must not send to; ``reason`` is safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def private_hosts_allowed() -> bool:
    return bool(getattr(settings, "OUTBOUND_ALLOW_PRIVATE_HOSTS", False))


def address_is_public(address: str) -> bool:
    """Whether ``address`` is a globally routable unicast address (IPv4-mapped IPv6 counts as
    the IPv4 address it maps)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> None:
    """Refuse (``UnsafeUrl``) a URL with credentials, or whose host is not public."""
    parts = urlsplit(url)
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise UnsafeUrl("The URL must not contain credentials (user:password@).")
    if private_hosts_allowed():
        return
    host = parts.hostname
    if not host:
        raise UnsafeUrl("The URL has no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise UnsafeUrl("The URL's port is not valid.") from None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise UnsafeUrl(f"The host {host!r} does not resolve.") from None
    addresses = {str(info[4][0]) for info in infos}
    if not addresses or not all(address_is_public(a) for a in addresses):
        raise UnsafeUrl(f"The host {host!r} is not a public address.")


def _check_peer(sock: socket.socket) -> None:
    if private_hosts_allowed():
        return
    peer = sock.getpeername()[0]
    if not address_is_public(str(peer)):
        sock.close()
        raise UnsafeUrl("The host resolved to an address that is not public.")


class _GuardedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock)
        _track(self, sock)
        return sock


class _GuardedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _check_peer(sock)  # before the TLS handshake
        _track(self, sock)
        return sock


def _track(connection: HTTPConnection, sock: socket.socket) -> None:
    sockets = getattr(connection, "oms_sockets", None)
    if sockets is not None:
        sockets.append(sock)


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections refuse non-public peers (see module docstring)
    and record their sockets in ``sockets`` (so a deadline can cut them)."""

    def __init__(self, **kwargs: Any) -> None:
        self.sockets: list[socket.socket] = []
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        sockets = self.sockets

        class Http(_GuardedHTTPConnection):
            oms_sockets = sockets

        class Https(_GuardedHTTPSConnection):
            oms_sockets = sockets

        class HttpPool(HTTPConnectionPool):
            ConnectionCls = Http

        class HttpsPool(HTTPSConnectionPool):
            ConnectionCls = Https

        self.poolmanager.pool_classes_by_scheme = {"http": HttpPool, "https": HttpsPool}
