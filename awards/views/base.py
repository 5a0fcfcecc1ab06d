"""Shared pieces of the commendation pages: the open campaign and the permission checks."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property

from campaigns.switch import campaign_from_request, campaign_is_named
from campaigns.workflow import CAMPAIGN_CLOSED_MESSAGE
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
        campaign = campaign_from_request(self.request)
        if campaign is None:
            raise Http404
        return campaign

    @cached_property
    def named_campaign(self):
        return self.campaign if campaign_is_named(self.request) else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(named_campaign=self.named_campaign, **kwargs)

    def fail(self, error: ApplicationError):
        messages.error(self.request, error.message)


class WriteMixin:
    """A write: 404 for whoever may not even read; 403 for a reader (the Minister, the
    administrator); back to the page with a message when the campaign is closed."""

    write_permission = ""

    def write_object(self):
        """What the write is on, for the rule: the campaign (a session or decision has one)."""
        return self.campaign

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not may(user, self.write_permission):
            if may(user, self.permission_required) and actor_for(user).is_reader:
                raise PermissionDenied
            raise Http404
        target = self.write_object() if user.is_authenticated else None
        if target is not None and not may(user, self.write_permission, target):
            messages.error(request, CAMPAIGN_CLOSED_MESSAGE)
            return redirect(target.get_absolute_url())
        return super().dispatch(request, *args, **kwargs)
