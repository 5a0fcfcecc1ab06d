"""The staff's titles through Excel: download the template, upload it, preview, confirm."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from emulation_portal.exceptions import ApplicationError
from registrations.imports.mappings import column_mapping_save
from registrations.imports.staff import (
    CONTENT_TYPE,
    staff_import_apply,
    staff_import_discard,
    staff_import_max_bytes,
    staff_import_preview,
    staff_import_stash,
    staff_import_template,
    staff_import_template_filename,
    staff_import_titles,
    staff_import_too_large_message,
    staff_import_unstash,
)
from registrations.imports.staff_layouts import placing_choices
from registrations.services.registrations import registration_version_token
from registrations.views.registrations import EditableRegistrationMixin, findings_context

# Rows of each preview table rendered on the page; the counts above them cover every row.
SHOWN_ROWS = 1000


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": f".xlsx,{CONTENT_TYPE}"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > staff_import_max_bytes():
            raise forms.ValidationError(staff_import_too_large_message())
        return upload


class StaffImportConfirmForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    version = forms.CharField(widget=forms.HiddenInput, max_length=64)


class ImportPagesMixin:
    """The URLs of an Excel import's pages, by URL name; each is reversed with the
    registration's pk."""

    upload_url_name = ""
    template_url_name = ""
    confirm_url_name = ""
    done_url_name = ""

    def import_urls(self) -> dict[str, str]:
        pk = self.registration.pk
        return {
            "upload": reverse(self.upload_url_name, args=[pk]),
            "template": reverse(self.template_url_name, args=[pk]),
            "confirm": reverse(self.confirm_url_name, args=[pk]),
            "back": reverse(self.done_url_name, args=[pk]),
        }


class ImportUploadView(ImportPagesMixin, View):
    """GET: the three steps and the upload form. POST: the upload, checked and previewed;
    nothing is written until the confirmation (``ImportConfirmView``).

    Subclasses give the import's preview and stash functions, its two templates and the
    page's heading."""

    heading = ""
    upload_template = ""
    preview_template = ""

    def preview(self, **kwargs):
        raise NotImplementedError

    def stash(self, **kwargs):
        raise NotImplementedError

    def upload_context(self) -> dict:
        return {}

    def get(self, request, pk):
        return self._upload_page(StaffImportForm())

    def post(self, request, pk):
        form = StaffImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload_page(form, status=400)
        upload = form.cleaned_data["file"]
        return self.preview_page(upload.read(), upload.name)

    def preview_page(self, data: bytes, file_name: str):
        """The preview of ``data``; the file is kept for the confirmation when it can be
        imported, and for the column mapping's correction when it is in the unit's own
        layout."""
        registration = self.registration
        version = registration_version_token(registration)
        preview = self.preview(registration=registration, data=data)
        confirm = remap = None
        can_confirm = preview.is_valid and (
            preview.has_changes or getattr(preview, "to_resolve", False)
        )
        if can_confirm or getattr(preview, "layout", ""):
            token = self.stash(registration=registration, user=self.request.user, data=data)
            if can_confirm:
                confirm = StaffImportConfirmForm(initial={"token": token, "version": version})
            if getattr(preview, "layout", ""):
                remap = {"token": token, "url": self.import_urls().get("remap")}
        context = {
            "registration": registration,
            "preview": preview,
            "confirm": confirm,
            "remap": remap,
            "form": StaffImportForm(),
            "shown_rows": SHOWN_ROWS,
            "file_name": file_name,
            "urls": self.import_urls(),
            "checks_after_import": can_confirm and preview.has_changes,
            **findings_context(getattr(preview, "findings", [])),
        }
        return render(
            self.request, self.preview_template, context, status=200 if preview.is_valid else 400
        )

    def _upload_page(self, form, status=200):
        context = {
            "registration": self.registration,
            "form": form,
            "heading": self.heading,
            "max_megabytes": staff_import_max_bytes() / (1024 * 1024),
            "urls": self.import_urls(),
            **self.upload_context(),
        }
        return render(self.request, self.upload_template, context, status=status)


class StaffImportPagesMixin(ImportPagesMixin):
    upload_url_name = "registrations:import_staff"
    template_url_name = "registrations:import_template"
    confirm_url_name = "registrations:import_confirm"
    done_url_name = "registrations:edit"

    def import_urls(self):
        return {
            **super().import_urls(),
            "remap": reverse("registrations:import_remap", args=[self.registration.pk]),
        }


class StaffImportView(EditableRegistrationMixin, StaffImportPagesMixin, ImportUploadView):
    heading = gettext_lazy("Import the staff's titles from Excel")
    upload_template = "registrations/staff_import.html"
    preview_template = "registrations/staff_import_preview.html"
    preview = staticmethod(staff_import_preview)
    stash = staticmethod(staff_import_stash)

    def upload_context(self):
        return {"titles": staff_import_titles()}


