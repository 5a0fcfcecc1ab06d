"""The Department's deadline extensions for the current campaign: grant one, list them all."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from campaigns.switch import campaign_query
from emulation_portal.exceptions import ApplicationError
from registrations.forms.deadlines import ExtensionForm
from registrations.selectors.deadlines import extensions_with_history
from registrations.services.deadlines import deadline_extension_grant
from registrations.views.review import DepartmentMixin


class ExtensionListView(DepartmentMixin, TemplateView):
    """Every extension of the current campaign with its reason and earlier grants, and the form
    to grant one (``?unit=<id>`` chooses the unit). The Department only; 404 for anyone else."""

    permission_required = "registrations.grant_extension"
    template_name = "registrations/extension_list.html"

    def _render(self, form, status=200):
        context = self.get_context_data(
            campaign=self.campaign,
            form=form,
            extensions=extensions_with_history(self.campaign),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        initial = {}
        unit = request.GET.get("unit", "")
        if unit.isascii() and unit.isdigit():  # "²".isdigit() too, and int() refuses it
            initial["unit"] = int(unit)
        return self._render(ExtensionForm(campaign=self.campaign, initial=initial))

    def post(self, request, *args, **kwargs):
        form = ExtensionForm(request.POST, campaign=self.campaign)
        if not form.is_valid():
            return self._render(form, status=400)
        try:
            extension = deadline_extension_grant(
                campaign=self.campaign,
                unit=form.cleaned_data["unit"],
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(form, status=400)
        messages.success(
            request,
            _("%(unit)s may now send its registration until %(date)s.")
            % {"unit": extension.unit.name, "date": extension.until.strftime("%d/%m/%Y")},
        )
        url = reverse("registrations:extensions")
        if self.named_campaign:
            url += f"?{campaign_query(self.named_campaign)}"
        return redirect(url)
