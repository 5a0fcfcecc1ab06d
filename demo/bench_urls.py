"""The portal's URLs plus the benchmark's floor: the cheapest signed-in page, one query of its
own, in the portal's layout (``base.html``: the header, navigation and footer every page has),
so that the ratio to it is what a page's own work costs. Only ``manage.py bench`` routes through
this module (override_settings); it is never the ROOT_URLCONF of a running site."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from emulation_portal.urls import urlpatterns as portal_urlpatterns
from units.models import Unit

FLOOR_URL_NAME = "bench_floor"


@login_required
def floor(request):
    return render(request, "base.html", {"units": Unit.objects.filter(is_active=True).exists()})


urlpatterns = [*portal_urlpatterns, path("__bench__/floor/", floor, name=FLOOR_URL_NAME)]
