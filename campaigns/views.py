from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from emulation_portal.exceptions import ApplicationError
from units.permissions import may

from .forms import KeyDatesForm
from .letter import letter_context, letter_filename, letter_pdf
from .models import Campaign
from .selectors import campaign_key_date_changes, campaign_with_letter
from .services import campaign_key_dates_update
from .validators import KEY_DATE_FIELDS


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


class CampaignKeyDatesView(LoginRequiredMixin, View):
    """The Department sets the campaign's deadlines; every change is listed with who and when.
    Anyone else gets a 404."""

    template_name = "campaigns/campaign_key_dates.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(
            request.user, "campaigns.change_key_dates", self.campaign
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def campaign(self):
        return get_object_or_404(Campaign, pk=self.kwargs["pk"])

    def _render(self, form, status=200):
        context = {
            "campaign": self.campaign,
            "form": form,
            "changes": campaign_key_date_changes(self.campaign),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        return self._render(KeyDatesForm(instance=self.campaign))

    def post(self, request, pk):
        form = KeyDatesForm(request.POST, instance=Campaign(pk=self.campaign.pk))
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            campaign_key_dates_update(
                campaign=self.campaign,
                dates={field: form.cleaned_data[field] for field in KEY_DATE_FIELDS},
                actor=request.user,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, status=400)
        messages.success(request, _("The key dates were saved."))
        return redirect("campaigns:key_dates", pk=self.campaign.pk)
