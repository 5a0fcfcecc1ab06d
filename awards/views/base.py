"""Shared pieces of the commendation pages: the open campaign and the permission checks."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import cached_property

from campaigns.selectors import campaign_current
from emulation_portal.exceptions import ApplicationError
from units.permissions import may
from units.roles import actor_for


class AwardsMixin(LoginRequiredMixin):
    """The open campaign; 404 for a user without ``permission_required`` (a global perm)."""

    permission_required = "awards.view_proposals"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, self.permission_required):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def campaign(self):
        campaign = campaign_current()
        if campaign is None:
            raise Http404
        return campaign

    def fail(self, error: ApplicationError):
        messages.error(self.request, error.message)


class WriteMixin:
    """A write: 404 for whoever may not even read; 403 for a reader (the Minister, the
    administrator)."""

    write_permission = ""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not may(user, self.write_permission):
            if may(user, self.permission_required) and actor_for(user).is_reader:
                raise PermissionDenied
            raise Http404
        return super().dispatch(request, *args, **kwargs)
