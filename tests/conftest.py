import pytest

from tests.fixtures.tenants import make_capture_tenant


@pytest.fixture
def capture_tenant(db):
    return make_capture_tenant()
