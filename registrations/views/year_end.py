"""The unit head enters the year-end facts the proposals' rule checks read."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from emulation_portal.exceptions import ApplicationError
from registrations.forms.year_end import YearEndFactsForm
from registrations.services.registrations import registration_version_token
from registrations.services.year_end import year_end_facts_save, year_end_staff
from registrations.views.registrations import RegistrationMixin
from units.permissions import may

from ..models import Initiative


class YearEndFactsView(RegistrationMixin, TemplateView):
    """Ratings, discipline and recognised initiatives for the campaign's year."""

    template_name = "registrations/year_end_facts.html"

    def _form(self, data=None):
        registration = self.registration
        return YearEndFactsForm(
            data,
            staff=year_end_staff(registration),
            initiatives=list(
                Initiative.objects.filter(registration=registration).prefetch_related("authors")
            ),
            initial={"version": registration_version_token(registration)},
        )

    def _render(self, form, status=200):
        registration = self.registration
        context = self.get_context_data(
            registration=registration,
            form=form,
            can_edit=may(self.request.user, "registrations.change_year_end_facts", registration),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self._render(self._form())

    def post(self, request, *args, **kwargs):
        if not may(request.user, "registrations.change_year_end_facts", self.registration):
            raise Http404
        form = self._form(request.POST)
        if not form.is_valid():
            messages.error(request, _("Some fields are not valid. Nothing was saved."))
            return self._render(form, status=400)
        try:
            changed = year_end_facts_save(
                registration=self.registration,
                actor=request.user,
                version=form.cleaned_data["version"],
                people=form.people(),
                initiatives=form.initiative_values(),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return self._render(self._form(request.POST), status=400)
        messages.success(
            request, _("The year-end facts were saved (%(count)d changes).") % {"count": changed}
        )
        return redirect("registrations:year_end", pk=self.registration.pk)
