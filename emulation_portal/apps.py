from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The project's kernel as an app, for what belongs to no app: the backup and restore
    commands of the whole database and media folder. It has no models of its own."""

    name = "emulation_portal"
    verbose_name = _("Portal")
