"""The Department's side: the review queue, assigning units to specialists, the review page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from campaigns.switch import (
    CAMPAIGN_PARAM,
    campaign_from_request,
    campaign_is_named,
    campaign_query,
)
from emulation_portal.exceptions import ApplicationError
from emulation_portal.workbooks import queryset_workbook_response
from registrations.forms.registrations import ReviewForm
from registrations.selectors.queue import (
    STATUS_CHOICES,
    ReviewQueueFilter,
    reviewers,
    units_for_review,
)
from registrations.selectors.registrations import (
    content_changes,
    registration_content_snapshot,
    registration_findings,
    registration_submissions,
    saved_content_facts,
    sub_unit_aims,
    unit_collective_aims,
)
from registrations.services.registrations import registration_transition, reviewer_assign
from registrations.views.registrations import RegistrationMixin, findings_context
from units.permissions import may
from units.roles import actor_for, display_name

from ..resources import QueueResource
from ..workflow import Status

PAGE_SIZE = 25


class DepartmentMixin(LoginRequiredMixin):
    """The Department's pages: readers (the Department and the Minister) only, 404 otherwise."""

    permission_required = "registrations.view_queue"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, self.permission_required):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def campaign(self):
        campaign = campaign_from_request(self.request)
        if campaign is None:
            raise Http404
        return campaign

    @cached_property
    def named_campaign(self):
        return self.campaign if campaign_is_named(self.request) else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(named_campaign=self.named_campaign, **kwargs)


class ReviewQueueView(DepartmentMixin, TemplateView):
    """Every unit with its registration and results; a specialist opens on their own units."""

    template_name = "registrations/review_queue.html"

    def get_filter_data(self):
        if set(self.request.GET) - {CAMPAIGN_PARAM}:
            return self.request.GET
        data = self.request.GET.copy()
        data["status"] = Status.SUBMITTED
        if actor_for(self.request.user).is_reviewer:
            data["reviewer"] = str(self.request.user.pk)
        return data

    def get(self, request, *args, **kwargs):
        data = self.get_filter_data()
        queue = ReviewQueueFilter(
            data, queryset=units_for_review(self.campaign).order_by("submitted_at", "name")
        )
        if request.GET.get("format") == "xlsx":
            return queryset_workbook_response(
                QueueResource(), queue.qs, f"hang-doi-tham-dinh-{self.campaign.year}.xlsx"
            )
        page = Paginator(queue.qs, PAGE_SIZE).get_page(request.GET.get("page"))
        names = {user.pk: display_name(user) for user in reviewers()}
        labels = dict(STATUS_CHOICES)
        for unit in page:
            unit.reviewer_name = names.get(unit.reviewer_id, "")
            unit.registration_label = labels[unit.registration_status]
            unit.six_month_label = labels[unit.six_month_status]
            unit.year_end_label = labels[unit.year_end_status]
        query = data.copy()
        query.pop("page", None)
        return self.render_to_response(
            self.get_context_data(
                campaign=self.campaign,
                queue=queue,
                page=page,
                query=query.urlencode(),
                reviewers=reviewers(),
                can_assign=may(request.user, "registrations.assign_reviewer"),
                mine=data.get("reviewer") == str(request.user.pk),
            )
        )


class ReviewerAssignView(DepartmentMixin, View):
    """POST only: give the ticked units to one specialist."""

    http_method_names = ["post"]
    permission_required = "registrations.assign_reviewer"

    def post(self, request):
        # Ids that are not numbers name nobody (a forged form is refused, not a 500).
        reviewer_id = request.POST.get("reviewer", "")
        unit_ids = [
            pk for pk in request.POST.getlist("units")[:500] if pk.isascii() and pk.isdigit()
        ]
        reviewer = (
            reviewers().filter(pk=reviewer_id).first()
            if reviewer_id.isascii() and reviewer_id.isdigit()
            else None
        )
        units = list(units_for_review(self.campaign).filter(pk__in=unit_ids))
        if reviewer is None or not units:
            messages.error(request, _("Tick at least one unit and choose a reviewer."))
        else:
            try:
                changed = reviewer_assign(
                    campaign=self.campaign, units=units, reviewer=reviewer, actor=request.user
                )
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("%(count)d units were given to %(name)s.")
                    % {"count": changed, "name": display_name(reviewer)},
                )
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("registrations:queue")
            if self.named_campaign:
                back += f"?{campaign_query(self.named_campaign)}"
        return redirect(back)


class RegistrationReviewView(DepartmentMixin, RegistrationMixin, TemplateView):
    """The whole submission as the unit sees it, its rule checks, history and earlier
    versions side by side; approve or return (POST, through the one state machine)."""

    template_name = "registrations/registration_review.html"

    @cached_property
    def people(self):
        """(person, [titles]) for each member of staff with an individual title."""
        people = {}
        for aim in self.registration.individual_titles.all():
            people.setdefault(aim.person_id, (aim.person, []))[1].append(aim.title)
        return list(people.values())

    def _form(self, data=None):
        return ReviewForm(
            data,
            registration=self.registration,
            people=[person for person, _titles in self.people],
        )

    def get_context_data(self, **kwargs):
        registration = self.registration
        form = kwargs.pop("form", None) or self._form()
        submissions = registration_submissions(registration.events.all())
        current = (
            submissions[0].snapshot
            if registration.status == Status.SUBMITTED and submissions
            else registration_content_snapshot(registration)
        )
        earlier = [event for event in submissions if event.snapshot][1:]
        if registration.status != Status.SUBMITTED:
            earlier = [event for event in submissions if event.snapshot]
        compared = next(
            (e for e in earlier if str(e.pk) == self.request.GET.get("so_voi")),
            earlier[0] if earlier else None,
        )
        people = self.people
        can_review = may(self.request.user, "registrations.review_registration", registration)
        for target in registration.targets.all():
            target.comment_field = form[f"comment_target_{target.pk}"]
        for initiative in registration.initiatives.all():
            initiative.comment_field = form[f"comment_initiative_{initiative.pk}"]
        return super().get_context_data(
            registration=registration,
            form=form,
            people=people,
            unit_aims=unit_collective_aims(registration),
            sub_unit_aims=sub_unit_aims(registration),
            people_list=form.render_people(people, can_review=can_review),
            can_review=can_review,
            submissions=submissions,
            earlier=earlier,
            compared=compared,
            changes=content_changes(compared.snapshot, current) if compared else None,
            **findings_context(
                registration_findings(registration, **saved_content_facts(registration))
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        registration = self.registration
        form = self._form(request.POST)
        if not form.is_valid():
            messages.error(request, _("Nothing was done: check the comment."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        approve = form.cleaned_data["action"] == ReviewForm.APPROVE
        try:
            registration_transition(
                registration=registration,
                to=Status.APPROVED if approve else Status.RETURNED,
                actor=request.user,
                note=form.cleaned_data["note"],
                item_comments=() if approve else form.item_comments(),
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            message = (
                _("The registration of %(unit)s was approved.")
                if approve
                else _("The registration of %(unit)s was returned with your comments.")
            )
            messages.success(request, message % {"unit": registration.unit.name})
        return redirect("registrations:review", pk=registration.pk)
