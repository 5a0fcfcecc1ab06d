"""The Minister's decisions: list, recording, page, PDF and corrections."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from emulation_portal.exceptions import ApplicationError
from units.permissions import may

from ..documents import (
    decision_filename,
    decision_pdf,
)
from ..forms import (
    CorrectionForm,
    DecisionForm,
    DecisionHeaderForm,
)
from ..selectors.decisions import (
    annex_sections,
    decision_get_for_user,
    decision_left_out,
    decision_lines,
    decision_list,
)
from ..selectors.proposals import (
    council_rule,
    decision_preview,
    proposals_ready_for_decision,
)
from ..services.decisions import decision_correct, decision_defaults, decision_issue
from .base import AwardsMixin, WriteMixin


class DecisionMixin(AwardsMixin):
    permission_required = "awards.view_decisions"


class DecisionListView(DecisionMixin, TemplateView):
    template_name = "awards/decision_list.html"

    def get_context_data(self, **kwargs):
        can_issue = may(self.request.user, "awards.issue_decision")
        return super().get_context_data(
            campaign=self.campaign,
            decisions=list(decision_list(user=self.request.user, campaign=self.campaign)),
            can_issue=can_issue,
            n_ready=proposals_ready_for_decision(self.campaign).count() if can_issue else 0,
            **kwargs,
        )


class DecisionCreateView(WriteMixin, DecisionMixin, TemplateView):
    """The Department records the Minister's signed decision on the proposals ready for it."""

    template_name = "awards/decision_form.html"
    write_permission = "awards.issue_decision"

    @cached_property
    def ready(self):
        return proposals_ready_for_decision(self.campaign)

    @cached_property
    def previews(self):
        return decision_preview(self.ready, council_rule(self.campaign).vote_titles)

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            ready = list(self.ready)
            kwargs["form"] = DecisionForm(
                proposals=self.ready,
                previews=self.previews,
                initial={
                    **DecisionHeaderForm.initial_from(decision_defaults(self.campaign)),
                    "proposals": ready,
                },
            )
        return super().get_context_data(campaign=self.campaign, **kwargs)

    def post(self, request, *args, **kwargs):
        form = DecisionForm(request.POST, proposals=self.ready, previews=self.previews)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            decision = decision_issue(
                campaign=self.campaign,
                proposals=list(form.cleaned_data["proposals"]),
                actor=request.user,
                issuing_body=decision_defaults(self.campaign)["issuing_body"],
                place=decision_defaults(self.campaign)["place"],
                **form.decision_fields(),
            )
        except ApplicationError as error:
            self.fail(error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The decision was recorded; its titles are in the history."))
        return redirect(decision.get_absolute_url())


class DecisionObjectMixin(DecisionMixin):
    @cached_property
    def decision(self):
        return decision_get_for_user(user=self.request.user, pk=self.kwargs["pk"])


class DecisionDetailView(DecisionObjectMixin, TemplateView):
    template_name = "awards/decision_detail.html"

    def get_context_data(self, **kwargs):
        lines = decision_lines(self.decision)
        return super().get_context_data(
            decision=self.decision,
            sections=annex_sections(lines),
            n_lines=len(lines),
            left_out=decision_left_out(self.decision),
            corrections=list(self.decision.corrections.order_by("signed_on", "pk")),
            can_correct=may(self.request.user, "awards.issue_decision")
            and any(line.action == "award" and not line.revoked_in for line in lines),
            **kwargs,
        )


class DecisionPdfView(DecisionObjectMixin, View):
    def get(self, request, pk):
        response = HttpResponse(decision_pdf(self.decision), content_type="application/pdf")
        disposition = "inline" if request.GET.get("inline") else "attachment"
        response["Content-Disposition"] = (
            f'{disposition}; filename="{decision_filename(self.decision)}"'
        )
        return response


class DecisionCorrectView(WriteMixin, DecisionObjectMixin, TemplateView):
    """A correction is a new decision that revokes lines of this one; nothing is edited."""

    template_name = "awards/decision_correct.html"
    write_permission = "awards.issue_decision"

    def write_object(self):
        return self.decision

    @cached_property
    def lines(self):
        return [
            line
            for line in decision_lines(self.decision)
            if line.action == "award" and not line.revoked_in
        ]

    def get_context_data(self, **kwargs):
        if "form" not in kwargs:
            defaults = decision_defaults(self.decision.campaign)
            defaults["subject"] = (
                f"Về việc thu hồi danh hiệu thi đua đã tặng tại Quyết định số "
                f"{self.decision.number}"
            )
            defaults["legal_bases"] = list(self.decision.legal_bases)
            kwargs["form"] = CorrectionForm(
                lines=self.lines, initial=DecisionHeaderForm.initial_from(defaults)
            )
        return super().get_context_data(decision=self.decision, **kwargs)

    def post(self, request, *args, **kwargs):
        form = CorrectionForm(request.POST, lines=self.lines)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        chosen = set(form.cleaned_data["lines"])
        try:
            correction = decision_correct(
                decision=self.decision,
                revoke=[line for line in self.lines if line.pk in chosen],
                reason=form.cleaned_data["reason"],
                actor=request.user,
                issuing_body=self.decision.issuing_body,
                place=self.decision.place,
                **form.decision_fields(),
            )
        except ApplicationError as error:
            self.fail(error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The correcting decision was recorded."))
        return redirect(correction.get_absolute_url())
