"""The staff's past titles and yearly ratings from the unit's own list (issue 16): the unit
head uploads it from the unit's page, checks the preview (rows read, people found, rows
refused with their Excel row and reason) and confirms; nothing is written before, and
nothing at all while a row is refused. The Department loads the same files with
``manage.py import_list``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from emulation_portal.exceptions import ApplicationError
from registrations.imports.history import (
    HISTORY_KINDS,
    HISTORY_PERMISSION,
    RATINGS,
    TITLES_HISTORY,
    history_import_apply,
    history_import_discard,
    history_import_preview,
    history_import_stash,
    history_import_unstash,
    history_version_token,
)
from registrations.imports.lists import recognise_kind
from registrations.imports.staff import staff_import_max_bytes
from registrations.views.staff_import import SHOWN_ROWS, StaffImportConfirmForm, StaffImportForm
from units.permissions import may
from units.selectors import unit_of_user

KIND_CHOICES = (
    ("", gettext_lazy("Recognised from the file's columns")),
    (TITLES_HISTORY, gettext_lazy("Titles held in past years")),
    (RATINGS, gettext_lazy("Yearly ratings and discipline")),
)


class HistoryImportForm(StaffImportForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("What the list holds"), choices=KIND_CHOICES, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = gettext_lazy("The unit's list (.xlsx)")


class HistoryImportConfirmForm(StaffImportConfirmForm):
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False, widget=forms.HiddenInput)


class HistoryImportMixin(LoginRequiredMixin):
    """The head of the unit, on the unit's own staff; 404 for anyone else."""

    @cached_property
    def unit(self):
        unit = unit_of_user(self.request.user)
        if not may(self.request.user, HISTORY_PERMISSION, unit):
            raise Http404
        return unit

    def urls(self) -> dict[str, str]:
        return {
            "upload": reverse("units:history_import"),
            "confirm": reverse("units:history_import_confirm"),
            "back": reverse("units:my_unit"),
        }


def _kind(chosen: str, data: bytes) -> str | None:
    kind = chosen or recognise_kind(data)
    return kind if kind in HISTORY_KINDS else None


class HistoryImportView(HistoryImportMixin, View):
    """GET: what the list may hold and the upload form. POST: the upload, checked and
    previewed; nothing is written until the confirmation."""

    def get(self, request):
        return self._upload_page(HistoryImportForm())

    def post(self, request):
        form = HistoryImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload_page(form, status=400)
        data = form.cleaned_data["file"].read()
        kind = _kind(form.cleaned_data["kind"], data)
        if kind is None:
            form.add_error(
                "kind",
                _(
                    "The file was not recognised as a list of past titles or of yearly ratings: "
                    "choose what it holds, or check its column headers."
                ),
            )
            return self._upload_page(form, status=400)
        version = history_version_token(self.unit)
        preview = history_import_preview(unit=self.unit, data=data, kind=kind)
        confirm = None
        if preview.is_valid and preview.has_changes:
            token = history_import_stash(unit=self.unit, user=request.user, data=data)
            confirm = HistoryImportConfirmForm(
                initial={"token": token, "version": version, "kind": kind}
            )
        context = {
            "unit": self.unit,
            "preview": preview,
            "confirm": confirm,
            "form": HistoryImportForm(initial={"kind": form.cleaned_data["kind"]}),
            "shown_rows": SHOWN_ROWS,
            "file_name": form.cleaned_data["file"].name,
            "urls": self.urls(),
        }
        return render(
            request,
            "units/history_import_preview.html",
            context,
            status=200 if preview.is_valid else 400,
        )

    def _upload_page(self, form, status=200):
        context = {
            "unit": self.unit,
            "form": form,
            "max_megabytes": staff_import_max_bytes() / (1024 * 1024),
            "urls": self.urls(),
        }
        return render(self.request, "units/history_import.html", context, status=status)


class HistoryImportConfirmView(HistoryImportMixin, View):
    """POST only: write a previewed upload, all of it or nothing, then forget the file."""

    http_method_names = ["post"]

    def post(self, request):
        unit = self.unit
        form = HistoryImportConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("The confirmation was not valid. Nothing was imported; upload again.")
            )
            return redirect("units:history_import")
        token = form.cleaned_data["token"]
        data = history_import_unstash(unit=unit, user=request.user, token=token)
        if data is None:
            messages.error(
                request,
                _(
                    "This upload was already imported, or a newer one replaced it. Nothing was "
                    "changed."
                ),
            )
            return redirect("units:history_import")
        try:
            kind = _kind(form.cleaned_data["kind"], data)
            if kind is None:
                raise ApplicationError(
                    _("The confirmation was not valid. Nothing was imported; upload again.")
                )
            preview = history_import_apply(
                unit=unit,
                actor=request.user,
                data=data,
                kind=kind,
                version=form.cleaned_data["version"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("units:history_import")
        finally:
            history_import_discard(unit=unit, user=request.user, token=token)
        if preview.has_changes:
            messages.success(
                request,
                _("The staff's history was imported: %(count)s records added or changed.")
                % {"count": preview.new_count},
            )
        else:
            messages.info(request, _("The file changed nothing."))
        return redirect("units:my_unit")
