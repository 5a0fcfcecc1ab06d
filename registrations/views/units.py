"""The pages that show units with their registrations: a unit head's own page (the open
campaign and where the unit's registration stands) and the blocs' and clusters' pages (their
members and where their registrations stand). Served under the units' URLs (``units:``)."""

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from campaigns.letter import letter_context
from campaigns.selectors import campaign_current, campaign_with_letter, campaigns_open_for_unit
from registrations.selectors.deadlines import UNSENT, unit_deadline
from registrations.selectors.groups import group_members, groups_overview
from registrations.selectors.notices import notices_for_user, unread_notice_count
from registrations.services.notices import notice_mark_read
from units.group_selectors import group_get_for_user, group_rotation, groups_year
from units.models import GroupKind, GroupMembership, GroupRole
from units.permissions import may
from units.selectors import unit_of_user

from ..models import Notice, Registration


@dataclass(frozen=True)
class OpenCampaign:
    """One launched campaign addressing the unit, with where the unit's registration stands."""

    campaign: object
    registration: Registration | None
    deadline: object


class MyUnitView(LoginRequiredMixin, TemplateView):
    """A unit head's landing page: every launched campaign that addresses the unit (the yearly
    one first and in full, then the thematic ones by their window), where the unit's
    registration for each stands, and the unit's notices."""

    template_name = "units/my_unit.html"

    def get_context_data(self, **kwargs):
        unit = unit_of_user(self.request.user)
        campaigns = campaigns_open_for_unit(unit)
        registrations = {
            registration.campaign_id: registration
            for registration in Registration.objects.filter(
                unit=unit, campaign__in=[c.pk for c in campaigns]
            )
        }
        campaign = registration = letter = membership = None
        if campaigns:
            campaign = campaign_with_letter().get(pk=campaigns[0].pk)
            letter = letter_context(campaign)
            registration = registrations.get(campaign.pk)
            membership = (
                GroupMembership.objects.filter(unit=unit, year=campaign.year)
                .select_related("group")
                .first()
            )
        others = [
            OpenCampaign(other, registrations.get(other.pk), unit_deadline(other, unit))
            for other in campaigns[1:]
        ]
        return super().get_context_data(
            unit=unit,
            campaign=campaign,
            letter=letter,
            registration=registration,
            membership=membership,
            deadline=unit_deadline(campaign, unit) if campaign else None,
            other_campaigns=others,
            notices=notices_for_user(self.request.user),
            # The page reads the count afresh (the badge elsewhere may be a minute old).
            unread_notices=unread_notice_count(self.request.user, fresh=True),
            **kwargs,
        )


class NoticeReadView(LoginRequiredMixin, View):
    """POST only: the recipient marks a notice read; anyone else gets a 404."""

    http_method_names = ["post"]

    def post(self, request, pk):
        notice = get_object_or_404(Notice, pk=pk)
        if not may(request.user, "registrations.read_notice", notice):
            raise Http404
        try:
            notice_mark_read(notice=notice, actor=request.user)
        except PermissionDenied as exc:
            raise Http404 from exc
        return redirect("units:my_unit")


class GroupsMixin(LoginRequiredMixin):
    @cached_property
    def campaign(self):
        return campaign_current()

    @cached_property
    def year(self):
        year = groups_year(self.campaign)
        if year is None:
            raise Http404
        return year


class GroupListView(GroupsMixin, TemplateView):
    """The blocs and clusters of the campaign's year: head, deputy, members and where their
    registrations stand. The Department and the Minister only; 404 for anyone else."""

    template_name = "units/group_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, "units.view_groups"):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        by_kind = groups_overview(
            year=self.year, campaign=self.campaign, today=timezone.localdate()
        )
        return super().get_context_data(
            campaign=self.campaign,
            year=self.year,
            sections=[
                (GroupKind.BLOC, _("Emulation blocs"), by_kind.get(GroupKind.BLOC, [])),
                (GroupKind.CLUSTER, _("Emulation clusters"), by_kind.get(GroupKind.CLUSTER, [])),
            ],
            **kwargs,
        )


class GroupDetailView(GroupsMixin, TemplateView):
    """One bloc or cluster: its members with their registration's status (late ones marked),
    head and deputy of the year and their rotation over the years. Readers see every group, a
    unit head only their own unit's group, read only."""

    template_name = "units/group_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        group = group_get_for_user(user=user, pk=self.kwargs["pk"], year=self.year)
        today = timezone.localdate()
        members = group_members(group=group, year=self.year, campaign=self.campaign, today=today)
        counts = Counter(getattr(member, "registration_status", "") for member in members)
        leaders = {member.role: member.unit for member in members}
        return super().get_context_data(
            group=group,
            campaign=self.campaign,
            year=self.year,
            members=members,
            head=leaders.get(GroupRole.HEAD),
            deputy=leaders.get(GroupRole.DEPUTY),
            n_sent=sum(n for status, n in counts.items() if status not in UNSENT),
            n_approved=counts.get("approved", 0),
            n_late=sum(1 for member in members if member.is_late),
            rotation=group_rotation(group),
            can_open_registrations=may(user, "units.view_groups"),
            **kwargs,
        )
