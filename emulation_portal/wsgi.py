import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from emulation_portal.process import freeze_loaded_objects

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "emulation_portal.settings.production")
application = get_wsgi_application()

# Load the URLconf, and with it the views, now rather than on each worker's first request: they
# import WeasyPrint and matplotlib, which takes seconds. Under `gunicorn --preload` the master
# loads them once for every worker.
get_resolver().url_patterns  # noqa: B018

freeze_loaded_objects()
