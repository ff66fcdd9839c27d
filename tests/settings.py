"""Settings for the test suite: real PostgreSQL and Redis on this machine unless told otherwise."""

import os

# One database per run (pytest-django creates test_<name> and drops it at the end), so that
# test runs on one machine never trip over each other.
os.environ.setdefault(
    "DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/saleor_oms_{os.getpid()}"
)
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
# A fixed Fernet key: urlsafe base64 of 32 bytes.
os.environ.setdefault("TOKEN_ENCRYPTION_KEYS", "dGVzdC1rZXktZm9yLXRoZS10ZXN0LXN1aXRlLW9ubHk=")
os.environ.setdefault("APP_URL", "http://testserver")
os.environ.setdefault(
    "ALLOWED_SALEOR_URLS", "http://127.0.0.1:*/graphql/,http://localhost:*/graphql/"
)
os.environ.setdefault("OMS_DATA_DIR", os.path.join(os.path.dirname(__file__), "..", ".oms-data"))

from saleor_oms_plugin.settings import *  # noqa: E402,F403

# Every test sees the database as it is; the cache has tests of its own.
TENANT_CACHE_SECONDS = 0
# Most tests run tasks inline; the tests about the worker use a real one on Redis.
CELERY_TASK_ALWAYS_EAGER = True
# The test receivers listen on 127.0.0.1; the tests of the guard turn this off.
OUTBOUND_ALLOW_PRIVATE_HOSTS = True
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
