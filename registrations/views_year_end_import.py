"""The staff's year-end ratings and discipline through Excel: download the template, upload
it, preview, confirm. Only for whoever may change the year-end facts; everyone else gets 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from emulation_portal.exceptions import ApplicationError

from .services import registration_version_token
from .staff_import import CONTENT_TYPE, staff_import_max_bytes
from .views import RegistrationMixin
from .views_staff_import import SHOWN_ROWS, StaffImportConfirmForm, StaffImportForm
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


class YearEndImportConfirmView(YearEndFactsEditMixin, View):
    """POST only: apply the previewed upload, all of it or nothing."""

    http_method_names = ["post"]

    def post(self, request, pk):
        registration = self.registration
        form = StaffImportConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("The confirmation was not valid. Nothing was imported; upload again.")
            )
            return redirect("registrations:year_end_import", pk=pk)
        token = form.cleaned_data["token"]
        data = year_end_import_unstash(registration=registration, user=request.user, token=token)
        if data is None:
            messages.error(
                request,
                _(
                    "This upload was already imported, or a newer one replaced it. Nothing was "
                    "changed."
                ),
            )
            return redirect("registrations:year_end_import", pk=pk)
        try:
            preview = year_end_import_apply(
                registration=registration,
                actor=request.user,
                data=data,
                version=form.cleaned_data["version"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("registrations:year_end_import", pk=pk)
        finally:
            year_end_import_discard(registration=registration, user=request.user, token=token)
        if preview.has_changes:
            messages.success(
                request,
                _("The ratings and discipline of %(people)s people were imported.")
                % {"people": preview.people_count},
            )
        else:
            messages.info(request, _("The file changed nothing."))
        return redirect("registrations:year_end", pk=pk)
