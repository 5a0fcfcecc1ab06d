"""The staff's year-end ratings and discipline through Excel: download the template, upload
it, preview, confirm. Only for whoever may change the year-end facts; everyone else gets 404."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from .services import registration_version_token
from .staff_import import CONTENT_TYPE, staff_import_max_bytes
from .views import RegistrationMixin
from .views_staff_import import (
    SHOWN_ROWS,
    ImportConfirmView,
    StaffImportConfirmForm,
    StaffImportForm,
)
from .year_end_import import (
    year_end_import_apply,
    year_end_import_discard,
    year_end_import_preview,
    year_end_import_stash,
    year_end_import_template,
    year_end_import_template_filename,
    year_end_import_unstash,
)


class YearEndFactsEditMixin(RegistrationMixin):
    """The unit head of an approved registration, as on the year-end page's save."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(
            "registrations.change_year_end_facts", self.registration
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


class YearEndImportView(YearEndFactsEditMixin, View):
    """GET: the upload form. POST: the upload, checked and previewed; nothing is written."""

    def get(self, request, pk):
        return self._upload_page(StaffImportForm())

    def post(self, request, pk):
        form = StaffImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload_page(form, status=400)
        registration = self.registration
        version = registration_version_token(registration)
        data = form.cleaned_data["file"].read()
        preview = year_end_import_preview(registration=registration, data=data)
        confirm = None
        if preview.is_valid and preview.has_changes:
            token = year_end_import_stash(registration=registration, user=request.user, data=data)
            confirm = StaffImportConfirmForm(initial={"token": token, "version": version})
        context = {
            "registration": registration,
            "preview": preview,
            "confirm": confirm,
            "form": StaffImportForm(),
            "shown_rows": SHOWN_ROWS,
            "file_name": form.cleaned_data["file"].name,
        }
        return render(
            request,
            "registrations/year_end_import_preview.html",
            context,
            status=200 if preview.is_valid else 400,
        )

    def _upload_page(self, form, status=200):
        context = {
            "registration": self.registration,
            "form": form,
            "max_megabytes": staff_import_max_bytes() / (1024 * 1024),
        }
        return render(self.request, "registrations/year_end_import.html", context, status=status)


class YearEndImportConfirmView(YearEndFactsEditMixin, ImportConfirmView):
    upload_url_name = "registrations:year_end_import"
    done_url_name = "registrations:year_end"
    unstash = staticmethod(year_end_import_unstash)
    apply = staticmethod(year_end_import_apply)
    discard = staticmethod(year_end_import_discard)

    def success_message(self, preview):
        return _("The ratings and discipline of %(people)s people were imported.") % {
            "people": preview.people_count
        }
