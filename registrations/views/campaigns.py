"""The campaigns' list: every campaign with its registrations counted by status. Served under
the campaigns' URLs (``campaigns:list``)."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.views.generic import ListView

from campaigns.models import Campaign
from units.permissions import may

from ..workflow import Status


class CampaignListView(LoginRequiredMixin, ListView):
    """The Department's and the Minister's overview of every campaign and where units stand."""

    template_name = "campaigns/campaign_list.html"
    context_object_name = "campaigns"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "campaigns.view_overview"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        counts = {
            f"n_{status}": Count("registrations", filter=Q(registrations__status=status))
            for status in Status.values
        }
        return Campaign.objects.annotate(n_registrations=Count("registrations"), **counts)
