"""The Celery application. Tasks live in each domain's ``tasks.py``."""

import os

from celery import Celery, signals

from saleor_oms_plugin.core.metrics import task_failed
from saleor_oms_plugin.core.task_logging import logging_setup, task_finished, task_started

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saleor_oms_plugin.settings")

app = Celery("saleor_oms_plugin")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

signals.setup_logging.connect(logging_setup, weak=False)
signals.task_prerun.connect(task_started, weak=False)
signals.task_postrun.connect(task_finished, weak=False)
signals.task_failure.connect(task_failed, weak=False)
