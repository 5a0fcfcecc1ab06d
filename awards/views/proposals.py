"""The units' proposals: list, start, page, editor and the moves of the state machine."""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from criteria.eligibility import ERROR
from emulation_portal.exceptions import ApplicationError
from units.models import Rating
from units.permissions import may
from units.roles import actor_for
from units.selectors import unit_of_user

from ..forms import (
    ForwardForm,
    ProposalItemsForm,
    ReturnForm,
)
from ..selectors.proposals import (
    approved_registration,
    council_rule,
    item_outcomes,
    proposal_candidates,
    proposal_facts,
    proposal_findings,
    proposal_get_for_user,
    proposal_list,
    proposal_of_unit,
    proposal_status_counts,
)
from ..services.proposals import (
    proposal_forward,
    proposal_return,
    proposal_save_items,
    proposal_start,
    proposal_submit,
)
from ..workflow import ProposalStatus
from .base import AwardsMixin

PROPOSALS_PER_PAGE = 25


class ProposalListView(AwardsMixin, TemplateView):
    """Readers: every unit's proposal with filters. A unit head: the unit's own, or the button
    that starts it from the approved registration."""

    template_name = "awards/proposal_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        actor = actor_for(user)
        status = self.request.GET.get("status", "")
        status = status if status in ProposalStatus.values else ""
        text = self.request.GET.get("q", "").strip()[:100]
        proposals = proposal_list(user=user, campaign=self.campaign, status=status, text=text)
        page = Paginator(proposals, PROPOSALS_PER_PAGE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context = {
            "campaign": self.campaign,
            "proposals": page,
            "page": page,
            "query": query.urlencode(),
            "statuses": ProposalStatus.choices,
            "status": status,
            "q": text,
            "is_unit_head": actor.is_unit_head,
        }
        if actor.is_unit_head:
            context["own"] = proposal_of_unit(campaign=self.campaign, unit_id=actor.unit_id)
            context["can_start"] = context["own"] is None and (
                approved_registration(campaign=self.campaign, unit_id=actor.unit_id) is not None
            )
        else:
            counts = proposal_status_counts(user=user, campaign=self.campaign)
            context["status_counts"] = [
                (value, label, counts.get(value, 0)) for value, label in ProposalStatus.choices
            ]
        return super().get_context_data(**context, **kwargs)


class ProposalStartView(AwardsMixin, View):
    """POST only: the unit head starts the unit's proposal from its approved registration."""

    http_method_names = ["post"]

    def post(self, request):
        try:
            proposal = proposal_start(
                campaign=self.campaign, unit=unit_of_user(request.user), actor=request.user
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            self.fail(error)
            return redirect("awards:proposals")
        return redirect("awards:proposal_edit", pk=proposal.pk)


class ProposalMixin(AwardsMixin):
    @cached_property
    def proposal(self):
        return proposal_get_for_user(user=self.request.user, pk=self.kwargs["pk"])


def _findings_context(findings) -> dict:
    errors = [finding for finding in findings if finding.severity == ERROR]
    return {
        "findings": findings,
        "finding_errors": errors,
        "finding_warnings": [finding for finding in findings if finding.severity != ERROR],
    }


class ProposalDetailView(ProposalMixin, TemplateView):
    """The proposal: its titles by person with what became of each (ballot, decision), the
    year-end rule checks with their legal sources, the history and the allowed actions."""

    template_name = "awards/proposal_detail.html"

    def get_context_data(self, **kwargs):
        proposal = self.proposal
        user = self.request.user
        rule = council_rule(proposal.campaign)
        items = list(proposal.items.all())
        outcomes = item_outcomes(items, rule.vote_titles)
        facts = proposal_facts(proposal)
        findings = proposal_findings(proposal, facts=facts)
        ratings = dict(Rating.choices)
        with_errors = {f.person_id for f in findings if f.severity == ERROR and f.person_id}
        collective = [o for o in outcomes if o.item.person_id is None]
        people = defaultdict(list)
        for outcome in outcomes:
            if outcome.item.person_id is not None:
                people[outcome.item.person].append(outcome)
        return super().get_context_data(
            proposal=proposal,
            rule=rule,
            collective=collective,
            people=[
                (
                    person,
                    people[person],
                    person.pk in with_errors,
                    ratings.get(facts.people[person.pk].rating, "")
                    if person.pk in facts.people
                    else "",
                )
                for person in sorted(
                    people,
                    key=lambda p: (p.pk not in with_errors, not p.is_unit_head, p.full_name, p.pk),
                )
            ],
            can_view_council=may(user, "awards.view_council"),
            can_record_facts=may(
                user, "registrations.change_year_end_facts", proposal.registration
            ),
            can_edit=may(user, "awards.change_proposal", proposal),
            can_submit=may(user, "awards.submit_proposal", proposal),
            can_review=may(user, "awards.review_proposal", proposal),
            return_form=ReturnForm(),
            forward_form=ForwardForm(),
            last_return=next(
                (e for e in proposal.events.all() if e.to_status == ProposalStatus.RETURNED),
                None,
            )
            if proposal.status == ProposalStatus.RETURNED
            else None,
            **_findings_context(findings),
            **kwargs,
        )


class ProposalEditView(ProposalMixin, TemplateView):
    """The unit head ticks, among the titles of the approved registration, those now claimed."""

    template_name = "awards/proposal_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(
            request.user, "awards.change_proposal", self.proposal
        ):
            if may(request.user, "awards.view_proposal", self.proposal):
                if actor_for(request.user).heads(self.proposal.unit_id):
                    message = _("This proposal cannot be changed in its status.")
                else:
                    message = _("Only the head of the unit can change its proposal.")
                messages.info(request, message)
                return redirect(self.proposal.get_absolute_url())
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        candidates = proposal_candidates(self.proposal.registration, self.proposal)
        return ProposalItemsForm(
            data, candidates=candidates, initial={"summary": self.proposal.summary}
        )

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", self.form())
        return super().get_context_data(proposal=self.proposal, **kwargs)

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            proposal_save_items(
                proposal=self.proposal,
                collective_title_ids=form.cleaned_data["collective"],
                person_title_ids=form.person_titles(),
                summary=form.cleaned_data["summary"],
                actor=request.user,
            )
        except ApplicationError as error:
            self.fail(error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("The proposal was saved."))
        return redirect(self.proposal.get_absolute_url())


class ProposalActionView(ProposalMixin, View):
    """POST only: one move of the proposal through the one state machine. The service checks
    the move and the permission; a refused move is explained, a forbidden actor gets a 403."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        proposal = self.proposal
        try:
            self.perform(proposal)
        except ApplicationError as error:
            self.fail(error)
        else:
            messages.success(request, self.success_message())
        return redirect(proposal.get_absolute_url())


class ProposalSubmitView(ProposalActionView):
    def success_message(self):
        return _("The proposal was sent to the Department.")

    def perform(self, proposal):
        proposal_submit(proposal=proposal, actor=self.request.user)


class DepartmentProposalActionView(ProposalActionView):
    """The Department's moves: anyone else gets a 404, even on the unit's own proposal."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "awards.issue_decision"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ProposalReturnView(DepartmentProposalActionView):
    def success_message(self):
        return _("The proposal was returned to the unit.")

    def perform(self, proposal):
        proposal_return(
            proposal=proposal, actor=self.request.user, note=self.request.POST.get("note", "")
        )


class ProposalForwardView(DepartmentProposalActionView):
    def success_message(self):
        return _("The proposal was forwarded to the council.")

    def perform(self, proposal):
        proposal_forward(
            proposal=proposal, actor=self.request.user, note=self.request.POST.get("note", "")
        )
