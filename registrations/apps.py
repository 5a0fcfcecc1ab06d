from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("Registrations and results")

    def ready(self):
        from campaigns.signals import campaign_launched

        from .notifications import on_campaign_launched

        # The launch tells the units it addresses (e-mail through the outbox, portal notices).
        campaign_launched.connect(
            on_campaign_launched, dispatch_uid="registrations.notify_campaign_launched"
        )
