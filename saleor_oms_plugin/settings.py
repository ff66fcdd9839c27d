"""Django settings, read from the environment.

With nothing set the service runs on its *embedded default*: a SQLite file under
``OMS_DATA_DIR`` and Celery tasks executed eagerly in the web process, so a first run needs no
server. Production sets ``DATABASE_URL`` (PostgreSQL) and ``CELERY_BROKER_URL`` (Redis), and runs
``saleor-oms worker`` and ``saleor-oms beat`` beside the web processes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from cryptography.fernet import Fernet

from saleor_oms_plugin.core.environment import (
    ConfigurationError,
    env_bool,
    env_int,
    env_int_map,
    env_list,
    env_str,
    persistent_secret,
    random_secret_key,
)

DATA_DIR = Path(env_str("OMS_DATA_DIR", ".oms-data")).resolve()
EMBEDDED = env_str("DATABASE_URL") == ""

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not EMBEDDED:
        raise ConfigurationError("SECRET_KEY must be set when DATABASE_URL is set (production)")
    SECRET_KEY = persistent_secret(DATA_DIR / "secret-key", generate=random_secret_key)

# Fernet keys for Saleor app tokens at rest. The first key encrypts; all of them decrypt, so a
# key can be rotated by putting the new one first and re-encrypting (`saleor-oms tenant rekey`).
TOKEN_ENCRYPTION_KEYS = env_list("TOKEN_ENCRYPTION_KEYS")
if not TOKEN_ENCRYPTION_KEYS:
    if not EMBEDDED:
        raise ConfigurationError("TOKEN_ENCRYPTION_KEYS must be set when DATABASE_URL is set")
    TOKEN_ENCRYPTION_KEYS = [
        persistent_secret(DATA_DIR / "token-key", generate=lambda: Fernet.generate_key().decode())
    ]

APP_URL = env_str("APP_URL", "http://localhost:8000").rstrip("/")
# Saleor installs one app per manifest id: a staging deployment beside production in the same
# Saleor needs its own id (and a name that tells the two apart in the Dashboard).
APP_ID = env_str("APP_ID") or "saleor.oms"
APP_NAME = env_str("APP_NAME") or "Saleor OMS"
# What the manifest shows the merchant; agencies point these at their own pages.
APP_AUTHOR = env_str("APP_AUTHOR", "Saleor OMS")
HOMEPAGE_URL = env_str("HOMEPAGE_URL")
SUPPORT_URL = env_str("SUPPORT_URL")
DATA_PRIVACY_URL = env_str("DATA_PRIVACY_URL")
# Glob patterns (fnmatch) of Saleor API URLs allowed to install the app.
ALLOWED_SALEOR_URLS = env_list(
    "ALLOWED_SALEOR_URLS",
    ["http://localhost:*/graphql/", "http://127.0.0.1:*/graphql/"] if EMBEDDED else [],
)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["*"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.staticfiles",
    "django_celery_beat",
    "saleor_oms_plugin.core",
    "saleor_oms_plugin.tenants",
    "saleor_oms_plugin.audit",
    "saleor_oms_plugin.webhooks",
    "saleor_oms_plugin.orders",
    "saleor_oms_plugin.locations",
    "saleor_oms_plugin.inventory",
    "saleor_oms_plugin.fulfilment",
    "saleor_oms_plugin.rules",
    "saleor_oms_plugin.returns",
    "saleor_oms_plugin.replenishment",
    "saleor_oms_plugin.availability",
    "saleor_oms_plugin.insights",
    "saleor_oms_plugin.delivery",
    "saleor_oms_plugin.checkout",
    "saleor_oms_plugin.warehouse",
    "saleor_oms_plugin.purchasing",
    "saleor_oms_plugin.screening",
    "saleor_oms_plugin.capture",
]

# The API is token-authenticated and keeps no sessions, so the middleware stays minimal: every
# webhook delivery passes through it. The request id comes first so every log line has it.
MIDDLEWARE = [
    "saleor_oms_plugin.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "saleor_oms_plugin.core.middleware.ApiErrorsAsJson",
]

ROOT_URLCONF = "saleor_oms_plugin.urls"
WSGI_APPLICATION = "saleor_oms_plugin.wsgi.application"
APPEND_SLASH = False

TEMPLATES: list[dict] = []

DATABASES: dict[str, dict[str, Any]]
if EMBEDDED:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "oms.sqlite3"),
            "OPTIONS": {"timeout": 20},
        }
    }
else:
    DATABASES = {
        "default": dict(
            dj_database_url.parse(
                env_str("DATABASE_URL"),
                conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600),
                # A health check costs a round trip per request; Django already drops connections
                # that failed, so it is only worth it behind poolers that cut idle connections.
                conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", False),
            )
        )
    }
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

# Webhook intake: bodies above this size are refused with 413 before they are read.
WEBHOOK_MAX_BODY_BYTES = env_int("WEBHOOK_MAX_BODY_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(WEBHOOK_MAX_BODY_BYTES, 2_621_440)
# Webhook intake remembers active tenants this long per process (0 turns the cache off).
TENANT_CACHE_SECONDS = env_int("TENANT_CACHE_SECONDS", 5)
# How long a process keeps a channel's locations, calendars, delivery services and rule set
# for the answers at checkout (stock is always read fresh).
DELIVERY_CONTEXT_SECONDS = env_int("DELIVERY_CONTEXT_SECONDS", 10)
# How long before a promised ship date's cut-off an order still to ship is "at risk".
PROMISE_AT_RISK_MINUTES = env_int("PROMISE_AT_RISK_MINUTES", 60)
# An unknown signing key makes us refetch the tenant's JWKS at most this often.
JWKS_REFETCH_MIN_SECONDS = env_int("JWKS_REFETCH_MIN_SECONDS", 300)
# Deliveries still pending after this long are queued again by the periodic sweep.
INBOX_STALLED_AFTER_SECONDS = env_int("INBOX_STALLED_AFTER_SECONDS", 120)
# Rule evaluations and action runs waiting this long for their task are sent again by the
# rules sweep, which runs every RULES_SWEEP_INTERVAL_SECONDS.
RULES_RESEND_AFTER_SECONDS = env_int("RULES_RESEND_AFTER_SECONDS", 120)
RULES_SWEEP_INTERVAL_SECONDS = env_int("RULES_SWEEP_INTERVAL_SECONDS", 60)
# Finished deliveries are deleted after this many days (failed and deferred ones are kept).
INBOX_RETENTION_DAYS = env_int("INBOX_RETENTION_DAYS", 30)

# A worker sending a plan to Saleor holds it this long at most (longer than all retries of all
# its calls); plans still `applying` past that and idle this long are applied again by beat.
# Stock changes that start here (reservations, adjustments) are written back to Saleor.
INVENTORY_WRITE_BACK_ENABLED = env_bool("INVENTORY_WRITE_BACK_ENABLED", True)
ROUTING_APPLY_LEASE_SECONDS = env_int("ROUTING_APPLY_LEASE_SECONDS", 900)
ROUTING_STALLED_AFTER_SECONDS = env_int("ROUTING_STALLED_AFTER_SECONDS", 600)
# How often beat looks for such plans.
ROUTING_SWEEP_INTERVAL_SECONDS = env_int("ROUTING_SWEEP_INTERVAL_SECONDS", 300)
# Carrier tracking (warehouse): parcels asked about per tenant and run of the beat sweep.
WAREHOUSE_TRACKING_PER_RUN = env_int("WAREHOUSE_TRACKING_PER_RUN", 500)

SALEOR_CONNECT_TIMEOUT = float(env_int("SALEOR_CONNECT_TIMEOUT", 3))
SALEOR_READ_TIMEOUT = float(env_int("SALEOR_READ_TIMEOUT", 20))
SALEOR_MAX_RETRIES = env_int("SALEOR_MAX_RETRIES", 4)
# The live contract suite records what Saleor answered to each document here (off: empty).
SALEOR_CONTRACT_RECORD_DIR = env_str("SALEOR_CONTRACT_RECORD_DIR")

# Celery. Without a broker URL the tasks run eagerly in the calling process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")

# Rate limits (token buckets; 0 turns a limit off). Buckets live in this Redis; by default the
# broker's when it is Redis, else each process keeps its own (the embedded default).
RATE_LIMIT_REDIS_URL = env_str("RATE_LIMIT_REDIS_URL") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else ""
)
# GraphQL requests per tenant and minute, and per client IP for requests without credentials.
GRAPHQL_RATE_LIMIT_PER_MINUTE = env_int("GRAPHQL_RATE_LIMIT_PER_MINUTE", 1200)
GRAPHQL_ANONYMOUS_RATE_LIMIT_PER_MINUTE = env_int("GRAPHQL_ANONYMOUS_RATE_LIMIT_PER_MINUTE", 300)
# Per-tenant exceptions: "<Saleor API URL>=<per minute>,..."
GRAPHQL_RATE_LIMIT_OVERRIDES = env_int_map("GRAPHQL_RATE_LIMIT_OVERRIDES")
# Installations (/api/register) per Saleor API URL and per client IP, each per hour.
REGISTER_RATE_LIMIT_PER_HOUR = env_int("REGISTER_RATE_LIMIT_PER_HOUR", 20)
REGISTER_IP_RATE_LIMIT_PER_HOUR = env_int("REGISTER_IP_RATE_LIMIT_PER_HOUR", 60)
# Reverse proxies in front of the app whose X-Forwarded-For entries are trusted (0: none, the
# client is REMOTE_ADDR).
RATE_LIMIT_TRUSTED_PROXIES = env_int("RATE_LIMIT_TRUSTED_PROXIES", 0)
# Webhook deliveries one tenant's turn processes before the next tenant's turn.
INBOX_TURN_SIZE = env_int("INBOX_TURN_SIZE", 50)
# `saleor-oms worker` and `beat` wait this long for the database at start-up before giving up
# (0: fail at once), so a database restart does not send them into a supervisor's crash loop.
STARTUP_DATABASE_WAIT_SECONDS = env_int("STARTUP_DATABASE_WAIT_SECONDS", 120)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", CELERY_BROKER_URL == "")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "saleor_oms_plugin.webhooks.*": {"queue": "webhooks"},
    "saleor_oms_plugin.tenants.*": {"queue": "saleor"},
    "saleor_oms_plugin.fulfilment.*": {"queue": "saleor"},
    "saleor_oms_plugin.inventory.*": {"queue": "saleor"},
    "saleor_oms_plugin.returns.*": {"queue": "saleor"},
    "saleor_oms_plugin.capture.*": {"queue": "saleor"},
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "inventory-reconcile": {
        "task": "saleor_oms_plugin.inventory.tasks.inventory_reconcile_all",
        "schedule": float(env_int("INVENTORY_RECONCILE_INTERVAL_SECONDS", 3600)),
    },
    "inventory-expire-reservations": {
        "task": "saleor_oms_plugin.inventory.tasks.inventory_expire_reservations",
        "schedule": 60.0,
    },
    "checkout-expire-carts": {
        "task": "saleor_oms_plugin.checkout.tasks.checkout_expire_carts",
        "schedule": 60.0,
    },
    "capture-sweep": {
        "task": "saleor_oms_plugin.capture.tasks.sweep_captured_orders",
        "schedule": 60.0,
    },
    "inventory-write-back-sweep": {
        "task": "saleor_oms_plugin.inventory.tasks.inventory_write_back_sweep",
        "schedule": 60.0,
    },
    "replenishment-sweep": {
        "task": "saleor_oms_plugin.replenishment.tasks.replenishment_sweep",
        "schedule": float(env_int("REPLENISHMENT_SWEEP_INTERVAL_SECONDS", 900)),
    },
    "replenishment-forecast": {
        "task": "saleor_oms_plugin.replenishment.tasks.replenishment_forecast",
        "schedule": float(env_int("REPLENISHMENT_FORECAST_INTERVAL_SECONDS", 86400)),
    },
    "availability-sweep": {
        "task": "saleor_oms_plugin.availability.tasks.availability_sweep",
        "schedule": float(env_int("AVAILABILITY_SWEEP_INTERVAL_SECONDS", 300)),
    },
    "requeue-stalled-routing-plans": {
        "task": "saleor_oms_plugin.fulfilment.tasks.requeue_stalled_plans",
        "schedule": float(ROUTING_SWEEP_INTERVAL_SECONDS),
    },
    # Pre-orders past their end date, and woken backorders left waiting, are routed.
    "release-preorders": {
        "task": "saleor_oms_plugin.fulfilment.tasks.release_preorders",
        "schedule": float(env_int("BACKORDER_SWEEP_INTERVAL_SECONDS", 300)),
    },
    "requeue-stalled-deliveries": {
        "task": "saleor_oms_plugin.webhooks.tasks.requeue_stalled_deliveries",
        "schedule": float(env_int("INBOX_SWEEP_INTERVAL_SECONDS", 60)),
    },
    "rules-sweep": {
        "task": "saleor_oms_plugin.rules.tasks.sweep_rules",
        "schedule": float(RULES_SWEEP_INTERVAL_SECONDS),
    },
    "requeue-stalled-returns": {
        "task": "saleor_oms_plugin.returns.tasks.requeue_stalled_returns",
        "schedule": 300.0,
    },
    "delivery-promises-at-risk": {
        "task": "saleor_oms_plugin.delivery.tasks.delivery_promises_at_risk",
        "schedule": 300.0,
    },
    "warehouse-waves": {
        "task": "saleor_oms_plugin.warehouse.tasks.warehouse_waves_sweep",
        "schedule": 60.0,
    },
    "warehouse-tracking": {
        "task": "saleor_oms_plugin.warehouse.tasks.warehouse_tracking_sweep",
        "schedule": float(env_int("WAREHOUSE_TRACKING_INTERVAL_SECONDS", 1800)),
    },
    "purchasing-late-sweep": {
        "task": "saleor_oms_plugin.purchasing.tasks.purchasing_late_sweep",
        "schedule": float(env_int("PURCHASING_LATE_SWEEP_INTERVAL_SECONDS", 3600)),
    },
    "insights-reports": {
        "task": "saleor_oms_plugin.insights.tasks.insights_reports_sweep",
        "schedule": float(env_int("INSIGHTS_REPORTS_INTERVAL_SECONDS", 900)),
    },
    # Hourly: each run updates the day's snapshot and keeps its lowest available, so the
    # stock-out days of the insights see a stock-out that lasted an hour.
    "insights-stock-snapshot": {
        "task": "saleor_oms_plugin.insights.tasks.insights_stock_snapshot",
        "schedule": float(env_int("INSIGHTS_STOCK_SNAPSHOT_INTERVAL_SECONDS", 3600)),
    },
    "prune-finished-deliveries": {
        "task": "saleor_oms_plugin.webhooks.tasks.prune_deliveries",
        "schedule": 3600.0,
    },
}

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("CACHE_URL")}
        if env_str("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# json: one JSON object per line (time, level, logger, message and the request, task, tenant
# and delivery it is about); text: for a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "text" if EMBEDDED else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ConfigurationError(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "saleor_oms_plugin.core.json_logs.ContextFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s%(context)s"},
        "json": {"()": "saleor_oms_plugin.core.json_logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# /metrics: with a token set, scrapes must send `Authorization: Bearer <token>`.
METRICS_TOKEN = env_str("METRICS_TOKEN")
# A tenant label on the webhook metrics: one series per installation, so off by default.
METRICS_TENANT_LABELS = env_bool("METRICS_TENANT_LABELS", False)

# Email sent by trigger rules. The embedded default prints mails to the console.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if EMBEDDED
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "oms@localhost")

INVENTORY_FEED_MAX_CSV_BYTES = env_int("INVENTORY_FEED_MAX_CSV_BYTES", 5 * 1024 * 1024)
# Whether tenants' outbound URLs (availability feed, rule webhooks) may point at private,
# loopback or link-local addresses. On in the embedded default (a local receiver), off otherwise.
OUTBOUND_ALLOW_PRIVATE_HOSTS = env_bool("OUTBOUND_ALLOW_PRIVATE_HOSTS", EMBEDDED)
# The Dashboard extension's build; empty = dashboard-extension/dist beside the package.
DASHBOARD_DIST_DIR = env_str("DASHBOARD_DIST_DIR")

GRAPHQL_MAX_PAGE_SIZE = env_int("GRAPHQL_MAX_PAGE_SIZE", 100)
# Documents deeper or costlier than this are refused before execution (see README, GraphQL).
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 12)
GRAPHQL_MAX_COMPLEXITY = env_int("GRAPHQL_MAX_COMPLEXITY", 10000)
GRAPHQL_MAX_ENTITIES = env_int("GRAPHQL_MAX_ENTITIES", 500)
