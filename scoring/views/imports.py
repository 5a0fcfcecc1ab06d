"""The Excel import of a scoring table's items: upload, preview, confirm, all or nothing."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views import View

from emulation_portal.exceptions import ApplicationError
from units.permissions import may

from ..forms import ScoringImportConfirmForm, ScoringImportForm
from ..imports import (
    CONTENT_TYPE,
    MAX_BYTES,
    scoring_import_apply,
    scoring_import_discard,
    scoring_import_filename,
    scoring_import_preview,
    scoring_import_stash,
    scoring_import_template,
    scoring_import_unstash,
)
from ..services.tables import scoring_table_items_editable, scoring_table_version_token
from .tables import ScoringTableMixin, table_url


class _ImportMixin(ScoringTableMixin):
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        if not may(request.user, "scoring.change_scoring_table", self.table):
            return self.refuse(_("You cannot change this table."))
        if not scoring_table_items_editable(self.table):
            return self.refuse(
                _(
                    "Units have started scoring against this version: its items can no longer "
                    "change. Make a new version instead."
                )
            )
        return super().dispatch(request, *args, **kwargs)


class ScoringImportView(_ImportMixin, View):
    """GET: the steps and the upload form. POST: the upload, checked and previewed."""

    def get(self, request, pk):
        return self._upload_page(ScoringImportForm())

    def post(self, request, pk):
        form = ScoringImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._upload_page(form, status=400)
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_BYTES + 1)
        preview = scoring_import_preview(table=self.table, data=data)
        confirm = None
        if preview.is_valid:
            token = scoring_import_stash(table=self.table, user=request.user, data=data)
            confirm = ScoringImportConfirmForm(
                initial={"token": token, "version": scoring_table_version_token(self.table)}
            )
        context = {
            "table": self.table,
            "group": self.table.group,
            "preview": preview,
            "confirm": confirm,
            "form": ScoringImportForm(),
            "file_name": upload.name,
        }
        return render(
            request,
            "scoring/import_preview.html",
            context,
            status=200 if preview.is_valid else 400,
        )

    def _upload_page(self, form, status=200):
        context = {
            "table": self.table,
            "group": self.table.group,
            "form": form,
            "max_megabytes": MAX_BYTES // (1024 * 1024),
        }
        return render(self.request, "scoring/import.html", context, status=status)


class ScoringImportTemplateView(_ImportMixin, View):
    def get(self, request, pk):
        response = HttpResponse(
            scoring_import_template(table=self.table), content_type=CONTENT_TYPE
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=scoring_import_filename(table=self.table)
        )
        return response


class ScoringImportConfirmView(_ImportMixin, View):
    """POST only: replace the items by the previewed upload, all of them or none."""

    http_method_names = ["post"]

    def post(self, request, pk):
        form = ScoringImportConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("The confirmation was not valid. Nothing was imported; upload again.")
            )
            return redirect("scoring:import", pk=pk)
        token = form.cleaned_data["token"]
        data = scoring_import_unstash(table=self.table, user=request.user, token=token)
        if data is None:
            messages.error(
                request,
                _(
                    "This upload was already imported, or a newer one replaced it. Nothing was "
                    "changed."
                ),
            )
            return redirect("scoring:import", pk=pk)
        try:
            preview = scoring_import_apply(
                table=self.table,
                actor=request.user,
                data=data,
                version=form.cleaned_data["version"],
            )
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("scoring:import", pk=pk)
        finally:
            scoring_import_discard(table=self.table, user=request.user, token=token)
        messages.success(
            request,
            _("The scoring table now holds the %(count)s items of the file.")
            % {"count": len(preview.rows)},
        )
        return redirect(table_url(self.table))
