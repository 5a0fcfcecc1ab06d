from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Units, groups and staff")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import post_save

        from . import selectors
        from .models import Organisation, Signer

        request_started.connect(selectors.organisation_cache_start, dispatch_uid="org-start")
        request_finished.connect(selectors.organisation_cache_clear, dispatch_uid="org-finish")
        for model in (Organisation, Signer):
            post_save.connect(
                selectors.organisation_forget, sender=model, dispatch_uid=f"org-{model.__name__}"
            )
