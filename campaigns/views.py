from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin

from registrations.workflow import Status

from .letter import letter_context, letter_filename, letter_pdf
from .models import Campaign
from .selectors import campaign_with_letter


class CampaignListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """The Department's and the Minister's overview of every campaign and where units stand."""

    permission_required = "campaigns.view_overview"
    template_name = "campaigns/campaign_list.html"
    context_object_name = "campaigns"

    def get_queryset(self):
        counts = {
            f"n_{status}": Count("registrations", filter=Q(registrations__status=status))
            for status in Status.values
        }
        return Campaign.objects.annotate(n_registrations=Count("registrations"), **counts)


class CampaignDetailView(LoginRequiredMixin, DetailView):
    """The campaign's launch letter as HTML, with the PDF download (open to every user)."""

    template_name = "campaigns/campaign_detail.html"
    context_object_name = "campaign"

    def get_queryset(self):
        return campaign_with_letter()

    def get_context_data(self, **kwargs):
        return super().get_context_data(letter=letter_context(self.object), **kwargs)


class CampaignLetterPdfView(LoginRequiredMixin, View):
    def get(self, request, pk):
        campaign = get_object_or_404(campaign_with_letter(), pk=pk)
        disposition = "inline" if request.GET.get("inline") else "attachment"
        response = HttpResponse(letter_pdf(campaign), content_type="application/pdf")
        response["Content-Disposition"] = f'{disposition}; filename="{letter_filename(campaign)}"'
        return response
