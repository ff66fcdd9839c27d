"""Settings for the test suite: real PostgreSQL and Redis on this machine unless told otherwise."""

import os
from urllib.parse import urlsplit, urlunsplit

# One database per run (pytest-django creates test_<name> and drops it at the end), so that
# test runs on one machine never trip over each other. Under pytest-xdist every worker is a
# process of its own, and pytest-django adds the worker's id as well (test_<name>_gw0).
os.environ.setdefault(
    "DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/saleor_oms_{os.getpid()}"
)


def worker_broker_url(url: str, worker: str) -> str:
    """The Redis database of one pytest-xdist worker: ``url`` names the first worker's (gw0),
    and each further worker takes the next one down (gw1 the one below, ...), so that a test
    flushing its broker or running a real Celery worker never sees another worker's tasks."""
    if not worker:
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) - int(worker.removeprefix("gw"))
    if database < 0:
        raise RuntimeError(
            f"{url} leaves no Redis database for pytest-xdist worker {worker}: name a higher "
            "database in CELERY_BROKER_URL, or run fewer workers (-n)"
        )
    return urlunsplit(parts._replace(path=f"/{database}"))


xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
first_broker_url = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ["CELERY_BROKER_URL"] = worker_broker_url(first_broker_url, xdist_worker)
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
# A fixed Fernet key: urlsafe base64 of 32 bytes.
os.environ.setdefault("TOKEN_ENCRYPTION_KEYS", "dGVzdC1rZXktZm9yLXRoZS10ZXN0LXN1aXRlLW9ubHk=")
os.environ.setdefault("APP_URL", "http://testserver")
os.environ.setdefault(
    "ALLOWED_SALEOR_URLS", "http://127.0.0.1:*/graphql/,http://localhost:*/graphql/"
)
# Each xdist worker has a data folder of its own (a subprocess on the embedded default writes
# its secrets there).
os.environ.setdefault(
    "OMS_DATA_DIR",
    os.path.join(os.path.dirname(__file__), "..", ".oms-data", xdist_worker),
)

from saleor_oms_plugin.settings import *  # noqa: E402,F403

# Every test sees the database as it is; the cache has tests of its own.
TENANT_CACHE_SECONDS = 0
DELIVERY_CONTEXT_SECONDS = 0
# Most tests run tasks inline; the tests about the worker use a real one on Redis.
CELERY_TASK_ALWAYS_EAGER = True
# The test receivers listen on 127.0.0.1; the tests of the guard turn this off.
OUTBOUND_ALLOW_PRIVATE_HOSTS = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# The suite sends thousands of requests; the tests of the limits set their own.
GRAPHQL_RATE_LIMIT_PER_MINUTE = 1_000_000
GRAPHQL_ANONYMOUS_RATE_LIMIT_PER_MINUTE = 1_000_000
REGISTER_RATE_LIMIT_PER_HOUR = 1_000_000
REGISTER_IP_RATE_LIMIT_PER_HOUR = 1_000_000
