import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings.local")

app = Celery("emulation_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
