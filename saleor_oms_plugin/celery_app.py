"""The Celery application. Tasks live in each domain's ``tasks.py``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_oms_plugin.settings")

app = Celery("saleor_oms_plugin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
