"""Saleor OMS: order management for Saleor, installed as a Saleor App."""

__version__ = "0.1.0"

# Load the Celery app with Django so that shared tasks bind to it (and its settings).
from saleor_oms_plugin.celery_app import app as celery_app  # noqa: E402

__all__ = ["__version__", "celery_app"]
