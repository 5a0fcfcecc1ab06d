"""Every model's admin pages open for an administrator: the list, the add form and the change
form of its first object. Forms are drawn by the project's TEMPLATES (FORM_RENDERER), which
must find Django's widget templates ("django.forms") and the admin's own."""

import pytest
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _admin_urls():
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        yield model, model_admin, name


def test_every_admin_page_opens(demo, client, rf):
    client.force_login(demo["admin"])
    request = rf.get("/admin/")
    request.user = demo["admin"]
    opened = 0
    for model, model_admin, name in _admin_urls():
        pages = [reverse(f"{name}_changelist")]
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"{name}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            pages.append(reverse(f"{name}_change", args=[first.pk]))
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            opened += 1
    assert opened > len(admin.site._registry)  # change forms, not only the lists
