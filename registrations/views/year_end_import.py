"""The staff's year-end ratings and discipline through Excel: download the template, upload
it, preview, confirm. Only for whoever may change the year-end facts; everyone else gets 404."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from registrations.imports.staff import CONTENT_TYPE
from registrations.imports.year_end import (
    year_end_import_apply,
    year_end_import_discard,
    year_end_import_preview,
    year_end_import_stash,
    year_end_import_template,
    year_end_import_template_filename,
    year_end_import_unstash,
)
from registrations.views.registrations import RegistrationMixin
from registrations.views.staff_import import ImportConfirmView, ImportPagesMixin, ImportUploadView
from units.permissions import may


class YearEndFactsEditMixin(RegistrationMixin):
    """The unit head of an approved registration, as on the year-end page's save."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(
            request.user, "registrations.change_year_end_facts", self.registration
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class YearEndTemplateView(YearEndFactsEditMixin, View):
    """The .xlsx template, pre-filled with the unit's staff and their year's facts."""

    http_method_names = ["get"]

    def get(self, request, pk):
        registration = self.registration
        response = HttpResponse(
            year_end_import_template(registration=registration), content_type=CONTENT_TYPE
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True,
            filename=year_end_import_template_filename(registration=registration),
        )
        return response


class YearEndImportPagesMixin(ImportPagesMixin):
    upload_url_name = "registrations:year_end_import"
    template_url_name = "registrations:year_end_template"
    confirm_url_name = "registrations:year_end_import_confirm"
    done_url_name = "registrations:year_end"


class YearEndImportView(YearEndFactsEditMixin, YearEndImportPagesMixin, ImportUploadView):
    heading = gettext_lazy("Import ratings and discipline from Excel")
    upload_template = "registrations/year_end_import.html"
    preview_template = "registrations/year_end_import_preview.html"
    preview = staticmethod(year_end_import_preview)
    stash = staticmethod(year_end_import_stash)


class YearEndImportConfirmView(YearEndFactsEditMixin, YearEndImportPagesMixin, ImportConfirmView):
    unstash = staticmethod(year_end_import_unstash)
    apply = staticmethod(year_end_import_apply)
    discard = staticmethod(year_end_import_discard)

    def success_message(self, preview):
        return _("The ratings and discipline of %(people)s people were imported.") % {
            "people": preview.people_count
        }
