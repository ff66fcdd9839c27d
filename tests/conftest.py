from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.fixtures.hypothesis_profiles import register_door_profiles
from tests.fixtures.tenants import make_capture_tenant

register_door_profiles()

# The fake Saleor (real HTTP, answers from Saleor's schema) and a real Celery worker on Redis
# (``worker``) are available to every test; the
# database is emptied after a committing test by DELETE rather than TRUNCATE (faster).
pytest_plugins = [
    "tests.fixtures.fake_saleor",
    "tests.fixtures.database",
    "tests.fixtures.worker",
]


@pytest.fixture
def capture_tenant(db):
    return make_capture_tenant()


# Captured deliveries name the Saleor they came from (127.0.0.1:8000), and so do tenants made
# from them. Outside the live suite nothing may reach that address: locally a live Saleor is
# often listening there and would answer what CI (where nothing listens) refuses.
_CAPTURED_SALEOR = urlsplit("http://127.0.0.1:8000/")


@pytest.fixture(autouse=True)
def _no_saleor_at_the_captured_address(request, monkeypatch):
    if request.node.path.is_relative_to(Path(__file__).parent / "live"):
        return
    send = HTTPAdapter.send

    def refusing_send(self, prepared, *args, **kwargs):
        target = urlsplit(prepared.url)
        if (target.hostname, target.port) == (_CAPTURED_SALEOR.hostname, _CAPTURED_SALEOR.port):
            raise requests.ConnectionError(
                f"tests never reach the captured Saleor address: {prepared.url}"
            )
        return send(self, prepared, *args, **kwargs)

    monkeypatch.setattr(HTTPAdapter, "send", refusing_send)
