"""No secret reaches the logs, whatever the level: a whole flow logged at DEBUG, then grepped.

The flow: Saleor installs the app (its app token, then calls to Saleor with it and the initial
import), delivers signed webhooks that are processed, an integration queries /graphql/ with an
API key, someone tries a forged Saleor token, a scrape sends the metrics token. Every secret
used is then looked for in everything logged, in the JSON and the text format.
"""

from __future__ import annotations

import json
import logging

import pytest

from saleor_oms_plugin.core.json_logs import ContextFilter, JsonFormatter
from saleor_oms_plugin.saleor.client import SaleorClient
from saleor_oms_plugin.saleor.errors import SaleorPermissionDenied
from saleor_oms_plugin.tenants.models import Tenant
from saleor_oms_plugin.webhooks.models import Delivery
from tests.fixtures.contract import captures, install_request, tokens
from tests.fixtures.deliveries import LocalSigner, django_client_headers, webhook_path
from tests.fixtures.graphql import forged, gql, make_api_key

pytestmark = pytest.mark.django_db(transaction=True)

REGISTER = install_request("02-register.json")
_TRANSPORT_HEADERS = {"Host", "Content-Length", "Content-Type", "Connection", "Accept-Encoding"}


class _Everything(logging.Handler):
    """Keeps every record at every level, formatted both ways (and the raw arguments)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.json = JsonFormatter()
        self.text = logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s %(context)s")
        self.context = ContextFilter()
        self.written: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.context.filter(record)
        self.written.append(self.json.format(record))
        self.written.append(self.text.format(record))
        self.written.append(repr(record.args))


@pytest.fixture
def everything_logged(monkeypatch):
    """Every record of every logger at every level, whatever logging's configuration is or
    becomes during the flow (libraries may reconfigure it): taken where each logger hands a
    record to its handlers, and with every logger enabled for DEBUG."""
    handler = _Everything()
    hand_over = logging.Logger.callHandlers

    def call_handlers(self: logging.Logger, record: logging.LogRecord) -> None:
        handler.handle(record)
        if record.levelno >= self.getEffectiveLevel():
            hand_over(self, record)

    monkeypatch.setattr(logging.Logger, "isEnabledFor", lambda self, level: True)
    monkeypatch.setattr(logging.Logger, "callHandlers", call_handlers)
    monkeypatch.setattr(logging, "disable", lambda level=logging.CRITICAL: None)
    return handler.written


def _register(client, api_url: str):
    headers = {k: v for k, v in REGISTER["headers"].items() if k not in _TRANSPORT_HEADERS}
    headers["Saleor-Api-Url"] = api_url
    return client.post(
        REGISTER["path"],
        data=REGISTER["body"],
        content_type=REGISTER["headers"]["Content-Type"],
        **django_client_headers(headers),
    )


def _deliver(client, capture, signature: str, api_url: str):
    """``capture`` delivered as Saleor sends it, under ``signature``."""
    return client.post(
        webhook_path(capture.event),
        data=capture.body,
        content_type="application/json",
        headers={
            "Saleor-Event": capture.event.lower(),
            "Saleor-Signature": signature,
            "Saleor-Api-Url": api_url,
        },
    )


def test_a_whole_flow_at_debug_logs_no_secret(client, fake_saleor, settings, everything_logged):
    secrets: dict[str, str] = {
        "SECRET_KEY": settings.SECRET_KEY,
        "Saleor app token": fake_saleor.app_token,
    }
    for number, key in enumerate(settings.TOKEN_ENCRYPTION_KEYS):
        secrets[f"TOKEN_ENCRYPTION_KEYS[{number}]"] = key
    settings.METRICS_TOKEN = secrets["metrics token"] = "metrics-token-5d0c2e71"

    # Saleor installs the app; its JWKS is one whose private key the test holds
    signer = LocalSigner.generate()
    fake_saleor.jwks = signer.jwks()
    assert _register(client, fake_saleor.url).status_code == 200
    tenant = Tenant.objects.get()
    secrets["stored token"] = tenant.token_encrypted

    # Saleor delivers signed webhooks, which are processed
    for number, capture in enumerate(captures()[:6]):
        signature = signer.sign(capture.body)
        secrets[f"webhook signature {number}"] = signature.rsplit(".", 1)[1]
        response = _deliver(client, capture, signature, fake_saleor.url)
        assert response.status_code == 200, response.content
    assert Delivery.objects.exclude(status=Delivery.Status.PENDING).exists()
    # and one whose signature is wrong is refused
    forged_signature = signer.sign(b"something else")
    secrets["refused webhook signature"] = forged_signature.rsplit(".", 1)[1]
    capture = captures()[0]
    refused = _deliver(client, capture, forged_signature, fake_saleor.url)
    assert refused.status_code == 401

    # an integration reads the API with its key; someone tries a forged Saleor token
    api_key = secrets["API key"] = make_api_key(tenant, ["MANAGE_ORDERS"])
    status, body = gql(
        client, "{ orders(first: 5) { edges { node { number } } } }", api_key=api_key
    )
    assert status == 200 and "errors" not in body, body
    wrong_key = secrets["wrong API key"] = api_key[:-4] + "0000"
    gql(client, "{ orders(first: 5) { totalCount } }", api_key=wrong_key)
    forged_token = forged(next(t for t in tokens().values() if t.count(".") == 2))
    secrets["forged Saleor token"] = forged_token
    gql(client, "{ orders(first: 5) { totalCount } }", token=forged_token)

    # the service calls Saleor with the app token (and once with a token Saleor refuses)
    SaleorClient(fake_saleor.url, fake_saleor.app_token).execute("queries/app_identity")
    refused_token = secrets["refused app token"] = "refused-app-token-41c9"
    with pytest.raises(SaleorPermissionDenied):
        SaleorClient(fake_saleor.url, refused_token, max_retries=0).execute("queries/app_identity")

    # Prometheus scrapes, with and without its token
    assert client.get("/metrics").status_code == 401
    metrics = client.get("/metrics", headers={"Authorization": f"Bearer {settings.METRICS_TOKEN}"})
    assert metrics.status_code == 200

    # then plenty was logged, and none of it holds a secret
    logged = "\n".join(everything_logged)
    assert len(everything_logged) > 20, "the flow logged (almost) nothing: is DEBUG on?"
    leaked = sorted(name for name, secret in secrets.items() if secret and secret in logged)
    assert leaked == [], f"secrets in the logs: {leaked}"
    # nor an Authorization header, whatever it held
    assert "Bearer " not in logged
    json.dumps(secrets)  # every secret is a plain string