class StaffImportRemapForm(forms.Form):
    """The preview's correction of how each column of the unit's layout is read."""

    token = forms.UUIDField(widget=forms.HiddenInput)
    layout = forms.CharField(widget=forms.HiddenInput, max_length=32)
    file_name = forms.CharField(widget=forms.HiddenInput, max_length=255, required=False)

    def __init__(self, data, *, columns: int):
        super().__init__(data)
        choices = placing_choices(staff_import_titles())
        for index in range(columns):
            self.fields[f"column_{index}"] = forms.ChoiceField(choices=choices, required=False)

    def clean(self):
        cleaned = super().clean()
        chosen = [value for value in self.placing().values() if value]
        if len(chosen) != len(set(chosen)):
            raise forms.ValidationError(_("Two columns cannot hold the same thing."))
        return cleaned

    def placing(self) -> dict[int, str]:
        return {
            int(name.removeprefix("column_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_")
        }


class StaffImportRemapView(StaffImportView):
    """POST only: read the kept upload again with the columns placed as the unit head says,
    and remember that for the unit's layout."""

    http_method_names = ["post"]

    def post(self, request, pk):
        registration = self.registration
        token = _uuid(request.POST.get("token", ""))
        data = (
            staff_import_unstash(registration=registration, user=request.user, token=token)
            if token
            else None
        )
        if not data:
            messages.error(request, _("This upload is no longer kept: upload the file again."))
            return redirect(self.upload_url_name, pk=pk)
        preview = self.preview(registration=registration, data=data)
        form = StaffImportRemapForm(request.POST, columns=len(preview.layout_headers))
        if not form.is_valid() or form.cleaned_data["layout"] != preview.layout:
            reasons = " ".join(form.non_field_errors()) if form.is_bound else ""
            messages.error(
                request,
                _("The columns' reading was not changed: choose again from the lists.")
                + (f" {reasons}" if reasons else ""),
            )
            return self.preview_page(data, request.POST.get("file_name", ""))
        try:
            column_mapping_save(
                registration=registration,
                actor=request.user,
                layout=preview.layout,
                headers=preview.layout_headers,
                placing=form.placing(),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        messages.success(
            request,
            _("The columns are read as you chose; files in this layout will be read so too."),
        )
        return self.preview_page(data, form.cleaned_data["file_name"])


def _uuid(value: str):
    try:
        return forms.UUIDField().clean(value)
    except forms.ValidationError:
        return None


class StaffImportTemplateView(EditableRegistrationMixin, View):
    """The .xlsx template, pre-filled with the unit's staff and the titles they aim for."""

    def get(self, request, pk):
        registration = self.registration
        response = HttpResponse(
            staff_import_template(registration=registration), content_type=CONTENT_TYPE
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True,
            filename=staff_import_template_filename(registration=registration),
        )
        return response


class ImportConfirmView(ImportPagesMixin, View):
    """POST only: apply a previewed upload, all of it or nothing, then forget the file.

    Subclasses name the pages and give the import's stash, apply and discard functions."""

    http_method_names = ["post"]

    def unstash(self, **kwargs):
        raise NotImplementedError

    def apply(self, **kwargs):
        raise NotImplementedError

    def discard(self, **kwargs):
        raise NotImplementedError

    def success_message(self, preview) -> str:
        raise NotImplementedError

    def apply_options(self, request) -> dict:
        """What the confirmation adds to the upload (the staff's import: the people to add)."""
        return {}

    def post(self, request, pk):
        registration = self.registration
        form = StaffImportConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("The confirmation was not valid. Nothing was imported; upload again.")
            )
            return redirect(self.upload_url_name, pk=pk)
        token = form.cleaned_data["token"]
        data = self.unstash(registration=registration, user=request.user, token=token)
        if data is None:
            messages.error(
                request,
                _(
                    "This upload was already imported, or a newer one replaced it. Nothing was "
                    "changed."
                ),
            )
            return redirect(self.upload_url_name, pk=pk)
        try:
            preview = self.apply(
                registration=registration,
                actor=request.user,
                data=data,
                version=form.cleaned_data["version"],
                **self.apply_options(request),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(self.upload_url_name, pk=pk)
        finally:
            self.discard(registration=registration, user=request.user, token=token)
        if preview.has_changes:
            messages.success(request, self.success_message(preview))
        else:
            messages.info(request, _("The file changed nothing."))
        return redirect(self.done_url_name, pk=pk)


class StaffImportConfirmView(EditableRegistrationMixin, StaffImportPagesMixin, ImportConfirmView):
    unstash = staticmethod(staff_import_unstash)
    apply = staticmethod(staff_import_apply)
    discard = staticmethod(staff_import_discard)

    def apply_options(self, request):
        """The people to add (``add_row``) and the namesakes chosen (``choose_<row>``);
        the service keeps only what the preview offered."""
        rows = request.POST.getlist("add_row")
        chosen = {
            int(name.removeprefix("choose_")): int(value)
            for name, value in request.POST.items()
            if name.startswith("choose_")
            and name.removeprefix("choose_").isascii()
            and name.removeprefix("choose_").isdigit()
            and value.isascii()
            and value.isdigit()
        }
        return {
            "add_rows": frozenset(int(row) for row in rows if row.isascii() and row.isdigit()),
            "chosen": chosen,
        }

    def success_message(self, preview):
        message = _(
            "The staff's titles were imported: %(added)s added and %(removed)s removed "
            "for %(people)s people."
        ) % {
            "added": preview.added_count,
            "removed": preview.removed_count,
            "people": preview.people_count,
        }
        if preview.added_to_staff:
            message += " " + ngettext(
                "%(count)s person was added to the unit's staff.",
                "%(count)s people were added to the unit's staff.",
                preview.added_to_staff,
            ) % {"count": preview.added_to_staff}
        return message
