"""Six-month and year-end results: start, fill in, attach evidence, submit; thin views."""

import unicodedata
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from emulation_portal.exceptions import ApplicationError
from registrations.forms.results import ResultsForm
from registrations.selectors.registrations import registrations_visible_to
from registrations.selectors.results import (
    evidence_get_for_user,
    report_content,
    report_get_for_user,
)
from registrations.services.results import (
    evidence_delete,
    report_save_draft,
    report_start,
    report_transition,
    report_version_token,
)
from units.permissions import may
from units.roles import actor_for

from ..models import Period
from ..workflow import Status


def _evidence_url(report) -> str:
    return f"{report.get_absolute_url()}#evidence"


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the real (Vietnamese) name per RFC 5987/6266."""
    ascii_name = (
        unicodedata.normalize("NFKD", filename.replace("đ", "d").replace("Đ", "D"))
        .encode("ascii", "ignore")
        .decode()
        .replace("\\", "_")
        .replace('"', "_")
    ) or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=utf-8''{quote(filename)}"


class ReportStartView(LoginRequiredMixin, View):
    """POST only: the unit head opens (or reopens) the results of a period."""

    http_method_names = ["post"]

    def post(self, request, pk, period):
        if period not in Period.values:
            raise Http404
        registration = registrations_visible_to(user=request.user).filter(pk=pk).first()
        if registration is None:
            raise Http404
        try:
            report = report_start(registration=registration, period=period, actor=request.user)
        except PermissionDenied:
            messages.error(request, _("Only the head of the unit can report its results."))
            return redirect(registration)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(registration)
        return redirect(report)


class ReportMixin(LoginRequiredMixin):
    @cached_property
    def report(self):
        return report_get_for_user(user=self.request.user, pk=self.kwargs["pk"])


class ReportView(ReportMixin, TemplateView):
    """The results page: a form while the unit may change them, read-only otherwise."""

    template_name = "registrations/report_form.html"

    def _form(self, data=None, files=None):
        report = self.report
        content = report_content(report)
        initial = {"version": report_version_token(report), "summary": report.summary}
        for row in content.targets:
            initial[f"actual_{row.id}"] = row.actual_value
            initial[f"assessment_{row.id}"] = row.assessment
        for row in content.initiatives:
            initial[f"status_{row.id}"] = row.status
            initial[f"note_{row.id}"] = row.note
        return ResultsForm(data, files, content=content, initial=initial)

    def _render(self, form, status=200):
        report = self.report
        user = self.request.user
        opens_on, due_on = report.window
        context = self.get_context_data(
            report=report,
            registration=report.registration,
            form=form,
            content=form.content,
            can_edit=may(user, "registrations.change_report", report),
            can_submit=may(user, "registrations.submit_report", report),
            can_review=may(user, "registrations.review_report", report),
            opens_on=opens_on,
            due_on=due_on,
            decimal_separator=get_format("DECIMAL_SEPARATOR"),
        )
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self._render(self._form())

    def post(self, request, *args, **kwargs):
        report = self.report
        if not may(request.user, "registrations.change_report", report):
            if actor_for(request.user).heads(report.registration.unit_id):
                message = _("These results are “%(status)s” and can no longer be changed.") % {
                    "status": report.get_status_display()
                }
            else:
                message = _("Only the head of the unit can report its results.")
            messages.error(request, message)
            return redirect(report)
        form = self._form(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Some fields are not valid. Nothing was saved."))
            if request.FILES.get("attachment"):
                messages.error(request, _("Correct them, then choose the file to attach again."))
            return self._render(form, status=400)
        try:
            saved = report_save_draft(
                report=report,
                actor=request.user,
                version=form.cleaned_data["version"],
                target_results=form.target_results(),
                initiative_results=form.initiative_results(),
                summary=form.cleaned_data["summary"],
                attachment=form.cleaned_data["attachment"],
                attachment_description=form.cleaned_data["attachment_description"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect(report)
        messages.success(request, _("The results were saved as a draft."))
        if saved.evidence:
            messages.success(
                request, _("“%(name)s” was attached.") % {"name": saved.evidence.original_name}
            )
        elif saved.attachment_refused:
            messages.error(
                request, " ".join([_("The file was not attached."), saved.attachment_refused])
            )
        elif "attach" in request.POST:
            messages.warning(request, _("Choose a file to attach, then press “Attach”."))
        if "attach" in request.POST or form.cleaned_data["attachment"]:
            return redirect(_evidence_url(report))
        return redirect(report)


class ReportSubmitView(ReportMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            report_transition(report=self.report, to=Status.SUBMITTED, actor=request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The results were sent to the Department."))
        return redirect(self.report)


class EvidenceDeleteView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        evidence = evidence_get_for_user(user=request.user, pk=pk)
        try:
            evidence_delete(evidence=evidence, actor=request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("“%(name)s” was removed.") % {"name": evidence.original_name}
            )
        return redirect(_evidence_url(evidence.report))


class EvidenceDownloadView(LoginRequiredMixin, View):
    """The stored file, only to those who may see its report; never guessed by the browser."""

    http_method_names = ["get", "head"]

    def get(self, request, pk):
        evidence = evidence_get_for_user(user=request.user, pk=pk)
        if not may(request.user, "registrations.view_report", evidence.report):
            raise Http404
        try:
            handle = evidence.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        response = FileResponse(handle, content_type=evidence.content_type)
        response["Content-Disposition"] = content_disposition(evidence.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class ReportReviewView(ReportMixin, View):
    """POST only: the Department approves the results, or returns them with a comment."""

    http_method_names = ["post"]

    def post(self, request, pk):
        approve = request.POST.get("action") == "approve"
        try:
            report_transition(
                report=self.report,
                to=Status.APPROVED if approve else Status.RETURNED,
                actor=request.user,
                note=request.POST.get("note", "")[:5000],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The results were approved.")
                if approve
                else _("The results were returned with your comment."),
            )
        return redirect(self.report)
