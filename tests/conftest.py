import pytest

from tests.fixtures.tenants import make_capture_tenant

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
