from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from campaigns.letter import letter_context
from campaigns.selectors import campaign_current, campaign_with_letter
from registrations.models import Registration

from .selectors import unit_of_user


class MyUnitView(LoginRequiredMixin, TemplateView):
    """A unit head's landing page: the open campaign and where the unit's registration stands."""

    template_name = "units/my_unit.html"

    def get_context_data(self, **kwargs):
        unit = unit_of_user(self.request.user)
        campaign = campaign_current()
        registration = None
        letter = None
        if campaign:
            campaign = campaign_with_letter().get(pk=campaign.pk)
            letter = letter_context(campaign)
            registration = Registration.objects.filter(campaign=campaign, unit=unit).first()
        return super().get_context_data(
            unit=unit, campaign=campaign, letter=letter, registration=registration, **kwargs
        )
